"""The labelled reference strings in ../shared/eval, split for training and scoring.

Shared by ``train_parser.py`` (which trains on the train part) and
``eval_parser_crf.py`` (which scores the dev part), so both see the same split.

How the split is made (deterministic, no randomness):

1. Every string belongs to a *group*: its source document where the set has several
   (JATS: the article; GROBID and ParsCit: the tagged file), and within a document — or
   in a set that is one long file (AnyStyle core/good, UMass) — a block of
   ``BLOCK`` consecutive strings. Consecutive strings come from the same bibliography,
   so a block keeps one author's or one journal's list on one side.
2. Per set, groups are ordered by the SHA-1 of their name, and taken into dev until dev
   holds ``DEV_SHARE`` of the set's strings.
3. Leakage: the sets overlap (GROBID's training corpus contains much of ParsCit and of
   AnyStyle core; AnyStyle core and good share entries). Every training string that is
   the same reference as a dev string of *any* set — equal letters and digits, or equal
   first ``PREFIX`` letters and digits — is dropped from training.

Gold spans become one label per token: the span that covers a token's first letter or
digit; punctuation tokens at the edges of a span (``(2011).``, ``"Title,"``) and a
leading "In"/"In:" of a container or editor span are "O", so every set marks the same
thing the same way. AnyStyle labels the issue inside the volume ("36(2)", "31: 4");
there the numbers after the volume's first number become the issue.
"""

from __future__ import annotations

import hashlib
import json
import re
import sys
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from refcheck.references.parser.tokens import Tokens, tokenize  # noqa: E402

SETS = (
    "anystyle_core",
    "anystyle_good",
    "jats_mixed",
    "parscit",
    "umass_dev",
    "grobid_corpus",
)
AUTHOR_DATE_SETS = ("anystyle_core", "anystyle_good", "jats_mixed")
NUMBERED_SETS = ("parscit", "umass_dev", "grobid_corpus")
BLOCK = 25
DEV_SHARE = 0.2
PREFIX = 50

# Gold field names → the labeller's labels.
LABELS = {
    "author": "author",
    "editor": "editor",
    "translator": "note",
    "year": "year",
    "date": "year",
    "title": "title",
    "container": "container",
    "volume": "volume",
    "issue": "issue",
    "pages": "pages",
    "publisher": "publisher",
    "location": "location",
    "edition": "edition",
    "doi": "doi",
    "url": "url",
    "note": "note",
    "genre": "note",
    "collection": "note",
    "other": "note",
    "citation_number": "number",
    "institution": "institution",
    "arxiv": "identifier",
    "pmid": "identifier",
    "pmcid": "identifier",
    "issn": "identifier",
    "isbn": "identifier",
    "identifier": "identifier",
}


@dataclass
class Example:
    set: str
    id: str
    source: str
    group: str
    raw: str
    fields: dict
    spans: list


def default_shared() -> Path:
    """../shared beside the checkout (or beside the worktrees' folder)."""
    for base in (ROOT.parent, ROOT.parent.parent):
        if (base / "shared" / "eval").is_dir():
            return base / "shared"
    return ROOT.parent / "shared"


def load(shared: Path) -> list[Example]:
    out: list[Example] = []
    for name in SETS:
        path = shared / "eval" / f"refstrings_{name}.jsonl"
        rows = [json.loads(line) for line in path.open(encoding="utf-8")]
        per_source: dict[str, int] = {}
        for row in rows:
            per_source[row["source"]] = per_source.get(row["source"], 0) + 1
        several = len(per_source) > 1
        seen: dict[str, int] = {}
        for row in rows:
            source = row["source"]
            k = seen.get(source, 0)
            seen[source] = k + 1
            doc = source if several else name
            group = doc if several and per_source[source] <= 4 * BLOCK else f"{doc}#{k // BLOCK}"
            out.append(
                Example(name, row["id"], source, group, row["raw"], row["fields"], row["spans"])
            )
    return out


def _key(raw: str) -> str:
    return re.sub(r"[\W_]+", "", raw.casefold())


