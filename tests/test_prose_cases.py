"""Citation finding on the forms real articles take: one folder per case.

fixtures/prose/CASE/ holds ``fail.*`` with ``fail.expected`` (every finding the whole
linter must report on it, as ``CODE line:column``, nothing more) and ``pass.*``, on
which the linter must report nothing at all. Each case is a minimal document written
for one form (a source inside the bracket, a label before the author, a list printed
without numbers, ...); all rules run, so a case also proves that the form draws no
other finding.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import FIXTURES, lint_text

CASES = FIXTURES / "prose"
KINDS = {".txt": "text", ".md": "markdown", ".tex": "latex"}


def _doc(case: str, stem: str) -> Path:
    found = [p for p in sorted((CASES / case).glob(f"{stem}.*")) if p.suffix in KINDS]
    assert found, f"case {case} has no {stem} document"
    return found[0]


def _findings(path: Path) -> list[str]:
    result = lint_text(path.read_text(encoding="utf-8"), ["ALL"], KINDS[path.suffix])
    return [f"{f.code} {f.span.line}:{f.span.column}" for f in result.findings]


ALL_CASES = sorted(p.name for p in CASES.iterdir() if p.is_dir())


@pytest.mark.parametrize("case", ALL_CASES)
def test_failing_document_reports_exactly_the_expected_findings(case: str) -> None:
    expected = (CASES / case / "fail.expected").read_text(encoding="utf-8").splitlines()
    assert expected, "a failing document must expect at least one finding"
    assert _findings(_doc(case, "fail")) == [e for e in expected if e.strip()]


@pytest.mark.parametrize("case", ALL_CASES)
def test_passing_document_draws_no_finding(case: str) -> None:
    assert _findings(_doc(case, "pass")) == []
