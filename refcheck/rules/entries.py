"""Rules about the entries of the reference list themselves (RC002, RC201–RC206)."""

from __future__ import annotations

from collections.abc import Iterator
from itertools import pairwise

from refcheck import lazyre as re
from refcheck.doi import is_doi
from refcheck.model import Reference, Severity
from refcheck.names import fold, primary_key
from refcheck.rules import CheckContext, Diagnostic, label, rule

# Fields each kind of work needs to be found again by a reader (APA 7 / Chicago).
REQUIRED: dict[str, tuple[str, ...]] = {
    "article": ("title", "container", "volume", "pages"),
    "book": ("title", "publisher"),
    "chapter": ("title", "container", "pages", "publisher"),
    "conference": ("title", "container"),
    "report": ("title",),
    "thesis": ("title",),
    "web": ("title",),
    "preprint": ("title",),
}
KIND_NAMES = {
    "article": "journal article",
    "book": "book",
    "chapter": "book chapter",
    "conference": "conference paper",
    "report": "report",
    "thesis": "thesis",
    "web": "web page",
    "preprint": "preprint",
    "unknown": "",
}
FIELD_NAMES = {
    "container": "journal/book title",
    "source": "where it was published (journal, publisher or URL)",
}

# A printed DOI: "doi:X", "DOI: X", "doi.org/X", or "DOI X" where X starts with a digit
# (not the word "doi" in a title: "Why doi matters").
_DOI_IN_RAW = re.compile(r"(?:\bdoi\s*:\s*|doi\.org/|\bdoi\s+(?=\d))(\S+)", re.I)
# One page or article number as journals and exports print them: letters before or
# inside (S12, e0123456, wrad006, gkaa1100, 05A101, 12a), ACM's article:page (58:1),
# Cell's 1141.e15, a decimal (406.3), roman numerals.
_PAGE = (
    r"(?:\d+[:.])?[A-Za-z]{0,5}\d+(?:[A-Za-z]{1,3}\d+)?[A-Za-z]?(?:\.e\d+)?"
    r"|[ivxlcdm]+|[IVXLCDM]+"
)
# A range (with BibTeX's "43+": 43 and following), or a list of them ("7, 41, 73--97").
_RANGE = rf"(?:{_PAGE})(?:\s*-\s*(?:{_PAGE}))?\+?"
_PAGES = re.compile(
    rf"^(?:(?:article|art\.?)\s*(?:no\.?|number)?\s*)?{_RANGE}(?:\s*[,;]\s*{_RANGE})*$",
    re.I,
)
# Preprint identifiers in the pages field (bioRxiv 2020.06.30.180687): article numbers.
_PREPRINT_ID = re.compile(r"^\d{4}\.\d\d\.\d\d\.\d+(?:v\d+)?$")
_ISSN = re.compile(r"^\d{4}-\d{3}[\dXx]$")


# After a full stop (not an initial's), "Family, I. (2005)." — how an APA/Harvard
# entry begins.
_RUN_TOGETHER = re.compile(
    r"(?<!\b[^\W\d_])[.?!]\s+((?:[^\W\d_][\w'’-]+),\s+(?:[^\W\d_]\.\s*){1,3}"
    r"\((?:1\d|20)\d\d[a-z]?\))"
)


