"""Parsing one free-text reference-list entry into a :class:`~refcheck.model.Reference`.

The entry is read left to right in the order every common style prints it:

1. identifiers (DOI, URL, ISBN, access dates) are cut out first, because their dots
   and digits would otherwise look like sentence ends, volumes and pages;
2. the author list (:mod:`refcheck.references.entry_names`), then an editor marker
   such as "(Eds.)", then the date. A date right after the authors means an
   author-date style (APA, Harvard, Chicago author-date, eLife); otherwise the year is
   looked for at the end (IEEE, Vancouver, MLA);
3. the title: a quoted string, or the first real sentence;
4. the rest, where a volume/issue/pages group marks a periodical and what precedes it
   is the container; an "In ..." marks a chapter or conference paper; otherwise the
   rest names a publisher (book, report, thesis) or a site (web page).

Precision is preferred over recall: a field that cannot be placed is left ``None``.
The parser never raises: every pattern is anchored or bounded, and a final guard turns
an unexpected error into a partially filled ``Reference``.
"""

from __future__ import annotations

from refcheck import lazyre as re
from refcheck.model import Name, Reference, Span
from refcheck.references.entry_fields import (
    Identifiers,
    find_locator,
    looks_like_periodical,
    looks_like_publisher,
    place_and_publisher,
    quoted_span,
    sentence_end,
    split_descriptors,
    take_identifiers,
)
from refcheck.references.entry_names import DIRECT_SHAPE, ROLE, initials_list, scan_names

# Longer "entries" are mis-split text; parse their start only. Genome papers list
# hundreds of authors (5,000 characters), so the limit is generous.
_MAX_LENGTH = 8000

