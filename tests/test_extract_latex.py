"""LaTeX extraction: every \\cite form, comments, verbatim, files, thebibliography."""

from __future__ import annotations

from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from refcheck.extract.latex import extract_latex, latex_to_text, mask_latex
from refcheck.model import Name
from refcheck.text import LineIndex

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "latex"


def scan(text: str):
    return extract_latex(text, LineIndex(text, "doc.tex"))


def fixture(name: str):
    text = (FIXTURES / name).read_text(encoding="utf-8")
    return extract_latex(text, LineIndex(text, name))


def test_every_cite_form_in_fixture() -> None:
    s = fixture("cites.tex")
    got = [(c.key, c.span.line, c.span.column, c.span.end_column) for c in s.citations]
    assert got == [
        ("smith2020", 5, 20, 29),
        ("jones2019", 5, 54, 63),
        ("lee2018", 5, 64, 71),
        ("a", 6, 7, 8),
        ("b", 6, 16, 17),
        ("c", 6, 37, 38),
        ("d", 6, 49, 50),
        ("e", 6, 64, 65),
        ("f", 6, 77, 78),
        ("g", 7, 12, 13),
        ("h", 7, 33, 34),
        ("i", 7, 46, 47),
        ("j", 7, 59, 60),
        ("k", 7, 73, 74),
        ("l", 8, 9, 10),
        ("m", 8, 18, 19),
        ("n", 9, 3, 4),
        ("o", 11, 21, 22),
        ("q", 15, 30, 31),
    ]
    assert all(c.style == "latex" and c.raw == c.key for c in s.citations)
    narrative = {c.key for c in s.citations if c.narrative}
    assert narrative == {"smith2020", "d", "e", "h", "l"}
    locators = {c.key: c.locator for c in s.citations if c.locator}
    assert locators == {"lee2018": "p. 5", "c": "chap. 2", "h": "12–15"}
    assert s.cite_all
    assert s.bib_files == ["refs.bib", "more.bib"]
    assert s.inputs == ["chapters/intro.tex", "appendix.tex", "fig.pgf"]
    assert s.file_spans["more.bib"].line == 19
    assert s.file_spans["refs.bib"].line == 3


def test_comments_and_verbatim_are_ignored() -> None:
    keys = [c.key for c in fixture("cites.tex").citations]
    assert not {"commented", "p", "verbatim", "inline"} & set(keys)


def test_escaped_percent_is_not_a_comment_but_double_backslash_is() -> None:
    s = scan("50\\% \\cite{x} \\\\% \\cite{y}\n\\cite{z}")
    assert [c.key for c in s.citations] == ["x", "z"]


def test_mask_keeps_offsets_and_newlines() -> None:
    text = "a % comment\n\\begin{verbatim}\nx\n\\end{verbatim}\nb"
    masked = mask_latex(text)
    assert len(masked) == len(text)
    assert masked.count("\n") == text.count("\n")
    assert "comment" not in masked and "x" not in masked.split("\n")[2]


def test_two_optional_notes_and_whitespace() -> None:
    s = scan("\\parencite [see] [p.~9] {\n  one , two }")
    assert [(c.key, c.locator, c.span.line, c.span.column) for c in s.citations] == [
        ("one", None, 2, 3),
        ("two", "p. 9", 2, 9),
    ]


def test_multicite_and_unknown_commands() -> None:
    s = scan("\\textcites[a]{x}[b]{y} \\citefoo{no} \\Textcite{z}")
    assert [(c.key, c.narrative) for c in s.citations] == [("x", True), ("y", True), ("z", True)]


def test_thebibliography_entries() -> None:
    s = fixture("thebib.tex")
    assert [c.key for c in s.citations] == ["knuth84", "lamport"]
    assert [r.key for r in s.bibitems] == ["knuth84", "lamport", "mueller"]
    lamport = s.bibitems[1]
    assert (lamport.span.line, lamport.span.column, lamport.span.end_line) == (7, 1, 9)
    assert lamport.number is None
    assert lamport.authors == [Name("Lamport", "L."), Name("Gödel", "M.")]
    assert lamport.title == "LaTeX: A document preparation system"
    assert (lamport.container, lamport.volume, lamport.issue, lamport.pages) == (
        "J. Doc. Syst",
        "3",
        "2",
        "10-20",
    )
    mueller = s.bibitems[2]
    assert mueller.number == 3
    assert mueller.span.line == 11
    assert mueller.authors == [Name("Müller", "K."), Name("Çelik", "F.")]
    assert mueller.title == "Straßen im Wandel"
    assert mueller.year == "2001"
    assert s.bibitems[0].number == 1
    assert "Addison–Wesley" in s.bibitems[0].raw


def test_latex_to_text() -> None:
    cases = {
        'M{\\"u}ller': "Müller",
        '\\"{U}ber': "Über",
        "\\c{C}elik": "Çelik",
        "\\c c": "ç",
        "\\'{\\i}": "í",
        "Stra\\ss e": "Straße",
        "\\o{} x": "ø x",
        '{\\AA}ngstr{\\"o}m': "Ångström",
        "\\v{S}koda": "Škoda",
        "{\\em Title} \\& \\textbf{B}": "Title & B",
        "\\emph{x} -- y~z --- w": "x – y z — w",
        "``quoted''": "“quoted”",
        "\\href{http://x}{link} \\url{http://y}": "link http://y",
        "The {DNA}  of\n cells": "The DNA of cells",
        "plain": "plain",
    }
    for src, want in cases.items():
        assert latex_to_text(src) == want, src


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("\\{}[]%,* \nabcite@~\"'"))) | st.text())
def test_never_raises_and_spans_inside(text: str) -> None:
    index = LineIndex(text, "doc.tex")
    s = extract_latex(text, index)
    for c in s.citations:
        assert 1 <= c.span.line <= index.line_count
        assert c.span.end_line <= index.line_count
        start = index.line_start(c.span.line) + c.span.column - 1
        assert text[start : start + len(c.key)] == c.key
    latex_to_text(text)


@settings(max_examples=100, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            [
                *("\\cite", "{", "}", "[", "]", "a,b", "%", "\n", "\\begin{verbatim}"),
                *("\\bibitem", "\\begin{thebibliography}", "\\end{thebibliography}"),
                *("\\nocite{*}", " "),
            ]
        ),
        max_size=40,
    )
)
def test_never_raises_on_command_soup(parts: list[str]) -> None:
    text = "".join(parts)
    scan(text)


def test_macro_parameters_and_iffalse_blocks_are_not_citations() -> None:
    text = "\\newcommand{\\mycite}[1]{\\citep{#1}}\n\\iffalse \\cite{hidden} \\fi \\cite{shown}\n"
    scan = extract_latex(text, LineIndex(text, "d.tex"))
    assert [c.key for c in scan.citations] == ["shown"]


def test_bibitem_italic_book_title_and_duplicate_key() -> None:
    text = (
        "\\begin{thebibliography}{9}\n"
        "\\bibitem{knuth84} D. E. Knuth, \\emph{The TeXbook}. Addison-Wesley, 1984.\n"
        "\\bibitem{smith} A. Smith, ``A paper,'' \\emph{J. Test.}, vol. 1, pp. 1--2, 2000.\n"
        "\\end{thebibliography}\n"
    )
    book, paper = extract_latex(text, LineIndex(text, "d.tex")).bibitems
    assert (book.kind, book.title, book.publisher) == ("book", "The TeXbook", "Addison-Wesley")
    assert (paper.title, paper.container) == ("A paper", "J. Test")
