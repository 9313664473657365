"""From labelled tokens to the fields of a :class:`~refcheck.model.Reference`.

The labeller says which characters are the authors, the year, the title and so on;
this module turns those spans into values the rules and the Crossref comparison can
use: names split into family and given parts (with particles, organisations as one
name), "93(5)" split into volume and issue, page ranges with one hyphen, the year and
its suffix, editors without "(Eds.)", place and publisher apart, the kind of work.

Where a rule is exact it overrides the model: DOIs, URLs, ISBNs and arXiv ids are read
by pattern from the whole string (:func:`refcheck.references.entry_fields.take_identifiers`),
the list number by its marker, and a year must be a plausible year to count as one.

Each field also gets a confidence (``Reference.confidence``): for a field that was read,
the lowest marginal probability the model gives its label over the field's tokens; for
a field that was not read, one minus the highest probability any token has of being
that field. Rules use it to stay quiet when the reading is uncertain.
"""

from __future__ import annotations

import re

from refcheck.model import Reference, Span
from refcheck.references.entry_fields import normalise_pages, split_descriptors, take_identifiers
from refcheck.references.parser.corrections import (
    author_from_lead,
    book_title,
    chapter_in_title,
    confirm,
    content_confidence,
    correct_labels,
    journal_in_title,
    link_title,
    newspaper_page,
    publisher_not_journal,
    read_state,
    split_title_tail,
    title_after_names,
    title_from_note,
    title_in_container,
)
from refcheck.references.parser.kind import PREPRINT_ID, decide_kind
from refcheck.references.parser.labeller import Labelled
from refcheck.references.parser.people import read_people
from refcheck.references.parser.spans import (
    Run,
    Runs,
    clean,
    leads,
    next_label,
    prev_label,
    runs_of,
    text_of,
)
from refcheck.references.parser.tokens import ARXIV

__all__ = ["FIELD_LABELS", "to_reference"]

# Reference fields whose confidence is recorded, and the label each is read from.
FIELD_LABELS = {
    "authors": "author",
    "editors": "editor",
    "year": "year",
    "title": "title",
    "container": "container",
    "volume": "volume",
    "issue": "issue",
    "pages": "pages",
    "publisher": "publisher",
    "location": "location",
}

_LIST_LABEL = re.compile(r"^\s*(?:\[(\d{1,4})\]|\((\d{1,4})\)|(\d{1,3})[.)](?=\s))\s*")
_REPEATED_AUTHOR = re.compile(r"^\s*(?:[—–_-]\s?){2,}")
_YEAR = re.compile(r"(?<![\w/.-])(?P<year>(?:1[5-9]|20)\d\d)(?P<suffix>[a-z])?(?![\w/-])")
# Right after the authors a year is unmistakably the date, so implausible ones (a typo
# "2104", a medieval "1299") are read too, for RC206 to report rather than lose.
_WIDE_YEAR = re.compile(r"(?<![\w/.-])(?P<year>(?:1\d|2[01])\d\d)(?P<suffix>[a-z])?(?![\w/-])")
_NO_DATE = re.compile(r"\bn\.\s?d\.?(?:\s?-\s?(?P<suffix>[a-z]))?", re.I)
_IN_PRESS = re.compile(r"\b(?:in\s+press|forthcoming|in\s+print)\b", re.I)
_MONTH = (
    r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec|January|February|March|"
    r"April|June|July|August|September|October|November|December)"
)
_DAY_DATE = re.compile(rf"^[a-z]?\s*,\s*{_MONTH}\b", re.I)
# Chicago and Harvard date a magazine or newspaper piece after its name: "Foreign Policy,
# March 25, 2013", "The Guardian, 4 May 2020" (an "Accessed March 25" is not this).
_DATE_AFTER = re.compile(rf"\s*[,.]\s*(?:{_MONTH}\.?\s+\d{{1,2}}\b|\d{{1,2}}\s+{_MONTH}\b)", re.I)
_NUMBER = re.compile(r"[A-Z]?\d+[A-Za-z]?|\b[IVXLCDM]+\b|\b[ivxlcdm]+\b")
_INNER_ISSUE = re.compile(r"\(\s*([^()]{1,12}?)\s*\)|[:.]\s*(\d{1,4}(?:[-–/]\d{1,4})?)\s*$")
_ISSUE = re.compile(r"\d+(?:\s*[-–/]\s*\d+)?|[A-Za-z]+\d*")
_PAGE_WORDS = re.compile(
    r"^(?:pp?|pgs?|pages?|S|Seiten?|art|article(?:\s+no)?|no)\b\.?\s*(?:no\.?\s*)?", re.I
)
_PAGE_SHAPE = re.compile(r"[A-Za-z]{0,3}\d")
_EXTENT = re.compile(r"^\d+\s*(?:pp?|pages|S|Seiten|ff)\b\.?(?:\s|$)", re.I)
_PAGE_RANGE = re.compile(r"^[A-Za-z]{0,3}\d+[a-z]?(?:\s*[-–—]+\s*[A-Za-z]{0,3}\d+[a-z]?)?")
_VOLUME_WORDS = re.compile(r"^(?:vol(?:ume)?s?|bd|jg|tome|t)\b\.?\s*", re.I)