@rule("RC002", "unparsed-reference", Severity.WARNING)
def unparsed_reference(ctx: CheckContext) -> Iterator[Diagnostic]:
    """An entry of the reference list from which neither an author nor a year could be read.

    ## What it does
    Reports an entry with no readable author and no year (a stray line inside the list, a
    note, a page header, an entry in a format refcheck does not know), a numbered entry
    with nothing after its number (`[26]`), and an entry in which a second APA/Harvard
    entry starts (`… 1-10. Evans, E. (2005). …`): two entries run together.

    ## Why it matters
    Such an entry cannot be matched to any citation: its citations are reported as
    unresolved, and the second of two entries run together is invisible to every check.

    ## How to fix
    Put each entry on its own line (or paragraph), and write it as author, year, title and
    source. `refcheck --list-references` shows what was read from each entry.

    ## Example
    ```text
    Security is relative [1], and states balance threats [2].

    References

    [1] R. Jervis, "Cooperation under the security dilemma," World Politics, vol. 30,
        pp. 167–214, 1978.
    [2]
    ```

    ## Use instead
    ```text
    Security is relative [1], and states balance threats [2].

    References

    [1] R. Jervis, "Cooperation under the security dilemma," World Politics, vol. 30,
        pp. 167–214, 1978.
    [2] S. M. Walt, The Origins of Alliances. Ithaca, NY: Cornell University Press, 1987.
    ```
    """
    for _, ref in ctx.entries():
        second = _RUN_TOGETHER.search(ref.raw, 20) if ref.key is None else None
        if not ref.raw.strip() and ref.number is not None:
            yield Diagnostic(ref.span, f"entry [{ref.number}] is empty", "write out the entry")
        elif second:
            yield Diagnostic(
                ref.span,
                f"two entries run together? A second one starts at '{second.group(1)}'",
                "put each entry on its own line",
                {"second": second.group(1)},
            )
        elif not ref.authors and not ref.year and not ref.key and ref.number is None:
            yield Diagnostic(
                ref.span,
                "no author or year could be read from this entry",
                "check the entry's format; 'refcheck --list-references' shows the parse",
            )


# Kinds that always have a person or body as author (a book, report or web page with
# none is cited by its title, as APA allows).
AUTHORED = frozenset({"article", "chapter", "conference", "thesis", "preprint"})


# An access date: BibTeX's urldate, "note = {Accessed: 2017-08-25}", "(accessed: 24th Oct
# 2023)", "…, accessed May 26, 2013", "Retrieved March 3, 2020, from".
_ACCESSED = re.compile(
    r"\burldate\s*=|\b(?:accessed|retrieved|last\s+(?:accessed|visited|checked)|viewed on"
    r"|abgerufen(?:\s+am)?|zugegriffen(?:\s+am)?|consult[ée]\s+le)\b",
    re.I,
)


def _undated_web_page(ref: Reference) -> bool:
    """A web page with no date of its own but the date it was read: complete, as APA's
    "(n.d.) … Retrieved <date>, from <URL>" has it."""
    return ref.kind in ("web", "unknown") and bool(ref.url) and bool(_ACCESSED.search(ref.raw))


# The parser's confidence key for each field RC201 may name ("source" is read from the
# container or the publisher).
_CONFIDENCE_KEYS = {"author": ("authors",), "source": ("container", "publisher")}


def _missing(ref: Reference) -> list[str]:
    basics = [] if ref.year or _undated_web_page(ref) else ["year"]
    if ref.kind in AUTHORED and not (ref.authors or ref.editors):
        basics.insert(0, "author")
    missing = basics + _missing_for_kind(ref)
    # A field the parser is unsure is absent may have been misread: no finding.
    return [f for f in missing if all(ref.sure(k) for k in _CONFIDENCE_KEYS.get(f, (f,)))]


def _missing_for_kind(ref: Reference) -> list[str]:
    if ref.kind == "unknown":
        # Author, year and title but no trace of where the work appeared.
        # A volume and pages say it appeared in a periodical even when its name was not
        # read: no finding from a parse that missed it.
        found = ref.container or ref.publisher or ref.url or ref.doi or ref.isbn
        found = found or (ref.volume and ref.pages)
        return [] if found or not ref.title else ["source"]
    need = REQUIRED.get(ref.kind, ())
    missing = [f for f in need if not getattr(ref, f)]
    if ref.kind == "article" and (ref.doi or ref.pub_state or ref.year in ("in press", "n.d.")):
        # Online-first and in-press articles have no volume and pages yet.
        missing = [f for f in missing if f not in ("volume", "pages")]
    elif ref.kind == "article" and ref.dated_by_day:
        # Newspaper and magazine pieces, dated to the day, have no volume; online ones
        # (a URL says where to read it) no pages either. A printed piece with neither
        # pages nor a URL cannot be found: its pages are still asked.
        online = ("volume", "pages") if ref.url else ("volume",)
        missing = [f for f in missing if f not in online]
    return missing


