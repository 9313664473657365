"""The Crossref client against ``responses`` mocks: batching, pacing, retries, cache.

Time is a fake clock (sleeping advances it), so backoff and pacing are asserted
exactly and the tests never wait.
"""

from __future__ import annotations

import json
import threading
import time
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
import requests
import responses

from refcheck.crossref import CrossrefSettings
from refcheck.crossref.client import (
    BATCH_SIZE,
    CrossrefVerifier,
    Http,
    Pool,
    build_query,
    make_verifier,
    normalise_doi,
    parse_interval,
)
from refcheck.http import RealClock
from refcheck.model import Name, Reference, Span
from tests.conftest import FIXTURES

BASE = "http://crossref.test"
SAMPLES = FIXTURES / "crossref" / "samples"
ESSAY = FIXTURES / "crossref" / "essay"


class FakeClock:
    def __init__(self) -> None:
        self.now = 1000.0
        self._lock = threading.Lock()

    def monotonic(self) -> float:
        with self._lock:
            return self.now

    def sleep(self, seconds: float) -> None:
        with self._lock:
            self.now += max(0.0, seconds)


def settings(tmp_path: Path | None = None, **kw: Any) -> CrossrefSettings:
    base: dict[str, Any] = dict(
        base_url=BASE,
        mailto="dev@example.org",
        use_cache=tmp_path is not None,
        cache_dir=str(tmp_path) if tmp_path else None,
        jobs=1,
        timeout=5.0,
        deadline=60.0,
    )
    base.update(kw)
    return CrossrefSettings(**base)


def verifier(s: CrossrefSettings, clock: FakeClock | None = None) -> CrossrefVerifier:
    return CrossrefVerifier(s, Http(s, clock=clock or FakeClock()))


def sample(name: str, folder: Path = SAMPLES) -> dict[str, Any]:
    return json.loads((folder / f"{name}.json").read_text(encoding="utf-8"))["message"]


def entry(doi: str | None = None, **fields: Any) -> Reference:
    authors = [Name(a) for a in fields.pop("authors", ["Kuschel"])]
    fields.setdefault("title", "Charges ride the spin wave")
    fields.setdefault("year", "2015")
    return Reference(
        Span("d.txt", 1, 1, 1, 2), "raw", kind="article", authors=authors, doi=doi, **fields
    )


def work_list(items: list[dict[str, Any]]) -> dict[str, Any]:
    return {
        "status": "ok",
        "message-type": "work-list",
        "message": {"total-results": len(items), "items": items},
    }


def fake_item(doi: str) -> dict[str, Any]:
    return dict(sample("10.1038_nnano.2014.279"), DOI=doi)


def filter_callback(request: requests.PreparedRequest) -> tuple[int, dict[str, str], str]:
    """Answer a DOI filter with one record per DOI asked for."""
    query = parse_qs(urlsplit(request.url or "").query)
    dois = [f[4:] for f in query["filter"][0].split(",")]
    return 200, {}, json.dumps(work_list([fake_item(d) for d in dois]))