_MARKUP = re.compile(r"</?(?:i|b|em|strong|italic|bold|sup|sub|u|sc)>", re.I)
_LIST_LABEL = re.compile(r"^(?:\[(\d{1,4})\]|\((\d{1,4})\)|(\d{1,3})[.)](?=\s))\s*")
_REPEATED_AUTHOR = re.compile(r"^(?:[—–_-]\s?){2,}[.,]?\s*")
_EDITOR_MARK = re.compile(
    r"\s*(?:\((?:eds?|editors?|hrsg|coords?|dirs?)\.?\)|,\s*(?:eds?|editors?)\.?(?=[\s.,(]|$))",
    re.I,
)
_YEAR = r"(?P<year>(?:1[5-9]|20)\d\d)(?P<suffix>[a-z])?(?![\w])"
# Right after the authors a year is unmistakably the date, so implausible ones (a typo
# "2104", a medieval "1299") are read too, for RC206 to report rather than lose.
_WIDE_YEAR = r"(?P<year>(?:1\d|2[01])\d\d)(?P<suffix>[a-z])?(?![\w])"
_NO_DATE = r"(?P<nd>n\.\s?d\.?)(?:\s?-\s?(?P<ndsuffix>[a-z]))?"
_IN_PRESS = r"(?P<press>in\s+press|forthcoming|under\s+review|submitted)"
_DATE = rf"(?:{_YEAR}|{_NO_DATE}|{_IN_PRESS})"
# "(2014)", "(2014a)", "(2020, March 5)", "(n.d.)", "(in press)"; or bare "1978." / "2009,".
_DATE_AFTER_AUTHORS = re.compile(
    rf"[\s.,:]*(?P<open>\(\s*)?(?:{_WIDE_YEAR}|{_NO_DATE}|{_IN_PRESS})"
    rf"(?(open)[^()]{{0,40}}\)|(?=[\s.,:;)]|$))",
    re.I,
)
# A date later in the entry: the fallback for styles that print the year last.
_ANY_YEAR = re.compile(r"(?<![\w/.-])(?:1[5-9]|20)\d\d(?P<suffix>[a-z])?(?![\w/-])")
_ORG_DATE = re.compile(
    rf"(?:^|[.,]\s+|\s)(?P<open>\(\s*)?{_DATE}(?(open)[^()]{{0,40}}\)|(?=[.,:]))", re.I
)
_ORGANISATION_WORDS = re.compile(
    r"\b(?:Organi[sz]ation|Association|Institute|Institution|Department|Agency|Council|"
    r"Commission|Society|Bank|Office|University|Committee|Ministry|Nations|Union|"
    r"Foundation|Cent(?:re|er)|Group|Board|Bureau|Service|Fund|Forum|Program(?:me)?|"
    r"Corporation|Government|Parliament|Court|Federation|League|Network|Consortium|"
    r"Authority|Academy|Administration|Alliance|Coalition|Watch|International|Trust|"
    r"Secretariat|Assembly|Congress|Senate|Company|Inc|Ltd|Project|Initiative)\b"
)
_MONTH = (
    r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec|January|February|March|"
    r"April|June|July|August|September|October|November|December|Spring|Summer|Fall|"
    r"Autumn|Winter)"
)
_TRAILING_DATE_RE = re.compile(
    rf"[\s,.;(]*(?:(?:\d{{1,2}}\s+)?{_MONTH}\.?\s*(?:\d{{1,2}},?\s+)?|\d{{1,2}},?\s+|(?<![^\W\d_]))"
    r"(?:1[5-9]|20)\d\d[a-z]?\)?"
    r"[\s,.;]*$"
)
_LEADING_DATE = re.compile(
    rf"^[\s,.;(]*(?:{_MONTH}\.?\s+)?(?:1[5-9]|20)\d\d[a-z]?(?:\)[\s,.;]*|[,.;][\s,.;]*|$)"
)
_IN_MARK = re.compile(r",\s+(?=[Ii]n:?\s+[A-Z])")
_COMMA = re.compile(r",\s+")
_PLACE_COLON = re.compile(r"[A-Z][^,:;()\d]{1,30}(?:,\s*[A-Z][\w.]{1,12})?\s?:\s+\S")
_LOOKS_LIKE_PLACE = re.compile(r"^[A-Z][\w ]{1,25}(?:,\s*[A-Z][\w. ]{1,15})?$")
# What trails a container but is not part of its name: "vol.", "n°", ", 30", "2nd ed.".
_CONTAINER_TRAILER = re.compile(
    r"(?:[\s,.;:]*\b(?:vol|no|issue)\.?|\s*,?\s*n[°º]|,\s*\d{1,4}"
    r"|,?\s*\(?\d{1,2}(?:st|nd|rd|th)\s+(?:ed\.?|edn\.?|edition)\)?)[\s,.;:]*$",
    re.I,
)
_COUNTRY = (
    r"(?:Australia|Austria|Belgium|Brazil|Canada|China|Czech Republic|Denmark|England|"
    r"Finland|France|Germany|Greece|Hungary|India|Ireland|Israel|Italy|Japan|Korea|Mexico|"
    r"Netherlands|New Zealand|Norway|Poland|Portugal|Russia|Scotland|Singapore|Spain|"
    r"Sweden|Switzerland|Taiwan|Hong Kong|South Africa|Turkey|Argentina|Chile|Wales|UK|"
    r"U\.K\.|USA|U\.S\.A\.|U\.S\.)"
)
_PLACE_WORD = r"(?!(?:Part|Volume|Vol|Section|Session|Track|Workshop|Conference)\b)[A-Z][a-z]+"
# The venue after a conference name: ", Edinburgh", " Pisa, Italy", " Germany",
# ", San Diego, CA". Only ever cut from a name that reads as a conference.
_CONFERENCE_PLACE = re.compile(
    rf"(?:,\s*{_PLACE_WORD}(?:[\s-]{_PLACE_WORD})?(?:,\s*(?:{_COUNTRY}|[A-Z]{{2}}))?"
    rf"|(?<=[\w)])\s+(?:{_PLACE_WORD},\s*)?(?:{_COUNTRY}|(?<=,\s)[A-Z]{{2}}))\.?$"
)
_LOOKS_LIKE_PLACE_ONLY = re.compile(
    rf"^{_PLACE_WORD}(?:\s{_PLACE_WORD})?,\s*(?:{_COUNTRY}|[A-Z]{{2}}|{_PLACE_WORD})$"
).match
# "London: ", "New York, NY: ", "Oxford, England: " - but not "Long-Term Sustainability, Berlin: ".
_PLACE_PUBLISHER_START = re.compile(
    rf"[A-Z][^,:;()\d]{{1,30}}(?:,\s*(?:[A-Z]{{2}}|[A-Z]\.\s?[A-Z]\.|{_COUNTRY}))?\s?:\s"
)
_TRANSLATOR = re.compile(r"\s*(?:Trans|Transl|Translated|Ed|Eds|Edited|Hrsg|Tr)\b\.?", re.I)
_PRESENTED = re.compile(r"\b(?:presented at|Paper presented|Poster)\b", re.I)
_SPECIAL_ISSUE = re.compile(r"(?:^|,?\s+)Special [Ii]ssue\b(?::[^,]*)?,?")
_CHAPTER = re.compile(r"^(?:In|in|IN)\s*:?\s+(?=\S)")
_CHAPTER_EDITORS = re.compile(
    r"(?P<eds>[^()]{1,250}?)\s*\((?:eds?|editors?|hrsg|coords?|dirs?)\.?\)[\s,.:]*", re.I
)
_CHAPTER_EDITOR_MARK = re.compile(r"\s*(?:,\s*|\()(?:editors?|eds?|hrsg)\b\.?\)?[\s,.:]*", re.I)
_EDITED_BY = re.compile(r",?\s*\(?(?:edited\s+by|ed\.\s+by|eds?\.|hrsg\.\s+v\.)\s+", re.I)
_PREPRINT_ID = re.compile(
    r"\b(?:arXiv|bioRxiv|medRxiv|SSRN)\s*:?\s*(?:abs/)?\d[\w./-]*(?:\s*\[[\w.-]+\])?", re.I
)
_PREPRINT = re.compile(
    r"\b(?:arXiv|bioRxiv|medRxiv|SSRN|PsyArXiv|SocArXiv|preprint|Research Square|"
    r"OSF Preprints|Preprints\.org)\b",
    re.I,
)
_PREPRINT_WORDS = ("arxiv", "biorxiv", "medrxiv", "ssrn", "preprint", "research square")
_THESIS = re.compile(
    r"\b(?:dissertation|thesis|Ph\.?\s?D|doctoral|master'?s|M\.?A\.? thesis|M\.?Sc|DPhil|"
    r"Habilitation|Dissertation)\b",
    re.I,
)
_REPORT = re.compile(
    r"\b(?:report|working paper|technical memo|tech\.\s*rep|white paper|policy brief|"
    r"discussion paper|occasional paper|briefing|research paper|fact sheet)\b",
    re.I,
)
_PROCEEDINGS = re.compile(
    r"\b(?:Proc\.|Conf\.|Symp\.|(?:Proceedings|Conference|Symposium|Workshop|Congress|"
    r"Meeting|Colloquium|Summit)\b)",
    re.I,
)
_LEADING_PUNCT = " .,;:"