@rule("RC201", "missing-field", Severity.WARNING)
def missing_field(ctx: CheckContext) -> Iterator[Diagnostic]:
    """An entry lacks a field its kind of work needs for a reader to find it.

    ## What it does
    Every entry needs a year; articles, chapters, papers, theses and preprints also an
    author (books, reports and web pages without one are cited by title). Journal
    article: title, journal, volume and pages (volume and pages may be absent when a DOI
    is given or the article is "in press": online-first and accepted articles have none
    yet; a piece dated to the day, a newspaper or magazine, `(2019, December 5)` or
    `Foreign Policy, March 25, 2013`, is not asked for a volume, nor for pages when its
    URL is given: an online piece has none). Book: title and publisher. Chapter: title,
    the book's title, pages and publisher. Conference paper: title and proceedings.
    Report, thesis, web page, preprint: title. An entry of no recognisable kind that
    has a title but no journal, publisher, URL, DOI or ISBN lacks where it was published. BibTeX's
    `crossref` is followed: a paper takes its book title, year and publisher from the
    proceedings it names. An article "in press", "forthcoming", an "advance online
    publication" or "epub ahead of print" is not asked for volume and pages. A field the
    parser is not sure is absent (a free-text entry it could not read with confidence)
    is not reported: a parse error must not become a finding. One finding per entry
    lists every missing field.
    Preprints as exports type them, `@article` with `journal = {CoRR}` and
    `volume = {abs/1807.03748}`, `journal = {arXiv preprint arXiv:…}`, bioRxiv, SSRN, or an
    arXiv `eprint`, are preprints: no volume and pages are asked. An article number
    (`eid`, ACM's `articleno`) is its pages. A web page with a URL and the date it was
    accessed (`urldate`, "Accessed …", "Retrieved …") but no date of its own is complete.
    In a document check, the entries of its .bib files are judged only when the document
    cites them (every entry under `\\nocite{*}` or when the .bib is checked on its own).

    ## Why it matters
    An incomplete entry may not be findable at all, and APA, Harvard and Chicago each
    require these fields; a missing volume or page range is also the commonest sign of an
    entry typed from memory.

    ## How to fix
    Complete the entry from the published work (its journal page, its DOI record or the
    book's imprint page).

    ## Example
    ```text
    Security studies were reborn after the Cold War (Walt, 1991).

    References

    Walt, S. M. (1991). The renaissance of security studies. International Studies Quarterly.
    ```

    ## Use instead
    ```text
    Security studies were reborn after the Cold War (Walt, 1991).

    References

    Walt, S. M. (1991). The renaissance of security studies. International Studies
        Quarterly, 35(2), 211–239.
    ```
    """
    for i, ref in ctx.entries():
        missing = _missing(ref)
        # A free-text entry with neither author nor year is RC002's (unparsed); an entry
        # of a .bib or CSL file with neither was read fine, and lacks them.
        if not missing or not (ref.authors or ref.year or i in ctx.bib_entries):
            continue
        names = [FIELD_NAMES.get(f, f) for f in missing]
        listed = names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]
        yield Diagnostic(
            ref.span,
            f"{KIND_NAMES[ref.kind]} entry '{label(ref)}' lacks {listed}".lstrip(),
            "complete the entry from the published source",
            {"kind": ref.kind, "missing": missing},
        )


def _page_number(text: str) -> int | None:
    """The number a page token counts by: ``58:15`` → 15 (ACM's article:page),
    ``1141.e15`` → 1141, ``S12`` → 12."""
    text = re.sub(r"^\d+:|\.e\d+$", "", text)
    digits = re.sub(r"\D", "", text)
    return int(digits) if digits and len(digits) < 10 else None


