"""The JSON reporter: schema version 1 (docs/usage.md), a contract with CI scripts.

Keys are written in a fixed order and ``ensure_ascii`` is off so names with accents
stay readable; the output is byte-identical for the same input.
"""

from __future__ import annotations

import json
from typing import Any

from refcheck import __version__
from refcheck.model import Finding, Reference
from refcheck.reporters import Report

SCHEMA_VERSION = 1


def finding_to_json(f: Finding) -> dict[str, Any]:
    return {
        "path": f.span.path,
        "line": f.span.line,
        "column": f.span.column,
        "end_line": f.span.end_line,
        "end_column": f.span.end_column,
        "code": f.code,
        "name": f.name,
        "severity": f.severity.value,
        "message": f.message,
        "hint": f.hint,
        "data": f.data,
    }


def render(report: Report) -> str:
    doc = {
        "version": SCHEMA_VERSION,
        "tool": {"name": "refcheck", "version": __version__},
        "findings": [finding_to_json(f) for f in report.findings],
        "errors": report.errors,
        "summary": {
            "files": report.files,
            "citations": report.citations,
            "references": report.references,
            "cited": report.cited,
            "verified": report.verified,
            "unverified": report.unverified,
            "counts": report.counts(),
        },
    }
    return json.dumps(doc, ensure_ascii=False, indent=2) + "\n"


def render_statistics(report: Report, fixable: int = 0) -> str:
    """``--statistics --format json``: findings per rule, most frequent first."""
    counts: dict[tuple[str, str], int] = {}
    for f in report.findings:
        counts[(f.code, f.name)] = counts.get((f.code, f.name), 0) + 1
    rows = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0][0]))
    doc = {
        "version": SCHEMA_VERSION,
        "statistics": [{"code": c, "name": n, "count": k} for (c, n), k in rows],
        "fixable": fixable,
    }
    return json.dumps(doc, ensure_ascii=False, indent=2) + "\n"


def render_references(refs: list[Reference]) -> str:
    doc = {"version": SCHEMA_VERSION, "references": [r.to_json() for r in refs]}
    return json.dumps(doc, ensure_ascii=False, indent=2) + "\n"
