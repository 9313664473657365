"""Field F1 of ``parse_entry`` vs ``parse_numbered_entry`` on numbered-style references.

Runs both parsers over a labelled JSONL of reference strings (default: the GROBID
training corpus, mostly numbered physics and biomedical entries; see
../shared/eval/README.md), writes predictions in ``score.py parse`` format, scores each
with that script and prints the per-field F1 side by side, plus parse speed.

usage: python benchmarks/eval_numbered.py [GOLD.jsonl] [--score SCORE.py] [--full]
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from eval_parser import prediction_fields  # noqa: E402

from refcheck.model import Reference, Span  # noqa: E402
from refcheck.references.entry import parse_entry  # noqa: E402
from refcheck.references.ieee import parse_numbered_entry  # noqa: E402

SPAN = Span("eval", 1, 1, 1, 2)
Parser = Callable[[str, Span], Reference]


def predict(gold: list[dict], parse: Parser) -> list[dict]:
    preds = []
    for g in gold:
        r = parse(" ".join(g["raw"].split()), SPAN)
        preds.append({"id": g["id"], "fields": prediction_fields(r, editors=True)})
    return preds


def write_jsonl(path: Path, rows: list[dict]) -> None:
    with open(path, "w", encoding="utf-8") as f:
        for row in rows:
            f.write(json.dumps(row, ensure_ascii=False) + "\n")


def score(score_py: Path, gold_path: Path, preds: list[dict], tmp: Path, tag: str) -> str:
    pred_path = tmp / f"pred_{tag}.jsonl"
    write_jsonl(pred_path, preds)
    out = subprocess.run(
        [sys.executable, str(score_py), "parse", str(gold_path), str(pred_path)],
        capture_output=True,
        text=True,
        check=True,
    )
    return out.stdout


def f1_rows(report: str) -> dict[str, str]:
    """Field name → F1 of a ``score.py parse`` report (rows ``field P R F1 support``)."""
    rows: dict[str, str] = {}
    for line in report.splitlines():
        parts = line.replace(";", " ").split()
        if len(parts) >= 4 and parts[0] != "field":
            rows[parts[0]] = parts[3]
        if len(parts) >= 5 and parts[0] == "micro":
            rows["all-correct"] = parts[-1]
    return rows


def speed(gold: list[dict], parse: Parser) -> float:
    raws = [" ".join(g["raw"].split()) for g in gold]
    t0 = time.perf_counter()
    for raw in raws:
        parse(raw, SPAN)
    return (time.perf_counter() - t0) / max(len(raws), 1)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument(
        "gold", nargs="?", default=str(ROOT.parent / "shared/eval/refstrings_grobid_corpus.jsonl")
    )
    ap.add_argument("--score", default=str(ROOT.parent / "shared/tools/score.py"))
    ap.add_argument("--full", action="store_true", help="print both full score reports")
    args = ap.parse_args()
    gold_path = Path(args.gold)
    with open(gold_path, encoding="utf-8") as f:
        gold = [json.loads(line) for line in f]
    reports = {}
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        for tag, parse in (
            ("parse_entry", parse_entry),
            ("parse_numbered_entry", parse_numbered_entry),
        ):
            reports[tag] = score(Path(args.score), gold_path, predict(gold, parse), tmp, tag)
    if args.full:
        for tag, report in reports.items():
            print(f"== {tag}\n{report}")
    base, new = f1_rows(reports["parse_entry"]), f1_rows(reports["parse_numbered_entry"])
    print(f"{len(gold)} entries  [{gold_path}]")
    print(f"{'field':<12}{'parse_entry':>14}{'numbered':>12}")
    for field in base:
        print(f"{field:<12}{base[field]:>14}{new.get(field, '-'):>12}")
    for tag, parse in (
        ("parse_entry", parse_entry),
        ("parse_numbered_entry", parse_numbered_entry),
    ):
        print(f"speed {tag}: {speed(gold, parse) * 1e3:.4f} ms per entry")


if __name__ == "__main__":
    main()