def page_problem(pages: str) -> str:
    """Why a page field is malformed or reversed, or ``""`` when it is fine.

    Abbreviated ranges (``1425-37``) are expanded before comparing, as style guides
    allow them. Article numbers in every printed form are pages (``e0123456``,
    ``wrad006``, ``58:1--58:15``, ``1127--1141.e15``), and so is a list of ranges.
    """
    p = pages.strip().replace("\u2013", "-").replace("\u2014", "-").replace("--", "-")
    if _PREPRINT_ID.match(p):
        return ""
    if _ISSN.match(p) and p[-1] in "Xx":
        return f"pages '{pages}' look like an ISSN, not a page range"
    if not _PAGES.match(p):
        return f"malformed page range '{pages}'"
    for part in re.split(r"\s*[,;]\s*", p):
        if "-" not in part:
            continue
        first, last = (t.strip().rstrip("+") for t in part.split("-", 1))
        a, b = _page_number(first), _page_number(last)
        if a is None or b is None:
            continue
        if len(last) < len(first) and last.isdigit() and first.isdigit():
            b = int(first[: len(first) - len(last)] + last)
        if b < a:
            return f"reversed page range '{pages}' ({a} > {b})"
    return ""


@rule("RC202", "invalid-pages", Severity.WARNING)
def invalid_pages(ctx: CheckContext) -> Iterator[Diagnostic]:
    """The page range is malformed (`167-`, `pp. x`) or runs backwards (`214-167`).

    ## What it does
    Checks the pages field of each entry. Accepted: a single page or article number in
    every form journals print (`e1008184`, `wrad006`, `101234`, `S12`, ACM's `58:1--58:15`,
    Cell's `1127--1141.e15`, a bioRxiv id), a range with a hyphen or en dash, abbreviated
    ranges (`1425-37`, read as 1425–1437), roman numerals, BibTeX's lists and open ranges
    (`7, 41, 73--97`, `43+`). An ISSN in the pages field is named as such. In a .bib file
    the finding points at the `pages` line. Pages the parser read from a free-text entry
    without confidence are not judged.
    In a document check, the entries of its .bib files are judged only when the document
    cites them (every entry under `\\nocite{*}` or when the .bib is checked on its own).

    ## Why it matters
    A reversed or broken range is a typo that sends the reader to the wrong pages, and
    reference managers and Crossref matching read it wrongly.

    ## How to fix
    Give the first and the last page, first page first: `167–214`.

    ## Example
    ```text
    Security is relative (Jervis, 1978).

    References

    Jervis, R. (1978). Cooperation under the security dilemma. World Politics, 30(2), 214–167.
    ```

    ## Use instead
    ```text
    Security is relative (Jervis, 1978).

    References

    Jervis, R. (1978). Cooperation under the security dilemma. World Politics, 30(2), 167–214.
    ```
    """
    for _, ref in ctx.entries():
        if ref.pages and ref.sure("pages"):
            problem = page_problem(ref.pages)
            if problem:
                yield Diagnostic(
                    ref.field_span("pages"), problem, "give the first and last page, e.g. 167-214"
                )


def _title_key(ref: Reference) -> str:
    return fold(ref.title or "")


# What tells two works with nearly the same title apart: a number ("1999-2015" and
# "1999-2019", "Wave 3", "Part II", "2nd edition", "Volume 2").
_TITLE_NUMBER = re.compile(
    r"\d+|(?-i:\b(?!I\b)[IVXLC]+\b)|\b(?:first|second|third|fourth|fifth|sixth|seventh|eighth"
    r"|ninth|tenth|one|two|three|four|five|six|seven|eight|nine|ten)\b",
    re.I,
)


def _title_numbers(title: str) -> list[str]:
    return [n.casefold() for n in _TITLE_NUMBER.findall(title)]


def _different_works(a: Reference, b: Reference) -> bool:
    """Two entries alike in author, year and title that are still two works: their
    DOIs differ, a number in their titles differs, or volume, issue, pages or journal
    (neither a preprint) say so."""
    if a.doi and b.doi and a.doi.casefold() != b.doi.casefold():
        return True
    if _title_numbers(a.title or "") != _title_numbers(b.title or ""):
        return True
    # The parser reads "A Guide, second edition" as a title and an edition.
    if _title_numbers(a.edition or "") != _title_numbers(b.edition or ""):
        return True
    for attr in ("volume", "issue", "pages"):
        x, y = getattr(a, attr), getattr(b, attr)
        if x and y and fold(x) != fold(y):
            return True
    if a.container and b.container and "preprint" not in (a.kind, b.kind):
        from rapidfuzz import fuzz

        return fuzz.ratio(fold(a.container), fold(b.container)) < 80
    return False


