"""The text reporter: one line per finding, as compilers and ruff print them.

``path:line:col: CODE [severity] message``, then the hint indented below, then a
summary. Editors and terminals turn the ``path:line:col`` prefix into a link. Colour
only when writing to a terminal (the CLI decides), never in files or CI logs.
"""

from __future__ import annotations

from collections.abc import Callable

from refcheck.model import Reference
from refcheck.reporters import Report

Style = Callable[..., str]

_COLOURS = {"error": "red", "warning": "yellow", "note": "cyan"}


def _plain(text: str, **_: object) -> str:
    return text


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def render(report: Report, style: Style = _plain) -> str:
    lines: list[str] = []
    for f in report.findings:
        s = f.span
        where = style(f"{s.path}:{s.line}:{s.column}:", bold=True)
        sev = style(f.severity.value, fg=_COLOURS[f.severity.value])
        lines.append(f"{where} {style(f.code, bold=True)} [{sev}] {f.message} ({f.name})")
        if f.hint:
            lines.append(f"    hint: {f.hint}")
    scope = (
        f"{_plural(report.files, 'file')}, {_plural(report.citations, 'citation')}, "
        f"{_plural(report.references, 'reference')}"
    )
    counts = report.counts()
    n_errors = len(report.errors)
    problems = f"; {_plural(n_errors, 'input error')} (see above)" if n_errors else ""
    if report.findings:
        parts = [_plural(n, sev) for sev, n in counts.items() if n]
        lines.append(f"Found {', '.join(parts)} ({scope}){problems}.")
    elif report.errors:
        lines.append(f"No findings ({scope}){problems}.")
    else:
        lines.append(f"All checks passed ({scope}).")
    return "\n".join(lines) + "\n"


def render_references(refs: list[Reference]) -> str:
    """``--list-references``: what the parser understood, one block per entry."""
    out: list[str] = []
    fields = ("title", "container", "volume", "issue", "pages", "publisher", "doi", "url")
    for r in refs:
        who = "; ".join(f"{a.family}, {a.given}".rstrip(", ") for a in r.authors) or "-"
        if r.et_al:
            who += "; et al."
        head = f"{r.span.path}:{r.span.line}: [{r.kind}]"
        if r.number is not None:
            head += f" [{r.number}]"
        out.append(head)
        out.append(f"    authors:   {who}")
        out.append(f"    year:      {(r.year or '-') + r.suffix}")
        for name in fields:
            value = getattr(r, name)
            if value:
                out.append(f"    {name + ':':<10} {value}")
    out.append(f"{_plural(len(refs), 'reference')}.")
    return "\n".join(out) + "\n"
