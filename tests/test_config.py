"""Configuration discovery, precedence, validation, per-file ignores, severity overrides."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from refcheck.cli import command
from refcheck.config import ConfigError, discover, load_file

ESSAY = (Path(__file__).resolve().parent.parent / "fixtures" / "essay.txt").read_text()


def run(*args: str) -> tuple[int, str, str]:
    r = CliRunner().invoke(command, list(args), catch_exceptions=False)
    return r.exit_code, r.stdout, r.stderr


@pytest.fixture
def project(tmp_path: Path) -> Path:
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "essay.txt").write_text(ESSAY, encoding="utf-8")
    return tmp_path


def codes_of(out: str) -> list[tuple[str, str]]:
    return [(f["code"], f["severity"]) for f in json.loads(out)["findings"]]


def test_discovery_walks_up_to_pyproject(project: Path) -> None:
    (project / "pyproject.toml").write_text('[tool.refcheck]\nignore = ["RC201"]\n')
    cfg = discover(project / "docs" / "essay.txt")
    assert cfg.ignore == ["RC201"] and cfg.path == str(project / "pyproject.toml")
    code, out, _ = run(str(project / "docs"), "--offline", "--format", "json")
    assert (code, codes_of(out)) == (0, [])


def test_pyproject_without_table_is_skipped_and_dot_file_wins(project: Path) -> None:
    (project / "docs" / "pyproject.toml").write_text("[project]\nname = 'x'\n")
    (project / ".refcheck.toml").write_text('fail-on = "error"\n')
    (project / "pyproject.toml").write_text('[tool.refcheck]\nfail-on = "note"\n')
    assert discover(project / "docs").fail_on == "error"


def test_cli_overrides_config(project: Path) -> None:
    (project / ".refcheck.toml").write_text('format = "json"\nfail-on = "never"\n')
    code, out, _ = run(str(project / "docs"), "--offline")
    assert code == 0 and out.startswith("{")
    code, out, _ = run(str(project / "docs"), "--offline", "--format", "text", "--fail-on", "note")
    assert code == 1 and "RC201" in out


def test_severity_override_and_per_file_ignores(project: Path) -> None:
    (project / ".refcheck.toml").write_text('[severity]\nRC201 = "error"\n')
    code, out, _ = run(str(project / "docs"), "--offline", "--format", "json")
    assert codes_of(out) == [("RC201", "error")]
    assert run(str(project / "docs"), "--offline", "--fail-on", "error")[0] == 1
    (project / ".refcheck.toml").write_text('[per-file-ignores]\n"docs/*.txt" = ["RC2"]\n')
    code, out, _ = run(str(project / "docs"), "--offline", "--format", "json")
    assert (code, codes_of(out)) == (0, [])


def test_exclude_skips_files_found_in_folders(project: Path) -> None:
    (project / ".refcheck.toml").write_text('exclude = ["docs/*"]\n')
    code, out, _ = run(str(project), "--offline")
    assert code == 0 and "0 files" in out


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("ignroe = ['RC1']\n", "unknown key 'ignroe'"),
        ("fail-on = 'sometimes'\n", "'fail-on' must be one of"),
        ("jobs = 9\n", "'jobs' must be an integer from 1 to 3"),
        ("select = 3\n", "'select' must be a list of rule codes"),
        ("[severity]\nRC201 = 'fatal'\n", "'severity.RC201' must be one of"),
        ("offline = 'yes'\n", "'offline' must be true or false"),
        ("this is not toml\n", "invalid TOML"),
    ],
)
def test_bad_config_exits_2_naming_key_and_file(project: Path, content: str, message: str) -> None:
    cfg = project / ".refcheck.toml"
    cfg.write_text(content)
    code, _, err = run(str(project / "docs"), "--offline")
    assert code == 2
    assert str(cfg) in err and message in err
    with pytest.raises(ConfigError):
        load_file(cfg)


def test_unknown_code_in_config_is_reported(project: Path) -> None:
    (project / ".refcheck.toml").write_text("ignore = ['RC2O1']\n")
    code, _, err = run(str(project / "docs"), "--offline")
    assert code == 2 and "RC2O1" in err


def test_explicit_config_file(project: Path, tmp_path: Path) -> None:
    other = tmp_path / "other.toml"
    other.write_text("[tool.refcheck]\nignore = ['RC201']\n")
    assert run(str(project / "docs"), "--offline", "--config", str(other))[0] == 0
    assert run(str(project / "docs"), "--config", str(tmp_path / "none.toml"))[0] == 2


def test_exclude_by_folder_name_prunes_it(project: Path) -> None:
    (project / "drafts").mkdir()
    (project / "drafts" / "old.txt").write_text(ESSAY, encoding="utf-8")
    _, out, _ = run(str(project), "--offline", "--exclude", "drafts", "--format", "json")
    assert json.loads(out)["summary"]["files"] == 1


def test_unknown_code_in_per_file_ignores_is_reported(project: Path) -> None:
    (project / ".refcheck.toml").write_text('[per-file-ignores]\n"*.txt" = ["RCX"]\n')
    code, _, err = run(str(project / "docs"), "--offline")
    assert code == 2 and "RCX" in err


def test_all_and_prefixes_in_per_file_ignores_and_severity(project: Path) -> None:
    (project / ".refcheck.toml").write_text('[per-file-ignores]\n"docs/*" = ["ALL"]\n')
    _, out, _ = run(str(project / "docs"), "--offline", "--format", "json")
    assert codes_of(out) == []
    (project / ".refcheck.toml").write_text('[severity]\nRC2 = "note"\nRC201 = "error"\n')
    _, out, _ = run(str(project / "docs"), "--offline", "--format", "json")
    assert codes_of(out) == [("RC201", "error")]  # the more specific pattern wins
    (project / ".refcheck.toml").write_text('[severity]\nRC2 = "note"\n')
    _, out, _ = run(str(project / "docs"), "--offline", "--format", "json")
    assert codes_of(out) == [("RC201", "note")]