@rule("RC203", "duplicate-reference", Severity.WARNING)
def duplicate_reference(ctx: CheckContext) -> Iterator[Diagnostic]:
    r"""The same work is listed twice: same DOI, same key, or same first author, year and title.

    ## What it does
    Compares the entries of a list: the same DOI, the same key (`\bibitem`), or the same
    first author and year with titles equal after folding case, accents and punctuation
    (with a small tolerance for typos). Reported at the second entry. Duplicate keys in a
    .bib file are RC003's. Alike entries that are still two works are not duplicates:
    their DOIs differ, a number in their titles differs (`1999-2015` and `1999-2019`,
    `Wave 1` and `Wave 2`, `Part I` and `Part II`, editions), or their volumes, issues,
    pages or journals do (a conference paper and its journal version).
    In a document check, the entries of its .bib files are judged only when the document
    cites them (every entry under `\nocite{*}` or when the .bib is checked on its own).

    ## Why it matters
    A duplicate makes the list longer than the works cited, and two copies of one entry
    tend to drift apart, so that one of them ends up wrong.

    ## How to fix
    Remove one of the two entries (keep the complete one), or correct the DOI if the two
    are in fact different works.

    ## Example
    ```text
    Security is relative (Jervis, 1978).

    References

    Jervis, R. (1978). Cooperation under the security dilemma. World Politics, 30(2), 167–214.
    Jervis, R. (1978). Cooperation under the security dilemma. World Politics, 30, 167–214.
    ```

    ## Use instead
    ```text
    Security is relative (Jervis, 1978).

    References

    Jervis, R. (1978). Cooperation under the security dilemma. World Politics, 30(2), 167–214.
    ```
    """
    by_doi: dict[str, int] = {}
    by_author_year: dict[tuple[str, str], list[int]] = {}
    by_key: dict[str, int] = {}
    for i, ref in ctx.entries():
        if ref.key and i not in ctx.bib_entries:  # a .bib's duplicate keys are RC003's
            first_key = by_key.setdefault(ref.key.casefold(), i)
            if first_key != i:
                first = ctx.references[first_key]
                yield Diagnostic(
                    ref.span,
                    f"duplicate key '{ref.key}' (first at line {first.span.line})",
                    "give each entry its own key",
                    {"first_line": first.span.line},
                )
                continue
        if ref.doi and is_doi(ref.doi):
            doi = ref.doi.casefold()
            if doi in by_doi:
                first = ctx.references[by_doi[doi]]
                yield Diagnostic(
                    ref.span,
                    f"same DOI as the entry at line {first.span.line}: {ref.doi}",
                    "remove one of them, or correct the DOI",
                    {"first_line": first.span.line},
                )
                continue
            by_doi[doi] = i
        if not (ref.authors and ref.year and ref.title):
            continue
        key = (primary_key(ref.authors[0].family), f"{ref.year}{ref.suffix}")
        for j in by_author_year.get(key, []):
            from rapidfuzz import fuzz  # only for entries sharing an author and year

            other = ctx.references[j]
            if fuzz.ratio(_title_key(ref), _title_key(other)) >= 95 and not _different_works(
                ref, other
            ):
                yield Diagnostic(
                    ref.span,
                    f"duplicate of the entry at line {other.span.line} ({label(other)})",
                    "remove one of them",
                    {"first_line": other.span.line},
                )
                break
        else:
            by_author_year.setdefault(key, []).append(i)


# shortDOI.org's aliases: "10/bqhp9z", also written as a doi.org URL or with "doi:".
_SHORT_DOI = re.compile(r"^(?:https?://(?:dx\.)?doi\.org/|doi:\s*)?(10/[a-z0-9]{3,12})$", re.I)


