"""The Crossref client: HTTP, cache, pacing, retries, and the ``Verifier`` on top.

Imported only when a run is online (``--offline`` never imports it).

Design, in the order a lookup meets it:

- **Ask less.** Entries with a DOI are fetched fifty at a time with one list request
  (``/works?filter=doi:A,doi:B,…``); a DOI absent from the answer is confirmed with
  ``/works/{doi}`` so that a 404 really means "not registered", and a 404 is checked
  with ``/works/{doi}/agency`` so that a DataCite DOI (Zenodo, arXiv) is not called
  unregistered. Entries without a DOI get one bibliographic search each. Identical
  lookups within a run are made once.
- **Trust nothing that arrives.** Every answer is streamed with its size capped
  (``MAX_BODY``) within a wall-clock limit per request that a server dripping bytes
  cannot stretch, and checked against ``refcheck.crossref.schema`` before anything reads
  it; an answer that fails is "unverified", never a finding and never cached.
- **Cache.** Validated answers (and 404s of single records) are kept for weeks in
  ``refcheck.crossref.cache`` (SQLite of JSON text in the user cache folder: data only).
  A lookup first asks the cache only, so a cache hit costs no pacing token and a
  second run makes no request.
- **Pace exactly.** Crossref has two pools with separate limits: single records
  (``/works/{doi}``) and lists/queries (``/works?…``). Each pool is a token bucket
  without burst (requests spaced ``interval/limit`` apart) plus a cap on requests in
  flight; both start from Crossref's documented limits for the polite pool (a mailto
  given) or the public one, and follow the ``x-rate-limit-limit``,
  ``x-rate-limit-interval`` and ``x-concurrency-limit`` headers of every answer.
- **Fail soft, bounded.** 429, 5xx, timeouts and connection errors are retried with
  exponential backoff (Retry-After honoured, and it pauses the whole pool); at most
  ``MAX_ATTEMPTS`` tries; after ``BREAKER_LOOKUPS`` lookups that exhausted their
  retries or ``BREAKER_REQUESTS`` unanswered requests in a row, the rest are not
  attempted; past ``settings.deadline`` nothing new starts. Whatever fails
  makes its entries ``unverified`` with a short reason — never "not found", never a
  mismatch — and the run goes on.

``REFCHECK_CROSSREF_TIMEOUT`` (seconds per request, default 10) and
``REFCHECK_CROSSREF_DEADLINE`` (seconds for all lookups of a run, default 120) override
the settings; tests use them to keep fault runs short.
"""

from __future__ import annotations

import dataclasses
import json
import os
import re
import sys
import threading
import time
from collections import Counter
from collections.abc import Callable, Mapping
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol, TextIO
from urllib.parse import quote

import requests

from refcheck import __version__
from refcheck.crossref import CrossrefSettings, Verification, schema
from refcheck.crossref import compare as cmp
from refcheck.crossref.cache import cache_key, open_cache
from refcheck.doi import is_doi, normalise
from refcheck.model import Reference

ENV_TIMEOUT = "REFCHECK_CROSSREF_TIMEOUT"
ENV_DEADLINE = "REFCHECK_CROSSREF_DEADLINE"

# Fields a search returns (Crossref's selectable /works elements; ``journal-issue`` is
# not selectable, and asking for it fails the whole request).
SELECT = (
    "DOI,title,subtitle,short-title,original-title,author,editor,container-title,"
    "short-container-title,issued,published-print,published-online,published,posted,"
    "volume,issue,page,article-number,type,relation,update-to,updated-by"
)
BATCH_SIZE = 50  # DOIs per filter request: 200 DOI-bearing entries in 4 requests
QUERY_ROWS = 5
CACHE_WEEKS = 4
MAX_ATTEMPTS = 3  # one try and two retries
RETRY_STATUS = frozenset({429, 500, 502, 503, 504})
BACKOFF_BASE = 0.5  # seconds; doubles per attempt
BACKOFF_CAP = 8.0
RETRY_AFTER_CAP = 60.0
BREAKER_LOOKUPS = 2  # lookups failing (after retries) in a row before the rest are given up
BREAKER_REQUESTS = 3  # requests unanswered (refused, timed out) in a row: the same
PACE_MARGIN = 1.02  # 2% slack so clock skew between us and Crossref never costs a 429
PROGRESS_MIN = 6  # show a progress bar from this many lookups
# Largest answer read. A 50-record batch with author lists is about 1 MB, a single record
# with its reference list a few hundred KB; past this an answer is not evidence but a
# server misbehaving (a 100 MB answer once cost 400 MB of memory and a 420 MB cache).
MAX_BODY = 8 * 1024 * 1024
CHUNK = 64 * 1024