def parse_entry(raw: str, span: Span) -> Reference:
    """Parse one reference entry (one line, whitespace normalised) into fields.

    Never raises: on any unexpected input the fields read so far are returned.
    """
    ref = Reference(span=span, raw=raw)
    try:
        _parse(ref, " ".join(raw[:_MAX_LENGTH].split()))
    except Exception:  # a linter must survive any input; keep what was read
        return ref
    return ref


def _parse(ref: Reference, text: str) -> None:
    text = _strip_label(ref, _MARKUP.sub("", text))
    text, ids = take_identifiers(text)
    ref.doi, ref.url, ref.isbn = ids.doi, ids.url, ids.isbn
    text, preprint = _take_preprint_id(text)
    pos, date_found = _read_authors(ref, text)
    title_end, notes = _read_title(ref, text, pos)
    tail = text[title_end:].strip(_LEADING_PUNCT)
    tail_kind = _read_tail(ref, tail, notes)
    if not date_found:
        _read_late_year(ref, text[pos:], tail)
    ref.kind = _decide_kind(ref, text, tail, notes, tail_kind, ids, preprint)
    _newspaper_page(ref)


# A newspaper's section page after its name: "The New York Times, A1" / ", pp. B3-B4".
_SECTION_PAGE = re.compile(
    r"^(?P<name>.+?),\s*(?:pp?\.\s*)?(?P<page>[A-Z]\d{1,3}(?:[-–][A-Z]?\d{1,3})?)$"
)


def _newspaper_page(ref: Reference) -> None:
    """Split a section page off the container of a piece dated to the day."""
    if ref.dated_by_day and ref.container and not ref.pages:
        m = _SECTION_PAGE.match(ref.container)
        if m:
            ref.container, ref.pages = m.group("name"), m.group("page").replace("–", "-")


def _strip_label(ref: Reference, text: str) -> str:
    """Drop a list label ("[12]", "12.") and remember its number."""
    m = _LIST_LABEL.match(text)
    if m:
        ref.number = int(m.group(1) or m.group(2) or m.group(3))
        text = text[m.end() :]
    return text


