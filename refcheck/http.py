"""The HTTP plumbing every verification source shares: pacing, retries, limits, cache.

Imported only when a run is online (``--offline`` never imports it). The Crossref
client and each second source (``refcheck.sources``) are one ``Http`` each, with their
own host, pools and limits; what they have in common lives here, so that every source
gets the same guarantees:

- **Cache first.** A lookup first asks the cache (``refcheck.crossref.cache``: SQLite
  of validated answer text, data only), so a hit costs no pacing token and a second
  run makes no request. Only answers that pass their parser are stored, and 404s only
  where the caller says a 404 is a fact (an identifier route: "no such DOI").
- **Pace exactly.** Each pool is a token bucket without burst (requests spaced
  ``1/rate`` apart, with 2% slack) plus a cap on requests in flight, starting from the
  source's published limits; Crossref's ``x-rate-limit-*`` headers retune its pools.
- **Trust nothing that arrives.** Bodies are streamed and capped (``MAX_BODY``),
  within a wall-clock limit per request that a server dripping bytes cannot stretch,
  then parsed by the caller's parser, which raises ``BadAnswer`` (or ``ValueError``)
  for anything of the wrong shape: that is "unverified", never a finding, never cached.
- **Fail soft, bounded.** 429, 5xx, timeouts and refused connections are retried with
  exponential backoff (Retry-After honoured; it pauses the whole pool); at most
  ``MAX_ATTEMPTS`` tries; a circuit breaker stops a source after repeated failures;
  past the run's deadline nothing new starts. Each source has its own breaker and
  pools, so DBLP being down never stops Crossref, and the other way round.
"""

from __future__ import annotations

import json
import re
import sys
import threading
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Protocol

from refcheck import __version__
from refcheck.crossref.cache import AnswerCache, cache_key

if TYPE_CHECKING:  # imported at the first request: a run answered from the cache needs none
    import requests

MAX_ATTEMPTS = 3  # one try and two retries
RETRY_STATUS = frozenset({429, 500, 502, 503, 504})
BACKOFF_BASE = 0.5  # seconds; doubles per attempt
BACKOFF_CAP = 8.0
RETRY_AFTER_CAP = 60.0
BREAKER_LOOKUPS = 2  # lookups failing (after retries) in a row before the rest are given up
BREAKER_REQUESTS = 3  # requests unanswered (refused, timed out) in a row: the same
PACE_MARGIN = 1.02  # 2% slack so clock skew between us and a server never costs a 429
# Largest answer read. A 50-record Crossref batch with author lists is about 1 MB, a DBLP
# listing page of 1,000 hits about 1.5 MB; past this an answer is not evidence but a
# server misbehaving (a 100 MB answer once cost 400 MB of memory and a 420 MB cache).
MAX_BODY = 8 * 1024 * 1024
CHUNK = 64 * 1024


class Clock(Protocol):
    """Time as the pacer and the retry loop see it; tests inject a fake one."""

    def monotonic(self) -> float: ...

    def sleep(self, seconds: float) -> None: ...


class RealClock:
    def monotonic(self) -> float:
        return time.monotonic()

    def sleep(self, seconds: float) -> None:
        if seconds > 0:
            time.sleep(seconds)


class BadAnswer(ValueError):
    """An answer that arrived but cannot be used; the message is the reason (RC390)."""


# --- pacing --------------------------------------------------------------------------------


def parse_interval(text: str | None) -> float | None:
    """``"1s"`` → 1.0, ``"500ms"`` → 0.5, ``"2"`` → 2.0; ``None`` if unreadable."""
    if not text:
        return None
    m = re.fullmatch(r"\s*(\d+(?:\.\d+)?)\s*(ms|s|m)?\s*", text)
    if not m:
        return None
    value = float(m.group(1)) * {"ms": 0.001, "s": 1.0, "m": 60.0, None: 1.0}[m.group(2)]
    return value if value > 0 else None


def _positive_int(text: str | None) -> int | None:
    if text and text.strip().isdigit() and int(text) > 0:
        return int(text)
    return None


