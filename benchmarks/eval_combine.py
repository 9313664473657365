"""Where is the regex parser still better than the learned one? Field by field, on dev.

    python benchmarks/eval_combine.py [--shared DIR]

For every dev string (``parser_data.split``) both parsers run; per field and per
confidence band of the learned reading, it counts how often each parser's value equals
the gold (score.py's normalisation; authors as exact bags). The bands where the regex
reading is right more often are where the learned parser needed the corrections of
``refcheck.references.parser.corrections`` (rules taken from the regex parser).
"""

from __future__ import annotations

import argparse
import collections
import sys
from pathlib import Path

from eval_parser_crf import SPAN, load_score, prediction_fields
from parser_data import ROOT, default_shared, load, split

sys.path.insert(0, str(ROOT))

FIELDS = ("author", "year", "title", "container", "volume", "issue", "pages", "publisher")
CONF_KEY = {"author": "authors"}
BANDS = ((0.0, 0.5), (0.5, 0.7), (0.7, 0.8), (0.8, 0.9), (0.9, 0.95), (0.95, 0.99), (0.99, 1.01))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--shared", type=Path, default=default_shared())
    ap.add_argument("--set", action="append", help="only these sets")
    args = ap.parse_args()
    score = load_score(args.shared)
    _, dev = split(load(args.shared))
    if args.set:
        dev = [e for e in dev if e.set in args.set]
    from regex_baseline import regex_parse_entry

    from refcheck.references.parser import parse_entry

    regex_parse = regex_parse_entry()

    table: dict[tuple[str, int], list[int]] = collections.defaultdict(lambda: [0, 0, 0, 0])
    for e in dev:
        text = " ".join(e.raw.split())
        crf = parse_entry(text, SPAN)
        rx = regex_parse(text, SPAN)
        pc, pr = prediction_fields(crf), prediction_fields(rx)
        for f in FIELDS:
            if f not in e.fields and f not in pc and f not in pr:
                continue
            g = score.norm(f, e.fields[f]) if e.fields.get(f) else None
            ok_c = (score.norm(f, pc[f]) if pc.get(f) else None) == g
            ok_r = (score.norm(f, pr[f]) if pr.get(f) else None) == g
            conf = crf.confidence.get(CONF_KEY.get(f, f), 1.0)
            band = next(i for i, (lo, hi) in enumerate(BANDS) if lo <= conf < hi)
            row = table[(f, band)]
            row[0] += 1
            row[1] += ok_c
            row[2] += ok_r
            row[3] += ok_r and not ok_c
    print(f"{'field':<10}{'band':<12}{'n':>6}{'learned':>9}{'regex':>8}{'regex only':>12}")
    for f in FIELDS:
        for i, (lo, hi) in enumerate(BANDS):
            n, c, r, only = table.get((f, i), [0, 0, 0, 0])
            if n:
                print(
                    f"{f:<10}{f'{lo:.2f}-{min(hi, 1):.2f}':<12}{n:>6}"
                    f"{c / n:9.3f}{r / n:8.3f}{only:>12}"
                )


if __name__ == "__main__":
    main()
