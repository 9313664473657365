"""The matcher on hand-made citations and entries (no extraction involved)."""

from __future__ import annotations

from refcheck.matching import ReferenceIndex, Status, match_citations
from refcheck.model import Citation, Name, Reference, Span

S = Span("d", 1, 1, 1, 2)


def ref(*families: str, year: str, suffix: str = "", title: str = "T") -> Reference:
    return Reference(
        S,
        f"{families} {year}{suffix} {title}",
        authors=[Name(f) for f in families],
        year=year,
        suffix=suffix,
        title=title,
    )


def cit(*authors: str, year: str, suffix: str = "", et_al: bool = False) -> Citation:
    return Citation(S, "author-date", "", authors=authors, year=year, suffix=suffix, et_al=et_al)


def resolve(c: Citation, *refs: Reference) -> tuple[Status, list[int]]:
    m = ReferenceIndex(list(refs)).resolve(c)
    return m.status, m.refs


def test_exact_match() -> None:
    assert resolve(cit("Jervis", year="1978"), ref("Jervis", year="1978")) == (Status.RESOLVED, [0])


def test_accents_case_and_particles_are_ignored() -> None:
    assert resolve(cit("Muller", year="2019"), ref("Müller", year="2019"))[0] is Status.RESOLVED
    assert (
        resolve(cit("Van der Berg", year="2020"), ref("van der Berg", year="2020"))[0]
        is Status.RESOLVED
    )
    assert resolve(cit("Berg", year="2020"), ref("van der Berg", year="2020"))[0] is Status.RESOLVED
    assert resolve(cit("O’Neill", year="2001"), ref("O'Neill", year="2001"))[0] is Status.RESOLVED


def test_year_mismatch() -> None:
    assert resolve(cit("Walt", year="2016"), ref("Walt", year="2015")) == (
        Status.YEAR_MISMATCH,
        [0],
    )


def test_misspelt_surname_is_author_mismatch() -> None:
    status, refs = resolve(cit("Mearsheimmer", year="2014"), ref("Mearsheimer", year="2014"))
    assert (status, refs) == (Status.AUTHOR_MISMATCH, [0])


def test_different_person_is_unresolved() -> None:
    assert (
        resolve(cit("Smith", year="2014"), ref("Mearsheimer", year="2014"))[0] is Status.UNRESOLVED
    )
    assert resolve(cit("Lee", year="2014"), ref("Li", year="2014"))[0] is Status.UNRESOLVED


def test_co_author_mismatch() -> None:
    status, _ = resolve(cit("Keohane", "Nye", year="1995"), ref("Keohane", "Martin", year="1995"))
    assert status is Status.AUTHOR_MISMATCH


def test_et_al_picks_the_multi_author_entry() -> None:
    refs = (
        ref("Allmann", "Baldwin", year="2010"),
        ref("Allmann", "Halitschke", "Baldwin", year="2010"),
    )
    assert resolve(cit("Allmann", "Baldwin", year="2010"), *refs) == (Status.RESOLVED, [0])
    assert resolve(cit("Allmann", year="2010", et_al=True), *refs) == (Status.RESOLVED, [1])


def test_suffixes() -> None:
    refs = (ref("Walt", year="1987", suffix="a"), ref("Walt", year="1987", suffix="b", title="U"))
    assert resolve(cit("Walt", year="1987", suffix="b"), *refs) == (Status.RESOLVED, [1])
    assert resolve(cit("Walt", year="1987"), *refs) == (Status.AMBIGUOUS, [0, 1])
    assert resolve(cit("Walt", year="1987", suffix="c"), *refs)[0] is Status.UNRESOLVED


def test_no_date_and_in_press() -> None:
    assert resolve(cit("Doe", year="n.d."), ref("Doe", year="n.d."))[0] is Status.RESOLVED
    assert (
        resolve(cit("Doe", year="in press"), ref("Doe", year="forthcoming"))[0] is Status.RESOLVED
    )


def test_organisation_author() -> None:
    c = cit("World Health Organization", year="2020")
    assert resolve(c, ref("World Health Organization", year="2020"))[0] is Status.RESOLVED


def test_unpublished_work_needs_no_entry() -> None:
    assert resolve(cit("Lacin", "Truman", year="in preparation"))[0] is Status.UNLISTED
    c = Citation(S, "author-date", "", authors=("Shepherd",), year="2015", locator="in revision")
    assert resolve(c, ref("Shepherd", year="2014"))[0] is Status.UNLISTED


def test_surname_and_year_both_typos() -> None:
    refs = (ref("Hirokawa", year="1989"), ref("Hirokawa", "Takemura", year="2005"))
    status, hits = resolve(cit("Hirokarwa", year="1998"), *refs)
    assert (status, hits) == (Status.AUTHOR_MISMATCH, [0])
    assert resolve(cit("Hirokarwa", year="1975"), *refs)[0] is Status.UNRESOLVED


