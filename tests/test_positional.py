"""Numeric citations against a list printed without numbers (refcheck.positional)."""

from __future__ import annotations

from refcheck.extract.numeric import extract_numeric
from refcheck.model import Name, Reference, Span
from refcheck.positional import MAX_MISSING, number_by_position
from refcheck.text import LineIndex
from tests.conftest import codes

SPAN = Span("doc.txt", 1, 1, 1, 2)


def _refs(*families: str) -> list[Reference]:
    return [
        Reference(SPAN, f"{f} A. 2001. On {f.lower()} things.", authors=[Name(f, "A")])
        for f in families
    ]


def _positions(prose: str, refs: list[Reference]):
    index = LineIndex(prose, "doc.txt")
    return number_by_position(refs, extract_numeric(prose, index), prose, index)


def test_a_complete_list_is_numbered_in_order() -> None:
    pos = _positions("One [1], two [2] and three [3].", _refs("Adams", "Baker", "Clark"))
    assert pos is not None
    assert pos.numbers == [1, 2, 3] and pos.missing == [] and not pos.unsure


def test_a_named_author_places_the_missing_entry() -> None:
    prose = "Adams et al. [1] began. Baker and Lee [2] went on. Jones et al. [3], Davis et al. [4]."
    pos = _positions(prose, _refs("Adams", "Baker", "Davis"))
    assert pos is not None
    assert pos.numbers == [1, 2, 4] and pos.missing == [3] and not pos.unsure


def test_a_name_that_contradicts_the_entry_counts_against_the_alignment() -> None:
    # "Baker et al. [2]" is not Clark: [2] cannot be the second entry, so [2] is missing
    # (were names only ever counted for an alignment, [2] and [3] would tie).
    prose = "Adams et al. [1] began. Baker et al. [2] went on. Then [3]."
    pos = _positions(prose, _refs("Adams", "Clark"))
    assert pos is not None
    assert pos.missing == [2] and pos.numbers == [1, 3]


def test_without_evidence_the_gap_is_unsure_and_nothing_is_called_missing() -> None:
    pos = _positions("One [1], two [2], three [3] and four [4].", _refs("Adams", "Baker", "Clark"))
    assert pos is not None
    assert pos.missing == [] and pos.unsure and pos.unsure_entries


def test_a_list_far_shorter_than_the_numbers_is_not_read_by_position() -> None:
    prose = " ".join(f"[{n}]" for n in range(1, 3 + MAX_MISSING + 2))
    assert _positions(prose, _refs("Adams", "Baker")) is None


ENTRIES = (
    "References\n\n"
    "Adams RT. 2002. Stochastic gene expression. Science 297:1183-1186.\n"
    "Baker P, Lee S. 2005. Intrinsic noise. Nature 420:231-237.\n"
    "Clark M. 2010. Phenotypic variation. PLoS Biol 8:e1000353.\n"
)


def test_a_pmc_style_text_resolves_by_position() -> None:
    text = "Noise was measured [1], separated [2] and tied to fitness [3].\n\n"
    assert codes(text + ENTRIES) == []


def test_an_unsure_gap_is_one_note_not_unresolved_citations() -> None:
    text = "Noise was measured [1], separated [2], modelled [3] and tied to fitness [4].\n\n"
    assert codes(text + ENTRIES) == ["RC207"]


def test_an_author_date_text_with_a_stray_bracket_stays_author_date() -> None:
    text = (
        "Noise (Adams, 2002) was separated (Baker & Lee, 2005) and tied to fitness "
        "(Clark, 2010) [1].\n\n"
    )
    assert codes(text + ENTRIES) == []
