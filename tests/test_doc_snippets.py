"""Every snippet in README.md and docs/ works as written.

Each fenced block is handled by its language: shell commands are run in a sandbox
(refcheck against a loopback Crossref, never the real one), configuration is loaded by
refcheck's own loader, YAML is parsed and checked for what pre-commit and GitHub need
(and its refcheck commands run), JSON is parsed, example documents are linted, and
example output is compared with the real output. The set-up and test commands are
checked against .ci/run, which runs them. docs/rules.md's examples are linted by
tests/test_rule_docs.py. A block of a kind this test does not know fails it, so a new
snippet cannot go unchecked.
"""

from __future__ import annotations

import json
import os
import re
import shlex
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
import yaml
from packaging.requirements import Requirement

from refcheck import __version__
from refcheck.config import parse_table
from tests.conftest import FIXTURES, ROOT
from tests.crossref_server import FakeCrossref

PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
DIST = PYPROJECT["project"]["name"]
HOME = PYPROJECT["project"]["urls"]["Homepage"]
REPO = HOME.removeprefix("https://github.com/")
TAG = f"v{__version__}"
DOCS = [
    ROOT / "README.md",
    *sorted(p for p in (ROOT / "docs").glob("*.md") if p.name != "rules.md"),
]
FENCE = re.compile(r"^```(\w*)[^\n]*\n(.*?)^```\s*$", re.M | re.S)
CI = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
BIN = Path(sys.executable).parent


def _blocks() -> list[tuple[str, int, str, str]]:
    out = []
    for doc in DOCS:
        text = doc.read_text(encoding="utf-8")
        for m in FENCE.finditer(text):
            line = text.count("\n", 0, m.start()) + 1
            out.append((doc.name, line, m.group(1), m.group(2)))
    return out


BLOCKS = _blocks()
IDS = [f"{name}:{line}:{lang or 'output'}" for name, line, lang, _ in BLOCKS]


def _sandbox(tmp_path: Path) -> Path:
    """A folder with every file the snippets name."""
    box = tmp_path / "box"
    box.mkdir()
    essay = (FIXTURES / "essay.txt").read_text(encoding="utf-8")
    for name in ("essay.txt", "notes.md", "essay.md"):
        (box / name).write_text(essay, encoding="utf-8")
    for folder in ("docs", "thesis", "paper"):
        (box / folder).mkdir()
        (box / folder / "essay.md").write_text(essay, encoding="utf-8")
    shutil.copytree(FIXTURES, box / "fixtures")  # the README's commands name these
    shutil.copytree(FIXTURES / "latex-project", box, dirs_exist_ok=True)  # paper.tex & co
    (box / "refs.bib").write_text(
        "@book{schelling1966, author={Schelling, Thomas C.}, title={Arms and Influence},"
        " publisher={Yale University Press}, year={1966}}\n",
        encoding="utf-8",
    )
    subprocess.run(["git", "init", "-q"], cwd=box, check=True)
    subprocess.run(["git", "add", "."], cwd=box, check=True)
    return box


def _run_shell(command: str, box: Path, url: str, extra: dict[str, str] | None = None):
    env = {
        **os.environ,
        "PATH": f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}",
        "REFCHECK_CROSSREF_URL": url,
        "REFCHECK_CACHE_DIR": str(box.parent / "cache"),
        "NO_COLOR": "1",
        **(extra or {}),
    }
    return subprocess.run(
        ["bash", "-c", command], cwd=box, env=env, capture_output=True, text=True, timeout=120
    )


def _commands(block: str) -> list[str]:
    """Shell lines without their trailing comments (a `#` after two spaces)."""
    out = []
    for line in block.splitlines():
        line = re.split(r"\s{2,}#", line)[0].strip()
        if line and not line.startswith("#"):
            out.append(line)
    return out


def _check_refcheck(command: str, box: Path, url: str, extra: dict[str, str] | None = None):
    result = _run_shell(command, box, url, extra)
    assert result.returncode in (0, 1), f"{command}: exit {result.returncode}\n{result.stderr}"
    assert "error:" not in result.stderr and "Usage:" not in result.stderr, result.stderr
    return result


def _check_sh(block: str, box: Path, url: str) -> None:
    for command in _commands(block):
        parts = [p.strip() for p in command.split("&&")]
        if parts[0].startswith("python3 -m venv"):
            # The README's set-up: .ci/run runs these very commands on a fresh machine.
            assert " && ".join(parts[:3]) in CI.replace("\n", " && "), command
            parts = parts[3:]
        for part in parts:
            if part == "python -m pytest":
                assert "\npython -m pytest" in CI
            elif part.startswith("pip "):
                _check_pip(part)
            elif part.startswith("refcheck"):
                _check_refcheck(part, box, url)
            else:
                pytest.fail(f"unknown command in a snippet: {part}")


def _check_pip(command: str) -> None:
    """pip lines name this distribution (built and installed by .ci/dist-check) or,
    for the name clash, PyPI's other `refcheck`; a git install names this repository
    at the release tag."""
    args = shlex.split(command)[2:]
    names = [a for a in args if not a.startswith("-")]
    assert names, command
    for name in names:
        if args[0] == "uninstall" or command.startswith("pip uninstall"):
            assert name == "refcheck", command
            continue
        req = Requirement(name)
        assert req.name == DIST, command
        if req.url:
            assert req.url == f"git+{HOME}@{TAG}", command


