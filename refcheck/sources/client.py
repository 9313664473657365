"""The second sources online: one paced ``refcheck.http.Http`` per source, lookups in
three rounds, and one verdict per entry (``refcheck.sources.verdict``).

Imported only when a run is online and asks more than Crossref.

Rounds, so that nothing is asked in vain and the answer does not depend on timing:

1. **Crossref and identifiers, side by side.** The Crossref verifier runs as it always
   has (its DOIs in batches, its searches), while arXiv gets every arXiv id of the run
   in one request, DataCite the DOIs only it registers, Open Library the ISBNs.
2. **What is still open.** For entries neither Crossref nor an identifier settled:
   OpenAlex by DOI (when Crossref could not answer, or named another agency), DataCite
   when Crossref's agency check named it, and the searches ``plan.search_sources``
   chooses; DBLP is also asked whether it indexes the venue-year the entry names.
3. **Listings.** Where DBLP's silence would be a warning, or DBLP holds the work at
   another venue, the venue-year's full listing is fetched (paged, cached for weeks),
   so neither claim rests on a title search alone.

Every source has its own pools, limits and circuit breaker (``refcheck.http``); they
share the run's deadline, the session and a data-only cache (``sources.sqlite``). A
lookup that fails is never evidence: its entry is at most "not found" as a note, and
the failure is reported (RC390, and one stderr line per source).
"""

from __future__ import annotations

import functools
import json
import os
import sys
import threading
from collections import Counter
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any, TextIO

from refcheck import http
from refcheck.crossref import CrossrefSettings, Verification
from refcheck.crossref.cache import open_cache
from refcheck.crossref.client import Progress, settings_from_env
from refcheck.model import Reference
from refcheck.sources import (
    ARXIV,
    CROSSREF,
    DATACITE,
    DBLP,
    DEFAULT_URLS,
    LABELS,
    OPENALEX,
    OPENALEX_KEY_ENV,
    OPENLIBRARY,
    URL_ENV,
    Answer,
    SourcesError,
    SourceSettings,
    arxiv,
    datacite,
    dblp,
    openalex,
    openlibrary,
    plan,
)
from refcheck.sources.records import Record
from refcheck.sources.schema import SchemaError
from refcheck.sources.verdict import Evidence, decide, needs_listing, settled
from refcheck.userdirs import user_cache_dir

CACHE_WEEKS = 4
POOL = "default"
WORKERS = 8  # threads for all sources at once (each source's pools pace its own)
JITTER = 0.1  # seconds of slack between requests to the slow sources (refcheck.http)
SOURCE_LIMITS = {
    OPENALEX: openalex.LIMITS,
    DATACITE: datacite.LIMITS,
    ARXIV: arxiv.LIMITS,
    DBLP: dblp.LIMITS,
    OPENLIBRARY: openlibrary.LIMITS,
}


class CrossrefLike:
    """What the sources need of the Crossref verifier (the real one, or a test's)."""

    def verify(self, refs: list[Reference]) -> list[Verification]:  # pragma: no cover
        raise NotImplementedError

    def candidates(self, ref: Reference) -> list[dict[str, Any]]:  # pragma: no cover
        raise NotImplementedError


def _parser(convert: Callable[[Any], Any], label: str, xml: bool = False) -> Callable[[bytes], Any]:
    """Bytes → records; anything of the wrong shape is ``BadAnswer`` (unverified)."""

    def parse(body: bytes) -> Any:
        if xml:
            data: Any = body
        else:
            try:
                data = json.loads(body.decode("utf-8"))
            except (ValueError, UnicodeDecodeError):
                raise http.BadAnswer(f"invalid JSON from {label}") from None
        try:
            return convert(data)
        except (SchemaError, KeyError, TypeError, AttributeError, IndexError) as exc:
            raise http.BadAnswer(f"unexpected answer from {label} ({exc})") from None

    return parse


def cache_path(settings: SourceSettings) -> Path:
    if settings.cache_dir:
        return Path(settings.cache_dir) / "sources.sqlite"
    return user_cache_dir() / "sources.sqlite"