@responses.activate
def test_dois_are_fetched_in_batches_with_select_and_mailto() -> None:
    responses.add_callback(responses.GET, f"{BASE}/works", callback=filter_callback)
    refs = [entry(f"10.1038/NNANO.{i:04d}") for i in range(120)]
    out = verifier(settings()).verify(refs)
    assert [v.status for v in out] == ["verified"] * 120
    assert all(v.differences == [] for v in out)
    assert len(responses.calls) == -(-120 // BATCH_SIZE) == 3
    first = parse_qs(urlsplit(responses.calls[0].request.url).query)
    assert first["mailto"] == ["dev@example.org"]
    assert first["rows"] == [str(BATCH_SIZE)]
    assert "journal-issue" not in first["select"][0] and "updated-by" in first["select"][0]
    assert first["filter"][0].startswith("doi:10.1038/nnano.0000,doi:10.1038/nnano.0001")
    ua = responses.calls[0].request.headers["User-Agent"]
    assert ua.startswith("refcheck/") and ua.endswith("(mailto:dev@example.org)")
    assert all(c.request.req_kwargs["timeout"] for c in responses.calls)


@responses.activate
def test_doi_missing_from_batch_is_confirmed_then_not_found_or_other_agency() -> None:
    responses.get(f"{BASE}/works", json=work_list([]))
    responses.get(f"{BASE}/works/10.9999%2Fnope", status=404, body="Resource not found.")
    responses.get(
        f"{BASE}/works/10.9999%2Fnope/agency", json={"message": {"agency": {"id": "crossref"}}}
    )
    responses.get(f"{BASE}/works/10.5281%2Fzenodo.1", status=404, body="Resource not found.")
    responses.get(
        f"{BASE}/works/10.5281%2Fzenodo.1/agency",
        json={"message": {"agency": {"id": "datacite", "label": "DataCite"}}},
    )
    out = verifier(settings()).verify([entry("10.9999/nope"), entry("10.5281/zenodo.1")])
    assert [v.status for v in out] == ["doi-not-found", "skipped"]
    assert "DataCite" in out[1].reason


@responses.activate
def test_doi_pointing_at_another_work_is_a_mismatch_and_wrong_volume_a_difference() -> None:
    other = dict(sample("10.1021_acs.orglett.9b00971"), DOI="10.1234/a")
    same = dict(sample("10.1038_nnano.2014.279"), DOI="10.1234/b")
    responses.get(f"{BASE}/works", json=work_list([other, same]))
    out = verifier(settings()).verify([entry("10.1234/a"), entry("10.1234/b", volume="11")])
    assert out[0].status == "doi-mismatch" and "Copper" in out[0].record_title
    assert out[1].status == "verified"
    assert [(d.field, d.entry, d.crossref) for d in out[1].differences] == [("volume", "11", "10")]


@responses.activate
def test_entries_without_doi_are_searched_and_accepted_by_field_agreement() -> None:
    jervis = sample("jervis-1978", ESSAY)
    decoy = sample("decoy-allin-2015", ESSAY)
    responses.get(f"{BASE}/works", json=work_list([decoy, jervis]))
    ref = entry(
        None,
        authors=["Jervis"],
        year="1978",
        title="Cooperation under the Security Dilemma",
        container="World Politics",
        volume="30",
        issue="2",
        pages="167–214",
    )
    [v] = verifier(settings()).verify([ref])
    assert v.status == "verified" and v.doi == "10.2307/2009958" and v.differences == []
    query = parse_qs(urlsplit(responses.calls[0].request.url).query)
    assert query["query.bibliographic"] == [build_query(ref)]
    assert query["rows"] == ["5"]


@responses.activate
def test_search_without_an_acceptable_candidate_is_not_found() -> None:
    responses.get(f"{BASE}/works", json=work_list([sample("decoy-allin-2015", ESSAY)]))
    ref = entry(
        None,
        authors=["Walt"],
        year="2015",
        title="The Ukraine Crisis and the Perils of Liberal Interventionism",
    )
    [v] = verifier(settings()).verify([ref])
    assert v.status == "not-found" and "Walt" in v.searched


@responses.activate
def test_retry_after_is_honoured_then_success() -> None:
    clock = FakeClock()
    responses.get(f"{BASE}/works/10.1234%2Fx", status=429, headers={"Retry-After": "7"})
    responses.get(f"{BASE}/works/10.1234%2Fx", json={"message": {"DOI": "10.1234/x"}})
    http = Http(settings(), clock=clock)
    start = clock.now
    outcome = http.get("/works/10.1234%2Fx", None, "single")
    assert outcome.data is not None and http.throttled == 1
    assert clock.now - start >= 7
    assert len(responses.calls) == 2


@responses.activate
def test_server_errors_are_retried_with_exponential_backoff() -> None:
    clock = FakeClock()
    responses.get(f"{BASE}/works", status=500)
    responses.get(f"{BASE}/works", status=503)
    responses.get(f"{BASE}/works", json=work_list([]))
    http = Http(settings(), clock=clock)
    start = clock.now
    assert http.get("/works", {"query.bibliographic": "x"}, "list").data is not None
    assert len(responses.calls) == 3
    assert clock.now - start >= 0.5 + 1.0


@responses.activate
def test_persistent_failure_is_unverified_with_a_reason_and_bounded() -> None:
    responses.get(f"{BASE}/works", status=500)
    refs = [entry(None, title=f"Title number {i}") for i in range(6)]
    out = verifier(settings()).verify(refs)
    assert {v.status for v in out} == {"unverified"}
    assert all(v.reason == "HTTP 500" for v in out)
    # Two lookups exhaust their three attempts, then the breaker stops the rest.
    assert len(responses.calls) == 6


@pytest.mark.parametrize(
    "body", ['{"message": {"items": [', "<html>502 Bad Gateway</html>", '{"message": 3}', "[]"]
)
@responses.activate
def test_garbage_json_is_unverified_never_raises(body: str) -> None:
    responses.get(f"{BASE}/works", body=body, content_type="application/json")
    out = verifier(settings()).verify([entry("10.1234/x"), entry(None, title="Some title here")])
    assert [v.status for v in out] == ["unverified", "unverified"]
    assert all("Crossref" in v.reason for v in out)


@responses.activate
def test_connection_errors_and_timeouts_are_unverified() -> None:
    responses.get(f"{BASE}/works", body=requests.ConnectionError("[Errno 111] Connection refused"))
    responses.get(f"{BASE}/works/10.1234%2Fx", body=requests.ReadTimeout("read timed out"))
    out = verifier(settings()).verify([entry(None, title="A title to search")])
    assert out[0].status == "unverified" and out[0].reason == "connection refused"
    http = Http(settings(), clock=FakeClock())
    assert http.get("/works/10.1234%2Fx", None, "single").error == "timed out"


@responses.activate
def test_deadline_makes_the_rest_unverified() -> None:
    clock = FakeClock()
    responses.get(f"{BASE}/works", status=429, headers={"Retry-After": "50"})
    s = settings(deadline=30.0)
    out = verifier(s, clock).verify([entry(None, title="A title to search")])
    assert out[0].status == "unverified" and "deadline" in out[0].reason
    assert len(responses.calls) == 1


def test_pool_paces_to_announced_limits_and_documented_defaults() -> None:
    clock = FakeClock()
    pool = Pool("list", 3.0, 3, jobs=3, clock=clock)  # polite list pool
    starts = []
    for _ in range(3):
        assert pool.acquire(deadline=clock.now + 100)
        starts.append(clock.now)
        pool.release()
    assert starts[1] - starts[0] == pytest.approx(1.02 / 3)
    pool.update(
        {"x-rate-limit-limit": "20", "x-rate-limit-interval": "2s", "x-concurrency-limit": "1"}
    )
    assert pool.rate == 10 and pool.concurrency == 1
    assert pool.spacing == pytest.approx(0.102)


@responses.activate
def test_http_follows_rate_limit_headers_per_pool() -> None:
    clock = FakeClock()
    headers = {"x-rate-limit-limit": "2", "x-rate-limit-interval": "1s", "x-concurrency-limit": "1"}
    responses.get(f"{BASE}/works", json=work_list([]), headers=headers)
    http = Http(settings(mailto=None), clock=clock)
    assert http.pools["list"].rate == 1 and http.pools["single"].rate == 5  # public pool
    times = []
    for _ in range(3):
        http.get("/works", {"query.bibliographic": "q"}, "list")
        times.append(clock.now)
    assert http.pools["list"].rate == 2 and http.pools["single"].rate == 5
    assert times[2] - times[1] == pytest.approx(0.51)


@responses.activate
def test_cache_second_run_makes_no_request_and_failures_are_not_cached(tmp_path: Path) -> None:
    responses.add_callback(responses.GET, f"{BASE}/works", callback=filter_callback)
    responses.get(f"{BASE}/works/10.9999%2Fgone", status=404, body="Resource not found.")
    responses.get(
        f"{BASE}/works/10.9999%2Fgone/agency", json={"message": {"agency": {"id": "crossref"}}}
    )
    refs = [entry("10.1234/a"), entry("10.1234/b")]
    s = settings(tmp_path)
    first = verifier(s).verify(refs)
    made = len(responses.calls)
    second = verifier(s).verify(refs)
    assert len(responses.calls) == made == 1
    assert [v.status for v in first] == [v.status for v in second] == ["verified"] * 2
    assert (tmp_path / "crossref.sqlite").exists()


@responses.activate
def test_broken_answers_are_not_cached(tmp_path: Path) -> None:
    responses.get(f"{BASE}/works", body='{"message": {"items": [')
    responses.get(f"{BASE}/works", status=500)
    s = settings(tmp_path)
    verifier(s).verify([entry("10.1234/a")])
    calls = len(responses.calls)
    verifier(s).verify([entry("10.1234/a")])
    assert len(responses.calls) > calls


@responses.activate
def test_doi_is_url_encoded_and_lower_cased() -> None:
    responses.get(f"{BASE}/works", json=work_list([]))
    responses.get(f"{BASE}/works/10.1002%2F%28sici%291097-4636%28199706%29", status=404)
    responses.get(f"{BASE}/works/10.1002%2F%28sici%291097-4636%28199706%29/agency", status=404)
    [v] = verifier(settings()).verify([entry("https://doi.org/10.1002/(SICI)1097-4636(199706)")])
    assert v.status == "doi-not-found" and v.searched == "10.1002/(sici)1097-4636(199706)"


def test_helpers() -> None:
    assert normalise_doi("doi: 10.2307/2009958.") == "10.2307/2009958"
    assert normalise_doi("10.12/x") is None
    assert parse_interval("1s") == 1.0 and parse_interval("250ms") == 0.25
    assert parse_interval("soon") is None


def test_make_verifier_reads_timeout_and_deadline_from_env(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("REFCHECK_CROSSREF_TIMEOUT", "1.5")
    monkeypatch.setenv("REFCHECK_CROSSREF_DEADLINE", "9")
    v = make_verifier(CrossrefSettings(use_cache=False))
    assert v.settings.timeout == 1.5 and v.settings.deadline == 9


def test_entries_without_title_or_doi_are_skipped() -> None:
    ref = Reference(Span("d.txt", 1, 1, 1, 2), "Smith 2001", authors=[Name("Smith")])
    [v] = verifier(settings()).verify([ref])
    assert v.status == "skipped"


def test_progress_bar_only_for_enough_lookups_and_cleared() -> None:
    import io

    from refcheck.crossref.client import Progress

    stream = io.StringIO()
    bar = Progress(10, True, stream)
    bar.advance(4)
    bar.close()
    assert "4/10" in stream.getvalue() and stream.getvalue().endswith("\r\x1b[K")
    quiet = io.StringIO()
    small = Progress(3, True, quiet)
    small.advance()
    small.close()
    assert quiet.getvalue() == ""


@responses.activate
def test_one_run_shares_its_deadline_and_lookups_across_documents() -> None:
    """A .bib shared by two documents is looked up once, and the deadline is the run's."""
    responses.add_callback(responses.GET, f"{BASE}/works", callback=filter_callback)
    clock = FakeClock()
    v = verifier(settings(deadline=30.0), clock)
    shared = [entry("10.1038/nnano.0001"), entry("10.1038/nnano.0002")]
    assert [x.status for x in v.verify(shared)] == ["verified", "verified"]
    assert [x.status for x in v.verify([*shared, entry("10.1038/nnano.0003")])] == ["verified"] * 3
    assert len(responses.calls) == 2  # the second document asked only for the new DOI
    clock.sleep(31.0)  # past the run's deadline: nothing more is asked
    late = v.verify([entry("10.1038/nnano.0004")])
    assert late[0].status == "unverified" and len(responses.calls) == 2


def test_pool_replans_waiting_starts_when_the_announced_rate_changes() -> None:
    clock = FakeClock()
    pool = Pool("list", 1.0, 3, jobs=3, clock=clock)  # a documented 1/s
    assert pool.acquire(deadline=clock.now + 100)
    start = clock.now
    assert pool.next_start == pytest.approx(start + 1.02)
    pool.update({"x-rate-limit-limit": "50", "x-rate-limit-interval": "1s"})
    assert pool.next_start == pytest.approx(start + 1.02 / 50)  # not the booked 1.02 s
    pool.pause_until(start + 5, "rate-limited (HTTP 429)")
    assert pool.next_start == start + 5 and pool.waiting_reason() == "rate-limited (HTTP 429)"


def test_a_request_waiting_at_the_old_rate_starts_as_soon_as_the_new_one_allows() -> None:
    pool = Pool("list", 1.0, 3, jobs=3, clock=RealClock())
    assert pool.acquire(deadline=time.monotonic() + 30)
    waited: list[float] = []

    def second() -> None:
        t = time.monotonic()
        assert pool.acquire(deadline=t + 30)
        waited.append(time.monotonic() - t)

    thread = threading.Thread(target=second)
    thread.start()
    time.sleep(0.05)
    pool.update({"x-rate-limit-limit": "100", "x-rate-limit-interval": "1s"})
    thread.join(10)
    assert waited and waited[0] < 0.9  # booked at 1/s it would have waited 1.02 s
