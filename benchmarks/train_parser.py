"""Train the reference-string labeller and write it into the package.

    python benchmarks/train_parser.py                 # ../shared next to the checkout
    python benchmarks/train_parser.py --shared DIR --iterations 200

Reads ../shared/eval/refstrings_*.jsonl, splits it by source document (see
``parser_data``), trains a linear-chain CRF (python-crfsuite, L-BFGS with an
elastic-net penalty) on the train part, writes
``refcheck/references/parser/model.crfsuite``, and prints token accuracy per label on
the dev part. The field scores of the whole parser (labelling plus normalisation) on
the dev part come from ``benchmarks/eval_parser_crf.py``. Not part of the runtime: a
fresh install reads the committed model and never trains.
"""

from __future__ import annotations

import argparse
import collections
import sys
import tempfile
import time
from pathlib import Path

import pycrfsuite
from parser_data import ROOT, default_shared, load, split, token_labels

sys.path.insert(0, str(ROOT))

from refcheck.references.parser.labeller import item_features

MODEL = ROOT / "refcheck" / "references" / "parser" / "model.crfsuite"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--shared", type=Path, default=default_shared())
    ap.add_argument("--iterations", type=int, default=250)
    ap.add_argument("--c1", type=float, default=0.1)
    ap.add_argument("--c2", type=float, default=0.05)
    ap.add_argument("--minfreq", type=float, default=2)
    ap.add_argument("--out", type=Path, default=MODEL)
    args = ap.parse_args()

    train, dev = split(load(args.shared))
    print(f"train {len(train)} strings, dev {len(dev)} strings")
    trainer = pycrfsuite.Trainer(verbose=False)
    t0 = time.perf_counter()
    for ex in train:
        tokens, labels = token_labels(ex)
        if tokens:
            trainer.append(item_features(ex.raw, tokens), labels)
    print(f"features built in {time.perf_counter() - t0:.1f} s")
    trainer.set_params(
        {
            "c1": args.c1,
            "c2": args.c2,
            "max_iterations": args.iterations,
            "feature.possible_transitions": True,
            "feature.minfreq": args.minfreq,
        }
    )
    t0 = time.perf_counter()
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "model.crfsuite"
        trainer.train(str(path))
        args.out.write_bytes(path.read_bytes())
    print(f"trained in {time.perf_counter() - t0:.0f} s; model {args.out.stat().st_size} bytes")
    report(args.out, dev)


def report(model: Path, dev: list) -> None:
    tagger = pycrfsuite.Tagger()
    tagger.open(str(model))
    right: collections.Counter[str] = collections.Counter()
    total: collections.Counter[str] = collections.Counter()
    predicted: collections.Counter[str] = collections.Counter()
    by_set: dict[str, list[int]] = collections.defaultdict(lambda: [0, 0])
    for ex in dev:
        tokens, gold = token_labels(ex)
        if not tokens:
            continue
        pred = tagger.tag(item_features(ex.raw, tokens))
        for g, p in zip(gold, pred, strict=True):
            total[g] += 1
            predicted[p] += 1
            right[g] += g == p
            by_set[ex.set][0] += g == p
            by_set[ex.set][1] += 1
    print(f"\ndev token accuracy per label ({sum(total.values())} tokens)")
    print(f"{'label':<12}{'P':>7}{'R':>7}{'F1':>7}{'support':>9}")
    for label in sorted(total, key=lambda k: -total[k]):
        p = right[label] / predicted[label] if predicted[label] else 0.0
        r = right[label] / total[label]
        f = 2 * p * r / (p + r) if p + r else 0.0
        print(f"{label:<12}{p:7.3f}{r:7.3f}{f:7.3f}{total[label]:9d}")
    ok_all = sum(v[0] for v in by_set.values())
    n_all = sum(v[1] for v in by_set.values())
    print(f"  {'all':<16} token accuracy {ok_all / n_all:.4f} ({n_all})")
    for name, (ok, n) in by_set.items():
        print(f"  {name:<16} token accuracy {ok / n:.4f} ({n})")


if __name__ == "__main__":
    main()