@rule("RC204", "invalid-doi", Severity.ERROR)
def invalid_doi(ctx: CheckContext) -> Iterator[Diagnostic]:
    """A DOI that is not of the form `10.NNNN/suffix`.

    ## What it does
    Checks the DOI an entry gives (`doi:…`, `https://doi.org/…`, a BibTeX `doi` field)
    against the DOI syntax: `10.`, a registrant code of four or more digits, a slash and a
    suffix. A shortDOI (`10/bqhp9z`, the doi.org alias of a long DOI) is named as such:
    it resolves at doi.org, but readers, Crossref and reference managers need the full DOI.
    In a document check, the entries of its .bib files are judged only when the document
    cites them (every entry under `\\nocite{*}` or when the .bib is checked on its own).

    ## Why it matters
    A malformed DOI resolves nowhere. The usual causes are a copy that lost its prefix or
    picked up a trailing word, and a URL pasted where the DOI should be.

    ## How to fix
    Copy the DOI from the publisher's page or from doi.org.

    ## Example
    ```text
    Security is relative (Jervis, 1978).

    References

    Jervis, R. (1978). Cooperation under the security dilemma. World Politics, 30(2),
        167–214. doi:2307/2009958
    ```

    ## Use instead
    ```text
    Security is relative (Jervis, 1978).

    References

    Jervis, R. (1978). Cooperation under the security dilemma. World Politics, 30(2),
        167–214. doi:10.2307/2009958
    ```
    """
    for _, ref in ctx.entries():
        dois = (
            [ref.doi]
            if ref.doi
            else [m.group(1).rstrip(".,;") for m in _DOI_IN_RAW.finditer(ref.raw)]
        )
        for doi in dois:
            short = _SHORT_DOI.match(doi or "")
            if short:
                yield Diagnostic(
                    ref.field_span("doi"),
                    f"'{doi}' is a shortDOI, not a full DOI",
                    f"give the full DOI (https://doi.org/{short.group(1)} leads to it)",
                    {"doi": doi, "short_doi": short.group(1)},
                )
                break
            if doi and not is_doi(doi):
                yield Diagnostic(
                    ref.field_span("doi"),
                    f"malformed DOI '{doi}' (expected 10.NNNN/…)",
                    "copy the DOI from the publisher's page or doi.org",
                    {"doi": doi},
                )
                break


def _sort_key(ref: Reference) -> tuple[str, str]:
    family = ref.authors[0].family if ref.authors else ""
    return (fold(family), ref.year or "")


@rule("RC205", "unsorted-references", Severity.NOTE, default=False)
def unsorted_references(ctx: CheckContext) -> Iterator[Diagnostic]:
    """An author-date reference list that is not in alphabetical order.

    ## What it does
    APA, Harvard and Chicago order the list by the first author's family name, then by
    year. Reported once, at the first entry that comes before its predecessor. Numbered
    lists and .bib files are not checked. Off by default (ordering is a house-style
    choice); enable it with `--extend-select RC205` or `extend-select = ["RC205"]`.

    ## Why it matters
    Readers look entries up by name: in an unsorted list an entry is easily missed, or
    added twice.

    ## How to fix
    Sort the entries by the first author's family name, then year. `refcheck --fix
    --extend-select RC205` does it when every entry has an author and nothing but the
    entries stands in the list; it moves whole entries and changes nothing else.

    ## Example
    ```text
    Structure matters (Waltz, 1979), and so does perception (Jervis, 1978).

    References

    Waltz, K. N. (1979). Theory of international politics. Addison-Wesley.
    Jervis, R. (1978). Cooperation under the security dilemma. World Politics, 30(2), 167–214.
    ```

    ## Use instead
    ```text
    Structure matters (Waltz, 1979), and so does perception (Jervis, 1978).

    References

    Jervis, R. (1978). Cooperation under the security dilemma. World Politics, 30(2), 167–214.
    Waltz, K. N. (1979). Theory of international politics. Addison-Wesley.
    ```
    """
    refs = [
        r for i, r in ctx.entries() if r.authors and r.number is None and i not in ctx.bib_entries
    ]
    for prev, ref in pairwise(refs):
        if _sort_key(ref) < _sort_key(prev):
            yield Diagnostic(
                ref.span,
                f"entry '{label(ref)}' is out of alphabetical order (after '{label(prev)}')",
                "sort the list by first author's family name, then year",
            )
            return


