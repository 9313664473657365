"""Field readers for one reference entry: identifiers, title, locators, publisher.

``refcheck.references.entry`` decides the order in which an entry is read; the pieces
here each recognise one thing wherever it is printed. They take and return plain
strings and offsets so each can be tested on its own.
"""

from __future__ import annotations

from dataclasses import dataclass

from refcheck import doi
from refcheck import lazyre as re

DASHES = "–—‐‑‒−-"  # hyphen last, so the string can sit at the end of a [class]
_DASH = f"[{DASHES}]"

# ---------------------------------------------------------------------------------------
# Identifiers: DOI, URL, ISBN. They are cut out of the entry first, so that their dots
# and digits cannot be mistaken for sentence ends, volumes or pages.

_DOI = re.compile(rf"(?<![\w.]){doi.PREFIX}[^\s\"<>,]+")
# A word glued to a DOI by PDF extraction: "10.1103/X.69.2863.URL".
_DOI_GLUED = re.compile(r"\.(?:URL|Available|Accessed|Retrieved|PMID|https?)\W*$", re.I)
# What may introduce a DOI, matched backwards from the DOI's start.
_DOI_PREFIX = re.compile(r"(?:(?:https?://)?(?:dx\.|www\.)?doi\.org/|\bdoi\s*:?\s*)$", re.I)
_URL = re.compile(r"(?:https?://|www\.)[^\s<>\"]+", re.I)
# Words that introduce a URL ("Retrieved March 3, 2020, from", "Available at:").
_URL_PREFIX = re.compile(
    r"(?:(?:Retrieved|Available|Accessed|Downloaded|Archived)(?:\s[^:/]{0,40}?)?\s(?:from|at)"
    r"(?:\s[^:/()]{1,60}?)?\s*:?\s*|\[?(?:Online|URL)\]?\s*:?\s*)<?$",
    re.I,
)
_PREFIX_WINDOW = 120
_ISBN = re.compile(
    r"\bISBN(?:-1[03])?\s*:?\s*(?P<isbn>(?:97[89][\s-]?)?(?:\d[\s-]?){9}[\dXx])", re.I
)
# "(accessed 3 November 2012)", "Accessed March 3, 2020.", "[cited 2020 May 3]".
_ACCESS = re.compile(
    r"[\[(]?\s*(?:last\s+)?(?:accessed|retrieved|viewed|consulted|cited)(?:\s+on)?\s*:?\s+"
    r"[^\[\]()]{0,30}?\d{4}(?:[^\[\]()]{0,12}?\d{1,2}\b)?\s*[\])]?\.?",
    re.I,
)
_ACCESS_WORDS = ("accessed", "retrieved", "viewed", "consulted", "cited")
# Database and index numbers that follow a reference and are not part of it.
_TRAILING_IDS = re.compile(
    r"[\[(]?\b(?:PMID|PMCID|PMC|pmid|ISSN|OCLC|LCCN|Google Scholar|CrossRef|Medline)\b"
    r"\s*:?\s*[\w-]*[\])]?\.?"
)


_ID_WORDS = ("PMID", "PMC", "pmid", "ISSN", "OCLC", "LCCN", "Google", "CrossRef", "Medline")


def trim_identifier(value: str) -> str:
    """Strip punctuation a sentence put after an identifier, keeping balanced brackets.

    ``10.1016/0022-2836(81)90087-5)`` keeps its inner pair and loses the unmatched
    closing bracket; ``https://x.org/a.`` loses the full stop.
    """
    pairs = {")": "(", "]": "[", "}": "{"}
    while value:
        last = value[-1]
        unmatched = last in pairs and value.count(pairs[last]) < value.count(last)
        if last in ".,;:'\"’”>" or unmatched:
            value = value[:-1]
        else:
            break
    return value


def _cut(text: str, m: re.Match[str]) -> str:
    return f"{text[: m.start()]} {text[m.end() :]}"


@dataclass(slots=True)
class Identifiers:
    doi: str | None = None
    url: str | None = None
    isbn: str | None = None
    accessed: bool = False


