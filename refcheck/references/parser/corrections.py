"""Exact rules over the labeller's reading, where a rule knows better than the model.

Each function corrects one thing a reader would never get wrong: names after "edited
by" are editors; a date is made of years, months and days; "In press" is a state, not a
book called "press"; a title the model is unsure of that runs into a journal's name is
split at the sentence end; a book's own title is not a container; a year in author-date
position or a volume/pages group the locator patterns read identically is certain.
"""

from __future__ import annotations

import re

from refcheck.model import CONFIDENCE_FLOOR, DEFAULT_FLOOR, Reference
from refcheck.references.entry_fields import (
    find_locator,
    is_abbreviation,
    looks_like_periodical,
    looks_like_publisher,
    place_and_publisher,
)
from refcheck.references.entry_names import VANC
from refcheck.references.parser.kind import PROCEEDINGS, chapter_mark
from refcheck.references.parser.labeller import Labelled
from refcheck.references.parser.lexicon import JOURNAL_WORDS, MARKERS, MONTHS
from refcheck.references.parser.spans import Run, Runs, clean, prev_label, text_of

__all__ = [
    "author_from_lead",
    "book_title",
    "chapter_in_title",
    "confirm",
    "content_confidence",
    "correct_labels",
    "journal_in_title",
    "link_title",
    "newspaper_page",
    "publisher_not_journal",
    "read_state",
    "split_title_tail",
    "title_after_names",
    "title_from_note",
    "title_in_container",
]


def correct_labels(lab: Labelled) -> None:
    """The label corrections, before the runs are read (see the module docstring)."""
    _edited_by(lab)
    _checked_dates(lab)


_EDITED = frozenset({"edited", "ed", "eds", "translated", "trans", "hrsg", "hg", "edd"})


_NOT_PEOPLE = frozenset({"title", "container", "year", "volume", "issue", "pages", "editor"})


def _edited_by(lab: Labelled) -> None:
    """The names after "edited by" / "ed. by" / "Hrsg. von" are editors, whatever the
    model called them (a rule that is exact: those words introduce the editors)."""
    labels = lab.labels
    texts = lab.tokens.texts
    for i in range(1, len(texts) - 1):
        word = texts[i].lower()
        if word not in ("by", "von", "v.") or texts[i - 1].lower().rstrip(".") not in _EDITED:
            continue
        j = i + 1
        first = labels[j]
        if first in _NOT_PEOPLE or first == "O":
            continue
        while j < len(texts) and labels[j] == first:
            lab.relabel(j, "editor")
            j += 1


_DATE_WORD = re.compile(
    r"^(?:(?:1\d|20|21)\d\d[a-z]?|\d{1,2}(?:st|nd|rd|th|er|e)?|(?:1\d|20)\d\d[‐‑–-]\d{2,4}|"
    r"n|d|nd|n\.d|s\.d|o\.j|press|in|forthcoming|submitted|print|and|to|c|ca|circa|"
    r"first|published|online|accessed|updated|[^\w\s])\.?$",
    re.I,
)


_YEAR_TOKEN = re.compile(r"^(?:1[5-9]|20)\d\d[a-z]?\.?$")


def _is_date_word(text: str) -> bool:
    return bool(_DATE_WORD.match(text)) or text.lower().rstrip(".") in MONTHS


def _checked_dates(lab: Labelled) -> None:
    """Year validation, a rule that is exact: a date is made of years, months, days and
    the words of "n.d." and "in press". In a "year" run, a word that is none of these
    starts what the model should have called the title ("2013a. Catastrophe 1914."),
    and a year at the end of an author run is the date ("———. 2013b.")."""
    texts, labels = lab.tokens.texts, lab.labels
    has_title = "title" in labels
    i, n = 0, len(labels)
    while i < n:
        if labels[i] != "year" or _is_date_word(texts[i]):
            at_end = i + 1 == n or labels[i + 1] != labels[i]
            if labels[i] in ("author", "editor") and _YEAR_TOKEN.match(texts[i]) and at_end:
                lab.relabel(i, "year")
            i += 1
            continue
        j = i
        while j < n and labels[j] == "year":
            lab.relabel(j, "O" if has_title else "title")
            j += 1
        has_title = True
        i = j
    if "year" not in labels:
        _year_at_an_edge(lab)


