"""Comparing a reference entry with Crossref records: pure functions, no I/O.

Two questions are answered here, and both are answered so that a *correct* entry
produces no complaint at all:

1. ``best_candidate``: which record of a bibliographic search (if any) is the entry's
   work? Crossref's relevance score only orders the candidates; acceptance is decided by
   field agreement: a near-identical title plus an agreeing first author plus at least
   one more agreeing field (year, journal, volume, first page). A search always returns
   *something*, so acceptance must be strict; a wrongly accepted record would turn into
   false "mismatch" findings and a wrong DOI suggestion.
2. ``compare_fields``: which fields of an accepted record disagree with the entry?
   Every comparison knows how real Crossref data differs from a printed reference
   without either being wrong: online-first years, first-page-only records, article
   numbers used as pages, abbreviated page ranges, subtitles stored apart, HTML and
   newlines in titles, typographic quotes, diacritics, abbreviated journal names, a
   leading "The", books whose ``container-title`` is a series, chapters whose
   ``container-title`` is the book.
"""

from __future__ import annotations

import functools
import html
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from rapidfuzz import fuzz

from refcheck import lazyre as re
from refcheck.crossref import FieldDiff
from refcheck.model import Reference
from refcheck.names import family_keys, fold

Record = Mapping[str, Any]

# A title scoring this (rapidfuzz ratio of normalised text, 0-100) is the same title.
TITLE_SAME = 90.0
# Below this a search candidate is never accepted, however much else agrees.
TITLE_CANDIDATE = 85.0
# Below this a DOI's record is another work unless author, year and more agree.
TITLE_OTHER_WORK = 60.0
# Family names this similar (after folding) are the same person: Muehlen / Mühlen.
NAME_SAME = 88.0
# Journal names this similar are the same journal.
CONTAINER_SAME = 88.0

# Crossref update types that withdraw a work (``updated-by`` / ``update-to``).
RETRACTION_TYPES = frozenset({"retraction", "withdrawal", "removal", "partial_retraction"})
# Record types per entry kind that can be the same work. A book entry must not be
# matched to a journal article (a book review carries the book's title).
BOOK_TYPES = frozenset(
    {"book", "monograph", "edited-book", "reference-book", "book-set", "book-series", "other"}
)
COMPATIBLE_TYPES: dict[str, frozenset[str]] = {
    "book": BOOK_TYPES,
    "chapter": frozenset({"book-chapter", "book-part", "book-section", "reference-entry"}),
}
_TYPOGRAPHIC = str.maketrans(
    {
        "\u2018": "'",
        "\u2019": "'",
        "\u201a": "'",
        "\u201b": "'",
        "\u201c": '"',
        "\u201d": '"',
        "\u201e": '"',
        "\u2032": "'",
        "\u2013": "-",
        "\u2014": "-",
        "\u2012": "-",
        "\u2010": "-",
        "\u2011": "-",
        "\u2212": "-",
        "\u00a0": " ",
    }
)
_TAG = re.compile(r"<[^<>]{1,200}>")
_RETRACTED_PREFIX = re.compile(r"^\s*+(?:retracted|withdrawn)\s*+(?:article\s*+)?[:.-]\s*+", re.I)
# Separators start where a run of spaces starts (the look-behind): splitting a long run
# of spaces costs its length once, not once per space.
_SUBTITLE_SPLIT = re.compile(r"(?<!\s)(?:\s*+[:?!]\s++|\s++[-\u2013\u2014]\s++)|\.\s++")
_CONTAINER_STOP = frozenset("of the and for in on de der des du la le et und fur a an".split())


# --- text normalisation --------------------------------------------------------------


# Pure functions of one string, asked about the same titles again and again (each
# candidate of a search against each variant of the entry, a record in several
# searches): cached, a repeat costs a dict lookup.
@functools.lru_cache(maxsize=16384)
def clean_text(text: str) -> str:
    """Printable text of a Crossref string: HTML tags and entities out, one-line,
    typographic quotes and dashes made plain. ``<i>KRAS</i>\\n /`` → ``KRAS /``."""
    text = html.unescape(_TAG.sub(" ", text)).translate(_TYPOGRAPHIC)
    return " ".join(text.split())


