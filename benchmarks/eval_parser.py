"""Field-level accuracy and speed of ``refcheck.references.parser.parse_entry``.

Runs the parser over a labelled JSONL of reference strings (see ../shared/eval/README.md),
writes predictions in ``score.py parse`` format and scores them with that script, for

(a) every entry, and
(b) the APA/Harvard-style subset, chosen from the *raw string's shape only* (never from
    the parser's output) by :func:`in_author_date_subset`.

It also prints first-author family-name accuracy on the subset, a container score with
the gold "In "/"In: " prefix removed (AnyStyle labels "In Proceedings of X" as the
container; refcheck's container is "Proceedings of X"), and parse speed.

usage: python benchmarks/eval_parser.py [GOLD.jsonl] [--shared DIR]
       (default GOLD: ../shared/eval/refstrings_anystyle_core.jsonl relative to the repo)
"""

from __future__ import annotations

import argparse
import json
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from refcheck.model import Reference, Span  # noqa: E402
from refcheck.names import fold  # noqa: E402
from refcheck.references.parser import parse_entry  # noqa: E402

SPAN = Span("eval", 1, 1, 1, 2)
_L = r"[^\W\d_]"
_LABEL = re.compile(r"^\s*(?:\[\d{1,4}\]|\(\d{1,4}\)|\d{1,3}[.)])\s+")
# "Family, I." (APA/Harvard; particles and hyphens allowed) or "Family IJ" (Vancouver/eLife).
_AUTHOR_START = re.compile(
    rf"^(?:(?:van|von|de|der|den|da|di|du|le|la|del)\s+)*[A-Z]{_L}*(?:['’-]{_L}+)*"
    rf"(?:,\s+[A-Z]\.|\s+[A-Z]{{1,3}}[,.]\s)"
)
# The first year of the string, in author-date position: "(2014)", "(2014a)", "(n.d.)",
# ". 2014." / ". 2014," or ", 2014," - and within the first 40% of the string.
_FIRST_YEAR = re.compile(r"(?<!\d)(?:1[5-9]|20)\d\d(?!\d)|n\.\s?d\.|in press")
_YEAR_POSITION = re.compile(r"(?:\(\s*$|[A-Z]\.\s+$|[A-Z]{1,3}\.\s+$|,\s+$)", re.I)


def in_author_date_subset(raw: str) -> bool:
    """Shape test for the APA/Harvard subset; looks at nothing but ``raw``.

    True when, after an optional list label, the string starts with an author in
    "Family, I." or "Family I" form and its first year-like token sits in author-date
    position - right after "(", or after an initial and a full stop (". 2014."), or
    after ", " - and followed by ")", "." or ",", within the first 40% of the string.
    """
    s = _LABEL.sub("", raw, count=1)
    if not _AUTHOR_START.match(s):
        return False
    m = _FIRST_YEAR.search(s)
    if m is None or m.start() > 0.4 * len(s):
        return False
    before, after = s[: m.start()], s[m.end() :]
    if not _YEAR_POSITION.search(before[-6:]):
        return False
    return re.match(r"[a-z]?\s*[).,]", after) is not None


def predict(gold: list[dict]) -> tuple[list[dict], list]:
    preds, refs = [], []
    for g in gold:
        r = parse_entry(" ".join(g["raw"].split()), SPAN)
        refs.append(r)
        preds.append({"id": g["id"], "fields": prediction_fields(r)})
    return preds, refs


def prediction_fields(r: Reference, editors: bool = False) -> dict[str, object]:
    """A parsed entry in score.py's PRED format (fields it does not give left out)."""
    names = {"author": r.authors, **({"editor": r.editors} if editors else {})}
    fields: dict[str, object] = {
        role: [" ".join(filter(None, [a.given, a.family])) for a in people]
        for role, people in names.items()
    }
    for name in ("year", "title", "container", "volume", "issue", "pages", "publisher", "doi"):
        fields[name] = getattr(r, name)
    return {k: v for k, v in fields.items() if v}


def write_jsonl(path: Path, rows: list[dict]) -> None:
    with open(path, "w", encoding="utf-8") as f:
        for row in rows:
            f.write(json.dumps(row, ensure_ascii=False) + "\n")


