"""Run refcheck on the real-document corpus and compare every finding with the judgments.

Each document of manifest.tsv is checked as a user would check it: from the project
folder (``run_dir``, so the project's own .refcheck.toml or pyproject.toml applies),
with the installed ``refcheck --offline --format json`` on the entry file(s) and any
options a user would have to give (``args``, e.g. ``--bib`` for a bookdown chapter).

Per document it prints files read, citations, references, findings by code, and
whether the document was silently not read (no citation found, citations but no
reference list read, or an input error). Every finding is then looked up in
judgments.jsonl (one JSON object a line: doc, file, code, line, fp, verdict, reason);
``fp`` is a fingerprint of the code, the message and the text at the finding's span,
with line numbers taken out, so that a judgment survives unrelated line shifts.

The totals line gives documents, citations, findings true/false/unjudged, unread
documents and false findings per 1,000 citations. The exit status is 1 when any finding
is unjudged or judged false, or any document is unread, so the corpus can gate a change.

Usage: python benchmarks/real_docs/run.py [--corpus DIR] [--doc ID]... [--jobs N]
       [--write-unjudged FILE]  (append stub judgments for unjudged findings, verdict null)
"""

from __future__ import annotations

import argparse
import contextlib
import hashlib
import json
import os
import re
import shlex
import shutil
import subprocess
import sys
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from build import read_manifest  # noqa: E402

JUDGMENTS = HERE / "judgments.jsonl"
LINE_WORDS = re.compile(r"\b(line|lines|entry|entries)\s+\d+(\s*(,|and|-)\s*\d+)*", re.I)


@dataclass
class DocResult:
    doc: str
    kind: str
    exit_code: int
    files: int = 0
    citations: int = 0
    references: int = 0
    findings: list[dict] = field(default_factory=list)
    errors: list = field(default_factory=list)
    stderr: str = ""

    @property
    def unread(self) -> str:
        """Why the document counts as silently not read ('' when it was read)."""
        if self.exit_code not in (0, 1) or self.errors:
            return "input error"
        if self.citations == 0:
            return "no citation found"
        if self.references == 0:
            return "citations but no reference list read"
        return ""


def span_text(doc_root: Path, finding: dict) -> str:
    """The source text the finding points at (its first line), for the fingerprint."""
    path = doc_root / finding["path"]
    try:
        lines = path.read_text(encoding="utf-8", errors="replace").splitlines()
    except OSError:
        return ""
    line = finding.get("line") or 0
    if not 1 <= line <= len(lines):
        return ""
    text = lines[line - 1]
    if finding.get("end_line") == line and finding.get("column"):
        text = text[finding["column"] - 1 : (finding.get("end_column") or 0) - 1] or text
    return " ".join(text.split())


def fingerprint(doc_root: Path, finding: dict) -> str:
    message = LINE_WORDS.sub(r"\1 N", finding.get("message", ""))
    key = "\x1f".join([finding["code"], message, span_text(doc_root, finding)])
    return hashlib.sha1(key.encode("utf-8")).hexdigest()[:12]


def run_doc(row: dict[str, str], corpus: Path, refcheck: str) -> DocResult:
    doc_root = corpus / row["doc_id"]
    cwd = doc_root / row["run_dir"]
    entries = [e.strip() for e in row["entry"].split(",") if e.strip()]
    cmd = [refcheck, "--offline", "--format", "json", "--no-color"]
    cmd += shlex.split(row.get("args") or "") + entries
    if not cwd.is_dir():
        return DocResult(row["doc_id"], row["kind"], 2, stderr=f"missing {cwd} (run build.py)")
    proc = subprocess.run(cmd, cwd=cwd, capture_output=True, text=True)
    res = DocResult(row["doc_id"], row["kind"], proc.returncode, stderr=proc.stderr.strip())
    try:
        out = json.loads(proc.stdout)
    except json.JSONDecodeError:
        res.stderr = (res.stderr + "\n" + proc.stdout[:500]).strip()
        return res
    summary = out.get("summary", {})
    res.files = summary.get("files", 0)
    res.citations = summary.get("citations", 0)
    res.references = summary.get("references", 0)
    res.errors = out.get("errors", [])
    for f in out.get("findings", []):
        # paths relative to the document root, whatever refcheck prints
        full = (cwd / f["path"]).resolve()
        with contextlib.suppress(ValueError):
            f["path"] = str(full.relative_to(doc_root.resolve()))
        f["fp"] = fingerprint(doc_root, f)
        res.findings.append(f)
    return res


