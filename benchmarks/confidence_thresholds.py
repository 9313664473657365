"""How well the parser's field confidences separate right readings from wrong ones.

    python benchmarks/confidence_thresholds.py [--shared DIR]

On the dev part of ../shared/eval (``parser_data.split``), for each field the rules
judge:

- *absent* readings (what RC201 would call missing): how many of those the gold has
  after all (a parse error that would become a false "missing" finding) and how many
  it really lacks, and for each threshold how many of each a rule would stay quiet on;
- *present* readings (what RC202, RC206 and RC302 judge): how many values are wrong
  (the gold differs or has none) and how many right, and again how many of each fall
  below each threshold.

The floors in ``refcheck.model.CONFIDENCE_FLOOR`` are read off these tables: the
lowest threshold that silences most would-be false findings while keeping nearly every
true one.
"""

from __future__ import annotations

import argparse
import collections
import sys
from pathlib import Path

from eval_parser_crf import SPAN, load_score
from parser_data import ROOT, default_shared, load, split

sys.path.insert(0, str(ROOT))

GOLD_NAME = {"authors": "author", "editors": "editor"}
THRESHOLDS = (0.3, 0.5, 0.6, 0.7, 0.8, 0.9, 0.95)


def value_of(ref, field: str):
    if field in ("authors", "editors"):
        return [" ".join(filter(None, [a.given, a.family])) for a in getattr(ref, field)]
    return getattr(ref, field)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--shared", type=Path, default=default_shared())
    args = ap.parse_args()
    score = load_score(args.shared)
    _, dev = split(load(args.shared))
    from refcheck.model import CONFIDENCE_FLOOR, DEFAULT_FLOOR
    from refcheck.references.parser import parse_entry

    absent: dict[str, list[tuple[float, bool]]] = collections.defaultdict(list)
    present: dict[str, list[tuple[float, bool]]] = collections.defaultdict(list)
    for e in dev:
        ref = parse_entry(" ".join(e.raw.split()), SPAN)
        for field, conf in ref.confidence.items():
            gold_name = GOLD_NAME.get(field, field)
            gold = e.fields.get(gold_name)
            value = value_of(ref, field)
            if not value:
                absent[field].append((conf, bool(gold)))
                continue
            if field in ("authors", "editors"):
                right = bool(gold) and score.norm(gold_name, gold) == score.norm(gold_name, value)
            else:
                right = bool(gold) and score.norm(gold_name, gold) == score.norm(gold_name, value)
            present[field].append((conf, right))
    head = "".join(f"{t:>8}" for t in THRESHOLDS)
    print("ABSENT readings (RC201): quiet below threshold, of the gold-has-it (parse errors)")
    print("and of the gold-lacks-it (true findings)")
    print(f"{'field':<11}{'errors':>7}{'true':>7}   {head}   floor")
    for field, rows in sorted(absent.items()):
        err = [c for c, has in rows if has]
        true = [c for c, has in rows if not has]
        cells = "".join(
            f"{sum(c < t for c in err):>4}/{sum(c < t for c in true):<3}" for t in THRESHOLDS
        )
        floor = CONFIDENCE_FLOOR.get(field, DEFAULT_FLOOR)
        print(f"{field:<11}{len(err):>7}{len(true):>7}   {cells}   {floor}")
    print("\nPRESENT readings (RC202/RC206/RC302): quiet below threshold, of the wrong values")
    print("and of the right values")
    print(f"{'field':<11}{'wrong':>7}{'right':>7}   {head}   floor")
    for field, rows in sorted(present.items()):
        wrong = [c for c, ok in rows if not ok]
        right = [c for c, ok in rows if ok]
        cells = "".join(
            f"{sum(c < t for c in wrong):>4}/{sum(c < t for c in right):<3}" for t in THRESHOLDS
        )
        floor = CONFIDENCE_FLOOR.get(field, DEFAULT_FLOOR)
        print(f"{field:<11}{len(wrong):>7}{len(right):>7}   {cells}   {floor}")


if __name__ == "__main__":
    main()