# Crossref's documented limits (requests per second, requests in flight) per pool.
POLITE_LIMITS = {"single": (10.0, 3), "list": (3.0, 3)}
PUBLIC_LIMITS = {"single": (5.0, 1), "list": (1.0, 1)}


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
    """One Crossref rate-limit pool: exact spacing between request starts, and a cap
    on requests in flight. Thread-safe; time comes from the injected clock."""

    def __init__(self, name: str, rate: float, concurrency: int, jobs: int, clock: Clock):
        self.name = name
        self.jobs = max(1, jobs)
        self.clock = clock
        self.rate = rate
        self.concurrency = min(self.jobs, concurrency)
        self.in_flight = 0
        self.next_start = 0.0
        self._cond = threading.Condition()

    @property
    def spacing(self) -> float:
        return PACE_MARGIN / self.rate

    def acquire(self, deadline: float) -> bool:
        """Wait for a free slot and the next start time; False if past ``deadline``."""
        with self._cond:
            while self.in_flight >= self.concurrency:
                left = deadline - self.clock.monotonic()
                if left <= 0:
                    return False
                self._cond.wait(timeout=min(left, 0.25))
            now = self.clock.monotonic()
            start = max(now, self.next_start)
            if start > deadline:
                return False
            self.in_flight += 1
            self.next_start = start + self.spacing
        self.clock.sleep(start - now)
        return True

    def release(self) -> None:
        with self._cond:
            self.in_flight -= 1
            self._cond.notify()

    def pause_until(self, when: float) -> None:
        """Nobody in this pool starts before ``when`` (after a 429's Retry-After)."""
        with self._cond:
            self.next_start = max(self.next_start, when)

    def update(self, headers: Mapping[str, str]) -> None:
        """Follow the limits Crossref announces for this pool."""
        limit = _positive_int(headers.get("x-rate-limit-limit"))
        interval = parse_interval(headers.get("x-rate-limit-interval")) or 1.0
        concurrency = _positive_int(headers.get("x-concurrency-limit"))
        with self._cond:
            if limit:
                self.rate = limit / interval
            if concurrency:
                self.concurrency = min(self.jobs, concurrency)
                self._cond.notify_all()


# --- HTTP ------------------------------------------------------------------------------------


@dataclass(slots=True)
class Outcome:
    """What one request came to: ``data`` (a validated 200 answer), ``missing`` (404),
    or ``error`` (the reason it could not be used)."""

    data: dict[str, Any] | None = None
    missing: bool = False
    error: str = ""


@dataclass(frozen=True, slots=True)
class _Answer:
    """A complete HTTP answer as read off the wire (the body capped at ``MAX_BODY``)."""

    status: int
    headers: Mapping[str, str]
    body: bytes


class _Unusable(Exception):
    """An answer that arrived but cannot be used (too large, too slow): not retried."""


def cache_path(settings: CrossrefSettings) -> Path:
    if settings.cache_dir:
        return Path(settings.cache_dir) / "crossref.sqlite"
    import platformdirs

    return Path(platformdirs.user_cache_dir("refcheck")) / "crossref.sqlite"


