"""Field comparison and candidate acceptance against real Crossref record shapes.

The first half are correct entries for real records (fixtures/crossref/samples/, verbatim
Crossref answers): each must produce no difference at all. The second half changes one
field and expects exactly that difference.
"""

from __future__ import annotations

import copy
import json
from typing import Any

import pytest

from refcheck.crossref import FieldDiff
from refcheck.crossref import compare as cmp
from refcheck.model import Name, Reference, Span
from tests.conftest import FIXTURES

SAMPLES = FIXTURES / "crossref" / "samples"
SPAN = Span("doc.txt", 1, 1, 1, 2)


def record(name: str) -> dict[str, Any]:
    return json.loads((SAMPLES / f"{name}.json").read_text(encoding="utf-8"))["message"]


def ref(**fields: Any) -> Reference:
    authors = [Name(a) for a in fields.pop("authors", [])]
    return Reference(SPAN, fields.get("title", ""), authors=authors, **fields)


# Correct entries, each as a careful author would print it, for a real record.
CORRECT = {
    # online 2014, print 2015 (volume 10 issue 1): cited as 2015, short journal name.
    "online-first year, print year": (
        "10.1038_nnano.2014.279",
        ref(
            kind="article",
            authors=["Kuschel", "Reiss"],
            year="2015",
            title="Charges ride the spin wave",
            container="Nature Nanotech.",
            volume="10",
            issue="1",
            pages="22–24",
        ),
    ),
    "online-first year, online year": (
        "10.1038_nnano.2014.279",
        ref(
            kind="article",
            authors=["Kuschel"],
            year="2014",
            title="Charges ride the spin wave",
            container="Nature Nanotechnology",
            volume="10",
            issue="1",
            pages="22-4",
        ),
    ),
    # HTML and newlines in the title; online 2020, issue 2021.
    "HTML in title": (
        "10.1136_jclinpath-2020-206745",
        ref(
            kind="article",
            authors=["Xu"],
            year="2021",
            title="Construction of a reference material panel for detecting KRAS/NRAS/EGFR/"
            "BRAF/MET mutations in plasma ctDNA",
            container="J Clin Pathol",
            volume="74",
            issue="5",
            pages="314-320",
        ),
    ),
    # Article number as page, accented author, abbreviated journal.
    "article number as page": (
        "10.1371_journal.ppat.1008184",
        ref(
            kind="article",
            authors=["Twittenhoff"],
            year="2020",
            title="An RNA thermometer dictates production of a secreted bacterial toxin",
            container="PLoS Pathogens",
            volume="16",
            issue="1",
            pages="e1008184",
        ),
    ),
    "article-number field": (
        "10.7554_elife.01567",
        ref(
            kind="article",
            authors=["Sankar"],
            year="2014",
            title="Automated quantitative histology reveals vascular morphodynamics during "
            "Arabidopsis hypocotyl secondary growth",
            container="eLife",
            volume="3",
            pages="e01567",
        ),
    ),
    # Crelle: Crossref volume "2015" = year, issue "700" = the printed volume.
    "volume by year": (
        "10.1515_crelle-2013-0024",
        ref(
            kind="article",
            authors=["Gursky", "Viaclovsky"],
            year="2015",
            title="Rigidity and stability of Einstein metrics for quadratic curvature functionals",
            container="Journal für die reine und angewandte Mathematik",
            volume="700",
        ),
    ),
    # Subtitle stored apart; proceedings name differs from the entry's short name.
    "proceedings with subtitle": (
        "10.1145_3448016.3452841",
        ref(
            kind="conference",
            authors=["Pandey"],
            year="2021",
            title="Vector Quotient Filters: Overcoming the Time/Space Trade-Off in Filter Design",
            container="SIGMOD '21",
            pages="1386–1399",
        ),
    ),
    "proceedings without subtitle": (
        "10.1145_3448016.3452841",
        ref(
            kind="conference",
            authors=["Pandey"],
            year="2021",
            title="Vector quotient filters",
            container="Proc. SIGMOD",
        ),
    ),
    # A monograph: online July 1, print July 18, 2019.
    "monograph": (
        "10.1017_9781108348843",
        ref(
            kind="book",
            authors=["Leung"],
            year="2019",
            title="The Politics of the Past in Early China",
            publisher="Cambridge UP",
        ),
    ),
    # A book whose container-title is its series.
    "book in a series": (
        "10.1007_978-3-319-53923-2",
        ref(
            kind="book",
            authors=["Gatti", "Lasorne", "Meyer"],
            year="2017",
            title="Applications of Quantum Dynamics in Chemistry",
            publisher="Springer",
        ),
    ),
    # A chapter: container-title is the book.
    "book chapter": (
        "10.1007_978-3-662-46370-3_13",
        ref(
            kind="chapter",
            authors=["Diercks", "Ludvigsen"],
            year="2015",
            title="Clinical symptoms and physical examinations",
            container="Shoulder stiffness",
            pages="155–158",
            publisher="Springer",
        ),
    ),
    # A preprint with HTML and newlines in the title, diacritics in authors.
    "posted content": (
        "10.1101_2020.12.01.406702",
        ref(
            kind="preprint",
            authors=["Joyce"],
            year="2020",
            title="Identification of a novel cationic glycolipid in Streptococcus agalactiae "
            "that contributes to brain entry and meningitis",
        ),
    ),
    # A thesis with an empty issued date: no year to compare.
    "empty issued": (
        "10.14264_uql.2020.791",
        ref(
            kind="thesis",
            authors=["Collingwood"],
            year="2020",
            title="School truancy and financial independence during emerging adulthood: a "
            "longitudinal analysis of receipt of and reliance on cash transfers",
        ),
    ),
    # A magazine article without pages; a typographic apostrophe is not in play here.
    "no pages in record": (
        "10.1045_january2017-burton",
        ref(
            kind="article",
            authors=["Burton"],
            year="2017",
            title="The Scholix framework for interoperability in data-literature "
            "information exchange",
            container="D-Lib Magazine",
            volume="23",
            issue="1",
            pages="1-12",
        ),
    ),
    "abbreviated journal, The": (
        "10.1002_jor.1100150407",
        ref(
            kind="article",
            authors=["Lieber"],
            year="1997",
            title="Growth hormone secretagogue increases muscle strength during "
            "remobilization after canine hindlimb immobilization",
            container="J. Orthop. Res.",
            volume="15",
            issue="4",
            pages="519–27",
        ),
    ),
    "mononym author": (
        "10.1038_d41586-020-02761-z",
        ref(
            kind="article",
            authors=["Sheherazade"],
            year="2020",
            title="Attention science: Some people have only one name",
            container="Nature",
        ),
    ),
}


