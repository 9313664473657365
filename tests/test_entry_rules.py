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


# ------------------------------------------------------------ RC203: the same work


def test_entries_that_differ_in_doi_number_volume_or_venue_are_different_works() -> None:
    from refcheck.engine import run
    from tests.conftest import FIXTURES, TODAY

    result = run([str(FIXTURES / "duplicates" / "different.bib")], today=TODAY)
    assert result.findings == []


def test_the_same_work_twice_is_a_duplicate() -> None:
    from refcheck.engine import run
    from tests.conftest import FIXTURES, TODAY

    result = run([str(FIXTURES / "duplicates" / "same.bib")], today=TODAY)
    assert [(f.code, f.span.line, f.span.column) for f in result.findings] == [
        ("RC203", 10, 1),  # jervis1978b: the same article, one with an issue number
        ("RC203", 28, 1),  # published2021: the preprint's published version, same year
    ]


@pytest.mark.parametrize(
    ("a", "b", "same"),
    [
        ("Deaths in the United States, 1999-2015", "Deaths in the United States, 1999-2019", False),
        ("The Survey: Wave 1", "The Survey: Wave 2", False),
        ("History, Part I", "History, Part II", False),
        ("A Guide, second edition", "A Guide, third edition", False),
        ("Cooperation under the security dilemma", "Cooperation Under the Security Dilemma", True),
        ("What I learned", "What I Learned", True),
    ],
)
def test_duplicate_titles(a: str, b: str, same: bool) -> None:
    from tests.conftest import lint_text

    text = (
        "As (Walt, 1987) said.\n\nReferences\n\n"
        f"Walt, S. M. (1987). {a}. Cornell University Press.\n"
        f"Walt, S. M. (1987). {b}. Cornell University Press.\n"
    )
    codes = [f.code for f in lint_text(text).findings]
    assert ("RC203" in codes) is same
