"""End to end against a hostile or broken Crossref: wrong-typed fields, junk items, huge
and dripping answers, 404s on list routes.

Each must give no crash, no false finding and exactly one RC390 note, within the run's
deadline (the bound asserted is the deadline plus start-up slack, a correctness bound
on waiting, not a speed measurement), and must not be cached.
"""

from __future__ import annotations

import contextlib
import copy
import subprocess
import time
from concurrent.futures import ThreadPoolExecutor
from http.server import BaseHTTPRequestHandler
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import FIXTURES
from tests.crossref_server import FakeCrossref
from tests.test_crossref_e2e import codes, refcheck

ESSAY_TEXT = (FIXTURES / "essay.txt").read_text(encoding="utf-8")
# Jervis with its real DOI: fetched in a DOI batch; the other three are searched.
WITH_DOI = ESSAY_TEXT.replace("167–214.", "167–214. https://doi.org/10.2307/2009958")
DEADLINE = 4.0
ENV = {"REFCHECK_CROSSREF_TIMEOUT": "0.5", "REFCHECK_CROSSREF_DEADLINE": str(DEADLINE)}
# Interpreter start-up and the document's own analysis on a loaded 2-core machine. A
# drip that is not cut off takes 200 s per request (2,000 bytes at 0.1 s each).
SLACK = 30.0

# Wrong-typed fields: each applied to every record the server returns.
FIELDS: dict[str, Any] = {
    "type-list": ("type", ["journal-article"]),
    "updated-by-true": ("updated-by", True),
    "title-string": ("title", "Cooperation under the Security Dilemma"),
    "author-object": ("author", {"family": "Jervis"}),
    "author-items-strings": ("author", ["Jervis"]),
    "family-number": ("author", [{"family": 7, "given": "R"}]),
    "date-parts-string": ("issued", {"date-parts": "1978"}),
    "date-part-float": ("issued", {"date-parts": [[1978.5]]}),
    "relation-list": ("relation", ["is-retracted-by"]),
    "doi-number": ("DOI", 102307),
    "volume-number": ("volume", 30),
}


class HostileCrossref(FakeCrossref):
    """The loopback stand-in, answering in one hostile way (``mode``)."""

    def __init__(self, mode: str) -> None:
        super().__init__()
        self.mode = mode

    def answer(self, path: str, query: dict[str, list[str]]) -> tuple[int, Any]:
        status, body = super().answer(path, query)
        if self.mode in FIELDS and isinstance(body, dict):
            name, value = FIELDS[self.mode]
            body = copy.deepcopy(body)
            message = body["message"]
            for rec in message.get("items", [message]):
                rec[name] = value
        elif self.mode == "junk-items" and path == "/works" and isinstance(body, dict):
            body["message"]["items"] += [7, "junk", None]
        elif self.mode == "items-not-list" and path == "/works":
            body["message"]["items"] = {"0": body["message"]["items"]}
        elif self.mode == "list-404" and path == "/works":
            return 404, "Resource not found."
        return status, body

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        base = super()._handler()
        fake = self

        class Handler(base):  # type: ignore[misc, valid-type]
            def do_GET(self) -> None:
                if fake.mode not in ("huge", "huge-undeclared", "drip", "drip-headers"):
                    super().do_GET()
                    return
                fake.requests.append(self.path)
                with contextlib.suppress(BrokenPipeError, ConnectionResetError):
                    self._hostile(fake.mode)  # until the client gives up, as it should

            def _hostile(self, mode: str) -> None:
                if mode == "drip-headers":
                    self.wfile.write(b"HTTP/1.1 200 OK\r\n")
                    for _ in range(2000):
                        self.wfile.write(b"X: y\r\n")
                        self.wfile.flush()
                        time.sleep(0.1)
                    return
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                # Huge: 9 MB; drip: a valid answer of 2,000 bytes, sent one byte at a time.
                size = 2000 if mode == "drip" else 9 * 1024 * 1024
                body = b'{"message": {"items": []' + b" " * size + b"}}"
                if mode != "huge-undeclared":
                    self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                if mode == "drip":  # one byte at a time, never slow enough for a read timeout
                    for byte in body:
                        self.wfile.write(bytes([byte]))
                        self.wfile.flush()
                        time.sleep(0.1)
                    return
                for i in range(0, len(body), 65536):
                    self.wfile.write(body[i : i + 65536])

        return Handler


