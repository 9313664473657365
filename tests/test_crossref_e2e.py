"""End to end: the ``refcheck`` command against a loopback Crossref (tests/crossref_server.py).

The CLI runs in a subprocess, as a user runs it; the server runs in a thread of the
test process and records every request. Fault modes must give no false finding,
exactly one RC390, a clear stderr line and a bounded run time.
"""

from __future__ import annotations

import json
import os
import re
import socket
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from tests.conftest import FIXTURES, ROOT
from tests.crossref_server import FakeCrossref

ESSAY = str(FIXTURES / "essay.txt")
FAULT_ENV = {"REFCHECK_CROSSREF_TIMEOUT": "0.5", "REFCHECK_CROSSREF_DEADLINE": "3"}


def refcheck(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    # Crossref alone, as these tests are about its client (tests/test_sources_e2e.py
    # runs every source against its own stand-in).
    full_env = {**os.environ, "REFCHECK_SOURCES": "crossref", **(env or {})}
    full_env.pop("REFCHECK_CROSSREF_URL", None)
    return subprocess.run(
        [sys.executable, "-m", "refcheck", *args],
        cwd=ROOT,
        env=full_env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def codes(out: str) -> list[str]:
    return re.findall(r"^\S+:\d+:\d+: (RC\d+)", out, re.M)


def test_essay_against_loopback_crossref() -> None:
    with FakeCrossref() as server:
        result = refcheck(
            ESSAY, "--crossref-url", server.url, "--no-cache", "--mailto", "dev@example.org"
        )
    out = result.stdout
    assert result.returncode == 1, result.stderr  # the RC201 warning about Walt
    # Jervis: found by search, its DOI suggested.
    assert re.search(r"essay\.txt:16:1: RC305 .*Jervis \(1978\)", out)
    assert "hint: add doi:10.2307/2009958" in out
    # Walt: a magazine piece, not in Crossref: a note saying what was searched.
    assert re.search(
        r"essay\.txt:15:1: RC301 \[note\] no Crossref record matches 'Walt \(2015\)'"
        r" \(searched: \"Walt 2015 The Ukraine Crisis",
        out,
    )
    # Correct entries (first-page-only record, subtitle stored apart, online-first
    # book) are not called wrong; no failure note.
    for code in ("RC302", "RC303", "RC304", "RC306", "RC390"):
        assert code not in out
    assert sorted(codes(out)) == ["RC201", "RC301", "RC305", "RC305", "RC305"]
    assert result.stderr == ""
    # No DOI in the essay: four searches, one request each.
    assert len(server.requests) == 4
    assert all("mailto=dev%40example.org" in r for r in server.requests)


def test_json_summary_counts_verified_entries() -> None:
    with FakeCrossref() as server:
        result = refcheck(
            ESSAY,
            "--crossref-url",
            server.url,
            "--no-cache",
            "--format",
            "json",
            "--mailto",
            "dev@example.org",
        )
    summary = json.loads(result.stdout)["summary"]
    assert (summary["verified"], summary["unverified"]) == (4, 0)


def test_second_run_is_served_from_the_cache(tmp_path: Path) -> None:
    with FakeCrossref() as server:
        args = (
            ESSAY,
            "--crossref-url",
            server.url,
            "--cache-dir",
            str(tmp_path),
            "--mailto",
            "dev@example.org",
        )
        first = refcheck(*args)
        made = len(server.requests)
        second = refcheck(*args)
    assert made == 4 and len(server.requests) == made
    assert first.stdout == second.stdout


def test_doi_errors_end_to_end(tmp_path: Path) -> None:
    text = (FIXTURES / "essay.txt").read_text(encoding="utf-8")
    text = text.replace("167–214.", "167–214. https://doi.org/10.2307/2009959")
    text = text.replace("77–89.", "77–89. https://doi.org/10.2307/2009958")
    path = tmp_path / "essay.txt"
    path.write_text(text, encoding="utf-8")
    with FakeCrossref() as server:
        result = refcheck(
            str(path), "--crossref-url", server.url, "--no-cache", "--mailto", "dev@example.org"
        )
    out = result.stdout
    assert re.search(r":16:1: RC303 \[error\] DOI 10.2307/2009959 is not registered", out)
    assert re.search(
        r":14:1: RC304 \[error\] DOI 10.2307/2009958 belongs to a different work: "
        r"'Cooperation under the Security Dilemma'",
        out,
    )
    # One batch for both DOIs, one confirmation and one agency check for the absent one.
    assert sum("filter=doi" in r for r in server.requests) == 1
    assert "/works/10.2307%2F2009959" in server.requests[-2]


def _closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


FAULTS = {
    "429": "rate-limited (HTTP 429)",
    "500": "HTTP 500",
    "stall": "timed out",
    "truncated": "invalid JSON from Crossref",
    "refused": "connection refused",
}


def _run_with_fault(fault: str) -> subprocess.CompletedProcess[str]:
    args = ("--no-cache", "--mailto", "dev@example.org")
    if fault == "refused":
        url = f"http://127.0.0.1:{_closed_port()}"
        return refcheck(ESSAY, "--crossref-url", url, *args, env=FAULT_ENV)
    with FakeCrossref(fault=fault) as server:
        server.stall_seconds = 2
        return refcheck(ESSAY, "--crossref-url", server.url, *args, env=FAULT_ENV)


@pytest.fixture(scope="module")
def fault_runs() -> dict[str, subprocess.CompletedProcess[str]]:
    """Every fault run at once (each its own server and process): the suite stays fast."""
    with ThreadPoolExecutor(max_workers=len(FAULTS)) as pool:
        return dict(zip(FAULTS, pool.map(_run_with_fault, FAULTS), strict=True))


@pytest.mark.parametrize("fault", sorted(FAULTS))
def test_faults_give_one_rc390_and_no_false_finding(
    fault: str, fault_runs: dict[str, subprocess.CompletedProcess[str]]
) -> None:
    result, reason = fault_runs[fault], FAULTS[fault]
    out = result.stdout
    assert sorted(codes(out)) == ["RC201", "RC390"], out
    assert f"4 of 4 entries could not be verified against Crossref ({reason}" in out
    assert re.search(r"essay\.txt:14:1: RC390 \[note\]", out)
    assert "refcheck: warning: could not verify 4 of 4 entries against Crossref" in result.stderr
    assert reason in result.stderr
    assert "Traceback" not in result.stderr