class Pool:
    """One rate-limit pool: exact spacing between request starts, and a cap on requests
    in flight. Thread-safe; time comes from the injected clock.

    A request may start ``spacing`` after the previous start at the pool's *current*
    rate: waiting requests re-plan whenever the limits change (``update`` wakes them),
    so the limits a server announces are followed at once, not after the start times
    booked at the documented rate have run out.
    """

    def __init__(
        self,
        name: str,
        rate: float,
        concurrency: int,
        jobs: int,
        clock: Clock,
        slack: float = 0.0,
    ):
        self.name = name
        self.slack = slack  # seconds added to every spacing (see Endpoint.slack)
        self.jobs = max(1, jobs)
        self.clock = clock
        self.rate = rate
        self.concurrency = min(self.jobs, concurrency)
        self.in_flight = 0
        self.last_start: float | None = None
        self.paused_until = 0.0
        self.paused_by = ""  # why: a lookup that cannot start before the deadline says so
        self._cond = threading.Condition()

    @property
    def spacing(self) -> float:
        return PACE_MARGIN / self.rate + self.slack

    @property
    def next_start(self) -> float:
        """The earliest start of the next request at the current rate."""
        after = self.last_start + self.spacing if self.last_start is not None else 0.0
        return max(after, self.paused_until)

    def acquire(self, deadline: float) -> bool:
        """Wait for a free slot and the next start time; False if past ``deadline``."""
        with self._cond:
            while True:
                now = self.clock.monotonic()
                if self.in_flight >= self.concurrency:
                    if now >= deadline:
                        return False
                    self._cond.wait(timeout=min(deadline - now, 0.25))  # release() wakes it
                    continue
                start = self.next_start
                if start > deadline:
                    return False
                if start <= now:
                    self.in_flight += 1
                    self.last_start = now
                    return True
                self._wait(start - now)

    def _wait(self, seconds: float) -> None:
        """Sleep (the lock released) until ``seconds`` pass or the limits change."""
        if isinstance(self.clock, RealClock):
            self._cond.wait(timeout=seconds)
            return
        self._cond.release()  # an injected clock: its own sleep
        try:
            self.clock.sleep(seconds)
        finally:
            self._cond.acquire()

    def release(self) -> None:
        with self._cond:
            self.in_flight -= 1
            self._cond.notify_all()  # whoever waits for a slot, not one waiting for its time

    def pause_until(self, when: float, why: str = "") -> None:
        """Nobody in this pool starts before ``when`` (after a 429's Retry-After)."""
        with self._cond:
            if when > self.paused_until:
                self.paused_until, self.paused_by = when, why

    def waiting_reason(self) -> str:
        """Why requests of this pool are held back now (``""`` if they are not)."""
        with self._cond:
            return self.paused_by if self.paused_until > self.clock.monotonic() else ""

    def update(self, headers: Mapping[str, str]) -> None:
        """Follow the limits a server announces (Crossref's ``x-rate-limit-*``), from now on."""
        limit = _positive_int(headers.get("x-rate-limit-limit"))
        interval = parse_interval(headers.get("x-rate-limit-interval")) or 1.0
        concurrency = _positive_int(headers.get("x-concurrency-limit"))
        with self._cond:
            changed = False
            if limit and limit / interval != self.rate:
                self.rate, changed = limit / interval, True
            if concurrency and min(self.jobs, concurrency) != self.concurrency:
                self.concurrency, changed = min(self.jobs, concurrency), True
            if changed:
                self._cond.notify_all()  # waiting requests re-plan their start


# --- requests --------------------------------------------------------------------------------


@dataclass(slots=True)
class Outcome:
    """What one request came to: ``data`` (the parsed 200 answer), ``missing`` (a 404 on
    an identifier route), or ``error`` (the reason it could not be used)."""

    data: Any = None
    missing: bool = False
    error: str = ""


@dataclass(frozen=True, slots=True)
class Answer:
    """A complete HTTP answer as read off the wire (the body capped at ``MAX_BODY``)."""

    status: int
    headers: Mapping[str, str]
    body: bytes


class _Unusable(Exception):
    """An answer that arrived but cannot be used (too large): not retried."""


@dataclass(frozen=True, slots=True)
class Endpoint:
    """One host: its name for messages, base URL, pools and fixed parameters."""

    label: str  # "Crossref", "DBLP"
    base_url: str
    limits: dict[str, tuple[float, int]]  # pool → (requests per second, in flight)
    params: dict[str, str] = field(default_factory=dict)  # sent with every request
    secret: frozenset[str] = frozenset()  # parameters left out of cache keys (api_key)
    # Seconds added to the spacing of every request. A source that allows one request a
    # second or slower, and may count strictly, must not see two arrive closer than
    # that because the network delayed the first one more than the second: 2% of a
    # second (PACE_MARGIN) is less than a busy machine's jitter.
    slack: float = 0.0


def user_agent(mailto: str | None) -> str:
    """``refcheck/VERSION (mailto:…)``: how Crossref, OpenAlex, DataCite and Open Library
    ask clients to identify themselves."""
    agent = f"refcheck/{__version__}"
    return agent + (f" (mailto:{mailto})" if mailto else "")