def _cut_with_prefix(text: str, start: int, end: int, prefix: re.Pattern[str]) -> str:
    """Remove ``text[start:end]`` and the words that introduce it (bounded look-back)."""
    window_start = max(0, start - _PREFIX_WINDOW)
    m = prefix.search(text, window_start, start)
    if m:
        start = m.start()
    if end < len(text) and text[end] == ">":
        end += 1
    return f"{text[:start]} {text[end:]}"


def take_identifiers(text: str) -> tuple[str, Identifiers]:
    """Remove DOI, URL, ISBN, access dates and index numbers; return what was found.

    Cheap substring tests guard each pattern: most entries carry no identifier, and an
    unanchored search is the costliest operation of the whole parse.
    """
    ids = Identifiers()
    if "10." in text:
        m = _DOI.search(text)
        if m:
            unglued = _DOI_GLUED.sub("", m.group(0))
            ids.doi = trim_identifier(unglued)
            # keep the sentence's own full stop: "Tectonophysics, doi:10.1016/x. PDF"
            end = m.start() + len(ids.doi) if unglued == m.group(0) else m.end()
            text = _cut_with_prefix(text, m.start(), end, _DOI_PREFIX)
    low = text.lower()
    if "http" in low or "www." in low:
        for m in _URL.finditer(text):
            url = trim_identifier(m.group(0))
            if "doi.org/" in url.lower() or url.lower().rstrip("/").endswith("doi.org"):
                continue
            ids.url = url
            text = _cut_with_prefix(text, m.start(), m.end(), _URL_PREFIX)
            break
        low = text.lower()
    if "isbn" in low:
        m = _ISBN.search(text)
        if m:
            ids.isbn = re.sub(r"[\s-]", "", m.group("isbn"))
            text = _cut(text, m)
    if any(word in low for word in _ACCESS_WORDS):
        m = _ACCESS.search(text)
        if m:
            ids.accessed = True
            text = _cut(text, m)
    if any(word in text for word in _ID_WORDS):
        text = _TRAILING_IDS.sub(" ", text)
    return " ".join(text.split()), ids


# ---------------------------------------------------------------------------------------
# Sentence boundaries and titles.

_SENTENCE_END = re.compile(r"([.?!])[\"”’']?\s+(?=\S)")
# Words whose full stop does not end a sentence (compared case-folded).
_ABBREVIATION_WORDS = (
    "vs v eg e.g ie i.e st dr mr mrs ms no nos vol vols ed eds pp jr sr inc cf al ca fig op "
    "cit approx dept univ proc conf intl natl ltd corp assoc trans repr co bros pub publ "
    "tech rep int intern symp soc acad sci ann amer comput eng inst phys chem biol med "
    "lett math stat appl ser suppl bull res j jpn natl nat sect"
)
_ABBREVIATIONS = frozenset(_ABBREVIATION_WORDS.split())
_QUOTES = {"“": "”", '"': '"', "„": "“", "‘": "’", "«": "»", "‚": "‘", "'": "'"}
# Single quotes double as apostrophes ("the West’s fault"): a closing one must be
# followed by the punctuation that ends a quoted title ("'Title', Journal").
_SINGLE_CLOSE = {"'": re.compile(r"'(?=\s*[,.;:]|\s*$)"), "‘": re.compile(r"’(?=\s*[,.;:]|\s*$)")}


def is_abbreviation(text: str, dot: int) -> bool:
    """Whether the full stop at ``dot`` ends an abbreviation or an initial, not a sentence."""
    start = text.rfind(" ", 0, dot) + 1
    token = text[start:dot].lstrip("([“\"'‘")
    if not token or token[-1] in ")]”\"'":
        return False
    if len(token) == 1 and token.isalpha():
        return True  # an initial: "J. S. Bach", "U. S."
    if len(token) <= 3 and token.isdigit():
        return True  # an ordinal: "5. Aufl.", "Chapter 29. Title"
    if "." in token and all(len(p) <= 2 for p in token.split(".")):
        return True  # "U.S", "e.g", "Ph.D"
    return token.casefold() in _ABBREVIATIONS


def sentence_end(text: str, pos: int = 0, limit: int | None = None) -> tuple[int, int] | None:
    """(end of sentence, start of next) for the first real sentence end after ``pos``.

    A "?" or "!" belongs to the sentence (a title such as "Why ...?"); a full stop does
    not. Stops inside initials and common abbreviations are skipped.
    """
    for m in _SENTENCE_END.finditer(text, pos, len(text) if limit is None else limit):
        mark = m.start(1)
        if m.group(1) == "." and is_abbreviation(text, mark):
            continue
        end = mark if m.group(1) == "." else m.start(1) + 1
        return end, m.end()
    return None


