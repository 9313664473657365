"""The Crossref cache is data only: a crafted, poisoned, corrupt or old cache runs nothing.

The attack this guards against: a repository commits ``.refcheck.toml`` with
``cache-dir = "cache"`` and a crafted ``cache/crossref.sqlite`` whose rows are pickles;
with a pickling cache, a plain ``refcheck paper.txt`` then ran the repository's code.
The payload here is real (the first test proves it creates its marker when unpickled);
every run against it must leave the marker absent.
"""

from __future__ import annotations

import pickle
import sqlite3
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

from refcheck.crossref.cache import FORMAT, AnswerCache, cache_key
from tests.conftest import FIXTURES
from tests.crossref_server import FakeCrossref
from tests.test_crossref_e2e import codes, refcheck

ESSAY_TEXT = (FIXTURES / "essay.txt").read_text(encoding="utf-8")


class _Payload:
    """Unpickling this creates ``marker`` (``open(marker, "w")``): code execution."""

    def __init__(self, marker: Path) -> None:
        self.marker = str(marker)

    def __reduce__(self) -> tuple[Any, ...]:
        return (open, (self.marker, "w"))


def _payload(marker: Path) -> bytes:
    return pickle.dumps(_Payload(marker))


def _pickle_cache(path: Path, payload: bytes, keys: list[str]) -> None:
    """requests-cache's SQLite layout (tables ``responses``/``redirects`` of pickles),
    plus this refcheck's own layout with the payload as every body."""
    path.parent.mkdir(parents=True, exist_ok=True)
    con = sqlite3.connect(path)
    for table in ("responses", "redirects"):
        con.execute(f"CREATE TABLE {table} (key TEXT PRIMARY KEY, value BLOB, expires INTEGER)")
        for key in keys:
            con.execute(f"INSERT INTO {table} VALUES (?, ?, NULL)", (key, payload))
    con.commit()
    con.close()


def test_the_payload_is_real(tmp_path: Path) -> None:
    marker = tmp_path / "pwned"
    payload = _payload(marker)
    code = f"import pickle; pickle.loads({payload!r})"
    subprocess.run([sys.executable, "-c", code], check=True, timeout=30)
    assert marker.exists()


@pytest.fixture
def hostile_repo(tmp_path: Path) -> tuple[Path, Path]:
    repo = tmp_path / "repo"
    repo.mkdir()
    (repo / ".git").mkdir()  # a work tree, as CI checks one out
    (repo / "paper.txt").write_text(ESSAY_TEXT, encoding="utf-8")
    (repo / ".refcheck.toml").write_text('cache-dir = "cache"\n', encoding="utf-8")
    marker = tmp_path / "pwned"
    _pickle_cache(repo / "cache" / "crossref.sqlite", _payload(marker), ["a", "b", "c"])
    return repo, marker


def test_repository_cache_and_config_run_nothing(
    hostile_repo: tuple[Path, Path], tmp_path: Path
) -> None:
    repo, marker = hostile_repo
    user_cache = tmp_path / "user-cache"
    env = {"REFCHECK_CACHE_DIR": str(user_cache)}
    paper = str(repo / "paper.txt")
    offline = refcheck(paper, "--offline", env=env)
    with FakeCrossref() as server:
        online = refcheck(paper, "--crossref-url", server.url, env=env)
        # Even a user who points --cache-dir at the crafted file runs nothing: it is
        # not a cache of refcheck's format, so it is discarded.
        chosen = refcheck(
            paper, "--crossref-url", server.url, "--cache-dir", str(repo / "cache"), env=env
        )
    assert not marker.exists()
    for run in (offline, online):
        assert 'ignored cache-dir = "cache"' in run.stderr
        assert "cannot choose where the response cache is written" in run.stderr
    assert sorted(codes(offline.stdout)) == ["RC201"]
    assert sorted(codes(online.stdout)) == ["RC201", "RC301", "RC305", "RC305", "RC305"]
    assert (user_cache / "crossref.sqlite").is_file()  # the trusted location was used
    assert chosen.stderr.count("discarded it and started a new one") == 1
    assert "written by an older refcheck or another program" in chosen.stderr
    assert codes(chosen.stdout) == codes(online.stdout)
    assert "Traceback" not in offline.stderr + online.stderr + chosen.stderr


def _run_cached(cache_dir: Path, server: FakeCrossref) -> subprocess.CompletedProcess[str]:
    return refcheck(
        str(FIXTURES / "essay.txt"), "--crossref-url", server.url, "--cache-dir", str(cache_dir)
    )


