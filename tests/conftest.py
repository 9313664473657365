"""Shared test helpers: running the pipeline on text without touching the disk."""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path

import pytest

from refcheck.engine import DocumentResult, check_document
from refcheck.loaders import Document
from refcheck.rules import select_rules

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "fixtures"
# The developer's own ~/.config/refcheck/config.toml must not change what tests see
# (subprocesses inherit this too); tests of the user configuration set their own.
os.environ["REFCHECK_USER_CONFIG"] = str(ROOT / "tests" / "no-such-user-config.toml")
os.environ.pop("REFCHECK_CACHE_DIR", None)
# Tests never reach an outside service: every second source points at a closed port
# on loopback unless a test gives its own stand-in (the discard port refuses at once).
for _name in ("OPENALEX", "DATACITE", "ARXIV", "DBLP", "OPENLIBRARY"):
    os.environ[f"REFCHECK_{_name}_URL"] = "http://127.0.0.1:9"
os.environ.pop("OPENALEX_API_KEY", None)
# Rules that look at "today" see a fixed date, so results never depend on the calendar.
TODAY = date(2026, 11, 28)


def lint_text(text: str, select: list[str] | None = None, kind: str = "text") -> DocumentResult:
    """Run the pipeline over ``text`` as if it were the file doc.txt."""
    rules = select_rules(select or None)
    return check_document(Document("doc.txt", text, kind), rules, TODAY)


def codes(text: str, select: list[str] | None = None, kind: str = "text") -> list[str]:
    return [f.code for f in lint_text(text, select, kind).findings]


@pytest.fixture
def essay_path() -> Path:
    return FIXTURES / "essay.txt"
