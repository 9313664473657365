"""SARIF 2.1.0: the format GitHub code scanning and most CI dashboards ingest.

The rule metadata (``tool.driver.rules``) comes from the registry, so every result's
``ruleId`` and ``ruleIndex`` resolve and a dashboard can show each rule's full
documentation. Columns are 1-based code points in both refcheck and SARIF's default
``columnKind`` ("utf16CodeUnits" would differ only outside the BMP; declared explicitly).
"""

from __future__ import annotations

import json
from typing import Any

from refcheck import __version__
from refcheck.reporters import Report
from refcheck.rules import RULES

SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"


def _rule_descriptor(code: str) -> dict[str, Any]:
    r = RULES[code]
    return {
        "id": r.code,
        "name": r.name,
        "shortDescription": {"text": r.summary},
        "fullDescription": {"text": r.doc},
        "help": {"text": r.doc, "markdown": r.doc},
        "defaultConfiguration": {"level": r.severity.value, "enabled": r.default},
        "properties": {"needsCrossref": r.needs_crossref},
    }


def render(report: Report) -> str:
    codes = sorted(RULES)
    index = {c: i for i, c in enumerate(codes)}
    results = []
    for f in report.findings:
        s = f.span
        result: dict[str, Any] = {
            "ruleId": f.code,
            "ruleIndex": index[f.code],
            "level": f.severity.value,
            "message": {"text": f"{f.message}. Hint: {f.hint}" if f.hint else f.message},
            "locations": [
                {
                    "physicalLocation": {
                        "artifactLocation": {"uri": s.path.replace("\\", "/")},
                        "region": {
                            "startLine": s.line,
                            "startColumn": s.column,
                            "endLine": s.end_line,
                            "endColumn": s.end_column,
                        },
                    }
                }
            ],
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