def to_reference(lab: Labelled, span: Span, raw: str) -> Reference:
    """The :class:`Reference` for a labelled entry (module docstring)."""
    ref = Reference(span=span, raw=raw)
    text = lab.text
    correct_labels(lab)
    runs = runs_of(lab)
    title_from_note(lab, runs)
    author_from_lead(lab, runs)
    link_title(lab, runs)
    _, ids = take_identifiers(text)
    ref.doi, ref.url, ref.isbn = ids.doi, ids.url, ids.isbn
    m = _LIST_LABEL.match(text)
    if m:
        ref.number = int(m.group(1) or m.group(2) or m.group(3))
    _read_people(ref, lab, runs)
    _read_year(ref, lab, runs)
    title_notes = _read_title(ref, lab, runs)
    _read_container(ref, lab, runs)
    _read_locators(ref, lab, runs)
    for label in ("publisher", "location", "edition"):
        if label in runs:
            setattr(ref, label, clean(text_of(lab, runs[label][0])) or None)
    read_state(ref, lab, runs)
    web = ids.url is not None or ids.accessed
    overrides = split_title_tail(ref, lab, runs, web or ref.doi is not None)
    overrides |= title_in_container(ref, lab, runs)
    overrides |= chapter_in_title(ref, lab, runs)
    overrides |= journal_in_title(ref, lab, runs)
    preprint = ARXIV in lab.tokens.idents or bool(PREPRINT_ID.search(text))
    book_title(ref, lab, runs)
    overrides |= publisher_not_journal(ref, lab, runs, web, overrides.get("container"))
    if not ref.dated_by_day and ref.container:
        ref.dated_by_day = _dated_after_container(text, ref.container)
    ref.kind = decide_kind(ref, lab, runs, web, preprint, title_notes)
    if ref.dated_by_day and ref.container and not ref.pages and ref.kind == "article":
        newspaper_page(ref)
    ref.confidence = _confidence(ref, lab, runs) | overrides
    confirm(ref, lab, runs)
    return ref


def _dated_after_container(text: str, container: str) -> bool:
    """Is the piece dated to the day right after its periodical's name, as Chicago and
    Harvard print a magazine or newspaper piece ("Foreign Policy, March 25, 2013")?"""
    at = text.find(container)
    return at >= 0 and bool(_DATE_AFTER.match(text, at + len(container)))


def _read_people(ref: Reference, lab: Labelled, runs: Runs) -> None:
    author = runs.get("author")
    if author:
        title_after_names(lab, runs, author[0])
        first = author[0]
        chunk = text_of(lab, first)
        if not _REPEATED_AUTHOR.match(chunk):
            nxt = next_label(lab, first.last)
            ref.authors, ref.et_al = read_people(
                chunk, after_is_date=nxt == "year", scan=_same_scan(lab, first)
            )
    editor = runs.get("editor")
    if editor:
        ref.editors, _ = read_people(text_of(lab, editor[0]))
        if not author and leads(lab, editor[0]):
            # "Brown, A., & Green, B. (Eds.). (2012). The handbook ...": an edited book
            # is cited by its editors.
            ref.authors = list(ref.editors)


def _same_scan(lab: Labelled, run: Run):
    """The labeller's rule-based name reading when it covers exactly this author span."""
    scan = lab.names
    if scan is None or not scan.names:
        return None
    start = lab.tokens.starts[run.first]
    end = lab.tokens.ends[run.last]
    scan_end = lab.names_start + scan.end
    if start == lab.names_start and scan_end <= end and not lab.text[scan_end:end].strip(" .,;:"):
        return scan
    return None


def _read_year(ref: Reference, lab: Labelled, runs: Runs) -> None:
    """The first plausible year among the year spans, else one found by rule."""
    for run in runs.get("year", []):
        chunk = text_of(lab, run)
        pattern = _WIDE_YEAR if prev_label(lab, run.first) in ("author", "editor", "") else _YEAR
        m = pattern.search(chunk)
        if m:
            ref.year, ref.suffix = m.group("year"), m.group("suffix") or ""
            ref.dated_by_day = bool(_DAY_DATE.match(chunk[m.end("year") :]))
            return
        nd = _NO_DATE.search(chunk)
        if nd:
            after = lab.text[lab.tokens.ends[run.last] :]
            late = re.match(r"\s?-\s?([a-z])\b", after) if not nd.group("suffix") else None
            ref.year, ref.suffix = "n.d.", nd.group("suffix") or (late.group(1) if late else "")
            return
        if _IN_PRESS.search(chunk):
            ref.year = "in press"
            return
    _fallback_year(ref, lab)


