"""Spans of labelled tokens: the runs of one label, their text, their neighbours.

The normaliser and the corrections both read the labeller's output through these:
a run is a stretch of tokens with one label, and a text field's run continues over
punctuation labelled "O" between two of its tokens.
"""

from __future__ import annotations

from dataclasses import dataclass

from refcheck.references.parser.labeller import Labelled

__all__ = ["Run", "clean", "leads", "next_label", "prev_label", "runs_of", "text_of"]

Runs = dict[str, list["Run"]]


@dataclass(slots=True)
class Run:
    label: str
    first: int  # token indices, inclusive
    last: int


_MERGE_OVER_PUNCT = frozenset(
    {"author", "editor", "title", "container", "publisher", "location", "note", "institution"}
)


def is_punct(lab: Labelled, k: int) -> bool:
    return not lab.tokens.idents[k] and not any(c.isalnum() for c in lab.tokens.texts[k])


def runs_of(lab: Labelled) -> Runs:
    """Runs of tokens with one label. A text field's run continues over punctuation
    labelled "O" between two of its tokens ("Title: subtitle" with the colon left out)."""
    out: Runs = {}
    labels = lab.labels
    i, n = 0, len(labels)
    while i < n:
        label = labels[i]
        if label == "O":
            i += 1
            continue
        j = i
        while True:
            k = j + 1
            if k < n and labels[k] == label:
                j = k
                continue
            if label not in _MERGE_OVER_PUNCT:
                break
            while k < n and labels[k] == "O" and is_punct(lab, k):
                k += 1
            if k < n and k > j + 1 and labels[k] == label:
                j = k
                continue
            break
        out.setdefault(label, []).append(Run(label, i, j))
        i = j + 1
    return out


def text_of(lab: Labelled, run: Run) -> str:
    return lab.text[lab.tokens.starts[run.first] : lab.tokens.ends[run.last]]


_TRIM = " ,.;:/"


_QUOTES = "\"'“”‘’«»„‚`"


def clean(text: str) -> str:
    text = " ".join(text.split())
    text = text.strip(_TRIM)
    if text and text[0] in _QUOTES:
        text = text[1:]
    if text and text[-1] in _QUOTES:
        text = text[:-1]
    return text.strip(_TRIM)


def next_label(lab: Labelled, index: int) -> str:
    for label in lab.labels[index + 1 :]:
        if label != "O":
            return label
    return ""


def prev_label(lab: Labelled, index: int) -> str:
    for label in reversed(lab.labels[:index]):
        if label != "O":
            return label
    return ""


def leads(lab: Labelled, run: Run) -> bool:
    """Whether ``run`` is the first field of the entry (after any list number)."""
    return all(label in ("O", "number") for label in lab.labels[: run.first])
