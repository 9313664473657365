"""Numeric citation linking on publisher-linked articles (../shared/eval/linking_numeric.jsonl).

Like ../shared/tools/linking_eval.py, but the reference list is rendered numbered
(``[n] raw``, n = the entry's position, which is how these articles number them), since
numeric citations resolve by number. Two measures:

1. all entries present: every RC101 is a false positive (reported per 1,000 citations);
2. the most-cited entry deleted (its number left out, as when an entry is removed and the
   list not renumbered): each of its citations should now be RC101 at the gold span.
   The gap also yields RC207 (numbering) — expected, and counted separately.

usage: python benchmarks/eval_numeric_linking.py [GOLD.jsonl]   (env REFCHECK, default refcheck)
"""

from __future__ import annotations

import collections
import json
import os
import re
import shlex
import subprocess
import sys
import tempfile
from pathlib import Path

DEFAULT = Path(__file__).resolve().parents[2] / "shared" / "eval" / "linking_numeric.jsonl"


def _from_fields(r: dict) -> str:
    """A few entries have no printed string in the corpus: write one from its fields."""
    authors = ", ".join(r.get("authors") or [])
    return (
        f"{authors} ({r.get('year') or 'n.d.'}) {r.get('title') or ''}. {r.get('container') or ''}"
    )


def render(paras: list[dict], refs: list[dict], skip: str | None = None) -> tuple[str, dict]:
    lines, where = [], {}
    for p in paras:
        where[p["para_id"]] = len(lines) + 1
        lines.append(p["text"].replace("\n", " "))
        lines.append("")
    lines.append("References")
    for n, r in enumerate(refs, 1):
        if r["id"] != skip:
            lines.append(f"[{n}] " + (r["raw"] or _from_fields(r)).replace("\n", " "))
    return "\n".join(lines) + "\n", where


def findings(refcheck: str, path: Path) -> list[dict]:
    out = subprocess.run(
        [*shlex.split(refcheck), "--offline", "--format", "json", str(path)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    return json.loads(out.stdout)["findings"]


def main() -> int:
    refcheck = os.environ.get("REFCHECK", "refcheck")
    gold = sys.argv[1] if len(sys.argv) > 1 else str(DEFAULT)
    docs: dict[str, list[dict]] = collections.defaultdict(list)
    with open(gold, encoding="utf-8") as fh:
        for line in fh:
            row = json.loads(line)
            docs[row["doc_id"]].append(row)
    n_cit = fp = expected = found = other_new = gaps = 0
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "doc.txt"
        for doc_id, paras in sorted(docs.items()):
            paras.sort(key=lambda p: p["para_id"])
            refs = paras[0]["references"]
            cites = [c for p in paras for c in p["citations"]]
            n_cit += len(cites)
            text, where = render(paras, refs)
            path.write_text(text, encoding="utf-8")
            base = findings(refcheck, path)
            base_101 = [f for f in base if f["code"] == "RC101"]
            fp += len(base_101)
            counts = collections.Counter(c["ref_id"] for c in cites if c.get("ref_id"))
            gone = counts.most_common(1)[0][0]
            text, where = render(paras, refs, skip=gone)
            path.write_text(text, encoding="utf-8")
            after = findings(refcheck, path)
            base_101_keys = {(f["line"], f["column"]) for f in base_101}
            hit_101 = [
                f
                for f in after
                if f["code"] == "RC101" and (f["line"], f["column"]) not in base_101_keys
            ]
            spans = [
                (where[p["para_id"]], c["start"] + 1, c["end"] + 1)
                for p in paras
                for c in p["citations"]
                if c.get("ref_ids") == [gone]
            ]
            expected += len(spans)
            used = set()
            for line, c0, c1 in spans:
                hit = next(
                    (
                        i
                        for i, f in enumerate(hit_101)
                        if i not in used and f["line"] == line and c0 - 2 <= f["column"] <= c1
                    ),
                    None,
                )
                if hit is not None:
                    used.add(hit)
                    found += 1
            gaps += sum(f["code"] == "RC207" for f in after)

            # Other findings compared by code and message, not line: the entries after the
            # deleted one move up a line.
            def sig(fs: list[dict]) -> collections.Counter:
                return collections.Counter(
                    (f["code"], re.sub(r"line \d+", "line N", f["message"]))
                    for f in fs
                    if f["code"] not in ("RC101", "RC207")
                )

            extra_101 = len(hit_101) - len(used)
            other = sum((sig(after) - sig(base)).values())
            other_new += extra_101 + other
            print(
                f"{doc_id}: citations {len(cites)}, RC101 in full list {len(base_101)}, "
                f"deleted {gone}: {len(used)}/{len(spans)} found, {extra_101} other RC101, "
                f"{other} other new findings"
            )
            for f in base_101[:5]:
                print(f"    RC101 {f['line']}:{f['column']} {f['message']}")
    per_k = 1000 * fp / max(n_cit, 1)
    print(
        f"numeric linking: {n_cit} citations, FP per 1000 citations {per_k:.2f}, "
        f"deletion recall {found / max(expected, 1):.3f} ({found}/{expected}), "
        f"other new RC101 {other_new}, RC207 gaps reported {gaps}"
    )
    return 0 if per_k <= 1 and found == expected and other_new == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