def load_judgments(path: Path) -> dict[tuple, list[dict]]:
    table: dict[tuple, list[dict]] = {}
    if not path.exists():
        return table
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        j = json.loads(line)
        j["_n"] = n
        table.setdefault((j["doc"], j["file"], j["code"], j["fp"]), []).append(j)
    return table


def match(finding: dict, doc: str, table: dict[tuple, list[dict]]) -> dict | None:
    """The judgment of this finding: same doc, file, code and fingerprint, nearest line."""
    cands = table.get((doc, finding["path"], finding["code"], finding["fp"]))
    if not cands:
        return None
    return min(cands, key=lambda j: (abs(j.get("line", 0) - finding["line"]), j["_n"]))


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--corpus", type=Path, default=Path("/work/corpus/docs"))
    ap.add_argument("--doc", action="append", help="only this doc-id (repeatable)")
    ap.add_argument("--judgments", type=Path, default=JUDGMENTS)
    ap.add_argument("--refcheck", default="refcheck", help="the refcheck executable")
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--write-unjudged", type=Path, help="append stubs for unjudged findings")
    ap.add_argument("--quiet", action="store_true", help="totals and problems only")
    args = ap.parse_args(argv)

    rows = read_manifest()
    if args.doc:
        rows = [r for r in rows if r["doc_id"] in args.doc]
    with ThreadPoolExecutor(max_workers=max(1, args.jobs)) as pool:
        # Each document runs from its own folder: name the executable by its full path.
        exe = shutil.which(args.refcheck) or os.path.abspath(args.refcheck)
        results = list(pool.map(lambda r: run_doc(r, args.corpus, exe), rows))

    table = load_judgments(args.judgments)
    used: set[int] = set()
    tot = Counter()
    by_class = Counter()
    stubs: list[dict] = []
    for res in results:
        codes = Counter(f["code"] for f in res.findings)
        codes_s = " ".join(f"{c}:{n}" for c, n in sorted(codes.items())) or "-"
        flag = f"  UNREAD ({res.unread})" if res.unread else ""
        if not args.quiet or res.unread:
            print(
                f"{res.doc:32} files {res.files:3}  cit {res.citations:4}  refs {res.references:4}"
                f"  {codes_s}{flag}"
            )
        if res.stderr and (res.unread or not args.quiet):
            print(f"    stderr: {res.stderr.splitlines()[-1][:160]}")
        tot["docs"] += 1
        tot["citations"] += res.citations
        tot["unread"] += bool(res.unread)
        for f in res.findings:
            j = match(f, res.doc, table)
            where = f"{f['path']}:{f['line']}"
            if j is None or j.get("verdict") is None:
                tot["unjudged"] += 1
                print(f"    UNJUDGED {f['code']} {where} fp={f['fp']} {f['message'][:110]}")
                if j is None:
                    stubs.append(
                        {
                            "doc": res.doc,
                            "file": f["path"],
                            "code": f["code"],
                            "line": f["line"],
                            "fp": f["fp"],
                            "verdict": None,
                            "reason": "",
                            "message": f["message"],
                        }
                    )
                continue
            used.add(j["_n"])
            if j["verdict"]:
                tot["true"] += 1
            else:
                tot["false"] += 1
                by_class[j.get("class", "?")] += 1
                if not args.quiet:
                    cls = j.get("class", "?")
                    print(f"    FALSE {f['code']} {where} [{cls}] {j['reason'][:100]}")
    judged_docs = {r.doc for r in results}
    stale = [
        j for js in table.values() for j in js if j["doc"] in judged_docs and j["_n"] not in used
    ]
    fp_rate = 1000 * tot["false"] / tot["citations"] if tot["citations"] else 0.0
    print(
        f"\ndocuments {tot['docs']}  citations {tot['citations']}  findings true {tot['true']}"
        f"  false {tot['false']}  unjudged {tot['unjudged']}  unread documents {tot['unread']}"
        f"  FP per 1000 citations {fp_rate:.1f}"
    )
    if by_class:
        classes = ", ".join(f"{c} {n}" for c, n in sorted(by_class.items()))
        print("false findings by class: " + classes)
    if stale:
        print(f"judgments no longer produced (fixed or changed): {len(stale)}")
    if args.write_unjudged and stubs:
        with args.write_unjudged.open("a", encoding="utf-8") as fh:
            for s in stubs:
                fh.write(json.dumps(s, ensure_ascii=False) + "\n")
        print(f"wrote {len(stubs)} stubs to {args.write_unjudged}")
    return 1 if (tot["false"] or tot["unjudged"] or tot["unread"]) else 0


if __name__ == "__main__":
    sys.exit(main())