def make_http(
    name: str,
    settings: SourceSettings,
    session: Any,
    cache: Any,
    clock: http.Clock | None = None,
    warn: Callable[[str], None] | None = None,
) -> http.Http:
    """One source's ``Http``: its published limits (identified or not), its parameters."""
    tier = "polite" if settings.mailto else "public"
    params: dict[str, str] = {}
    if name == OPENALEX:
        if settings.mailto:
            params["mailto"] = settings.mailto
        if settings.openalex_key:
            params["api_key"] = settings.openalex_key
    endpoint = http.Endpoint(
        LABELS[name],
        settings.urls[name],
        {POOL: SOURCE_LIMITS[name][tier]},
        params,
        frozenset({"mailto", "api_key"}),
        slack=JITTER,
    )
    return http.Http(
        endpoint,
        timeout=settings.timeout,
        deadline=settings.deadline,
        jobs=3,
        session=session,
        cache=cache,
        clock=clock,
        warn=warn,
    )


class SourcesVerifier:
    """The ``Verifier`` of online runs that ask more than Crossref."""

    def __init__(
        self,
        settings: SourceSettings,
        crossref: CrossrefLike | None,
        https: dict[str, http.Http] | None = None,
        stderr: TextIO | None = None,
        clock: http.Clock | None = None,
    ):
        self.settings = settings
        self.crossref = crossref
        self.stderr = stderr
        self.clock = clock or http.RealClock()
        names = [n for n in settings.names if n != CROSSREF]
        if https is None:
            # One session for all sources, made at the first request (none when cached).
            session = functools.cache(lambda: http.make_session(settings.mailto))
            cache = (
                open_cache(cache_path(settings), self._warn_line, CACHE_WEEKS, "sources")
                if settings.use_cache
                else None
            )
            https = {
                n: make_http(n, settings, session, cache, self.clock, self._warn_line)
                for n in names
            }
        self.https = https
        self.names = tuple(n for n in names if n in https)
        self.openalex_search = bool(settings.openalex_key) and OPENALEX in self.names
        self._answers: dict[tuple[str, str, str], Answer] = {}
        self._lock = threading.Lock()
        self._started = False

    # --- the Verifier protocol ---------------------------------------------------------

    def verify(self, refs: list[Reference]) -> list[Verification]:
        if not self._started:
            end = self.clock.monotonic() + self.settings.deadline
            for h in self.https.values():
                h.start(end)
            self._started = True
        needs = [plan.needs(r) for r in refs]
        selected = (CROSSREF, *self.names) if self.crossref else self.names
        with ThreadPoolExecutor(max_workers=WORKERS) as pool:
            crossref = pool.submit(self.crossref.verify, refs) if self.crossref else None
            self._round(pool, self._identifier_tasks(needs, selected))
            cr: list[Verification | None] = (
                list(crossref.result()) if crossref else [None] * len(refs)
            )
            evidence = [
                Evidence(
                    r,
                    n,
                    c,
                    self.crossref.candidates(r) if self.crossref and c is not None else [],
                    self._identifier_answers(n, selected),
                )
                for r, n, c in zip(refs, needs, cr, strict=True)
            ]
            open_ = [e for e in evidence if not settled(e)]
            self._round(pool, self._second_tasks(open_, selected))
            for e in open_:
                self._attach_second(e, selected)
            wanted = {vy for e in open_ if (vy := self._listing_wanted(e, selected))}
            self._round(pool, [lambda vy=vy: self._listing(*vy) for vy in sorted(wanted)])
        for e in open_:
            vy = e.needs.venue_year
            if vy is not None and vy in wanted:
                e.listing = self._answers.get((DBLP, "listing", " ".join(vy)))
        out = [decide(e) for e in evidence]
        self._warn(out)
        for h in self.https.values():
            h.finish()
        return out

    # --- rounds --------------------------------------------------------------------------

    def _round(self, pool: ThreadPoolExecutor, tasks: Iterable[Callable[[], None]]) -> None:
        """Run one round's lookups; a long round shows progress on stderr (the sources
        pace slowly: a hundred DBLP searches take a hundred seconds)."""
        todo = list(tasks)
        progress = Progress(
            len(todo),
            self.settings.progress,
            self.stderr,
            self.settings.progress_lines,
            label="other sources",
        )

        def run(task: Callable[[], None]) -> None:
            task()
            progress.advance()

        try:
            list(pool.map(run, todo))
        finally:
            progress.close()

    def _known(self, source: str, lookup: str, key: str) -> Answer | None:
        with self._lock:
            return self._answers.get((source, lookup, key))

    def _store(self, answer: Answer, key: str | None = None) -> None:
        with self._lock:
            self._answers[(answer.source, answer.lookup, key or answer.asked)] = answer

    def _identifier_tasks(
        self, needs: list[plan.Needs], selected: tuple[str, ...]
    ) -> list[Callable[[], None]]:
        ids: dict[str, set[str]] = {ARXIV: set(), DATACITE: set(), OPENLIBRARY: set()}
        lookups = {ARXIV: "arxiv", DATACITE: "doi", OPENLIBRARY: "isbn"}
        for n in needs:
            for source, ident in plan.identifier_sources(n, selected).items():
                if self._known(source, lookups[source], ident) is None:
                    ids[source].add(ident)
        tasks: list[Callable[[], None]] = []
        arxiv_ids = sorted(ids[ARXIV])
        for i in range(0, len(arxiv_ids), arxiv.BATCH):
            batch = arxiv_ids[i : i + arxiv.BATCH]
            tasks.append(lambda b=batch: self._arxiv(b))
        tasks += [lambda d=d: self._doi(DATACITE, d) for d in sorted(ids[DATACITE])]
        tasks += [lambda i=i: self._isbn(i) for i in sorted(ids[OPENLIBRARY])]
        return tasks

    def _identifier_answers(self, n: plan.Needs, selected: tuple[str, ...]) -> list[Answer]:
        lookups = {ARXIV: "arxiv", DATACITE: "doi", OPENLIBRARY: "isbn"}
        out = []
        for source, ident in plan.identifier_sources(n, selected).items():
            answer = self._known(source, lookups[source], ident)
            if answer is not None:
                out.append(answer)
        return out

    def _second_plan(self, e: Evidence, selected: tuple[str, ...]) -> list[tuple[str, str, str]]:
        """(source, lookup, key) of round 2 for an entry still open."""
        n, cr = e.needs, e.crossref
        out: list[tuple[str, str, str]] = []
        if n.doi:
            asked_datacite = any(a.source == DATACITE for a in e.answers)
            crossref_says_datacite = cr is not None and "DataCite" in cr.reason
            if DATACITE in selected and crossref_says_datacite and not asked_datacite:
                out.append((DATACITE, "doi", n.doi))
            elif (
                OPENALEX in selected
                and (cr is None or cr.status in ("unverified", "skipped"))
                and not asked_datacite
            ):
                out.append((OPENALEX, "doi", n.doi))
        if cr is not None and cr.status == "skipped" and n.doi:
            return out  # a DOI of another agency: its registry is asked, no search
        for source in plan.search_sources(e.ref, n, selected, self.openalex_search):
            out.append((source, "search", self._search_key(source, e)))
        if DBLP in selected and n.venue_year and any(s == DBLP for s, _, _ in out):
            out.append((DBLP, "venue", " ".join(n.venue_year)))
        return out

    def _second_tasks(
        self, open_: list[Evidence], selected: tuple[str, ...]
    ) -> list[Callable[[], None]]:
        """Round 2's lookups for all open entries; the same lookup for two entries (a
        .bib shared by chapters, two entries with one title) is made once."""
        wanted: dict[tuple[str, str, str], Reference] = {}
        for e in open_:
            for item in self._second_plan(e, selected):
                if item not in wanted and self._known(*item) is None:
                    wanted[item] = e.ref
        tasks: list[Callable[[], None]] = []
        for (source, lookup, key), ref in wanted.items():
            if lookup == "doi":
                tasks.append(lambda s=source, k=key: self._doi(s, k))
            elif lookup == "venue":
                tasks.append(lambda k=key: self._venue_total(*k.split(" ")))
            else:
                tasks.append(lambda s=source, k=key, r=ref: self._search(s, k, r))
        return tasks

    def _attach_second(self, e: Evidence, selected: tuple[str, ...]) -> None:
        for source, lookup, key in self._second_plan(e, selected):
            answer = self._known(source, lookup, key)
            if answer is not None:
                e.answers.append(answer)
        e.covering = plan.covering(e.ref, e.needs, selected, self.openalex_search, self._indexed(e))

    def _indexed(self, e: Evidence) -> bool | None:
        vy = e.needs.venue_year
        if vy is None:
            return None
        answer = self._known(DBLP, "venue", " ".join(vy))
        if answer is None or answer.error:
            return None
        return answer.total > 0

    def _listing_wanted(self, e: Evidence, selected: tuple[str, ...]) -> tuple[str, str] | None:
        """The venue-year whose full listing a claim about this entry would rest on."""
        vy = e.needs.venue_year
        if vy is None or DBLP not in selected or self._indexed(e) is not True:
            return None
        return vy if needs_listing(e) else None

    # --- lookups -------------------------------------------------------------------------

    def _search_key(self, source: str, e: Evidence) -> str:
        return (
            f"{e.needs.title}\x1f{e.needs.family or ''}"
            if source in (ARXIV, OPENLIBRARY)
            else (e.needs.title or "")
        )

    def _get(
        self,
        source: str,
        path: str,
        params: dict[str, str],
        parse: Callable[[bytes], Any],
        missing_ok: bool = False,
    ) -> http.Outcome:
        return self.https[source].request(path, params, POOL, parse, missing_ok)

    def _arxiv(self, ids: list[str]) -> None:
        parse = _parser(arxiv.parse_feed, "arXiv", xml=True)
        outcome = self._get(ARXIV, arxiv.PATH, arxiv.id_params(ids), parse)
        if outcome.error:
            for i in ids:
                self._store(Answer(ARXIV, "arxiv", i, error=outcome.error))
            return
        by_id = {r["refcheck-id"]: r for r in outcome.data}
        absent = []
        for i in ids:
            if i in by_id:
                self._store(Answer(ARXIV, "arxiv", i, [by_id[i]]))
            else:
                absent.append(i)
        # An id absent from a batch is asked alone before it is called missing: a feed
        # that silently dropped an entry must not make a real paper "not on arXiv".
        for i in absent:
            alone = self._get(ARXIV, arxiv.PATH, arxiv.id_params([i]), parse)
            if alone.error:
                self._store(Answer(ARXIV, "arxiv", i, error=alone.error))
            else:
                found = [r for r in alone.data if r["refcheck-id"] == i]
                self._store(Answer(ARXIV, "arxiv", i, found))

    def _doi(self, source: str, doi: str) -> None:
        module = openalex if source == OPENALEX else datacite
        parse = _parser(module.parse_work, LABELS[source])
        outcome = self._get(source, module.doi_path(doi), module.doi_params(), parse, True)
        if outcome.error:
            self._store(Answer(source, "doi", doi, error=outcome.error))
        else:
            self._store(Answer(source, "doi", doi, [] if outcome.missing else [outcome.data]))

    def _isbn(self, isbn: str) -> None:
        parse = _parser(openlibrary.parse_docs, "Open Library")
        outcome = self._get(OPENLIBRARY, openlibrary.PATH, openlibrary.isbn_params(isbn), parse)
        if outcome.error:
            self._store(Answer(OPENLIBRARY, "isbn", isbn, error=outcome.error))
            return
        has = [r for r in outcome.data if isbn in (r.get("refcheck-isbns") or [])]
        self._store(Answer(OPENLIBRARY, "isbn", isbn, has))

    def _search(self, source: str, key: str, ref: Reference) -> None:
        title, _, family = key.partition("\x1f")
        records: Callable[[bytes], Any]
        params: dict[str, str] | None
        path = ""
        if source == DBLP:
            params, path = dblp.search_params(_main_title(title)), dblp.PATH
            records = _parser(lambda d: dblp.parse_hits(d)[0], "DBLP")
        elif source == ARXIV:
            params, path = arxiv.search_params(title, family or None), arxiv.PATH
            records = _parser(arxiv.parse_feed, "arXiv", xml=True)
        elif source == OPENLIBRARY:
            params, path = openlibrary.search_params(title, family or None), openlibrary.PATH
            records = _parser(openlibrary.parse_docs, "Open Library")
        else:
            params, path = openalex.search_params(title), "/works"
            records = _parser(openalex.parse_search, "OpenAlex")
        if params is None:  # too short a title to search for: asked nothing
            self._store(Answer(source, "search", key, []), key)
            return
        outcome = self._get(source, path, params, records)
        answer = Answer(source, "search", title, error=outcome.error)
        if not outcome.error:
            answer.records = list(outcome.data)
        self._store(answer, key)

    def _venue_total(self, stream: str, year: str) -> None:
        parse = _parser(dblp.parse_hits, "DBLP")
        params = dict(dblp.listing_params(stream, year), h="1")
        outcome = self._get(DBLP, dblp.PATH, params, parse)
        key = f"{stream} {year}"
        if outcome.error:
            self._store(Answer(DBLP, "venue", key, error=outcome.error))
        else:
            self._store(Answer(DBLP, "venue", key, total=outcome.data[1]))

    def _listing(self, stream: str, year: str) -> None:
        """Every work DBLP lists for a venue-year, page by page (none past LISTING_MAX)."""
        key = f"{stream} {year}"
        if self._known(DBLP, "listing", key) is not None:
            return
        total = (self._known(DBLP, "venue", key) or Answer(DBLP, "venue", key)).total
        if total > dblp.LISTING_MAX:
            self._store(Answer(DBLP, "listing", key, total=total))
            return
        parse = _parser(dblp.parse_hits, "DBLP")
        records: list[Record] = []
        for first in range(0, total, dblp.LISTING_PAGE):
            outcome = self._get(DBLP, dblp.PATH, dblp.listing_params(stream, year, first), parse)
            if outcome.error:
                self._store(Answer(DBLP, "listing", key, error=outcome.error, total=total))
                return
            records += outcome.data[0]
        self._store(Answer(DBLP, "listing", key, records, total=total))

    # --- reporting -----------------------------------------------------------------------

    def _warn_line(self, line: str) -> None:
        (self.stderr or sys.stderr).write(f"refcheck: warning: {line}\n")

    def _warn(self, verdicts: list[Verification]) -> None:
        """One line per source that failed (Crossref reports its own)."""
        by_source: dict[str, Counter[str]] = {}
        for v in verdicts:
            for source, reason in v.failed.items():
                if source != CROSSREF:
                    by_source.setdefault(source, Counter())[reason] += 1
        for source in sorted(by_source, key=lambda s: LABELS[s]):
            reasons = by_source[source]
            n = sum(reasons.values())
            reason = reasons.most_common(1)[0][0]
            self._warn_line(
                f"could not ask {LABELS[source]} about {n} of {len(verdicts)} entries "
                f"({self.settings.urls[source]}): {reason}"
            )


