"""Numeric in-text citations: ``[1]``, ``[1, 3]``, ``[2–5]``, ``[1-3, 7]``, ``[5]–[7]``.

A square bracket holding only reference numbers, ranges and one optional trailing
locator (``[4, p. 12]``) is a citation group. What is *not* one:

- a bracket right after a letter, digit, ``]``, ``!`` or backslash: array indices
  (``x[1]``), Markdown reference links (``[text][1]``), images, LaTeX ``\\[``;
- a Markdown link or link definition: ``[1](http://…)``, ``[1]: http://…`` at a line
  start (elsewhere ``[63]: clotting`` is a citation before a colon);
- footnotes ``[^1]`` and letters ``[a]`` (the regex wants digits only);
- a bracket whose numbers are all four-digit years 1500–2099 (``[2019]``): a
  thousand-entry reference list is rarer than a bracketed year;
- a number 0, a reversed range (``[5-2]``) or a range longer than ``MAX_RANGE``: those
  are intervals (``[0, 1]``, ``[1-1000]``), not citations;
- a single-number bracket opening a line and followed by a capital or a quote
  (``[3] Smith, J. …``): the marker of a numbered reference list.

Superscript citations are not read (they are invisible in plain text).
"""

from __future__ import annotations

from refcheck import lazyre as re
from refcheck.model import Citation
from refcheck.text import LineIndex

__all__ = ["MAX_RANGE", "extract_numeric"]

STYLE = "numeric"
MAX_RANGE = 200  # a longer "range" is an interval, not a run of cited works

_DASH = r"\s*[-–—]\s*"
_NUM = r"\d{1,4}(?![\d.])"
_ITEM = rf"{_NUM}(?:{_DASH}{_NUM})?"
_LOCATOR = (
    r"(?:pp?|pages?|ch|chaps?|chapters?|secs?|sections?|§§?|figs?|figures?|eqs?|thms?|"
    r"tabs?|tables?|app|appx|vols?|paras?|ll?|nos?|art|arts)"
    r"(?:\.\s*|\s+|(?<=§)\s*)(?=[\dIVXLCivxlc])[^\[\]\n]{1,40}?"
)
_GROUP_RE = re.compile(
    rf"(?<![\w\]\\!^])\[\s*(?P<body>{_ITEM}(?:\s*[,;]\s*{_ITEM}){{0,100}})"
    rf"(?:\s*,\s*(?P<loc>{_LOCATOR}))?\s*\]"
    rf"(?:{_DASH}\[\s*(?P<to>{_NUM})\s*\])?"
    r"(?!\()",
    re.I,
)
_ITEM_RE = re.compile(rf"(?P<a>{_NUM})(?:{_DASH}(?P<b>{_NUM}))?")
_LIST_MARKER_AFTER = re.compile(r"[ \t]+[\"“'‘A-Z]")


def extract_numeric(text: str, index: LineIndex) -> list[Citation]:
    """Every numeric citation of ``text``, one per cited number, in document order.

    ``number`` is set; ``raw`` is the number's text (or the range's, ``2–5``). A listed
    number's span is its own digits; the numbers of a range share the range's span,
    from its first digit to its last (``5]–[7`` for ``[5]–[7]``). A trailing locator
    (``[4, p. 12]``) goes to the last number.
    """
    out: list[Citation] = []
    if "[" not in text:
        return out
    for g in _GROUP_RE.finditer(text):
        if _is_list_marker(text, g):
            continue
        items = _items(g)
        if items is None:
            continue
        locator = " ".join(g.group("loc").split()) if g.group("loc") else None
        for i, (start, end, numbers) in enumerate(items):
            span = index.span(start, end)
            raw = text[start:end]
            for j, n in enumerate(numbers):
                last = i == len(items) - 1 and j == len(numbers) - 1
                out.append(
                    Citation(
                        span=span,
                        style=STYLE,
                        raw=raw,
                        number=n,
                        locator=locator if last else None,
                    )
                )
    return out


def _items(g: re.Match[str]) -> list[tuple[int, int, list[int]]] | None:
    """(start, end, numbers) per item of a group; None when it is not a citation."""
    base = g.start("body")
    items: list[tuple[int, int, list[int]]] = []
    tokens: list[str] = []
    for m in _ITEM_RE.finditer(g.group("body")):
        a = int(m.group("a"))
        b = int(m.group("b")) if m.group("b") else a
        tokens.append(m.group("a"))
        if m.group("b"):
            tokens.append(m.group("b"))
        items.append((base + m.start(), base + m.end(), [a, b]))
    if g.group("to"):
        # "[5]–[7]": one range from the bracket's only item to the second bracket.
        if len(items) != 1 or items[0][2][0] != items[0][2][1]:
            return None
        tokens.append(g.group("to"))
        items = [(items[0][0], g.end("to"), [items[0][2][0], int(g.group("to"))])]
    if all(len(t) == 4 and 1500 <= int(t) <= 2099 for t in tokens):
        return None
    out: list[tuple[int, int, list[int]]] = []
    for start, end, (a, b) in items:
        if a == 0 or b < a or b - a > MAX_RANGE:
            return None
        out.append((start, end, list(range(a, b + 1))))
    return out


def _is_list_marker(text: str, g: re.Match[str]) -> bool:
    """``[3] Smith, J. …`` at a line start: a numbered reference list's marker; and
    ``[1]: https://…`` there, a Markdown link definition. (Elsewhere "[63]: clotting"
    is a citation before a colon.)"""
    line_start = text.rfind("\n", 0, g.start()) + 1
    if text[line_start : g.start()].strip():
        return False
    if text.startswith(":", g.end()):
        return True
    body = g.group("body")
    if not body.strip().isdigit() or g.group("to") or g.group("loc"):
        return False
    return _LIST_MARKER_AFTER.match(text, g.end()) is not None
