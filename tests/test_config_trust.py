"""What a repository's configuration may set, and what only the user may (refcheck.config)."""

from __future__ import annotations

from pathlib import Path

import pytest

from refcheck.config import ConfigError, load

ESSAY = (Path(__file__).resolve().parent.parent / "fixtures" / "essay.txt").read_text()


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    (tmp_path / "repo" / ".git").mkdir(parents=True)
    (tmp_path / "repo" / "essay.txt").write_text(ESSAY, encoding="utf-8")
    return tmp_path / "repo"


def _user(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, text: str) -> Path:
    path = tmp_path / "user" / "config.toml"
    path.parent.mkdir(exist_ok=True)
    path.write_text(text, encoding="utf-8")
    monkeypatch.setenv("REFCHECK_USER_CONFIG", str(path))
    return path


def test_repository_cannot_set_cache_dir_or_server(repo: Path) -> None:
    (repo / ".refcheck.toml").write_text(
        'cache-dir = "cache"\ncrossref-url = "http://169.254.169.254/"\nmailto = "a@b.org"\n'
    )
    cfg = load(None, [str(repo / "essay.txt")])
    assert cfg.cache_dir is None and cfg.crossref_url is None
    assert cfg.mailto == "a@b.org"  # harmless: sent to Crossref as a contact
    assert len(cfg.warnings) == 2
    assert 'ignored cache-dir = "cache"' in cfg.warnings[0]
    assert "cannot choose which server lookups go to" in cfg.warnings[1]


def test_repository_may_name_the_public_api(repo: Path) -> None:
    (repo / ".refcheck.toml").write_text('crossref-url = "https://api.crossref.org/"\n')
    cfg = load(None, [str(repo / "essay.txt")])
    assert cfg.warnings == [] and cfg.crossref_url == "https://api.crossref.org/"


def test_explicit_config_file_is_trusted_no_more(repo: Path) -> None:
    (repo / "ci.toml").write_text('cache-dir = "/tmp/x"\n')
    cfg = load(str(repo / "ci.toml"), [str(repo)])
    assert cfg.cache_dir is None and cfg.warnings


def test_user_config_sets_personal_keys_under_the_project(
    repo: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _user(tmp_path, monkeypatch, 'cache-dir = "/tmp/mine"\nmailto = "me@x.org"\njobs = 2\n')
    (repo / ".refcheck.toml").write_text('mailto = "team@x.org"\nignore = ["RC102"]\n')
    cfg = load(None, [str(repo / "essay.txt")])
    assert (cfg.cache_dir, cfg.mailto, cfg.jobs) == ("/tmp/mine", "team@x.org", 2)
    assert cfg.ignore == ["RC102"] and cfg.warnings == []


def test_user_config_holds_only_personal_keys(
    repo: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = _user(tmp_path, monkeypatch, 'ignore = ["RC1"]\n')
    with pytest.raises(ConfigError, match=f"{path}: 'ignore' is a project setting"):
        load(None, [str(repo / "essay.txt")])


def test_config_bib_must_stay_inside_the_project(repo: Path, tmp_path: Path) -> None:
    (tmp_path / "outside.bib").write_text("@book{a, title={T}}\n")
    (repo / ".refcheck.toml").write_text('bib = ["../outside.bib"]\n')
    with pytest.raises(ConfigError, match="outside the project"):
        load(None, [str(repo / "essay.txt")])
    (repo / "refs.bib").symlink_to(tmp_path / "outside.bib")
    (repo / ".refcheck.toml").write_text('bib = ["refs.bib"]\n')  # a link out: the same
    with pytest.raises(ConfigError, match="outside the project"):
        load(None, [str(repo / "essay.txt")])
    (repo / "sub").mkdir()
    (repo / "sub" / "own.bib").write_text("")
    (repo / ".refcheck.toml").write_text('bib = ["sub/own.bib"]\n')
    assert load(None, [str(repo / "essay.txt")]).bib == [str(repo / "sub" / "own.bib")]
