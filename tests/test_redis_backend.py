"""The shared Redis backend against a real redis-server on loopback (no mock).

Skipped only when no redis-server can be found (or the ``redis`` extra is not
installed); .ci/run installs both and sets REFCHECK_REQUIRE_REDIS, so that CI fails
instead of skipping if either is still missing.
"""

from __future__ import annotations

import os
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from refcheck.crossref import CrossrefSettings
from tests.redis_server import RedisServer, find_redis_server

if find_redis_server() is None:
    if os.environ.get("REFCHECK_REQUIRE_REDIS"):
        raise RuntimeError("REFCHECK_REQUIRE_REDIS is set but redis-server is not found")
    pytest.skip("redis-server not found", allow_module_level=True)
if os.environ.get("REFCHECK_REQUIRE_REDIS"):
    import redis  # CI installs the extra: its absence is a failure there
else:
    redis = pytest.importorskip("redis")

from refcheck.redis_backend import RedisCache, RedisPool, connect
from tests.crossref_server import FakeCrossref
from tests.test_crossref_e2e import ESSAY, ROOT

sys.path.insert(0, str(ROOT / "benchmarks"))


@pytest.fixture(scope="module")
def server() -> Iterator[RedisServer]:
    with RedisServer() as r:
        yield r


@pytest.fixture
def url(server: RedisServer) -> Iterator[str]:
    client = redis.Redis.from_url(server.url)
    client.flushdb()
    yield server.url
    client.close()


def test_cache_round_trip_many_and_claims(url: str) -> None:
    cache = RedisCache(connect(url), weeks=1, warn=lambda line: None, label="crossref")
    other = RedisCache(connect(url), weeks=1, warn=lambda line: None, label="crossref")
    assert cache.get("k") is None
    assert cache.claim("k") and not other.claim("k")  # one process asks
    threading.Timer(0.2, lambda: cache.put("k", 200, '{"a": 1}')).start()
    assert other.wait_for("k", time.monotonic() + 10) == (200, '{"a": 1}')
    cache.put("gone", 404, "")
    assert other.get_many(["k", "gone", "absent"]) == {"k": (200, '{"a": 1}'), "gone": (404, "")}
    assert other.claim("x")
    other.unclaim("x")  # a failed lookup: someone else may try
    assert cache.claim("x")
    assert redis.Redis.from_url(url).ttl("refcheck:crossref:k") > 6 * 24 * 3600


def test_an_answer_stored_after_the_last_look_is_not_fetched_again(
    url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Process B looked (its prefetch missed), process A then stored the answer and
    released its claim; B's claim now succeeds, but B must take A's answer, not ask."""
    import json

    from refcheck import http

    endpoint = http.Endpoint("Crossref", "http://127.0.0.1:9", {"list": (5.0, 1)}, {}, frozenset())

    def no_network() -> None:
        raise AssertionError("B asked the server")

    b = http.Http(endpoint, timeout=5, deadline=30, jobs=1, session=no_network)
    b.cache = RedisCache(connect(url), weeks=1, warn=lambda line: None, label="crossref")
    _, _, key = b._keyed("/works", {"query": "x"})
    monkeypatch.setattr(b, "_from_cache", lambda *args: None)  # B's earlier, stale look
    a = RedisCache(connect(url), weeks=1, warn=lambda line: None, label="crossref")
    assert a.claim(key)
    a.put(key, 200, json.dumps({"n": 1}))  # A answers and releases its claim
    got = b.request("/works", {"query": "x"}, "list", json.loads)
    assert (got.error, got.data) == ("", {"n": 1})


def test_two_processes_pools_keep_one_spacing(url: str) -> None:
    from refcheck.http import RealClock

    starts: list[float] = []
    lock = threading.Lock()

    def run(pool: RedisPool) -> None:
        for _ in range(5):
            assert pool.acquire(time.monotonic() + 30)
            with lock:
                starts.append(time.monotonic())
            pool.release()

    pools = [
        RedisPool("list", 10.0, 3, 3, RealClock(), connect(url), "test") for _ in range(2)
    ]  # as two processes would have: each its own client and local state
    threads = [threading.Thread(target=run, args=(p,)) for p in pools]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    assert len(starts) == 10
    # One 10/s budget for both: 10 starts span at least 9 spacings (0.92 s); two
    # budgets of 10/s each would let them finish in about half that.
    assert max(starts) - min(starts) >= 0.9


def _run(doc: str, crossref_url: str, cache_url: str) -> subprocess.Popen[str]:
    env = {k: v for k, v in os.environ.items() if k != "REFCHECK_CROSSREF_URL"}
    return subprocess.Popen(
        [sys.executable, "-m", "refcheck", doc, "-q", "--sources", "crossref",
         "--crossref-url", crossref_url, "--cache-url", cache_url, "--mailto", "d@e.org"],
        cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip


def test_a_fleet_sharing_redis_asks_each_lookup_once(url: str, tmp_path: Path) -> None:
    from bench_perf import crossref_document
    from crossref_server import LimitedCrossref

    doc = str(crossref_document(tmp_path / "doc.txt"))
    with LimitedCrossref(10.0) as crossref:
        procs = [_run(doc, crossref.url, url) for _ in range(3)]
        outs = [p.communicate(timeout=300) for p in procs]
    assert [p.returncode for p in procs] == [0, 0, 0], outs[0][1]
    assert len({o[0] for o in outs}) == 1  # the same findings for every runner
    assert crossref.throttled == 0
    assert sum(crossref.seen.values()) == len(crossref.seen) == 204  # each lookup once
    again = _run(doc, crossref.url, url)  # the server is gone: all from the shared cache
    assert again.communicate(timeout=120)[0] == outs[0][0] and again.returncode == 0


def test_essay_with_redis_matches_the_local_cache(url: str, tmp_path: Path) -> None:
    with FakeCrossref() as crossref:
        shared = _run(ESSAY, crossref.url, url).communicate(timeout=120)
        env = {k: v for k, v in os.environ.items() if k != "REFCHECK_CROSSREF_URL"}
        local = subprocess.run(
            [sys.executable, "-m", "refcheck", ESSAY, "-q", "--sources", "crossref",
             "--crossref-url", crossref.url, "--cache-dir", str(tmp_path), "--mailto", "d@e.org"],
            cwd=ROOT, env=env, capture_output=True, text=True, timeout=120,
        )  # fmt: skip
    assert shared[0] == local.stdout and "RC305" in local.stdout


def test_unreachable_or_bad_cache_url_is_a_clear_error() -> None:
    for bad, says in (("redis://127.0.0.1:1/0", "cannot use the cache"), ("http://x", "must be")):
        out = subprocess.run(
            [sys.executable, "-m", "refcheck", ESSAY, "--cache-url", bad, "--sources", "crossref"],
            cwd=ROOT, capture_output=True, text=True, timeout=60,
        )  # fmt: skip
        assert out.returncode == 2 and says in out.stderr and "Traceback" not in out.stderr


def test_repository_config_cannot_choose_the_shared_cache(tmp_path: Path) -> None:
    from refcheck.config import load

    (tmp_path / ".refcheck.toml").write_text('cache-url = "redis://evil.example:6379/0"\n')
    (tmp_path / "a.txt").write_text("x\n")
    cfg = load(None, [str(tmp_path / "a.txt")])
    assert cfg.cache_url is None and any("cache-url" in w for w in cfg.warnings)


def test_settings_carry_the_url() -> None:
    assert CrossrefSettings(cache_url="redis://h/0").cache_url == "redis://h/0"
