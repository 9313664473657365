"""Baselines: recorded findings are hidden, new ones reported, robust to moved lines."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from refcheck.cli import command

DOC = """Deterrence rests on threats (Schelling, 1966; Kahn, 1960).

References
Schelling, T. C. (1966). Arms and influence. Yale University Press.
Walt, S. M. (2015). The Ukraine crisis. Foreign Policy.
"""


def run(*args: str) -> tuple[int, str, str]:
    r = CliRunner().invoke(command, list(args), catch_exceptions=False)
    return r.exit_code, r.stdout, r.stderr


def codes(out: str) -> list[str]:
    return [f["code"] for f in json.loads(out)["findings"]]


def test_baseline_hides_old_findings_and_survives_moved_lines(tmp_path: Path) -> None:
    doc, base = tmp_path / "essay.txt", tmp_path / "baseline.json"
    doc.write_text(DOC, encoding="utf-8")
    code, _, err = run(str(doc), "--offline", "--write-baseline", str(base))
    assert code == 0 and "wrote 3 finding(s)" in err
    assert sorted(f["code"] for f in json.loads(base.read_text())["findings"]) == [
        "RC101",
        "RC102",
        "RC201",
    ]
    code, out, _ = run(str(doc), "--offline", "--baseline", str(base), "--format", "json")
    assert (code, codes(out)) == (0, [])
    # Lines move (a paragraph above) and a new problem appears: only it is reported.
    doc.write_text("Intro.\n\n" + DOC.replace("Kahn, 1960)", "Kahn, 1960; Brodie, 1946)"))
    code, out, _ = run(str(doc), "--offline", "--baseline", str(base), "--format", "json")
    assert code == 1
    [new] = json.loads(out)["findings"]
    assert (new["code"], new["line"], new["message"]) == (
        "RC101",
        3,
        "citation 'Brodie, 1946' has no entry in the reference list",
    )


def test_bad_baseline_file_exits_2(tmp_path: Path) -> None:
    doc, base = tmp_path / "essay.txt", tmp_path / "baseline.json"
    doc.write_text(DOC, encoding="utf-8")
    base.write_text("{not json")
    code, _, err = run(str(doc), "--offline", "--baseline", str(base))
    assert code == 2 and "not a refcheck baseline" in err
    code, _, err = run(str(doc), "--offline", "--baseline", str(tmp_path / "missing.json"))
    assert code == 2 and "baseline file not found" in err


def test_baseline_matches_from_another_working_directory(tmp_path: Path, monkeypatch) -> None:
    (tmp_path / "cfg").mkdir()
    doc, base = tmp_path / "cfg" / "essay.txt", tmp_path / "cfg" / "bl.json"
    doc.write_text(DOC, encoding="utf-8")
    monkeypatch.chdir(tmp_path / "cfg")
    assert run("essay.txt", "--offline", "--write-baseline", "bl.json")[0] == 0
    monkeypatch.chdir(tmp_path)
    code, out, _ = run("cfg/essay.txt", "--offline", "--baseline", str(base), "--format", "json")
    assert (code, codes(out)) == (0, [])
