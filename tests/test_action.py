"""action.yml: what GitHub needs from a composite action, and its scripts run for real.

GitHub itself is not here, so the scripts of the action's bash steps are run as its
runner would run them: with the inputs in the environment, GITHUB_OUTPUT,
GITHUB_STEP_SUMMARY, RUNNER_TEMP and GITHUB_WORKSPACE set, from a subfolder (a step's
working directory need not be the repository's).
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from tests.conftest import FIXTURES, ROOT

ACTION = yaml.safe_load((ROOT / "action.yml").read_text(encoding="utf-8"))
STEPS = ACTION["runs"]["steps"]


def _step(name_part: str) -> dict:
    return next(s for s in STEPS if name_part in s["name"])


def test_action_has_what_github_needs() -> None:
    assert ACTION["name"] and ACTION["description"] and ACTION["branding"]
    assert ACTION["runs"]["using"] == "composite"
    for name, spec in ACTION["inputs"].items():
        assert spec["description"] and "default" in spec, name
    for name, spec in ACTION["outputs"].items():
        assert spec["description"] and spec["value"].startswith("${{ steps."), name
    for step in STEPS:
        assert step["name"]
        assert ("uses" in step) != ("run" in step)
        if "run" in step:
            assert step["shell"] == "bash"
            # Inputs reach scripts through the environment, never pasted into the
            # script text (GitHub's script-injection rule).
            assert "${{" not in step["run"], step["name"]
            assert "|| true" not in step["run"]
        else:
            assert "@" in step["uses"]
    upload = _step("SARIF")
    assert upload["uses"].startswith("github/codeql-action/upload-sarif@")
    assert "always()" in upload["if"]


def _run(script: str, env: dict[str, str], cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["bash", "-e", "-c", script],
        cwd=cwd,
        env={
            **os.environ,
            "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}",
            **env,
        },
        capture_output=True,
        text=True,
        timeout=120,
    )


def _outputs(path: Path) -> dict[str, str]:
    return dict(line.split("=", 1) for line in path.read_text(encoding="utf-8").splitlines())


@pytest.fixture
def workspace(tmp_path: Path) -> Path:
    repo = tmp_path / "repo"
    (repo / "paper").mkdir(parents=True)
    essay = (FIXTURES / "flawed-essay.md").read_text(encoding="utf-8")
    (repo / "paper" / "essay.md").write_text(essay, encoding="utf-8")
    return repo


def _check_step(workspace: Path, tmp_path: Path, paths: str, args: str) -> tuple:
    out, summary = tmp_path / "out", tmp_path / "summary.md"
    env = {
        "INPUT_PATHS": paths,
        "INPUT_ARGS": args,
        "INPUT_SARIF": "true",
        "REFCHECK_MAILTO": "",
        "GITHUB_OUTPUT": str(out),
        "GITHUB_STEP_SUMMARY": str(summary),
        "GITHUB_WORKSPACE": str(workspace),
        "RUNNER_TEMP": str(tmp_path),
    }
    result = _run(_step("Check")["run"], env, workspace)
    return result, _outputs(out), summary


def test_check_step_annotates_summarises_and_writes_sarif(workspace, tmp_path) -> None:
    result, outputs, summary = _check_step(workspace, tmp_path, "paper", "--offline")
    assert result.returncode == 0  # the step records the code; the last step fails
    assert outputs["exit-code"] == "1"
    lines = result.stdout.splitlines()
    assert lines and all(line.startswith("::") for line in lines)
    assert lines[0].startswith("::error file=paper/essay.md,line=12,col=70,")
    text = summary.read_text(encoding="utf-8")
    assert "**3 errors, 3 warnings** in 1 file(s)" in text and "| RC104 |" in text
    sarif = json.loads(Path(outputs["sarif-file"]).read_text(encoding="utf-8"))
    [run] = sarif["runs"]
    assert len(run["results"]) == 6
    loc = run["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]
    assert loc == {"uri": "paper/essay.md", "uriBaseId": "%SRCROOT%"}


def test_check_step_records_exit_2_for_an_input_error(workspace, tmp_path) -> None:
    result, outputs, _ = _check_step(workspace, tmp_path, "paper missing.md", "--offline")
    assert outputs["exit-code"] == "2"
    assert "::error title=refcheck input error::missing.md: no such file" in result.stdout


@pytest.mark.parametrize(("code", "exit_code"), [("0", 0), ("1", 1), ("2", 2), ("", 2)])
def test_last_step_fails_as_the_exit_code_says(code, exit_code, tmp_path) -> None:
    result = _run(_step("Fail")["run"], {"CODE": code}, tmp_path)
    assert result.returncode == exit_code
    assert re.match(r"refcheck: ", result.stdout)


def test_install_step_installs_this_checkout() -> None:
    assert '"$GITHUB_ACTION_PATH"' in _step("Install")["run"]
    assert (ROOT / "pyproject.toml").exists()  # the action's folder is an installable project