@pytest.mark.parametrize("case", sorted(CORRECT))
def test_correct_entry_has_no_differences(case: str) -> None:
    name, entry = CORRECT[case]
    rec = record(name)
    assert cmp.compare_fields(entry, rec) == []
    assert not cmp.is_other_work(entry, rec)


@pytest.mark.parametrize(
    "case", [c for c in sorted(CORRECT) if c not in ("empty issued", "mononym author")]
)
def test_correct_entry_is_accepted_as_search_candidate(case: str) -> None:
    name, entry = CORRECT[case]
    assert cmp.best_candidate(entry, [record(name)]) is not None


def _orglett(**changes: Any) -> tuple[Reference, dict[str, Any]]:
    fields: dict[str, Any] = dict(
        kind="article",
        authors=["Mansfield", "Smith", "Yong"],
        year="2019",
        title="A general copper-catalyzed synthesis of ynamides from 1,2-dichloroenamides",
        container="Org. Lett.",
        volume="21",
        issue="8",
        pages="2918–2922",
    )
    fields.update(changes)
    return ref(**fields), record("10.1021_acs.orglett.9b00971")


WRONG = {
    "volume": ({"volume": "31"}, FieldDiff("volume", "31", "21")),
    "issue": ({"issue": "3"}, FieldDiff("issue", "3", "8")),
    "pages": ({"pages": "2918-2929"}, FieldDiff("pages", "2918-2929", "2918-2922")),
    "first page": ({"pages": "2981-2985"}, FieldDiff("pages", "2981-2985", "2918-2922")),
    "year": ({"year": "2017"}, FieldDiff("year", "2017", "2019")),
    "title": (
        {"title": "A general nickel-catalyzed synthesis of ynamines from dichloroalkenes"},
        FieldDiff(
            "title",
            "A general nickel-catalyzed synthesis of ynamines from dichloroalkenes",
            "A General Copper-Catalyzed Synthesis of Ynamides from 1,2-Dichloroenamides",
        ),
    ),
    "first author": (
        {"authors": ["Smith", "Mansfield"]},
        FieldDiff("authors", "Smith", "Mansfield"),
    ),
    "journal": (
        {"container": "Journal of Organic Chemistry"},
        FieldDiff("container", "Journal of Organic Chemistry", "Organic Letters"),
    ),
}


@pytest.mark.parametrize("case", sorted(WRONG))
def test_one_wrong_field_gives_exactly_that_difference(case: str) -> None:
    changes, expected = WRONG[case]
    entry, rec = _orglett(**changes)
    assert cmp.compare_fields(entry, rec) == [expected]


def test_the_unchanged_orglett_entry_is_clean() -> None:
    entry, rec = _orglett()
    assert cmp.compare_fields(entry, rec) == []


def test_a_doi_of_another_work_is_a_mismatch() -> None:
    entry, _ = _orglett()
    assert cmp.is_other_work(entry, record("10.1038_nnano.2014.279"))


def test_translated_title_with_everything_else_agreeing_is_not_another_work() -> None:
    entry, rec = _orglett(title="Eine allgemeine kupferkatalysierte Synthese von Inamiden")
    assert not cmp.is_other_work(entry, rec)


