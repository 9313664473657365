"""SARIF 2.1.0: the format GitHub code scanning and most CI dashboards ingest.

The rule metadata (``tool.driver.rules``) comes from the registry, so every result's
``ruleId`` and ``ruleIndex`` resolve and a dashboard can show each rule's full
documentation (plain text and Markdown, from docgen). Columns are 1-based code points
in both refcheck and SARIF (``columnKind`` "unicodeCodePoints", declared explicitly).

Locations are what code scanning needs to put a result on a file of the repository:
a URI relative to ``%SRCROOT%`` (the repository root, see ``source_root``; declared in
``originalUriBaseIds``), percent-encoded as RFC 3986 requires, so a file name with a
space, ``%``, ``#`` or non-ASCII letters is one valid URI that decodes back to the
file. A file outside the root gets an absolute ``file:`` URI. ``partialFingerprints``
carries the baseline fingerprint (file, code, the text pointed at; not the line), so
code scanning tracks a finding across edits above it instead of opening a new alert.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any
from urllib.parse import quote

from refcheck import __version__
from refcheck.baseline import fingerprints
from refcheck.docgen import render_markdown, render_plain, summary
from refcheck.reporters import Report, relative_path, source_root
from refcheck.rules import RULES

SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
SRCROOT = "%SRCROOT%"
FINGERPRINT = "refcheck/v1"


def _rule_descriptor(code: str) -> dict[str, Any]:
    r = RULES[code]
    return {
        "id": r.code,
        "name": r.name,
        "shortDescription": {"text": summary(r)},
        "fullDescription": {"text": render_plain(r)},
        "help": {"text": render_plain(r), "markdown": render_markdown(r)},
        "defaultConfiguration": {"level": r.severity.value, "enabled": r.default},
        "properties": {"needsCrossref": r.needs_crossref},
    }


def artifact_location(path: str, root: str) -> dict[str, str]:
    """``{"uri": …, "uriBaseId": "%SRCROOT%"}`` for a file below ``root``, else a file URI."""
    rel = relative_path(path, root)
    if rel is None:
        return {"uri": Path(os.path.realpath(path)).as_uri()}
    return {"uri": quote(rel, safe="/"), "uriBaseId": SRCROOT}


def render(report: Report) -> str:
    root = report.root or source_root()
    codes = sorted(RULES)
    index = {c: i for i, c in enumerate(codes)}
    prints = fingerprints(report.findings, report.texts, root)
    results = []
    for f, fingerprint in zip(report.findings, prints, strict=True):
        s = f.span
        result: dict[str, Any] = {
            "ruleId": f.code,
            "ruleIndex": index[f.code],
            "level": f.severity.value,
            "message": {"text": f"{f.message}. Hint: {f.hint}" if f.hint else f.message},
            "locations": [
                {
                    "physicalLocation": {
                        "artifactLocation": artifact_location(s.path, root),
                        "region": {
                            "startLine": s.line,
                            "startColumn": s.column,
                            "endLine": s.end_line,
                            "endColumn": s.end_column,
                        },
                    }
                }
            ],
            "partialFingerprints": {FINGERPRINT: fingerprint},
        }
        if f.data:
            result["properties"] = {"data": f.data}
        results.append(result)
    log = {
        "$schema": SCHEMA,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "refcheck",
                        "version": __version__,
                        "rules": [_rule_descriptor(c) for c in codes],
                    }
                },
                "originalUriBaseIds": {SRCROOT: {"uri": Path(root).as_uri().rstrip("/") + "/"}},
                "invocations": [
                    {
                        "executionSuccessful": not report.errors,
                        "toolExecutionNotifications": [
                            {"level": "error", "message": {"text": e}} for e in report.errors
                        ],
                    }
                ],
                "columnKind": "unicodeCodePoints",
                "results": results,
            }
        ],
    }
    return json.dumps(log, ensure_ascii=False, indent=2) + "\n"
