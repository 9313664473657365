"""Author-date in-text citations: APA, Harvard, Chicago, eLife.

The scan is bracket-driven rather than year-driven. Prose is full of years ("In 1999,
Poland joined"), but an author-date citation almost always sits in, or just before, a
bracket. So one pass pairs brackets (``_groups``), and each group's text is split on
``;`` and read as ``prefix NAMES[,] YEARS[, LOCATOR]`` parts. A group that starts with
a year (``(1978)``, ``(1979: 118)``) is a narrative citation whose names are read
backwards from the text just before the bracket. A last pass picks up unbracketed
``Name et al., 2013`` forms, which "et al." makes unambiguous.

Every regex is linear: name words are uppercase-initial, joined only by whitespace,
particles or separators that are themselves lower case, so there is one way to split a
run of words, and nothing nests an unbounded repeat inside another. Lookbacks search a
short window, so a 2 MB document costs one bracket pass plus work per candidate.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterator
from dataclasses import dataclass, replace
from functools import lru_cache

from refcheck import lazyre as re
from refcheck.charclass import CASED_BMP_ROWS, letters
from refcheck.extract._ad_words import (
    ADVERBIAL_STARTS,
    COLLEAGUE_WORDS,
    COMMON_WORDS,
    DETERMINERS,
    JOURNAL_WORDS,
    LEADING_WORDS,
    PLACES,
    PRODUCT_WORDS,
    SOFT_STOPWORDS,
    STOPWORDS,
)
from refcheck.model import Citation
from refcheck.names import PARTICLES
from refcheck.text import LineIndex

__all__ = ["extract_author_date"]

STYLE = "author-date"
_MAX_GROUP = 4000  # longer "groups" are unbalanced brackets, not citations
_MAX_SKIP = 4  # unclosed brackets a closer may skip to find its opener
_MAX_HEIGHT = 3  # bracket levels inside a group (itself included) worth reading
_MAX_OPEN = 64  # unclosed brackets remembered; deeper ones cannot hold a citation
_LOOKBACK = 160  # characters searched before "(" or "et al." for the name list


# Uppercase and titlecase letters of the Basic Multilingual Plane, as ranges: the name
# regexes require an uppercase initial in any script. (For one character, istitle() is
# isupper() or titlecase; only the plane's rows that hold cased letters are scanned.)
_UP = f"[{letters(str.istitle, CASED_BMP_ROWS)}]"
_LET = r"[^\W\d_]"
_APOS = "['’]"
# One capitalised name word: McDonald, O'Neill, D’Souza, García-Márquez, d'Alembert.
# At least two characters, so a bare letter ("lineage B of ...") is never a name.
# Han and Hangul have no capitals: a name in them is a short run of its characters
# (王明, 김민수), with a middle dot in transliterated foreign names (约翰·史密斯).
_CJK = "[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uac00-\ud7af]"
_WORD = (
    rf"(?:(?:[dlDL]{_APOS})?{_UP}(?:{_LET}|(?:{_APOS}|-)(?={_LET}))+"
    rf"|{_CJK}{{1,6}}?(?:[·・]{_CJK}{{1,6}})?(?=等|(?!{_CJK})))"
)
_PARTICLE = (
    r"(?:(?:"
    + "|".join(sorted((re.escape(p) for p in PARTICLES if p.isalpha()), key=len, reverse=True))
    + r")(?![\w'’-]))"
)
# Lower-case words allowed inside corporate names: "Department of Health".
_CONNECT = r"(?:of|for|on|the)(?![\w'’-])"
# A lone capital may open a multi-word name ("R Core Team"), not precede "of" ("B of").
_FIRST_WORD = rf"(?:{_WORD}|{_UP}(?=[ \t]+{_UP}{_LET}))"
# A group author may open with a number: "1000 Genomes Project Consortium", "23andMe
# Research Team". Only with two or more capitalised words after it.
_NUMBER_WORD = (
    rf"\d{{1,6}}(?:[ \t]+(?={_UP}{_LET}+[ \t]+{_UP}{_LET})|(?=[a-z]{_LET}*[ \t]+{_UP}{_LET}))"
)
_NAME = (
    rf"(?:{_NUMBER_WORD}(?:{_WORD}|[a-z]{_LET}+)|(?:{_UP}\.\s*){{0,3}}(?:{_PARTICLE}\s+){{0,3}}{_FIRST_WORD})"
    rf"(?:\s+(?:(?:{_PARTICLE}|{_CONNECT})\s+){{0,3}}{_WORD}){{0,6}}"
)
_SEP = r"(?:\s*+,\s*+(?:(?:and|&)\s++)?|\s*+&\s*+|\s++and\s++)"
_ETAL = r"(?:\s+et\.?\s+al(?![\w])\.?|\s*等)"  # 等: "and others" after a CJK name
_COLLEAGUES = (
    r"\s+and\s+(?:his\s+|her\s+|their\s+)?(?:" + "|".join(map(re.escape, COLLEAGUE_WORDS)) + r")\b"
)
# Each name, and the list, are matched once and never given back: what may follow a list
# (a separator and a year, "et al.", "'s", the end) cannot start inside a name, so
# backtracking could only re-try failures; a failed match then costs the list's length
# once per start instead of that many times over (a 4 KB bracket of names took a second).
# A later name does not open with a year: "Smith, 2001 Survey Team" is Smith's 2001 work.
_AUTHORS = rf"(?>{_NAME})(?:{_SEP}(?!(?:1[5-9]|20)\d\d(?!\d))(?>{_NAME})){{0,20}}+"
# A name starts a word and does not follow "et al" (whose "al" would read as a particle,
# and whose following words are a journal title in "Mattie et al Curr Biol 2010").
_START = r"(?<![\w'’\-])(?<!\bet\s)(?<!\bal\s)(?<!\bal\.\s)"

# Years before 1000 need their era ("350 BCE", "c. 380 B.C."); "2022-10" is a date.
_ERA = r"(?:BCE|BC|CE|AD|B\.\s?C\.(?:\s?E\.)?|C\.\s?E\.|A\.\s?D\.)"
_YEARVAL = (
    r"(?:(?:(?:c|ca)\.\s?|circa\s+)?"
    rf"(?:\d{{1,4}}\s?{_ERA}(?![^\W_])|(?:1\d\d\d|2[01]\d\d)[a-z]?(?![^\W_])(?!-\d\d?(?!\d)))"
    r"|n\.\s?d\.?(?![^\W_])|in\s+press\b|forthcoming\b|in\s+prep(?:aration\b|\.))"
)
_YEAR_RE = re.compile(_YEARVAL)
_NEXT_YEAR_RE = re.compile(rf"(?:\s*+,\s*+|\s++(?:and|&)\s++)({_YEARVAL}|[a-z](?![\w.]))")
_LABEL = (
    r"(?:(?:pp?|pgs?|chaps?|ch|secs?|paras?|figs?|vols?|nn?|cols?|ll?|fn|fols?)\.?\s*"
    r"|(?:pages?|chapters?|section|paragraph|note|figure)\s+|§§?\s*)"
)
_PAGE = r"(?:\d+[a-z]?|[ivxlcdm]+)(?:\s*[-–—]\s*(?:\d+[a-z]?|[ivxlcdm]+))?"
_LOCATOR_RE = re.compile(
    rf"\s*+[,:]\s*+((?:{_LABEL}{_PAGE}|\d+(?:\s*+[-–—]\s*+\d+)?)"
    rf"(?:\s*+(?:,|and|&)\s*+\d+(?:\s*+[-–—]\s*+\d+)?)*(?:\s*+ff?\.)?)(?![\w])"
)

# "Names, year" inside a bracket group; prefix text before the names is ignored.
_PAREN_RE = re.compile(rf"{_START}(?P<a>{_AUTHORS})(?P<etal>{_ETAL})?(?:\s*,\s*|\s+)(?={_YEARVAL})")
# Names at the end of the text just before "(year)".
_NARR_BACK_RE = re.compile(
    rf"{_START}(?P<a>{_AUTHORS})(?P<etal>{_ETAL}|{_COLLEAGUES})?(?P<pos>{_APOS}s?)?\s*\Z"
)
# Names at the end of the text just before an unbracketed "et al.".
_ETAL_BACK_RE = re.compile(rf"{_START}(?P<a>{_AUTHORS})\s*\Z")
_ETAL_FREE_RE = re.compile(rf"(?<![\w])et\.?\s+al(?![\w])\.?(?:\s*,\s*|\s+)(?={_YEARVAL})")
_SIMPLE_NAME_RE = re.compile(_WORD)
# Never inside an author list: digits, brackets, sentence ends, a Markdown heading
# marker, or a paragraph break (the window is searched reversed; the pattern is symmetric).
_HARD_STOP_RE = re.compile(r"[\d();:\[\]!?\"“”#]|\n[ \t]*\n")
_SPLIT_RE = re.compile(rf"(?<!\s)(?P<sep>{_SEP})")  # from a run's start: linear on any run
_INITIAL_RE = re.compile(rf"^(?:{_UP}\.\s*)+")
_BARE_YEAR_RE = re.compile(r"\s*(?:1\d|20)\d\d[a-z]?\s*")
_PAREN_CHAR_RE = re.compile(r"[()\[\]]")
_PARAGRAPH_BREAK_RE = re.compile(r"\n[ \t]*\n")
_LAST_BREAK_RE = re.compile(r".*\n[ \t]*\n", re.S)  # up to the last break before a point
_HAS_YEAR_RE = re.compile(
    r"\d\d\d\d|\d\s?(?:B\.?\s?C|C\.?\s?E|A\.?\s?D)|n\.\s?d|press|forthcoming|in\s+prep"
)
_SEGMENT_RE = re.compile(r"[^;]+")
_WS_RE = re.compile(r"\s+")
# Work that usually has no reference entry; such citations are kept only if one exists.
_UNPUBLISHED_RE = re.compile(
    r"\s*+(?:,\s*+)?(?:in\s+prep|in\s+revision|submitted|unpublished|under\s+review"
    r"|as\s+cited\s+in|cited\s+in|quoted\s+in)",
    re.IGNORECASE,
)
_COMMENT_RE = re.compile(r"\s*(?:$|,\s*[^\W\d_A-Z])")
_CONNECTORS = frozenset(("of", "for", "on", "the"))
# An abbreviation that labels what is cited ("AIC", "CART", "GATK"), not an author.
_LABEL_RE = re.compile(r"[A-Z][A-Z0-9-]{1,7}")
# Words that open the part of an organisation after a comma: "United Nations,
# Department of Economic and Social Affairs".
_ORG_PARTS = frozenset(
    "department ministry office division bureau directorate secretariat agency "
    "commission committee council programme program centre center institute".split()
)


@dataclass(slots=True)
class _Names:
    """A parsed author list: family names plus what the text said around them."""

    start: int  # offset of the first kept name
    authors: tuple[str, ...]
    et_al: bool
    tentative: bool


def extract_author_date(
    text: str,
    index: LineIndex,
    lower_names: frozenset[str] = frozenset(),
    strict: bool = False,
) -> list[Citation]:
    """Every author-date citation of ``text``, one per cited work, in document order.

    ``lower_names`` are family names the reference list writes in lower case ("hooks",
    "boyd"): they are read as names too, which a capital otherwise marks. ``strict``
    is for documents that cite another way (Pandoc keys): a candidate that only a
    single capitalised word and a year make ("Windows (2000)", "(Python 2019)") is
    then kept only when it names an entry.
    """
    scan = _capitalised(text, lower_names) if lower_names else text
    if not scan.isascii():
        scan = scan.translate(_FULL_WIDTH)  # "（王明，2020）" reads "(王明,2020)"
    hits = [hit for group in _groups(scan) for hit in _from_group(scan, *group)]
    hits.sort(key=lambda h: h.start)
    extra = list(_unbracketed_et_al(scan, hits))
    if extra:
        hits = sorted(hits + extra, key=lambda h: h.start)
    out = [hit.citation(text, index) for hit in hits]
    if lower_names:
        for c in out:
            c.authors = tuple(
                a[:1].lower() + a[1:] if a.casefold() in lower_names else a for a in c.authors
            )
    for c, hit in zip(out, hits, strict=True):
        weak = not c.et_al and len(c.authors) == 1 and (hit.narrative or not hit.comma)
        if weak and (strict or _CJK_NAME_RE.fullmatch(c.authors[0])):
            # A lone CJK run before a year may be any word: no capital marks a name.
            c.tentative = True
    return out


_FULL_WIDTH = str.maketrans({"（": "(", "）": ")", "，": ",", "；": ";", "：": ":", "、": ","})
_CJK_NAME_RE = re.compile(rf"{_CJK}+(?:[·・]{_CJK}+)?")


def _capitalised(text: str, names: frozenset[str]) -> str:
    """``text`` with the given lower-case names capitalised (same length, same offsets)."""
    pattern = re.compile(
        r"(?<![\w'’-])(?:" + "|".join(sorted(map(re.escape, names))) + r")(?![\w'’-])"
    )

    def up(m: re.Match[str]) -> str:
        word = m.group()
        first = word[0].upper()
        return first + word[1:] if len(first) == 1 else word

    return pattern.sub(up, text)


@dataclass(slots=True)
class _Hit:
    """A found citation as offsets; turned into a ``Citation`` once, at the end."""

    start: int
    end: int
    names: _Names
    year: str
    suffix: str
    locator: str | None
    narrative: bool
    comma: bool = False  # a comma between the names and the year: "(Smith, 2019)"

    def citation(self, text: str, index: LineIndex) -> Citation:
        return Citation(
            span=index.span(self.start, self.end),
            style=STYLE,
            raw=text[self.start : self.end],
            authors=self.names.authors,
            et_al=self.names.et_al,
            year=self.year,
            suffix=self.suffix,
            locator=self.locator,
            narrative=self.narrative,
            tentative=self.names.tentative,
        )


# --------------------------------------------------------------------------- brackets


def _groups(text: str) -> Iterator[tuple[int, int, list[tuple[int, int]]]]:
    """Balanced ``(...)`` and ``[...]`` groups as (open, close, nested child ranges).

    A stack pairs brackets in one pass. A blank line resets it, so a stray "(" in one
    paragraph cannot swallow the next; a closer with no matching opener near the top
    of the stack is ignored. Groups nested more than ``_MAX_HEIGHT`` deep inside are
    not read: no citation looks like that, and reading them would make deeply nested
    input quadratic.
    """
    # Paragraphs are independent (the stack resets between them), and a group is read
    # only if it holds something year-like. So each step jumps to the next year-like
    # text and reads just its paragraph: text without years (a million blank lines, a
    # DNA sequence) costs a few searches in C.
    pos = 0
    while (year := _HAS_YEAR_RE.search(text, pos)) is not None:
        last = _LAST_BREAK_RE.match(text, pos, year.start())
        start = last.end() if last else pos
        brk = _PARAGRAPH_BREAK_RE.search(text, year.start())
        end = brk.start() if brk else len(text)
        if _HAS_YEAR_RE.search(text, start, end):  # not a year-like run across the break
            yield from _paragraph_groups(text, start, end)
        if brk is None:
            return
        pos = brk.end()


def _paragraph_groups(
    text: str, start: int, end: int
) -> Iterator[tuple[int, int, list[tuple[int, int]]]]:
    """``_groups`` within one paragraph."""
    # Entries: [open offset, bracket, child ranges, height of the nesting inside].
    stack: list[list] = []
    for m in _PAREN_CHAR_RE.finditer(text, start, end):
        ch = m.group()
        if ch in "([":
            stack.append([m.start(), ch, [], 1])
            if len(stack) > _MAX_OPEN:  # 100k "(" in a row: the bottom ones never close
                del stack[0]
        else:
            want = "(" if ch == ")" else "["
            low = max(-1, len(stack) - 1 - _MAX_SKIP)
            depth = next((i for i in range(len(stack) - 1, low, -1) if stack[i][1] == want), -1)
            if depth < 0:
                continue
            open_, _, children, height = stack[depth]
            del stack[depth:]
            close = m.start()
            if (
                stack
                and ch == "]"
                and stack[-1][1] == "("
                and _BARE_YEAR_RE.fullmatch(text, open_ + 1, close)
            ):
                # "(Smith [2001] 2005)", "Freud ([1900] 1955)": the first edition's year,
                # read as blank space in the citation around it.
                stack[-1][2].append((open_, -(close + 1)))
                continue
            if stack:
                stack[-1][2].append((open_, close + 1))
                stack[-1][3] = max(stack[-1][3], height + 1)
            if (
                height <= _MAX_HEIGHT
                and close - open_ <= _MAX_GROUP
                and _HAS_YEAR_RE.search(text, open_, close)
            ):
                yield open_, close, children


def _masked_body(text: str, open_: int, close: int, children: list[tuple[int, int]]) -> str:
    """The group's inner text with nested groups blanked out, offsets unchanged."""
    body = text[open_ + 1 : close]
    if not children:
        return body
    parts: list[str] = []
    pos = open_ + 1
    for c_start, c_end in children:
        parts.append(text[pos:c_start])
        if c_end < 0:  # an original year in square brackets: blank, not a barrier
            c_end = -c_end
            parts.append(" " * (c_end - c_start))
        else:
            parts.append("\x00" * (c_end - c_start))  # a barrier no name or year crosses
        pos = c_end
    parts.append(text[pos:close])
    return "".join(parts)


