"""arXiv (export.arxiv.org/api/query): preprints by id, and by title when no id is given.

Published limits (info.arxiv.org/help/api/tou.html): no more than one request every
three seconds, one connection at a time. refcheck keeps to exactly that, and asks for
every arXiv id of a run in one request (``id_list=A,B,C``), so a list with twenty
preprints costs three seconds, not sixty. A title search (``search_query=ti:…``) is
made only for entries that call themselves arXiv preprints but give no id.

Answer shape: an Atom feed. ``<feed><opensearch:totalResults>…<entry><id>
http://arxiv.org/abs/1706.03762v7</id><published>2017-06-12T…</published><title>
Attention Is All\\n  You Need</title><author><name>Ashish Vaswani</name></author>…
<arxiv:doi>…</arxiv:doi><arxiv:journal_ref>…</arxiv:journal_ref></entry></feed>``.
Quirks relied on (the API's own, documented in its issue trackers):

- an id that does not exist is simply absent from the feed (no entry, and
  ``totalResults`` may still count it), so absence is confirmed with a request for
  that id alone before anything is concluded;
- a malformed id gives an "error entry" (``<id>http://arxiv.org/api/errors#…</id>``,
  ``<title>Error</title>``) or HTTP 400: that is a failed lookup, not a missing paper;
- entries come in any order, so they are matched to ids by their ``<id>``;
- titles and names wrap across lines with runs of spaces;
- ``<published>`` is version 1's date, often a year before the published version, and
  ``<updated>`` the latest version's: a preprint is rightly cited by any year between;
- titles keep LaTeX math (``$k$-means``), read here as text.

XML is parsed with defusedxml: entity expansion and external entities are refused.
"""

from __future__ import annotations

import re
from typing import Any

import defusedxml.ElementTree as ET
from defusedxml import DefusedXmlException

from refcheck.extract.latex import latex_to_text
from refcheck.sources import ARXIV
from refcheck.sources import records as rec
from refcheck.sources.ids import bare_arxiv
from refcheck.sources.schema import SchemaError

LIMITS = {"polite": (1 / 3, 1), "public": (1 / 3, 1)}
PATH = "/api/query"
BATCH = 40  # ids per request (the URL stays well under 1 KB)
SEARCH_ROWS = 5
_NS = {
    "atom": "http://www.w3.org/2005/Atom",
    "arxiv": "http://arxiv.org/schemas/atom",
    "opensearch": "http://a9.com/-/spec/opensearch/1.1/",
}
_STOP = frozenset("a an the of and or for in on to with by from via at is are as its".split())


def id_params(ids: list[str]) -> dict[str, str]:
    return {"id_list": ",".join(ids), "max_results": str(len(ids))}


def search_params(title: str, family: str | None) -> dict[str, str] | None:
    """``ti:w1 AND ti:w2 … AND au:family`` over the title's significant words."""
    words = [w for w in re.findall(r"[A-Za-z0-9]+", title) if w.lower() not in _STOP]
    words = [w for w in words if len(w) > 2][:8]
    if len(words) < 2:
        return None
    terms = [f"ti:{w}" for w in words]
    if family:
        fam = re.findall(r"[A-Za-z]+", family)
        if fam:
            terms.append(f"au:{max(fam, key=len)}")
    return {"search_query": " AND ".join(terms), "max_results": str(SEARCH_ROWS)}


def _text(node: Any) -> str:
    return " ".join((node.text or "").split()) if node is not None else ""


def _entry(node: Any) -> rec.Record | None:
    ident = _text(node.find("atom:id", _NS))
    if "/api/errors" in ident:
        raise SchemaError(f"arXiv reported an error: {_text(node.find('atom:summary', _NS))}")
    m = re.search(r"arxiv\.org/abs/(.+)$", ident)
    if not m:
        raise SchemaError(f"entry id {ident!r} is not an arXiv abstract URL")
    aid = bare_arxiv(m.group(1))
    if aid is None:
        raise SchemaError(f"entry id {ident!r} is not an arXiv id")
    names = [_text(a.find("atom:name", _NS)) for a in node.findall("atom:author", _NS)]
    published = _text(node.find("atom:published", _NS))
    updated = _text(node.find("atom:updated", _NS))
    year = int(published[:4]) if re.match(r"\d{4}", published) else None
    last = int(updated[:4]) if re.match(r"\d{4}", updated) else year
    # A preprint is rightly cited by the year of any of its versions.
    years = range(year, max(year, last or year) + 1) if year else range(0)
    doi = _text(node.find("arxiv:doi", _NS)) or None
    journal = _text(node.find("arxiv:journal_ref", _NS)) or None
    return rec.record(
        ARXIV,
        title=latex_to_text(_text(node.find("atom:title", _NS))),
        authors=rec.people(n for n in names if n),
        year=year,
        rtype="posted-content",
        ident=aid,
        container="arXiv",
        years=years,
        preprint=True,
        extra={
            "refcheck-arxiv": aid,
            "refcheck-journal-ref": journal or "",
            "refcheck-published-doi": doi or "",
        },
    )


def parse_feed(body: bytes) -> list[rec.Record]:
    """The entries of a feed (SchemaError for anything that is not an arXiv feed)."""
    try:
        root = ET.fromstring(body)
    except (ET.ParseError, DefusedXmlException, ValueError) as exc:
        raise SchemaError(f"not an Atom feed ({exc})") from None
    if root.tag != "{http://www.w3.org/2005/Atom}feed":
        raise SchemaError("not an Atom feed")
    out = []
    for node in root.findall("atom:entry", _NS):
        entry = _entry(node)
        if entry is not None:
            out.append(entry)
    return out
