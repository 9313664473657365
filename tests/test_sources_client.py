"""The second sources' client against ``responses`` mocks, on a fake clock.

Answers are the fixtures in the sources' documented shapes. Asserted: what is asked of
whom (and what is not), the arXiv batch and its confirmation of absent ids, pacing at
each source's published limits, the cache, and — for every source and every fault
(429, 5xx, timeout, junk) — that a failure is never evidence.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
import requests
import responses

from refcheck.crossref import Verification
from refcheck.sources import (
    ARXIV,
    DATACITE,
    DBLP,
    DEFAULT_URLS,
    OPENALEX,
    OPENLIBRARY,
    SourceSettings,
)
from refcheck.sources.client import SourcesVerifier
from tests.conftest import FIXTURES
from tests.sources_helpers import ref
from tests.test_crossref_client import FakeClock

SOURCES = FIXTURES / "sources"
URLS = {
    OPENALEX: "http://openalex.test",
    DATACITE: "http://datacite.test",
    ARXIV: "http://arxiv.test",
    DBLP: "http://dblp.test",
    OPENLIBRARY: "http://openlibrary.test",
}


class FakeCrossref:
    """A Crossref verifier that found nothing (searched, no match) for every entry."""

    def __init__(self, status: str = "not-found") -> None:
        self.status = status

    def verify(self, refs: list[Any]) -> list[Verification]:
        return [Verification(self.status, searched="q", reason="HTTP 500") for _ in refs]

    def candidates(self, r: Any) -> list[dict[str, Any]]:
        return []


def verifier(
    tmp_path: Path | None = None,
    names: tuple[str, ...] = (OPENALEX, DATACITE, ARXIV, DBLP, OPENLIBRARY),
    crossref: Any = None,
    key: str | None = None,
    clock: FakeClock | None = None,
) -> SourcesVerifier:
    settings = SourceSettings(
        names=names,
        urls=dict(URLS),
        mailto="dev@example.org",
        openalex_key=key,
        cache_dir=str(tmp_path) if tmp_path else None,
        use_cache=tmp_path is not None,
        timeout=5.0,
        deadline=600.0,
    )
    return SourcesVerifier(settings, crossref or FakeCrossref(), clock=clock or FakeClock())


def body(path: str) -> str:
    return (SOURCES / path).read_text(encoding="utf-8")


ATTENTION = dict(
    kind="conference",
    authors="Vaswani, Ashish; Shazeer, Noam",
    title="Attention is all you need",
    year="2017",
    container="NeurIPS",
)


@responses.activate
def test_a_conference_paper_is_asked_of_dblp_only_and_found() -> None:
    responses.get(
        re.compile(r"http://dblp\.test/search/publ/api\?q=Attention"),
        body=body("dblp/search-attention.json"),
    )
    responses.get(
        re.compile(r"http://dblp\.test/search/publ/api\?q=stream"),
        body=body("dblp/listing-nips-2017.json"),
    )
    (v,) = verifier().verify([ref(**ATTENTION)])
    assert (v.status, v.source, v.differences) == ("verified", DBLP, [])
    hosts = {urlsplit(c.request.url).hostname for c in responses.calls}
    assert hosts == {"dblp.test"}  # nobody else was asked in vain
    assert responses.calls[0].request.headers["User-Agent"].endswith("(mailto:dev@example.org)")


@responses.activate
def test_arxiv_ids_go_in_one_request_and_absent_ones_are_confirmed_alone() -> None:
    def feed(request: requests.PreparedRequest) -> tuple[int, dict[str, str], str]:
        ids = parse_qs(urlsplit(request.url).query)["id_list"][0].split(",")
        if len(ids) > 1:
            return 200, {}, body("arxiv/id-1706.03762-1810.04805.xml")
        return 200, {}, body("arxiv/empty.xml")

    responses.add_callback(
        responses.GET, re.compile(r"http://arxiv\.test/api/query"), callback=feed
    )
    clock = FakeClock()
    refs = [
        ref(**{**ATTENTION, "raw": "arXiv:1706.03762"}),
        ref(
            kind="preprint",
            authors="Devlin, Jacob",
            title="BERT: Pre-training of deep bidirectional transformers for language "
            "understanding",
            year="2018",
            raw="arXiv:1810.04805",
        ),
        ref(
            kind="preprint",
            authors="Park, J.",
            title="Gradient harmonics",
            year="2023",
            raw="arXiv:2301.99999",
        ),
    ]
    out = verifier(names=(ARXIV,), clock=clock).verify(refs)
    assert [v.status for v in out] == ["verified", "verified", "arxiv-not-found"]
    urls = [c.request.url for c in responses.calls]
    assert len(urls) == 2
    assert "id_list=1706.03762%2C1810.04805%2C2301.99999" in urls[0]
    assert "id_list=2301.99999" in urls[1]
    assert clock.now - 1000.0 >= 3.0  # one request every three seconds


@responses.activate
def test_each_source_is_paced_at_its_published_limit() -> None:
    starts: dict[str, list[float]] = {}
    clock = FakeClock()

    def record(request: requests.PreparedRequest) -> tuple[int, dict[str, str], str]:
        host = urlsplit(request.url).hostname or ""
        starts.setdefault(host, []).append(clock.monotonic())
        return 200, {}, body("dblp/search-empty.json")

    responses.add_callback(responses.GET, re.compile(r"http://dblp\.test/.*"), callback=record)
    refs = [
        ref(**{**ATTENTION, "title": f"A study of thing number {i} in detail"}) for i in range(5)
    ]
    verifier(names=(DBLP,), clock=clock).verify(refs)
    gaps = [b - a for a, b in zip(starts["dblp.test"], starts["dblp.test"][1:], strict=False)]
    assert gaps and min(gaps) >= 1.0  # DBLP: one request per second


@responses.activate
def test_openalex_is_searched_only_with_a_key_and_the_key_stays_out_of_the_cache(
    tmp_path: Path,
) -> None:
    responses.get(
        re.compile(r"http://openalex\.test/works\?"), body=body("openalex/search-attention.json")
    )
    r = ref(**{**ATTENTION, "container": "Some Conference"})
    (v,) = verifier(names=(OPENALEX,)).verify([r])
    assert (v.status, v.asked, v.conclusive) == ("not-found", ("crossref",), False)
    assert not responses.calls  # no key: no search, and Crossref's silence is a note
    (v,) = verifier(tmp_path, names=(OPENALEX,), key="secret-key").verify([r])
    assert (v.status, v.source) == ("verified", OPENALEX)
    assert "api_key=secret-key" in responses.calls[0].request.url
    assert b"secret-key" not in (tmp_path / "sources.sqlite").read_bytes()
    (again,) = verifier(tmp_path, names=(OPENALEX,), key="another-key").verify([r])
    assert again.status == "verified" and len(responses.calls) == 1  # from the cache


@responses.activate
def test_a_doi_of_another_agency_goes_to_openalex_and_a_datacite_one_to_datacite() -> None:
    responses.get(
        "http://openalex.test/works/doi:10.2307/2009958",
        body=body("openalex/work-jervis-1978.json"),
    )
    responses.get(
        "http://datacite.test/dois/10.5281/zenodo.3509134",
        body=body("datacite/10.5281_zenodo.3509134.json"),
    )
    jervis = ref(
        kind="article",
        authors="Jervis, Robert",
        title="Cooperation under the Security Dilemma",
        year="1978",
        container="World Politics",
        volume="30",
        pages="167-214",
        doi="10.2307/2009958",
    )
    pandas = ref(
        kind="unknown", title="pandas-dev/pandas: Pandas", year="2020", doi="10.5281/zenodo.3509134"
    )
    crossref = FakeCrossref("unverified")  # Crossref down: OpenAlex vouches for the DOI
    out = verifier(crossref=crossref).verify([jervis, pandas])
    assert [(v.status, v.source) for v in out] == [("verified", OPENALEX), ("verified", DATACITE)]


# --- faults: every source, every kind ------------------------------------------------------

FAULTS = {
    "429": dict(status=429, headers={"Retry-After": "1"}, body="Too Many Requests"),
    "500": dict(status=500, body="Internal Server Error"),
    "timeout": dict(body=requests.Timeout("read timed out")),
    "junk": dict(status=200, body="<html><body>Service unavailable</body></html>"),
}
ENTRIES = {
    DBLP: ref(**ATTENTION),
    ARXIV: ref(**{**ATTENTION, "raw": "arXiv:1706.03762"}),
    OPENALEX: ref(**{**ATTENTION, "doi": "10.2307/2009958"}),
    DATACITE: ref(kind="unknown", title="pandas", year="2020", doi="10.5281/zenodo.3509134"),
    OPENLIBRARY: ref(
        kind="book",
        authors="Charap, Samuel",
        title="Everyone Loses",
        year="2017",
        isbn="9781138633087",
    ),
}


@pytest.mark.parametrize("fault", sorted(FAULTS))
@pytest.mark.parametrize("source", sorted(ENTRIES))
def test_a_failure_is_never_evidence(source: str, fault: str) -> None:
    with responses.RequestsMock() as mock:
        mock.add(responses.GET, re.compile(re.escape(URLS[source]) + r"/.*"), **FAULTS[fault])
        crossref = FakeCrossref("unverified" if source == OPENALEX else "not-found")
        (v,) = verifier(names=(source,), crossref=crossref).verify([ENTRIES[source]])
    assert v.status in ("unverified", "not-found"), v
    assert v.conclusive is not True and source in v.failed
    assert not v.evidence and not v.differences


def test_default_urls_are_the_public_services() -> None:
    assert DEFAULT_URLS == {
        OPENALEX: "https://api.openalex.org",
        DATACITE: "https://api.datacite.org",
        ARXIV: "https://export.arxiv.org",
        DBLP: "https://dblp.org",
        OPENLIBRARY: "https://openlibrary.org",
    }