def split(examples: list[Example]) -> tuple[list[Example], list[Example]]:
    """(train, dev): see the module docstring."""
    dev_groups: set[tuple[str, str]] = set()
    for name in SETS:
        of_set = [e for e in examples if e.set == name]
        sizes: dict[str, int] = {}
        for e in of_set:
            sizes[e.group] = sizes.get(e.group, 0) + 1
        order = sorted(sizes, key=lambda g: hashlib.sha1(f"{name}|{g}".encode()).hexdigest())
        taken = 0
        for g in order:
            if taken >= DEV_SHARE * len(of_set):
                break
            dev_groups.add((name, g))
            taken += sizes[g]
    dev = [e for e in examples if (e.set, e.group) in dev_groups]
    full = {_key(e.raw) for e in dev}
    prefix = {_key(e.raw)[:PREFIX] for e in dev}
    train = [
        e
        for e in examples
        if (e.set, e.group) not in dev_groups
        and _key(e.raw) not in full
        and _key(e.raw)[:PREFIX] not in prefix
    ]
    return train, dev


_ALNUM = re.compile(r"[^\W_]")
_IN = re.compile(r"^in:?$", re.I)


def token_labels(example: Example) -> tuple[Tokens, list[str]]:
    """The tokens of ``example.raw`` and one label each (module docstring)."""
    raw = example.raw
    tokens = tokenize(raw)
    owner = [""] * len(raw)
    span_of = [-1] * len(raw)
    for n, (field, start, end) in enumerate(example.spans):
        label = LABELS.get(field)
        if label is None:
            continue
        for i in range(max(0, start), min(end, len(raw))):
            owner[i] = label
            span_of[i] = n
    labels: list[str] = []
    spans: list[int] = []
    for text, start in zip(tokens.texts, tokens.starts, strict=True):
        m = _ALNUM.search(text)
        at = start + (m.start() if m else 0)
        labels.append(owner[at] or "O")
        spans.append(span_of[at])
    _trim_edges(tokens, labels, spans)
    if example.set.startswith("anystyle"):
        _split_issue(tokens, labels, spans)
    return tokens, labels


_DASH_RUN = re.compile(r"^[—–_-]{2,}$")


def _is_punct(tokens: Tokens, i: int) -> bool:
    """Punctuation a span may lose at its edges; not "———" (Chicago's same authors) and
    not a title's own "?" or "!"."""
    text = tokens.texts[i]
    return (
        not tokens.idents[i]
        and _ALNUM.search(text) is None
        and not _DASH_RUN.match(text)
        and text not in "?!"
    )


def _trim_edges(tokens: Tokens, labels: list[str], spans: list[int]) -> None:
    runs: dict[int, list[int]] = {}
    for i, s in enumerate(spans):
        if s >= 0 and labels[i] != "O":
            runs.setdefault(s, []).append(i)
    for idx in runs.values():
        lo, hi = 0, len(idx) - 1
        while lo <= hi and _is_punct(tokens, idx[lo]):
            labels[idx[lo]] = "O"
            lo += 1
        while hi >= lo and _is_punct(tokens, idx[hi]):
            labels[idx[hi]] = "O"
            hi -= 1
        if (
            lo <= hi
            and labels[idx[lo]] in ("container", "editor")
            and _IN.match(tokens.texts[idx[lo]])
        ):
            labels[idx[lo]] = "O"
            lo += 1
            while lo <= hi and _is_punct(tokens, idx[lo]):
                labels[idx[lo]] = "O"
                lo += 1


def _split_issue(tokens: Tokens, labels: list[str], spans: list[int]) -> None:
    """AnyStyle's "36(2)" / "31: 4" / "Vol. 4 (3)" volumes: numbers after the first are
    the issue, the brackets and colons between are "O"."""
    runs: dict[int, list[int]] = {}
    for i, s in enumerate(spans):
        if labels[i] == "volume":
            runs.setdefault(s, []).append(i)
    for idx in runs.values():
        first = next((i for i in idx if any(c.isdigit() for c in tokens.texts[i])), None)
        if first is None:
            continue
        after = [i for i in idx if i > first]
        if not any(any(c.isdigit() for c in tokens.texts[i]) for i in after):
            continue
        for i in after:
            labels[i] = "O" if _is_punct(tokens, i) else "issue"
