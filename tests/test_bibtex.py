"""BibTeX loading: fields, LaTeX decoding, positions, problems and unreadable files."""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from refcheck.analysis import Linker
from refcheck.loaders import InputError
from refcheck.model import Name
from refcheck.references.bibtex import (
    BibProblem,
    BibResult,
    entry_kind,
    parse_bib,
)


def load_bib(path: str) -> BibResult:
    """The production path: the run's Linker reads, decodes and parses the file."""
    return Linker().bib(path)[0]


FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "bib"


def test_clean_bib_fields() -> None:
    result = load_bib(str(FIXTURES / "clean.bib"))
    assert result.problems == []
    refs = {r.key: r for r in result.references}
    assert list(refs) == ["mueller2019", "knuth1984", "celik2020", "site2021", "lee2015"]
    m = refs["mueller2019"]
    assert m.kind == "article"
    assert m.authors == [
        Name("Müller", "Klaus"),
        Name("van der Berg", "Anna"),
        Name("Smith Jr.", "John"),
    ]
    assert m.title == "The DNA of École Normale – a study"
    assert (m.container, m.volume, m.issue, m.pages, m.year) == (
        "Journal of Testing",
        "12",
        "3",
        "45-67",
        "2019",
    )
    assert m.doi == "10.1234/jt.2019.45"
    assert (m.span.line, m.span.column, m.span.end_line, m.span.end_column) == (2, 1, 2, 22)
    k = refs["knuth1984"]
    assert (k.kind, k.title, k.publisher, k.isbn) == (
        "book",
        "The TeXbook",
        "Addison-Wesley",
        "0-201-13447-0",
    )
    c = refs["celik2020"]
    assert c.kind == "conference"
    assert c.authors == [Name("Çelik", "Fatma"), Name("World Health Organization", "")]
    assert c.title == "Straßen und Brücken"
    assert c.container == "Proceedings of the Conference"
    assert c.editors == [Name("Doe", "Jane")]
    assert refs["site2021"].kind == "web"
    assert refs["site2021"].url == "https://example.org/page"
    assert (refs["lee2015"].kind, refs["lee2015"].publisher) == ("thesis", "MIT")


def test_field_lines_and_types() -> None:
    result = load_bib(str(FIXTURES / "clean.bib"))
    assert result.field_lines["mueller2019"] == {
        "author": 3,
        "title": 4,
        "journal": 5,
        "year": 6,
        "volume": 7,
        "number": 8,
        "pages": 9,
        "doi": 10,
    }
    assert result.field_lines["lee2015"]["school"] == 36
    assert result.entry_types["celik2020"] == "inproceedings"


def test_broken_bib_problems() -> None:
    result = load_bib(str(FIXTURES / "broken.bib"))
    assert result.problems == [
        BibProblem(11, 3, "syntax error: '}' expected"),
        BibProblem(14, 1, "duplicate key 'good1' (first defined at line 1)"),
        BibProblem(22, 3, "entry 'dupfield' has a duplicate 'title' field"),
    ]
    keys = [r.key for r in result.references]
    assert keys == ["good1", "broken", "dupfield"]
    assert result.references[0].title == "Fine"  # the first of a duplicate key is kept


def test_nested_braces_do_not_make_fields() -> None:
    result = parse_bib('@misc{k,\n  title = {a, b = c},\n  note = "x, y = z",\n  year = 2000}')
    assert result.field_lines["k"] == {"title": 2, "note": 3, "year": 4}


def test_unreadable_files(tmp_path: Path) -> None:
    with pytest.raises(InputError, match=r"missing\.bib"):
        load_bib(str(tmp_path / "missing.bib"))
    bad = tmp_path / "latin1.bib"
    bad.write_bytes("@misc{k, title={Gr\xfc\xdfe}}".encode("latin-1"))
    with pytest.raises(InputError, match=r"latin1\.bib.*not valid UTF-8"):
        load_bib(str(bad))
    bom = tmp_path / "bom.bib"
    bom.write_bytes(b"\xef\xbb\xbf@misc{k, title={T}}\r\n")
    assert [r.key for r in load_bib(str(bom)).references] == ["k"]


def test_kinds() -> None:
    assert entry_kind("incollection") == "chapter"
    assert entry_kind("misc") == "unknown"
    assert entry_kind("misc", has_url=True) == "web"
    assert entry_kind("mastersthesis") == "thesis"


@settings(max_examples=200, deadline=None)
@given(
    st.binary(max_size=300)
    | st.lists(
        st.sampled_from(
            '@article{|k,|title| = |{|}|"|,|\n|@string{|author={A|@comment{|#|x|(|)|é|{\\"u}'.split(
                "|"
            )
        ),
        max_size=40,
    ).map(lambda parts: "".join(parts).encode())
)
def test_reading_a_bib_raises_only_input_error(data: bytes) -> None:
    folder = tempfile.mkdtemp()
    try:
        path = os.path.join(folder, "x.bib")
        with open(path, "wb") as f:
            f.write(data)
        try:
            result = load_bib(path)
        except InputError:
            return
        for p in result.problems:
            assert p.line >= 1 and p.column >= 1
    finally:
        shutil.rmtree(folder)


def test_biblatex_eid_pubstate_and_eprint() -> None:
    text = (
        "@article{a, author={A, B}, title={T}, journal={J}, year={2020}, volume={3},"
        " eid={e12345}}\n"
        "@article{b, author={C, D}, title={U}, journal={J}, year={2021}, pubstate={forthcoming}}\n"
        "@misc{c, author={E, F}, title={V}, year={2022}, eprint={2201.00001}, eprinttype={arxiv}}\n"
    )
    a, b, c = parse_bib(text, "x.bib").references
    assert a.pages == "e12345" and a.kind == "article"
    assert b.kind == "preprint" and c.kind == "preprint"


def test_duplicate_field_in_a_duplicated_key_is_reported_where_it_is() -> None:
    text = (
        "@article{lee2018, author={Lee, A}, title={T}, year={2018}}\n\n"
        "@article{lee2018,\n  author={Lee, A},\n  year={2018},\n  year={2019},\n}\n"
    )
    problems = {(p.line, p.message) for p in parse_bib(text, "x.bib").problems}
    assert (6, "entry 'lee2018' has a duplicate 'year' field") in problems


def test_crossref_fields_are_inherited() -> None:
    text = (
        "@inproceedings{a, author={X, Y}, title={Paper}, crossref={proc2020}, pages={1--2}}\n"
        "@proceedings{proc2020, title={Proceedings of Things}, year={2020}, publisher={ACM}}\n"
    )
    paper = parse_bib(text, "x.bib").references[0]
    assert (paper.container, paper.year, paper.publisher) == (
        "Proceedings of Things",
        "2020",
        "ACM",
    )
