"""Entry rules on constructed entries: the cases free text cannot express."""

from __future__ import annotations

from datetime import date

import pytest

from refcheck.model import Name, Reference, Span
from refcheck.rules import CheckContext
from refcheck.rules.entries import implausible_year, page_problem

S = Span("refs.bib", 3, 1, 3, 10)


def _ctx(*refs: Reference) -> CheckContext:
    return CheckContext("d", [], [], list(refs), True, today=date(2026, 11, 28))


@pytest.mark.parametrize(
    ("year", "found"),
    [("1449", True), ("1450", False), ("2026", False), ("2027", True), ("n.d.", False)],
)
def test_implausible_year_bounds(year: str, found: bool) -> None:
    ref = Reference(S, "x", authors=[Name("Gutenberg")], year=year)
    assert bool(list(implausible_year(_ctx(ref)))) is found


@pytest.mark.parametrize(
    ("pages", "problem"),
    [
        ("167-214", ""),
        ("1425-37", ""),
        ("e1008184", ""),
        ("xi-xv", ""),
        ("S12-S19", ""),
        ("214-167", "reversed page range '214-167' (214 > 167)"),
        ("1425-24", "reversed page range '1425-24' (1425 > 1424)"),
        ("171-", "malformed page range '171-'"),
        ("171-201-230", "malformed page range '171-201-230'"),
    ],
)
def test_page_problem(pages: str, problem: str) -> None:
    assert page_problem(pages) == problem
