"""Superscript numeric citations against a numbered list; exponents, units and footnote
markers are not citations."""

from __future__ import annotations

import pytest

from refcheck.engine import run
from refcheck.extract.numeric import extract_superscript
from refcheck.text import LineIndex
from tests.conftest import FIXTURES, TODAY

SUP = FIXTURES / "superscript"


def numbers(text: str, unicode: bool = True) -> list[int | None]:
    return [c.number for c in extract_superscript(text, LineIndex(text), unicode)]


@pytest.mark.parametrize(
    ("text", "cited"),
    [
        ("DeepLabCut <sup>1,2,3</sup> works", [1, 2, 3]),
        ("tools<sup> 4–6 </sup>.", [4, 5, 6]),
        ("as shown^1,3-5^ here", [1, 3, 4, 5]),
        ("shown.¹⁻³ Also¹,² and studies⁴.", [1, 2, 3, 1, 2, 4]),
        ("reported\\textsuperscript{7} before", [7]),
        ("an area of 5 km² at 10⁻³ mol, x² + y², s⁻¹, (a+b)², m<sup>2</sup>", []),
        ("E = mc^2^ and 2^10^ and n^2^", []),
        ("¹ Department of Biology\n<sup>2</sup> Institute", []),
        ("Smith<sup>a</sup>, Jones<sup>†</sup>, <sup>[1]</sup>", []),
        ("a range<sup>5-2</sup> or <sup>0</sup>", []),
    ],
)
def test_superscripts(text: str, cited: list[int]) -> None:
    assert numbers(text) == cited


def test_unicode_superscripts_can_be_left_out() -> None:
    assert numbers("tools<sup>1</sup> and text.²", unicode=False) == [1]


def test_span_is_the_digits() -> None:
    text = "DeepLabCut<sup>12,3</sup> and more.¹⁻³"
    got = [
        (c.number, c.raw, c.span.column, c.span.end_column)
        for c in extract_superscript(text, LineIndex(text))
    ]
    assert got[:2] == [(12, "12", 16, 18), (3, "3", 19, 20)]
    assert got[2:] == [(1, "¹⁻³", 36, 39), (2, "¹⁻³", 36, 39), (3, "¹⁻³", 36, 39)]


def _found(name: str) -> list[tuple[int, int, str]]:
    result = run([str(SUP / name)], today=TODAY)
    return [(f.span.line, f.span.column, f.code) for f in result.findings]


def test_superscript_citations_resolve_against_a_numbered_list() -> None:
    # <sup>n</sup> list markers, HTML anchors and links in the entries are read too.
    assert _found("pass.md") == []


def test_unresolved_and_uncited_superscript_numbers() -> None:
    assert _found("fail.md") == [(3, 76, "RC101"), (11, 4, "RC102")]


def test_footnote_markers_in_an_author_date_text_are_not_citations() -> None:
    assert _found("footnotes.md") == []


def test_unicode_superscripts_are_footnotes_when_the_text_cites_with_brackets(tmp_path) -> None:
    doc = tmp_path / "a.txt"
    doc.write_text(
        "Threats matter [1].¹ Power matters [2].²\n\nReferences\n\n"
        "[1] S. Walt, The Origins of Alliances. Cornell University Press, 1987.\n"
        "[2] K. Waltz, Theory of International Politics. Addison-Wesley, 1979.\n",
        encoding="utf-8",
    )
    result = run([str(doc)], today=TODAY)
    assert [c.number for c in result.documents[0].citations] == [1, 2]
    assert result.findings == []
