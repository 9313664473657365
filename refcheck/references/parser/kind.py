"""The kind of work an entry describes, from the fields read and the genre words printed.

RC201 asks each kind for different fields (an article for volume and pages, a book for
a publisher), so the kind decides what a reader of the entry would miss.
"""

from __future__ import annotations

import re

from refcheck.model import Reference
from refcheck.references.entry_fields import looks_like_periodical
from refcheck.references.parser.labeller import Labelled
from refcheck.references.parser.spans import Runs, text_of

__all__ = ["PREPRINT_ID", "PROCEEDINGS", "chapter_mark", "decide_kind"]


PREPRINT_ID = re.compile(r"\b(?:arXiv|bioRxiv|medRxiv|SSRN)\b", re.I)


_PREPRINT = re.compile(
    r"\b(?:arXiv|bioRxiv|medRxiv|SSRN|PsyArXiv|SocArXiv|preprint|Research Square|"
    r"OSF Preprints|Preprints\.org|CoRR)\b",
    re.I,
)


_THESIS = re.compile(
    r"\b(?:dissertation|thesis|Ph\.?\s?D|doctoral|master'?s|M\.?A\.? thesis|M\.?Sc|DPhil|"
    r"Habilitation|Dissertation|Diplomarbeit|Doktorarbeit|mémoire|thèse)\b",
    re.I,
)


_REPORT = re.compile(
    r"\b(?:report|working paper|technical memo|tech\.\s*rep|white paper|policy brief|"
    r"discussion paper|occasional paper|briefing|research paper|fact sheet|"
    r"technical note|memorandum)\b",
    re.I,
)


PROCEEDINGS = re.compile(
    r"\b(?:Proc\.|Conf\.|Symp\.|(?:Proceedings|Conference|Symposium|Workshop|Congress|"
    r"Meeting|Colloquium|Summit|Advances in Neural Information Processing)\b)"
    # Springer's proceedings series: its "vol 9907" is the series volume, not a journal's.
    r"|\bLecture\s+Notes\s+in\b|\bLN(?:CS|AI|BI|BIP|ICST)\b|\bCCIS\b",
    re.I,
)


def decide_kind(
    ref: Reference,
    lab: Labelled,
    runs: Runs,
    web: bool,
    preprint: bool,
    title_notes: list[str] = (),  # type: ignore[assignment]
) -> str:
    """The kind of work, from the fields read and the genre words printed (in notes,
    after the title, or in a bracket cut off the title: "(Report No. 12)")."""
    notes = " ".join([*(text_of(lab, r) for r in runs.get("note", [])), *title_notes])
    tail = lab.text[lab.tokens.ends[runs["title"][0].last] :] if "title" in runs else lab.text
    located = bool(ref.volume or ref.issue)
    if not located and (_THESIS.search(notes) or _THESIS.search(tail)):
        return "thesis"
    if preprint and not located and not ref.pages:
        return "preprint"
    container = ref.container or ""
    marked = chapter_mark(lab, runs)
    if container:
        if PROCEEDINGS.search(container):
            return "conference"
        if (marked or ref.editors) and not located:
            return "chapter"
        if located or ref.pages:
            return "article"
        if _PREPRINT.search(container):
            return "preprint"
        if ref.publisher and not looks_like_periodical(container):
            return "chapter" if marked else "book"
        if web and not looks_like_periodical(container) and not ref.dated_by_day:
            return "web"
        return "article"
    if _REPORT.search(notes) or _REPORT.search(tail) or "institution" in runs:
        return "report"
    if ref.publisher or ref.editors or ref.isbn:
        return "book"
    if web:
        return "web"
    return "unknown"


def chapter_mark(lab: Labelled, runs: Runs) -> bool:
    """An "In"/"In:" before the editors or the book ("In A. Editor (Ed.), Book")."""
    for label in ("editor", "container"):
        for run in runs.get(label, [])[:1]:
            j = run.first - 1
            texts = lab.tokens.texts
            while j >= 0 and lab.labels[j] == "O" and not texts[j][0].isalpha():
                j -= 1
            if j >= 0 and texts[j].lower().rstrip(":") in ("in", "en", "im", "dans"):
                return True
            first = texts[run.first].lower().rstrip(":")
            if first in ("in", "en", "im"):
                return True
    return False
