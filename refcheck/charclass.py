"""Regex character classes for upper- and lower-case letters.

Python's ``re`` has no ``\\p{Lu}``, so the classes are built from ``str.isupper()`` and
friends, written as code-point ranges (``A-ZÀ-ÖØ-Þ…``) to keep patterns short. The
author-date extractor and the reference-name parser both build their classes here.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable

# The 256-code-point rows of the Basic Multilingual Plane that hold cased letters
# (Unicode 14-15.1): scanning these instead of all 65,536 code points saves most of
# the import time of the classes built from them. tests/test_charclass.py checks
# against a scan of the whole plane, so a Unicode update that adds a cased letter
# elsewhere fails a test instead of being missed.
_ROWS = (0x00, 0x01, 0x02, 0x03, 0x04, 0x05, 0x10, 0x13, 0x1C, 0x1D, 0x1E, 0x1F, 0x20, 0x21)
CASED_BMP_ROWS = tuple(
    (row << 8, (row + 1) << 8) for row in (*_ROWS, 0x24, 0x2C, 0x2D, 0xA6, 0xA7, 0xAB, 0xFB, 0xFF)
)


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
    """The class body of the letters in ``spans`` (``[lo, hi)`` code points) passing ``test``.

    A built-in ``test`` such as ``str.istitle`` runs at C speed here (``filter`` calls it
    without a Python frame), which matters at import: the whole BMP is 65,536 tests.
    """
    return ranges_class(c for lo, hi in spans for c in filter(test, map(chr, range(lo, hi))))
