"""Field scores of the reference parser on the dev part of ../shared/eval (never trained on).

    python benchmarks/eval_parser_crf.py                  # the shipped parser
    python benchmarks/eval_parser_crf.py --compare        # and the regex parser beside it
    python benchmarks/eval_parser_crf.py --by-source      # a table per source document

The split is ``parser_data.split`` (by source document, leakage removed), the same one
``train_parser.py`` trains on. Scores follow ``../shared/tools/score.py parse``: its
normalisation (imported from that file) and its counting (author and editor as bags of
name tokens with partial credit, other fields exact after normalisation). Micro-F1 is
taken over the fields each set labels (a set that never labels the issue is not scored
on it). "In-stripped" also scores the container with a leading "In"/"In:" removed from
the gold: AnyStyle and ParsCit label "In Proceedings of X" as the container, refcheck
reads "Proceedings of X" (the name Crossref knows).
"""

from __future__ import annotations

import argparse
import collections
import importlib.util
import json
import re
import statistics
import sys
import time
from pathlib import Path

from parser_data import AUTHOR_DATE_SETS, ROOT, SETS, default_shared, load, split

sys.path.insert(0, str(ROOT))

from refcheck.model import Reference, Span

SPAN = Span("eval", 1, 1, 1, 2)
MIN_SOURCE = 10