def make_session(settings: CrossrefSettings) -> requests.Session:
    """The one session for all requests, with our User-Agent and pooled connections."""
    session = requests.Session()
    agent = f"refcheck/{__version__}"
    if settings.mailto:
        agent += f" (mailto:{settings.mailto})"
    session.headers["User-Agent"] = agent
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
    if isinstance(exc, requests.Timeout):
        return "timed out"
    if isinstance(exc, requests.ConnectionError):
        text = str(exc).lower()
        return "connection refused" if "refused" in text else "connection failed"
    return "request failed"


def _validator(path: str, pool: str) -> Callable[[Any], None]:
    if pool == "list":
        return schema.list_answer
    return schema.agency_answer if path.endswith("/agency") else schema.work_answer


def _within(seconds: float, work: Callable[[], _Answer]) -> _Answer:
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
        raise requests.Timeout(f"no complete answer within {seconds:.1f} s")
    if "error" in box:
        raise box["error"]
    return box["answer"]


class Http:
    """GET with cache-first lookup, pacing, retries, a deadline and a circuit breaker.

    Every answer is streamed with its size capped (``MAX_BODY``), within a wall-clock
    limit per request (``settings.timeout``, never past the run's deadline), and
    checked against ``refcheck.crossref.schema`` before anything reads it; only answers
    that pass are cached (and 404s of single-record routes, which mean "not
    registered"). Whatever fails is an ``Outcome`` with an ``error``: unverified.
    """

    def __init__(
        self,
        settings: CrossrefSettings,
        session: requests.Session | None = None,
        clock: Clock | None = None,
        warn: Callable[[str], None] | None = None,
    ):
        self.settings = settings
        self.session = session if session is not None else make_session(settings)
        self.clock = clock or RealClock()
        self.warn = warn or (lambda line: sys.stderr.write(f"refcheck: warning: {line}\n"))
        self.cache = (
            open_cache(cache_path(settings), self.warn, CACHE_WEEKS) if settings.use_cache else None
        )
        limits = POLITE_LIMITS if settings.mailto else PUBLIC_LIMITS
        self.pools = {
            name: Pool(name, rate, conc, settings.jobs, self.clock)
            for name, (rate, conc) in limits.items()
        }
        self.deadline = 0.0
        self.start()
        self.requests_made = 0
        self.throttled = 0  # 429s received
        self._lock = threading.Lock()
        self._failures_in_a_row = 0
        self._unanswered_in_a_row = 0
        self.broken = ""  # the reason the breaker opened, if it did

    def start(self) -> None:
        """Begin a run: the deadline counts from now."""
        self.deadline = self.clock.monotonic() + self.settings.deadline

    def finish(self) -> None:
        """End of the run: say once how many cached answers were thrown away."""
        if self.cache is not None and self.cache.discarded:
            n = self.cache.discarded
            self.warn(
                f"discarded {n} cached Crossref answer{'s' if n > 1 else ''} that did not "
                "pass validation (fetched again)"
            )
            self.cache.discarded = 0

    def get(self, path: str, params: dict[str, str] | None, pool: str) -> Outcome:
        url = self.settings.base_url.rstrip("/") + path
        params = dict(params or {})
        if self.settings.mailto:
            params["mailto"] = self.settings.mailto
        validate = _validator(path, pool)
        key = cache_key(url, params)
        cached = self._from_cache(key, validate)
        if cached is not None:
            return cached
        if self.broken:
            return Outcome(error=self.broken)
        return self._fetch(url, params, self.pools[pool], validate, key)

    def _record_lookup(self, exhausted: str) -> None:
        """Lookups that failed after all retries, in a row, open the breaker: Crossref
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

    def _from_cache(self, key: str, validate: Callable[[Any], None]) -> Outcome | None:
        if self.cache is None:
            return None
        hit = self.cache.get(key)
        if hit is None:
            return None
        status, body = hit
        outcome = _interpret(status, body.encode("utf-8"), validate)
        if outcome.error:  # stored by someone else, or by a buggy version: fetch again
            self.cache.discard(key)
            return None
        return outcome

    def _fetch(
        self,
        url: str,
        params: dict[str, str],
        pool: Pool,
        validate: Callable[[Any], None],
        key: str,
    ) -> Outcome:
        """Up to ``MAX_ATTEMPTS`` tries, paced by ``pool``, within the deadline."""
        reason = ""
        for attempt in range(MAX_ATTEMPTS):
            if self.broken:
                return Outcome(error=self.broken)
            if self.deadline - self.clock.monotonic() <= 0 or not pool.acquire(self.deadline):
                return Outcome(error=_deadline(reason))
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
                    return self._use(answer, pool, validate, key)
                reason, wait = self._retryable(answer, pool)
            if attempt + 1 < MAX_ATTEMPTS and not self._backoff(attempt, wait):
                return Outcome(error=_deadline(reason))
        self._record_lookup(reason)
        return Outcome(error=reason)

    def _use(
        self, answer: _Answer, pool: Pool, validate: Callable[[Any], None], key: str
    ) -> Outcome:
        """Interpret an answer, and cache it if it is a valid record or a real 404."""
        outcome = _interpret(answer.status, answer.body, validate)
        if self.cache is not None:
            if outcome.data is not None:
                self.cache.put(key, 200, answer.body.decode("utf-8"))
            elif outcome.missing and pool.name == "single":
                # "Not registered" is a fact about a DOI; a list route answering 404 is
                # a broken server or proxy, and must not be remembered for weeks.
                self.cache.put(key, 404, "")
        return outcome

    def _send(self, url: str, params: dict[str, str]) -> _Answer:
        with self._lock:
            self.requests_made += 1
        left = self.deadline - self.clock.monotonic()
        limit = max(0.05, min(self.settings.timeout, left))
        return _within(limit, lambda: self._transfer(url, params, limit))

    def _transfer(self, url: str, params: dict[str, str], limit: float) -> _Answer:
        """One GET, its body streamed and capped, given up after ``limit`` seconds."""
        stop = time.monotonic() + limit
        resp = self.session.get(url, params=params, timeout=limit, stream=True)
        try:
            if resp.status_code != 200:
                return _Answer(resp.status_code, resp.headers, b"")
            declared = resp.headers.get("Content-Length", "")
            if declared.isdigit() and int(declared) > MAX_BODY:
                raise _Unusable(_too_large())
            chunks, size = [], 0
            for chunk in resp.iter_content(CHUNK):
                size += len(chunk)
                if size > MAX_BODY:
                    raise _Unusable(_too_large())
                if time.monotonic() > stop:
                    raise requests.Timeout("answer too slow")
                chunks.append(chunk)
            return _Answer(resp.status_code, resp.headers, b"".join(chunks))
        finally:
            resp.close()

    def _retryable(self, answer: _Answer, pool: Pool) -> tuple[str, float | None]:
        """The reason and Retry-After of a 429/5xx; a 429 pauses the whole pool."""
        wait = _retry_after(answer.headers)
        if answer.status != 429:
            return f"HTTP {answer.status}", wait
        with self._lock:
            self.throttled += 1
        if wait is not None:
            pool.pause_until(self.clock.monotonic() + wait)
        return "rate-limited (HTTP 429)", wait

    def _backoff(self, attempt: int, retry_after: float | None) -> bool:
        """Sleep before the next attempt; False if that would pass the deadline."""
        delay = retry_after if retry_after is not None else BACKOFF_BASE * 2**attempt
        delay = min(delay, BACKOFF_CAP if retry_after is None else RETRY_AFTER_CAP)
        if self.clock.monotonic() + delay >= self.deadline:
            return False
        self.clock.sleep(delay)
        return True


def _too_large() -> str:
    return f"answer larger than {MAX_BODY // (1024 * 1024)} MB"


def _interpret(status: int, body: bytes, validate: Callable[[Any], None]) -> Outcome:
    """A 200 whose body is JSON of the expected shape, a 404, or an error."""
    if status == 404:
        return Outcome(missing=True)
    if status != 200:
        return Outcome(error=f"HTTP {status}")
    try:
        data = json.loads(body.decode("utf-8"))
    except (ValueError, UnicodeDecodeError):
        return Outcome(error="invalid JSON from Crossref")
    try:
        validate(data)
    except schema.SchemaError as exc:
        return Outcome(error=f"unexpected answer from Crossref ({exc})")
    return Outcome(data=data)


# --- lookups ---------------------------------------------------------------------------------


def normalise_doi(doi: str | None) -> str | None:
    """Lower-cased bare DOI, or None if it is not DOI-shaped (then the entry is searched)."""
    bare = normalise(doi)
    return bare.lower() if bare and is_doi(bare) else None


def build_query(ref: Reference) -> str:
    """The bibliographic search text: authors, year, title, container (as printed)."""
    parts = [a.family for a in ref.authors[:3]]
    parts += [ref.year or "", ref.title or "", ref.container or ""]
    text = " ".join(cmp.clean_text(p) for p in parts if p)
    return text[:400]


@dataclass(slots=True)
class Plan:
    """What to look up for one entry."""

    doi: str | None = None
    query: str | None = None


def plan_for(ref: Reference) -> Plan:
    doi = normalise_doi(ref.doi)
    if doi:
        return Plan(doi=doi)
    if ref.title:
        return Plan(query=build_query(ref))
    return Plan()


@dataclass
class _Results:
    """Per-run lookup results keyed by DOI and by query."""

    records: dict[str, dict[str, Any]] = field(default_factory=dict)  # doi → record
    doi_errors: dict[str, str] = field(default_factory=dict)
    missing: set[str] = field(default_factory=set)
    other_agency: dict[str, str] = field(default_factory=dict)  # doi → agency label
    searches: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    search_errors: dict[str, str] = field(default_factory=dict)


class Progress:
    """Progress on stderr: a one-line bar on a terminal, cleared when done; in a CI log
    (``lines``) a plain line every ``LINE_EVERY`` seconds and one at the end."""

    LINE_EVERY = 10.0

    def __init__(
        self, total: int, enabled: bool, stream: TextIO | None = None, lines: bool = False
    ):
        self.total = total
        self.done = 0
        self.enabled = enabled and total >= PROGRESS_MIN
        self.stream = stream or sys.stderr
        self.lines = lines
        self._last = time.monotonic()
        self._lock = threading.Lock()

    def advance(self, n: int = 1) -> None:
        if not self.enabled:
            return
        with self._lock:
            self.done = min(self.total, self.done + n)
            if self.lines:
                now = time.monotonic()
                if self.done == self.total or now - self._last >= self.LINE_EVERY:
                    self._last = now
                    self.stream.write(f"refcheck: Crossref {self.done}/{self.total} lookups done\n")
                    self.stream.flush()
                return
            filled = int(30 * self.done / self.total)
            bar = "#" * filled + "-" * (30 - filled)
            self.stream.write(f"\rrefcheck: Crossref [{bar}] {self.done}/{self.total}")
            self.stream.flush()

    def close(self) -> None:
        if self.enabled and not self.lines:
            self.stream.write("\r\x1b[K")
            self.stream.flush()


class CrossrefVerifier:
    """The ``Verifier`` of online runs: looks every entry up, then compares."""

    def __init__(
        self,
        settings: CrossrefSettings,
        http: Http | None = None,
        stderr: TextIO | None = None,
    ):
        self.settings = settings
        self.stderr = stderr
        self.http = http or Http(settings, warn=self._warn_line)
        # One run may verify several documents: the deadline is the run's, and a .bib
        # shared by several documents is looked up once.
        self._started = False
        self._results = _Results()

    # The Verifier protocol.
    def verify(self, refs: list[Reference]) -> list[Verification]:
        if not self._started:
            self.http.start()
            self._started = True
        results = self._results
        plans = [plan_for(r) for r in refs]
        known = results.records.keys() | results.doi_errors.keys() | results.missing
        dois = sorted({p.doi for p in plans if p.doi and p.doi not in known})
        asked = results.searches.keys() | results.search_errors.keys()
        queries = sorted({p.query for p in plans if p.query and p.query not in asked})
        progress = Progress(
            len(dois) + len(queries),
            self.settings.progress,
            self.stderr,
            self.settings.progress_lines,
        )
        try:
            self._lookup(dois, queries, results, progress)
        finally:
            progress.close()
        out = [self._verdict(r, p, results) for r, p in zip(refs, plans, strict=True)]
        self._warn(out)
        self.http.finish()
        return out

    def _lookup(
        self, dois: list[str], queries: list[str], results: _Results, progress: Progress
    ) -> None:
        batches = _batches(dois)
        with ThreadPoolExecutor(max_workers=max(1, self.settings.jobs)) as pool:
            tasks: list[Callable[[], None]] = [
                _bind(self._fetch_batch, b, results, progress) for b in batches
            ]
            tasks += [_bind(self._search, q, results, progress) for q in queries]
            list(pool.map(lambda task: task(), tasks))
            absent = [d for d in dois if d not in results.records and d not in results.doi_errors]
            list(pool.map(lambda d: self._fetch_single(d, results), absent))

    def _fetch_batch(self, batch: list[str], results: _Results, progress: Progress) -> None:
        params = {
            "filter": ",".join(f"doi:{d}" for d in batch),
            "rows": str(len(batch)),
            "select": SELECT,
        }
        outcome = self.http.get("/works", params, "list")
        items = _items(outcome)
        if items is None:
            reason = outcome.error or "unexpected response from Crossref"
            for d in batch:
                results.doi_errors[d] = reason
            progress.advance(len(batch))
            return
        for item in items:
            doi = cmp.first(item.get("DOI")).lower()
            if doi in batch:
                results.records[doi] = item
        progress.advance(len(batch))

    def _fetch_single(self, doi: str, results: _Results) -> None:
        """Confirm a DOI the batch did not return: a 404 here is a real "not found"."""
        outcome = self.http.get(f"/works/{quote(doi, safe='')}", None, "single")
        if outcome.data is not None:
            results.records[doi] = outcome.data["message"]
        elif outcome.missing:
            self._check_agency(doi, results)
        else:
            results.doi_errors[doi] = outcome.error

    def _check_agency(self, doi: str, results: _Results) -> None:
        """A DOI Crossref lacks may be DataCite's (Zenodo, arXiv…): registered, not ours."""
        outcome = self.http.get(f"/works/{quote(doi, safe='')}/agency", None, "single")
        if outcome.error:
            results.doi_errors[doi] = outcome.error
            return
        agency = (outcome.data or {}).get("message", {}).get("agency")
        if isinstance(agency, dict) and agency.get("id") not in (None, "crossref"):
            results.other_agency[doi] = str(agency.get("label") or agency.get("id"))
        else:
            results.missing.add(doi)

    def _search(self, query: str, results: _Results, progress: Progress) -> None:
        params = {"query.bibliographic": query, "rows": str(QUERY_ROWS), "select": SELECT}
        outcome = self.http.get("/works", params, "list")
        items = _items(outcome)
        if items is None:
            results.search_errors[query] = outcome.error or "unexpected response from Crossref"
        else:
            results.searches[query] = items
        progress.advance()

    def _verdict(self, ref: Reference, plan: Plan, results: _Results) -> Verification:
        if plan.doi:
            return _doi_verdict(ref, plan.doi, results)
        if plan.query:
            return _search_verdict(ref, plan.query, results)
        return Verification("skipped", reason="no DOI and no title to search for")

    def _warn_line(self, line: str) -> None:
        (self.stderr or sys.stderr).write(f"refcheck: warning: {line}\n")

    def _warn(self, verdicts: list[Verification]) -> None:
        failed = [v for v in verdicts if v.status == "unverified"]
        if not failed:
            return
        stream = self.stderr or sys.stderr
        reason = Counter(v.reason for v in failed).most_common(1)[0][0]
        stream.write(
            f"refcheck: warning: could not verify {len(failed)} of {len(verdicts)} "
            f"entries against Crossref ({self.settings.base_url}): {reason}\n"
        )


