"""Every rule against its failing and passing fixture, and the registry's own rules.

fixtures/rules/CODE/ holds ``fail.txt`` (or .md) with ``fail.expected`` — one
``line:column`` per finding the rule must report, nothing more — and ``pass.txt``, on
which the rule must report nothing. Every rule runs (RC901 judges the others'
markers); only the findings of the rule under test are compared.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from refcheck.rules import RULES
from tests.conftest import FIXTURES, lint_text

RULE_FIXTURES = FIXTURES / "rules"
KINDS = {".txt": "text", ".md": "markdown", ".tex": "latex", ".bib": "bibtex"}


def _doc(code: str, stem: str) -> Path:
    found = sorted((RULE_FIXTURES / code).glob(f"{stem}.*"))
    found = [p for p in found if p.suffix in KINDS]
    assert found, f"rule {code} has no {stem} fixture in {RULE_FIXTURES / code}"
    return found[0]


def _positions(code: str, path: Path) -> list[str]:
    kind = KINDS[path.suffix]
    result = lint_text(path.read_text(encoding="utf-8"), ["ALL"], kind)
    return [f"{f.span.line}:{f.span.column}" for f in result.findings if f.code == code]


OFFLINE_RULES = sorted(c for c, r in RULES.items() if not r.needs_crossref)


@pytest.mark.parametrize("code", OFFLINE_RULES)
def test_rule_reports_exactly_the_expected_findings(code: str) -> None:
    path = _doc(code, "fail")
    expected = (RULE_FIXTURES / code / "fail.expected").read_text(encoding="utf-8").split()
    assert expected, "a failing fixture must expect at least one finding"
    assert _positions(code, path) == expected


@pytest.mark.parametrize("code", OFFLINE_RULES)
def test_rule_is_silent_on_its_passing_fixture(code: str) -> None:
    assert _positions(code, _doc(code, "pass")) == []


@pytest.mark.parametrize("code", sorted(RULES))
def test_rule_is_documented_and_has_fixtures(code: str) -> None:
    rule = RULES[code]
    assert rule.code == code and code[:2] == "RC" and code[2:].isdigit()
    assert len(rule.doc.split()) >= 12, f"{code} needs a docstring that explains the rule"
    assert not [c for c in rule.doc if ord(c) < 32 and c != "\n"], f"{code}: escape in docstring"
    assert rule.name and rule.name == rule.name.lower() and " " not in rule.name
    if not rule.needs_crossref:
        assert (RULE_FIXTURES / code / "fail.expected").exists()
        _doc(code, "pass")


def test_rule_names_are_unique() -> None:
    names = [r.name for r in RULES.values()]
    assert len(names) == len(set(names))