def _take_preprint_id(text: str) -> tuple[str, bool]:
    """Cut "arXiv:1706.03762" so its digits are not read as volume and pages."""
    low = text.lower()
    if not any(word in low for word in _PREPRINT_WORDS):
        return text, False
    m = _PREPRINT_ID.search(text)
    if m:
        kept = text[: m.start()] + text[m.end() :]
        return " ".join(kept.split()), True
    return text, _PREPRINT.search(text) is not None


# ---------------------------------------------------------------------------------------
# Authors and date.


def _read_authors(ref: Reference, text: str) -> tuple[int, bool]:
    """Fill authors (and the year when it follows them).

    Returns where the title starts and whether a date was read, so that the caller
    knows whether to look for the year later in the entry.
    """
    repeated = _REPEATED_AUTHOR.match(text)
    if repeated:  # "———. 1999." repeats the previous entry's authors
        return _read_date(ref, text, repeated.end())
    scan = scan_names(text)
    if scan.names and not _looks_incomplete(scan.names, text, scan.end):
        pos = scan.end
        edited = _EDITOR_MARK.match(text, pos)
        role = ROLE.match(text, pos)
        if edited:
            pos = edited.end()
            ref.editors = list(scan.names)
        elif role:
            pos = role.end()
        ref.authors, ref.et_al = list(scan.names), scan.et_al
        after, dated = _read_date(ref, text, pos)
        if dated and _is_organisation(scan.shape, ref.authors, text[: scan.end]):
            ref.authors = [Name(text[: scan.end].strip(_LEADING_PUNCT))]
        return after, dated
    return _read_organisation(ref, text)


def _read_date(ref: Reference, text: str, pos: int) -> tuple[int, bool]:
    m = _DATE_AFTER_AUTHORS.match(text, pos)
    if not m:
        return pos, False
    _set_date(ref, m)
    return m.end(), True


_DAY_DATE = re.compile(rf"^[a-z]?,\s*{_MONTH}", re.I)


def _set_date(ref: Reference, m: re.Match[str]) -> None:
    if m.group("year"):
        ref.year, ref.suffix = m.group("year"), m.group("suffix") or ""
        # "(2019, December 5)": APA dates newspapers, magazines and web pages by the day.
        ref.dated_by_day = bool(_DAY_DATE.search(m.group()[m.end("year") - m.start() :]))
    elif m.group("nd"):
        ref.year, ref.suffix = "n.d.", m.group("ndsuffix") or ""
    elif m.group("press"):
        ref.year = "in press"


def _is_organisation(shape: str, names: list[Name], block: str) -> bool:
    """A direct-order "name" before an APA date is a body: "World Health Organization"."""
    if shape != DIRECT_SHAPE or len(names) != 1:
        return False
    if _ORGANISATION_WORDS.search(block):
        return True
    # A person before an APA date is inverted ("Waltz, K. N."); an uninverted name
    # without initials is a body ("Founding Act", "Human Rights Watch"). Matching
    # also indexes a multi-word name by its last word, so "Kenneth Waltz (1979)" read
    # as a body still matches "Waltz (1979)".
    given = names[0].given.split()
    return len(given) >= 1 and not any(g.endswith(".") or len(g) == 1 for g in given)


def _looks_incomplete(names: list[Name], text: str, pos: int) -> bool:
    """Names that run into lower-case words were the start of an organisation's name."""
    rest = text[pos : pos + 30]
    return len(names) == 1 and re.match(r"\s+(?:of|for|and|on|in)\s", rest) is not None


def _read_organisation(ref: Reference, text: str) -> tuple[int, bool]:
    """An author that is not a person: "NATO. (2008)." - a short, digit-free prefix."""
    m = _ORG_DATE.search(text, 0, 200)
    if m is None or m.start() == 0:
        return 0, False
    prefix = text[: m.start()].strip(_LEADING_PUNCT)
    if (
        prefix
        and not any(c.isdigit() for c in prefix)
        and len(prefix.split()) <= 12
        and not any(q in prefix for q in '“"‘«')
        and not _REPEATED_AUTHOR.match(prefix)
    ):
        ref.authors = initials_list(prefix) or [Name(prefix)]
        _set_date(ref, m)
        return m.end(), True
    return 0, False


def _read_late_year(ref: Reference, body: str, tail: str) -> None:
    """Styles that print the year last: take the last year of the tail, else of the body."""
    if ref.year:
        return
    for source in (tail, body):
        years = list(_ANY_YEAR.finditer(source))
        if years:
            ref.year, ref.suffix = years[-1].group(0)[:4], years[-1].group("suffix") or ""
            return
    if re.search(r"\bn\.\s?d\.", body):
        ref.year = "n.d."
    elif re.search(r"\bin press\b", body, re.I):
        ref.year = "in press"


