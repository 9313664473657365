"""Speed of the reference parser: labelling and full parsing of 5,000 entries.

    python benchmarks/bench_parser.py [--runs 5] [--shared DIR]

Takes 5,000 strings from the labelled sets in ../shared/eval (or, without them, a
generated APA list), warms the model up once, and reports medians of several runs for
(a) tokens and features only, (b) labelling (features, CRF, marginals) and (c) the whole
parse into ``Reference`` objects, beside the regex parser for scale.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench_lint import median_time  # noqa: E402

from refcheck.model import Span  # noqa: E402

SPAN = Span("bench", 1, 1, 1, 2)
N = 5000


def strings(shared: Path) -> list[str]:
    out: list[str] = []
    for path in sorted((shared / "eval").glob("refstrings_*.jsonl")):
        with path.open(encoding="utf-8") as f:
            out += [" ".join(json.loads(line)["raw"].split()) for line in f]
    if not out:
        out = [
            f"Author{i}, J. K. ({1950 + i % 70}). A title about topic {i}. Journal of "
            f"Studies, {i % 90}({i % 6 + 1}), {i % 400}–{i % 400 + 20}."
            for i in range(N)
        ]
    step = max(1, len(out) // N)  # every set represented
    return (out[::step] * 2)[:N]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    args = ap.parse_args()
    raws = strings(args.shared)
    from regex_baseline import regex_parse_entry

    from refcheck.references.parser import parse_entry
    from refcheck.references.parser.features import sequence_features
    from refcheck.references.parser.labeller import label
    from refcheck.references.parser.tokens import tokenize

    regex_parse = regex_parse_entry()
    parse_entry(raws[0], SPAN)  # load the model once
    rows = [
        ("tokens and features", lambda: [sequence_features(tokenize(r)) for r in raws]),
        ("labelling (features + CRF + marginals)", lambda: [label(r) for r in raws]),
        ("whole parse (learned parser)", lambda: [parse_entry(r, SPAN) for r in raws]),
        ("whole parse (regex parser, for scale)", lambda: [regex_parse(r, SPAN) for r in raws]),
    ]
    print(f"{len(raws)} entries, median of {args.runs} runs")
    for name, fn in rows:
        print(f"  {name:<42} {median_time(fn, args.runs):6.3f} s")


if __name__ == "__main__":
    main()