# ------------------------------------------------------------------------------ groups


_SECONDARY_RE = re.compile(r"[^;]*?\b(?:as\s+)?(?:cited|quoted)\s+in\s+", re.IGNORECASE)


def _from_group(
    text: str, open_: int, close: int, children: list[tuple[int, int]]
) -> Iterator[_Hit]:
    """Citations of one bracket group, split on ``;``.

    A year-only part inherits the names of the part before it ("(Smith, 2019; 2020)");
    a year-only first part makes the group narrative ("Smith (2019)").
    """
    body = _masked_body(text, open_, close, children)
    base = open_ + 1
    last: _Names | None = None
    narrative = False
    for n_seg, seg in enumerate(_SEGMENT_RE.finditer(body)):
        s_start, s_end = seg.start(), seg.end()
        while s_start < s_end and body[s_start].isspace():
            s_start += 1
        scan = _scan_years(body, s_start, s_end)
        if not scan[0]:
            hits = _parenthetical(text, body, base, s_start, s_end)
            if hits:
                last = hits[-1].names
            yield from hits
            continue
        rest = body[scan[1] : s_end]
        if not _COMMENT_RE.match(rest):
            last = None  # "(2019 data)" is not a year list
            if _GROUP_NUMBER_RE.match(body, s_start, s_end):
                # "(1000 Genomes Project Consortium, 2010)": a name that opens with a number
                hits = _parenthetical(text, body, base, s_start, s_end)
                if hits:
                    last = hits[-1].names
                yield from hits
            continue
        if n_seg == 0:
            last = _narrative_names(text, open_) or _quoted_names(text, open_)
            narrative = last is not None
        elif last is not None:
            last = replace(last, start=base + s_start)  # "2020" of "(Smith, 2019; 2020)"
        if last is not None:
            whole = narrative and n_seg == 0 and ";" not in body and not rest.strip()
            yield from _year_list(
                body, base, scan, s_end, last, narrative, close if whole else None
            )
            secondary = _SECONDARY_RE.match(body, scan[1], s_end)
            if secondary:  # "Taylor (2010, as cited in Wu, 2015)": Wu is the one listed
                yield from _parenthetical(text, body, base, secondary.end(), s_end)


