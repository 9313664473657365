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

The plumbing under all of this (pools, retries, caps, deadline, breaker, cache) is
``refcheck.http``, shared with the second sources; what is Crossref's own is here.

``REFCHECK_CROSSREF_TIMEOUT`` (seconds per request, default 10) and
``REFCHECK_CROSSREF_DEADLINE`` (seconds for all lookups of a run, default 120) override
the settings; tests use them to keep fault runs short.
"""

from __future__ import annotations

import dataclasses
import os
import sys
import threading
import time
from collections import Counter
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO
from urllib.parse import quote

from refcheck import http
from refcheck.crossref import CrossrefSettings, Verification, schema
from refcheck.crossref import compare as cmp
from refcheck.crossref.cache import open_cache
from refcheck.doi import is_doi, normalise
from refcheck.http import Outcome, Pool, parse_interval
from refcheck.model import Reference
from refcheck.sources.records import describe
from refcheck.userdirs import user_cache_dir

if TYPE_CHECKING:  # imported at the first request (refcheck.http): a cached rerun needs none
    import requests

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
PROGRESS_MIN = 6  # show a progress bar from this many lookups

# Crossref's documented limits (requests per second, requests in flight) per pool.
POLITE_LIMITS = {"single": (10.0, 3), "list": (3.0, 3)}
PUBLIC_LIMITS = {"single": (5.0, 1), "list": (1.0, 1)}


def cache_path(settings: CrossrefSettings) -> Path:
    if settings.cache_dir:
        return Path(settings.cache_dir) / "crossref.sqlite"
    return user_cache_dir() / "crossref.sqlite"


def make_session(settings: CrossrefSettings) -> requests.Session:
    """The one session for all requests, with our User-Agent and pooled connections."""
    return http.make_session(settings.mailto)


def _parser(path: str, pool: str) -> Callable[[bytes], Any]:
    if pool == "list":
        validate = schema.list_answer
    else:
        validate = schema.agency_answer if path.endswith("/agency") else schema.work_answer
    return http.json_parser(validate, "Crossref")


class Http(http.Http):
    """Crossref's ``refcheck.http.Http``: its two pools (single records, lists and
    queries) at the polite or public limits, ``mailto`` on every request, and every
    answer checked against ``refcheck.crossref.schema``; only answers that pass are
    cached (and 404s of single-record routes, which mean "not registered")."""

    def __init__(
        self,
        settings: CrossrefSettings,
        session: requests.Session | None = None,
        clock: http.Clock | None = None,
        warn: Callable[[str], None] | None = None,
    ):
        self.settings = settings
        warn = warn or (lambda line: sys.stderr.write(f"refcheck: warning: {line}\n"))
        endpoint = http.Endpoint(
            "Crossref",
            settings.base_url,
            POLITE_LIMITS if settings.mailto else PUBLIC_LIMITS,
            {"mailto": settings.mailto} if settings.mailto else {},
            frozenset({"mailto"}),
        )
        shared = None
        if settings.cache_url and settings.use_cache:
            from refcheck import redis_backend  # the optional extra: only when asked for

            shared = redis_backend.connect(settings.cache_url)
            cache: Any = redis_backend.RedisCache(shared, CACHE_WEEKS, warn, "crossref")
        elif settings.use_cache:
            cache = open_cache(cache_path(settings), warn, CACHE_WEEKS)
        else:
            cache = None
        super().__init__(
            endpoint,
            timeout=settings.timeout,
            deadline=settings.deadline,
            jobs=settings.jobs,
            session=session if session is not None else lambda: make_session(settings),
            cache=cache,
            clock=clock,
            warn=warn,
        )
        if shared is not None:  # one rate budget for every process using this Redis
            scope = f"crossref:{settings.base_url}:{'polite' if settings.mailto else 'public'}"
            self.pools = {
                name: redis_backend.RedisPool(
                    name, rate, conc, settings.jobs, self.clock, shared, scope
                )
                for name, (rate, conc) in endpoint.limits.items()
            }

    def get(self, path: str, params: dict[str, str] | None, pool: str) -> Outcome:
        return self.request(path, params, pool, _parser(path, pool), missing_ok=pool == "single")


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
        self,
        total: int,
        enabled: bool,
        stream: TextIO | None = None,
        lines: bool = False,
        label: str = "Crossref",
    ):
        self.label = label
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
                    self.stream.write(
                        f"refcheck: {self.label} {self.done}/{self.total} lookups done\n"
                    )
                    self.stream.flush()
                return
            filled = int(30 * self.done / self.total)
            bar = "#" * filled + "-" * (30 - filled)
            self.stream.write(f"\rrefcheck: {self.label} [{bar}] {self.done}/{self.total}")
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
        results = self._results
        plans = [plan_for(r) for r in refs]
        known = results.records.keys() | results.doi_errors.keys() | results.missing
        dois = sorted({p.doi for p in plans if p.doi and p.doi not in known})
        asked = results.searches.keys() | results.search_errors.keys()
        queries = sorted({p.query for p in plans if p.query and p.query not in asked})
        # One cache read for the run's lookups (and requests imported only if something
        # is not cached), before the run's deadline starts counting.
        self.http.prefetch(
            [("/works", _batch_params(b)) for b in _batches(dois)]
            + [("/works", _search_params(q)) for q in queries]
        )
        if not self._started:
            self.http.start()
            self._started = True
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

    def candidates(self, ref: Reference) -> list[dict[str, Any]]:
        """The records Crossref's search returned for an entry (after ``verify``), for
        the second sources' verdict: a rejected candidate can still show that the title
        is another work's."""
        plan = plan_for(ref)
        return list(self._results.searches.get(plan.query, [])) if plan.query else []

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
        outcome = self.http.get("/works", _batch_params(batch), "list")
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
        outcome = self.http.get("/works", _search_params(query), "list")
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


def _batch_params(batch: list[str]) -> dict[str, str]:
    dois = ",".join(f"doi:{d}" for d in batch)
    return {"filter": dois, "rows": str(len(batch)), "select": SELECT}


def _search_params(query: str) -> dict[str, str]:
    return {"query.bibliographic": query, "rows": str(QUERY_ROWS), "select": SELECT}


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
        return Verification(
            "doi-mismatch", searched=doi, doi=doi, record_title=title, evidence=describe(rec)
        )
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
    "parse_interval",
    "plan_for",
]
