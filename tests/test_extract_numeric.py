"""Numeric citations: groups, ranges, locators and the brackets that are not citations."""

from __future__ import annotations

from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from refcheck.extract.numeric import extract_numeric
from refcheck.text import LineIndex

FIXTURE = Path(__file__).resolve().parent.parent / "fixtures" / "numeric" / "ieee.txt"


def cites(text: str):
    return extract_numeric(text, LineIndex(text, "doc.txt"))


def test_fixture_numbers_and_spans() -> None:
    text = FIXTURE.read_text(encoding="utf-8")
    got = [(c.number, c.raw, c.span.line, c.span.column, c.span.end_column) for c in cites(text)]
    assert got == [
        (1, "1", 1, 16, 17),
        (2, "2", 1, 21, 22),
        (3, "3", 1, 24, 25),
        (4, "4–6", 1, 42, 45),
        (5, "4–6", 1, 42, 45),
        (6, "4–6", 1, 42, 45),
        (7, "7-9", 1, 62, 65),
        (8, "7-9", 1, 62, 65),
        (9, "7-9", 1, 62, 65),
        (12, "12", 1, 67, 69),
        (13, "13]–[15", 2, 13, 20),
        (14, "13]–[15", 2, 13, 20),
        (15, "13]–[15", 2, 13, 20),
        (16, "16", 2, 36, 38),
    ]
    assert [c.locator for c in cites(text)][-1] == "p. 5"
    assert all(c.style == "numeric" for c in cites(text))


def test_not_citations() -> None:
    for text in (
        "x[1]",
        "a[1][2]",
        "[a]",
        "[2019]",
        "[1999, 2020]",
        "[1](http://x)",
        "[^1]",
        "[0, 1]",
        "[1-1000]",
        "[5-2]",
        "[1.5]",
        "[text][3]",
        "\\[1\\]",
        "![1](img.png)",
        "[1]: http://example.org",
    ):
        assert cites(text) == [], text


def test_list_marker_at_line_start_is_skipped_but_prose_is_not() -> None:
    assert cites("[3] Smith, J. A title.") == []
    assert [c.number for c in cites("as shown\n[3] for all")] == [3]
    assert [c.number for c in cites("see [3] Smith")] == [3]


def test_separators_and_spacing() -> None:
    assert [c.number for c in cites("[1,2;4 - 5] and [ 7 ]")] == [1, 2, 4, 5, 7]
    assert [c.number for c in cites("[5]-[6]")] == [5, 6]
    assert [(c.number, c.locator) for c in cites("[3, pp. 4–5]")] == [(3, "pp. 4–5")]


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("[]0123456789,;-–— p.\nx^("))) | st.text())
def test_never_raises_and_spans_inside(text: str) -> None:
    index = LineIndex(text, "doc.txt")
    for c in extract_numeric(text, index):
        start = index.line_start(c.span.line) + c.span.column - 1
        assert text[start : start + len(c.raw)] == c.raw
        assert c.number is not None and c.number >= 1