def _parenthetical(text: str, body: str, base: int, pos: int, end: int) -> list[_Hit]:
    """Every "Names, year" of one ``;``-part: "see Smith 2019", "Smith 2019, Jones 2020".

    The common part starts with its names, so an anchored match is tried before the
    scanning search (which pays the lookbehinds at every position).
    """
    hits: list[_Hit] = []
    while pos < end:
        pm = _PAREN_RE.match(body, pos, end)
        sourced = None
        if (pm is None and "," in body[pos:end]) or (
            pm is not None and _LIST_THEN_COMMA_RE.search(pm.group("a"))
        ):
            sourced = _sourced(text, body, base, pos, end)
        if sourced is not None:
            names, pos = sourced
        else:
            pm = pm or _PAREN_RE.search(body, pos, end)
            if pm is None:
                break
            if pm.start() > pos and _after_capitalised(body, pm.start()):
                pos = pm.end()
                continue  # "Curr Biol 2010", "FKZ 50 RA 1701": the tail of something else
            pos = pm.end()
            names = _parse_names(text, base + pm.start("a"), pm.group("a"), bool(pm.group("etal")))
            if names is None:
                continue
            if not names.tentative and _weak(names, pm.group(), body, pos, end):
                names = replace(names, tentative=True)
        scan = _scan_years(body, pos, end)
        if scan[0]:
            if not names.tentative and _NOT_A_YEAR_AFTER_RE.match(body, scan[1], end):
                names = replace(names, tentative=True)  # "Agilent 2100 Bioanalyzer"
            hits += _year_list(body, base, scan, end, names, False, None)
            pos = scan[1]
            while pos < end and body[pos].isspace():
                pos += 1
    return hits


