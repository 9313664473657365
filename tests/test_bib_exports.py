"""BibTeX as Zotero, DBLP, Google Scholar, arXiv, ACM and publishers export it: no false
findings on the forms they write, the real defects still found, and %-comments read as
the document's own backend reads them."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from refcheck.cli import command
from refcheck.references.bibtex import parse_bib
from tests.conftest import ROOT

EXPORTS = "fixtures/bib-exports/exports.bib"
DEFECTS = "fixtures/bib-exports/defects.bib"


def run(*args: str) -> tuple[int, list[tuple[str, int, int, str]], str]:
    r = CliRunner().invoke(command, [*args, "--offline", "--format", "json"])
    out = json.loads(r.stdout)
    found = [(f["path"], f["line"], f["column"], f["code"]) for f in out["findings"]]
    return r.exit_code, found, "\n".join(f["message"] for f in out["findings"])


@pytest.fixture(autouse=True)
def _at_root(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)


def test_real_export_forms_give_no_finding() -> None:
    assert run(EXPORTS)[:2] == (0, [])


def test_export_kinds() -> None:
    text = (ROOT / EXPORTS).read_text(encoding="utf-8")
    refs = {r.key: r for r in parse_bib(text, EXPORTS).references}
    for key in ("DBLP:journals/corr/abs-1807-03748", "devlin2018bert", "biorxiv2020"):
        assert refs[key].kind == "preprint", key
    assert refs["smithPlantGrowth2020"].container == "Trends in Plant Science"  # @string
    assert refs["smithPlantGrowth2020"].year == "2020"  # date = {2020-03}
    assert refs["smithPlantGrowth2020"].title == "CRISPR Screens in Arabidopsis: A Survey"
    assert refs["10.1145/3458817.3476209"].pages == "58"  # articleno
    assert refs["pythonDocs"].url == "https://docs.python.org/3/reference/"
    assert "old2019" not in refs  # commented out with %: gone for biber and Pandoc
    assert refs["knuth1984"].publisher == "Addison-Wesley"  # a % line inside the entry


def test_real_defects_in_export_forms_are_still_found() -> None:
    code, found, messages = run(DEFECTS)
    assert code == 1
    assert found == [
        (DEFECTS, 2, 1, "RC201"),  # a journal article with an arXiv copy: still no pages
        (DEFECTS, 17, 1, "RC202"),  # 58:15--58:1 runs backwards
        (DEFECTS, 26, 1, "RC202"),  # an ISSN in pages
        (DEFECTS, 29, 1, "RC201"),  # a web page with neither a date nor an access date
    ]
    assert "look like an ISSN" in messages


def test_percent_comments_for_biber() -> None:
    assert run("fixtures/bib-exports/biber.tex")[:2] == (0, [])


def test_percent_lines_for_classic_bibtex_say_what_bibtex_does() -> None:
    code, found, messages = run("fixtures/bib-exports/bibtex.tex")
    assert code == 1
    assert found == [
        (EXPORTS, 4, 9, "RC003"),  # "% … typed @article" opens an entry for BibTeX
        (EXPORTS, 165, 18, "RC003"),  # "%@article{old2019," is read, its "%" lines break it
        (EXPORTS, 176, 3, "RC003"),  # "% edition = …" inside knuth1984
    ]
    assert "the '@' in the '%' line above opens an entry for BibTeX" in messages
    assert "'%' starts no comment for BibTeX" in messages


def test_pandoc_reads_percent_lines_as_comments(tmp_path) -> None:
    doc = tmp_path / "p.md"
    bib = ROOT / EXPORTS
    doc.write_text(f"---\nbibliography: {bib}\n---\n\nSee [@knuth1984].\n", encoding="utf-8")
    assert run(str(doc))[:2] == (0, [])


@pytest.mark.parametrize(
    ("fields", "kind"),
    [
        ("journal = {CoRR}, volume = {abs/1907.11692}", "preprint"),
        ("journal = {arXiv preprint 1511.04992}", "preprint"),
        ("journal = {ArXiv}", "preprint"),
        ("journal = {arXiv e-prints}, eid = {arXiv:2001.00001}", "preprint"),
        ("journal = {medRxiv : the preprint server for health sciences}", "preprint"),
        ("journal = {SSRN Electronic Journal}", "preprint"),
        ("doi = {10.48550/arXiv.2101.00001}", "preprint"),
        ("eprinttype = {arxiv}, eprint = {2101.00001}", "preprint"),
        ("journal = {Nature}, eprint = {2101.00001}, archiveprefix = {arXiv}", "article"),
        ("journal = {Corrosion Science}", "article"),
        ("journal = {Preprints}", "preprint"),
        ("journal = {Preprints and Proceedings of Arts}", "article"),
    ],
)
def test_preprint_detection(fields: str, kind: str) -> None:
    text = f"@article{{k, author = {{Doe, J.}}, title = {{T}}, year = 2020, {fields}}}"
    assert parse_bib(text, "x.bib").references[0].kind == kind
