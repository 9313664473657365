"""The command line as a user meets it: output, exit codes, errors."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from click.testing import CliRunner

from refcheck import __version__
from refcheck.cli import command as main
from tests.conftest import FIXTURES, ROOT

ESSAY = str(FIXTURES / "essay.txt")


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args), catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


def test_essay_reports_only_walt_missing_pages() -> None:
    code, out, err = run(ESSAY, "--offline")
    assert code == 1
    assert err == ""
    lines = out.splitlines()
    assert lines[0] == (
        f"{ESSAY}:15:1: RC201 [warning] journal article entry 'Walt (2015)' lacks volume "
        "and pages (missing-field)"
    )
    entry = "Walt, S. M. (2015). The Ukraine Crisis and the Perils of Liberal Interventionism."
    assert lines[1] == f"   15 | {entry} Foreign Policy."
    assert lines[2] == "      | " + "^" * (len(entry) + len(" Foreign Policy."))
    assert lines[3] == "    hint: complete the entry from the published source"
    assert lines[-1] == "Found 1 warning (1 file, 4 citations, 4 references)."
    assert len(lines) == 5


def test_essay_json_contract() -> None:
    code, out, _ = run(ESSAY, "--offline", "--format", "json")
    assert code == 1
    doc = json.loads(out)
    assert doc["version"] == 1
    assert doc["tool"] == {"name": "refcheck", "version": __version__}
    [f] = doc["findings"]
    assert list(f) == [
        "path",
        "line",
        "column",
        "end_line",
        "end_column",
        "code",
        "name",
        "severity",
        "message",
        "hint",
        "data",
    ]
    assert (f["code"], f["line"], f["column"], f["severity"]) == ("RC201", 15, 1, "warning")
    assert f["data"] == {"kind": "article", "missing": ["volume", "pages"]}
    assert doc["summary"] == {
        "files": 1,
        "citations": 4,
        "references": 4,
        "cited": 4,
        "verified": 0,
        "unverified": 0,
        "counts": {"error": 0, "warning": 1, "note": 0},
    }


def test_clean_document_exits_zero(tmp_path: Path) -> None:
    p = tmp_path / "clean.md"
    p.write_text(
        "# Essay\n\nAs Jervis (1978) showed, security is relative (Müller, 2019).\n\n"
        "## References\n\n"
        "- Jervis, R. (1978). Cooperation under the security dilemma. *World Politics*, "
        "30(2), 167–214.\n"
        "- Müller, K. (2019). Deterrence revisited. *Security Studies*, 28(1), 1–30.\n",
        encoding="utf-8",
    )
    code, out, _ = run(str(p), "--offline")
    assert code == 0, out
    assert out == "All checks passed (1 file, 2 citations, 2 references).\n"


def test_fail_on_and_select_ignore() -> None:
    assert run(ESSAY, "--offline", "--fail-on", "error")[0] == 0
    assert run(ESSAY, "--offline", "--fail-on", "never")[0] == 0
    code, out, _ = run(ESSAY, "--offline", "--ignore", "RC2")
    assert code == 0 and out.startswith("All checks passed")
    code, out, _ = run(ESSAY, "--offline", "--select", "RC1")
    assert code == 0


def test_unknown_rule_code_is_a_usage_error() -> None:
    code, _, err = run(ESSAY, "--select", "RC1O1")
    assert code == 2
    assert "unknown rule code(s): RC1O1" in err


def test_missing_file_and_bad_bytes_exit_2_without_traceback(tmp_path: Path) -> None:
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"ok\n\xff\xfe broken")
    code, out, err = run(str(bad), ESSAY, str(tmp_path / "missing.txt"), "--offline")
    assert code == 2
    assert f"{bad}: not valid UTF-8 (byte 0xff at offset 3)" in err
    assert "missing.txt: no such file or directory" in err
    assert "Traceback" not in err
    assert "RC201" in out  # the readable file is still linted


def test_list_references_text_and_json() -> None:
    code, out, _ = run(ESSAY, "--list-references")
    assert code == 0
    assert f"{ESSAY}:15: [article]" in out
    assert "    container: Foreign Policy" in out
    code, out, _ = run(ESSAY, "--list-references", "--format", "json")
    refs = json.loads(out)["references"]
    assert [r["line"] for r in refs] == [14, 15, 16, 17]
    assert refs[0]["authors"] == [{"family": "Mearsheimer", "given": "J. J."}]
    assert (refs[0]["volume"], refs[0]["issue"], refs[0]["pages"]) == ("93", "5", "77-89")


def test_explain_and_list_rules() -> None:
    code, out, _ = run("--explain", "rc201")
    assert code == 0 and out.startswith("RC201 (missing-field) — warning\n")
    code, out, _ = run("--list-rules")
    assert code == 0
    assert "RC205  unsorted-references" in out and "(off by default)" in out
    assert run("--explain", "RC999")[0] == 2


def test_no_path_is_usage_error() -> None:
    code, _, err = run()
    assert code == 2 and "no PATH given" in err


def test_version() -> None:
    code, out, _ = run("--version")
    assert (code, out) == (0, f"refcheck {__version__}\n")


def test_usage_errors_are_one_line_messages(tmp_path: Path) -> None:
    afile = tmp_path / "afile"
    afile.write_text("x")
    cases = [
        ([ESSAY, "--list-references", "--format", "sarif"], "--list-references prints text"),
        ([ESSAY, "--crossref-url", "notaurl"], "--crossref-url must be an http(s) URL"),
        ([ESSAY, "--cache-dir", str(afile / "sub")], "cannot use the Crossref cache folder"),
        ([ESSAY, "--offline", "--write-baseline", str(tmp_path / "no" / "b.json")],
         "cannot write the baseline"),
    ]  # fmt: skip
    for args, message in cases:
        code, _, err = run(*args)
        assert code == 2 and message in err and "internal error" not in err, (args, err)


def test_input_errors_do_not_say_all_checks_passed(tmp_path: Path) -> None:
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"\xff")
    code, out, _ = run(str(bad), "--offline")
    assert code == 2
    assert out == "No findings (0 files, 0 citations, 0 references); 1 input error (see above).\n"


def test_output_is_byte_identical_across_hash_seeds() -> None:
    outs = set()
    for seed in ("0", "1", "12345"):
        env = {**os.environ, "PYTHONHASHSEED": seed}
        out = subprocess.run(
            [sys.executable, "-m", "refcheck", "fixtures/flawed-essay.md", "fixtures/latex-project",
             "--offline", "--format", "json"],
            cwd=ROOT, env=env, capture_output=True, check=False,
        )  # fmt: skip
        outs.add(out.stdout)
    assert len(outs) == 1 and b'"findings"' in next(iter(outs))