def _match_all(cits: list[Citation], refs: list[Reference]) -> list[Status]:
    return [m.status for m in match_citations(cits, ReferenceIndex(refs))]


def test_year_mismatch_only_for_typo_like_years() -> None:
    refs = [ref("Walt", year="2015")]
    assert _match_all([cit("Walt", year="2016")], refs) == [Status.YEAR_MISMATCH]
    assert _match_all([cit("Walt", year="2051")], refs) == [Status.YEAR_MISMATCH]
    assert _match_all([cit("Walt", year="1987")], refs) == [Status.UNRESOLVED]


def test_entry_cited_correctly_elsewhere_makes_a_near_miss_unresolved() -> None:
    """(Kessler, 2002) next to (Kessler, 2001) names another, missing work."""
    refs = [ref("Kessler", year="2001")]
    cits = [cit("Kessler", year="2001"), cit("Kessler", year="2002")]
    assert _match_all(cits, refs) == [Status.RESOLVED, Status.UNRESOLVED]
    refs = [ref("Keohane", "Martin", year="1995")]
    cits = [cit("Keohane", "Martin", year="1995"), cit("Keohane", "Nye", year="1995")]
    assert _match_all(cits, refs) == [Status.RESOLVED, Status.UNRESOLVED]


def test_misspelt_surname_stays_a_mismatch_when_spelt_right_elsewhere() -> None:
    refs = [ref("Mearsheimer", year="2014")]
    cits = [cit("Mearsheimer", year="2014"), cit("Mearsheimmer", year="2014")]
    assert _match_all(cits, refs) == [Status.RESOLVED, Status.AUTHOR_MISMATCH]


def test_a_work_listed_twice_is_resolved_to_both_copies() -> None:
    refs = (
        ref("Walt", year="1987", title="Alliances"),
        ref("Walt", year="1987", title="Alliances"),
    )
    assert resolve(cit("Walt", year="1987"), *refs) == (Status.RESOLVED, [0, 1])


def test_a_suffix_the_list_does_not_have_is_a_year_mismatch() -> None:
    assert resolve(cit("Walt", year="2015", suffix="a"), ref("Walt", year="2015")) == (
        Status.YEAR_MISMATCH,
        [0],
    )


def test_misspelt_key_suggestion_counts_a_swap_as_one_edit() -> None:
    refs = [Reference(S, "x", key="walt1987"), Reference(S, "y", key="waltz1979")]
    c = Citation(S, "latex", "", key="waltz1997")
    assert ReferenceIndex(refs).resolve(c).detail == "waltz1979"


def test_firms_named_like_two_people() -> None:
    for firm, cited in (
        ("Johnson & Johnson", ("Johnson", "Johnson")),
        ("Ernst & Young", ("Ernst", "Young")),
        ("Johnson and Johnson", ("Johnson", "Johnson")),
    ):
        assert resolve(cit(*cited, year="2019"), ref(firm, year="2019"))[0] is Status.RESOLVED


def test_unresolved_citation_hint_names_the_authors_other_years() -> None:
    from tests.conftest import lint_text

    text = (
        "Use rose (Volkow et al., 2016), as Volkow et al. (2019) said; also (Smith, 2010).\n\n"
        "References\n\n"
        "Volkow, N. D., Koob, G. F., & McLellan, A. T. (2019). Neurobiologic advances. "
        "New England Journal of Medicine, 374(4), 363-371.\n"
        "Volkow, N. D. (2001). Drug abuse. Science, 290(5), 1-2.\n"
        "Smith, J. (2011). A book. Penguin.\n"
    )
    found = [(f.code, f.span.line, f.span.column, f.hint) for f in lint_text(text).findings]
    assert found == [
        (
            "RC101",
            1,
            11,
            "the list has Volkow et al. (2019), Volkow (2001): correct the year if it is "
            "that work, else add it",
        ),
        ("RC103", 1, 69, "did you mean 'Smith (2011)'?"),
        ("RC102", 6, 1, "cite it where it is used, or remove it from the list"),
    ]


def test_short_doi_is_named() -> None:
    from tests.conftest import lint_text

    text = (
        "See (Walt, 2015).\n\nReferences\n\nWalt, S. M. (2015). The myth. Foreign Policy, 12, "
        "1-2. https://doi.org/10/bqhp9z\n"
    )
    [f] = lint_text(text).findings
    assert (f.code, f.span.line, f.span.column) == ("RC204", 5, 1)
    assert f.message == "'10/bqhp9z' is a shortDOI, not a full DOI"
    assert f.hint == "give the full DOI (https://doi.org/10/bqhp9z leads to it)"