# ---------------------------------------------------------------------------------------
# Title.


def _read_title(ref: Reference, text: str, pos: int) -> tuple[int, list[str]]:
    """Set the title; return where the rest of the entry starts and any "(2nd ed.)" notes."""
    while pos < len(text) and text[pos] in _LEADING_PUNCT:
        pos += 1
    if pos >= len(text):
        return pos, []
    quoted = quoted_span(text, pos)
    if quoted:
        start, end, after = quoted
        title, notes = split_descriptors(text[start:end].strip(" ,.;:"))
        ref.title = title or None
        return after, notes
    bound = sentence_end(text, pos)
    end, after = bound if bound else (len(text), len(text))
    chapter = _IN_MARK.search(text, pos, end)
    if chapter:  # "Title, in Book, edited by ..." has no full stop before the "in"
        end, after = chapter.start(), chapter.end()
    else:
        end, after = _merge_subtitle(text, end, after)
    title = text[pos:end]
    # Comma-separated styles run title and container together: "Title, Journal, 22, 5-9."
    loc = find_locator(title)
    if loc is not None and loc.start > 0:
        cut = title.rfind(", ", 0, loc.start)
        if cut > 0:
            end = after = pos + cut
            title = title[:cut]
    elif after >= len(text):
        cut = _publisher_comma(title)
        if cut > 0:
            end = after = pos + cut
            title = title[:cut]
    title, notes = split_descriptors(title.strip(" ,;:"))
    ref.title = title.rstrip(".") or None
    return after, notes


def _merge_subtitle(text: str, end: int, after: int) -> tuple[int, int]:
    """Extend a title over a second sentence that is a subtitle, not a container.

    "The authentic heart. An eightfold path to midlife love. New York: Wiley." and
    "Title. Subtitle. In A. Editor (Ed.), ..." - the second sentence is part of the
    title when what follows it is a chapter's "In" or, on its own, a publisher.
    """
    nxt = sentence_end(text, after)
    if nxt is None:
        return end, after
    second = text[after : nxt[0]]
    if (
        len(second.split()) < 2
        or _CHAPTER.match(second)
        or any(c.isdigit() for c in second)
        or ":" in second
        or looks_like_publisher(second)
        or looks_like_periodical(second)
        or _THESIS.search(second)
        or _REPORT.search(second)
    ):
        return end, after
    rest = text[nxt[1] :]
    if _CHAPTER.match(rest) or (sentence_end(rest) is None and _names_publisher(rest)):
        return nxt
    return end, after


def _names_publisher(sentence: str) -> bool:
    sentence = sentence.strip(_LEADING_PUNCT)
    return _PLACE_COLON.match(sentence) is not None or looks_like_publisher(sentence)


def _publisher_comma(title: str) -> int:
    """Offset of the ", " that starts a publisher in "Title, MIT Press" (0 if none)."""
    for m in _COMMA.finditer(title):
        segment = title[m.end() :]
        if looks_like_publisher(segment.split(",")[0]) or _PLACE_COLON.match(segment):
            return m.start()
    return 0


# ---------------------------------------------------------------------------------------
# The rest: container, locators, publisher.


def _read_tail(ref: Reference, tail: str, notes: list[str]) -> str:
    """Read container/volume/pages/publisher from what follows the title.

    Returns "chapter", "periodical", "publisher", "container" or "" to tell the kind
    decision what was seen.
    """
    for note in notes:
        _read_note_locators(ref, note)
    if not tail:
        return ""
    chapter = _CHAPTER.match(tail)
    if chapter:
        _read_chapter(ref, tail[chapter.end() :])
        return "chapter"
    loc = find_locator(tail)
    if loc is not None and loc.start < 200:
        container = _clean_container(tail[: loc.start])
        inner = sentence_end(container)
        if inner and _names_publisher(container[inner[1] :]):
            _read_publisher(ref, container[inner[1] :])
            container = container[: inner[0]]
        elif inner:
            container = _title_overflow(ref, container, inner)
        ref.container = container or None
        ref.volume, ref.issue, ref.pages = loc.volume, loc.issue, loc.pages
        if loc.year and not ref.year:
            ref.year = loc.year
        if container:
            if ref.publisher is None and _names_publisher(tail[loc.end :]):
                _read_publisher(ref, tail[loc.end :])
            return "periodical"
        _read_publisher(ref, tail[loc.end :])
        return "publisher" if ref.publisher else ""
    return _read_plain_tail(ref, tail, notes)