_VANCOUVER_DATE = re.compile(r"\b(?:1[5-9]|20)\d\d(?:\s+[A-Z][a-z]{2}(?:\s+\d{1,2})?)?;\s*\d")
FIELD_OF = {"title": "title", "container": "container", "publisher": "publisher"}
_NOT_DATE_LABELS = frozenset({"pages", "volume", "issue", "number", "identifier", "url", "doi"})


def _year_at_an_edge(lab: Labelled) -> None:
    """No year at all, but a year-shaped token where one field ends and the next begins
    ("Penninger JM. 2002. Vav1 controls ...": "2002." read as the title's first word):
    that token is the date."""
    texts, labels = lab.tokens.texts, lab.labels
    for i, text in enumerate(texts):
        if not _YEAR_TOKEN.match(text) or labels[i] in _NOT_DATE_LABELS:
            continue
        edge = (i == 0 or labels[i - 1] != labels[i]) or (
            i + 1 == len(texts) or labels[i + 1] != labels[i]
        )
        if edge:
            lab.relabel(i, "year")
            return


def author_from_lead(lab: Labelled, runs: Runs) -> None:
    """ "National Center for Biotechnology Information. 2008. ...": with no author read,
    the entry's first field, followed directly by the date, is its author (an
    organisation the model took for a publisher or a title)."""
    if "author" in runs or "editor" in runs or "year" not in runs:
        return
    year = runs["year"][0]
    lead = [(label, r) for label, rs in runs.items() for r in rs if r.last < year.first]
    if len(lead) != 1:
        return
    label, run = lead[0]
    if label in ("number", "year") or not all(
        lab.labels[k] in ("O", "number") for k in range(run.first)
    ):
        return
    runs[label].remove(run)
    if not runs[label]:
        del runs[label]
    runs["author"] = [Run("author", run.first, run.last)]


def title_after_names(lab: Labelled, runs: Runs, run: Run) -> None:
    """ "Lee E. Statins. Lancet. 2019;393:1-9.": when the model runs the authors on into a
    title-less sentence that the name scanner did not read as a name, that sentence is
    the title (the scanner settles "Lee E" against a Vancouver date)."""
    scan = lab.names
    if "title" in runs or scan is None or not scan.names or lab.names_start != 0:
        return
    if scan.shape != VANC:
        return  # only after a Vancouver list ("Lee E", "Walt SM"), which ends at its initials
    starts = lab.tokens.starts
    scan_end = scan.end
    inside = [k for k in range(run.first, run.last + 1) if starts[k] >= scan_end]
    if not inside or starts[run.first] != 0:
        return
    gap = lab.text[scan_end : starts[inside[0]]]
    stop = "." in gap or lab.text[:scan_end].endswith(".")
    word = lab.tokens.texts[inside[0]]
    if not stop or not word[0].isupper():
        return
    if not _VANCOUVER_DATE.search(lab.text) and not (
        len(word) >= 4 and word[1:].rstrip(".").islower()
    ):
        return  # a word, not initials, must start the title when no Vancouver date says so
    k = inside[0]
    runs["author"][0] = Run("author", run.first, k - 1)
    runs["title"] = [Run("title", k, run.last)]


# Accepted or online-first work: no volume and pages yet, whatever year is printed.
_PUB_STATE = re.compile(
    r"\b(?:in\s+press|in\s+print|forthcoming|advance\s+online(?:\s+publication)?|"
    r"e-?pub(?:lished)?\s+ahead\s+of\s+print|(?:online\s+)?ahead\s+of\s+print|"
    r"online\s+first|early\s+view|accepted\s+for\s+publication|in\s+production)\b",
    re.I,
)


