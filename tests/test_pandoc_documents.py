"""Quarto, R Markdown and bookdown documents: chunks are code, cross-references are not
citations, and the project names the bibliography of every chapter."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from refcheck.cli import command
from refcheck.engine import check_document
from refcheck.extract.pandoc import extract_pandoc, front_matter, is_crossref_label
from refcheck.loaders import Document, expand_paths
from refcheck.markup import prose_view
from refcheck.references.csljson import CslError, parse_csl_yaml
from refcheck.rules import select_rules
from refcheck.text import LineIndex
from tests.conftest import ROOT, TODAY


def run(*args: str) -> tuple[int, list[tuple[str, int, int, str]], dict, str]:
    r = CliRunner().invoke(command, [*args, "--offline", "--format", "json"])
    out = json.loads(r.stdout)
    found = [(f["path"], f["line"], f["column"], f["code"]) for f in out["findings"]]
    return r.exit_code, found, out["summary"], r.stderr


@pytest.fixture(autouse=True)
def _at_root(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)


def keys(text: str, pandoc: bool = True) -> list[str]:
    prose = prose_view(text, "markdown", pandoc)
    return [c.key or "" for c in extract_pandoc(prose, LineIndex(text), narrative=pandoc)]


# ------------------------------------------------------------------ Quarto projects


def test_quarto_book_chapters_use_the_projects_bibliography() -> None:
    code, found, summary, err = run("fixtures/quarto-book")
    assert err == ""
    # Only the one real problem: a key the project's .bib lacks.
    assert found == [("fixtures/quarto-book/chapters/balance.qmd", 3, 42, "RC101")]
    assert code == 1
    # index (2) + threats (walt, jervis, fig-legacy, the caption's waltz, the include's
    # jervis) + balance (2): code, math, e-mail addresses and labels are not citations.
    assert summary["citations"] == 9


def test_quarto_chapter_checked_alone_finds_the_project_bibliography() -> None:
    code, found, _, err = run("fixtures/quarto-book/chapters/threats.qmd")
    assert (code, found, err) == (0, [], "")


def test_quarto_directory_metadata_names_the_bibliography() -> None:
    code, found, summary, err = run("fixtures/quarto-site")
    assert (code, found, err) == (0, [], "")
    assert summary["citations"] == 1  # @fig-one is a figure; about.qmd has an e-mail


def test_project_bibliography_that_is_missing_is_an_input_error(tmp_path: Path) -> None:
    (tmp_path / "_quarto.yml").write_text("bibliography: gone.bib\n", encoding="utf-8")
    (tmp_path / "ch.qmd").write_text("See [@a].\n", encoding="utf-8")
    code, found, _, err = run(str(tmp_path))
    assert code == 2 and found == []
    assert "_quarto.yml: bibliography" in err and "gone.bib" in err


def test_quarto_bibliography_under_a_format(tmp_path: Path) -> None:
    (tmp_path / "_quarto.yml").write_text(
        "format:\n  pdf:\n    bibliography: r.bib\n", encoding="utf-8"
    )
    (tmp_path / "r.bib").write_text("@book{a, title={T}, publisher={P}, year=2001}\n")
    (tmp_path / "ch.qmd").write_text("See [@a] and [@b].\n", encoding="utf-8")
    _, found, _, _ = run(str(tmp_path / "ch.qmd"))
    assert found == [(str(tmp_path / "ch.qmd"), 1, 15, "RC101")]


# ------------------------------------------------------------- R Markdown, bookdown


def test_rmarkdown_chunks_and_inline_code_are_not_prose() -> None:
    code, found, summary, _ = run("fixtures/rmarkdown/paper.Rmd")
    assert found == [("fixtures/rmarkdown/paper.Rmd", 16, 35, "RC101")]  # @smtih2020
    assert code == 1
    # The chunk header's fig.cap cites walt1987; \@ref(fig:map) and obj@data are not.
    assert summary["citations"] == 4


def test_bookdown_chapters_share_index_rmd_bibliography() -> None:
    _, found, _, err = run("fixtures/bookdown")
    assert err == ""
    assert found == [("fixtures/bookdown/01-threats.Rmd", 3, 66, "RC101")]  # waltz1979


def test_folder_scan_includes_quarto_and_rmarkdown(tmp_path: Path) -> None:
    for name in ("a.qmd", "b.Rmd", "c.rmd", "d.markdown", "e.md", "f.bib", "g.yml"):
        (tmp_path / name).write_text("x\n", encoding="utf-8")
    got = [Path(p).name for p in expand_paths([str(tmp_path)])]
    assert got == ["a.qmd", "b.Rmd", "c.rmd", "d.markdown", "e.md"]


def test_chunk_captions_are_prose_and_chunk_code_is_not() -> None:
    text = (
        '```{r fig-a, fig.cap="After @a."}\n'
        "#| label: fig-b\n"
        "#| fig-cap: 'From [@b]'\n"
        "x@y <- 1 # @c\n"
        "```\n"
        "~~~{python}\n@decorator\n~~~\n"
    )
    assert keys(text) == ["a", "b"]


def test_math_shortcodes_and_attributes_are_not_prose() -> None:
    text = "Cost $5 or $10 @a. $x@y$ and $$\n[@z]\n$$ {#sec-x .u} {{< video @q >}} @b."
    assert keys(text) == ["a", "b"]


# ------------------------------------------------------------------ cross-references


@pytest.mark.parametrize(
    "key",
    "fig-map tbl-a sec-intro eq-1 lst-x thm-a lem-b cor-c prp-d def-e exm-f exr-g rem-h "
    "cnj-i Fig-map fig:map sec:intro".split(),
)
def test_crossref_labels(key: str) -> None:
    assert is_crossref_label(key)
    assert keys(f"See @{key}, [@{key}] and [-@{key}].") == []


def test_crossref_mixed_with_a_citation_keeps_the_citation() -> None:
    assert keys("Shown [@fig-a; @smith2020, p. 3] and [see @sec-intro].") == ["smith2020"]


def test_label_shaped_bibliography_key_is_a_citation() -> None:
    text = "As @fig-legacy and @fig-map show."
    cites = extract_pandoc(text, LineIndex(text), keys={"fig-legacy"})
    assert [c.key for c in cites] == ["fig-legacy"]


def test_not_labels() -> None:
    assert not any(map(is_crossref_label, ["figueroa2020", "secord1999", "eqbal", "fig"]))
    assert keys("Per @figueroa2020 and @secord1999.") == ["figueroa2020", "secord1999"]


def test_bookdown_ref_is_not_a_citation() -> None:
    assert keys(r"See Figure \@ref(fig:map) and Table \@ref(tab:x).") == []


# ------------------------------------------------- Markdown that is not a Pandoc file


def test_plain_markdown_mentions_are_not_citations_but_brackets_are() -> None:
    assert keys("Thanks @octocat; see [@smith2020].", pandoc=False) == ["smith2020"]


def test_markdown_with_free_text_list_and_handles_is_clean() -> None:
    text = (
        "Thanks to @octocat. Balancing follows threats (Walt, 1987).\n\n"
        "## References\n\nWalt, S. M. (1987). *The origins of alliances*. Cornell University"
        " Press.\n"
    )
    result = check_document(Document("README.md", text, "markdown"), select_rules(), TODAY)
    assert result.findings == []


def test_markdown_naming_a_bibliography_is_a_pandoc_document(tmp_path: Path) -> None:
    (tmp_path / "r.bib").write_text("@book{a, title={T}, publisher={P}, year=2001}\n")
    doc = tmp_path / "p.md"
    doc.write_text("---\nbibliography: r.bib\n---\n\n@a argues, @b replies.\n")
    _, found, _, _ = run(str(doc))
    assert found == [(str(doc), 5, 12, "RC101")]


# ------------------------------------------------------ front matter and CSL YAML


def test_front_matter_tolerates_rmarkdown_tags_and_reads_references_and_nocite() -> None:
    fm = front_matter(
        "---\ndate: !r Sys.Date()\nbibliography:\n  - a.bib\nnocite: |\n  @x, @y\n"
        "references:\n- id: z\n  issued: 2020-01-02\n---\nbody\n"
    )
    assert fm is not None
    assert fm.bibliography == ["a.bib"]
    assert fm.nocite == ["x", "y"]
    assert fm.references == [{"id": "z", "issued": "2020-01-02"}]


def test_front_matter_yaml_cannot_read_still_gives_the_bibliography() -> None:
    fm = front_matter("---\ntitle: a: b: [\nbibliography: refs.bib\n---\n")
    assert fm is not None and fm.bibliography == ["refs.bib"]


def test_inline_references_in_front_matter(tmp_path: Path) -> None:
    doc = tmp_path / "p.md"
    doc.write_text(
        "---\nreferences:\n- id: a2020\n  type: book\n  author:\n  - family: Alpha\n"
        "  title: T\n  publisher: P\n  issued: 2020\n---\n\n@a2020 and @b2021.\n"
    )
    _, found, _, _ = run(str(doc))
    assert found == [(str(doc), 12, 12, "RC101")]


def test_csl_yaml_forms() -> None:
    text = (
        "references:\n"
        "- id: a\n  type: article-journal\n  issued: 2020-03\n"
        "- id: 'b'\n  issued:\n  - year: 1999\n"
        "- id: c\n  issued:\n    date-parts: [[2001, 2]]\n"
        "- id: d\n  status: in press\n"
        "- id: e\n  type: article\n"
    )
    refs = parse_csl_yaml(text, "r.yaml")
    assert [(r.key, r.year, r.span.line) for r in refs] == [
        ("a", "2020", 2),
        ("b", "1999", 5),
        ("c", "2001", 8),
        ("d", "in press", 11),
        ("e", None, 13),
    ]
    assert refs[4].kind == "preprint"  # CSL "article": a preprint or working paper


def test_csl_yaml_that_is_not_a_bibliography() -> None:
    with pytest.raises(CslError, match="not valid YAML"):
        parse_csl_yaml("references: [\n", "r.yaml")
    with pytest.raises(CslError, match="references"):
        parse_csl_yaml("title: x\n", "r.yaml")


def test_nested_include_is_relative_to_the_page_and_may_reach_the_project(tmp_path: Path) -> None:
    (tmp_path / "_quarto.yml").write_text("bibliography: r.bib\n", encoding="utf-8")
    (tmp_path / "r.bib").write_text("@book{a, title={T}, publisher={P}, year=2001}\n")
    (tmp_path / "common").mkdir()
    (tmp_path / "common" / "_setup.qmd").write_text(
        "{{< include ../../common/_utils.qmd >}}\n", encoding="utf-8"
    )
    (tmp_path / "common" / "_utils.qmd").write_text("Cited [@zz].\n", encoding="utf-8")
    chapter = tmp_path / "chapters" / "ch1"
    chapter.mkdir(parents=True)
    (chapter / "x.qmd").write_text(
        "{{< include ../../common/_setup.qmd >}}\n\nSee [@a].\n", encoding="utf-8"
    )
    _, found, summary, err = run(str(tmp_path))
    assert err == ""
    assert found == [(str(tmp_path / "common" / "_utils.qmd"), 1, 8, "RC101")]
    assert summary["citations"] == 2


def test_include_outside_the_project_is_not_followed(tmp_path: Path) -> None:
    project = tmp_path / "book"
    project.mkdir()
    (tmp_path / "_secret.qmd").write_text("[@x]\n", encoding="utf-8")
    (project / "_quarto.yml").write_text("project:\n  type: book\n", encoding="utf-8")
    (project / "a.qmd").write_text("{{< include ../_secret.qmd >}}\n", encoding="utf-8")
    _, found, _, err = run(str(project / "a.qmd"))
    assert found == [] and "outside" in err and "not followed" in err


def test_generated_packages_bib_is_a_warning_and_r_package_keys_are_not_judged(
    tmp_path: Path,
) -> None:
    (tmp_path / "book.bib").write_text("@book{a, title={T}, publisher={P}, year=2001}\n")
    doc = tmp_path / "index.Rmd"
    doc.write_text(
        "---\nbibliography: [book.bib, packages.bib]\n---\n\n"
        "```{r}\nknitr::write_bib(c('knitr'), 'packages.bib')\n```\n\n"
        "Built with [@R-knitr] on @a; @b is missing.\n",
        encoding="utf-8",
    )
    code, found, summary, err = run(str(doc))
    assert code == 1 and found == [(str(doc), 9, 30, "RC101")]
    assert "packages.bib is not there" in err and "knitr::write_bib" in err
    assert summary["citations"] == 2


def test_missing_bibliography_that_nothing_writes_is_still_an_error(tmp_path: Path) -> None:
    doc = tmp_path / "a.Rmd"
    doc.write_text("---\nbibliography: refs.bib\n---\n\nSee [@a].\n", encoding="utf-8")
    code, found, _, err = run(str(doc))
    assert code == 2 and found == [] and "refs.bib: no such file" in err


# ------------------------------------------------------------------------ Manubot

MANUBOT = "fixtures/manubot/content"


def test_manubot_identifier_keys_need_no_entry() -> None:
    code, found, summary, err = run(
        f"{MANUBOT}/01.intro.md", "--bib", f"{MANUBOT}/manual-references.json"
    )
    assert (code, err) == (1, "")
    assert found == [(f"{MANUBOT}/01.intro.md", 5, 75, "RC101")]  # @smith2020 only
    assert summary["citations"] == 5


def test_identifier_keys_are_whole_keys() -> None:
    assert keys("[@doi:10.1038/x5; @url:http://a.org/b.html] and @arxiv:1609.08144.") == [
        "doi:10.1038/x5",
        "url:http://a.org/b.html",
        "arxiv:1609.08144",
    ]


def test_identifier_keys_outside_manubot_still_need_an_entry(tmp_path: Path) -> None:
    (tmp_path / "r.bib").write_text("@book{a, title={T}, publisher={P}, year=2001}\n")
    doc = tmp_path / "p.md"
    doc.write_text("---\nbibliography: r.bib\n---\n\nSee [@doi:10.1038/x5].\n")
    _, found, _, _ = run(str(doc))
    assert found == [(str(doc), 5, 6, "RC101")]
