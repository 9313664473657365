"""``--fix`` and ``--diff``: each fixable rule gives the expected file, touches nothing
else, and a second run finds nothing left to fix."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from refcheck.cli import command
from refcheck.fix import Edit, apply, to_source
from tests.conftest import FIXTURES, ROOT
from tests.crossref_server import FakeCrossref

JERVIS = (
    "Jervis, R. (1978). Cooperation under the security dilemma. World Politics, 30(2), 167–214."
)
WALTZ = "Waltz, K. N. (1979). Theory of international politics. Addison-Wesley."


def cli(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(command, list(args), catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


def fix_twice(path: Path, *extra: str) -> tuple[str, int, str]:
    """--fix, then --diff: the fixed text, and what a second run would still change."""
    _, _, err = cli(str(path), "--offline", "--fix", *extra)
    assert "internal error" not in err
    fixed = path.read_text(encoding="utf-8")
    again, patch, _ = cli(str(path), "--offline", "--diff", *extra)
    return fixed, again, patch


def test_rc103_year_in_the_citation_only(tmp_path: Path) -> None:
    doc = tmp_path / "essay.md"
    before = f"Security is relative (Jervis, 1987; see p. 1987).\n\n## References\n\n- {JERVIS}\n"
    doc.write_text(before, encoding="utf-8")
    fixed, again, patch = fix_twice(doc)
    assert fixed == before.replace("(Jervis, 1987;", "(Jervis, 1978;")
    assert (again, patch) == (0, "")


def test_rc103_not_fixed_when_the_list_has_several_years(tmp_path: Path) -> None:
    doc = tmp_path / "essay.txt"
    text = (
        "Alliances (Walt, 1986).\n\nReferences\n\n"
        "Walt, S. M. (1987a). The origins of alliances. Cornell University Press.\n"
        "Walt, S. M. (1987b). Alliance formation in Southwest Asia. Center for Naval Analyses.\n"
    )
    doc.write_text(text, encoding="utf-8")
    code, patch, _ = cli(str(doc), "--offline", "--diff")
    assert (code, patch) == (0, "")


def test_rc205_moves_whole_entries_and_keeps_bullets_and_gaps(tmp_path: Path) -> None:
    doc = tmp_path / "essay.md"
    before = (
        "Structure (Waltz, 1979), perception (Jervis, 1978).\r\n\r\n## References\r\n\r\n"
        f"- {WALTZ}\r\n\r\n- {JERVIS[:60]}\r\n  {JERVIS[61:]}\r\n"
    )
    doc.write_bytes(b"\xef\xbb\xbf" + before.encode("utf-8"))
    fixed, again, patch = fix_twice(doc, "--extend-select", "RC205")
    raw = doc.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf") and b"\n" not in raw.replace(b"\r\n", b"")
    assert fixed == (
        "\ufeffStructure (Waltz, 1979), perception (Jervis, 1978).\n\n## References\n\n"
        f"- {JERVIS[:60]}\n  {JERVIS[61:]}\n\n- {WALTZ}\n"
    )
    assert (again, patch) == (0, "")


def test_rc205_not_fixed_when_a_marker_stands_in_the_list(tmp_path: Path) -> None:
    doc = tmp_path / "essay.md"
    doc.write_text(
        "Structure (Waltz, 1979), perception (Jervis, 1978).\n\n## References\n\n"
        f"- {WALTZ}\n<!-- refcheck: ignore[RC202] -->\n- {JERVIS.replace('167–214', '214–167')}\n",
        encoding="utf-8",
    )
    code, out, _ = cli(str(doc), "--offline", "--extend-select", "RC205", "--diff")
    assert (code, out) == (0, "")
    assert "RC205" in cli(str(doc), "--offline", "--extend-select", "RC205")[1]


def test_rc901_marker_removed_with_its_line(tmp_path: Path) -> None:
    doc = tmp_path / "essay.md"
    before = (
        "Security is relative (Jervis, 1978). <!-- refcheck: ignore[RC101] -->\n\n"
        "## References\n\n<!-- refcheck: ignore[RC102] -->\n"
        f"- {JERVIS}\n"
    )
    doc.write_text(before, encoding="utf-8")
    fixed, again, patch = fix_twice(doc)
    assert fixed == (f"Security is relative (Jervis, 1978).\n\n## References\n\n- {JERVIS}\n")
    assert (again, patch) == (0, "")


def test_unknown_code_marker_is_not_removed(tmp_path: Path) -> None:
    doc = tmp_path / "essay.md"
    doc.write_text(
        f"Security (Jervis, 1978). <!-- refcheck: ignore[RC1O1] -->\n\n"
        f"## References\n\n- {JERVIS}\n",
        encoding="utf-8",
    )
    assert cli(str(doc), "--offline", "--diff")[:2] == (0, "")


def test_diff_previews_without_writing(tmp_path: Path) -> None:
    doc = tmp_path / "essay.txt"
    before = f"Security is relative (Jervis, 1987).\n\nReferences\n\n{JERVIS}\n"
    doc.write_text(before, encoding="utf-8")
    code, patch, _ = cli(str(doc), "--offline", "--diff")
    assert code == 1
    assert doc.read_text(encoding="utf-8") == before
    assert f"--- {doc}\n+++ {doc}\n" in patch  # an absolute path: no a/ b/ prefixes
    assert "-Security is relative (Jervis, 1987).\n+Security is relative (Jervis, 1978).\n" in patch


def test_text_report_counts_fixable_findings() -> None:
    _, out, _ = cli(str(FIXTURES / "flawed-essay.md"), "--offline")
    assert out.endswith("1 fixable with --fix (--diff shows the changes).\n")


def test_stdin_fix_prints_the_fixed_document(tmp_path: Path) -> None:
    text = f"Security is relative (Jervis, 1987).\n\nReferences\n\n{JERVIS}\n"
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "refcheck",
            "-",
            "--stdin-filename",
            "essay.txt",
            "--offline",
            "--fix",
        ],
        input=text.encode(),
        capture_output=True,
        cwd=tmp_path,
        timeout=60,
    )
    assert result.stdout.decode() == text.replace("1987", "1978")
    assert "All checks passed" in result.stderr.decode()
    assert result.returncode == 0


def _online(*args: str, url: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "REFCHECK_SOURCES": "crossref"}
    env.pop("REFCHECK_CROSSREF_URL", None)
    return subprocess.run(
        [sys.executable, "-m", "refcheck", *args, "--crossref-url", url, "--no-cache"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_rc305_adds_the_doi_to_free_text_and_bibtex_entries(tmp_path: Path) -> None:
    essay = tmp_path / "essay.txt"
    original = (FIXTURES / "essay.txt").read_text(encoding="utf-8")
    essay.write_text(original, encoding="utf-8")
    bib = tmp_path / "refs.bib"
    bib.write_text(
        "@article{jervis1978,\n"
        "  author  = {Jervis, Robert},\n"
        "  title   = {Cooperation under the Security Dilemma},\n"
        "  journal = {World Politics},\n"
        "  year    = {1978},\n"
        "  volume  = {30},\n"
        "  number  = {2},\n"
        "  pages   = {167--214}\n"
        "}\n",
        encoding="utf-8",
    )
    with FakeCrossref() as server:
        fixed = _online(str(essay), str(bib), "--fix", url=server.url)
        second = _online(str(essay), str(bib), "--diff", url=server.url)
    assert "refcheck: fixed 4 finding(s)" in fixed.stderr, fixed.stderr
    text = essay.read_text(encoding="utf-8")
    assert text == (
        original.replace("167–214.", "167–214. https://doi.org/10.2307/2009958")
        .replace("77–89.", "77–89. https://doi.org/10.2307/24483306")
        .replace("Routledge.", "Routledge. https://doi.org/10.4324/9781315537238")
    )
    assert bib.read_text(encoding="utf-8").endswith(
        "  pages   = {167--214},\n  doi     = {10.2307/2009958}\n}\n"
    )
    assert (second.returncode, second.stdout) == (0, ""), second.stderr


@pytest.mark.parametrize(
    ("original", "normalised", "edit", "expected"),
    [
        ("a\r\nb\r\nc", "a\nb\nc", Edit("f", 2, 4, "B\nX\n"), "a\r\nB\r\nX\r\nc"),
        ("a\rb", "a\nb", Edit("f", 0, 1, "A"), "A\rb"),
        ("ab\n", "ab\n", Edit("f", 3, 3, "c"), "ab\nc"),
    ],
)
def test_edits_keep_the_files_own_line_ends(original, normalised, edit, expected) -> None:
    assert to_source(original, normalised, [edit]) == expected


def test_overlapping_edits_wait_for_the_next_round() -> None:
    text, chosen = apply(
        "abcdef", [Edit("f", 1, 4, "X"), Edit("f", 2, 3, "Y"), Edit("f", 5, 5, "Z")]
    )
    assert text == "aXeZf" and len(chosen) == 2
