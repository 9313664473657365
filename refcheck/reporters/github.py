"""GitHub Actions workflow commands: one annotation per finding, shown on the diff.

Format: ``::error file=…,line=…,col=…,endLine=…,endColumn=…,title=…::message``.
GitHub parses these lines from the log, so data and properties are escaped exactly as
its runner does (actions/toolkit ``command.ts``): ``%``, CR and LF everywhere, and
also ``:`` and ``,`` inside properties, or a message could end an annotation early or
a path with a comma could corrupt it.
"""

from __future__ import annotations

from refcheck.reporters import Report

LEVELS = {"error": "error", "warning": "warning", "note": "notice"}


def escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def render(report: Report) -> str:
    lines = []
    for f in report.findings:
        s = f.span
        props = {
            "file": s.path,
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
