"""The letter classes built for the name patterns."""

from refcheck.charclass import CASED_BMP_ROWS, letters, ranges_class
from refcheck.extract import author_date


def test_cased_rows_hold_every_cased_letter_of_the_plane():
    everything = letters(lambda c: c.isupper() or c.istitle(), [(0, 0x10000)])
    assert letters(str.istitle, CASED_BMP_ROWS) == everything
    assert letters(str.islower, CASED_BMP_ROWS) == letters(str.islower, [(0, 0x10000)])
    assert f"[{everything}]" == author_date._UP


def test_ranges_class_joins_consecutive_code_points():
    assert ranges_class("abcxz") == "a-cxz"
    assert ranges_class("-]") == r"\-\]"