def _in_title(lab: Labelled, runs: Runs, m: re.Match[str]) -> bool:
    """Is a state's wording part of a title's sentence ("Books in Print", "Forthcoming
    Elections"), not a state that ran into the title ("Title. In press")?"""
    for run in runs.get("title", []):
        start, end = lab.tokens.starts[run.first], lab.tokens.ends[run.last]
        if start <= m.start() and m.end() <= end:
            before = lab.text[start : m.start()].rstrip()
            return not before.endswith((".", "?", "!"))
    return False


def read_state(ref: Reference, lab: Labelled, runs: Runs) -> None:
    """ "Psychological Medicine. In press.": a state, not a chapter in a book "press";
    and "BMJ Open. Epub ahead of print." read as one note is the journal and its state."""
    m = next((m for m in _PUB_STATE.finditer(lab.text) if not _in_title(lab, runs, m)), None)
    if m is None:
        return
    if not ref.container:
        for run in runs.get("note", []):
            note = text_of(lab, run)
            inside = _PUB_STATE.search(note)
            if inside and inside.start() > 0 and note[: inside.start()].rstrip().endswith("."):
                ref.container = clean(note[: inside.start()]) or None
                break
    ref.pub_state = " ".join(m.group(0).lower().split())
    for name in ("container", "publisher", "title"):
        value = getattr(ref, name)
        if not value:
            continue
        inside = _PUB_STATE.search(value)
        if value.lower() in ("press", "print", "in press", "in print"):
            setattr(ref, name, None)
        elif inside and inside.start() > 0 and value[: inside.start()].rstrip().endswith("."):
            # "Psychological Medicine. Advance online": the state ran into the name.
            setattr(ref, name, clean(value[: inside.start()]) or None)


# Below this confidence a title that runs over a sentence end into a short last
# sentence is split there (see split_title_tail).
SPLIT_TITLE_BELOW = 0.9


_AFTER_TITLE_OK = frozenset({"O", "url", "doi", "identifier", "note", "year", "location"})


def split_title_tail(ref: Reference, lab: Labelled, runs: Runs, web: bool) -> dict[str, float]:
    """ "The Ukraine crisis and the perils of liberal interventionism. Foreign Policy."

    When the model is unsure of a title that ends the entry and runs over a sentence
    end (or the entry ends in a URL or an access date, as web pages and online articles
    do), the last short sentence is read as the regex parser read it: a journal when it
    has a journal word, a publisher when it has a publisher word, a site when the entry
    has a URL or DOI. Otherwise the title stays as the model read it. Both parts keep
    the model's (low) confidence in the whole, so no rule trusts the split too far.
    """
    if "title" not in runs or ref.container or ref.publisher:
        return {}
    run = runs["title"][0]
    if any(label not in _AFTER_TITLE_OK for label in lab.labels[run.last + 1 :]):
        return {}
    confidence = min(lab.probs[run.first : run.last + 1])
    author_date = ref.year is not None and _year_follows_authors(lab)
    if confidence >= SPLIT_TITLE_BELOW and not web and not author_date:
        return {}
    texts = lab.tokens.texts
    cut = next(
        (k for k in range(run.last - 1, run.first - 1, -1) if _ends_sentence(texts[k])), None
    )
    if cut is None or run.last - cut > 6:
        return {}
    tail = clean(lab.text[lab.tokens.starts[cut + 1] : lab.tokens.ends[run.last]])
    if not tail or tail[0].islower() or not tail[0].isalnum():
        return {}
    journal_word = any(w.lower().rstrip(".") in JOURNAL_WORDS for w in tail.split())
    if looks_like_publisher(tail):
        field = "publisher"
    elif (
        looks_like_periodical(tail)
        or PROCEEDINGS.search(tail)
        or web
        or journal_word
        or ref.pub_state
    ):
        field = "container"
    elif ref.year and not ref.volume and not ref.pages:
        field = "publisher"  # "Nguyễn, T. (2021). Lịch sử. Nhà xuất bản Trẻ.": a book
    else:
        return {}
    if field == "publisher":
        place, publisher = place_and_publisher(tail)  # "北京: 出版社", "London: Verso"
        if place and publisher:
            ref.location, tail = place, publisher
    setattr(ref, field, tail)
    ref.title = clean(lab.text[lab.tokens.starts[run.first] : lab.tokens.ends[cut]]) or None
    return _split(lab, run.first, cut, run.last, "title", field)