def make_session(mailto: str | None) -> requests.Session:
    """A session with our User-Agent and pooled connections."""
    import requests

    session = requests.Session()
    session.headers["User-Agent"] = user_agent(mailto)
    adapter = requests.adapters.HTTPAdapter(pool_connections=2, pool_maxsize=4)
    session.mount("http://", adapter)
    session.mount("https://", adapter)
    return session


def _retry_after(headers: Mapping[str, str]) -> float | None:
    value = headers.get("Retry-After")
    if value is None:
        return None
    try:
        return min(max(float(value), 0.0), RETRY_AFTER_CAP)
    except ValueError:
        return None


def _deadline(reason: str) -> str:
    return f"{reason}; deadline reached" if reason else "deadline reached"


def _error_reason(exc: requests.RequestException) -> str:
    import requests

    if isinstance(exc, requests.Timeout):
        return "timed out"
    if isinstance(exc, requests.ConnectionError):
        text = str(exc).lower()
        return "connection refused" if "refused" in text else "connection failed"
    return "request failed"


def within(seconds: float, work: Callable[[], Answer]) -> Answer:
    """``work()``, or ``requests.Timeout`` once ``seconds`` of wall time have passed.

    Socket timeouts bound each read, not a request: a server that drips one byte per
    second keeps a 10 s read timeout from ever firing. The transfer therefore runs in
    a daemon thread the caller stops waiting for; the thread itself gives up at its
    next read (it checks the same deadline) and dies with the process at the latest.
    """
    box: dict[str, Any] = {}
    done = threading.Event()

    def run() -> None:
        try:
            box["answer"] = work()
        except BaseException as exc:  # handed to the caller
            box["error"] = exc
        finally:
            done.set()

    threading.Thread(target=run, name="refcheck-http", daemon=True).start()
    if not done.wait(max(0.0, seconds)):
        import requests

        raise requests.Timeout(f"no complete answer within {seconds:.1f} s")
    if "error" in box:
        raise box["error"]
    return box["answer"]


def json_parser(validate: Callable[[Any], None], label: str) -> Callable[[bytes], Any]:
    """A parser for JSON answers checked by ``validate`` (which raises ``ValueError``)."""

    def parse(body: bytes) -> Any:
        try:
            data = json.loads(body.decode("utf-8"))
        except (ValueError, UnicodeDecodeError):
            raise BadAnswer(f"invalid JSON from {label}") from None
        try:
            validate(data)
        except ValueError as exc:
            raise BadAnswer(f"unexpected answer from {label} ({exc})") from None
        return data

    return parse


def too_large() -> str:
    return f"answer larger than {MAX_BODY // (1024 * 1024)} MB"


def interpret(status: int, body: bytes, parse: Callable[[bytes], Any], missing_ok: bool) -> Outcome:
    """A 200 whose body parses, a 404 (when it means "no such record"), or an error."""
    if status == 404 and missing_ok:
        return Outcome(missing=True)
    if status != 200:
        return Outcome(error=f"HTTP {status}")
    try:
        return Outcome(data=parse(body))
    except BadAnswer as exc:
        return Outcome(error=str(exc))
    except ValueError as exc:
        return Outcome(error=f"unexpected answer ({exc})")