@rule("RC206", "implausible-year", Severity.WARNING)
def implausible_year(ctx: CheckContext) -> Iterator[Diagnostic]:
    """A publication year in the future or before 1450 (before printing).

    ## What it does
    Checks each entry's year against today's date and against 1450. In a .bib file the
    finding points at the `year` line. A year the parser read from a free-text entry
    without confidence is not judged.
    In a document check, the entries of its .bib files are judged only when the document
    cites them (every entry under `\\nocite{*}` or when the .bib is checked on its own).

    ## Why it matters
    Such a year is almost always a typo (`2104` for `2014`), and it also breaks the
    citations that give the right year.

    ## How to fix
    Correct the year; write `in press` for accepted work that is not yet published.

    ## Example
    ```text
    The West provoked the crisis (Mearsheimer, 2104).

    References

    Mearsheimer, J. J. (2104). Why the Ukraine crisis is the West's fault. Foreign Affairs,
        93(5), 77–89.
    ```

    ## Use instead
    ```text
    The West provoked the crisis (Mearsheimer, 2014).

    References

    Mearsheimer, J. J. (2014). Why the Ukraine crisis is the West's fault. Foreign Affairs,
        93(5), 77–89.
    ```
    """
    for _, ref in ctx.entries():
        if ref.year and ref.year[:4].isdigit() and ref.sure("year"):
            y = int(ref.year[:4])
            if y > ctx.today.year or y < 1450:
                why = "in the future" if y > ctx.today.year else "before 1450"
                yield Diagnostic(
                    ref.field_span("year"),
                    f"implausible year {y} ({why})",
                    "check the year; use 'in press' for accepted, unpublished work",
                    {"year": y},
                )


@rule("RC106", "unused-entry", Severity.NOTE, default=False)
def unused_entry(ctx: CheckContext) -> Iterator[Diagnostic]:
    r"""An entry of the document's .bib (or CSL) file that the document never cites.

    ## What it does
    Lists the entries of the bibliography files a LaTeX or Pandoc document names that no
    citation reaches (checkcites calls them "unused"). An entry reached through a near
    miss or an ambiguity counts as cited, and so does one `\nocite{key}` or `nocite:`
    lists, and the parent a cited entry names with `crossref`. Not checked under
    `\nocite{*}`, when the .bib is checked on its own, or when a bibliography could not be
    read. When several documents of one run share a .bib, an entry is unused only if none
    of them cites it. Off by default: a shared .bib is meant to hold more than one paper
    cites. Turn it on with `--extend-select RC106` for a per-paper .bib kept tidy.

    ## Why it matters
    A per-paper bibliography that collects entries nobody cites grows stale: the entries
    are never printed, so nobody sees their mistakes, and a co-author cannot tell which
    works the paper relies on.

    ## How to fix
    Remove the entry from the .bib, or cite it where it is used.

    ## Example
    ```markdown
    ---
    references:
    - id: walt1987
      type: book
      author: [{family: Walt, given: Stephen M.}]
      title: The origins of alliances
      publisher: Cornell University Press
      issued: 1987
    - id: waltz1979
      type: book
      author: [{family: Waltz, given: Kenneth N.}]
      title: Theory of international politics
      publisher: Addison-Wesley
      issued: 1979
    ---

    States balance against threats [@walt1987].
    ```

    ## Use instead
    ```markdown
    ---
    references:
    - id: walt1987
      type: book
      author: [{family: Walt, given: Stephen M.}]
      title: The origins of alliances
      publisher: Cornell University Press
      issued: 1987
    ---

    States balance against threats [@walt1987].
    ```
    """
    if ctx.list_only or ctx.cite_all or ctx.incomplete:
        return
    for i, ref in enumerate(ctx.references):
        if i in ctx.bib_entries and i not in ctx.used:
            yield Diagnostic(
                ref.span,
                f"entry '{ref.key or label(ref)}' is never cited",
                "remove it from the bibliography file, or cite it",
                {"key": ref.key},
            )