MODES = [*FIELDS, "junk-items", "items-not-list", "huge", "huge-undeclared", "drip"]
MODES += ["drip-headers", "list-404"]


def _run(mode: str, tmp_path: Path) -> tuple[subprocess.CompletedProcess[str], ...]:
    folder = tmp_path / mode
    folder.mkdir()
    paper = folder / "essay.txt"
    paper.write_text(WITH_DOI, encoding="utf-8")
    cache = ("--cache-dir", str(folder / "cache"))
    with HostileCrossref(mode) as server:
        start = time.monotonic()
        first = refcheck(str(paper), "--crossref-url", server.url, *cache, env=ENV)
        elapsed = time.monotonic() - start
        made = len(server.requests)
        second = refcheck(str(paper), "--crossref-url", server.url, *cache, env=ENV)
        again = len(server.requests) - made
    first.elapsed = elapsed  # type: ignore[attr-defined]
    first.again = again  # type: ignore[attr-defined]
    return first, second


@pytest.fixture(scope="module")
def hostile_runs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """Every mode at once (each its own server and processes), so the module stays short."""
    tmp = tmp_path_factory.mktemp("hostile")
    with ThreadPoolExecutor(max_workers=3) as pool:
        runs = pool.map(lambda m: _run(m, tmp), MODES)
        return dict(zip(MODES, runs, strict=True))


@pytest.mark.parametrize("mode", MODES)
def test_hostile_answer_is_one_rc390_and_nothing_else(
    mode: str, hostile_runs: dict[str, Any]
) -> None:
    first, second = hostile_runs[mode]
    for run in (first, second):
        assert "Traceback" not in run.stderr and "internal error" not in run.stderr, run.stderr
        assert run.returncode == 1, run.stderr  # the RC201 warning about Walt, as offline
        assert sorted(codes(run.stdout)) == ["RC201", "RC390"], run.stdout
        assert "4 of 4 entries could not be verified against Crossref" in run.stdout
        assert run.stderr.count("refcheck: warning: could not verify 4 of 4 entries") == 1
    assert first.elapsed < DEADLINE + SLACK
    assert first.again > 0  # nothing of it was cached: the second run asked again


def test_reasons_name_the_problem(hostile_runs: dict[str, Any]) -> None:
    reason = {m: hostile_runs[m][0].stderr for m in ("type-list", "huge", "drip", "list-404")}
    assert (
        "unexpected answer from Crossref (message.items[0].type: expected a string"
        in (reason["type-list"])
    )
    assert "answer larger than 8 MB" in reason["huge"]
    assert "timed out" in reason["drip"]
    assert "HTTP 404" in reason["list-404"] or "unexpected" in reason["list-404"]


def test_run_deadline_holds_when_one_request_may_take_longer(tmp_path: Path) -> None:
    """A per-request limit longer than the run's deadline: the deadline still ends it."""
    paper = tmp_path / "essay.txt"
    paper.write_text(ESSAY_TEXT, encoding="utf-8")
    env = {"REFCHECK_CROSSREF_TIMEOUT": "30", "REFCHECK_CROSSREF_DEADLINE": "3"}
    with HostileCrossref("drip") as server:
        start = time.monotonic()
        run = refcheck(str(paper), "--crossref-url", server.url, "--no-cache", env=env)
        elapsed = time.monotonic() - start
    assert sorted(codes(run.stdout)) == ["RC201", "RC390"]
    assert elapsed < 3 + SLACK


def test_junk_search_items_do_not_become_not_found(hostile_runs: dict[str, Any]) -> None:
    """Walt (2015) is RC301 against a good server; junk beside the candidates must make
    it unverified instead: the junk may have been its record."""
    first, _ = hostile_runs["junk-items"]
    assert "RC301" not in first.stdout