@functools.lru_cache(maxsize=16384)
def norm_text(text: str) -> str:
    """Comparable form: clean, no accents, lower case, ``&`` = ``and``, punctuation out."""
    text = _RETRACTED_PREFIX.sub("", clean_text(text))
    text = unicodedata.normalize("NFKD", text.replace("&", " and "))
    text = "".join(c for c in text if not unicodedata.combining(c)).casefold()
    return " ".join(re.sub(r"[^\w]+", " ", text).split())


def first(value: Any) -> str:
    """Crossref wraps most strings in lists: the first non-empty string, or ``""``."""
    if isinstance(value, str):
        return value
    if isinstance(value, list):
        for v in value:
            if isinstance(v, str) and v.strip():
                return v
    return ""


def strings(value: Any) -> list[str]:
    """Every non-empty string of a Crossref list field."""
    if isinstance(value, str):
        return [value] if value.strip() else []
    if isinstance(value, list):
        return [v for v in value if isinstance(v, str) and v.strip()]
    return []


def objects(value: Any) -> list[Mapping[str, Any]]:
    """The objects of a Crossref list field (authors, updates); anything else is none.

    The client validates answers first; these guards keep the comparison total on any
    record, so a shape nobody foresaw is a non-match, never an exception.
    """
    return [v for v in value if isinstance(v, Mapping)] if isinstance(value, list) else []


def record_type(rec: Record) -> str:
    """The record's ``type``, or ``""`` when it is missing or not a string."""
    value = rec.get("type")
    return value if isinstance(value, str) else ""


def record_title(rec: Record) -> str:
    """The record's title with its subtitle, as a reader would print it."""
    title = clean_text(first(rec.get("title")))
    sub = clean_text(first(rec.get("subtitle")))
    return f"{title}: {sub}" if title and sub else title


def _main_title(text: str) -> str:
    """The part before a subtitle separator (``:``, ``?``, `` - ``, ``. ``)."""
    return _SUBTITLE_SPLIT.split(clean_text(text), maxsplit=1)[0]


def _title_variants(rec: Record) -> list[str]:
    """Full titles a record may be printed under: with and without subtitle, short,
    original-language."""
    subs = strings(rec.get("subtitle"))
    out: list[str] = []
    for t in strings(rec.get("title")) + strings(rec.get("original-title")):
        out.append(t)
        out += [f"{t}: {s}" for s in subs]
    out += strings(rec.get("short-title"))
    return out


def _long_enough(text: str) -> bool:
    """A main title alone identifies a work only if it is not a generic word or two."""
    return len(text.split()) >= 3 and len(text) >= 15


def title_score(entry_title: str | None, rec: Record) -> float | None:
    """0-100 similarity of the entry's title to the record's, subtitle-tolerant.

    The entry may carry the subtitle the record stores apart (or drops), or drop the
    one the record has: each side's main title (before ``:``) is also compared with
    the other's full title, when that main title is specific enough on its own.
    ``None`` when either side has no title.
    """
    variants = _title_variants(rec)
    if not entry_title or not variants:
        return None
    mine = [norm_text(entry_title)]
    main = _main_title(entry_title)
    if _long_enough(main):
        mine.append(norm_text(main))
    theirs = [norm_text(v) for v in variants]
    theirs += [norm_text(_main_title(v)) for v in variants if _long_enough(_main_title(v))]
    best = 0.0
    for a in mine:
        for b in theirs:
            if a and b:
                best = max(best, fuzz.ratio(a, b))
    return best


# --- authors ---------------------------------------------------------------------------


def _record_people(rec: Record, role: str) -> list[tuple[str, str]]:
    """(family, given) of each author/editor; organisations have their name as family."""
    out = []
    for person in objects(rec.get(role)):
        if not isinstance(person, Mapping):
            continue
        family = person.get("family") or person.get("name") or ""
        given = person.get("given") or ""
        if isinstance(family, str) and family.strip():
            out.append((family.strip(), given.strip() if isinstance(given, str) else ""))
    return out


def _same_family(a: str, b: str) -> bool:
    if not set(family_keys(a)).isdisjoint(family_keys(b)):
        return True
    fa, fb = fold(a), fold(b)
    return bool(fa and fb) and fuzz.ratio(fa, fb) >= NAME_SAME


