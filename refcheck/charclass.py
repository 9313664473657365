"""Regex character classes for upper- and lower-case letters.

Python's ``re`` has no ``\\p{Lu}``, so the classes are built from ``str.isupper()`` and
friends, written as code-point ranges (``A-ZÀ-ÖØ-Þ…``) to keep patterns short. The
author-date extractor and the reference-name parser both build their classes here.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable


def ranges_class(chars: Iterable[str]) -> str:
    """A class body (no brackets) for ``chars``, consecutive code points as ranges."""
    points = sorted({ord(c) for c in chars})
    parts: list[str] = []
    i = 0
    while i < len(points):
        j = i
        while j + 1 < len(points) and points[j + 1] == points[j] + 1:
            j += 1
        lo, hi = re.escape(chr(points[i])), re.escape(chr(points[j]))
        parts.append(lo if i == j else f"{lo}-{hi}")
        i = j + 1
    return "".join(parts)


def letters(test: Callable[[str], bool], spans: Iterable[tuple[int, int]]) -> str:
    """The class body of the letters in ``spans`` (``[lo, hi)`` code points) passing ``test``."""
    return ranges_class(chr(i) for lo, hi in spans for i in range(lo, hi) if test(chr(i)))