@pytest.mark.parametrize(
    "damage",
    [
        pytest.param(lambda p: p.write_bytes(b"\x00garbage" * 512), id="not-sqlite"),
        pytest.param(lambda p: p.write_bytes(p.read_bytes()[:1500]), id="truncated"),
        pytest.param(
            lambda p: p.write_bytes(p.read_bytes()[:100] + b"\xff" * 4000), id="corrupt-pages"
        ),
    ],
)
def test_corrupt_cache_is_discarded_with_one_warning(tmp_path: Path, damage: Any) -> None:
    with FakeCrossref() as server:
        first = _run_cached(tmp_path, server)
        damage(tmp_path / "crossref.sqlite")
        second = _run_cached(tmp_path, server)
        third = _run_cached(tmp_path, server)
    assert second.stderr.count("refcheck: warning:") == 1, second.stderr
    assert "discarded it and started a new one" in second.stderr
    assert second.stdout == first.stdout == third.stdout
    assert third.stderr == ""  # the new cache is good


@pytest.mark.parametrize("poison", ["json", "pickle"])
def test_poisoned_entries_are_discarded_and_fetched_again(tmp_path: Path, poison: str) -> None:
    marker = tmp_path / "pwned"
    # Valid JSON of the wrong shape (an older buggy version), or a pickle payload.
    body: Any = '{"message": {"items": [1, "x"]}}' if poison == "json" else _payload(marker)
    cache_dir = tmp_path / "cache"
    with FakeCrossref() as server:
        first = _run_cached(cache_dir, server)
        made = len(server.requests)
        con = sqlite3.connect(cache_dir / "crossref.sqlite")
        con.execute("UPDATE answers SET body = ?", (body,))
        con.commit()
        con.close()
        second = _run_cached(cache_dir, server)
        refetched = len(server.requests) - made
        third = _run_cached(cache_dir, server)
    assert not marker.exists()
    assert refetched == made == 4
    assert len(server.requests) == 2 * made  # the third run is served from the cache again
    assert second.stdout == first.stdout == third.stdout
    assert "discarded 4 cached Crossref answers that did not pass validation" in second.stderr
    assert third.stderr == ""


def test_cache_unit_expiry_format_and_bad_rows(tmp_path: Path) -> None:
    warnings: list[str] = []
    path = tmp_path / "c.sqlite"
    cache = AnswerCache(path, warnings.append, weeks=1)
    cache.put("k", 200, '{"message": {}}')
    assert cache.get("k") == (200, '{"message": {}}')
    con = sqlite3.connect(path)
    con.execute("UPDATE answers SET expires = ?", (time.time() - 1,))
    con.execute("INSERT INTO answers VALUES ('blob', 200, ?, ?)", (b"\x80\x04", time.time() + 99))
    con.commit()
    con.close()
    assert cache.get("k") is None  # expired
    assert cache.get("blob") is None and cache.discarded == 1  # a BLOB body is not ours
    cache.close()
    con = sqlite3.connect(path)
    con.execute("UPDATE meta SET value = 'other-format'")
    con.commit()
    con.close()
    AnswerCache(path, warnings.append, weeks=1).close()
    assert warnings == [
        f"the Crossref cache {path} was written by another version of refcheck; "
        "discarded it and started a new one"
    ]
    con = sqlite3.connect(path)
    assert con.execute("SELECT value FROM meta").fetchall() == [(FORMAT,)]
    con.close()


def test_cache_key_ignores_mailto_only() -> None:
    a = cache_key("http://x/works", {"query": "q", "mailto": "a@b"})
    assert a == cache_key("http://x/works", {"query": "q"})
    assert a != cache_key("http://x/works", {"query": "r"})


def test_get_many_reads_stored_unexpired_answers_in_one_go(tmp_path: Path) -> None:
    from refcheck.crossref.cache import AnswerCache

    cache = AnswerCache(tmp_path / "c.sqlite", lambda line: None, weeks=1)
    keys = [f"k{i}" for i in range(1203)]  # more than one query's worth
    for i, k in enumerate(keys):
        cache.put(k, 200 if i % 2 else 404, f'{{"n": {i}}}' if i % 2 else "")
    cache._con.execute("UPDATE answers SET expires = 0 WHERE key = 'k7'")
    got = cache.get_many([*keys, "absent"])
    assert len(got) == 1202 and "k7" not in got and "absent" not in got
    assert got["k1"] == (200, '{"n": 1}') and got["k2"] == (404, "")


def test_rerun_answered_from_the_cache_imports_nothing_networked(tmp_path: Path) -> None:
    from tests.test_crossref_e2e import ESSAY

    with FakeCrossref() as server:
        args = (ESSAY, "--crossref-url", server.url, "--cache-dir", str(tmp_path), "-q")
        first = refcheck(*args)
        asked = len(server.requests)
        again = refcheck(*args, env={"PYTHONPROFILEIMPORTTIME": "1"})
    assert asked > 0 and len(server.requests) == asked  # the rerun asked nothing
    assert first.stdout == again.stdout
    imported = {line.rsplit("|", 1)[-1].strip() for line in again.stderr.splitlines()}
    assert "refcheck.crossref.client" in imported
    assert not imported & {"requests", "urllib3"}