def author_agrees(ref: Reference, rec: Record) -> bool | None:
    """Does the entry's first author match the record's? ``None``: nothing to compare.

    The record's first editor counts for edited books (the entry then lists editors as
    authors), and a given name counts when Crossref swapped given and family (common
    for East Asian names).
    """
    if not ref.authors or not ref.authors[0].family:
        return None
    people = _record_people(rec, "author") or _record_people(rec, "editor")
    if not people:
        return None
    mine = ref.authors[0].family
    family, given = people[0]
    if _same_family(mine, family) or (given and _same_family(mine, given)):
        return True
    editors = _record_people(rec, "editor")
    return bool(editors) and _same_family(mine, editors[0][0])


def record_first_author(rec: Record) -> str:
    people = _record_people(rec, "author") or _record_people(rec, "editor")
    return people[0][0] if people else ""


# --- years -------------------------------------------------------------------------------

DATE_FIELDS = (
    "issued",
    "published-print",
    "published-online",
    "published",
    "posted",
    "approved",
    "content-created",
)


def _year_of(date: Any) -> int | None:
    if not isinstance(date, Mapping):
        return None
    parts = date.get("date-parts")
    if isinstance(parts, list) and parts and isinstance(parts[0], list) and parts[0]:
        y = parts[0][0]
        if isinstance(y, int) and 1000 < y < 3000:
            return y
        if isinstance(y, str) and y.isdecimal():
            return int(y)
    return None


def record_years(rec: Record) -> set[int]:
    """Every year the work can rightly be cited under: issued, print, online, posted,
    and the journal issue's own dates (online-first articles are cited by either)."""
    years = {_year_of(rec.get(f)) for f in DATE_FIELDS}
    issue = rec.get("journal-issue")
    if isinstance(issue, Mapping):
        years |= {_year_of(issue.get(f)) for f in ("published-print", "published-online")}
    # Records of the second sources (refcheck.sources.records) may list more years:
    # every edition of a book in Open Library. Crossref records never carry this field.
    extra = rec.get("refcheck-years")
    if isinstance(extra, list):
        years |= {y for y in extra if isinstance(y, int) and 1000 < y < 3000}
    return {y for y in years if y is not None}


def _entry_year(ref: Reference) -> int | None:
    y = (ref.year or "")[:4]
    return int(y) if y.isdecimal() else None


def year_agrees(ref: Reference, rec: Record) -> bool | None:
    """Equal to any of the record's years; a book is also allowed one year either way
    (a December release carries next year's copyright date)."""
    mine, theirs = _entry_year(ref), record_years(rec)
    if mine is None or not theirs:
        return None
    if mine in theirs:
        return True
    slack = 1 if record_type(rec) in BOOK_TYPES or ref.kind == "book" else 0
    return any(abs(mine - y) <= slack for y in theirs)


# --- volume, issue, pages ----------------------------------------------------------------


def _norm_number(text: str) -> str:
    text = clean_text(text).casefold()
    text = re.sub(r"^(?:vol(?:ume)?|no|nr|issue|iss)\.?\s*", "", text)
    return re.sub(r"\s+", "", text).lstrip("0") or text


def volume_agrees(ref: Reference, rec: Record) -> bool | None:
    """Equal volumes; or the journal numbers volumes by year and Crossref moved the
    printed volume into ``issue`` (Crelle's Journal: volume "2015", issue "700")."""
    mine, theirs = ref.volume, first(rec.get("volume"))
    if not mine or not theirs:
        return None
    a, b = _norm_number(mine), _norm_number(theirs)
    if a == b:
        return True
    issue = _norm_number(first(rec.get("issue")) or "")
    return bool(re.fullmatch(r"(1[5-9]|20)\d\d", b)) and a == issue


def _issue_parts(text: str) -> set[str]:
    return {p.lstrip("0") or p for p in re.split(r"[/\-,&+]|\band\b", _norm_number(text)) if p}


def issue_agrees(ref: Reference, rec: Record) -> bool | None:
    """Combined issues agree with either part: entry ``1`` vs Crossref ``1/2``."""
    mine, theirs = ref.issue, first(rec.get("issue"))
    if not mine or not theirs:
        return None
    return not _issue_parts(mine).isdisjoint(_issue_parts(theirs))


