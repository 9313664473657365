"""The second sources' answers, in their documented shapes, read into records.

Fixtures are in fixtures/sources/ (see its README for the fields and quirks relied on).
Every malformed answer must raise SchemaError (it then becomes "unverified", RC390),
never be read as evidence and never crash.
"""

from __future__ import annotations

import copy
import json
from typing import Any

import pytest

from refcheck.crossref import compare as cmp
from refcheck.sources import arxiv, datacite, dblp, openalex, openlibrary
from refcheck.sources.ids import arxiv_id, bare_arxiv, is_datacite_doi, isbn13
from refcheck.sources.records import describe, split_name
from refcheck.sources.schema import SchemaError
from refcheck.sources.venues import canonical, is_computing, same_venue
from tests.conftest import FIXTURES
from tests.sources_helpers import ref

SOURCES = FIXTURES / "sources"


def load(path: str) -> Any:
    return json.loads((SOURCES / path).read_text(encoding="utf-8"))


# --- DBLP ----------------------------------------------------------------------------------


def test_dblp_hits_become_records_with_venue_and_preprint_flag() -> None:
    recs, total = dblp.parse_hits(load("dblp/search-attention.json"))
    assert total == 2
    nips, corr = recs
    assert cmp.record_title(nips) == "Attention is All you Need"  # full stop dropped
    assert nips["type"] == "proceedings-article" and nips["refcheck-venue"] == "NIPS"
    assert nips["author"][6] == {"family": "Kaiser", "given": "Lukasz"}
    assert "container-title" not in nips  # a proceedings name is a venue, not a journal
    assert corr["type"] == "posted-content" and corr["refcheck-preprint"] is True
    assert corr["DOI"] == "10.48550/arxiv.1706.03762"


def test_dblp_single_author_is_an_object_and_venue_a_list() -> None:
    (rec,), total = dblp.parse_hits(load("dblp/search-single-author.json"))
    assert total == 1
    assert rec["author"] == [{"family": "Turing", "given": "Alan M."}]
    assert rec["container-title"] == ["Mind"] and rec["volume"] == "59"


def test_dblp_no_hit_key_means_no_records() -> None:
    assert dblp.parse_hits(load("dblp/search-empty.json")) == ([], 0)


def test_a_bibtex_homonym_number_is_no_family_name() -> None:
    from pybtex.database import Person

    from refcheck.references.bibtex import _name

    assert (_name(Person("Yang Li 0001")).family, _name(Person("Yang Li 0001")).given) == (
        "Li",
        "Yang",
    )
    assert _name(Person("Li, Yang")).family == "Li"


def test_dblp_homonym_number_is_dropped() -> None:
    recs, total = dblp.parse_hits(load("dblp/listing-nips-2017.json"))
    assert total == 3 and recs[2]["author"][1] == {"family": "Lee", "given": "Su-In"}


@pytest.mark.parametrize(
    "mutate",
    [
        lambda d: d["result"].pop("hits"),
        lambda d: d["result"]["hits"].__setitem__("@total", "many"),
        lambda d: d["result"]["hits"]["hit"][0].__setitem__("info", []),
        lambda d: d["result"]["hits"]["hit"][0]["info"].__setitem__("title", ["a", 3]),
        lambda d: d["result"]["hits"]["hit"][0]["info"]["authors"].__setitem__("author", [7]),
    ],
)
def test_malformed_dblp_answers_are_schema_errors(mutate: Any) -> None:
    data = copy.deepcopy(load("dblp/search-attention.json"))
    mutate(data)
    with pytest.raises(SchemaError):
        dblp.parse_hits(data)


def test_dblp_query_parameters() -> None:
    assert dblp.search_params("Attention is all you need!")["q"] == "Attention is all you need"
    assert dblp.search_params("x") is None
    assert dblp.listing_params("conf/nips", "2017", 1000)["q"] == "stream:conf/nips: year:2017"


# --- arXiv ---------------------------------------------------------------------------------


def test_arxiv_feed_entries_are_read_in_any_order() -> None:
    body = (SOURCES / "arxiv/id-1706.03762-1810.04805.xml").read_bytes()
    bert, attention = arxiv.parse_feed(body)
    assert bert["refcheck-id"] == "1810.04805"
    assert cmp.record_title(bert).endswith("for Language Understanding")  # unwrapped
    assert attention["refcheck-id"] == "1706.03762"
    # Cited rightly by the year of any version: v1 (2017) to the latest (v7, 2023).
    assert cmp.record_years(attention) == set(range(2017, 2024))
    assert attention["author"][5] == {"family": "Gomez", "given": "Aidan N."}