# A year that runs on into a capitalised word or a number is a model or a code
# ("Copyright 2015 Royal Society", "Agilent 2100 Bioanalyzer", "EN 1990 2002").
_NOT_A_YEAR_AFTER_RE = re.compile(r"[ \t]+[A-Z0-9]")
_GROUP_NUMBER_RE = re.compile(rf"{_NUMBER_WORD}")
_SOURCE_YEAR_RE = re.compile(rf"(?<![\w.]){_YEARVAL}")
# A journal or source named in the bracket: "Nature", "J. Biol. Chem.", "PNAS".
_SOURCE_RE = re.compile(r"[A-Z][\w&'’.-]*(?:\s+(?:[A-Z][\w&'’.-]*|of|and|the|in|for|&))*")
_COMPLETE_RE = re.compile(r"(?:\band|&)\s+\S+\Z")
_JOINED_RE = re.compile(r"\band\b|\s&\s")  # "G&D" is a journal, "Papp & Müller" names
# A complete list ("A and B") then a comma: what follows may be a source, not a name.
_LIST_THEN_COMMA_RE = re.compile(r"(?:\band|&)\s+\S+,")
_NAMES_END_RE = re.compile(rf"{_START}(?P<a>{_AUTHORS})(?P<etal>{_ETAL})?\s*\Z")


