"""The second sources' rules (RC307–RC310) against their failing and passing fixtures.

Like tests/test_rules_fixtures.py for the offline rules: fixtures/rules/CODE/fail.bib
with fail.expected (one ``line:column`` per finding the rule must report) and pass.bib
(none). These rules need answers, so the pipeline runs in-process with the real
Crossref and sources clients against the loopback stand-in (tests/sources_server.py)
serving tests/sources_world.py.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from refcheck.crossref import CrossrefSettings
from refcheck.crossref.client import CrossrefVerifier
from refcheck.engine import check_document
from refcheck.loaders import Document
from refcheck.rules import RULES, select_rules
from refcheck.sources import SOURCE_NAMES, SourceSettings
from refcheck.sources.client import SourcesVerifier
from tests.conftest import FIXTURES, TODAY
from tests.sources_server import FakeSources
from tests.sources_world import WORLD

CODES = ["RC307", "RC308", "RC309", "RC310"]


@pytest.fixture(scope="module")
def server() -> Iterator[FakeSources]:
    with FakeSources(WORLD) as s:
        yield s


def positions(server: FakeSources, code: str, path: Path) -> list[str]:
    crossref = CrossrefVerifier(
        CrossrefSettings(
            base_url=server.base("crossref"), mailto="dev@example.org", use_cache=False
        )
    )
    names = tuple(n for n in SOURCE_NAMES if n != "crossref")
    settings = SourceSettings(
        names=names,
        urls={n: server.base(n) for n in names},
        mailto="dev@example.org",
        use_cache=False,
    )
    verifier = SourcesVerifier(settings, crossref)
    doc = Document(str(path), path.read_text(encoding="utf-8"), "bibtex")
    result = check_document(doc, select_rules(["ALL"]), TODAY, verifier)
    return [f"{f.span.line}:{f.span.column}" for f in result.findings if f.code == code]


@pytest.mark.parametrize("code", CODES)
def test_rule_reports_exactly_the_expected_findings(server: FakeSources, code: str) -> None:
    folder = FIXTURES / "rules" / code
    expected = (folder / "fail.expected").read_text(encoding="utf-8").split()
    assert expected and positions(server, code, folder / "fail.bib") == expected


@pytest.mark.parametrize("code", CODES)
def test_rule_is_silent_on_its_passing_fixture(server: FakeSources, code: str) -> None:
    assert positions(server, code, FIXTURES / "rules" / code / "pass.bib") == []


def test_every_second_source_rule_has_fixtures() -> None:
    ours = sorted(c for c, r in RULES.items() if r.func.__module__ == "refcheck.rules.sources")
    assert ours == CODES
