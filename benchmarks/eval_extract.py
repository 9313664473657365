"""Span-detection precision/recall of the author-date extractor against labelled gold.

Usage::

    python benchmarks/eval_extract.py [../shared/eval/linking_author_date.jsonl]

Each gold paragraph is extracted on its own. A predicted citation matches a gold one
when their character ranges overlap; matching is one to one (greedy in document
order), so a prediction that swallows two gold spans still scores one hit. Tentative
predictions are reported separately: the engine keeps them only when their author
names a reference, so they are counted as detections only when ``--tentative`` is set.
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import string
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from refcheck.extract.author_date import extract_author_date  # noqa: E402
from refcheck.names import primary_key  # noqa: E402
from refcheck.text import LineIndex  # noqa: E402

DEFAULT = ROOT.parent / "shared" / "eval" / "linking_author_date.jsonl"


def offsets(text: str, index: LineIndex, line: int, col: int, end_line: int, end_col: int):
    """Character offsets of a 1-based (line, column, end line, exclusive end column)."""
    return index.line_start(line) + col - 1, index.line_start(end_line) + end_col - 1


def match(gold: list[tuple[int, int]], pred: list[tuple[int, int]]):
    """One-to-one overlap matching; returns (matched pairs, unmatched gold, unmatched pred)."""
    used: set[int] = set()
    pairs, misses = [], []
    for g in gold:
        hit = next(
            (i for i, p in enumerate(pred) if i not in used and p[0] < g[1] and g[0] < p[1]),
            None,
        )
        if hit is None:
            misses.append(g)
        else:
            used.add(hit)
            pairs.append((g, pred[hit]))
    extra = [p for i, p in enumerate(pred) if i not in used]
    return pairs, misses, extra


def in_reference_list(row: dict, cit) -> bool:
    """Whether a prediction's first author and year name an entry of the article.

    Such a "false detection" is a real citation the gold left untagged (eLife author
    responses, repeated citations without an xref), not an extraction error.
    """
    key = primary_key(cit.authors[0]) if cit.authors else ""
    for ref in row["references"]:
        authors = ref.get("authors") or []
        if authors and primary_key(authors[0]) == key and (ref.get("year") or "") == cit.year:
            return True
    return False


def context(text: str, start: int, end: int, width: int = 45) -> str:
    left = text[max(0, start - width) : start].replace("\n", " ")
    right = text[end : end + width].replace("\n", " ")
    return f"…{left}[[{text[start:end]}]]{right}…"


def synthetic_document(size: int = 2_000_000, pool: int = 800, seed: int = 0) -> tuple[str, int]:
    """A seeded author-date document of ``size`` characters and its citation count.

    About 22,000 citations in 2 MB: short prose sentences, each closed by a group of
    one to four citations (et al., two-author, single-author) or opened by a narrative
    "Name et al. (year)"; authors drawn from a pool of ``pool`` invented surnames.
    """
    rng = random.Random(seed)

    def invent() -> str:
        stem = rng.choice(string.ascii_uppercase) + "".join(
            rng.choice("aeioulnrstkm") for _ in range(rng.randint(3, 9))
        )
        return rng.choice(["van ", "de "]) + stem if rng.random() < 0.04 else stem

    names = [invent() for _ in range(pool)]

    def cite() -> str:
        r, year = rng.random(), rng.randint(1950, 2023)
        if r < 0.4:
            return f"{rng.choice(names)} et al., {year}"
        if r < 0.7:
            return f"{rng.choice(names)} and {rng.choice(names)}, {year}"
        return f"{rng.choice(names)}, {year}"

    words = [
        "the",
        "of",
        "and",
        "to",
        "in",
        "a",
        "is",
        "that",
        "for",
        "on",
        "with",
        "as",
        "by",
        "was",
        "were",
        "this",
        "are",
        "be",
        "from",
    ]
    parts: list[str] = []
    count = length = 0
    while length < size:
        prose = " ".join(rng.choice(words) for _ in range(rng.randint(35, 42)))
        if rng.random() < 0.2:
            sentence = f"{rng.choice(names)} et al. ({rng.randint(1950, 2023)}) found {prose}."
            count += 1
        else:
            k = rng.randint(1, 4)
            sentence = f"{prose.capitalize()} ({'; '.join(cite() for _ in range(k))})."
            count += k
        if rng.random() < 0.1:
            sentence += "\n\n"
        parts.append(sentence)
        length += len(sentence) + 1
    return " ".join(parts), count


def time_synthetic() -> None:
    doc, expected = synthetic_document()
    index = LineIndex(doc)
    timings, found = [], 0
    for _ in range(5):
        t0 = time.perf_counter()
        found = len(extract_author_date(doc, index))
        timings.append(time.perf_counter() - t0)
    print(
        f"synthetic document: {len(doc) / 1e6:.1f} MB, {expected} citations written, "
        f"{found} extracted; median of 5 = {statistics.median(timings) * 1000:.0f} ms"
    )


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("path", nargs="?", default=str(DEFAULT))
    ap.add_argument("--tentative", action="store_true", help="count tentative predictions")
    ap.add_argument("--show", type=int, default=30, help="how many misses/extras to list")
    ap.add_argument("--synthetic", action="store_true", help="also time a 2 MB document")
    args = ap.parse_args()
    if args.synthetic:
        time_synthetic()

    rows = [json.loads(line) for line in Path(args.path).read_text().splitlines() if line]
    n_gold = n_pred = n_hit = n_tentative = 0
    exact = 0
    misses: list[str] = []
    extras: list[str] = []
    extras_listed = 0
    for row in rows:
        text = row["text"]
        index = LineIndex(text)
        gold = sorted((c["start"], c["end"]) for c in row["citations"])
        cits = extract_author_date(text, index)
        n_tentative += sum(c.tentative for c in cits)
        kept = [c for c in cits if args.tentative or not c.tentative]
        pred = [
            offsets(text, index, c.span.line, c.span.column, c.span.end_line, c.span.end_column)
            for c in kept
        ]
        pairs, miss, extra = match(gold, pred)
        n_gold += len(gold)
        n_pred += len(pred)
        n_hit += len(pairs)
        exact += sum(g == p for g, p in pairs)
        misses += [f"{row['doc_id']}#{row['para_id']}: {context(text, *g)}" for g in miss]
        by_span = dict(zip(pred, kept, strict=True))
        for p in extra:
            listed = in_reference_list(row, by_span[p])
            extras_listed += listed
            tag = "in ref list" if listed else "NOT in refs"
            extras.append(f"{row['doc_id']}#{row['para_id']} [{tag}]: {context(text, *p)}")

    timings = []
    for _ in range(5):
        t0 = time.perf_counter()
        for row in rows:
            extract_author_date(row["text"], LineIndex(row["text"]))
        timings.append(time.perf_counter() - t0)

    precision = n_hit / n_pred if n_pred else 1.0
    recall = n_hit / n_gold if n_gold else 1.0
    print(f"paragraphs {len(rows)}  gold {n_gold}  predicted {n_pred}  matched {n_hit}")
    print(f"precision {precision:.4f}  recall {recall:.4f}  exact-span {exact}/{n_hit}")
    print(f"tentative predictions {n_tentative} ({'counted' if args.tentative else 'ignored'})")
    print(
        f"extraction time, all paragraphs: median of 5 = {statistics.median(timings) * 1000:.1f} ms"
    )
    print(
        f"false detections naming an entry of the article's reference list: {extras_listed}"
        f" (precision counting those as correct: {(n_hit + extras_listed) / n_pred:.4f})"
    )
    print(f"\nmisses ({len(misses)}):")
    for line in misses[: args.show]:
        print("  " + line)
    print(f"\nfalse detections ({len(extras)}):")
    for line in extras[: args.show]:
        print("  " + line)


if __name__ == "__main__":
    main()