def _sourced(text: str, body: str, base: int, pos: int, end: int) -> tuple[_Names, int] | None:
    """ "(Smith et al., Nature 2008)", "(Lee and Park, J. Biol. Chem. 2011)": the names,
    and the offset of the year, when a source stands between the names and the year.

    Read only where the names cannot go on into the source: a complete author list
    ("et al.", two names) or a source with an abbreviation point or a journal's name;
    otherwise ", Jones 2008" would be a source too.
    """
    ym = _SOURCE_YEAR_RE.search(body, pos, end)
    if ym is None:
        return None
    before = body[pos : ym.start()].rstrip(" \t\n,")
    comma = before.rfind(",")
    if comma < 0:
        return None
    source = before[comma + 1 :].strip()
    if not _SOURCE_RE.fullmatch(source) or ";" in before:
        return None
    nm = _NAMES_END_RE.search(body, pos, pos + comma)
    if nm is None:
        return None
    names = _parse_names(text, base + nm.start("a"), nm.group("a"), bool(nm.group("etal")))
    complete = _COMPLETE_RE.search(nm.group("a")) is not None  # "Lee and Park"
    if names is None or not (
        names.et_al
        or "." in source
        or source.casefold() in JOURNAL_WORDS
        or (complete and not _JOINED_RE.search(source))
    ):
        return None
    return names, ym.start()


def _weak(names: _Names, found: str, body: str, pos: int, end: int) -> bool:
    """Whether a parenthetical "Name year" is too weak to be a citation on its own.

    A code or abbreviation in capitals before a year without a comma ("EN 1990",
    "ISO 9001", "RA 1701"), a product spelt with inner capitals ("HiSeq 2500", "MiSeq"),
    a place ("Paris 2019") or a product word ("Windows", "Stata"): such a candidate is
    kept only when the reference list has an entry by that name.
    """
    if names.et_al or len(names.authors) > 1:
        return False
    name = names.authors[0]
    words = name.casefold().split()
    if _is_placeish(name) or words[-1] in _PRODUCT_TAILS:
        return True
    if any(w in PRODUCT_WORDS for w in words):
        return True
    word = name.split()[-1]
    if not found.rstrip().endswith(",") and len(word) <= 5 and word.isupper():
        return True
    return _INNER_CAPS_RE.search(name) is not None or name.casefold() in PRODUCT_WORDS


# Last words that make a name a product ("Microsoft Windows 2000", "Release 2019"); a
# country code is not one ("GlaxoSmithKline UK, 2016").
_PRODUCT_TAILS = frozenset(("windows", "version", "release", "edition", "model", "server"))
_INNER_CAPS_RE = re.compile(
    r"(?<![\w'’])(?!Mc|Mac|De|Di|Da|Du|Le|La|Van|Von|Fitz|St)[A-Z][a-z]+[A-Z]"
)


def _is_placeish(name: str) -> bool:
    return name.casefold() in PLACES


def _after_capitalised(src: str, pos: int) -> bool:
    """Whether the word before ``pos`` (across spaces only) is capitalised or a number.

    The name regex starts at the leftmost word that can begin a name list; if a
    capitalised word sits right before the match, that word could not join it, so the
    match is the tail of something else (a journal title, a product name).
    """
    i = pos
    while i > 0 and src[i - 1] in " \t\n\xa0":
        i -= 1
    j = i
    while j > 0 and (src[j - 1].isalnum() or src[j - 1] in "'’-"):
        j -= 1
    if not j < i < pos:
        return False
    # A number or a code right before ("FKZ 50 RA 1701", "ANR-19 CE 2001") joins too.
    return src[j].isupper() or any(c.isdigit() for c in src[j:i])


_Scan = tuple[list[tuple[int, int, str, str]], int, str | None]


_REPRINT_RE = re.compile(r"/((?:1\d|2[01])\d\d[a-z]?)(?![^\W_])")


def _scan_years(text: str, pos: int, limit: int) -> _Scan:
    """Parse ``2001, 2004a, b[, p. 5]`` at ``pos``: (years, end offset, locator).

    Each year is (start, end, year, suffix). A bare letter counts as a year only after
    a suffixed year and in order ("2020a, b"), so "2020, a classic" stays prose. The
    usual year is the last thing in its part, so the follow-on regexes run only when
    something follows.
    """
    m = _YEAR_RE.match(text, pos, limit)
    if m is None:
        return [], pos, None
    token = m.group()
    end = m.end()
    if reprint := _REPRINT_RE.match(text, end, limit):
        # "(Freud, 1900/1955)": original/reprint; the entry is dated by the reprint.
        token, end = reprint.group(1), reprint.end()
    items = [(pos, end, *_split_year(token))]
    if end >= limit or text[end] in ";)]":
        return items, end, None
    while n := _NEXT_YEAR_RE.match(text, end, limit):
        token = n.group(1)
        if _YEAR_RE.fullmatch(token):
            items.append((n.start(1), n.end(1), *_split_year(token)))
        elif items[-1][3] and token > items[-1][3]:
            items.append((n.start(1), n.end(1), items[-1][2], token))
        else:
            break
        end = n.end()
    locator = None
    if lm := _LOCATOR_RE.match(text, end, limit):
        locator = _WS_RE.sub(" ", lm.group(1))
        end = lm.end()
    return items, end, locator