def score(score_py: Path, gold: list[dict], preds: list[dict], tmp: Path, tag: str) -> str:
    gold_path, pred_path = tmp / f"gold_{tag}.jsonl", tmp / f"pred_{tag}.jsonl"
    write_jsonl(gold_path, gold)
    write_jsonl(pred_path, preds)
    out = subprocess.run(
        [sys.executable, str(score_py), "parse", str(gold_path), str(pred_path)],
        capture_output=True,
        text=True,
        check=True,
    )
    return out.stdout


def without_in(gold: list[dict]) -> list[dict]:
    """Gold with a leading "In"/"In:" removed from the container (see module docstring)."""
    out = []
    for g in gold:
        g2 = json.loads(json.dumps(g))
        if "container" in g2["fields"]:
            g2["fields"]["container"] = [
                re.sub(r"^\s*in\s*:?\s+", "", c, flags=re.I) for c in g2["fields"]["container"]
            ]
        out.append(g2)
    return out


def first_family(author: str) -> str:
    """Gold first author's family name for Family-first strings: text before "," or initials."""
    m = re.match(r"\s*(.+?)(?:,|\s+[A-Z]{1,3}\b)", author)
    return fold(m.group(1)) if m else fold(author.split()[0]) if author.split() else ""


def first_author_accuracy(gold: list[dict], refs: list) -> tuple[int, int]:
    hit = n = 0
    for g, r in zip(gold, refs, strict=True):
        if not g["fields"].get("author"):
            continue
        n += 1
        hit += bool(r.authors) and fold(r.authors[0].family) == first_family(
            g["fields"]["author"][0]
        )
    return hit, n


def speed(gold: list[dict], runs: int = 7) -> float:
    raws = [" ".join(g["raw"].split()) for g in gold]
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        for raw in raws:
            parse_entry(raw, SPAN)
        times.append((time.perf_counter() - t0) / len(raws))
    return statistics.median(times)


def container_row(report: str) -> str:
    return next(line for line in report.splitlines() if line.startswith("container"))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    default_gold = ROOT.parent / "shared/eval/refstrings_anystyle_core.jsonl"
    ap.add_argument("gold", nargs="?", default=str(default_gold))
    ap.add_argument("--score", default=str(ROOT.parent / "shared/tools/score.py"))
    args = ap.parse_args()
    with open(args.gold, encoding="utf-8") as f:
        gold = [json.loads(line) for line in f]
    subset_ids = {g["id"] for g in gold if in_author_date_subset(g["raw"])}
    preds, refs = predict(gold)
    sub_gold = [g for g in gold if g["id"] in subset_ids]
    sub_preds = [p for p in preds if p["id"] in subset_ids]
    sub_refs = [r for g, r in zip(gold, refs, strict=True) if g["id"] in subset_ids]
    score_py = Path(args.score)
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        print(f"== (a) all entries: {len(gold)}  [{args.gold}]")
        print(score(score_py, gold, preds, tmp, "all"))
        print(
            "  container, gold 'In ' prefix removed:",
            container_row(score(score_py, without_in(gold), preds, tmp, "all_in")),
        )
        hit, n = first_author_accuracy(gold, refs)
        print(
            f"  first-author family accuracy: {hit}/{n} = {hit / max(n, 1):.3f}"
            "  (gold read as Family-first: only meaningful on the subset)\n"
        )
        print(f"== (b) APA/Harvard-style subset: {len(sub_gold)} entries")
        print(score(score_py, sub_gold, sub_preds, tmp, "sub"))
        print(
            "  container, gold 'In ' prefix removed:",
            container_row(score(score_py, without_in(sub_gold), sub_preds, tmp, "sub_in")),
        )
        hit, n = first_author_accuracy(sub_gold, sub_refs)
        print(f"  first-author family accuracy: {hit}/{n} = {hit / max(n, 1):.3f}\n")
    per_entry = speed(gold)
    print(f"speed: median of 7 runs = {per_entry * 1e3:.4f} ms per entry ({len(gold)} entries)")


if __name__ == "__main__":
    main()