def test_search_rejects_same_title_by_another_author_and_a_book_review() -> None:
    entry = ref(
        kind="book", authors=["Leung"], year="2019", title="The Politics of the Past in Early China"
    )
    review = copy.deepcopy(record("10.1017_9781108348843"))
    review.update(type="journal-article", author=[{"family": "Pines", "given": "Yuri"}])
    assert cmp.best_candidate(entry, [review]) is None
    anonymous_review = dict(review, author=[])
    assert cmp.best_candidate(entry, [anonymous_review]) is None


def test_search_rejects_a_similar_title_and_picks_the_best_of_several() -> None:
    entry, rec = _orglett()
    similar = dict(rec, title=["A general copper-catalyzed synthesis of ynamines"], DOI="x")
    assert cmp.best_candidate(entry, [similar]) is None
    assert cmp.best_candidate(entry, [similar, rec]) is rec


def test_search_needs_more_than_title_and_author() -> None:
    entry, rec = _orglett(year="2001", volume=None, issue=None, pages=None, container=None)
    assert cmp.best_candidate(entry, [rec]) is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("77–89", ("77", "89")),
        ("1425-37", ("1425", "1437")),
        ("pp. 5-9", ("5", "9")),
        ("S12-19", ("s12", "s19")),
        ("e1008184", ("e1008184", None)),
        ("77", ("77", None)),
    ],
)
def test_split_pages(text: str, expected: tuple[str, str | None]) -> None:
    assert cmp.split_pages(text) == expected


def test_first_page_only_record_agrees_with_a_range() -> None:
    entry = ref(kind="article", pages="77-89")
    assert cmp.pages_agree(entry, {"page": "77"}) is True
    assert cmp.pages_agree(entry, {"page": "78"}) is False


@pytest.mark.parametrize(
    ("short", "full"),
    [
        ("J. Biol. Chem.", "Journal of Biological Chemistry"),
        ("Proc. Natl. Acad. Sci. USA", "Proceedings of the National Academy of Sciences USA"),
        ("Lancet", "The Lancet"),
        ("World Politics", "World Politics"),
    ],
)
def test_container_abbreviations(short: str, full: str) -> None:
    entry = ref(kind="article", container=short)
    assert cmp.container_agrees(entry, {"type": "journal-article", "container-title": [full]})


def test_container_of_another_journal_disagrees() -> None:
    entry = ref(kind="article", container="J. Biol. Chem.")
    rec = {"type": "journal-article", "container-title": ["Journal of Bone Chemistry Letters"]}
    assert cmp.container_agrees(entry, rec) is False


def test_titles_tolerate_quotes_case_diacritics_and_subtitles() -> None:
    rec = {
        "title": ["Why the Ukraine Crisis Is the West\u2019s Fault"],
        "subtitle": ["The Liberal Delusions That Provoked Putin"],
    }
    for title in (
        "Why the Ukraine crisis is the West's fault",
        "Why the Ukraine Crisis Is the West’s Fault: The Liberal Delusions That Provoked Putin",
        "WHY THE UKRAINE CRISIS IS THE WEST'S FAULT. THE LIBERAL DELUSIONS THAT PROVOKED PUTIN",
    ):
        assert (cmp.title_score(title, rec) or 0) >= cmp.TITLE_SAME, title
    accents = {"title": ["Économie et société"]}
    assert cmp.title_score("Economie et societe", accents) == 100


def test_retraction_from_updated_by_and_relation_but_not_new_version() -> None:
    assert cmp.retraction_notice(record("10.1371_journal.ppat.1008184")) is None
    rec = {"updated-by": [{"DOI": "10.1/NOTICE", "type": "retraction", "source": "publisher"}]}
    assert cmp.retraction_notice(rec) == "10.1/notice"
    rel = {"relation": {"is-retracted-by": [{"id": "10.1/n2", "id-type": "doi"}]}}
    assert cmp.retraction_notice(rel) == "10.1/n2"
    notice = {"DOI": "10.1/n3", "update-to": [{"DOI": "10.1/WORK", "type": "retraction"}]}
    assert cmp.notice_for("10.1/work", [{"DOI": "10.1/work"}, notice]) == "10.1/n3"
    assert cmp.notice_for("10.1/other", [notice]) is None


def test_record_years_include_issue_dates() -> None:
    assert cmp.record_years(record("10.1136_jclinpath-2020-206745")) == {2020, 2021}
    assert cmp.record_years({"issued": {"date-parts": [[None]]}}) == set()


def test_a_similar_title_by_another_author_is_another_work() -> None:
    """Two papers on one topic: titles alike, first authors different → RC304, not RC302."""
    entry, rec = _orglett()
    other = copy.deepcopy(rec)
    other["author"] = [{"family": "Nobody", "given": "A."}]
    other["title"] = [entry.title.rsplit(" ", 3)[0] + " of another kind entirely"]
    score = cmp.title_score(entry.title, other)
    assert score is not None and cmp.TITLE_OTHER_WORK <= score < cmp.TITLE_SAME
    assert cmp.is_other_work(entry, other)
    same_author = copy.deepcopy(other)
    same_author["author"] = rec["author"]
    assert not cmp.is_other_work(entry, same_author)