def _year_list(
    src: str,
    shift: int,
    scan: _Scan,
    limit: int,
    names: _Names,
    narrative: bool,
    close: int | None,
) -> list[_Hit]:
    """One hit per year of a scanned year list (``2001, 2004a, b``).

    The first hit's span starts at the names; later ones cover only their year, which
    is how the eLife gold marks them. A trailing locator belongs to (and extends the
    span of) the last year. ``close`` (the ")" offset) is given when a narrative
    citation is the whole group, so its span is ``Smith (2019)`` bracket included.
    Offsets found in ``src`` are moved by ``shift`` into the document. Unpublished
    work ("in preparation", "2015, in revision") is tentative: it seldom has an entry.
    """
    items, end, locator = scan
    unpublished = _UNPUBLISHED_RE.match(src, end, limit) if end < limit else None
    if unpublished or items[-1][2] == "in preparation" or _is_era(items[0][2]):
        # An era year is rare enough ("AD" is also Alzheimer's disease) to need an entry.
        names = replace(names, tentative=True)
    if unpublished and locator is None:
        # Kept as the locator so the matcher knows no entry is expected.
        locator = _WS_RE.sub(" ", unpublished.group().strip(" ,\t\n").lower())
    hits = []
    last = len(items) - 1
    first_year = items[0][0]
    comma = src[max(0, first_year - 4) : first_year].rstrip().endswith(",")
    for i, (y_start, y_end, year, suffix) in enumerate(items):
        if i == last and locator is not None:
            y_end = end
        y_end = close + 1 if close is not None and last == 0 else y_end + shift
        start = names.start if i == 0 else y_start + shift
        hits.append(
            _Hit(
                start, y_end, names, year, suffix, locator if i == last else None, narrative, comma
            )
        )
    return hits


_CIRCA_RE = re.compile(r"(?:c|ca)\.\s?|circa\s+")
_ERA_YEAR_RE = re.compile(r"(\d{1,4})\s?([BCA])")


def _is_era(year: str) -> bool:
    return year.endswith((" BCE", " CE"))


def _split_year(token: str) -> tuple[str, str]:
    """``"2014a"`` → ("2014", "a"); ``"n. d."`` → ("n.d.", ""); ``"c. 380 B.C."`` →
    ("380 BCE", ""): circa is dropped, eras are written one way (BCE or CE)."""
    if circa := _CIRCA_RE.match(token):
        token = token[circa.end() :]
    if era := _ERA_YEAR_RE.match(token):
        return f"{era.group(1)} {'BCE' if era.group(2) == 'B' else 'CE'}", ""
    if token[:1].isdigit():
        return token[:4], token[4:]
    low = _WS_RE.sub(" ", token.lower())
    if low.startswith("n"):
        return "n.d.", ""
    if low.startswith("in press"):
        return "in press", ""
    if low.startswith("in prep"):
        return "in preparation", ""
    return "forthcoming", ""


# ------------------------------------------------------------------------------- names


def _narrative_names(text: str, open_: int) -> _Names | None:
    """The author list written just before the bracket at ``open_``, if any.

    A comma may stand between "et al." and the bracket ("Alexandrov et al., (2013)").
    """
    end = open_
    j = open_
    while j > 0 and text[j - 1] in " \t\n\xa0":
        j -= 1
    if (
        j > 4
        and text[j - 1] == ","
        and text[max(0, j - 8) : j - 1].rstrip().endswith(("al.", "al"))
    ):
        end = j - 1
    lo = _window_start(text, end)
    if lo < 0:
        return None
    m = _NARR_BACK_RE.search(text, lo, end)
    if m is None:
        return None
    tail = (m.group("etal") or "").split()
    start, raw = m.start("a"), m.group("a")
    cut = _heading_break(raw)
    names = _parse_names(text, start + cut, raw[cut:], bool(tail), narrative=True)
    if names is not None and tail and tail[0] == "and":
        names.tentative = True  # "Smith and colleagues": kept only if Smith is listed
    if names is not None and len(names.authors) == 1 and _is_placeish(names.authors[0]):
        names.tentative = True  # "in England (2009)"
    return names


_QUOTE_INTRO_RE = re.compile(
    rf"{_START}(?P<a>{_AUTHORS})(?:{_APOS}s)?(?:\s+[a-z][\w-]*){{1,4}}\s*[,:]?\s*\Z"
)
_CLOSING_QUOTES = {"”": "“", '"': '"', "»": "«"}
_MAX_QUOTE = 600


def _quoted_names(text: str, open_: int) -> _Names | None:
    """'Kuhn argued that "..." (1962, p. 91)': the author named before the quotation.

    Only a quotation closed right before the bracket, within one paragraph, and a
    name followed by a few lower-case words ("argued that", "put it"). The citation is
    tentative (kept when the list has the author) and its span is the bracket's year.
    """
    j = open_
    while j > 0 and text[j - 1] in " \t\xa0":
        j -= 1
    opener = _CLOSING_QUOTES.get(text[j - 1]) if j > 0 else None
    if opener is None:
        return None
    q = text.rfind(opener, max(0, j - 1 - _MAX_QUOTE), j - 1)
    if q < 0 or _PARAGRAPH_RE.search(text, q, j):
        return None
    lo = max(0, q - _LOOKBACK)
    stop = _SENTENCE_STOP_RE.search(text[lo:q][::-1])
    if stop:
        lo = q - stop.start()
    m = _QUOTE_INTRO_RE.search(text, lo, q)
    if m is None:
        return None
    names = _parse_names(text, m.start("a"), m.group("a"), False, narrative=True)
    if names is None:
        return None
    return replace(names, start=open_, tentative=True)


