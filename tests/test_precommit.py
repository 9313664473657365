"""The real pre-commit tool runs this repository's hook on a temporary git repository.

Building the hook's environment installs refcheck and its dependencies from the package
registry (the one network use the tests allow); everything else is local. pre-commit
installs a hook from a git repository, and CI's clone, like an sdist, may have no
``.git``: the hook's sources (what a user's ``pre-commit install`` fetches) are then
committed to a temporary repository first. Skipped when git or pre-commit is missing.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

from tests.conftest import FIXTURES, ROOT

pytestmark = pytest.mark.skipif(
    shutil.which("git") is None or shutil.which("pre-commit") is None,
    reason="needs git and pre-commit",
)
# What building the hook's environment needs: the package and its metadata.
HOOK_SOURCES = ("refcheck", "pyproject.toml", ".pre-commit-hooks.yaml", "README.md", "LICENSE")

JERVIS = {
    "id": "jervis1978",
    "type": "article-journal",
    "author": [{"family": "Jervis", "given": "Robert"}],
    "title": "Cooperation under the security dilemma",
    "container-title": "World Politics",
    "volume": "30",
    "issue": "2",
    "page": "167-214",
    "issued": {"date-parts": [[1978]]},
}
BROKEN = FIXTURES.joinpath("essay.txt").read_text(encoding="utf-8").replace("1978)", "1987)")


def _git(cwd: Path, *args: str) -> None:
    subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True)


def _repo(tmp_path: Path) -> Path:
    repo = tmp_path / "paper"
    repo.mkdir()
    _git(repo, "init", "-q")
    _git(repo, "config", "user.email", "t@example.org")
    _git(repo, "config", "user.name", "t")
    (repo / "essay.md").write_text(
        "---\nbibliography: refs.json\n---\n\n# Essay\n\nSecurity is relative [@jervis1978].\n",
        encoding="utf-8",
    )
    (repo / "refs.json").write_text(json.dumps([JERVIS], indent=2) + "\n", encoding="utf-8")
    # Files with no citations and no reference list: nothing to check, nothing to fail.
    (repo / "README.md").write_text(
        "# Paper\n\nBuild with `make` (needs Pandoc 3.1, 2023). See [1] and issue #12.\n\n"
        "[1]: https://pandoc.org\n",
        encoding="utf-8",
    )
    (repo / "CHANGELOG.md").write_text(
        "# Changelog\n\n## [1.2.0] - 2024-03-01\n\n- Fixed the figure (#31).\n\n"
        "## 1.1 (2023)\n\n- First draft.\n",
        encoding="utf-8",
    )
    (repo / ".gitignore").write_text("_build/\n", encoding="utf-8")
    _git(repo, "add", ".")
    _git(repo, "commit", "-q", "-m", "paper")
    # Broken documents that a commit does not hold: ignored and untracked.
    (repo / "_build").mkdir()
    (repo / "_build" / "essay.txt").write_text(BROKEN, encoding="utf-8")
    (repo / "drafts").mkdir()
    (repo / "drafts" / "essay.txt").write_text(BROKEN, encoding="utf-8")
    return repo


def _hook_repo(tmp_path: Path) -> Path:
    """This checkout when it is a git repository, else a git repository of its sources."""
    if (ROOT / ".git").exists():
        return ROOT
    hook = tmp_path / "hook-repo"
    if hook.exists():  # made by an earlier run of the hook in the same test
        return hook
    hook.mkdir()
    for name in HOOK_SOURCES:
        if (ROOT / name).is_dir():
            shutil.copytree(ROOT / name, hook / name, ignore=shutil.ignore_patterns("__pycache__"))
        elif (ROOT / name).exists():
            shutil.copy2(ROOT / name, hook / name)
    _git(hook, "init", "-q")
    _git(hook, "config", "user.email", "t@example.org")
    _git(hook, "config", "user.name", "t")
    _git(hook, "add", ".")
    _git(hook, "commit", "-q", "-m", "refcheck")
    return hook


def _hook(repo: Path, tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PRE_COMMIT_HOME": str(tmp_path / "cache"), "PRE_COMMIT_COLOR": "never"}
    return subprocess.run(
        ["pre-commit", "try-repo", str(_hook_repo(tmp_path)), "refcheck", "--verbose", *args],
        cwd=repo,
        env=env,
        capture_output=True,
        text=True,
        timeout=900,
    )


def test_hook_checks_tracked_documents_and_runs_when_a_csl_bibliography_changes(
    tmp_path: Path,
) -> None:
    repo = _repo(tmp_path)
    clean = _hook(repo, tmp_path, "--all-files")
    assert clean.returncode == 0, clean.stdout + clean.stderr
    assert "Passed" in clean.stdout
    assert "drafts" not in clean.stdout and "_build" not in clean.stdout
    assert "2 files" not in clean.stdout  # README, CHANGELOG and essay: 3 tracked documents
    assert re.search(r"All checks passed \(3 files, 1 citation, 1 reference\)", clean.stdout)

    # Only the CSL JSON bibliography changes: the hook runs, and the unchanged essay's
    # citation no longer resolves.
    (repo / "refs.json").write_text(
        json.dumps([{**JERVIS, "id": "jervis1979"}], indent=2), encoding="utf-8"
    )
    _git(repo, "add", "refs.json")
    broken = _hook(repo, tmp_path)
    assert broken.returncode == 1, broken.stdout + broken.stderr
    assert "essay.md:7:" in broken.stdout and "RC101" in broken.stdout
    assert "did you mean 'jervis1979'?" in broken.stdout


def test_hook_is_skipped_for_files_refcheck_never_reads(tmp_path: Path) -> None:
    repo = _repo(tmp_path)
    (repo / "build.py").write_text("print('hi')\n", encoding="utf-8")
    _git(repo, "add", "build.py")
    result = _hook(repo, tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Skipped" in result.stdout


def test_hook_triggers_on_every_kind_refcheck_reads_or_is_configured_by() -> None:
    [hook] = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    files = re.compile(hook["files"])
    triggers = [
        "essay.txt", "a/b.md", "x.markdown", "post.qmd", "paper.Rmd", "paper.rmd",
        "paper.tex", "refs.bib", "refs.json", "refs.yaml", "refs.yml", ".refcheck.toml",
        "sub/pyproject.toml", "_quarto.yml", "book/_bookdown.yml",
    ]  # fmt: skip
    assert [f for f in triggers if not files.search(f)] == []
    assert [f for f in ("build.py", "figure.png", "Makefile", "x.toml") if files.search(f)] == []
    assert hook["pass_filenames"] is False and "--git-tracked" in hook["entry"]
