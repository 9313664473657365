"""The conventions ruff, flake8 and yamllint users expect: colour, stdin, --quiet,
--statistics, --output-file, progress in a CI log."""

from __future__ import annotations

import io
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from refcheck.crossref.client import Progress
from tests.conftest import FIXTURES, ROOT

FLAWED = "fixtures/flawed-essay.md"


def refcheck(
    *args: str, env: dict[str, str] | None = None, stdin: bytes | None = None, cwd: Path = ROOT
) -> subprocess.CompletedProcess[bytes]:
    """The command as a user's shell runs it: stdout is a pipe, not a terminal."""
    base = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "FORCE_COLOR", "TERM")}
    return subprocess.run(
        [sys.executable, "-m", "refcheck", *args],
        cwd=cwd,
        env={**base, **(env or {})},
        input=stdin,
        capture_output=True,
        timeout=60,
    )


@pytest.mark.parametrize(
    ("env", "args", "coloured"),
    [
        ({}, (), False),  # a pipe: no colour
        ({"FORCE_COLOR": "1"}, (), True),
        ({"FORCE_COLOR": "1", "NO_COLOR": "1"}, (), False),  # NO_COLOR wins
        ({"NO_COLOR": ""}, (), False),  # empty: not set
        ({"FORCE_COLOR": "1", "TERM": "dumb"}, (), True),  # forced beats a dumb terminal
        ({"NO_COLOR": "1"}, ("--color",), True),  # the command line wins over both
        ({"FORCE_COLOR": "1"}, ("--no-color",), False),
    ],
)
def test_colour_follows_no_color_force_color_and_flags(env, args, coloured) -> None:
    out = refcheck(FLAWED, "--offline", *args, env=env).stdout
    assert (b"\x1b[" in out) is coloured


def test_force_color_also_colours_explain() -> None:
    assert b"\x1b[1m" in refcheck("--explain", "RC101", env={"FORCE_COLOR": "1"}).stdout
    assert b"\x1b[" not in refcheck("--explain", "RC101").stdout


def test_stdin_is_read_as_the_named_file() -> None:
    """As ruff: the report for '-' with --stdin-filename is the report for the file."""
    data = (ROOT / FLAWED).read_bytes()
    from_file = refcheck(FLAWED, "--offline")
    from_stdin = refcheck("-", "--stdin-filename", FLAWED, "--offline", stdin=data)
    assert from_stdin.stdout == from_file.stdout
    assert from_stdin.returncode == from_file.returncode == 1


def test_stdin_finds_config_and_bibliography_beside_the_named_file(tmp_path: Path) -> None:
    project = tmp_path / "paper"
    project.mkdir()
    (project / "refs.bib").write_text(
        "@book{schelling1966, author={Schelling, Thomas C.}, title={Arms and Influence},"
        " publisher={Yale University Press}, year={1966}}\n",
        encoding="utf-8",
    )
    (project / ".refcheck.toml").write_text('fail-on = "never"\n', encoding="utf-8")
    text = b"---\nbibliography: refs.bib\n---\n\nThreats [@schelling1966] and [@kahn1960].\n"
    # Run from elsewhere; the file does not exist: only its name places it.
    result = refcheck(
        "-", "--stdin-filename", str(project / "draft.md"), "--offline", stdin=text, cwd=tmp_path
    )
    out = result.stdout.decode()
    assert result.returncode == 0, result.stderr  # the configuration beside it was used
    assert f"{project / 'draft.md'}:5:" in out and "'kahn1960' has no entry" in out
    assert out.count("RC101") == 1  # schelling1966 resolved in ./refs.bib beside it
    assert result.stderr == b""


def test_stdin_without_a_name_is_plain_text() -> None:
    result = refcheck("-", "--offline", stdin=(FIXTURES / "essay.txt").read_bytes())
    assert result.stdout.decode().startswith("-:15:1: RC201")


def test_stdin_undecodable_is_an_input_error() -> None:
    result = refcheck("-", "--stdin-filename", "x.txt", "--offline", stdin=b"ok \xff\xfe")
    assert result.returncode == 2
    assert b"x.txt: not valid UTF-8" in result.stderr


def test_quiet_prints_findings_only() -> None:
    out = refcheck(FLAWED, "--offline", "--quiet", "--no-show-source").stdout.decode()
    lines = out.splitlines()
    assert len(lines) == 12 and lines[0].startswith("fixtures/flawed-essay.md:12:70: RC104")
    assert "Found" not in out and "fixable" not in out
    assert refcheck("fixtures/essay.txt", "--offline", "-q", "--ignore", "RC201").stdout == b""


def test_statistics_counts_per_rule() -> None:
    result = refcheck(FLAWED, "--offline", "--statistics", "--ignore", "RC102")
    assert result.stdout.decode() == (
        "1\tRC103\tcitation-year-mismatch\n"
        "1\tRC104\tcitation-author-mismatch\n"
        "1\tRC105\tambiguous-citation\n"
        "1\tRC201\tmissing-field\n"
        "1\tRC202\tinvalid-pages\n"
        "Found 3 errors, 2 warnings (1 file, 13 citations, 11 of 12 references cited).\n"
    )
    assert result.returncode == 1


