"""Reading the author (or editor) list at the start of a reference entry.

Reference styles print names in four shapes, and a list is almost always consistent
after its first name:

* inverted with initials, APA and Harvard: ``Charap, S., & Colton, T. J.``
* inverted with given names, Chicago and MLA: ``Waltz, Kenneth N., and Robert Jervis``
  (only the first name is inverted there, so later names may be direct)
* Vancouver and eLife, initials without full stops: ``Allison JD, Hare JD``
* direct, IEEE and many numbered styles: ``J. P. Callan and D. E. Smith``

:func:`scan_names` tries each shape from the start of the text and keeps the reading
that explains the most names and ends at a plausible boundary (a full stop, a bracket, a
year, a quote). Every pattern is anchored and built from atomic pieces, so a failed
match costs time linear in the length of a name, never exponential in the entry.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from refcheck import lazyre as re
from refcheck.charclass import letters
from refcheck.model import Name

# Latin (with extensions), Greek, Cyrillic and Latin Extended Additional. Python's ``re``
# has no \p{Lu}, so the upper- and lower-case classes are built once from these ranges.
_RANGES = ((0x41, 0x250), (0x370, 0x530), (0x1E00, 0x1F00))


UPPER = letters(lambda c: c.isalpha() and c.isupper(), _RANGES)
LOWER = letters(lambda c: c.isalpha() and c.islower(), _RANGES)
_U = f"[{UPPER}]"
_L = f"[{LOWER}]"
_A = f"[{UPPER}{LOWER}]"
_APOS = "['’]"

# Particles printed before a family name ("van der Berg", "de Mesquita", "al-Assad").
_PARTICLE = (
    r"(?:(?:van|von|der|den|de|del|della|dello|di|da|dos|das|do|du|le|la|ter|ten|te|vom|"
    r"zu|zur|zum|y|bin|ibn|Van|Von|De|Del|Della|Di|Da|Du|Le|La|Des|des|Ten|Ter|St\.|"
    r"Ó|Ní|Nic|Uí|Ua|Mac)\s+"
    r"|(?:al|el|Al|El)-)"
)
_GIVEN_NOT_PARTICLE = r"(?!(?:Van|Von|De|Del|Della|Di|Da|Du|Le|La|Des|Ten|Ter)\s)"
# One family word: "Smith", "O'Neill", "D'Angelo", "García-Márquez", "LERCHE".
# A one-letter lower-case link is allowed between hyphens: "Paz-y-Miño".
_FAMILY_WORD = (
    rf"(?>(?:[dDlL]{_APOS})?{_U}(?:{_APOS}?{_A})+(?:-{_A}(?:{_APOS}?{_A})+|-{_L}(?=-{_U}))*)"
)
_FAMILY = rf"(?:{_PARTICLE})*{_FAMILY_WORD}"
# Inverted names may print a two-word family before the comma: "Bueno de Mesquita, B."
_FAMILY_INV = rf"{_FAMILY}(?:\s+{_FAMILY})?"
# Initials: "J.", "J. J.", "R.Q.", "Y.-G.", "Th."; atomic so "A.B.C." splits one way only.
_INITIALS = rf"(?>{_U}h?\.(?:[\s-]{{0,2}}{_U}h?\.)*(?:\s{_U}(?=,))?)"
_GIVEN_WORD = rf"(?>{_GIVEN_NOT_PARTICLE}{_U}{_L}+(?:-{_U}{_L}+)?)"
_GIVEN = (
    rf"(?>{_GIVEN_WORD}(?:\s+{_GIVEN_WORD})*)(?:\s+{_INITIALS})?"
    r"(?:\s+(?:de|da|van|von|van der|von der|du|di|le|la|dos|das))?"
)
_SUFFIX = r"(?:,?\s+(?:Jr|Sr)\b\.?|,?\s+(?:II|III|IV)\b)?"

# One compiled pattern per shape; all anchored with .match at the scan position.
INVERTED_INITIALS = re.compile(
    rf"(?P<family>{_FAMILY_INV}),\s*(?P<given>{_INITIALS}|{_U}{{1,3}}\b(?!\.)){_SUFFIX}"
)
INVERTED_GIVEN = re.compile(rf"(?P<family>{_FAMILY_INV}),\s*(?P<given>{_GIVEN}){_SUFFIX}")
VANCOUVER = re.compile(
    rf"(?P<family>{_FAMILY_INV})\s+(?P<given>{_U}{{1,4}}(?:-{_U}{{1,2}})?)(?![{UPPER}{LOWER}'’-])\.?"
    rf"{_SUFFIX}"
)
DIRECT = re.compile(
    rf"(?P<given>(?:{_INITIALS}\s*|{_GIVEN_WORD}\s+){{1,5}})(?P<family>{_FAMILY}){_SUFFIX}"
)

_SEPARATOR = re.compile(
    r"\s*,\s*(?:(?:and|&|et|und)\s+)?|\s*;\s*(?:(?:and|&)\s+)?|\s+(?:and|et|und)\s+|\s*&\s*"
)
_ET_AL = re.compile(
    r"\s*,?\s*(?:(?:&|and)\s*)?(?:et\.?\s*al\b\.?|\.\s?\.\s?\.|…|and\s+others\b|u\.\s?a\.)"
)
# A contributor role printed after a name: "Davidson, J. (Director), & ...".
ROLE = re.compile(
    r"\s*\((?:eds?|editors?|hrsg|directors?|producers?|writers?|hosts?|composers?|"
    r"performers?|trans|translators?|illustrators?|compilers?|comp|narrators?|speakers?|"
    r"presenters?|interviewers?|executive producers?|curators?|artists?|creators?)"
    r"(?:\s*/\s*\w+)?\.?\)",
    re.I,
)
# What may follow a complete author list.
_END = re.compile(
    r"\s*(?:$|[.,:;(\[“\"‘'«]|(?:1[5-9]|20)\d\d|n\.\s?d\.|in\s+press|forthcoming)", re.I
)

INVERTED, VANC, DIRECT_SHAPE = "inverted", "vancouver", "direct"
_MAX_NAMES = 200


@dataclass(slots=True)
class NameScan:
    """The outcome of reading a name list: names, where it ended, and how it was printed."""

    names: list[Name] = field(default_factory=list)
    end: int = 0
    et_al: bool = False
    shape: str = ""
    initials_only: bool = True  # every given part is initials (APA) rather than a name

    def score(self) -> tuple[int, int]:
        return (len(self.names), self.end)


def _clean(part: str) -> str:
    return " ".join(part.split()).strip(" ,")


def _match_one(text: str, pos: int, shapes: tuple[re.Pattern[str], ...]) -> re.Match[str] | None:
    """The first shape that matches a plausible name at ``pos``."""
    for pattern in shapes:
        m = pattern.match(text, pos)
        if m is None:
            continue
        family = m.group("family")
        # A direct-order family must look like a word ("Callan"), not initials ("JD").
        if pattern is DIRECT and not any(c.islower() for c in family):
            continue
        return m
    return None


def _ends_name_list(text: str, m: re.Match[str]) -> bool:
    """True when a name may be the last one: a boundary follows it."""
    return m.group(0).endswith(".") or _END.match(text, m.end()) is not None


def _follow_shapes(first: re.Pattern[str], scan: NameScan) -> tuple[re.Pattern[str], ...]:
    """Shapes to try after the first name: Chicago inverts only the first name."""
    if first is INVERTED_INITIALS:
        return (INVERTED_INITIALS, DIRECT, INVERTED_GIVEN, VANCOUVER)
    if first is INVERTED_GIVEN:
        if scan.initials_only:
            return (INVERTED_INITIALS, INVERTED_GIVEN, DIRECT, VANCOUVER)
        return (DIRECT, INVERTED_GIVEN, INVERTED_INITIALS)
    return (first,)


def _scan_from(text: str, first: re.Pattern[str], shape: str) -> NameScan:
    scan = NameScan(shape=shape)
    m = _match_one(text, 0, (first,))
    if m is None or not _continues(text, m):
        return scan
    shapes: tuple[re.Pattern[str], ...] = (first,)
    while m is not None and len(scan.names) < _MAX_NAMES:
        given = _clean(m.group("given"))
        scan.names.append(Name(_clean(m.group("family")), given))
        scan.initials_only &= not re.search(f"{_L}{{2}}", given)
        scan.end = m.end()
        if len(scan.names) == 1:
            shapes = _follow_shapes(first, scan)
        m = _next_name(text, scan, shapes)
    return scan


def _continues(text: str, m: re.Match[str]) -> bool:
    """A name is kept when another name, "et al." or a boundary follows it."""
    return (
        _ends_name_list(text, m)
        or _SEPARATOR.match(text, m.end()) is not None
        or _ET_AL.match(text, m.end()) is not None
        or ROLE.match(text, m.end()) is not None
    )


def _next_name(text: str, scan: NameScan, shapes: tuple[re.Pattern[str], ...]):
    """Advance past a separator (or "et al.") to the next name; None at the list's end."""
    pos = scan.end
    etal = _ET_AL.match(text, pos)
    if etal:
        scan.end = etal.end()
        scan.et_al = True
        pos = _skip_separator(text, etal.end())
        nxt = _match_one(text, pos, shapes)
        # APA 7 prints "A, B, ... Z": a name after the ellipsis continues the list.
        if (
            nxt is not None
            and not etal.group(0).strip(" ,").startswith("et")
            and (_ends_name_list(text, nxt))
        ):
            scan.et_al = False
            return nxt
        return None
    role = ROLE.match(text, pos)
    sep = _SEPARATOR.match(text, role.end() if role else pos)
    if sep is None:
        return None
    nxt = _match_one(text, sep.end(), shapes)
    if nxt is None or not _continues(text, nxt):
        return None
    return nxt