_PARAGRAPH_RE = re.compile(r"\n[ \t]*\n")
# Searched in the reversed window: a sentence end, a bracket or a digit stops the name.
_SENTENCE_STOP_RE = re.compile(r"\s[.!?]|[()\[\]\d;]|\n[ \t]*\n")


def _heading_break(raw: str) -> int:
    """Offset in a narrative name run after its last line break that no name spans.

    Plain-text essays put headings on lines of their own ("Failed Diplomacy\\nJervis
    (1978) argued"). A wrapped author list breaks after "and", "&", a comma or a
    particle ("Levy and\\nThompson", "van der\\nBerg"); any other break ends the run
    before it, and since the family name comes last, cutting there is safe.
    """
    nl = raw.rfind("\n")
    if nl < 0:
        return 0
    before = raw[:nl].rstrip()
    last = before.split()[-1] if before.split() else ""
    after = raw[nl + 1 :].split()
    if before.endswith((",", "&")) or last in ("and", "und", "et", "y") or last in PARTICLES:
        return 0
    if after and after[0] in ("and", "&") and before.rstrip()[-1:].isalpha() and "," in before:
        return 0  # "Brown, Green\nand White (2018)"
    return nl + 1


def _window_start(text: str, end: int) -> int:
    """Where to start looking back for names ending at ``end``; -1 when none can.

    The search window stops at the last character no author list contains, so the
    backward search (which tries every start position) scans a few words, not 160
    characters; a non-letter right before ``end`` rules names out at once.
    """
    i = end
    while i > 0 and text[i - 1] in " \t\n\xa0":
        i -= 1
    if i == 0 or not (text[i - 1].isalpha() or text[i - 1] in ".'’"):
        return -1
    lo = max(0, end - _LOOKBACK)
    stop = _HARD_STOP_RE.search(text[lo:i][::-1])
    return i - stop.start() if stop else lo


def _parse_names(
    text: str, start: int, raw: str, et_al: bool, narrative: bool = False
) -> _Names | None:
    """Split an author run into family names and judge whether it is really names.

    Returns None for a run that is only function words or starts with a stop-listed
    word ("Figure", "March"). Narrative runs that read like a noun phrase (after a
    determiner, a common word, several capitalised words) come back tentative.
    """
    parsed = _names_core(raw, et_al, narrative)
    if parsed is None:
        return None
    rel, authors, tentative = parsed
    before = text[max(0, start + rel - 20) : start + rel].split()
    # "the Founding Act (1997)", but not "argues this. Waltz (1979)": a word that ends a
    # sentence is not the determiner of the name after it.
    after_determiner = (
        bool(before)
        and _bare(before[-1]) in DETERMINERS
        and not before[-1].endswith((".", "!", "?", ":", ";"))
    )
    if after_determiner and not narrative and len(authors) > 1:
        # "(see the Introduction and Calvez et al., 2011)": the first "name" is a noun.
        sep = _SPLIT_RE.search(raw, rel)
        if sep is not None:
            return _parse_names(text, start + sep.end(), raw[sep.end() :], et_al)
    if narrative and not et_al and not tentative:
        tentative = after_determiner  # "the Founding Act (1997)"
    return _Names(start + rel, authors, et_al, tentative)


@lru_cache(maxsize=8192)
def _names_core(raw: str, et_al: bool, narrative: bool) -> tuple[int, tuple[str, ...], bool] | None:
    """The context-free part of ``_parse_names``: (offset in raw, authors, tentative).

    Cached because a long document cites the same author runs over and over.
    """
    if _SIMPLE_NAME_RE.fullmatch(raw):
        return _simple_name(raw, et_al, narrative)
    pieces: list[tuple[int, str, str]] = []  # (offset, name, separator before it)
    pos, sep = 0, ""
    for sm in _SPLIT_RE.finditer(raw):
        pieces.append((pos, raw[pos : sm.start()], sep))
        pos, sep = sm.end(), sm.group().strip(" ,\n\t") or ","
    pieces.append((pos, raw[pos:], sep))

    tentative = _strip_leading(pieces, narrative, et_al)
    if not pieces:
        return None
    if (
        not narrative
        and len(pieces) > 1
        and pieces[1][2] == ","
        and _LABEL_RE.fullmatch(pieces[0][1])
        and not _LABEL_RE.fullmatch(pieces[1][1])
    ):
        pieces.pop(0)  # "(CART, Breiman et al., 1984)": a label, then the author
    if narrative:
        pieces = _narrative_trim(pieces)
        tentative = tentative or (not et_al and _looks_like_phrase(pieces))
    authors = [_clean_family(name, narrative) for _off, name, _sep in pieces]
    first = _bare(authors[0].split()[0]) if authors[0] else ""
    if not first or first in STOPWORDS:
        return None
    if first in SOFT_STOPWORDS and len(authors) == 1 and not et_al:
        tentative = True
    if len(authors) > 1:
        authors = _merge_corporate(authors, [p[2] for p in pieces])
    return pieces[0][0], tuple(authors), tentative


def _simple_name(
    word: str, et_al: bool, narrative: bool
) -> tuple[int, tuple[str, ...], bool] | None:
    """The fast path of ``_names_core`` for the usual one-word name ("Smith")."""
    bare = word.casefold()
    if bare in STOPWORDS or (bare in LEADING_WORDS and not et_al):
        return None
    if narrative:
        word = _strip_possessive(word)
        bare = word.casefold()
    tentative = not et_al and (bare in SOFT_STOPWORDS or (narrative and bare in COMMON_WORDS))
    return 0, (word,), tentative


