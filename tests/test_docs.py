"""docs/rules.md is generated from the registry and must be current."""

from __future__ import annotations

from refcheck.docgen import render_rules_markdown
from tests.conftest import ROOT


def test_rules_doc_is_current() -> None:
    current = (ROOT / "docs" / "rules.md").read_text(encoding="utf-8")
    assert current == render_rules_markdown(), (
        "docs/rules.md is stale: run 'python -m refcheck.docgen > docs/rules.md'"
    )