def _bind(func: Callable[..., None], *args: Any) -> Callable[[], None]:
    return lambda: func(*args)


def _batches(dois: list[str]) -> list[list[str]]:
    """Batches for the DOI filter; a DOI with a comma cannot go into one, so it goes alone."""
    plain = [d for d in dois if "," not in d]
    out = [plain[i : i + BATCH_SIZE] for i in range(0, len(plain), BATCH_SIZE)]
    return out + [[d] for d in dois if "," in d]


def _items(outcome: Outcome) -> list[dict[str, Any]] | None:
    """The ``items`` of a list answer, or None if the answer is not one."""
    if outcome.data is None:
        return None
    items = outcome.data["message"].get("items")
    if not isinstance(items, list):
        return None
    return [i for i in items if isinstance(i, dict)]


def _doi_verdict(ref: Reference, doi: str, results: _Results) -> Verification:
    if doi in results.doi_errors:
        return Verification("unverified", searched=doi, reason=results.doi_errors[doi])
    if doi in results.other_agency:
        why = f"registered with {results.other_agency[doi]}, not Crossref"
        return Verification("skipped", searched=doi, doi=doi, reason=why)
    if doi in results.missing:
        return Verification("doi-not-found", searched=doi)
    rec = results.records.get(doi)
    if rec is None:
        return Verification("unverified", searched=doi, reason="no answer from Crossref")
    title = cmp.record_title(rec)
    if cmp.is_other_work(ref, rec):
        return Verification("doi-mismatch", searched=doi, doi=doi, record_title=title)
    return Verification(
        "verified",
        searched=doi,
        doi=doi,
        differences=cmp.compare_fields(ref, rec),
        record_title=title,
        retracted_by=cmp.retraction_notice(rec),
    )


