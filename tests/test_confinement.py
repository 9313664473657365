"""Files a document or a folder scan leads to stay inside the project (refcheck.project).

Each project here is built in a temporary folder (no git work tree above it), so its
root is the configuration's folder, the scanned folder or the document's folder; one
test gives it a ``.git`` to show that the work tree is the root when there is one.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from click.testing import CliRunner

from refcheck.cli import command
from refcheck.project import project_root

BIB = "@article{kahn1960, author={Kahn, Herman}, title={On Thermonuclear War},\n"
BIB += " journal={Strategy}, year={1960}, volume={1}, pages={1--9}}\n"
SECRET = "Secret (Mallory, 2020) text the project must never show.\n"


def run(*args: str) -> tuple[int, list[tuple[str, int, str]], str, str]:
    r = CliRunner().invoke(command, [*args, "--offline", "--format", "json"])
    found = [
        (os.path.basename(f["path"]), f["line"], f["code"])
        for f in json.loads(r.stdout)["findings"]
    ]
    return r.exit_code, found, r.stderr, r.stdout


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    """``outside/`` (a secret and a .bib) next to the project ``paper/``."""
    (tmp_path / "outside").mkdir()
    (tmp_path / "outside" / "secret.tex").write_text(SECRET, encoding="utf-8")
    (tmp_path / "outside" / "refs.bib").write_text(BIB, encoding="utf-8")
    (tmp_path / "paper").mkdir()
    return tmp_path


def _tex(body: str) -> str:
    return "\\documentclass{article}\n\\begin{document}\n" + body + "\n\\end{document}\n"


@pytest.mark.parametrize(
    "body",
    [
        "\\input{../outside/secret}\n\\cite{kahn1960}\n\\bibliography{refs}",
        "\\include{%s}\n\\cite{kahn1960}\n\\bibliography{refs}",
        "\\cite{kahn1960}\n\\bibliography{../outside/refs}",
        "\\cite{kahn1960}\n\\addbibresource{%s.bib}",
        "\\input{linked}\n\\cite{kahn1960}\n\\bibliography{refs}",
        "\\cite{kahn1960}\n\\bibliography{linkedrefs}",
    ],
)
def test_latex_paths_out_of_the_project_are_refused(tree: Path, body: str) -> None:
    paper = tree / "paper"
    (paper / "refs.bib").write_text(BIB, encoding="utf-8")
    (paper / "linked.tex").symlink_to(tree / "outside" / "secret.tex")
    (paper / "linkedrefs.bib").symlink_to(tree / "outside" / "refs.bib")
    if "%s" in body:  # absolute paths
        body = body % (tree / "outside" / ("secret" if "include" in body else "refs"))
    (paper / "main.tex").write_text(_tex(body), encoding="utf-8")
    code, found, err, out = run(str(paper / "main.tex"))
    assert "Mallory" not in out + err
    assert "refcheck: warning:" in err and "outside the project" in err, err
    assert "Traceback" not in err
    # Nothing read from outside, and no false finding for it: what the missing file
    # would have cited or defined is unknown, so nothing is called unresolved or uncited.
    assert [c for _, _, c in found if c in ("RC101", "RC102")] == []
    assert code in (0, 1)


def test_front_matter_and_config_bibliographies_are_confined(tree: Path) -> None:
    paper = tree / "paper"
    doc = "---\nbibliography: ../outside/refs.bib\n---\n\nAs shown [@kahn1960].\n"
    (paper / "essay.md").write_text(doc, encoding="utf-8")
    code, found, err, _ = run(str(paper / "essay.md"))
    assert "bibliography" in err and "outside the project" in err
    assert found == [] and code == 0  # [@kahn1960] is not called unresolved
    # --bib is the user's own choice: read wherever it is.
    (paper / "plain.md").write_text("As shown [@kahn1960].\n", encoding="utf-8")
    code, found, err, _ = run(str(paper / "plain.md"), "--bib", str(tree / "outside/refs.bib"))
    assert err == "" and code == 0


def test_folder_scans_do_not_follow_links_out(tree: Path) -> None:
    paper = tree / "paper"
    (paper / "essay.txt").write_text(
        "Fine (Kahn, 1960).\n\nReferences\n\nKahn, H. (1960). "
        "On thermonuclear war. Princeton University Press.\n"
    )
    (paper / "leak.txt").symlink_to(tree / "outside" / "secret.tex")
    (paper / "elsewhere").symlink_to(tree / "outside", target_is_directory=True)
    code, _, err, out = run(str(paper))
    assert code == 0 and "Mallory" not in out + err
    assert "leak.txt: a symbolic link out of the project" in err
    assert "elsewhere: a symbolic link to a folder elsewhere; not followed" in err
    assert json.loads(out)["summary"]["files"] == 1
    # A link inside the project is fine.
    (paper / "sub").mkdir()
    (paper / "sub" / "again.txt").symlink_to(paper / "essay.txt")
    _, _, err, out = run(str(paper))
    assert "again.txt" not in err and json.loads(out)["summary"]["files"] == 2


def test_explicit_paths_are_the_users_choice(tree: Path) -> None:
    (tree / "outside" / "secret.txt").write_text(SECRET, encoding="utf-8")
    code, found, err, _ = run(str(tree / "outside" / "secret.txt"))
    assert code == 1 and err == "" and found == [("secret.txt", 1, "RC001")]  # read: cited


def test_project_root_definition(tree: Path) -> None:
    paper = tree / "paper"
    (paper / "ch").mkdir()
    doc = str(paper / "ch" / "one.tex")
    assert project_root(doc) == str(paper / "ch")  # no repository: the document's folder
    assert project_root(doc, scan_dir=str(paper)) == str(paper)  # found by scanning paper/
    assert project_root(doc, config_dir=str(tree)) == str(tree)  # the config's folder
    assert project_root(doc, config_dir=str(tree / "outside")) == str(paper / "ch")
    (tree / ".git").mkdir()
    assert project_root(doc, scan_dir=str(paper)) == str(tree)  # the work tree wins


def test_a_quarto_or_bookdown_project_is_a_root_like_a_work_tree(tree: Path) -> None:
    paper = tree / "paper"
    (paper / "chapters").mkdir()
    doc = str(paper / "chapters" / "one.qmd")
    assert project_root(doc) == str(paper / "chapters")
    (paper / "_quarto.yml").write_text("project:\n  type: book\n", encoding="utf-8")
    assert project_root(doc) == str(paper)
    assert project_root(doc, scan_dir=str(paper / "chapters")) == str(paper)  # outermost
    assert project_root(doc, config_dir=str(tree)) == str(tree)
    (paper / "_quarto.yml").unlink()
    (paper / "_bookdown.yml").write_text("book_filename: b\n", encoding="utf-8")
    assert project_root(doc) == str(paper)


def test_a_chapter_of_a_quarto_book_outside_git_reads_the_books_bibliography(
    tree: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    book = tree / "paper"
    (book / "chapters").mkdir()
    (book / "_quarto.yml").write_text("bibliography: refs.bib\n", encoding="utf-8")
    (book / "refs.bib").write_text(BIB, encoding="utf-8")
    (book / "chapters" / "one.qmd").write_text("As [@kahn1960] argued.\n", encoding="utf-8")
    (book / "chapters" / "two.qmd").write_text(
        "---\nbibliography: ../../outside/refs.bib\n---\nSee [@kahn1960].\n", encoding="utf-8"
    )
    for cwd in (tree, book / "chapters"):
        monkeypatch.chdir(cwd)
        doc = os.path.relpath(book / "chapters" / "one.qmd")
        assert run(doc)[:3] == (0, [], "")
    # The book is the root: a chapter still cannot name a file outside it.
    _, found, err, _ = run(str(book / "chapters" / "two.qmd"))
    assert "outside the project" in err and ("two.qmd", 4, "RC101") not in found


def test_input_within_a_repository_may_go_up(tree: Path) -> None:
    """A thesis repository: chapters/intro.tex inputs ../macros.tex, inside the tree."""
    (tree / ".git").mkdir()
    paper = tree / "paper"
    (paper / "refs.bib").write_text(BIB, encoding="utf-8")
    (tree / "macros.tex").write_text("\\cite{kahn1960}\n", encoding="utf-8")
    (paper / "main.tex").write_text(_tex("\\input{../macros}\n\\bibliography{refs}"))
    code, found, err, _ = run(str(paper / "main.tex"))
    assert (code, found, err) == (0, [], "")


def test_input_nesting_past_the_limit_is_an_error_not_silence(tree: Path) -> None:
    paper = tree / "paper"
    (paper / "refs.bib").write_text(BIB, encoding="utf-8")
    for i in range(20):
        (paper / f"n{i}.tex").write_text(f"\\input{{n{i + 1}}}\n", encoding="utf-8")
    (paper / "n20.tex").write_text("\\cite{kahn1960}\n", encoding="utf-8")
    (paper / "main.tex").write_text(_tex("\\input{n0}\n\\bibliography{refs}"))
    code, found, err, _ = run(str(paper / "main.tex"))
    assert code == 2 and "nested more than 16 files deep" in err
    assert found == []  # kahn1960 is cited deeper down: not "uncited"