_PAGE_SPLIT = re.compile(r"(?<!\s)\s*+(?:-++|to)\s*+")


def split_pages(text: str) -> tuple[str, str | None]:
    """``"77–89"`` → ("77", "89"); ``"1425-37"`` → ("1425", "1437"); ``"e1008184"`` →
    ("e1008184", None). Only the first range of a list counts."""
    text = clean_text(text).casefold()
    text = re.sub(r"^(?:pp?\.?|pages?)\s*", "", text).split(",")[0].strip()
    parts = _PAGE_SPLIT.split(text, maxsplit=1)
    start = parts[0].strip()
    end = parts[1].strip() if len(parts) > 1 and parts[1].strip() else None
    if end is not None:
        end = _expand_end(start, end)
    return start, end


def _expand_end(start: str, end: str) -> str:
    """Abbreviated ends take the start's leading digits: 1425-37 → 1437, S12-19 → S19."""
    ms, me = re.fullmatch(r"([a-z]*)(\d+)", start), re.fullmatch(r"([a-z]*)(\d+)", end)
    if not ms or not me:
        return end
    prefix = me.group(1) or ms.group(1)
    sd, ed = ms.group(2), me.group(2)
    if len(ed) < len(sd):
        ed = sd[: len(sd) - len(ed)] + ed
    return prefix + ed


def _same_page(a: str, b: str) -> bool:
    """Pages agree ignoring a letter prefix one side drops (``e1008184`` / ``1008184``)."""
    if a == b:
        return True
    da, db = re.sub(r"^[a-z]+", "", a), re.sub(r"^[a-z]+", "", b)
    return bool(da) and da == db and da.isdigit()


def pages_agree(ref: Reference, rec: Record) -> bool | None:
    """First pages must agree and, when Crossref has a range too, last pages.

    A record with only a first page (``"77"``) agrees with ``77-89``; an article number
    (``article-number`` or a page like ``e1008184``) agrees when the entry gives it as
    its page.
    """
    if not ref.pages:
        return None
    mine_start, mine_end = split_pages(ref.pages)
    numbers = {norm_text(n).replace(" ", "") for n in strings(rec.get("article-number"))}
    if mine_start in numbers or (ref.pages and norm_text(ref.pages) in numbers):
        return True
    page = first(rec.get("page"))
    if not page:
        return None if not numbers else any(_same_page(mine_start, n) for n in numbers)
    start, end = split_pages(page)
    if not _same_page(mine_start, start):
        return False
    return end is None or mine_end is None or _same_page(mine_end, end)


# --- containers --------------------------------------------------------------------------


def _container_words(text: str) -> list[str]:
    words = norm_text(text).split()
    if words and words[0] == "the":
        words = words[1:]
    return words


def _abbreviates(short: list[str], full: list[str]) -> bool:
    """Is ``short`` an abbreviation of ``full``? ``J Biol Chem`` / ``Journal of
    Biological Chemistry``, ``Proc Natl Acad Sci`` / ``Proceedings of the National
    Academy of Sciences``: each short word starts its full word and is a subsequence of
    it; stop words of the full name may be skipped."""
    significant = [w for w in full if w not in _CONTAINER_STOP]
    short = [w for w in short if w not in _CONTAINER_STOP]
    if not short or len(short) != len(significant):
        return False
    return all(_is_abbrev(s, f) for s, f in zip(short, significant, strict=True))


def _is_abbrev(short: str, word: str) -> bool:
    if short == word:
        return True
    if not short or short[0] != word[0] or len(short) > len(word):
        return False
    it = iter(word)
    return all(ch in it for ch in short)


def container_names(rec: Record) -> list[str]:
    """Journal names of a record, and each without a parenthetical alternative name:
    ``Journal für die reine und angewandte Mathematik (Crelles Journal)`` gives also
    the name before and the name inside the brackets."""
    names = strings(rec.get("container-title")) + strings(rec.get("short-container-title"))
    out = list(names)
    for name in names:
        m = re.fullmatch(r"([^()]*[^()\s])\s*\((.+)\)\s*", name)
        if m:
            out += [m.group(1), m.group(2)]
    return out


