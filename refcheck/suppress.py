"""Inline suppressions: ``refcheck: ignore[CODE, …]`` in the document's comment syntax.

A finding accepted by the author is silenced where it occurs, not globally:

- Markdown: ``<!-- refcheck: ignore[RC102] -->``
- LaTeX and BibTeX: ``% refcheck: ignore[RC201]``
- plain text: a line ``refcheck: ignore[RC201]`` (text has no comments, so the marker
  must stand on its own line)

A marker on a line with other text applies to that line; a marker alone on its line
applies to the next non-blank line (the citation or entry that follows).
``ignore-file[CODE]`` applies to the whole file. Codes are required (prefixes allowed,
``RC1``): a bare ``ignore`` would hide problems nobody has looked at. A marker that
silences nothing is reported as RC901.
"""

from __future__ import annotations

from dataclasses import dataclass

from refcheck import lazyre as re
from refcheck.codes import any_matches
from refcheck.model import Finding, Span
from refcheck.text import LineIndex

_BODY = r"refcheck:\s*(?P<scope>ignore-file|ignore)\s*(?:\[(?P<codes>[^\]\n]*)\])?"
_PATTERNS = {
    "markdown": re.compile(rf"<!--\s*{_BODY}\s*-->"),
    "latex": re.compile(rf"(?<!\\)%\s*{_BODY}"),
    "bibtex": re.compile(rf"%\s*{_BODY}"),
    "text": re.compile(rf"^[ \t]*(?:#\s*)?{_BODY}[ \t]*$", re.M),
}


@dataclass(slots=True)
class Suppression:
    """One marker: where it is, what it silences, and on which line (None: the file)."""

    span: Span
    codes: tuple[str, ...]
    line: int | None
    used: bool = False

    def covers(self, finding: Finding) -> bool:
        if self.line is not None and finding.span.line != self.line:
            return False
        return any_matches(finding.code, self.codes)


def _target_line(lines: list[str], line: int, start_col: int, end_col: int) -> int:
    """The marker's own line if it holds other text, else the next non-blank line."""
    text = lines[line - 1]
    rest = (text[: start_col - 1] + text[end_col - 1 :]).strip()
    if rest:
        return line
    for n in range(line + 1, len(lines) + 1):
        if lines[n - 1].strip():
            return n
    return line


def find_suppressions(text: str, index: LineIndex, kind: str) -> list[Suppression]:
    """Every marker in ``text`` (``kind`` is the document kind: text, markdown, …)."""
    pattern = _PATTERNS.get(kind, _PATTERNS["text"])
    if "refcheck:" not in text:
        return []
    lines = text.split("\n")
    out: list[Suppression] = []
    for m in pattern.finditer(text):
        span = index.span(m.start(), m.end())
        codes = tuple(c.strip().upper() for c in (m.group("codes") or "").split(",") if c.strip())
        if m.group("scope") == "ignore-file":
            line = None
        else:
            line = _target_line(lines, span.line, span.column, span.end_column)
        out.append(Suppression(span, codes, line))
    return out


def apply_suppressions(findings: list[Finding], suppressions: list[Suppression]) -> list[Finding]:
    """The findings no marker covers; marks the markers that covered something."""
    if not suppressions:
        return findings
    kept = []
    for f in findings:
        hit = False
        for s in suppressions:
            if s.covers(f):
                s.used = hit = True
        if not hit:
            kept.append(f)
    return kept