def test_arxiv_unknown_id_is_an_empty_feed_and_errors_are_schema_errors() -> None:
    assert arxiv.parse_feed((SOURCES / "arxiv/empty.xml").read_bytes()) == []
    for name in ("error.xml", "bomb.xml"):
        with pytest.raises(SchemaError):
            arxiv.parse_feed((SOURCES / "arxiv" / name).read_bytes())
    for junk in (b"", b"<html><body>503</body></html>", b'{"json": true}', b"\xff\xfe<feed"):
        with pytest.raises(SchemaError):
            arxiv.parse_feed(junk)


def test_arxiv_search_query_uses_title_words_and_author() -> None:
    params = arxiv.search_params("Attention Is All You Need", "Vaswani")
    assert params == {
        "search_query": "ti:Attention AND ti:All AND ti:You AND ti:Need AND au:Vaswani",
        "max_results": "5",
    }
    assert arxiv.search_params("On it", None) is None


# --- OpenAlex ------------------------------------------------------------------------------


def test_openalex_work_is_a_journal_article_with_biblio() -> None:
    rec = openalex.parse_work(load("openalex/work-jervis-1978.json"))
    assert rec["type"] == "journal-article" and rec["DOI"] == "10.2307/2009958"
    assert rec["container-title"] == ["World Politics"] and rec["page"] == "167-214"
    assert rec["author"] == [{"family": "Jervis", "given": "Robert"}]


def test_openalex_search_types_follow_the_source_type() -> None:
    recs = openalex.parse_search(load("openalex/search-attention.json"))
    assert [r["type"] for r in recs] == ["posted-content", "proceedings-article"]
    assert recs[0]["refcheck-preprint"] is True
    assert openalex.parse_search(load("openalex/search-empty.json")) == []


@pytest.mark.parametrize(
    "mutate",
    [
        lambda d: d.__setitem__("authorships", {"a": 1}),
        lambda d: d["authorships"][0].__setitem__("author", "Jervis"),
        lambda d: d.__setitem__("publication_year", "1978"),
        lambda d: d.__setitem__("biblio", [1]),
        lambda d: d.__setitem__("title", {"en": "x"}),
    ],
)
def test_malformed_openalex_works_are_schema_errors(mutate: Any) -> None:
    data = copy.deepcopy(load("openalex/work-jervis-1978.json"))
    mutate(data)
    with pytest.raises(SchemaError):
        openalex.parse_work(data)


def test_openalex_doi_path_keeps_the_slash() -> None:
    assert openalex.doi_path("10.2307/2009958") == "/works/doi:10.2307/2009958"
    assert openalex.doi_path("10.1002/(sici)1097;x") == "/works/doi:10.1002/%28sici%291097%3Bx"


# --- DataCite ------------------------------------------------------------------------------


def test_datacite_software_by_an_organisation() -> None:
    rec = datacite.parse_work(load("datacite/10.5281_zenodo.3509134.json"))
    assert rec["type"] == "software" and rec["publisher"] == "Zenodo"
    assert rec["author"] == [
        {"name": "The pandas development team", "family": "The pandas development team"}
    ]


def test_datacite_publisher_object_and_preprint() -> None:
    rec = datacite.parse_work(load("datacite/10.48550_arxiv.1706.03762.json"))
    assert rec["publisher"] == "arXiv" and rec["refcheck-preprint"] is True
    assert rec["author"][0] == {"family": "Vaswani", "given": "Ashish"}


def test_malformed_datacite_answers_are_schema_errors() -> None:
    for data in (load("datacite/not-found.json"), {"data": []}, {"data": {"attributes": 1}}):
        with pytest.raises(SchemaError):
            datacite.parse_work(data)


# --- Open Library --------------------------------------------------------------------------


def test_openlibrary_doc_lists_every_edition() -> None:
    (rec,) = openlibrary.parse_docs(load("openlibrary/isbn-9781138633087.json"))
    assert rec["type"] == "book" and rec["subtitle"][0].startswith("The Ukraine Crisis")
    assert cmp.record_years(rec) == {2016, 2017}
    assert rec["refcheck-publishers"][0] == "Routledge"
    assert "9781138633087" in rec["refcheck-isbns"] and "9781315537238" in rec["refcheck-isbns"]