def publisher_not_journal(
    ref: Reference, lab: Labelled, runs: Runs, web: bool, split: float | None
) -> dict[str, float]:
    """ "Weber, M. (1905). Die protestantische Ethik ... Kapitalismus. Mohr.": a "journal"
    with no volume, issue or pages, no journal word, no DOI, URL or publication state,
    after a title, is the book's publisher, as the regex parser read every such last
    sentence (and as APA prints a book: Author (Year). Title. Publisher.)."""
    if not ref.title or not ref.container or ref.publisher:
        return {}
    if ref.volume or ref.issue or ref.pages or ref.doi or web or ref.pub_state:
        return {}
    if ref.dated_by_day or PROCEEDINGS.search(ref.container) or _journal_like(ref.container):
        return {}
    ref.publisher, ref.container = ref.container, None
    if split is None and "container" in runs:
        run = runs["container"][0]
        split = content_confidence(lab, run.first, run.last)
    return {"publisher": split if split is not None else 0.5}


# Words only a periodical's name has (a publisher may be an "Institute for Computing").
_PERIODICAL = frozenset(
    "journal j jour review rev reviews quarterly magazine bulletin bull letters lett "
    "transactions annals ann acta archives arch gazette zeitschrift revue rivista cahiers "
    "medicine science sciences research studies times news newsletter".split()
)


def _journal_like(name: str) -> bool:
    return looks_like_periodical(name) or any(
        w.lower().rstrip(".,") in _PERIODICAL for w in name.split()
    )


def book_title(ref: Reference, lab: Labelled, runs: Runs) -> None:
    """A "container" with no title, no volume or pages, no "In" and a publisher or place
    is the book's own title: "Political Theory and Modernity (Oxford: Blackwell, 1988)"."""
    if ref.title or not ref.container or ref.volume or ref.issue or ref.pages:
        return
    if PROCEEDINGS.search(ref.container) or chapter_mark(lab, runs):
        return
    if ref.publisher or ref.location or ref.isbn:
        ref.title, ref.container = ref.container, None


_DATE_OPEN = frozenset({"(", "[", ".", ","})


_DATE_CLOSE = frozenset({")", "]", ".", ",", ";", ":"})


def confirm(ref: Reference, lab: Labelled, runs: Runs) -> None:
    """Raise the confidence of readings an exact rule confirms.

    The model is least sure of what it has rarely seen, and malformed values are what
    RC202 and RC206 exist to report: "171-" as pages, "2104" as a year. A year printed
    where author-date styles print it (right after the authors, alone in brackets or
    between full stops) and a volume/issue/pages group the locator patterns of the
    regex parser read identically are certain whatever the model's marginals say.
    """
    conf = ref.confidence
    unsure = ref.year and conf.get("year", 1.0) < _floor("year")
    if unsure and "year" in runs and _date_after_authors(lab, runs["year"][0]):
        conf["year"] = 1.0
    fields = ("volume", "issue", "pages")
    if any(getattr(ref, f) and conf.get(f, 1.0) < _floor(f) for f in fields):
        loc = find_locator(lab.text)
        if loc is not None:
            for f in fields:
                if getattr(ref, f) and getattr(ref, f) == getattr(loc, f):
                    conf[f] = 1.0