def container_agrees(ref: Reference, rec: Record) -> bool | None:
    """Journal names agree if nearly equal (ignoring a leading "The", case, accents and
    punctuation), or if one abbreviates the other (``J. Biol. Chem.``)."""
    names = container_names(rec)
    if not ref.container or not names:
        return None
    mine = _container_words(ref.container)
    for name in names:
        theirs = _container_words(name)
        if not mine or not theirs:
            continue
        if fuzz.ratio(" ".join(mine), " ".join(theirs)) >= CONTAINER_SAME:
            return True
        if _abbreviates(mine, theirs) or _abbreviates(theirs, mine):
            return True
    # A chapter's container is the book: compare it as a title.
    if record_type(rec) in COMPATIBLE_TYPES["chapter"]:
        score = max(title_score(ref.container, {"title": [n]}) or 0 for n in names)
        return score >= TITLE_SAME
    return False


# --- retractions ---------------------------------------------------------------------------


def _doi_of(item: Mapping[str, Any]) -> str:
    value = item.get("DOI") or item.get("id") or ""
    return value.strip().lower() if isinstance(value, str) else ""


def retraction_notice(rec: Record) -> str | None:
    """The DOI of a notice retracting this record's work, ``""`` if the notice has none,
    ``None`` if the work is not retracted.

    Crossref marks it on the work itself: ``updated-by`` entries (publisher- and
    Retraction-Watch-sourced) with a retraction type, or a ``relation``
    ``is-retracted-by``. A record's own ``update-to`` means the record *is* a notice
    (or a new version: PLOS records point ``new_version`` at themselves), not that it is
    retracted.
    """
    for item in objects(rec.get("updated-by")):
        if str(item.get("type", "")).lower() in RETRACTION_TYPES:
            return _doi_of(item)
    relation = rec.get("relation")
    if isinstance(relation, Mapping):
        for item in objects(relation.get("is-retracted-by")):
            return _doi_of(item)
    return None


def notice_for(doi: str, records: Iterable[Record]) -> str | None:
    """The DOI of a retraction notice among ``records`` whose ``update-to`` names ``doi``
    (a search may return the notice next to the work)."""
    doi = doi.lower()
    for rec in records:
        if not isinstance(rec, Mapping):
            continue
        for item in objects(rec.get("update-to")):
            if _doi_of(item) == doi and str(item.get("type", "")).lower() in RETRACTION_TYPES:
                return first(rec.get("DOI")).lower() or ""
    return None


# --- acceptance and comparison ---------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Agreement:
    """Per-field agreement of an entry with a record: True, False or None (unknown)."""

    title: float | None
    author: bool | None
    year: bool | None
    container: bool | None
    volume: bool | None
    page: bool | None

    @property
    def supporting(self) -> int:
        """Agreeing fields besides title and author."""
        return sum(x is True for x in (self.year, self.container, self.volume, self.page))

    @property
    def rank(self) -> float:
        """Higher is a better candidate (used to choose among accepted records)."""
        agree = sum(x is True for x in (self.author, self.year, self.container))
        agree += sum(x is True for x in (self.volume, self.page))
        disagree = sum(x is False for x in (self.author, self.year, self.volume, self.page))
        return (self.title or 0) / 25 + agree - disagree


def _is_journal(rec: Record) -> bool:
    return record_type(rec) == "journal-article"


def agreement(ref: Reference, rec: Record) -> Agreement:
    journal = _is_journal(rec)
    return Agreement(
        title=title_score(ref.title, rec),
        author=author_agrees(ref, rec),
        year=year_agrees(ref, rec),
        container=container_agrees(ref, rec) if _compares_container(ref, rec) else None,
        volume=volume_agrees(ref, rec) if journal else None,
        page=pages_agree(ref, rec) if _compares_pages(rec) else None,
    )


def _type_compatible(ref: Reference, rec: Record) -> bool:
    allowed = COMPATIBLE_TYPES.get(ref.kind)
    rtype = record_type(rec) or None
    if allowed is None or not isinstance(rtype, str):
        # An article entry must not take a book's record (nor a chapter's) of the
        # same title: those are other works of the same name.
        return not (ref.kind == "article" and rtype in BOOK_TYPES - {"other"})
    return rtype in allowed


