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


# ----------------------------------------------------------------- superscripts

_SUP_DIGITS = "⁰¹²³⁴⁵⁶⁷⁸⁹"
_SUP_TO_ASCII = str.maketrans(_SUP_DIGITS + "⁻", "0123456789-")
# Superscript markup holding numbers, commas and ranges: HTML <sup>1,3-5</sup>, Pandoc
# ^1,2^, LaTeX \textsuperscript{1}, and Unicode ¹²³ / ¹⁻³ / ¹,². A bracketed number
# inside (<sup>[1]</sup>) is read by the bracket extractor instead.
_SUP_LIST = r"\s*\d{1,4}(?:\s*[,;–—-]\s*\d{1,4}){0,30}\s*"
_TIGHT_LIST = r"\d{1,4}(?:[,;–—-]\d{1,4}){0,30}"  # Pandoc's ^…^ holds no spaces
_MARKUP_SUP_RE = re.compile(
    rf"<sup>(?P<html>{_SUP_LIST})</sup>"
    rf"|(?<![\^\\])\^(?P<pandoc>{_TIGHT_LIST})\^"
    rf"|\\textsuperscript\s*\{{(?P<latex>{_SUP_LIST})\}}",
    re.I,
)
_UNICODE_SUP_RE = re.compile(rf"[{_SUP_DIGITS}]+(?:[⁻,][{_SUP_DIGITS}]+)*")
# What a superscript after it is an exponent or a unit, not a citation: a digit or a
# closing bracket of math ("10⁻³", "(a+b)²"), a single letter ("x²"), a unit ("5 m²").
_UNITS = frozenset(
    "m cm mm km nm µm μm um s ms ft in mi yd g kg mg µg l ml dl ha kpa pa hz w kw mw v".split()
)
_WORD_BEFORE = re.compile(r"([^\W\d_]+)\W{0,2}$")


def extract_superscript(text: str, index: LineIndex, unicode: bool = True) -> list[Citation]:
    """Numeric citations written as superscripts, one per cited number, in order.

    ``<sup>1,3-5</sup>``, Pandoc ``^1^``, ``\\textsuperscript{1}``, and with ``unicode``
    also ``¹²`` and ``¹⁻³``. Not citations: an exponent or a unit (a superscript right
    after a digit, a single letter or a unit such as ``km²``; a superscript minus
    ``⁻¹``), and a superscript that opens a line (a footnote's or an affiliation's own
    marker). Each number's span is its digits; a range's numbers share the range's.
    """
    out: list[Citation] = []
    for m in _MARKUP_SUP_RE.finditer(text):
        group = next(g for g in ("html", "pandoc", "latex") if m.group(g) is not None)
        if _opens_line(text, m.start()) or _after_exponent_base(text, m.start()):
            continue
        out += _numbers(
            text, index, m.start(group), m.end(group), text[m.start(group) : m.end(group)]
        )
    if unicode and any(c in text for c in _SUP_DIGITS):
        for m in _UNICODE_SUP_RE.finditer(text):
            if _opens_line(text, m.start()) or _after_exponent_base(text, m.start()):
                continue
            out += _numbers(text, index, m.start(), m.end(), m.group().translate(_SUP_TO_ASCII))
    out.sort(key=lambda c: (c.span.line, c.span.column))
    return out


def _opens_line(text: str, start: int) -> bool:
    line_start = text.rfind("\n", 0, start) + 1
    return not text[line_start:start].strip(" \t*-+>•")


def _after_exponent_base(text: str, start: int) -> bool:
    """Whether what precedes is a power's base: a digit, math, a superscript sign, a
    word of one or two letters (``x²``, ``mc^2^``) or a unit (``km²``)."""
    before = text[max(0, start - 40) : start]
    if not before or before[-1].isdigit() or before[-1] in ")]}|⁻⁺⁼⁽":
        return True
    m = _WORD_BEFORE.search(before)
    if m is None:
        return False
    word = m.group(1)
    if not before.endswith(word):
        return False  # "shown.¹": after punctuation
    return len(word) <= 2 or word.casefold() in _UNITS


_SUP_ITEM_RE = re.compile(r"(?P<a>\d{1,4})(?:\s*[–—-]\s*(?P<b>\d{1,4}))?")


def _numbers(text: str, index: LineIndex, start: int, end: int, body: str) -> list[Citation]:
    """The citations of one superscript; ``body`` is its text in ASCII digits (same
    length as ``text[start:end]``), so offsets carry over."""
    items = []
    for m in _SUP_ITEM_RE.finditer(body):
        a = int(m.group("a"))
        b = int(m.group("b")) if m.group("b") else a
        if a == 0 or b < a or b - a > MAX_RANGE:
            return []
        items.append((start + m.start(), start + m.end(), range(a, b + 1)))
    return [
        Citation(span=index.span(s, e), style=STYLE, raw=text[s:e], number=n)
        for s, e, numbers in items
        for n in numbers
    ]