def _skip_separator(text: str, pos: int) -> int:
    sep = _SEPARATOR.match(text, pos)
    pos = sep.end() if sep else pos
    while pos < len(text) and text[pos].isspace():
        pos += 1
    return pos


_SHAPES = (
    (INVERTED_INITIALS, INVERTED),
    (INVERTED_GIVEN, INVERTED),
    (VANCOUVER, VANC),
    (DIRECT, DIRECT_SHAPE),
)


_INITIALS_LIST_ITEM = re.compile(
    rf"(?P<family>[^\W\d_][^,;&\d]{{0,60}}?)\s+(?P<given>{_U}{{1,4}}(?:-{_U}{{1,2}})*)\.?$"
)
_LIST_SPLIT = re.compile(r"\s*(?:,|;|&|\band\b)\s*")


def initials_list(text: str) -> list[Name]:
    """Read ``text`` as a whole list of "Family INITIALS" names, or return [].

    The safety net for Vancouver/eLife lists whose names the shape patterns miss (an
    unusual family name): "Zhou L, Srisatjaluk R, Justus DE" is never an organisation.
    At least two items are required, and every item must end in bare capital initials.
    """
    items = [item for item in _LIST_SPLIT.split(text.strip(" .,;")) if item]
    if len(items) < 2 or len(items) > _MAX_NAMES:
        return []
    names = []
    for item in items:
        m = _INITIALS_LIST_ITEM.match(item)
        if m is None or not any(c.islower() for c in m.group("family")):
            return []
        names.append(Name(_clean(m.group("family")), m.group("given")))
    return names


_VANCOUVER_DATE = re.compile(r"\b(?:1[5-9]|20)\d\d(?:\s+[A-Z][a-z]{2}(?:\s+\d{1,2})?)?;\s*\d")


def scan_names(text: str) -> NameScan:
    """Read the longest plausible name list at the start of ``text``.

    Shapes are tried in a fixed order and the reading with the most names wins (then the
    longest), so ``Allison JD, Hare JD`` is read as Vancouver rather than as a direct
    name "Allison JD".
    """
    scans = [_scan_from(text, pattern, shape) for pattern, shape in _SHAPES]
    best = max(scans, key=NameScan.score, default=NameScan())  # first of equals wins
    # A Vancouver date ("2019;393:1-9") settles a tie in names for the Vancouver
    # reading: "Lee E. Statins." is the author Lee E and the title Statins, not a
    # person "Lee E. Statins".
    if _VANCOUVER_DATE.search(text):
        vanc = next(s for s, (_, shape) in zip(scans, _SHAPES, strict=True) if shape == VANC)
        if vanc.names and len(vanc.names) >= len(best.names):
            return vanc
    return best