def load_score(shared: Path):
    spec = importlib.util.spec_from_file_location("score", shared / "tools" / "score.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def prediction_fields(r: Reference) -> dict[str, object]:
    """A parsed entry in score.py's PRED format (fields it does not give left out)."""
    fields: dict[str, object] = {
        "author": [" ".join(filter(None, [a.given, a.family])) for a in r.authors],
        "editor": [" ".join(filter(None, [a.given, a.family])) for a in r.editors],
    }
    for name in ("year", "title", "container", "volume", "issue", "pages", "publisher", "doi"):
        fields[name] = getattr(r, name)
    fields["location"] = getattr(r, "location", None)
    return {k: v for k, v in fields.items() if v}


class Counts:
    def __init__(self) -> None:
        self.tp: collections.Counter[str] = collections.Counter()
        self.fp: collections.Counter[str] = collections.Counter()
        self.fn: collections.Counter[str] = collections.Counter()

    def add(self, score, fields: list[str], gold: dict, pred: dict) -> None:
        """score.py's score_parse loop for one entry."""
        for f in fields:
            gv = score.norm(f, gold.get(f, [])) if gold.get(f) else None
            pv = score.norm(f, pred.get(f, [])) if pred.get(f) else None
            if gv is None and pv is None:
                continue
            if gv is not None and gv == pv:
                self.tp[f] += 1
                continue
            if f in ("author", "editor") and gv is not None and pv is not None:
                inter = len(gv & pv)
                self.tp[f] += inter / max(len(pv), 1) if pv else 0
                self.fp[f] += 1 - inter / max(len(pv), 1)
                self.fn[f] += 1 - inter / max(len(gv), 1)
            else:
                if pv is not None:
                    self.fp[f] += 1
                if gv is not None:
                    self.fn[f] += 1

    def prf(self, f: str | None = None) -> tuple[float, float, float, float]:
        if f is None:
            tp, fp, fn = sum(self.tp.values()), sum(self.fp.values()), sum(self.fn.values())
        else:
            tp, fp, fn = self.tp[f], self.fp[f], self.fn[f]
        p = tp / (tp + fp) if tp + fp else 0.0
        r = tp / (tp + fn) if tp + fn else 0.0
        return p, r, (2 * p * r / (p + r) if p + r else 0.0), tp + fn


def strip_in(gold: dict) -> dict:
    out = dict(gold)
    if "container" in out:
        out["container"] = [re.sub(r"^\s*in\s*:?\s+", "", c, flags=re.I) for c in out["container"]]
    return out


def labelled_fields(score, examples) -> list[str]:
    have = {f for e in examples for f in e.fields}
    return [f for f in score.FIELDS if f in have]


def evaluate(score, parse, examples, by_source: bool) -> None:
    for name in SETS:
        dev = [e for e in examples if e.set == name]
        if not dev:
            continue
        fields = labelled_fields(score, [e for e in examples if e.set == name])
        raw_c, in_c = Counts(), Counts()
        per_source: dict[str, tuple[Counts, Counts]] = collections.defaultdict(
            lambda: (Counts(), Counts())
        )
        for e in dev:
            pred = prediction_fields(parse(" ".join(e.raw.split()), SPAN))
            raw_c.add(score, fields, e.fields, pred)
            in_c.add(score, fields, strip_in(e.fields), pred)
            per_source[e.source][0].add(score, fields, e.fields, pred)
            per_source[e.source][1].add(score, fields, strip_in(e.fields), pred)
        kind = "author-date" if name in AUTHOR_DATE_SETS else "numbered"
        print(f"\n== {name} ({kind}): {len(dev)} dev strings")
        print(f"{'field':<11}{'P':>7}{'R':>7}{'F1':>7}{'support':>9}   F1 In-stripped")
        for f in fields:
            p, r, f1, n = raw_c.prf(f)
            print(f"{f:<11}{p:7.3f}{r:7.3f}{f1:7.3f}{n:9.0f}   {in_c.prf(f)[2]:.3f}")
        p, r, f1, _ = raw_c.prf()
        print(f"{'micro':<11}{p:7.3f}{r:7.3f}{f1:7.3f}{'':9}   {in_c.prf()[2]:.3f}")
        if len(per_source) > 1:
            _print_sources(dev, fields, per_source, by_source)


def _print_sources(dev, fields, per_source, by_source: bool) -> None:
    """Micro-F1 per source document with at least ``MIN_SOURCE`` dev strings; the rest
    pooled (GROBID has hundreds of one-reference files)."""
    sizes = collections.Counter(e.source for e in dev)
    small_raw, small_in = Counts(), Counts()
    n_small = 0
    for source, (c, ci) in sorted(per_source.items()):
        n = sizes[source]
        if n < MIN_SOURCE:
            n_small += 1
            for mine, theirs in ((small_raw, c), (small_in, ci)):
                mine.tp.update(theirs.tp)
                mine.fp.update(theirs.fp)
                mine.fn.update(theirs.fn)
            continue
        short = source.split("/")[-1][:58]
        print(
            f"  source {short:<58} n={n:<5} micro-F1 {c.prf()[2]:.3f}"
            f"  In-stripped {ci.prf()[2]:.3f}"
        )
        if by_source:
            for f in fields:
                print(f"      {f:<11} F1 {c.prf(f)[2]:.3f} ({c.prf(f)[3]:.0f})")
    if n_small:
        n = sum(sizes[s] for s in per_source if sizes[s] < MIN_SOURCE)
        label = f"{n_small} smaller sources pooled"
        print(
            f"  {label:<65} n={n:<5} micro-F1 {small_raw.prf()[2]:.3f}"
            f"  In-stripped {small_in.prf()[2]:.3f}"
        )


def speed(parse, examples, n: int = 5000, runs: int = 5) -> None:
    raws = [" ".join(e.raw.split()) for e in examples][:n]
    while len(raws) < n:
        raws += raws[: n - len(raws)]
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        for raw in raws:
            parse(raw, SPAN)
        times.append(time.perf_counter() - t0)
    print(f"\nparse {n} entries: median of {runs} runs {statistics.median(times):.3f} s")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--shared", type=Path, default=default_shared())
    ap.add_argument("--compare", action="store_true", help="also score the regex parser")
    ap.add_argument("--by-source", action="store_true")
    ap.add_argument("--speed", action="store_true")
    ap.add_argument("--dump", type=Path, help="write dev predictions (JSONL) here")
    args = ap.parse_args()
    score = load_score(args.shared)
    _, dev = split(load(args.shared))
    from refcheck.references.parser import parse_entry

    parsers = [("learned parser (refcheck.references.parser)", parse_entry)]
    if args.compare:
        from regex_baseline import COMMIT, regex_parse_entry

        title = f"regex parser (refcheck.references.entry at {COMMIT})"
        parsers.append((title, regex_parse_entry()))
    for title, parse in parsers:
        print(f"\n######## {title}")
        evaluate(score, parse, dev, args.by_source)
        if args.speed:
            speed(parse, dev)
    if args.dump:
        with args.dump.open("w", encoding="utf-8") as f:
            for e in dev:
                r = parse_entry(" ".join(e.raw.split()), SPAN)
                row = {"set": e.set, "id": e.id, "raw": e.raw, "gold": e.fields}
                row["pred"] = prediction_fields(r)
                row["kind"] = r.kind
                f.write(json.dumps(row, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main()