def _title_overflow(ref: Reference, container: str, inner: tuple[int, int]) -> str:
    """The journal is the last sentence before the volume; earlier ones end the title.

    "Functional anatomy of the basal ganglia. I. The cortico-basal ... loop. Brain
    Research Reviews 20, 91-127": the title's second part is not the journal's name.
    Short leading parts stay ("Nature Reviews. Neuroscience" is one journal).
    """
    end, start = inner
    while True:
        nxt = sentence_end(container, start)
        if nxt is None:
            break
        end, start = nxt
    head, last = container[:end], container[start:]
    if (
        len(head.split()) < 3
        or not ref.title
        or _title_was_quoted(ref)
        or looks_like_periodical(head)
        or _PROCEEDINGS.search(container)
        or _TRANSLATOR.match(head)
        or not re.search(r"[^\W\d]{2}", last)
        or len(scan_names(head).names) >= 2
    ):
        return container
    ref.title = f"{ref.title}. {head.strip(_LEADING_PUNCT)}"
    return container[start:]


def _title_was_quoted(ref: Reference) -> bool:
    at = ref.raw.find(ref.title[:30]) if ref.title else -1
    return at > 0 and ref.raw[at - 1] in "“\"‘«'`"


def _read_note_locators(ref: Reference, note: str) -> None:
    """Volume and pages from a note after a book title, as in "(Vol. 3, pp. 12-34)"."""
    loc = find_locator(note)
    if loc is not None:
        ref.volume = ref.volume or loc.volume
        ref.pages = ref.pages or loc.pages


def _strip_trailing_date(segment: str) -> str:
    """Drop a date that ends ``segment`` ("JAMA, 2016", "Times, March 5, 2020")."""
    head = max(0, len(segment) - 40)  # a date is short; never scan the whole segment
    m = _TRAILING_DATE_RE.search(segment, head)
    return segment[: m.start()] if m else segment


def _clean_container(segment: str) -> str:
    segment = _strip_trailing_date(segment)
    segment = _LEADING_DATE.sub("", segment)
    segment = re.sub(r"^(?:In|in)\s*:?\s+", "", segment)
    segment = _SPECIAL_ISSUE.sub("", segment)
    segment = _CONTAINER_TRAILER.sub("", segment)
    segment = _strip_conference_place(segment)
    return segment.strip(" ,.;:(")


def _strip_conference_place(name: str) -> str:
    """Drop the venue a conference name runs into: "Proc. of X (IJCAI-91) Sydney, Australia"."""
    if not _PROCEEDINGS.search(name):
        return name
    m = _CONFERENCE_PLACE.search(name, max(0, len(name) - 60))
    return name[: m.start()] if m and m.start() > 0 else name


def _read_chapter(ref: Reference, body: str) -> None:
    """Read a chapter's book: "In A. Editor (Eds.), Book (pp. 1-9). Publisher." and kin."""
    eds = _CHAPTER_EDITORS.match(body)
    eds_names = scan_names(eds.group("eds")).names if eds else []
    book_first = eds and not eds_names and _trailing_names_cut(eds.group("eds")) > 0
    if eds and not book_first and not _PROCEEDINGS.search(eds.group("eds")[:40]):
        ref.editors = eds_names
        body = body[eds.end() :]
    else:
        scan = scan_names(body)
        marker = _CHAPTER_EDITOR_MARK.match(body, scan.end) if scan.names else None
        if marker:  # "In Dale, R., and Zock, M., eds., Book" / "In X, editors, Book"
            ref.editors = scan.names
            body = body[marker.end() :]
    book_end, after = _book_title_end(body)
    late = _EDITORS_MARK_AFTER.search(body, 0, book_end + 8)
    cut = _trailing_names_cut(body[: late.start()]) if late else 0
    if late and cut > 0:  # "Book, E. Neuhold, Ed.", "Book, Diebolt, C., (eds.), Springer"
        ref.editors = ref.editors or scan_names(body[cut : late.start()].lstrip(" ,")).names
        ref.container = _clean_container(body[:cut]) or None
        rest = body[late.end() :]
        loc = find_locator(rest)
        if loc is not None:
            ref.volume, ref.issue, ref.pages = loc.volume, loc.issue, loc.pages
            more = find_locator(rest[loc.end :]) if loc.pages is None else None
            ref.pages = more.pages if more is not None else ref.pages
        _read_publisher(ref, _LEADING_EDITION.sub("", rest))
        return
    edited_by = _EDITED_BY.search(body, 0, book_end + 1)
    if edited_by:
        if not ref.editors:
            ref.editors = scan_names(body[edited_by.end() :]).names
        book_end = edited_by.start()
    ref.container = _clean_container(re.sub(r",\s*\d{1,4}$", "", body[:book_end])) or None
    loc = find_locator(body[book_end:])
    if loc is not None:
        ref.volume = ref.volume or loc.volume
        ref.issue = ref.issue or loc.issue
        ref.pages = ref.pages or loc.pages
    _read_publisher(ref, body[after:])
    if ref.publisher is None and after > book_end:  # "Book. Subtitle, Berlin: Springer, pp."
        _read_publisher(ref, body[book_end:after])


