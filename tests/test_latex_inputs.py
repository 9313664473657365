"""LaTeX finds \\input files and bibliographies relative to the root document's folder,
also inside an \\input file; refcheck follows them the same way."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from refcheck.cli import command
from refcheck.extract.latex import extract_latex
from refcheck.text import LineIndex


def run(*args: str) -> tuple[int, list[tuple[str, int, int, str]], dict, str]:
    r = CliRunner().invoke(command, [*args, "--offline", "--format", "json"])
    out = json.loads(r.stdout)
    found = [(f["path"], f["line"], f["column"], f["code"]) for f in out["findings"]]
    return r.exit_code, found, out["summary"], r.stderr


def test_nested_input_is_relative_to_the_root_document(tmp_path: Path) -> None:
    (tmp_path / "chapters").mkdir()
    (tmp_path / "tables").mkdir()
    (tmp_path / "main.tex").write_text(
        "\\documentclass{book}\n\\addbibresource{refs.bib}\n\\begin{document}\n"
        "\\include{chapters/a}\n\\end{document}\n",
        encoding="utf-8",
    )
    (tmp_path / "chapters" / "a.tex").write_text(
        "\\input{chapters/b}\n\\input{tables/stats.10x10}\nSee \\cite{x}.\n", encoding="utf-8"
    )
    (tmp_path / "chapters" / "b.tex").write_text("And \\cite{y}.\n", encoding="utf-8")
    (tmp_path / "tables" / "stats.10x10.tex").write_text("\\cite{zz}\n", encoding="utf-8")
    (tmp_path / "refs.bib").write_text(
        "@book{x, title={T}, publisher={P}, year=2001}\n"
        "@book{y, title={U}, publisher={P}, year=2002}\n",
        encoding="utf-8",
    )
    code, found, summary, err = run(str(tmp_path / "main.tex"))
    assert code == 1
    assert err == ""
    assert found == [(str(tmp_path / "tables" / "stats.10x10.tex"), 1, 7, "RC101")]
    assert summary["citations"] == 3


def test_input_in_a_macro_definition_is_not_a_file() -> None:
    text = "\\newcommand{\\fig}[1]{\\input{figs/#1.tikz}}\n\\input{real}\n"
    assert extract_latex(text, LineIndex(text)).inputs == ["real.tex"]


def test_backend() -> None:
    def backend(text: str) -> str:
        return extract_latex(text, LineIndex(text)).backend

    assert backend("\\usepackage[style=apa]{biblatex}\n\\bibliography{r}") == "biber"
    assert backend("\\usepackage[backend=bibtex]{biblatex}") == "bibtex"
    assert backend("\\addbibresource{r.bib}") == "biber"
    assert backend("\\bibliographystyle{plain}\n\\bibliography{r}") == "bibtex"
    assert backend("% \\usepackage{biblatex}\n\\bibliography{r}") == "bibtex"
    assert backend("Nothing.") == ""


def test_folder_mode_skips_fragments_once_and_counts_files_read() -> None:
    r = CliRunner().invoke(command, ["fixtures/latex-fragments", "--offline", "--format", "json"])
    out = json.loads(r.stdout)
    assert out["findings"] == []  # no "N citations but no reference list" per fragment
    assert r.exit_code == 0
    warnings = [line for line in r.stderr.splitlines() if "skipped" in line]
    assert len(warnings) == 1
    assert "skipped 3 files" in warnings[0]
    for name in ("chapters/c.tex", "old/b.tex", "quarto/_unused.qmd"):
        assert name in warnings[0]
    # main.tex, chapters/a.tex, r.bib, quarto/page.qmd: the files read; 1 of 2 entries cited
    assert out["summary"]["files"] == 4
    assert (out["summary"]["references"], out["summary"]["cited"]) == (2, 1)


def test_summary_line_says_how_many_entries_are_cited() -> None:
    r = CliRunner().invoke(command, ["fixtures/latex-fragments", "--offline"])
    assert r.stdout.splitlines()[-1] == (
        "All checks passed (4 files, 2 citations, 1 of 2 references cited)."
    )


def test_a_fragment_named_on_the_command_line_is_checked() -> None:
    r = CliRunner().invoke(
        command, ["fixtures/latex-fragments/old/b.tex", "--offline", "--format", "json"]
    )
    assert [f["code"] for f in json.loads(r.stdout)["findings"]] == ["RC001"]
