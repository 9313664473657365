"""Names from a labelled author or editor span.

The labeller says where the list of people is; this module says who is in it. The
span is read with the name scanner of :mod:`refcheck.references.entry_names`, which knows
the four printed shapes (``Charap, S., & Colton, T. J.``; ``Waltz, Kenneth N., and
Robert Jervis``; ``Allison JD, Hare JD``; ``J. P. Callan and D. E. Smith``) and family
particles (``van der Berg``). What it cannot read whole — all-capital family names
(``J. P. COLLMAN``), unusual punctuation, PDF noise — is split on the list separators
and each part read on its own. A span that is a body rather than a person (``World
Health Organization``, ``NATO``) becomes one organisation name with no given part.
"""

from __future__ import annotations

import re

from refcheck.model import Name
from refcheck.references.entry_names import DIRECT_SHAPE, NameScan, initials_list, scan_names

__all__ = ["read_people"]

_ET_AL = re.compile(
    r"[\s,;]*(?:(?:&|and)\s*)?(?:et\.?\s*al\b\.?|etal\b\.?|\.\s?\.\s?\.|…|and\s+others\b|u\.\s?a\.)"
    r"[\s.,;]*$",
    re.I,
)
_EDITOR_WORDS = re.compile(
    r"^\s*(?:in\s*:?\s+)?(?:edited\s+by|ed\.\s+by|hrsg\.\s+v(?:on)?\.?|eds?\.(?=\s)|by)\s+"
    r"|[\s,]*\(?\b(?:eds?|editors?|hrsg|hg|coords?|dirs?|éds?|ed\.\s*by|\(ed\.\))\b\.?\)?"
    r"[\s,.:]*$",
    re.I,
)
_IN = re.compile(r"^\s*in\s*:?\s+", re.I)
ORGANISATION_WORDS = re.compile(
    r"\b(?:Organi[sz]ation|Association|Institute|Institution|Department|Agency|Council|"
    r"Commission|Society|Bank|Office|University|Committee|Ministry|Nations|Union|"
    r"Foundation|Cent(?:re|er)|Group|Board|Bureau|Service|Fund|Forum|Program(?:me)?|"
    r"Corporation|Government|Parliament|Court|Federation|League|Network|Consortium|"
    r"Authority|Academy|Administration|Alliance|Coalition|Watch|International|Trust|"
    r"Secretariat|Assembly|Congress|Senate|Company|Inc|Ltd|Project|Initiative|"
    r"Collaboration|Team|Working|Panel|Survey|Statistics)\b"
)
_SPLIT = re.compile(r"\s*;\s*|\s*,\s*(?:(?:and|&)\s+)?|\s+(?:and|&|et|und|y)\s+|\s*&\s*")
_INITIALS_ONLY = re.compile(r"^(?:[^\W\d_]{1,2}\.?[\s-]*){1,4}$")
_LEADING_INITIALS = re.compile(r"^((?:[^\W\d_]{1,2}\.[\s-]*)+)\s*(.+)$")
_TRAILING_INITIALS = re.compile(r"^(.+?)\s+((?:[A-Z]{1,4}|(?:[A-Z]\.[\s-]?){1,4}))$")
_PUNCT = " ,.;:()[]"


def read_people(
    text: str, after_is_date: bool = False, scan: NameScan | None = None
) -> tuple[list[Name], bool]:
    """(names, et_al) of an author or editor span.

    ``after_is_date``: the span is followed by the date (author-date styles), where a
    single uninverted name without initials is a body ("Human Rights Watch (2019)").
    ``scan``: the name scanner's reading of exactly this span, when the caller has it.
    """
    if scan is not None and scan.names:
        if _is_organisation(scan.shape, scan.names, text, after_is_date):
            return [_body(text.strip(" ,;:"))], scan.et_al
        return list(scan.names), scan.et_al
    text = " ".join(text.split())
    text = _IN.sub("", text)
    text = _EDITOR_WORDS.sub("", text)
    et_al = False
    m = _ET_AL.search(text)
    if m:
        et_al = True
        text = text[: m.start()]
    text = text.strip(" ,;:([").rstrip(")]")
    if not text or not any(c.isalpha() for c in text):
        return [], et_al
    scan = scan_names(text)
    rest = text[scan.end :].strip(_PUNCT)
    if scan.names and not rest:
        if _is_organisation(scan.shape, scan.names, text, after_is_date):
            return [_body(text)], et_al
        return list(scan.names), et_al or scan.et_al
    if not scan.names and ORGANISATION_WORDS.search(text) and "," not in text:
        return [_body(text)], et_al
    vancouver = initials_list(text)
    if vancouver:
        return vancouver, et_al
    names = _by_parts(text)
    if not names:
        return [_body(text)], et_al
    return names, et_al


def _body(text: str) -> Name:
    """An organisation as author: its name without the full stop that closes the list."""
    return Name(text.rstrip(". ") if not re.search(r"\b[A-Z]\.$", text) else text)


def _is_organisation(shape: str, names: list[Name], text: str, after_is_date: bool) -> bool:
    """A direct-order "name" that is really a body: "World Health Organization"."""
    if shape != DIRECT_SHAPE or len(names) != 1:
        return False
    if ORGANISATION_WORDS.search(text):
        return True
    if not after_is_date:
        return False
    given = names[0].given.split()
    return len(given) >= 1 and not any(g.endswith(".") or len(g) == 1 for g in given)


def _by_parts(text: str) -> list[Name]:
    """Split on separators; an initials-only part is the given name of the part before."""
    parts = [p.strip(_PUNCT) for p in _SPLIT.split(text)]
    parts = [p for p in parts if p and any(c.isalpha() for c in p)]
    names: list[Name] = []
    for part in parts:
        if _INITIALS_ONLY.match(part) and names and not names[-1].given:
            names[-1] = Name(names[-1].family, part)
            continue
        lead = _LEADING_INITIALS.match(part)
        if lead:
            names.append(Name(lead.group(2).strip(_PUNCT), lead.group(1).strip()))
            continue
        trail = _TRAILING_INITIALS.match(part)
        if trail:
            names.append(Name(trail.group(1).strip(_PUNCT), trail.group(2).strip()))
            continue
        words = part.split()
        if len(words) == 1:
            names.append(Name(part))
        elif len(words) <= 4:
            names.append(Name(words[-1], " ".join(words[:-1])))
        else:
            names.append(Name(part))
    return names
