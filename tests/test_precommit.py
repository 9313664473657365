"""The real pre-commit tool runs this repository's hook on a temporary git repository.

Building the hook's environment installs refcheck and its dependencies from the package
registry (the one network use the tests allow); everything else is local. Skipped only
when git or pre-commit is missing.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.conftest import FIXTURES, ROOT

pytestmark = pytest.mark.skipif(
    shutil.which("git") is None or shutil.which("pre-commit") is None,
    reason="needs git and pre-commit",
)


def _git(cwd: Path, *args: str) -> None:
    subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True)


def test_hook_fails_on_broken_essay_and_passes_on_clean_one(tmp_path: Path) -> None:
    repo = tmp_path / "paper"
    repo.mkdir()
    _git(repo, "init", "-q")
    _git(repo, "config", "user.email", "t@example.org")
    _git(repo, "config", "user.name", "t")
    essay = FIXTURES.joinpath("essay.txt").read_text(encoding="utf-8")
    (repo / "essay.txt").write_text(essay.replace("(Jervis, 1978)", "(Jervis, 1987)"))
    _git(repo, "add", ".")
    env = {**os.environ, "PRE_COMMIT_HOME": str(tmp_path / "cache"), "PRE_COMMIT_COLOR": "never"}

    def hook() -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            ["pre-commit", "try-repo", str(ROOT), "refcheck", "--all-files", "--verbose"],
            cwd=repo,
            env=env,
            capture_output=True,
            text=True,
            timeout=900,
        )

    broken = hook()
    assert broken.returncode == 1, broken.stdout + broken.stderr
    assert "RC103" in broken.stdout
    # Fixed citation; the incomplete Walt entry is accepted in the project's config.
    (repo / "essay.txt").write_text(essay)
    (repo / ".refcheck.toml").write_text('ignore = ["RC201"]\n')
    _git(repo, "add", ".")
    clean = hook()
    assert clean.returncode == 0, clean.stdout + clean.stderr
    assert "Passed" in clean.stdout
