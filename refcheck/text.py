"""Offsets to line/column positions.

Extractors work on character offsets into one string (fast regex scanning); findings
need 1-based lines and code-point columns. ``LineIndex`` converts between them with a
binary search over line starts, so a 2 MB document costs one pass to index.
"""

from __future__ import annotations

from bisect import bisect_right

from refcheck.model import Span


class LineIndex:
    """Maps character offsets in ``text`` to (line, column), both 1-based."""

    __slots__ = ("_starts", "path", "text")

    def __init__(self, text: str, path: str = "") -> None:
        self.text = text
        self.path = path
        starts = [0]
        find = text.find
        pos = find("\n")
        while pos != -1:
            starts.append(pos + 1)
            pos = find("\n", pos + 1)
        self._starts = starts

    @property
    def line_count(self) -> int:
        return len(self._starts)

    def position(self, offset: int) -> tuple[int, int]:
        """1-based (line, column) of the character at ``offset``."""
        i = bisect_right(self._starts, offset) - 1
        return i + 1, offset - self._starts[i] + 1

    def line_start(self, line: int) -> int:
        """Offset of the first character of 1-based ``line``."""
        return self._starts[line - 1]

    def span(self, start: int, end: int) -> Span:
        """The span of ``text[start:end]`` (``end`` exclusive)."""
        line, col = self.position(start)
        end_line, end_col = self.position(max(end - 1, start))
        if end > start:
            end_col += 1
        return Span(self.path, line, col, end_line, end_col)
