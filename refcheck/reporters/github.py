"""GitHub Actions workflow commands: one annotation per finding, shown on the diff.

Format: ``::error file=…,line=…,col=…,endLine=…,endColumn=…,title=…::message``.
GitHub parses these lines from the log, so data and properties are escaped exactly as
its runner does (actions/toolkit ``command.ts``): ``%``, CR and LF everywhere, and
also ``:`` and ``,`` inside properties, or a message could end an annotation early or
a path with a comma could corrupt it.

``file=`` is relative to the repository root (``GITHUB_WORKSPACE``), not to the folder
refcheck ran in: GitHub resolves it against the checkout, so a step with
``working-directory: paper`` would otherwise annotate nothing. GitHub shows at most
10 error and 10 warning annotations per step; ``summary`` is the Markdown job summary
(``$GITHUB_STEP_SUMMARY``) that counts every finding by rule and lists the first ones,
so nothing past that limit disappears unseen.
"""

from __future__ import annotations

import html
import re
from collections import Counter

from refcheck.reporters import Report, relative_path, source_root

LEVELS = {"error": "error", "warning": "warning", "note": "notice"}
ANNOTATION_LIMIT = 10  # per step and per level, as GitHub documents it
SUMMARY_ROWS = 50


def escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def render(report: Report) -> str:
    root = report.root or source_root()
    lines = []
    for f in report.findings:
        s = f.span
        props = {
            "file": relative_path(s.path, root) or s.path,
            "line": str(s.line),
            "col": str(s.column),
            "endLine": str(s.end_line),
            "endColumn": str(s.end_column),
            "title": f"{f.code} {f.name}",
        }
        prop_text = ",".join(f"{k}={escape_property(v)}" for k, v in props.items())
        message = f"{f.message} (hint: {f.hint})" if f.hint else f.message
        lines.append(f"::{LEVELS[f.severity.value]} {prop_text}::{escape_data(message)}")
    lines += [f"::error title=refcheck input error::{escape_data(e)}" for e in report.errors]
    return "".join(line + "\n" for line in lines)


def _cell(text: str) -> str:
    """Text for a Markdown table cell: no HTML, no table breaks, no markup."""
    text = html.escape(" ".join(text.split()), quote=False)
    return re.sub(r"([\\|`*_\[\]])", r"\\\1", text)


def summary(report: Report) -> str:
    """The job summary: totals, counts by rule, the first findings as a table."""
    root = report.root or source_root()
    counts = report.counts()
    total = len(report.findings)
    out = ["## refcheck", ""]
    if not total and not report.errors:
        out.append(
            f"All checks passed: {report.files} file(s), {report.citations} citation(s), "
            f"{report.references} reference(s)."
        )
        return "\n".join(out) + "\n"
    parts = [f"{n} {sev}{'s' if n != 1 else ''}" for sev, n in counts.items() if n]
    out.append(
        f"**{', '.join(parts) or 'No findings'}** in {report.files} file(s) "
        f"({report.citations} citations, {report.references} references)."
    )
    hidden = sum(max(0, n - ANNOTATION_LIMIT) for sev, n in counts.items() if sev != "note")
    if hidden:
        out += [
            "",
            f"GitHub shows at most {ANNOTATION_LIMIT} error and {ANNOTATION_LIMIT} warning "
            f"annotations per step: {hidden} finding(s) are not annotated on the diff. "
            "All of them are in the step's log and below.",
        ]
    if report.errors:
        out += ["", "### Input errors", ""]
        out += [f"- {_cell(e)}" for e in report.errors]
    if total:
        by_rule = Counter((f.code, f.name, f.severity.value) for f in report.findings)
        out += ["", "### By rule", "", "| rule | name | severity | count |", "|---|---|---|---:|"]
        for (code, name, sev), n in sorted(by_rule.items(), key=lambda kv: (-kv[1], kv[0])):
            out.append(f"| {code} | {name} | {sev} | {n} |")
        rank = {"error": 0, "warning": 1, "note": 2}
        first = sorted(report.findings, key=lambda f: (rank[f.severity.value], f.sort_key()))
        shown = first[:SUMMARY_ROWS]
        title = "### Findings" if len(shown) == total else f"### First {len(shown)} of {total}"
        out += ["", title, "", "| location | rule | severity | message |", "|---|---|---|---|"]
        for f in shown:
            where = f"{relative_path(f.span.path, root) or f.span.path}:{f.span.line}"
            out.append(f"| {_cell(where)} | {f.code} | {f.severity.value} | {_cell(f.message)} |")
    return "\n".join(out) + "\n"