def quoted_span(text: str, pos: int) -> tuple[int, int, int] | None:
    """(start, end, next) of a quoted title opening at ``pos`` (after skipped spaces)."""
    if pos >= len(text) or text[pos] not in _QUOTES:
        return None
    single = _SINGLE_CLOSE.get(text[pos])
    if single is not None:
        m = single.search(text, pos + 1)
        close = m.start() if m else -1
    else:
        close = text.find(_QUOTES[text[pos]], pos + 1)
    if close == -1 or close - pos < 3:
        return None
    return pos + 1, close, close + 1


_DESCRIPTOR = re.compile(
    r"\s*(?:\[(?P<square>[^\[\]]{1,120})\]|\((?P<round>[^()]{1,80})\))\s*$",
)
_DESCRIPTOR_WORDS = re.compile(
    r"\b(?:eds?|éd|edn|edition|vols?|translated|transl?|director|producer|dvd|cd|pp|report|no|nr|dissertation|thesis|trans|version|"
    r"preprint|working paper|white paper|audio|video|motion picture|film|data ?set|software|"
    r"blog|tweet|podcast|press release|doctoral|master|unpublished|abstract|review|"
    r"editorial|letter|lecture|speech|webinar|fact sheet|brochure|policy brief|map)\b",
    re.I,
)


def split_descriptors(title: str) -> tuple[str, list[str]]:
    """Cut trailing "[Doctoral dissertation, X]" / "(2nd ed.)" style notes off a title."""
    notes: list[str] = []
    while True:
        m = _DESCRIPTOR.search(title)
        if not m:
            break
        inner = m.group("square") or m.group("round") or ""
        if m.group("round") is not None and not _DESCRIPTOR_WORDS.search(inner):
            break
        notes.append(inner)
        title = title[: m.start()]
    return title.rstrip(" ,.;:"), notes


# ---------------------------------------------------------------------------------------
# Volume, issue and pages.

