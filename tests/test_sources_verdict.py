"""One verdict per entry from all sources (refcheck.sources.verdict), case by case.

Records come from the fixtures in the sources' real shapes, read by the real parsers;
entries are built field by field. The first requirement is asserted throughout: a real
work printed with one wrong field is never "not found", and "not found" is conclusive
only when every covering source answered and DBLP's listing does not hold the work.
"""

from __future__ import annotations

import copy
import json
from typing import Any

from refcheck.crossref import Verification
from refcheck.sources import (
    ARXIV,
    CROSSREF,
    DATACITE,
    DBLP,
    OPENALEX,
    OPENLIBRARY,
    Answer,
    arxiv,
    datacite,
    dblp,
    openalex,
    openlibrary,
)
from refcheck.sources.plan import needs
from refcheck.sources.verdict import Evidence, decide, publisher_agrees
from tests.conftest import FIXTURES
from tests.sources_helpers import ref

SOURCES = FIXTURES / "sources"
VASWANI = "Vaswani, Ashish; Shazeer, Noam; Parmar, Niki"


def load(path: str) -> Any:
    return json.loads((SOURCES / path).read_text(encoding="utf-8"))


def dblp_hits(path: str = "dblp/search-attention.json") -> list[dict[str, Any]]:
    return dblp.parse_hits(load(path))[0]


def listing(records: list[dict[str, Any]], total: int | None = None) -> Answer:
    return Answer(
        DBLP, "venue", "conf/x 2017", records, total=len(records) if total is None else total
    )


def attention(**fields: Any) -> Any:
    base: dict[str, Any] = {
        "kind": "conference",
        "authors": VASWANI,
        "title": "Attention is all you need",
        "year": "2017",
        "container": "Advances in Neural Information Processing Systems",
    }
    base.update(fields)
    return ref(**base)


def evidence(r: Any, **kw: Any) -> Evidence:
    kw.setdefault("crossref", Verification("not-found", searched="q"))
    return Evidence(r, needs(r), **kw)


def search(source: str, records: list[dict[str, Any]]) -> Answer:
    return Answer(source, "search", "q", records)


# --- Crossref first ------------------------------------------------------------------------


def test_crossref_found_stands_and_nobody_else_is_needed() -> None:
    cr = Verification("verified", searched="q", doi="10.1/x")
    v = decide(evidence(attention(), crossref=cr))
    assert v is cr and v.asked == (CROSSREF,)


# --- identifiers ---------------------------------------------------------------------------


def _arxiv(ids: str = "id-1706.03762-1810.04805.xml") -> list[dict[str, Any]]:
    return arxiv.parse_feed((SOURCES / "arxiv" / ids).read_bytes())


def test_arxiv_id_of_the_work_is_found_and_its_earlier_year_is_no_difference() -> None:
    rec = next(r for r in _arxiv() if r["refcheck-id"] == "1706.03762")
    r = attention(year="2018", raw="arXiv:1706.03762")
    v = decide(evidence(r, answers=[Answer(ARXIV, "arxiv", "1706.03762", [rec])]))
    assert (v.status, v.source, v.differences) == ("verified", ARXIV, [])


def test_arxiv_id_of_another_paper_is_a_mismatch_with_evidence() -> None:
    bert = next(r for r in _arxiv() if r["refcheck-id"] == "1810.04805")
    r = attention(raw="arXiv:1810.04805")
    v = decide(evidence(r, answers=[Answer(ARXIV, "arxiv", "1810.04805", [bert])]))
    assert v.status == "arxiv-mismatch" and v.identifier == "1810.04805"
    assert v.evidence.startswith("'BERT: Pre-training") and "Devlin" in v.evidence


def test_arxiv_id_nobody_has_is_not_found_at_arxiv() -> None:
    v = decide(evidence(attention(), answers=[Answer(ARXIV, "arxiv", "2301.99999", [])]))
    assert v.status == "arxiv-not-found" and v.source == ARXIV


def test_a_failed_arxiv_lookup_is_no_evidence() -> None:
    answers = [Answer(ARXIV, "arxiv", "1706.03762", error="timed out")]
    v = decide(evidence(attention(), answers=answers))
    assert v.status == "not-found" and v.conclusive is False and v.failed == {ARXIV: "timed out"}


def test_datacite_doi_found_without_crossref() -> None:
    rec = datacite.parse_work(load("datacite/10.5281_zenodo.3509134.json"))
    r = ref(
        kind="unknown",
        authors=[],
        title="pandas-dev/pandas: Pandas",
        year="2020",
        doi="10.5281/zenodo.3509134",
    )
    r.authors = []
    ans = Answer(DATACITE, "doi", "10.5281/zenodo.3509134", [rec])
    v = decide(Evidence(r, needs(r), crossref=None, answers=[ans]))
    assert (v.status, v.source) == ("verified", DATACITE)
    missing = Answer(DATACITE, "doi", "10.5281/zenodo.3509134", [])
    v = decide(Evidence(r, needs(r), crossref=None, answers=[missing]))
    assert (v.status, v.source) == ("doi-not-found", DATACITE)


