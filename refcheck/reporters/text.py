"""The text reporter: one line per finding, as compilers and ruff print them.

``path:line:col: CODE [severity] message (name)``, then the source with the span
underlined, then the hint, then a summary. Editors and terminals turn the
``path:line:col`` prefix into a link, and tools that parse it see the same first line
with or without the source (``--no-show-source``). Colour only when the CLI says so
(a terminal, ``FORCE_COLOR``), never in files or CI logs by default.

An essay's "line" is often a whole paragraph, so the source shown is the sentence
around the finding, cut to a window of about ``WIDTH`` columns around the span when the
sentence is longer, with ``…`` where text was left out.
"""

from __future__ import annotations

import unicodedata
from collections import Counter
from collections.abc import Callable

from refcheck import lazyre as re
from refcheck.model import Finding, Reference
from refcheck.reporters import Report

Style = Callable[..., str]

_COLOURS = {"error": "red", "warning": "yellow", "note": "cyan"}
WIDTH = 100  # columns of source shown at most
# A sentence ends at . ! ? (with closing quotes or brackets) followed by a space and a
# capital or an opening bracket; "et al. (2019)", "p. 5" and initials do not end one.
_SENTENCE_END = re.compile(
    r"(?<!\bal)(?<!\bp)(?<!\bpp)(?<!\b[A-Z])[.!?][\"'”’)\]]*\s+(?=[A-Z(\[“\"])"
)


def _plain(text: str, **_: object) -> str:
    return text


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def visible(text: str) -> str:
    """Text from a document safe to print: tabs as spaces, control and format characters
    (escape sequences, bidi overrides) as ``\\xNN``/``\\uNNNN``, so a document cannot
    move the cursor, recolour the terminal or reorder what is shown. Used for the
    source excerpt and for everything in a line that comes from a file: paths, the
    entry text in messages and hints, and the stderr warnings the CLI prints."""
    out = []
    for ch in text.replace("\t", " "):
        cat = unicodedata.category(ch)
        if cat == "Cc":
            out.append(f"\\x{ord(ch):02x}")
        elif cat == "Cf":
            out.append(f"\\u{ord(ch):04x}")
        else:
            out.append(ch)
    return "".join(out)


def _width(text: str) -> int:
    """Display columns: wide East Asian letters take two, combining marks none."""
    return sum(
        0 if unicodedata.combining(ch) else 2 if unicodedata.east_asian_width(ch) in "WF" else 1
        for ch in text
    )


def excerpt(line: str, start: int, end: int, width: int = WIDTH) -> tuple[str, int, int]:
    """The part of ``line`` to show for the span ``[start, end)`` (0-based code points).

    Returns the excerpt and the span's start and end inside it. The sentence holding
    the span is kept whole when it fits ``width``; otherwise a window around the span.
    """
    end = max(end, start + 1)
    lo, hi = 0, len(line)
    for m in _SENTENCE_END.finditer(line):
        if m.end() <= start:
            lo = m.end()
        elif m.start() >= end - 1:
            hi = m.start() + 1
            break
    if hi - lo > width:
        if end - start >= width:
            lo = lo if start - lo <= 8 else start  # keep a short lead ("- " of a bullet)
            hi = lo + width
        else:
            first = lo
            lo = max(first, start - (width - (end - start)) // 2)
            hi = min(hi, lo + width)
            lo = max(first, hi - width)  # a span near the sentence's end: show more before
    left = "…" if lo > 0 else ""
    right = "…" if hi < len(line) else ""
    text = left + line[lo:hi].rstrip() + right
    return text, len(left) + start - lo, len(left) + min(end, hi) - lo


def source_lines(f: Finding, texts: dict[str, str], style: Style = _plain) -> list[str]:
    """The finding's source line with the span underlined, or nothing if unknown."""
    text = texts.get(f.span.path)
    s = f.span
    if text is None:
        return []
    lines = text.split("\n")
    if not 1 <= s.line <= len(lines):
        return []
    line = lines[s.line - 1]
    end = s.end_column - 1 if s.end_line == s.line else len(line)
    shown, a, b = excerpt(line, s.column - 1, end)
    if not shown.strip():
        return []
    gutter = f"{s.line:>5} | "
    pad = " " * _width(visible(shown[:a]))
    marks = "^" * max(1, _width(visible(shown[a:b])))
    colour = _COLOURS[f.severity.value]
    return [
        f"{gutter}{visible(shown)}".rstrip(),
        f"{' ' * 6}| {pad}{style(marks, fg=colour)}",
    ]


def render(
    report: Report,
    style: Style = _plain,
    show_source: bool = True,
    statistics: bool = False,
    quiet: bool = False,
    fixable: int = 0,
) -> str:
    lines: list[str] = []
    if statistics:
        return render_statistics(report, quiet)
    for f in report.findings:
        s = f.span
        where = style(f"{visible(s.path)}:{s.line}:{s.column}:", bold=True)
        sev = style(f.severity.value, fg=_COLOURS[f.severity.value])
        message = visible(f.message)
        lines.append(f"{where} {style(f.code, bold=True)} [{sev}] {message} ({f.name})")
        if show_source:
            lines += source_lines(f, report.texts, style)
        if f.hint:
            lines.append(f"    hint: {visible(f.hint)}")
    if quiet:
        return "".join(line + "\n" for line in lines)
    lines.append(summary_line(report))
    if fixable:
        lines.append(f"{fixable} fixable with --fix (--diff shows the changes).")
    return "\n".join(lines) + "\n"


def summary_line(report: Report) -> str:
    refs = _plural(report.references, "reference")
    if report.citations and report.cited < report.references:
        refs = f"{report.cited} of {refs} cited"  # a .bib holds more than one paper cites
    scope = f"{_plural(report.files, 'file')}, {_plural(report.citations, 'citation')}, {refs}"
    counts = report.counts()
    n_errors = len(report.errors)
    problems = f"; {_plural(n_errors, 'input error')} (see above)" if n_errors else ""
    if report.findings:
        parts = [_plural(n, sev) for sev, n in counts.items() if n]
        return f"Found {', '.join(parts)} ({scope}){problems}."
    if report.errors:
        return f"No findings ({scope}){problems}."
    return f"All checks passed ({scope})."


def render_statistics(report: Report, quiet: bool = False) -> str:
    """``--statistics``: one line per rule, most frequent first, as ``ruff --statistics``."""
    by_rule = Counter((f.code, f.name) for f in report.findings)
    rows = sorted(by_rule.items(), key=lambda kv: (-kv[1], kv[0][0]))
    width = max((len(str(n)) for _, n in rows), default=1)
    out = [f"{n:>{width}}\t{code}\t{name}" for (code, name), n in rows]
    if not quiet:
        out.append(summary_line(report))
    return "\n".join(out) + "\n"


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
    return "".join(visible(line) + "\n" for line in out)