_PAGES = (
    rf"(?P<pages>(?<![\w.])[A-Za-z]{{0,2}}\d+[a-z]?(?:\s*{_DASH}+\s*[A-Za-z]{{0,2}}\d+[a-z]?)?)"
)
_RANGE_AHEAD = rf"[A-Za-z]{{0,2}}\d+[a-z]?\s*{_DASH}+\s*[A-Za-z]{{0,2}}\d"
_PP = r"(?:(?:pp?|pgs?)\.?\s*|S\.\s*|pages?\s+|Article\s+(?:No\.?\s*)?|art\.\s*)"
_VOL = r"(?<![\w.,-])(?P<vol>[A-Z]?\d{1,5}[A-Z]?)"
_TAIL = r"(?=\s*(?:[.,;)\[]|$))"
_LOCATORS = [
    # Chicago: 12, no. 3 (1979): 1–20   /   12, no. 3: 1–20
    re.compile(
        rf"{_VOL}\s*,\s*(?:no|issue)\.?\s*(?P<iss>[\w/{DASHES}]{{1,10}})"
        rf"(?:\s*\((?P<date>[^()]{{1,30}})\))?(?:\s*[:,]\s*{_PP}?{_PAGES})?{_TAIL}",
        re.I,
    ),
    # APA/Harvard: 93(5), 77–89   30(2): 167-214   113 ( Pt 17), 3013–3023   36 (2010), pp. 1-9
    # (not a conference's acronym: "Systems 5 (NIPS*92)", "(IJCAI-91)")
    re.compile(
        rf"{_VOL}\s*\((?![A-Z]{{2,}}\W?\d)(?P<iss>[^()]{{1,25}})\)(?:\s*[,:.]?\s*{_PP}?{_PAGES})?"
        rf"{_TAIL}"
    ),
    # MLA: 13.2 (1989): 287-292
    re.compile(
        rf"{_VOL}\.(?P<iss>\d{{1,4}})\s*\((?P<date>[^()]{{1,30}})\)\s*[:,]\s*{_PP}?{_PAGES}{_TAIL}"
    ),
    # Vancouver: 2013;122(2):179-187   2009 Jan;12(3):45-9
    re.compile(
        r"(?P<date>(?:1[5-9]|20)\d\d)[^;:()]{0,15};\s*(?P<vol>\d{1,5})\s*"
        rf"(?:\((?P<iss>[^()]{{1,20}})\))?\s*(?::\s*{_PP}?{_PAGES})?{_TAIL}"
    ),
    # vol. 11, no 6, p. 647-653   Vol. 3   Bd. 12
    re.compile(
        r"\b(?:vol(?:ume)?|bd|jg)\.?\s*(?P<vol>\d{1,5}|[IVXLC]{1,7}\b)"
        r"(?:\s*[,.(]?\s*(?:no|nos|issue|nr|heft|number|№)\.?\s*(?P<iss>[\w–-]{1,10})\)?)?"
        r"(?:\s*\((?P<date>[^()]{1,30})\))?"
        rf"(?:\s*[,:.]?\s*{_PP}{_PAGES})?",
        re.I,
    ),
    # eLife: 184:768–782   16:e1008184
    re.compile(rf"{_VOL}\s*:\s*{_PP}?{_PAGES}{_TAIL}"),
    # Copernicus and many numbered styles: 22, 597-603   12, pp. 3-9
    re.compile(rf"{_VOL}\s*,\s*(?:{_PP}|(?={_RANGE_AHEAD})){_PAGES}{_TAIL}"),
    # A volume and one page or article number closing the entry: "Sciences 103, 18556."
    re.compile(
        r"(?<![\w.,-])(?!(?:1[5-9]|20)\d\d\b)(?P<vol>\d{1,4})\s*,\s*"
        r"(?P<pages>(?!(?:1[5-9]|20)\d\d\b)[A-Za-z]?\d{3,7})(?=\s*\.?\s*$)"
    ),
]
_PAGES_ONLY = re.compile(rf"(?<!\w){_PP}{_PAGES}")
_BARE_RANGE = re.compile(
    rf"(?<=[,:]\s)(?P<pages>[A-Za-z]?\d+\s*{_DASH}+\s*[A-Za-z]?\d+){_TAIL}",
)
_YEARLIKE = re.compile(r"^(?:1[5-9]|20)\d\d$")


@dataclass(slots=True)
class Locator:
    """Where a volume/issue/pages group sits in a string, and its parts."""

    start: int
    end: int
    volume: str | None = None
    issue: str | None = None
    pages: str | None = None
    year: str | None = None


def normalise_pages(pages: str) -> str:
    """``77–89`` → ``77-89``; an article number such as ``e1008184`` is kept as given."""
    return re.sub(rf"\s*{_DASH}+\s*", "-", pages.strip())


def _year_in(text: str | None) -> str | None:
    if not text:
        return None
    m = re.search(r"\b(?:1[5-9]|20)\d\d\b", text)
    return m.group(0) if m else None


def _locator_from(m: re.Match[str]) -> Locator:
    groups = m.groupdict()
    pages = groups.get("pages")
    issue = groups.get("iss")
    year = _year_in(groups.get("date"))
    if issue and (_year_in(issue) and not re.fullmatch(r"\d{1,3}", issue.strip())):
        year, issue = _year_in(issue), None  # "36 (2010), pp. 1-9": a date, not an issue
    return Locator(
        m.start(),
        m.end(),
        volume=groups.get("vol"),
        issue=issue.strip() if issue else None,
        pages=normalise_pages(pages) if pages else None,
        year=year,
    )


_MALFORMED_PAGES = re.compile(
    r"\s*[,:]\s*(?:pp?\.\s*)?(?P<pages>[A-Za-z]{0,2}\d[\w\-–—]{0,20})(?=\s*\.?\s*$)"
)