def test_openalex_without_the_doi_says_nothing() -> None:
    r = attention(doi="10.9999/x.1")
    cr = Verification("unverified", searched="10.9999/x.1", reason="HTTP 500")
    v = decide(evidence(r, crossref=cr, answers=[Answer(OPENALEX, "doi", "10.9999/x.1", [])]))
    assert v.status == "not-found" and v.conclusive is False and v.failed == {CROSSREF: "HTTP 500"}


def _charap(**fields: Any) -> Any:
    base: dict[str, Any] = {
        "kind": "book",
        "authors": "Charap, Samuel; Colton, Timothy J.",
        "title": "Everyone Loses: The Ukraine Crisis and the Ruinous Contest for "
        "Post-Soviet Eurasia",
        "year": "2017",
        "publisher": "Routledge",
        "isbn": "978-1-138-63308-7",
    }
    base.update(fields)
    return ref(**base)


def _ol(path: str = "openlibrary/isbn-9781138633087.json") -> list[dict[str, Any]]:
    return openlibrary.parse_docs(load(path))


def test_book_found_by_isbn_with_any_editions_year_and_publisher() -> None:
    ans = Answer(OPENLIBRARY, "isbn", "9781138633087", _ol())
    for fields in ({}, {"year": "2016"}, {"publisher": "Taylor & Francis"}):
        v = decide(evidence(_charap(**fields), answers=[ans]))
        assert (v.status, v.source, v.differences) == ("verified", OPENLIBRARY, []), fields


def test_book_publisher_that_no_edition_has_is_a_difference() -> None:
    ans = Answer(OPENLIBRARY, "isbn", "9781138633087", _ol())
    v = decide(evidence(_charap(publisher="Penguin Books"), answers=[ans]))
    assert [(d.field, d.entry) for d in v.differences] == [("publisher", "Penguin Books")]


def test_isbn_of_another_book_is_a_mismatch() -> None:
    ans = Answer(OPENLIBRARY, "isbn", "9780075548522", _ol("openlibrary/search-other-author.json"))
    v = decide(evidence(_charap(isbn="0075548526"), answers=[ans]))
    assert v.status == "isbn-mismatch" and "Waltz" in v.evidence


def test_publisher_agreement() -> None:
    assert publisher_agrees("Oxford University Press", ["OUP"]) is True
    assert publisher_agrees("OUP", ["Oxford University Press"]) is True
    assert publisher_agrees("John Wiley & Sons", ["Wiley-Blackwell"]) is True
    assert publisher_agrees("MIT Press", ["The MIT Press"]) is True
    assert publisher_agrees("MIT Press", ["Princeton University Press"]) is False
    assert publisher_agrees(None, ["x"]) is None


# --- searches ------------------------------------------------------------------------------


def test_dblp_finds_the_conference_version() -> None:
    v = decide(evidence(attention(), answers=[search(DBLP, dblp_hits())]))
    assert (v.status, v.source, v.differences) == ("verified", DBLP, [])


def test_a_wrong_year_is_a_difference_not_a_missing_work() -> None:
    v = decide(evidence(attention(year="2014"), answers=[search(DBLP, dblp_hits())]))
    assert v.status == "verified"
    assert [(d.field, d.entry, d.crossref) for d in v.differences] == [("year", "2014", "2017")]


def test_a_misprinted_title_with_author_and_year_is_a_title_difference() -> None:
    r = attention(title="Attention is really all you need")
    v = decide(evidence(r, answers=[search(DBLP, dblp_hits())]))
    assert v.status == "verified" and [d.field for d in v.differences] == ["title"]


def test_authors_in_another_order_are_an_authors_difference() -> None:
    r = attention(authors="Shazeer, Noam; Vaswani, Ashish")
    v = decide(evidence(r, answers=[search(DBLP, dblp_hits())]))
    assert v.status == "verified" and [d.field for d in v.differences] == ["authors"]


def test_a_real_title_under_other_authors_is_a_chimera() -> None:
    r = attention(authors="Smith, John; Brown, Mary")
    v = decide(evidence(r, answers=[search(DBLP, dblp_hits())]))
    assert v.status == "chimera" and v.source == DBLP
    assert v.evidence.startswith("'Attention is All you Need' by Vaswani")


def test_no_chimera_for_a_short_generic_title_or_when_a_source_failed() -> None:
    hits = copy.deepcopy(dblp_hits())
    hits[0]["title"] = ["Introduction"]
    r = attention(authors="Smith, John", title="Introduction")
    assert decide(evidence(r, answers=[search(DBLP, hits[:1])])).status == "not-found"
    r = attention(authors="Smith, John; Brown, Mary")
    failed = Answer(OPENALEX, "search", "q", error="HTTP 503")
    v = decide(evidence(r, answers=[search(DBLP, dblp_hits()), failed]))
    assert v.status == "not-found" and v.conclusive is False


