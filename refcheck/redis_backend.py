"""A shared backend for fleets: the answer cache, the rate budget and "who asks" in Redis.

Chosen by ``--cache-url redis://HOST:PORT/DB`` (env ``REFCHECK_CACHE_URL``, or the
user's configuration; a repository's configuration cannot choose it). Any number of
refcheck processes, on any number of machines, that name the same Redis then:

- **share one cache**: answers are stored as data only (the HTTP status and the
  validated JSON text, under the same hashed keys as the SQLite cache, expiring with
  Redis ``EX``), and re-validated on reading, as locally;
- **share one rate budget**: each pool's next permitted start and its requests in
  flight live in Redis and are taken by one Lua script, atomically, so N runners
  together keep one spacing and one concurrency cap (Crossref counts per client IP
  or mailto, not per process);
- **make each lookup once**: before fetching, a process claims the key (``SET NX``
  with an expiry); the others wait for the answer to appear in the cache instead of
  asking too, and fetch themselves only if the claim lapses without an answer (the
  claimer died or failed).

Why a Lua script and not pyrate-limiter or limits: both answer "may I, now?" and
leave the caller to poll and retry, which under contention spends requests' worth of
round trips and gives no fixed spacing; refcheck needs the exact, burst-free start
times it keeps locally (``refcheck.http.Pool``) and a cap on requests in flight, with
the server's announced limits applied to everyone at once. One script that books the
next start and a concurrency slot in a single round trip does that in 25 lines.

The ``redis`` client is an optional extra (``pip install refcheck-linter[redis]``);
without ``--cache-url`` nothing here is imported.
"""

from __future__ import annotations

import time
import uuid
from collections.abc import Callable, Mapping
from typing import Any

from refcheck.http import Clock, Pool

PREFIX = "refcheck:"
CLAIM_SECONDS = 30.0  # a claimer that neither answers nor gives up within this has died
HOLD_SECONDS = 60.0  # a slot in flight not released within this is freed (a dead process)
HOLD_US = int(HOLD_SECONDS * 1e6)
POLL = 0.02  # seconds between looks at a claimed key or a full pool

# KEYS[1] next start (µs, Redis clock), KEYS[2] in-flight set; ARGV: spacing µs,
# concurrency, token, hold µs. Returns -1 if the pool is full, else µs to wait
# before starting (the slot is taken and the start booked either way but -1).
_TAKE = """
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000000 + tonumber(t[2])
redis.call('ZREMRANGEBYSCORE', KEYS[2], '-inf', now)
if redis.call('ZCARD', KEYS[2]) >= tonumber(ARGV[2]) then return -1 end
local start = math.max(now, tonumber(redis.call('GET', KEYS[1]) or '0'))
redis.call('SET', KEYS[1], start + tonumber(ARGV[1]), 'PX', 600000)
redis.call('ZADD', KEYS[2], now + tonumber(ARGV[4]), ARGV[3])
redis.call('PEXPIRE', KEYS[2], 600000)
return start - now
"""
# KEYS[1] paused-until (µs); ARGV[1] seconds from the Redis clock.
_PAUSE = """
local t = redis.call('TIME')
local when = tonumber(t[1]) * 1000000 + tonumber(t[2]) + tonumber(ARGV[1]) * 1000000
local cur = tonumber(redis.call('GET', KEYS[1]) or '0')
if when > cur then redis.call('SET', KEYS[1], when, 'PX', 600000) end
return 1
"""


class BackendError(ConnectionError):
    """Redis cannot be used (no client installed, bad URL, not reachable)."""


def connect(url: str) -> Any:
    """A Redis client for ``url``, checked with a PING; ``BackendError`` otherwise."""
    try:
        import redis
    except ImportError:
        raise BackendError(
            "--cache-url redis://… needs the Redis client: pip install 'refcheck-linter[redis]'"
        ) from None
    try:
        client = redis.Redis.from_url(url, socket_timeout=10, socket_connect_timeout=5)
        client.ping()
    except (ValueError, redis.RedisError) as exc:
        raise BackendError(f"cannot use the cache at {url}: {exc}") from None
    return client