def _strip_leading(pieces: list[tuple[int, str, str]], narrative: bool, et_al: bool) -> bool:
    """Drop sentence words from the front of ``pieces`` in place; True if a determiner.

    "However, Smith" loses "However"; "As Smith" loses "As"; "In Russia, Smith (2019)"
    loses "In Russia" (a capitalised phrase opened by a function word and closed by a
    comma is an adverbial, not an author); "Analysis of Smith (2019)" loses "Analysis
    of"; "The Bucharest Summit" loses "The" and is marked tentative.
    """
    determiner = False
    while pieces:
        off, name, sep0 = pieces[0]
        words = name.split()
        k = _leading_count(words, narrative)
        whole = k >= len(words)
        if k == 0:
            break
        if whole and len(pieces) == 1 and et_al:
            break  # "An et al. 2011": a surname, not an article
        if whole and len(pieces) > 1 and pieces[1][2] in ("and", "&"):
            break  # "So and Lee": a surname again
        determiner = determiner or any(_bare(w) in DETERMINERS for w in words[:k])
        adverbial = _bare(words[0]) in ADVERBIAL_STARTS
        if whole or (narrative and adverbial and len(pieces) > 1 and pieces[1][2] == ","):
            pieces.pop(0)
            continue
        cut = 0
        for w in words[:k]:
            cut = name.index(w, cut) + len(w)
        cut = name.index(words[k], cut)
        pieces[0] = (off + cut, name[cut:], sep0)
        break
    return determiner


def _leading_count(words: list[str], narrative: bool) -> int:
    """How many words at the front of a name are sentence words, not the name."""
    k = 0
    while k < len(words):
        word = _bare(words[k])
        if word in LEADING_WORDS:
            k += 1
        elif narrative and k + 1 < len(words) - 1 and word in COMMON_WORDS:
            if words[k + 1] not in _CONNECTORS:
                break
            k += 2  # "Analysis of Smith (2019)"
        else:
            break
    return k


def _narrative_trim(pieces: list[tuple[int, str, str]]) -> list[tuple[int, str, str]]:
    """Keep only a well-formed narrative list: "A", "A and B", "A, B(,) and C".

    Running text before a narrative citation often ends in a comma list that is not
    authors ("Poland, Hungary, Smith (2019)"); without a final "and"/"&" only the last
    name is the author.
    """
    if len(pieces) > 1 and pieces[-1][2] == ",":
        return pieces[-1:]
    return pieces


def _looks_like_phrase(pieces: list[tuple[int, str, str]]) -> bool:
    """Whether a narrative name is more likely a noun phrase than an author."""
    for _off, nm, _sep in pieces:
        words = nm.split()
        if len(words) == 1 and _bare(_strip_possessive(words[0])) in COMMON_WORDS:
            return True
        if len(words) > 1 and not any(w in PARTICLES for w in words[:-1]):
            return True  # "Bucharest Summit", "World Health Organization"
    return False


def _clean_family(name: str, narrative: bool) -> str:
    """Collapse whitespace, drop initials ("J. Smith") and a possessive ("Tang's")."""
    name = _INITIAL_RE.sub("", _WS_RE.sub(" ", name).strip())
    if narrative:
        name = _strip_possessive(name)
    return name


def _strip_possessive(word: str) -> str:
    if len(word) > 3 and word[-2] in "'’" and word[-1] == "s":
        return word[:-2]
    return word


def _merge_corporate(authors: list[str], seps: list[str]) -> list[str]:
    """Rejoin "Centers for Disease Control and Prevention" split on its "and".

    A name holding a connector word ("of", "for") is an organisation; the word after
    its "and" belongs to it, not to a second author. So does a department after a
    comma ("United Nations, Department of Economic and Social Affairs").
    """
    out: list[str] = []
    for name, sep in zip(authors, seps, strict=True):
        words = name.split()
        if out and sep in ("and", "&") and any(w in _CONNECTORS for w in out[-1].split()):
            out[-1] = f"{out[-1]} {sep} {name}"
        elif (
            out
            and sep == ","
            and any(w.casefold() in _ORG_PARTS for w in words)
            and any(w in _CONNECTORS for w in [*words, *out[-1].split()])
        ):
            out[-1] = f"{out[-1]}, {name}"  # one organisation and its department
        else:
            out.append(name)
    return out


def _bare(word: str) -> str:
    return word.rstrip(".,").casefold()


# ------------------------------------------------------------------------- unbracketed


def _unbracketed_et_al(text: str, found: list[_Hit]) -> Iterator[_Hit]:
    """``adapted from Yu et al. 2010a`` in running text: "et al." marks it as a citation.

    ``found`` (sorted) holds the bracket hits; an "et al." inside one is skipped before
    any lookback, which keeps this pass cheap on citation-dense text.
    """
    starts = [h.start for h in found]
    for m in _ETAL_FREE_RE.finditer(text):
        i = bisect_right(starts, m.start()) - 1
        if i >= 0 and found[i].end > m.start():
            continue
        lo = _window_start(text, m.start())
        if lo < 0:
            continue
        bm = _ETAL_BACK_RE.search(text, lo, m.start())
        if bm is None:
            continue
        names = _parse_names(text, bm.start("a"), bm.group("a"), True, False)
        if names is None or (i >= 0 and found[i].end > names.start):
            continue
        limit = min(len(text), m.end() + 200)
        scan = _scan_years(text, m.end(), limit)
        if scan[0]:
            yield from _year_list(text, 0, scan, limit, names, True, None)
