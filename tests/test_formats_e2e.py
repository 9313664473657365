"""LaTeX, BibTeX, Pandoc and numeric documents through the CLI: findings at the right
file and line, and clear errors for broken or missing inputs."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from refcheck.cli import command
from tests.conftest import ROOT


def run(*args: str) -> tuple[int, list[tuple[str, int, str]], str]:
    r = CliRunner().invoke(command, [*args, "--offline", "--format", "json"])
    found = [(f["path"], f["line"], f["code"]) for f in json.loads(r.stdout)["findings"]]
    return r.exit_code, found, r.stderr


@pytest.fixture(autouse=True)
def _at_root(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)


def test_latex_project_with_input_and_bib() -> None:
    code, found, err = run("fixtures/latex-project/paper.tex")
    assert code == 1 and err == ""
    assert found == [
        ("fixtures/latex-project/paper.tex", 13, "RC101"),  # \cite{smtih2020}
        ("fixtures/latex-project/refs.bib", 34, "RC202"),  # pages 89--77, at the field
        ("fixtures/latex-project/refs.bib", 37, "RC201"),  # muller2019 lacks volume, pages
    ]


def test_latex_citations_in_input_files_resolve_and_count() -> None:
    r = CliRunner().invoke(
        command, ["fixtures/latex-project/paper.tex", "--offline", "--format", "json"]
    )
    assert json.loads(r.stdout)["summary"]["citations"] == 6  # intro.tex's jervis1978 too


def test_folder_run_treats_input_files_as_part_of_their_document() -> None:
    _, found, _ = run("fixtures/latex-project")
    assert ("fixtures/latex-project/chapters/intro.tex", 2, "RC001") not in found
    assert [f for f in found if f[2] == "RC101"] == [
        ("fixtures/latex-project/paper.tex", 13, "RC101")
    ]


def test_bib_alone_is_linted() -> None:
    code, found, _ = run("fixtures/latex-project/refs.bib")
    assert code == 1
    assert found == [
        ("fixtures/latex-project/refs.bib", 34, "RC202"),
        ("fixtures/latex-project/refs.bib", 37, "RC201"),
    ]


def test_broken_bib_reports_syntax_and_keeps_the_rest() -> None:
    code, found, _ = run("fixtures/rules/RC003/fail.bib")
    assert code == 1
    assert [f[1:] for f in found if f[2] == "RC003"] == [(11, "RC003"), (23, "RC003")]


def test_pandoc_front_matter_bibliography() -> None:
    code, found, err = run("fixtures/pandoc-project/essay.md")
    assert code == 1 and err == ""
    assert ("fixtures/pandoc-project/essay.md", 9, "RC101") in found  # @nobody2020
    assert not [f for f in found if f[0].endswith(".md") and f[2] != "RC101"]


def test_numeric_document() -> None:
    _, found, _ = run("fixtures/numeric-essay.txt")
    assert found == [
        ("fixtures/numeric-essay.txt", 2, "RC101"),  # [5]
        ("fixtures/numeric-essay.txt", 8, "RC102"),  # [4] never cited
    ]


def test_bib_option_for_a_document_that_names_none(tmp_path: Path) -> None:
    doc = tmp_path / "essay.md"
    doc.write_text("Alliances [@walt1987] and threats [@walt1985].\n", encoding="utf-8")
    _, found, _ = run(str(doc), "--bib", "fixtures/latex-project/refs.bib")
    assert (str(doc), 1, "RC101") in found
    assert len([f for f in found if f[2] == "RC101"]) == 1


def test_author_date_markdown_resolves_against_a_bib(tmp_path: Path) -> None:
    doc = tmp_path / "essay.md"
    doc.write_text("As Waltz (1979) and (Jervis, 1978) argued.\n", encoding="utf-8")
    _, found, _ = run(str(doc), "--bib", "fixtures/latex-project/refs.bib")
    assert [f for f in found if f[0] == str(doc)] == []


def test_missing_bib_is_exit_2_and_other_files_still_linted(tmp_path: Path) -> None:
    shutil.copy(ROOT / "fixtures/latex-project/paper.tex", tmp_path / "paper.tex")
    code, found, err = run(str(tmp_path / "paper.tex"), "fixtures/numeric-essay.txt")
    assert code == 2
    assert f"{tmp_path / 'paper.tex'}:3: bibliography" in err and "no such file" in err
    assert not [f for f in found if f[0].endswith("paper.tex")]  # no false RC101s
    assert ("fixtures/numeric-essay.txt", 2, "RC101") in found


def test_bib_suppression_marker(tmp_path: Path) -> None:
    bib = (ROOT / "fixtures/latex-project/refs.bib").read_text(encoding="utf-8")
    bib = bib.replace("@article{muller2019,", "% refcheck: ignore[RC201]\n@article{muller2019,")
    (tmp_path / "refs.bib").write_text(bib, encoding="utf-8")
    _, found, _ = run(str(tmp_path / "refs.bib"))
    assert [f[2] for f in found] == ["RC202"]


def test_pandoc_csl_json_bibliography() -> None:
    code, found, err = run("fixtures/pandoc-project/csl.md")
    assert code == 1 and err == ""
    assert found == [
        ("fixtures/pandoc-project/csl.md", 5, "RC101"),  # @waltz1979
        ("fixtures/pandoc-project/refs.json", 15, "RC201"),  # walt1987 lacks publisher
    ]


def test_csl_json_that_is_not_a_list_is_a_clear_error(tmp_path: Path) -> None:
    (tmp_path / "refs.json").write_text('{"not": "a list"}', encoding="utf-8")
    doc = tmp_path / "essay.md"
    doc.write_text("---\nbibliography: refs.json\n---\n\nSee [@a].\n", encoding="utf-8")
    code, found, err = run(str(doc))
    assert code == 2 and "a CSL JSON bibliography is a list of items" in err
    assert found == []


def test_bib_option_does_not_add_to_a_document_that_names_its_own(tmp_path: Path) -> None:
    shutil.copy(ROOT / "fixtures/latex-project/refs.bib", tmp_path / "copy.bib")
    code, found, _ = run("fixtures/latex-project/paper.tex", "--bib", str(tmp_path / "copy.bib"))
    assert code == 1
    assert [f for f in found if f[2] == "RC105"] == []
    assert ("fixtures/latex-project/paper.tex", 13, "RC101") in found


def test_pandoc_crossref_labels_are_not_citations(tmp_path: Path) -> None:
    doc = tmp_path / "essay.md"
    doc.write_text("As @fig:map and @tbl:results show [@walt1987].\n", encoding="utf-8")
    _, found, _ = run(str(doc), "--bib", "fixtures/latex-project/refs.bib")
    assert [f for f in found if f[0] == str(doc)] == []


def test_unreadable_bibliography_kind_does_not_also_report_no_list(tmp_path: Path) -> None:
    doc = tmp_path / "essay.md"
    doc.write_text("---\nbibliography: refs.ris\n---\n\nSee [@a].\n", encoding="utf-8")
    code, found, err = run(str(doc))
    assert code == 2 and "CSL JSON and CSL YAML files are read" in err and found == []


def test_same_file_or_bib_named_twice_is_read_once(tmp_path: Path) -> None:
    shutil.copy(ROOT / "fixtures/latex-project/refs.bib", tmp_path / "r.bib")
    doc = tmp_path / "essay.md"
    doc.write_text("---\nbibliography: [r.bib, ./r.bib]\n---\n\nSee [@walt1987].\n", "utf-8")
    _, found, _ = run(str(doc))
    assert not [f for f in found if f[2] in ("RC105", "RC203")]
    _, once, _ = run("fixtures/numeric-essay.txt")
    _, twice, _ = run("fixtures/numeric-essay.txt", "./fixtures/numeric-essay.txt")
    assert twice == once


def test_csl_doi_written_as_a_url(tmp_path: Path) -> None:
    (tmp_path / "refs.json").write_text(
        '[{"id": "a", "type": "book", "author": [{"family": "A", "given": "B"}],'
        ' "issued": {"date-parts": [[2000]]}, "title": "T", "publisher": "P",'
        ' "DOI": "https://doi.org/10.1234/abcd"}]',
        encoding="utf-8",
    )
    doc = tmp_path / "essay.md"
    doc.write_text("---\nbibliography: refs.json\n---\n\nSee [@a].\n", encoding="utf-8")
    code, found, _ = run(str(doc))
    assert (code, found) == (0, [])
