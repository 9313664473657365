"""Every source's answer as a Crossref-shaped record, so one comparison serves all.

``refcheck.crossref.compare`` already knows how a printed reference differs from a
catalogue record without either being wrong (subtitles, HTML, online-first years,
abbreviated journals, first-page-only records). Rather than a second comparison per
source, each source module turns its answer into a record of the same shape —
``title`` and ``container-title`` as lists, ``author`` as ``{family, given}``,
``issued`` as ``date-parts`` — and the comparison runs unchanged. A few fields are
refcheck's own, prefixed ``refcheck-``:

- ``refcheck-source``: which source said so (``dblp``), for messages;
- ``refcheck-id``: the source's id of the work (``conf/nips/VaswaniSPUJGKP17``);
- ``refcheck-venue``: the venue as the source prints it (DBLP's ``NeurIPS``);
- ``refcheck-years``: further years the work is rightly cited under (every edition's
  year in Open Library);
- ``refcheck-preprint``: the record is a preprint (arXiv, CoRR), whose year may
  precede the published version's.

Sources that give a full name only (``Jan-Willem van de Meent``, DBLP's ``Wei Wang
0001``) have it split here, the way the reference parser splits printed names.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import Any

from refcheck.crossref import compare as cmp
from refcheck.names import PARTICLES

Record = dict[str, Any]

_SUFFIXES = frozenset({"jr", "jr.", "sr", "sr.", "ii", "iii", "iv", "phd", "ph.d."})
_HOMONYM = re.compile(r"\s+\d{4}$")  # DBLP: "Wei Wang 0001"


def split_name(full: str) -> dict[str, str]:
    """``{"family", "given"}`` of a full personal name, or ``{"name"}`` for one word.

    ``Smith, John`` (inverted) → Smith / John; ``Jan-Willem van de Meent`` → ``van de
    Meent`` / Jan-Willem; ``Martin Luther King Jr.`` → ``King Jr.``; DBLP's homonym
    number is dropped. Names the source already splits never come here.
    """
    text = _HOMONYM.sub("", " ".join(full.split())).strip().strip(",")
    if not text:
        return {}
    if "," in text:
        family, _, given = text.partition(",")
        given = given.strip()
        if given.lower().rstrip(".") in {s.rstrip(".") for s in _SUFFIXES}:
            return (
                split_name(f"{given} {family}")
                if " " in family.strip()
                else {"family": f"{family.strip()} {given}"}
            )
        return {"family": family.strip(), "given": given}
    words = text.split()
    if len(words) == 1:
        return {"name": words[0], "family": words[0]}
    suffix = []
    while len(words) > 2 and words[-1].lower() in _SUFFIXES:
        suffix.insert(0, words.pop())
    start = len(words) - 1
    while start > 1 and words[start - 1].lower() in PARTICLES:
        start -= 1
    family = " ".join(words[start:] + suffix)
    return {"family": family, "given": " ".join(words[:start])}


def people(names: Iterable[str]) -> list[dict[str, str]]:
    return [p for p in (split_name(n) for n in names if isinstance(n, str)) if p]


def date(year: int | str | None) -> dict[str, Any] | None:
    if isinstance(year, str) and year.strip()[:4].isdigit():
        year = int(year.strip()[:4])
    if isinstance(year, int) and 1000 < year < 3000:
        return {"date-parts": [[year]]}
    return None


def record(
    source: str,
    *,
    title: str | None,
    authors: list[dict[str, str]],
    year: int | str | None = None,
    rtype: str = "other",
    ident: str = "",
    doi: str | None = None,
    subtitle: str | None = None,
    container: str | None = None,
    venue: str | None = None,
    volume: str | None = None,
    issue: str | None = None,
    pages: str | None = None,
    publishers: list[str] | None = None,
    years: Iterable[int] = (),
    preprint: bool = False,
    retracted: bool = False,
    extra: Mapping[str, Any] | None = None,
) -> Record:
    """A Crossref-shaped record (see the module docstring); empty fields are left out."""
    rec: Record = {"type": rtype, "refcheck-source": source, "refcheck-id": ident}
    if doi:
        rec["DOI"] = doi.lower()
    if title:
        rec["title"] = [" ".join(title.split())]
    if subtitle:
        rec["subtitle"] = [" ".join(subtitle.split())]
    if authors:
        rec["author"] = authors
    issued = date(year)
    if issued:
        rec["issued"] = issued
    if container:
        rec["container-title"] = [container]
    if venue:
        rec["refcheck-venue"] = venue
    for key, value in (("volume", volume), ("issue", issue), ("page", pages)):
        if value:
            rec[key] = str(value)
    if publishers:
        rec["publisher"] = publishers[0]
        rec["refcheck-publishers"] = list(publishers)
    more = sorted({y for y in years if isinstance(y, int) and 1000 < y < 3000})
    if more:
        rec["refcheck-years"] = more
    if preprint:
        rec["refcheck-preprint"] = True
    if retracted:
        rec["refcheck-retracted"] = True
    if extra:
        rec.update(extra)
    return rec


def source_of(rec: Mapping[str, Any]) -> str:
    value = rec.get("refcheck-source")
    return value if isinstance(value, str) and value else "crossref"


def years_of(rec: Mapping[str, Any]) -> set[int]:
    """Every year a record may be cited under: Crossref's dates and refcheck's list."""
    return cmp.record_years(rec)


def families(rec: Mapping[str, Any]) -> list[str]:
    """The family names of a record's authors (its editors when it has none)."""
    out = []
    for person in rec.get("author") or rec.get("editor") or []:
        if isinstance(person, Mapping):
            name = person.get("family") or person.get("name")
            if isinstance(name, str) and name.strip():
                out.append(name.strip())
    return out


def authors_text(rec: Mapping[str, Any], limit: int = 3) -> str:
    """``Vaswani, Shazeer, Parmar et al.`` — the record's people, for evidence."""
    names = families(rec)
    if not names:
        return ""
    shown = ", ".join(names[:limit])
    return shown + (" et al." if len(names) > limit else "")


def describe(rec: Mapping[str, Any]) -> str:
    """``'Attention Is All You Need' by Vaswani, Shazeer, Parmar et al. (2017)``."""
    title = cmp.record_title(rec)
    who = authors_text(rec)
    years = sorted(years_of(rec))
    text = f"'{title}'" if title else "an untitled record"
    if who:
        text += f" by {who}"
    if years:
        text += f" ({years[0]})"
    return text