class Http:
    """GET with cache-first lookup, pacing, retries, a deadline and a circuit breaker,
    for one ``Endpoint`` (see the module docstring)."""

    def __init__(
        self,
        endpoint: Endpoint,
        *,
        timeout: float,
        deadline: float,
        jobs: int,
        session: requests.Session | Callable[[], requests.Session],
        cache: AnswerCache | None = None,
        clock: Clock | None = None,
        warn: Callable[[str], None] | None = None,
    ):
        self.endpoint = endpoint
        self.timeout = timeout
        self.run_seconds = deadline
        self._session = session  # or a factory, called at the first request
        self.cache = cache
        self.clock = clock or RealClock()
        self.warn = warn or (lambda line: sys.stderr.write(f"refcheck: warning: {line}\n"))
        self.pools = {
            name: Pool(name, rate, conc, jobs, self.clock, endpoint.slack if rate <= 2 else 0.0)
            for name, (rate, conc) in endpoint.limits.items()
        }
        self.deadline = 0.0
        self.start()
        self.requests_made = 0
        self.throttled = 0  # 429s received
        self._lock = threading.Lock()
        self._prefetched: dict[str, tuple[int, str]] = {}  # cache rows read ahead
        self._failures_in_a_row = 0
        self._unanswered_in_a_row = 0
        self.broken = ""  # the reason the breaker opened, if it did

    @property
    def session(self) -> requests.Session:
        """The HTTP session; made (and requests imported) when first needed."""
        with self._lock:
            if not hasattr(self._session, "get"):  # a factory
                self._session = self._session()
            return self._session

    def start(self, deadline: float | None = None) -> None:
        """Begin a run: the deadline counts from now (or is the run's, when given)."""
        self.deadline = (
            deadline if deadline is not None else self.clock.monotonic() + self.run_seconds
        )

    def finish(self) -> None:
        """End of the run: say once how many cached answers were thrown away."""
        if self.cache is not None and self.cache.discarded:
            n = self.cache.discarded
            self.warn(
                f"discarded {n} cached {self.endpoint.label} answer{'s' if n > 1 else ''} "
                "that did not pass validation (fetched again)"
            )
            self.cache.discarded = 0

    def request(
        self,
        path: str,
        params: dict[str, str] | None,
        pool: str,
        parse: Callable[[bytes], Any],
        missing_ok: bool = False,
    ) -> Outcome:
        """GET ``path`` (under the endpoint's base URL) through ``pool``; ``parse`` reads
        a 200's body; ``missing_ok``: a 404 means "no such record" (cached as a fact)."""
        url, params, key = self._keyed(path, params)
        cached = self._from_cache(key, parse, missing_ok)
        if cached is not None:
            return cached
        if self.broken:
            return Outcome(error=self.broken)
        claim = getattr(self.cache, "claim", None)  # a shared cache: one process asks
        if claim is not None:
            if claim(key):
                # Another process may have stored the answer and released its claim since
                # this one last looked (its prefetch can be minutes old): look once more.
                got = self.cache.get(key)  # type: ignore[union-attr]
                if got is not None:
                    self.cache.unclaim(key)  # type: ignore[union-attr]
            else:
                got = self.cache.wait_for(key, min(self.deadline, time.monotonic() + 60))  # type: ignore[union-attr]
            if got is not None:
                outcome = interpret(got[0], got[1].encode("utf-8"), parse, missing_ok)
                if not outcome.error:
                    return outcome
        outcome = self._fetch(url, params, self.pools[pool], parse, key, missing_ok)
        if claim is not None and outcome.error:
            self.cache.unclaim(key)  # type: ignore[union-attr]
        return outcome

    def _keyed(self, path: str, params: dict[str, str] | None) -> tuple[str, dict[str, str], str]:
        """The URL, the parameters sent and the cache key of a request."""
        url = self.endpoint.base_url.rstrip("/") + path
        params = {**(params or {}), **self.endpoint.params}
        key = cache_key(url, {k: v for k, v in params.items() if k not in self.endpoint.secret})
        return url, params, key

    def prefetch(self, lookups: list[tuple[str, dict[str, str] | None]]) -> None:
        """Read the cached answers of these (path, params) requests in one go; ``request``
        then takes them from memory instead of asking the cache one by one. If some are
        not cached, the session is made (requests imported) here, before the run's
        deadline starts, not inside the first request's time limit."""
        if not lookups:
            return
        keys = [self._keyed(path, params)[2] for path, params in lookups]
        found = self.cache.get_many(keys) if self.cache is not None else {}
        with self._lock:
            self._prefetched.update(found)
        if len(found) < len(keys):
            self.session  # noqa: B018 - made now

    def _record_lookup(self, exhausted: str) -> None:
        """Lookups that failed after all retries, in a row, open the breaker: the server
        is down or refusing us, and hammering it further helps nobody."""
        with self._lock:
            if not exhausted:
                self._failures_in_a_row = 0
                return
            self._failures_in_a_row += 1
            if self._failures_in_a_row >= BREAKER_LOOKUPS:
                self.broken = self.broken or exhausted

    def _record_request(self, connection_error: str) -> None:
        """Requests that never got an answer (refused, timed out), in a row, open the
        breaker sooner: the server is down or unreachable, retrying cannot help."""
        with self._lock:
            if not connection_error:
                self._unanswered_in_a_row = 0
                return
            self._unanswered_in_a_row += 1
            if self._unanswered_in_a_row >= BREAKER_REQUESTS:
                self.broken = self.broken or connection_error

    def _from_cache(
        self, key: str, parse: Callable[[bytes], Any], missing_ok: bool
    ) -> Outcome | None:
        if self.cache is None:
            return None
        with self._lock:
            hit = self._prefetched.pop(key, None)
        if hit is None:
            hit = self.cache.get(key)
        if hit is None:
            return None
        status, body = hit
        outcome = interpret(status, body.encode("utf-8"), parse, missing_ok)
        if outcome.error:  # stored by someone else, or by a buggy version: fetch again
            self.cache.discard(key)
            return None
        return outcome

    def _fetch(
        self,
        url: str,
        params: dict[str, str],
        pool: Pool,
        parse: Callable[[bytes], Any],
        key: str,
        missing_ok: bool,
    ) -> Outcome:
        """Up to ``MAX_ATTEMPTS`` tries, paced by ``pool``, within the deadline."""
        import requests

        self.session  # noqa: B018 - made before the request's clock runs
        reason = ""
        for attempt in range(MAX_ATTEMPTS):
            if self.broken:
                return Outcome(error=self.broken)
            if self.deadline - self.clock.monotonic() <= 0 or not pool.acquire(self.deadline):
                return Outcome(error=_deadline(reason or pool.waiting_reason()))
            try:
                answer, reason = self._send(url, params), ""
            except _Unusable as exc:  # too large: asking again cannot help
                self._record_request("")
                self._record_lookup(str(exc))
                return Outcome(error=str(exc))
            except requests.RequestException as exc:
                answer, reason = None, _error_reason(exc)
            finally:
                pool.release()
            self._record_request(reason)
            wait = None
            if answer is not None:
                pool.update(answer.headers)
                if answer.status not in RETRY_STATUS:
                    self._record_lookup("")
                    return self._use(answer, parse, key, missing_ok)
                reason, wait = self._retryable(answer, pool)
            if attempt + 1 < MAX_ATTEMPTS and not self._backoff(attempt, wait):
                return Outcome(error=_deadline(reason))
        self._record_lookup(reason)
        return Outcome(error=reason)

    def _use(
        self, answer: Answer, parse: Callable[[bytes], Any], key: str, missing_ok: bool
    ) -> Outcome:
        """Interpret an answer, and cache it if it parsed, or is a 404 that is a fact."""
        outcome = interpret(answer.status, answer.body, parse, missing_ok)
        if self.cache is not None:
            if outcome.data is not None:
                self.cache.put(key, 200, answer.body.decode("utf-8"))
            elif outcome.missing:
                self.cache.put(key, 404, "")
        return outcome

    def _send(self, url: str, params: dict[str, str]) -> Answer:
        with self._lock:
            self.requests_made += 1
        left = self.deadline - self.clock.monotonic()
        limit = max(0.05, min(self.timeout, left))
        return within(limit, lambda: self._transfer(url, params, limit))

    def _transfer(self, url: str, params: dict[str, str], limit: float) -> Answer:
        """One GET, its body streamed and capped, given up after ``limit`` seconds."""
        stop = time.monotonic() + limit
        resp = self.session.get(url, params=params, timeout=limit, stream=True)
        try:
            if resp.status_code != 200:
                return Answer(resp.status_code, resp.headers, b"")
            declared = resp.headers.get("Content-Length", "")
            if declared.isdigit() and int(declared) > MAX_BODY:
                raise _Unusable(too_large())
            chunks, size = [], 0
            for chunk in resp.iter_content(CHUNK):
                size += len(chunk)
                if size > MAX_BODY:
                    raise _Unusable(too_large())
                if time.monotonic() > stop:
                    import requests

                    raise requests.Timeout("answer too slow")
                chunks.append(chunk)
            return Answer(resp.status_code, resp.headers, b"".join(chunks))
        finally:
            resp.close()

    def _retryable(self, answer: Answer, pool: Pool) -> tuple[str, float | None]:
        """The reason and Retry-After of a 429/5xx; a 429 pauses the whole pool."""
        wait = _retry_after(answer.headers)
        if answer.status != 429:
            return f"HTTP {answer.status}", wait
        with self._lock:
            self.throttled += 1
        if wait is not None:
            pool.pause_until(self.clock.monotonic() + wait, "rate-limited (HTTP 429)")
        return "rate-limited (HTTP 429)", wait

    def _backoff(self, attempt: int, retry_after: float | None) -> bool:
        """Sleep before the next attempt; False if that would pass the deadline."""
        delay = retry_after if retry_after is not None else BACKOFF_BASE * 2**attempt
        delay = min(delay, BACKOFF_CAP if retry_after is None else RETRY_AFTER_CAP)
        if self.clock.monotonic() + delay >= self.deadline:
            return False
        self.clock.sleep(delay)
        return True