_EDITORS_MARK_AFTER = re.compile(
    r"[\s,]*\(?\b(?:eds?|editors?)\b\.?\)?(?=[\s,.;:]|$)[\s,.;:]*", re.I
)
_LEADING_EDITION = re.compile(r"^[\s,.]*(?:\w+\s+(?:ed\.|edn\.?|edition)|vol\.\s*\d+)[\s,.]*", re.I)


def _trailing_names_cut(segment: str) -> int:
    """Offset of the ", " before a list of names that ends ``segment`` (0 if none).

    "Handbook of Combinatorics, R. Graham, M. Grotschel, and L. Lovasz" -> the first ", ".
    """
    segment = segment.rstrip(" ,")
    pos = segment.find(", ")
    while pos > 0:
        rest = segment[pos + 2 :]
        scan = scan_names(rest)
        if scan.names and scan.end >= len(rest) - 1:
            return pos
        names = initials_list(rest.replace(".", ""))
        if names and len(rest) < 80:
            return pos
        pos = segment.find(", ", pos + 2)
    return 0


def _book_title_end(body: str) -> tuple[int, int]:
    """Where a book title inside "In ..." ends, and where the text after it starts."""
    bound = sentence_end(body)
    end, after = bound if bound else (len(body), len(body))
    end, after = _merge_book_sentence(body, end, after)
    for m in _NUMBER_STOP.finditer(body, 0, end):  # "Systems 6. Morgan Kaufmann."
        if _names_publisher(body[m.end() : end]):
            end, after = m.start() + len(m.group(1)), m.end()
            break
    for pattern in (
        r"\s\((?=[^()]{0,40}(?:\bpp?\.|[Pp]ages|[Vv]ol\.|[Ee]dition|\bed\.)|\d)",
        r",\s*(?:pp?\.|pages|vol\.)",
        r"\s\[",
        r",\s+[A-Z][^,:;()]{1,30}:\s",  # ", New York: Plenum"
    ):
        m = re.search(pattern, body[:end])
        if m:
            end = m.start()
    loc = find_locator(body[:end])
    if loc is not None and loc.start > 0:
        end = loc.start
    return end, after


_NUMBER_STOP = re.compile(r"(\s\d{1,3})\.\s+(?=[A-Z])")
_PLACE_COMMA_COLON = re.compile(r",\s+[A-Z][^,:;()]{1,30}:\s")


def _merge_book_sentence(body: str, end: int, after: int) -> tuple[int, int]:
    """Extend a book title over its subtitle sentence when the publisher follows.

    "The handbook of narrative. Practice, theory, and research. London: Sage." - the
    second sentence belongs to the book when it is neither a publisher nor a place and
    the text after it (or its own ", Berlin: Springer" part) names the publisher.
    """
    if after >= len(body):
        return end, after
    nxt = sentence_end(body, after)
    second_end, rest_start = nxt if nxt else (len(body), len(body))
    second = body[after:second_end]
    if (
        len(second.split()) < 2
        or second.lstrip().startswith(("(", "["))
        or looks_like_publisher(second.split(",")[0])
        or _PLACE_PUBLISHER_START.match(second)
        or re.search(r"\d", second.split(",")[0])
        or _THESIS.search(second)
    ):
        return end, after
    rest = body[rest_start:]
    own = _PLACE_COMMA_COLON.search(second)
    if own or (rest and sentence_end(rest) is None and _names_publisher(rest)):
        return second_end, rest_start
    return end, after