def _fallback_year(ref: Reference, lab: Labelled) -> None:
    """No year span the model was sure of: the last year outside pages and volumes."""
    found = None
    tokens = lab.tokens
    for text, ident, label in zip(tokens.texts, tokens.idents, lab.labels, strict=True):
        if label in ("pages", "volume", "issue", "title", "number") or ident:
            continue
        m = _YEAR.fullmatch(text.rstrip("."))
        if m:
            found = m
    nd = _NO_DATE.search(lab.text)
    if found:
        ref.year, ref.suffix = found.group("year"), found.group("suffix") or ""
    elif nd:
        ref.year, ref.suffix = "n.d.", nd.group("suffix") or ""
    elif _IN_PRESS.search(lab.text):
        ref.year = "in press"


def _read_title(ref: Reference, lab: Labelled, runs: Runs) -> list[str]:
    """Set the title; return the notes cut off its end ("(Report No. 12)", "[Doctoral
    dissertation, X]"), which tell the kind of work."""
    title = runs.get("title")
    if not title:
        return []
    run = title[0]
    nxt = run.last + 1
    texts = lab.tokens.texts
    if nxt < len(lab.labels) and texts[nxt] in ("?", "!"):
        run = Run(run.label, run.first, nxt)  # "Why ...?" keeps its question mark
    elif nxt < len(lab.labels) and texts[nxt] in (")", "]"):
        inside = texts[run.first : nxt]
        if inside.count("(") + inside.count("[") > inside.count(")") + inside.count("]"):
            run = Run(run.label, run.first, nxt)  # "... 2020 (Report No. 12)" closes
    value, notes = split_descriptors(clean(text_of(lab, run)))
    ref.title = clean(value) or None
    return notes


def _read_container(ref: Reference, lab: Labelled, runs: Runs) -> None:
    container = runs.get("container")
    if not container:
        return
    value = clean(text_of(lab, container[0]))
    value = re.sub(r"^(?:In|in|IN)\s*:?\s+", "", value)
    ref.container = clean(value) or None


def _read_locators(ref: Reference, lab: Labelled, runs: Runs) -> None:
    volume = runs.get("volume")
    if volume:
        chunk = clean(text_of(lab, volume[0]))
        body = _VOLUME_WORDS.sub("", chunk)
        m = _NUMBER.search(body)
        if m:
            ref.volume = m.group(0)
            inner = _INNER_ISSUE.search(body, m.end())
            if inner and "issue" not in runs:
                ref.issue = (inner.group(1) or inner.group(2)).strip()
    issue = runs.get("issue")
    if issue:
        chunk = clean(text_of(lab, issue[0]))
        chunk = re.sub(r"^(?:no|nos|nr|issue|heft|n°|number)\b\.?\s*", "", chunk, flags=re.I)
        m = _ISSUE.search(chunk)
        if m:
            ref.issue = re.sub(r"\s+", "", m.group(0)).replace("–", "-")
    pages = runs.get("pages")
    if pages:
        chunk = clean(text_of(lab, pages[0]))
        chunk = _PAGE_WORDS.sub("", chunk).strip(" ,.;:/()")
        if _EXTENT.match(chunk):
            # "256 pp.", "154 p. 2004": how long a book is, not where a part of it is
            year = _YEAR.search(chunk)
            if year and not ref.year:
                ref.year = year.group("year")
            return
        lead = _PAGE_RANGE.match(chunk)
        if lead and re.search(r"[^\W\d_]{2,}", chunk[lead.end() :]):
            chunk = lead.group(0)  # "1–61 1 p following 61": the range, not the note after it
        if _PAGE_SHAPE.search(chunk):
            ref.pages = normalise_pages(re.sub(r"\s*(?:--|—|–)\s*", "-", chunk))


# The fields RC201 may ask each kind for (refcheck.rules.entries.REQUIRED, plus the year
# and author every entry needs): a missing field gets a confidence only where a rule
# could report it, since each costs the model one pass over the tokens.
ABSENCE_CHECKED = {
    "article": ("container", "volume", "pages"),
    "book": ("publisher",),
    "chapter": ("container", "pages", "publisher"),
    "conference": ("container",),
    "unknown": ("container", "publisher"),
}
_ALWAYS_CHECKED = ("authors", "year", "title")


def _confidence(ref: Reference, lab: Labelled, runs: Runs) -> dict[str, float]:
    """Per field: the weakest value token's marginal if read, else 1 - the strongest
    marginal any token has for the field's label."""
    out: dict[str, float] = {}
    for field, label in FIELD_LABELS.items():
        if getattr(ref, field, None) and label in runs:
            run = runs[label][0]
            out[field] = content_confidence(lab, run.first, run.last)
    for field in (*_ALWAYS_CHECKED, *ABSENCE_CHECKED.get(ref.kind, ())):
        if not getattr(ref, field, None):
            out[field] = round(1.0 - lab.peak(FIELD_LABELS[field]), 4)
    return out
