"""Smaller hardening of issue 8: encodings, NUL bytes, special files, terminal escapes,
and a .bib entry without author and year."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from click.testing import CliRunner

from refcheck.cli import command
from refcheck.loaders import InputError, decode, load_document
from tests.conftest import FIXTURES

ESSAY = (FIXTURES / "essay.txt").read_text(encoding="utf-8")


def run(*args: str) -> tuple[int, str, str]:
    r = CliRunner().invoke(command, [*args, "--offline"])
    return r.exit_code, r.stdout, r.stderr


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be", "utf-32-le", "utf-32-be"])
def test_utf16_and_utf32_with_a_bom_are_read(tmp_path: Path, encoding: str) -> None:
    path = tmp_path / "essay.txt"
    path.write_bytes("\ufeff".encode(encoding) + ESSAY.replace("\n", "\r\n").encode(encoding))
    assert load_document(str(path)).text == ESSAY
    code, out, err = run(str(path))
    assert (code, err) == (1, "")
    assert "essay.txt:15:1: RC201" in out  # the same finding as the UTF-8 essay


def test_nul_is_looked_for_in_the_whole_file() -> None:
    data = ESSAY.encode() + b"x" * 100_000 + b"\x00"
    with pytest.raises(InputError, match=r"binary file \(NUL byte at offset 10\d{4}\)"):
        decode(data, "big.txt")


def test_binary_after_a_utf16_mark_is_still_binary() -> None:
    with pytest.raises(InputError, match="binary file"):
        decode(b"\xff\xfe\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\x00", "x.txt")


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs here")
def test_a_fifo_is_refused_not_waited_on(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "pipe.txt")
    with pytest.raises(InputError, match="not a regular file"):
        load_document(str(tmp_path / "pipe.txt"))


def test_terminal_escapes_from_documents_are_shown_escaped(tmp_path: Path) -> None:
    evil = "\x1b]0;pwned\x07\x1b[2J"
    text = ESSAY.replace("Walt, S. M. (2015).", f"Walt, S. M. (2015). {evil}")
    name = tmp_path / "essay\x1b[31m.txt"
    name.write_text(text, encoding="utf-8")
    code, out, _ = run(str(name))
    assert code == 1 and "\x1b" not in out and "\x07" not in out
    assert "\\x1b]0;pwned\\x07\\x1b[2J" in out  # in the source excerpt, visibly
    assert "essay\\x1b[31m.txt:15:1: RC201" in out  # the path too
    doc = tmp_path / "doc.tex"
    doc.write_text("\\input{x\x1b[2Jy}\n", encoding="utf-8")
    _, _, err = run(str(doc))
    assert "\x1b" not in err and "x\\x1b[2Jy" in err  # stderr lines name files too


def test_bib_entry_without_author_and_year_is_reported(tmp_path: Path) -> None:
    bib = tmp_path / "refs.bib"
    bib.write_text(
        "@misc{nothing, title={Something}, howpublished={Online}}\n"
        "@article{anon, title={T}, journal={J}, volume={1}, pages={1--2}}\n"
        "@article{fine, author={Kahn, H.}, title={T}, journal={J}, year={1960},"
        " volume={1}, pages={1--2}}\n",
        encoding="utf-8",
    )
    r = CliRunner().invoke(command, [str(bib), "--offline", "--format", "json"])
    found = [
        (f["line"], f["code"], f["data"].get("missing")) for f in json.loads(r.stdout)["findings"]
    ]
    assert (1, "RC201", ["year", "source"]) in found  # howpublished is no source
    assert (2, "RC201", ["author", "year"]) in found
    assert all(line != 3 for line, _, _ in found)
