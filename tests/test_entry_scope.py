"""Entry rules judge what the document cites; the .bib alone is checked whole; RC106
lists what a document never cites."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from refcheck.cli import command
from refcheck.crossref import Verification
from refcheck.engine import check_document
from refcheck.loaders import load_document
from refcheck.model import Reference
from refcheck.rules import select_rules
from tests.conftest import ROOT, TODAY

BIB = "fixtures/scope/refs.bib"


def run(*args: str) -> tuple[int, list[tuple[str, int, int, str]]]:
    r = CliRunner().invoke(command, [*args, "--offline", "--format", "json"])
    found = [
        (f["path"], f["line"], f["column"], f["code"]) for f in json.loads(r.stdout)["findings"]
    ]
    return r.exit_code, found


@pytest.fixture(autouse=True)
def _at_root(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)


EVERY_DEFECT = [
    (BIB, 8, 1, "RC201"),  # jervis1978: no volume, no pages
    (BIB, 20, 1, "RC202"),  # glaser1997: pages 171--
    (BIB, 24, 1, "RC201"),  # waltz1979: no publisher
    (BIB, 30, 1, "RC201"),  # waltz1979b: no publisher
    (BIB, 30, 1, "RC203"),  # waltz1979b duplicates waltz1979
]


def test_document_check_reports_only_the_entries_it_cites() -> None:
    assert run("fixtures/scope/paper.tex") == (1, [(BIB, 8, 1, "RC201")])


def test_nocite_star_judges_every_entry() -> None:
    assert run("fixtures/scope/all.tex") == (1, EVERY_DEFECT)


def test_bib_checked_on_its_own_is_judged_whole() -> None:
    assert run(BIB) == (1, EVERY_DEFECT)


def test_nocite_key_and_citations_bring_entries_into_scope() -> None:
    # other.tex cites waltz1979 and glaser1997 and \nocite's waltz1979b.
    assert run("fixtures/scope/other.tex") == (1, EVERY_DEFECT[1:])


def test_pandoc_document_scope(tmp_path) -> None:
    (tmp_path / "r.bib").write_text(
        "@article{a, author={A, B}, title={T}, journal={J}, year=2001}\n"
        "@article{b, author={C, D}, title={U}, journal={J}, year=2002}\n",
        encoding="utf-8",
    )
    doc = tmp_path / "p.md"
    doc.write_text("---\nbibliography: r.bib\n---\n\nAs [@b] shows.\n", encoding="utf-8")
    assert run(str(doc)) == (1, [(str(tmp_path / "r.bib"), 2, 1, "RC201")])
    doc.write_text("---\nbibliography: r.bib\nnocite: '@*'\n---\n\n[@b].\n", encoding="utf-8")
    assert [f[1] for f in run(str(doc))[1]] == [1, 2]


# ------------------------------------------------------------------------ RC106


def test_unused_entry_is_off_by_default_and_lists_uncited_entries() -> None:
    assert not any(f[3] == "RC106" for f in run("fixtures/scope/paper.tex")[1])
    _, found = run("fixtures/scope/paper.tex", "--extend-select", "RC106")
    assert [f for f in found if f[3] == "RC106"] == [
        (BIB, 15, 1, "RC106"),
        (BIB, 24, 1, "RC106"),
        (BIB, 30, 1, "RC106"),
    ]


def test_unused_entry_counts_every_document_of_the_run_sharing_the_bib() -> None:
    _, found = run("fixtures/scope/paper.tex", "fixtures/scope/other.tex", "--select", "RC106")
    assert found == []  # each entry is cited by one of the two


def test_unused_entry_silent_under_nocite_star_and_for_the_bib_alone() -> None:
    assert run("fixtures/scope/all.tex", "--select", "RC106") == (0, [])
    assert run(BIB, "--select", "RC106") == (0, [])


def test_crossref_parent_of_a_cited_entry_is_used(tmp_path) -> None:
    (tmp_path / "r.bib").write_text(
        "@inproceedings{p, author={A, B}, title={T}, crossref={proc}, pages={1--2}}\n"
        "@proceedings{proc, title={Proc. of X}, year=2001, publisher={P}}\n"
        "@misc{x, author={C, D}, title={U}, year=2002, url={https://e.org}}\n",
        encoding="utf-8",
    )
    doc = tmp_path / "p.tex"
    doc.write_text("\\addbibresource{r.bib}\n\\cite{p}\n", encoding="utf-8")
    assert run(str(doc), "--select", "RC106") == (0, [(str(tmp_path / "r.bib"), 3, 1, "RC106")])


# --------------------------------------------------------------- Crossref lookups


class _Recorder:
    def __init__(self) -> None:
        self.asked: list[str] = []

    def verify(self, refs: list[Reference]) -> list[Verification]:
        self.asked += [r.key or "" for r in refs]
        return [Verification("verified") for _ in refs]


def test_only_cited_entries_are_looked_up() -> None:
    recorder = _Recorder()
    doc = load_document("fixtures/scope/paper.tex")
    result = check_document(doc, select_rules(), TODAY, verifier=recorder)
    assert recorder.asked == ["walt1987", "jervis1978"]
    statuses = [v.status for v in result.verifications or []]
    assert statuses == ["verified", "verified", "skipped", "skipped", "skipped"]