def _check_precommit(config: dict, box: Path, url: str) -> None:
    [repo] = config["repos"]
    assert repo["repo"] == HOME and repo["rev"] == TAG
    hooks = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    known = {h["id"]: h for h in hooks}
    for hook in repo["hooks"]:
        assert hook["id"] in known
        # What pre-commit runs: the hook's entry with the snippet's args.
        command = " ".join([known[hook["id"]]["entry"], *map(shlex.quote, hook["args"])])
        _check_refcheck(command, box, url)


def _check_workflow(flow: dict, box: Path, url: str) -> None:
    assert flow["name"] and (flow.get("on") or flow.get(True))  # YAML 1.1 reads on: as True
    permissions = dict(flow.get("permissions") or {})
    for job in flow["jobs"].values():
        assert job["runs-on"] and job["steps"]
        permissions.update(job.get("permissions") or {})
        for step in job["steps"]:
            assert ("uses" in step) != ("run" in step), step
            if "uses" in step:
                _check_uses(step, permissions)
                continue
            assert "|| true" not in step["run"], "an input error (exit 2) must fail the job"
            _check_run(step["run"], box, url)


def _check_uses(step: dict, permissions: dict) -> None:
    action, _, ref = step["uses"].partition("@")
    assert ref, f"{action} is not pinned"
    if action == "github/codeql-action/upload-sarif":
        assert permissions.get("security-events") == "write"
        assert step["with"]["sarif_file"]
    elif action == REPO:
        assert ref == TAG
        inputs = yaml.safe_load((ROOT / "action.yml").read_text(encoding="utf-8"))["inputs"]
        assert set(step.get("with", {})) <= set(inputs)
        if step.get("with", {}).get("sarif", "true") == "true":
            assert permissions.get("security-events") == "write"
    else:
        assert action in ("actions/checkout", "actions/setup-python"), action


def _check_run(script: str, box: Path, url: str) -> None:
    env = {
        "GITHUB_WORKSPACE": str(box),
        "GITHUB_OUTPUT": str(box.parent / "output"),
        "GITHUB_STEP_SUMMARY": str(box.parent / "summary.md"),
    }
    if script.startswith("pip "):
        _check_pip(script.strip())
        return
    if "\n" in script.strip():
        result = _run_shell("set -e\n" + script, box, url, env)
        assert result.returncode == 0, result.stdout + result.stderr
        return
    _check_refcheck(script.strip(), box, url, env)


def _check_yaml(block: str, box: Path, url: str) -> None:
    doc = yaml.safe_load(block)
    if "repos" in doc:
        _check_precommit(doc, box, url)
    elif "jobs" in doc:
        _check_workflow(doc, box, url)
    else:
        pytest.fail("a YAML snippet that is neither a pre-commit config nor a workflow")


def _check_output(name: str, block: str, box: Path, url: str) -> None:
    """Example output: the first line says which command printed it."""
    first = block.splitlines()[0]
    if first.startswith("refcheck [OPTIONS]"):
        help_text = _run_shell("refcheck --help", box, url).stdout
        assert help_text.startswith(f"Usage: {first}")
        return
    path = first.split(":", 1)[0]
    cwd = ROOT if name == "README.md" else box
    result = subprocess.run(
        [sys.executable, "-m", "refcheck", path, "--offline"],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=60,
        env={**os.environ, "NO_COLOR": "1"},
    )
    assert result.stdout == block


@pytest.fixture(scope="module")
def crossref():
    with FakeCrossref() as server:
        yield server.url


@pytest.mark.parametrize(("name", "line", "lang", "block"), BLOCKS, ids=IDS)
def test_snippet_works_as_written(name, line, lang, block, tmp_path, crossref) -> None:
    box = _sandbox(tmp_path)
    if lang == "sh":
        _check_sh(block, box, crossref)
    elif lang == "yaml":
        _check_yaml(block, box, crossref)
    elif lang == "toml":
        data = tomllib.loads(block)
        parse_table(data["tool"]["refcheck"], "pyproject.toml")
    elif lang == "json":
        json.loads(block)
    elif lang in ("markdown", "latex"):
        suffix = {"markdown": ".md", "latex": ".tex"}[lang]
        (box / f"example{suffix}").write_text(block, encoding="utf-8")
        _check_refcheck(f"refcheck example{suffix} --offline", box, crossref)
    elif lang in ("", "text"):
        _check_output(name, block, box, crossref)
    else:
        pytest.fail(f"{name}:{line}: no check for ```{lang} snippets")


def test_every_document_has_its_snippets_checked() -> None:
    names = {name for name, *_ in BLOCKS}
    assert {"README.md", "usage.md", "pypi.md"} <= names
    assert len(BLOCKS) >= 15


def test_no_placeholder_repository_is_left() -> None:
    for doc in [*DOCS, ROOT / "action.yml"]:
        text = doc.read_text(encoding="utf-8")
        assert "OWNER/" not in text and "rev: v0.0" not in text, doc.name
        for repo in re.findall(r"github\.com/([\w.-]+/[\w.-]+)", text):
            assert repo in (REPO, "fabiobatalha/crossrefapi"), (doc.name, repo)