def _split(
    lab: Labelled, first: int, cut: int, last: int, head: str, tail: str
) -> dict[str, float]:
    """Relabel tokens ``first..cut`` as ``head`` and ``cut+1..last`` as ``tail``; return
    the model's confidence in each part under its new label (see ``content_confidence``)."""
    for k in range(first, cut + 1):
        lab.relabel(k, head)
    for k in range(cut + 1, last + 1):
        lab.relabel(k, tail)
    return {
        FIELD_OF[head]: content_confidence(lab, first, cut),
        FIELD_OF[tail]: content_confidence(lab, cut + 1, last),
    }


def content_confidence(lab: Labelled, first: int, last: int) -> float:
    """The lowest marginal of the tokens ``first..last`` that carry the value: words and
    numbers, not the punctuation around them nor words such as "pp." and "vol."."""
    texts = lab.tokens.texts
    probs = [
        lab.probs[k]
        for k in range(first, last + 1)
        if any(c.isalnum() for c in texts[k]) and texts[k].lower().rstrip(".") not in MARKERS
    ]
    return round(min(probs or lab.probs[first : last + 1] or [0.0]), 4)


def _year_follows_authors(lab: Labelled) -> bool:
    """The date is printed right after the authors: an author-date style, whose title
    is its first sentence after the date (APA, Harvard, Chicago author-date)."""
    for k, label in enumerate(lab.labels):
        if label == "year":
            return prev_label(lab, k) in ("author", "editor")
    return False


def _ends_sentence(text: str) -> bool:
    """A token whose full stop ends a sentence: "paper.", not "J.", "Phys.", "Rev." or
    "U.S." (abbreviations of the parser's lists and of the journal-word lexicon)."""
    if text == ".":
        return True  # "... (C. D. C. Reeve, Trans.). Hackett."
    if len(text) < 3 or text[-1] != "." or not text[-2].isalpha():
        return False
    word = text[:-1].lower()
    if (word in JOURNAL_WORDS and len(word) <= 5) or (word in MARKERS and len(word) <= 4):
        return False
    if text[0].isupper() and len(word) <= 4:
        return False  # "Acc.", "Res.", "Biol.": the abbreviations journal names are made of
    return not is_abbreviation(text, len(text) - 1)


def _floor(field: str) -> float:
    return CONFIDENCE_FLOOR.get(field, DEFAULT_FLOOR)


def title_from_note(lab: Labelled, runs: Runs) -> None:
    """ "World Health Organization. (2020). Global tuberculosis report 2020 (Report No.
    12).": with no title at all, a note in the title's place (the first field after the
    authors and the date) is the title the model took for a genre note."""
    if "title" in runs or "note" not in runs:
        return
    note = runs["note"][0]
    before = {label for label in lab.labels[: note.first] if label != "O"}
    if before <= {"author", "editor", "year", "number"}:
        runs["note"].pop(0)
        texts = lab.tokens.texts
        last = note.last
        closing = last if texts[last] == ")" else last + 1
        if closing < len(texts) and texts[closing] == ")":
            # "(Original work published 1900)" closing the note is no part of the title
            opening = max((k for k in range(note.first, last + 1) if texts[k] == "("), default=-1)
            if opening > note.first:
                last = opening - 1
                runs["note"].append(Run("note", opening, note.last))
        runs["title"] = [Run("title", note.first, last)]
        if not runs["note"]:
            del runs["note"]


def chapter_in_title(ref: Reference, lab: Labelled, runs: Runs) -> dict[str, float]:
    """ "Complex dynamics, in New Trends in Macroeconomics, Diebolt, C., (eds.), Springer":
    a title with ", in Book" inside it, no container, and editors or a publisher after
    it is a chapter title followed by its book."""
    if ref.container or "title" not in runs or not (ref.editors or ref.publisher):
        return {}
    run = runs["title"][0]
    texts = lab.tokens.texts
    for k in range(run.first + 1, run.last):
        if (
            texts[k - 1] == ","
            and texts[k].lower().rstrip(":") == "in"
            and texts[k + 1][:1].isupper()
        ):
            head = clean(lab.text[lab.tokens.starts[run.first] : lab.tokens.ends[k - 1]])
            book = clean(lab.text[lab.tokens.starts[k + 1] : lab.tokens.ends[run.last]])
            if head and book:
                ref.title, ref.container = head, book
                conf = _split(lab, run.first, k - 2, run.last, "title", "container")
                lab.relabel(k - 1, "O")
                lab.relabel(k, "O")
                return conf
    return {}