def _main_title(title: str) -> str:
    """DBLP matches every query word, so a subtitle the record lacks would hide it: the
    main title is searched when it is specific enough on its own."""
    head = title.split(":", 1)[0].strip()
    return head if len(head.split()) >= 4 else title


def settings_for(names: tuple[str, ...], crossref: CrossrefSettings) -> SourceSettings:
    """The sources' settings: the run's contact, cache, timeout and deadline (as given to
    Crossref, environment applied); each source's URL from ``REFCHECK_<NAME>_URL``
    (never from a repository's configuration: it does not choose whom refcheck talks
    to); the OpenAlex key from ``OPENALEX_API_KEY``."""
    urls = dict(DEFAULT_URLS)
    for name, env in URL_ENV.items():
        value = os.environ.get(env, "").strip()
        if value:
            if not value.startswith(("http://", "https://")):
                raise SourcesError(f"{env} must be an http(s) URL, got {value!r}")
            urls[name] = value.rstrip("/")
    crossref = settings_from_env(crossref)
    return SourceSettings(
        names=names,
        urls=urls,
        mailto=crossref.mailto,
        openalex_key=os.environ.get(OPENALEX_KEY_ENV, "").strip() or None,
        cache_dir=crossref.cache_dir,
        use_cache=crossref.use_cache,
        timeout=crossref.timeout,
        deadline=crossref.deadline,
        progress=crossref.progress,
        progress_lines=crossref.progress_lines,
    )


def make_verifier(
    names: tuple[str, ...], crossref_settings: CrossrefSettings, crossref: CrossrefLike | None
) -> SourcesVerifier:
    """The CLI's entry point: the chosen sources, with the Crossref verifier if chosen."""
    return SourcesVerifier(settings_for(names, crossref_settings), crossref)