def test_output_file_gets_the_report_uncoloured(tmp_path: Path) -> None:
    target = tmp_path / "report.json"
    result = refcheck(
        FLAWED, "--offline", "--format", "json", "-o", str(target), env={"FORCE_COLOR": "1"}
    )
    assert result.stdout == b"" and result.returncode == 1
    plain = refcheck(FLAWED, "--offline", "--format", "json").stdout
    assert target.read_bytes() == plain
    text = tmp_path / "report.txt"
    refcheck(FLAWED, "--offline", "--output-file", str(text), env={"FORCE_COLOR": "1"})
    assert b"\x1b" not in text.read_bytes() and b"RC104" in text.read_bytes()


def test_output_file_in_a_missing_folder_is_a_usage_error(tmp_path: Path) -> None:
    result = refcheck(FLAWED, "--offline", "-o", str(tmp_path / "no" / "r.txt"))
    assert result.returncode == 2 and b"cannot write the report" in result.stderr


def test_progress_in_a_ci_log_is_plain_periodic_lines() -> None:
    stream = io.StringIO()
    progress = Progress(20, True, stream, lines=True)
    progress.LINE_EVERY = 0.0
    for _ in range(20):
        progress.advance()
    progress.close()
    lines = stream.getvalue().splitlines()
    assert lines[-1] == "refcheck: Crossref 20/20 lookups done"
    assert all(line.startswith("refcheck: Crossref ") for line in lines)
    assert "\r" not in stream.getvalue() and "\x1b" not in stream.getvalue()
    quiet = io.StringIO()
    slow = Progress(20, True, quiet, lines=True)  # LINE_EVERY 10 s: only the last line
    for _ in range(20):
        slow.advance()
    assert quiet.getvalue() == "refcheck: Crossref 20/20 lookups done\n"


def test_source_window_for_a_paragraph_long_line(tmp_path: Path) -> None:
    filler = " ".join(["Deterrence is a matter of credible commitment and resolve."] * 12)
    doc = tmp_path / "essay.txt"
    doc.write_text(
        f"{filler} Security is relative (Jervis, 1987). {filler}\n\nReferences\n\n"
        "Jervis, R. (1978). Cooperation under the security dilemma. World Politics, 30(2), "
        "167–214.\n",
        encoding="utf-8",
    )
    out = refcheck(str(doc), "--offline").stdout.decode().splitlines()
    assert out[1] == "    1 | …Security is relative (Jervis, 1987).…"  # the sentence
    assert out[2] == "      |                        ^^^^^^^^^^^^"


def test_source_line_escapes_control_characters(tmp_path: Path) -> None:
    doc = tmp_path / "essay.txt"
    doc.write_text(
        "Security \x1b[2J is relative (Jervis, 1987).\n\nReferences\n\n"
        "Jervis, R. (1978). Cooperation under the security dilemma. World Politics, 30(2), "
        "167–214.\n",
        encoding="utf-8",
    )
    out = refcheck(str(doc), "--offline").stdout.decode()
    assert "\x1b" not in out and "Security \\x1b[2J is relative" in out


def test_git_tracked_outside_a_work_tree_is_a_usage_error(tmp_path: Path) -> None:
    (tmp_path / "essay.txt").write_text("Text.\n", encoding="utf-8")
    env = {"GIT_CEILING_DIRECTORIES": str(tmp_path.parent)}
    result = refcheck("--git-tracked", "--offline", env=env, cwd=tmp_path)
    assert result.returncode == 2 and b"--git-tracked: " in result.stderr


def test_git_tracked_skips_untracked_ignored_and_excluded(tmp_path: Path) -> None:
    def git(*args: str) -> None:
        subprocess.run(["git", *args], cwd=tmp_path, check=True, capture_output=True)

    broken = (FIXTURES / "essay.txt").read_text(encoding="utf-8").replace("1978)", "1987)")
    git("init", "-q")
    for name in ("paper/essay.txt", "drafts/old.txt", "_build/out.txt", "notes.txt"):
        (tmp_path / name).parent.mkdir(exist_ok=True)
        (tmp_path / name).write_text(broken, encoding="utf-8")
    (tmp_path / ".gitignore").write_text("_build/\n", encoding="utf-8")
    (tmp_path / ".refcheck.toml").write_text('exclude = ["drafts"]\n', encoding="utf-8")
    git("add", "paper", "drafts", ".gitignore", ".refcheck.toml")  # notes.txt: untracked
    git("add", "-f", "_build")  # tracked despite .gitignore: a commit holds it
    out = refcheck("--git-tracked", "--offline", "-q", "--no-show-source", cwd=tmp_path)
    lines = out.stdout.decode().splitlines()
    files = sorted({line.split(":")[0] for line in lines if re.match(r"\S+:\d+:\d+: RC", line)})
    assert files == ["_build/out.txt", "paper/essay.txt"]
    only = refcheck("--git-tracked", "paper", "--offline", "--statistics", cwd=tmp_path)
    assert only.stdout.decode().endswith("(1 file, 4 citations, 4 references).\n")