def journal_in_title(ref: Reference, lab: Labelled, runs: Runs) -> dict[str, float]:
    """ "Oliver T, ... Maskell D. Using reconfigurable hardware ... ClustalW. Bioinformatics
    (Oxford, England). 2005;21:3431–3432.": no journal, volume or pages after the title,
    and a title that runs over a sentence end into a short last sentence: that sentence
    is the journal (Vancouver prints Title. Journal. Year;Volume:Pages)."""
    if ref.container or "title" not in runs or not (ref.volume or ref.pages):
        return {}
    run = runs["title"][0]
    texts = lab.tokens.texts
    cut = next(
        (k for k in range(run.last - 1, run.first - 1, -1) if _ends_sentence(texts[k])), None
    )
    if cut is None or run.last - cut > 8:
        return {}
    tail = clean(lab.text[lab.tokens.starts[cut + 1] : lab.tokens.ends[run.last]])
    if not tail or tail[0].islower() or not tail[0].isalnum():
        return {}
    ref.container = tail
    ref.title = clean(lab.text[lab.tokens.starts[run.first] : lab.tokens.ends[cut]]) or None
    return _split(lab, run.first, cut, run.last, "title", "container")


def link_title(lab: Labelled, runs: Runs) -> None:
    """ "Sun Grid Engine [http://gridengine.sunsource.net/]": a bare link whose only field
    is a name the model read as an author is a page title (a list of links, not works
    with authors and dates)."""
    if "title" in runs or "year" in runs or "author" not in runs or "url" not in lab.tokens.idents:
        return
    if any(label not in ("author", "O", "url", "note") for label in runs):
        return
    runs["title"] = runs.pop("author")


def title_in_container(ref: Reference, lab: Labelled, runs: Runs) -> dict[str, float]:
    """ "Wu, L. (2015). Memory. Journal of Mind, 3(1), 1-9.": no title, and a container
    that runs over a sentence end. A journal's name has no sentence end in it, so what
    precedes the last one is the title the model folded into the journal."""
    if ref.title or "container" not in runs:
        return {}
    run = runs["container"][0]
    texts = lab.tokens.texts
    cut = next(
        (k for k in range(run.last - 1, run.first - 1, -1) if _ends_sentence(texts[k])), None
    )
    if cut is None:
        return {}
    head = clean(lab.text[lab.tokens.starts[run.first] : lab.tokens.ends[cut]])
    tail = clean(lab.text[lab.tokens.starts[cut + 1] : lab.tokens.ends[run.last]])
    if not head or not tail or not (tail[0].isupper() or tail[0].isdigit()):
        return {}
    ref.title, ref.container = head, tail
    return _split(lab, run.first, cut, run.last, "title", "container")


def _date_after_authors(lab: Labelled, run: Run) -> bool:
    texts, labels = lab.tokens.texts, lab.labels
    j = run.first - 1
    while j >= 0 and labels[j] == "O" and texts[j] in _DATE_OPEN:
        j -= 1
    after = run.last + 1
    closed = after >= len(texts) or texts[after] in _DATE_CLOSE or texts[run.last].endswith(".")
    return j >= 0 and labels[j] in ("author", "editor") and closed and run.first == run.last


def newspaper_page(ref: Reference) -> None:
    """ "The New York Times, A1": a section page read as part of the paper's name."""
    m = re.match(
        r"^(?P<name>.+?),\s*(?:pp?\.\s*)?(?P<page>[A-Z]\d{1,3}(?:[-–][A-Z]?\d{1,3})?)$",
        ref.container or "",
    )
    if m:
        ref.container, ref.pages = m.group("name"), m.group("page").replace("–", "-")
