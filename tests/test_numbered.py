"""Numbered reference lists: markers, numbering problems, IEEE/Vancouver/physics entries."""

from __future__ import annotations

import re

from refcheck.model import Name, Span
from refcheck.references.numbered import entry_number, numbering_problems
from refcheck.references.parser import parse_entry
from refcheck.references.reflist import _LIST_MARKER

SPAN = Span("refs.txt", 1, 1, 1, 2)


def test_entry_number_markers() -> None:
    assert entry_number("[12] A. Smith, x") == (12, "A. Smith, x")
    assert entry_number("  3. Smith AB. x") == (3, "Smith AB. x")
    assert entry_number("3) x") == (3, "x")
    assert entry_number("(3) x") == (3, "x")
    assert entry_number("[7]Smith") == (7, "Smith")
    assert entry_number("3.5 mm") == (None, "3.5 mm")
    assert entry_number("Smith, J. (2020)") == (None, "Smith, J. (2020)")


def test_entry_number_agrees_with_reflist_marker() -> None:
    for raw in ("[1] A", "12. B", "4) C", "- D", "1.5 E", "[x] F", "99999. G"):
        m = _LIST_MARKER.match(raw)
        digits = m and (m.group(1) or m.group(2))
        assert entry_number(raw)[0] == (int(digits) if digits else None), raw


def test_numbering_problems() -> None:
    assert numbering_problems([1, 2, 3]) == []
    assert numbering_problems([]) == []
    assert numbering_problems([None, None]) == []
    assert numbering_problems([1, 2, 3, 5]) == [(3, "number 4 is missing (between 3 and 5)")]
    assert numbering_problems([1, 5]) == [(1, "numbers 2–4 are missing (between 1 and 5)")]
    assert numbering_problems([2, 3]) == [(0, "numbering starts at 2, not 1")]
    assert numbering_problems([1, 2, 2, 3]) == [(2, "number 2 is repeated (first at entry 2)")]
    assert numbering_problems([1, 3, 2]) == [(2, "number 2 is out of order (after 3)")]
    assert numbering_problems([1, None, 2]) == []


def test_ieee_entry() -> None:
    raw = (
        'A. Smith, B. Jones, and C. Lee, "Title of paper," IEEE Trans. Pattern Anal. Mach. '
        "Intell., vol. 12, no. 3, pp. 45–67, Mar. 2020, doi: 10.1109/TPAMI.2020.1."
    )
    ref = parse_entry(raw, SPAN)
    assert ref.authors == [Name("Smith", "A."), Name("Jones", "B."), Name("Lee", "C.")]
    assert (ref.title, ref.container) == (
        "Title of paper",
        "IEEE Trans. Pattern Anal. Mach. Intell",
    )
    assert (ref.volume, ref.issue, ref.pages, ref.year) == ("12", "3", "45-67", "2020")
    assert ref.doi == "10.1109/TPAMI.2020.1"
    assert ref.kind == "article"


def test_vancouver_entry() -> None:
    raw = (
        "Smith AB, Jones CD. Title of article. N Engl J Med. 2020;382(3):245-53. "
        "doi:10.1056/NEJMoa1."
    )
    ref = parse_entry(raw, SPAN)
    assert ref.authors == [Name("Smith", "AB"), Name("Jones", "CD")]
    assert (ref.title, ref.container) == ("Title of article", "N Engl J Med")
    assert (ref.volume, ref.issue, ref.pages, ref.year) == ("382", "3", "245-53", "2020")
    assert ref.doi == "10.1056/NEJMoa1"


def test_physics_tails() -> None:
    ref = parse_entry("K. Osterwalder and E. Seiler, Annals Phys. 110, 440 (1978).", SPAN)
    assert ref.authors == [Name("Osterwalder", "K."), Name("Seiler", "E.")]
    assert (ref.title, ref.container, ref.volume, ref.pages, ref.year) == (
        None,
        "Annals Phys",
        "110",
        "440",
        "1978",
    )
    ref = parse_entry("[4] J. P. COLLMAN. Acc. Chem. Res. 10, 265 (1977);", SPAN)
    assert ref.number == 4
    assert ref.authors == [Name("COLLMAN", "J. P.")]
    assert (ref.container, ref.volume, ref.pages) == ("Acc. Chem. Res", "10", "265")
    ref = parse_entry("A. Smith, Title of a paper, Phys. Rev. B 12, 345 (2020).", SPAN)
    assert (ref.title, ref.container, ref.volume) == ("Title of a paper", "Phys. Rev. B", "12")
    ref = parse_entry("Katsuda, S., Tsunemi, H., et al. 2011, ApJ, 730, 24", SPAN)
    assert (ref.title, ref.container, ref.volume, ref.pages) == (None, "ApJ", "730", "24")


def test_other_entries_are_left_to_parse_entry() -> None:
    raw = "Smith, J. (2020). A book. Oxford University Press."
    ref = parse_entry(raw, SPAN)
    assert ref.publisher == "Oxford University Press" and ref.volume is None
    assert not re.search(r"\d", ref.title or "")
