"""The user's folders without platformdirs: the same paths, and the run goes on."""

from __future__ import annotations

import sys
from pathlib import Path

import platformdirs
import pytest
from click.testing import CliRunner

from refcheck import userdirs
from refcheck.cli import command
from tests.conftest import ROOT


@pytest.fixture
def no_platformdirs(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "platformdirs", None)  # import raises ImportError


@pytest.mark.parametrize("xdg", [None, "/tmp/xdg-somewhere"])
def test_fallback_gives_the_folders_platformdirs_gives(
    xdg: str | None, monkeypatch: pytest.MonkeyPatch
) -> None:
    for var in ("XDG_CONFIG_HOME", "XDG_CACHE_HOME"):
        if xdg is None:
            monkeypatch.delenv(var, raising=False)
        else:
            monkeypatch.setenv(var, f"{xdg}/{var}")
    expected = (
        Path(platformdirs.user_config_dir("refcheck")),
        Path(platformdirs.user_cache_dir("refcheck")),
    )
    assert (userdirs.user_config_dir(), userdirs.user_cache_dir()) == expected
    monkeypatch.setitem(sys.modules, "platformdirs", None)
    assert (userdirs.user_config_dir(), userdirs.user_cache_dir()) == expected


@pytest.mark.usefixtures("no_platformdirs")
def test_the_essay_is_linted_without_platformdirs(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """The user config is looked up on every run (no override here), offline too."""
    monkeypatch.chdir(ROOT)
    monkeypatch.delenv("REFCHECK_USER_CONFIG", raising=False)
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path))  # an empty user config folder
    r = CliRunner().invoke(command, ["fixtures/essay.txt", "--offline"])
    assert r.exit_code == 1, r.output
    assert "RC201" in r.stdout and "Walt (2015)" in r.stdout and r.stderr == ""