class RedisCache:
    """The ``AnswerCache`` interface on Redis, plus claims so a lookup is made once."""

    def __init__(self, client: Any, weeks: float, warn: Callable[[str], None], label: str):
        self.client = client
        self.ttl = int(weeks * 7 * 24 * 3600)
        self.discarded = 0
        self._warn = warn
        self._prefix = f"{PREFIX}{label.lower()}:"
        self._token = uuid.uuid4().hex
        self._broken = False

    def _key(self, key: str) -> str:
        return self._prefix + key

    def _guard(self, work: Callable[[], Any], default: Any) -> Any:
        """A Redis failure during the run: one warning, then the run goes on uncached."""
        if self._broken:
            return default
        import redis

        try:
            return work()
        except redis.RedisError as exc:
            self._broken = True
            self._warn(f"the shared cache failed ({exc}); continuing without it")
            return default

    @staticmethod
    def _decode(raw: Any) -> tuple[int, str] | None:
        if not isinstance(raw, bytes):
            return None
        status, _, body = raw.partition(b"\n")
        if not status.isdigit():
            return None
        try:
            return int(status), body.decode("utf-8")
        except UnicodeDecodeError:
            return None

    def get(self, key: str) -> tuple[int, str] | None:
        raw = self._guard(lambda: self.client.get(self._key(key)), None)
        return self._decode(raw)

    def get_many(self, keys: list[str]) -> dict[str, tuple[int, str]]:
        if not keys:
            return {}
        raws = self._guard(lambda: self.client.mget([self._key(k) for k in keys]), [])
        found = {}
        for key, raw in zip(keys, raws, strict=False):
            got = self._decode(raw)
            if got is not None:
                found[key] = got
        return found

    def put(self, key: str, status: int, body: str) -> None:
        value = f"{status}\n{body}".encode()

        def store() -> None:
            pipe = self.client.pipeline()
            pipe.set(self._key(key), value, ex=self.ttl)
            pipe.delete(self._key(key) + ":claim")
            pipe.execute()

        self._guard(store, None)

    def discard(self, key: str) -> None:
        self.discarded += 1
        self._guard(lambda: self.client.delete(self._key(key)), None)

    def claim(self, key: str) -> bool:
        """True if this process is to fetch ``key``; False if another one is at it."""
        got = self._guard(
            lambda: self.client.set(
                self._key(key) + ":claim", self._token, nx=True, px=int(CLAIM_SECONDS * 1000)
            ),
            True,
        )
        return bool(got)

    def wait_for(self, key: str, until: float) -> tuple[int, str] | None:
        """The answer another process is fetching, once stored; None when its claim
        lapsed (it failed or died: fetch it yourself) or ``until`` passed."""
        while time.monotonic() < until and not self._broken:
            got = self.get(key)
            if got is not None:
                return got
            if not self._guard(lambda: self.client.exists(self._key(key) + ":claim"), 0):
                return self.get(key)
            time.sleep(POLL)
        return None

    def unclaim(self, key: str) -> None:
        """Give up a claim without an answer (the lookup failed): others may try."""
        self._guard(lambda: self.client.delete(self._key(key) + ":claim"), None)

    def close(self) -> None:
        self._guard(self.client.close, None)


class RedisPool(Pool):
    """A ``Pool`` whose next start and requests in flight are shared through Redis.

    The rate and concurrency still follow the server's announced limits (``update``),
    and every process applies what it last heard; the booking itself is one atomic
    script call, so processes never start two requests closer than the spacing.
    """

    def __init__(
        self,
        name: str,
        rate: float,
        concurrency: int,
        jobs: int,
        clock: Clock,
        client: Any,
        scope: str,
    ):
        super().__init__(name, rate, concurrency, jobs, clock)
        self.client = client
        self.keys = [f"{PREFIX}{scope}:{name}:next", f"{PREFIX}{scope}:{name}:flight"]
        self.pause_key = f"{PREFIX}{scope}:{name}:paused"
        self.fleet_concurrency = concurrency  # the server's cap, for the whole fleet
        self._take = client.register_script(_TAKE)
        self._pause = client.register_script(_PAUSE)
        self._tokens: list[str] = []

    def update(self, headers: Mapping[str, str]) -> None:
        super().update(headers)
        from refcheck.http import _positive_int

        conc = _positive_int(headers.get("x-concurrency-limit"))
        if conc:
            self.fleet_concurrency = conc

    def acquire(self, deadline: float) -> bool:
        if not super().acquire(deadline):  # this process's own cap and spacing first
            return False
        token = uuid.uuid4().hex
        while True:
            wait_us = int(
                self._take(
                    keys=self.keys,
                    args=[
                        int(self.spacing * 1e6),
                        self.fleet_concurrency,
                        token,
                        HOLD_SECONDS * 1e6,
                    ],
                )
            )
            if wait_us >= 0:
                break
            if self.clock.monotonic() + POLL > deadline:
                super().release()
                return False
            self.clock.sleep(POLL)
        paused = self.client.get(self.pause_key)
        now_us = _redis_now(self.client)
        extra = max(0, int(paused) - now_us) if paused else 0
        wait = max(wait_us, extra) / 1e6
        if self.clock.monotonic() + wait > deadline:
            self.client.zrem(self.keys[1], token)
            super().release()
            return False
        with self._cond:
            self._tokens.append(token)
        self.clock.sleep(wait)
        return True

    def release(self) -> None:
        with self._cond:
            token = self._tokens.pop() if self._tokens else None
        if token:
            self.client.zrem(self.keys[1], token)
        super().release()

    def pause_until(self, when: float, why: str = "") -> None:
        super().pause_until(when, why)
        self._pause(keys=[self.pause_key], args=[max(0.0, when - self.clock.monotonic())])


def _redis_now(client: Any) -> int:
    sec, usec = client.time()
    return int(sec) * 1_000_000 + int(usec)
