"""Loading: encodings, line ends, bad input, folder expansion."""

from __future__ import annotations

from pathlib import Path

import pytest

from refcheck.loaders import (
    MAX_BYTES,
    InputError,
    decode,
    detect_kind,
    expand_paths,
    load_document,
)


def test_utf8_bom_and_crlf_are_normalised(tmp_path: Path) -> None:
    p = tmp_path / "a.txt"
    p.write_bytes(b"\xef\xbb\xbfLine one (M\xc3\xbcller, 2019).\r\nLine two\rthree\r\n")
    doc = load_document(str(p))
    assert doc.text == "Line one (Müller, 2019).\nLine two\nthree\n"
    assert doc.kind == "text"


def test_markdown_kind_from_suffix(tmp_path: Path) -> None:
    p = tmp_path / "a.md"
    p.write_text("# Title\n", encoding="utf-8")
    assert load_document(str(p)).kind == "markdown"


def test_invalid_utf8_names_file_and_offset(tmp_path: Path) -> None:
    p = tmp_path / "latin1.txt"
    p.write_bytes("Caf\u00e9 (Walt, 2015)".encode("latin-1"))
    with pytest.raises(InputError) as exc:
        load_document(str(p))
    assert str(exc.value) == f"{p}: not valid UTF-8 (byte 0xe9 at offset 3); save the file as UTF-8"


def test_binary_file_is_refused(tmp_path: Path) -> None:
    p = tmp_path / "image.txt"
    p.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    with pytest.raises(InputError, match=r"binary file \(NUL byte at offset 8\)"):
        load_document(str(p))


def test_too_large_file_is_refused_without_reading(tmp_path: Path) -> None:
    p = tmp_path / "huge.txt"
    with open(p, "wb") as fh:
        fh.truncate(MAX_BYTES + 1)
    with pytest.raises(InputError, match="file too large"):
        load_document(str(p))


def test_missing_path(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no such file or directory"):
        expand_paths([str(tmp_path / "nope.txt")])


def test_folder_is_searched_in_sorted_order(tmp_path: Path) -> None:
    (tmp_path / "b.md").write_text("x", encoding="utf-8")
    (tmp_path / "a.txt").write_text("x", encoding="utf-8")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "c.txt").write_text("x", encoding="utf-8")
    (tmp_path / "skip.pdf").write_bytes(b"%PDF")
    (tmp_path / ".git").mkdir()
    (tmp_path / ".git" / "d.txt").write_text("x", encoding="utf-8")
    found = [Path(p).relative_to(tmp_path).as_posix() for p in expand_paths([str(tmp_path)])]
    assert found == ["a.txt", "b.md", "sub/c.txt"]


def test_kinds_from_suffix() -> None:
    assert [detect_kind(p) for p in ("a.tex", "b.bib", "c.md", "d.txt", "e")] == [
        "latex",
        "bibtex",
        "markdown",
        "text",
        "text",
    ]


def test_decode_plain() -> None:
    assert decode(b"a\r\nb", "x") == "a\nb"