def _read_publisher(ref: Reference, rest: str) -> None:
    """Find the publisher among the sentences after a book title or locator.

    Prefer "Place: Publisher", then a sentence with a publisher word ("Press", "Wiley"),
    then a lone remaining sentence. Places, page ranges and bracketed notes are skipped.
    """
    sentences = _sentences(rest, 5)
    for sentence in sentences:
        place, publisher = place_and_publisher(sentence)
        if place is not None and publisher:
            ref.publisher = publisher
            return
    for sentence in sentences:
        if looks_like_publisher(sentence):
            ref.publisher = _pick_publisher(sentence)
            return
    if len(sentences) == 1 and not _LOOKS_LIKE_PLACE.match(sentences[0]):
        ref.publisher = _pick_publisher(sentences[0])


def _sentences(rest: str, limit: int) -> list[str]:
    """Up to ``limit`` cleaned sentences of ``rest`` that contain a word."""
    out: list[str] = []
    pos = 0
    while pos < len(rest) and len(out) < limit:
        bound = sentence_end(rest, pos)
        end, nxt = bound if bound else (len(rest), len(rest))
        sentence = _strip_trailing_date(_strip_locators(rest[pos:end]))
        sentence = sentence.strip(_LEADING_PUNCT + "()")
        if re.search(r"[^\W\d]{2}", sentence) and not sentence.startswith("["):
            out.append(sentence)
        pos = nxt
    return out


def _strip_locators(sentence: str) -> str:
    return re.sub(r"\(?\b(?:pp?\.|pages)\s*[\d\s–-]+\)?,?", "", sentence).strip()


def _pick_publisher(segment: str | None) -> str | None:
    """The part of "Cambridge Univ. Press, Cambridge" that names the publisher."""
    if not segment or ", " not in segment:
        return segment
    parts = [p.strip() for p in segment.split(",") if p.strip()]
    for part in parts:
        if looks_like_publisher(part):
            return part
    return parts[0] if parts else None


def _read_plain_tail(ref: Reference, tail: str, notes: list[str]) -> str:
    """No volume or pages: the first sentence is a publisher, a periodical or a site."""
    bound = sentence_end(tail)
    first = (tail[: bound[0]] if bound else tail).strip(_LEADING_PUNCT)
    first = _strip_trailing_date(first).strip(_LEADING_PUNCT)
    if not first or not re.search(r"[^\W\d]{2}", first):
        return ""
    if _PRESENTED.search(first):  # "Paper presented at X, Place": X is the container
        ref.container = first.split(", ")[0]
        return "presented"
    place, publisher = place_and_publisher(first)
    if place is not None:
        ref.publisher = publisher
        return "publisher"
    described = " ".join(notes)
    if _THESIS.search(described) or _REPORT.search(described) or looks_like_publisher(first):
        ref.publisher = _pick_publisher(first)
        return "publisher"
    if _PROCEEDINGS.search(first) and not _THESIS.search(tail) and not _REPORT.search(first):
        # "Title. 11th International Conference on X. Gothenburg, Sweden."
        ref.container = _strip_conference_place(first)
        return "presented"
    if (
        looks_like_periodical(first)
        or _PREPRINT.search(first)
        or ((ref.url or ref.doi) and len(first.split()) <= 6 and not _LOOKS_LIKE_PLACE_ONLY(first))
    ):
        ref.container = first
        return "container"
    ref.publisher = _pick_publisher(first)
    return "publisher"


# ---------------------------------------------------------------------------------------
# Kind.


def _decide_kind(
    ref: Reference,
    text: str,
    tail: str,
    notes: list[str],
    tail_kind: str,
    ids: Identifiers,
    preprint: bool,
) -> str:
    """Classify from the strongest evidence first: explicit genre words, then shape."""
    described = " ".join(notes)
    if _THESIS.search(described) or (_THESIS.search(tail) and tail_kind != "periodical"):
        return "thesis"
    if preprint and tail_kind != "periodical":
        return "preprint"
    if tail_kind == "presented":
        return "conference"
    if tail_kind == "chapter":
        return "conference" if _PROCEEDINGS.search(ref.container or "") else "chapter"
    if _REPORT.search(described) or (_REPORT.search(tail) and tail_kind != "periodical"):
        return "report"
    if ref.container and (ref.volume or ref.pages or tail_kind in ("periodical", "container")):
        if _PROCEEDINGS.search(ref.container):
            return "conference"
        if tail_kind == "container" and not looks_like_periodical(ref.container) and ids.url:
            return "web"
        return "article"
    if ref.editors and not ref.container:
        return "book"
    if ref.publisher:
        return "book"
    if ids.url or ids.accessed:
        return "web"
    return "unknown"


__all__ = ["parse_entry"]
