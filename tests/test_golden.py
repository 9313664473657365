"""Golden-file tests: the exact text and JSON output for fixtures/flawed-essay.md.

The golden files are the contract a user and a CI script see. After an intended
change, regenerate them with ``REFCHECK_UPDATE_GOLDEN=1 python -m pytest
tests/test_golden.py`` and review the diff.
"""

from __future__ import annotations

import os

import pytest
from click.testing import CliRunner

from refcheck.cli import command
from tests.conftest import ROOT

GOLDEN = ROOT / "tests" / "golden"
CASES = {
    "flawed-essay.txt": ["fixtures/flawed-essay.md", "--offline"],
    "flawed-essay.json": ["fixtures/flawed-essay.md", "--offline", "--format", "json"],
    "flawed-essay.github": ["fixtures/flawed-essay.md", "--offline", "--format", "github"],
    "flawed-essay.sarif": ["fixtures/flawed-essay.md", "--offline", "--format", "sarif"],
    "essay-references.txt": ["fixtures/essay.txt", "--list-references"],
    "essay-references.json": ["fixtures/essay.txt", "--list-references", "--format", "json"],
}


def normalise(out: str) -> str:
    """The one machine-dependent part: SARIF's %SRCROOT% is the checkout's file URI."""
    return out.replace(ROOT.as_uri() + "/", "file:///REPOSITORY/")


@pytest.mark.parametrize("name", sorted(CASES))
def test_output_matches_golden_file(name: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    result = CliRunner().invoke(command, CASES[name], catch_exceptions=False)
    assert result.exit_code == (0 if "--list-references" in CASES[name] else 1)
    path = GOLDEN / name
    out = normalise(result.stdout)
    if os.environ.get("REFCHECK_UPDATE_GOLDEN"):
        path.write_text(out, encoding="utf-8")
    assert out == path.read_text(encoding="utf-8")