def _search_verdict(ref: Reference, query: str, results: _Results) -> Verification:
    if query in results.search_errors:
        return Verification("unverified", searched=query, reason=results.search_errors[query])
    items = results.searches.get(query)
    if items is None:
        return Verification("unverified", searched=query, reason="no answer from Crossref")
    rec = cmp.best_candidate(ref, items)
    if rec is None:
        return Verification("not-found", searched=query)
    doi = cmp.first(rec.get("DOI")).lower() or None
    retracted = cmp.retraction_notice(rec)
    if retracted is None and doi:
        retracted = cmp.notice_for(doi, items)
    return Verification(
        "verified",
        searched=query,
        doi=doi,
        differences=cmp.compare_fields(ref, rec),
        record_title=cmp.record_title(rec),
        retracted_by=retracted,
    )


def _env_float(name: str) -> float | None:
    value = os.environ.get(name)
    if not value:
        return None
    try:
        number = float(value)
    except ValueError:
        return None
    return number if number > 0 else None


def settings_from_env(settings: CrossrefSettings) -> CrossrefSettings:
    """Apply ``REFCHECK_CROSSREF_TIMEOUT`` / ``REFCHECK_CROSSREF_DEADLINE`` if set."""
    changes: dict[str, float] = {}
    timeout, deadline = _env_float(ENV_TIMEOUT), _env_float(ENV_DEADLINE)
    if timeout is not None:
        changes["timeout"] = timeout
    if deadline is not None:
        changes["deadline"] = deadline
    return dataclasses.replace(settings, **changes) if changes else settings


def make_verifier(settings: CrossrefSettings) -> CrossrefVerifier:
    """The CLI's entry point: a verifier for these settings (environment applied)."""
    return CrossrefVerifier(settings_from_env(settings))


__all__ = [
    "CrossrefVerifier",
    "Http",
    "Outcome",
    "Pool",
    "build_query",
    "make_verifier",
    "normalise_doi",
    "plan_for",
]