def acceptable(ref: Reference, rec: Record, agree: Agreement | None = None) -> bool:
    """Is this search candidate the entry's work?

    The title must be nearly identical (>= 90, or >= 85 with two further agreeing
    fields); the first author must agree (when the record names one; otherwise two
    further fields must); no contradiction in type; and at least one of year, journal,
    volume, first page must agree, so that a same-titled work by the same author in
    another year (a new edition, a reply) is not taken for it.
    """
    a = agree or agreement(ref, rec)
    if a.title is None or a.title < TITLE_CANDIDATE or not _type_compatible(ref, rec):
        return False
    if a.author is False:
        return False
    needed = 1 if a.title >= TITLE_SAME else 2
    if a.author is None and ref.authors:
        needed = 2
    return a.supporting >= needed


def best_candidate(ref: Reference, items: Iterable[Record]) -> Record | None:
    """The accepted candidate agreeing best with the entry (Crossref's order breaks ties)."""
    best: tuple[float, int, Record] | None = None
    for i, rec in enumerate(items):
        if not isinstance(rec, Mapping):
            continue
        a = agreement(ref, rec)
        if acceptable(ref, rec, a) and (best is None or a.rank > best[0]):
            best = (a.rank, i, rec)
    return best[2] if best else None


def is_other_work(ref: Reference, rec: Record) -> bool:
    """Does the record the entry's DOI resolves to describe a different work?

    Yes when the titles share little (< 60) unless the first author, the year and two
    more fields agree (a translated or garbled title of the right work); when the
    titles are only alike (60–90, two papers on one topic) and the first author
    disagrees; with no title to compare, when both author and year disagree.
    """
    a = agreement(ref, rec)
    if a.title is not None:
        if a.title >= TITLE_SAME:
            return False
        if a.title >= TITLE_OTHER_WORK:
            return a.author is False
        return not (a.author is True and a.year is True and a.supporting >= 3)
    return a.author is False and a.year is False


def _compares_container(ref: Reference, rec: Record) -> bool:
    """Journal names are compared for journal articles; a chapter's book title too.
    Proceedings names vary too much ("SIGMOD '21" vs the full name) and a book's
    ``container-title`` is its series."""
    return record_type(rec) == "journal-article" or (
        ref.kind == "chapter" and record_type(rec) in COMPATIBLE_TYPES["chapter"]
    )


def _compares_pages(rec: Record) -> bool:
    """Pages of journal articles and chapters. IEEE deposits "1-8" for conference papers
    whatever their pages, and a book's page field is its extent."""
    return record_type(rec) in ("journal-article", "book-chapter")


def _show_pages(rec: Record) -> str:
    page = first(rec.get("page"))
    return page or first(rec.get("article-number"))


def compare_fields(ref: Reference, rec: Record) -> list[FieldDiff]:
    """Fields of the entry that disagree with the accepted record, in a fixed order.

    Only fields both sides give are compared; a field agreeing under any of the
    tolerances above is not a difference.
    """
    a = agreement(ref, rec)
    diffs: list[FieldDiff] = []
    if a.year is False:
        diffs.append(FieldDiff("year", ref.year or "", _years_text(rec)))
    if a.volume is False:
        diffs.append(FieldDiff("volume", ref.volume or "", first(rec.get("volume"))))
    if _is_journal(rec) and issue_agrees(ref, rec) is False:
        diffs.append(FieldDiff("issue", ref.issue or "", first(rec.get("issue"))))
    if a.page is False:
        diffs.append(FieldDiff("pages", ref.pages or "", _show_pages(rec)))
    if a.title is not None and a.title < TITLE_SAME:
        diffs.append(FieldDiff("title", ref.title or "", record_title(rec)))
    if a.author is False:
        diffs.append(FieldDiff("authors", ref.authors[0].family, record_first_author(rec)))
    if a.container is False:
        diffs.append(FieldDiff("container", ref.container or "", first(rec.get("container-title"))))
    return diffs


def _years_text(rec: Record) -> str:
    """``2014`` or, for online-first works, ``2014/2015`` (every acceptable year)."""
    return "/".join(str(y) for y in sorted(record_years(rec)))