def find_locator(text: str) -> Locator | None:
    """The earliest volume/issue/pages group in ``text``; pages alone as a fallback."""
    best: re.Match[str] | None = None
    for pattern in _LOCATORS:
        m = pattern.search(text)
        if m and (best is None or m.start() < best.start()):
            best = m
    if best is not None:
        loc = _locator_from(best)
        if loc.pages is None:
            rest = _PAGES_ONLY.search(text, loc.end)
            if rest and rest.start() - loc.end < 4:
                loc.pages, loc.end = normalise_pages(rest.group("pages")), rest.end()
            elif bad := _MALFORMED_PAGES.match(text, loc.end):
                # Kept as printed ("171-", "171-2O1") so that RC202 can say what is
                # wrong, rather than dropped, which would read as "pages missing".
                loc.pages, loc.end = normalise_pages(bad.group("pages")), bad.end()
        return loc
    m = _PAGES_ONLY.search(text) or _BARE_RANGE.search(text)
    if m and not _is_year_range(m.group("pages")):
        return Locator(m.start(), m.end(), pages=normalise_pages(m.group("pages")))
    return None


def _is_year_range(pages: str) -> bool:
    parts = re.split(_DASH + "+", pages)
    return len(parts) == 2 and all(_YEARLIKE.match(p.strip()) for p in parts)


# ---------------------------------------------------------------------------------------
# Publishers and periodicals.

_PUBLISHER_WORDS = re.compile(
    r"\b(?:Press|Publish\w*|Verlag|Books|Routledge|Wiley|Springer|Elsevier|Sage|SAGE|"
    r"Macmillan|Palgrave|Blackwell|Penguin|Norton|Knopf|Polity|Verso|Brill|Pearson|"
    r"McGraw|Addison|Prentice|Harper\w*|Random House|Houghton|Longman|Basic|Academic|"
    r"Gallimard|Seuil|Suhrkamp|Taylor|Francis|Bloomsbury|Vintage|Doubleday|Simon|Norton|"
    r"Edward Elgar|Praeger|Rowman|Lynne Rienner|Ashgate|Continuum|Hachette|Scribner|"
    r"Little, Brown|Oxford|Cambridge|Harvard|Princeton|Yale|Stanford|Cornell|MIT|"
    r"University|Universit\w+|Inc\.?|Ltd\.?|GmbH|Co\.|& Sons|Editions?|Éditions|Editora|"
    r"Editorial|Ed\.|Group|Company|Publications?|Kaufmann|Erlbaum|Kluwer|Pergamon|Plenum|"
    r"Ablex|Guilford|Jossey-Bass|North-Holland|Birkhäuser|Dekker|Karger|Thieme|Lippincott|"
    r"Saunders|Mosby|Heinemann|Allyn|Cengage|Wadsworth|Methuen|Earthscan|Butterworth)\b"
)
_PERIODICAL_WORDS = re.compile(
    r"\b(?:Journal|J\.|Review|Rev\.|Quarterly|Magazine|Times|Post|News|Newsweek|Guardian|"
    r"Economist|Herald|Tribune|Gazette|Daily|Weekly|Monthly|Chronicle|Telegraph|Observer|"
    r"Independent|Affairs|Policy|Bulletin|Letters|Transactions|Annals|Proceedings|Science|"
    r"Nature|Atlantic|Yorker|Forbes|Wired|Time|Politico|Reuters|BBC|CNN|NPR|Bloomberg|"
    r"Insider|Street Journal|Foreign|Diplomat|Blog|Medium|Conversation|Monitor|Standard|"
    r"Express|Mail|Sun|Spiegel|Le Monde|Zeitung|Herald)\b"
)
_PUBLISHER_END = re.compile(r",\s*(?:(?:1[5-9]|20)\d\d|\d+(?:st|nd|rd|th) ed)")
_PLACE_PUBLISHER = re.compile(
    r"(?P<place>[A-Z][^:;\d]{1,40}?)\s*:\s*(?P<publisher>[^:;()]{2,120})$",
)


def looks_like_publisher(text: str) -> bool:
    return _PUBLISHER_WORDS.search(text) is not None


def looks_like_periodical(text: str) -> bool:
    return _PERIODICAL_WORDS.search(text) is not None


def place_and_publisher(segment: str) -> tuple[str | None, str | None]:
    """Read "New York: Basic Books" (or "Basic Books, New York") into (place, publisher)."""
    segment = segment.strip(" .,;")
    m = _PLACE_PUBLISHER.search(segment)
    if m:
        publisher = _PUBLISHER_END.split(m.group("publisher"))[0]
        return m.group("place").strip(), publisher.strip(" .,") or None
    return None, segment or None