def test_openalex_single_year_one_off_is_no_difference() -> None:
    rec = openalex.parse_work(load("openalex/work-jervis-1978.json"))
    r = ref(
        kind="article",
        authors="Jervis, Robert",
        title="Cooperation under the Security Dilemma",
        year="1979",
        container="World Politics",
        volume="30",
        pages="167-214",
    )
    v = decide(evidence(r, answers=[search(OPENALEX, [rec])]))
    assert (v.status, v.differences) == ("verified", [])


# --- venues (RC310) ------------------------------------------------------------------------


def test_a_work_at_another_conference_is_a_venue_difference() -> None:
    r = attention(container="ICML")
    ans = [search(DBLP, dblp_hits())]
    others = dblp_hits("dblp/listing-nips-2017.json")[1:]  # ICML 2017's listing, without it
    v = decide(evidence(r, answers=ans, listing=listing(others)))
    assert v.status == "verified"
    assert [(d.field, d.entry, d.crossref) for d in v.differences] == [
        ("venue", "ICML 2017", "NeurIPS 2017")
    ]


def test_no_venue_claim_when_the_listing_is_incomplete_or_holds_a_retitling() -> None:
    r = attention(container="ICML")
    ans = [search(DBLP, dblp_hits())]
    others = dblp_hits("dblp/listing-nips-2017.json")[1:]
    assert decide(evidence(r, answers=ans, listing=listing(others, total=900))).differences == []
    retitled = copy.deepcopy(dblp_hits()[0])
    retitled["title"] = ["Attention is all you need for machine translation"]
    v = decide(evidence(r, answers=ans, listing=listing([*others, retitled])))
    assert v.differences == []
    assert decide(evidence(r, answers=ans, listing=None)).differences == []


def test_a_preprint_cited_as_a_conference_paper() -> None:
    corr = dblp_hits()[1:]
    others = dblp_hits("dblp/listing-nips-2017.json")[1:]
    v = decide(evidence(attention(), answers=[search(DBLP, corr)], listing=listing(others)))
    assert [(d.field, d.crossref) for d in v.differences] == [
        ("venue", "only as an arXiv preprint (CoRR 2017)")
    ]


def test_the_right_venue_wins_over_the_preprint() -> None:
    full = dblp_hits("dblp/listing-nips-2017.json")
    v = decide(evidence(attention(), answers=[search(DBLP, dblp_hits())], listing=listing(full)))
    assert v.status == "verified" and v.differences == []


# --- not found -----------------------------------------------------------------------------


def _invented() -> Any:
    return attention(
        title="Structured fast fourier transform attention for vision transformers",
        authors="Lee, Yoonwoo; Kang, Jaehyeong",
    )


def test_not_found_is_conclusive_when_every_covering_source_answered() -> None:
    others = dblp_hits("dblp/listing-nips-2017.json")
    e = evidence(_invented(), answers=[search(DBLP, [])], listing=listing(others))
    e.covering = {DBLP}
    v = decide(e)
    assert (v.status, v.conclusive, v.asked) == ("not-found", True, (CROSSREF, DBLP))


def test_not_found_stays_a_note_when_in_doubt() -> None:
    others = dblp_hits("dblp/listing-nips-2017.json")
    # Nothing covers the entry.
    assert decide(evidence(_invented(), answers=[search(DBLP, [])])).conclusive is False
    # A covering source failed.
    e = evidence(_invented(), answers=[Answer(DBLP, "search", "q", error="HTTP 429")])
    e.covering = {DBLP}
    assert decide(e).conclusive is False
    # DBLP's listing is incomplete.
    e = evidence(_invented(), answers=[search(DBLP, [])], listing=listing(others, total=5000))
    e.covering = {DBLP}
    assert decide(e).conclusive is False
    # The listing holds a paper by the first author with a similar title.
    near = copy.deepcopy(others[0])
    near["title"] = ["Fourier attention in vision models"]
    near["author"] = [{"family": "Lee", "given": "Yoonwoo"}]
    e = evidence(_invented(), answers=[search(DBLP, [])], listing=listing([*others, near]))
    e.covering = {DBLP}
    assert decide(e).conclusive is False


def test_a_listed_paper_with_the_same_title_is_found_even_if_the_search_missed_it() -> None:
    full = dblp_hits("dblp/listing-nips-2017.json")
    e = evidence(attention(), answers=[search(DBLP, [])], listing=listing(full))
    e.covering = {DBLP}
    assert decide(e).status == "verified"


def test_everything_failed_is_unverified() -> None:
    cr = Verification("unverified", searched="q", reason="HTTP 500")
    answers = [Answer(DBLP, "search", "q", error="timed out")]
    v = decide(evidence(_invented(), crossref=cr, answers=answers))
    assert (v.status, v.reason) == ("unverified", "HTTP 500")
    assert v.failed == {CROSSREF: "HTTP 500", DBLP: "timed out"}