def test_malformed_openlibrary_answers_are_schema_errors() -> None:
    bad = copy.deepcopy(load("openlibrary/isbn-9781138633087.json"))
    bad["docs"][0]["first_publish_year"] = "2016"
    for data in ({"docs": {}}, {"numFound": 0}, bad):
        with pytest.raises(SchemaError):
            openlibrary.parse_docs(data)


# --- identifiers, names, venues ------------------------------------------------------------


@pytest.mark.parametrize(
    ("fields", "expected"),
    [
        ({"doi": "10.48550/arXiv.1706.03762"}, "1706.03762"),
        ({"url": "https://arxiv.org/abs/1810.04805v2"}, "1810.04805"),
        ({"raw": "Vaswani, A. (2017). Attention. arXiv:1706.03762v5."}, "1706.03762"),
        ({"raw": "X. arXiv preprint arXiv:2301.00001"}, "2301.00001"),
        ({"raw": "@misc{k, eprint = {hep-th/9901001}, archivePrefix = {arXiv}}"}, "hep-th/9901001"),
        ({"raw": "Smith (2019). Title. Journal, 3(4), 1706-1710."}, None),
        ({"doi": "10.1145/3097983.3098144"}, None),
    ],
)
def test_arxiv_ids_are_found_wherever_an_entry_prints_them(fields: Any, expected: Any) -> None:
    assert arxiv_id(ref(**fields)) == expected


def test_isbns_are_normalised_and_checked() -> None:
    assert isbn13("978-1-138-63308-7") == "9781138633087"
    assert isbn13("1138633089") == "9781138633087"  # ISBN-10 → ISBN-13
    assert isbn13("1315537230") == "9781315537238"
    assert isbn13("9781138633088") is None  # wrong check digit: nothing to look up
    assert isbn13("12345") is None and isbn13(None) is None
    assert bare_arxiv("1706.03762v7") == "1706.03762" and bare_arxiv("1706") is None
    assert is_datacite_doi("10.5281/zenodo.1") and not is_datacite_doi("10.1145/1")


@pytest.mark.parametrize(
    ("full", "expected"),
    [
        ("Ashish Vaswani", {"family": "Vaswani", "given": "Ashish"}),
        ("Jan-Willem van de Meent", {"family": "van de Meent", "given": "Jan-Willem"}),
        ("Wei Wang 0001", {"family": "Wang", "given": "Wei"}),
        ("Smith, John", {"family": "Smith", "given": "John"}),
        ("Martin Luther King Jr.", {"family": "King Jr.", "given": "Martin Luther"}),
        ("Plato", {"name": "Plato", "family": "Plato"}),
        ("", {}),
    ],
)
def test_full_names_are_split_like_printed_ones(full: str, expected: dict[str, str]) -> None:
    assert split_name(full) == expected


@pytest.mark.parametrize(
    ("name", "key"),
    [
        ("NeurIPS", "NeurIPS"),
        ("NIPS", "NeurIPS"),
        ("Advances in Neural Information Processing Systems 34", "NeurIPS"),
        ("Proc. of the 38th Int. Conf. on Machine Learning", "ICML"),
        ("IEEE/CVF Conference on Computer Vision and Pattern Recognition", "CVPR"),
        ("Proceedings of the AAAI Conference on Artificial Intelligence", "AAAI"),
        ("Journal of Machine Learning Research", "J. Mach. Learn. Res."),
        ("arXiv preprint arXiv:1606.06565", "CoRR"),
        ("NeurIPS Workshop on Machine Learning for Health", None),
        ("Findings of the Association for Computational Linguistics: EMNLP 2020", None),
        ("Psychological Bulletin", None),
        ("Symposium on Neural Scaling Laws", None),
    ],
)
def test_major_venues_are_recognised_however_written(name: str, key: str | None) -> None:
    venue = canonical(name)
    assert (venue.key if venue else None) == key


def test_computing_venues_and_venue_agreement() -> None:
    assert is_computing("Literary and Linguistic Computing")
    assert is_computing("ACM Computing Surveys")
    assert not is_computing("Psychological Bulletin") and not is_computing(None)
    assert same_venue("Advances in Neural Information Processing Systems", "NeurIPS") is True
    assert same_venue("ICML", "NeurIPS") is False
    assert same_venue("NeurIPS", "CoRR") is None  # a preprint is not another venue
    assert same_venue("A Workshop on Things", "NeurIPS") is None


def test_describe_names_title_authors_and_year() -> None:
    recs, _ = dblp.parse_hits(load("dblp/search-attention.json"))
    assert describe(recs[0]) == (
        "'Attention is All you Need' by Vaswani, Shazeer, Parmar et al. (2017)"
    )
