"""The matcher on hand-made citations and entries (no extraction involved)."""

from __future__ import annotations

from refcheck.matching import ReferenceIndex, Status
from refcheck.model import Citation, Name, Reference, Span

S = Span("d", 1, 1, 1, 2)


def ref(*families: str, year: str, suffix: str = "", title: str = "T") -> Reference:
    return Reference(S, f"{families} {year}{suffix} {title}", authors=[Name(f) for f in families],
                     year=year, suffix=suffix, title=title)


def cit(*authors: str, year: str, suffix: str = "", et_al: bool = False) -> Citation:
    return Citation(S, "author-date", "", authors=authors, year=year, suffix=suffix, et_al=et_al)


def resolve(c: Citation, *refs: Reference) -> tuple[Status, list[int]]:
    m = ReferenceIndex(list(refs)).resolve(c)
    return m.status, m.refs


def test_exact_match() -> None:
    assert resolve(cit("Jervis", year="1978"), ref("Jervis", year="1978")) == (Status.RESOLVED, [0])


def test_accents_case_and_particles_are_ignored() -> None:
    assert resolve(cit("Muller", year="2019"), ref("Müller", year="2019"))[0] is Status.RESOLVED
    assert resolve(cit("Van der Berg", year="2020"), ref("van der Berg", year="2020"))[0] is Status.RESOLVED
    assert resolve(cit("Berg", year="2020"), ref("van der Berg", year="2020"))[0] is Status.RESOLVED
    assert resolve(cit("O’Neill", year="2001"), ref("O'Neill", year="2001"))[0] is Status.RESOLVED


def test_year_mismatch() -> None:
    assert resolve(cit("Walt", year="2016"), ref("Walt", year="2015")) == (Status.YEAR_MISMATCH, [0])


def test_misspelt_surname_is_author_mismatch() -> None:
    status, refs = resolve(cit("Mearsheimmer", year="2014"), ref("Mearsheimer", year="2014"))
    assert (status, refs) == (Status.AUTHOR_MISMATCH, [0])


def test_different_person_is_unresolved() -> None:
    assert resolve(cit("Smith", year="2014"), ref("Mearsheimer", year="2014"))[0] is Status.UNRESOLVED
    assert resolve(cit("Lee", year="2014"), ref("Li", year="2014"))[0] is Status.UNRESOLVED


def test_co_author_mismatch() -> None:
    status, _ = resolve(cit("Keohane", "Nye", year="1995"), ref("Keohane", "Martin", year="1995"))
    assert status is Status.AUTHOR_MISMATCH


def test_et_al_picks_the_multi_author_entry() -> None:
    refs = (ref("Allmann", "Baldwin", year="2010"), ref("Allmann", "Halitschke", "Baldwin", year="2010"))
    assert resolve(cit("Allmann", "Baldwin", year="2010"), *refs) == (Status.RESOLVED, [0])
    assert resolve(cit("Allmann", year="2010", et_al=True), *refs) == (Status.RESOLVED, [1])


def test_suffixes() -> None:
    refs = (ref("Walt", year="1987", suffix="a"), ref("Walt", year="1987", suffix="b", title="U"))
    assert resolve(cit("Walt", year="1987", suffix="b"), *refs) == (Status.RESOLVED, [1])
    assert resolve(cit("Walt", year="1987"), *refs) == (Status.AMBIGUOUS, [0, 1])
    assert resolve(cit("Walt", year="1987", suffix="c"), *refs)[0] is Status.UNRESOLVED


def test_no_date_and_in_press() -> None:
    assert resolve(cit("Doe", year="n.d."), ref("Doe", year="n.d."))[0] is Status.RESOLVED
    assert resolve(cit("Doe", year="in press"), ref("Doe", year="forthcoming"))[0] is Status.RESOLVED


def test_organisation_author() -> None:
    c = cit("World Health Organization", year="2020")
    assert resolve(c, ref("World Health Organization", year="2020"))[0] is Status.RESOLVED
