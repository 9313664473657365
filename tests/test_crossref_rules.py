"""RC301–RC306 and RC390, each with a failing and a passing case, via a fake Verifier
through the engine (the rules only read ``ctx.verifications``)."""

from __future__ import annotations

import pytest

from refcheck.crossref import FieldDiff, Verification
from refcheck.engine import check_document
from refcheck.loaders import Document
from refcheck.model import Reference, Severity
from refcheck.rules import RULES, select_rules
from tests.conftest import TODAY

DOC = """\
As argued (Jervis, 1978; Walt, 2015; Charap & Colton, 2017).

References
Charap, S., & Colton, T. J. (2017). Everyone Loses: The Ukraine Crisis. Routledge.
Jervis, R. (1978). Cooperation under the Security Dilemma. World Politics, 30(2), 167–214.
Walt, S. M. (2015). The Ukraine Crisis and the Perils of Liberal Interventionism. Foreign Policy.
"""
WITH_DOI = DOC.replace("167–214.", "167–214. https://doi.org/10.2307/2009958")
OK = Verification("verified", doi="10.2307/2009958")


class FakeVerifier:
    def __init__(self, *verdicts: Verification) -> None:
        self.verdicts = list(verdicts)
        self.calls = 0

    def verify(self, refs: list[Reference]) -> list[Verification]:
        self.calls += 1
        assert len(refs) == len(self.verdicts)
        return self.verdicts


def run(code: str, *verdicts: Verification, text: str = DOC) -> list:
    doc = Document("doc.txt", text, "text")
    return check_document(doc, select_rules([code]), TODAY, FakeVerifier(*verdicts)).findings


def plain() -> Verification:
    return Verification("verified")


def test_rules_are_registered_as_online() -> None:
    for code in ("RC301", "RC302", "RC303", "RC304", "RC305", "RC306", "RC390"):
        assert RULES[code].needs_crossref


def test_offline_nothing_is_verified_and_crossref_rules_are_silent() -> None:
    doc = Document("doc.txt", DOC, "text")
    assert check_document(doc, select_rules(["RC3"]), TODAY, None).findings == []


def test_rc301_not_found_is_a_note_for_a_magazine_piece_and_warning_for_an_article() -> None:
    walt = Verification("not-found", searched="Walt 2015 The Ukraine Crisis")
    [f] = run("RC301", plain(), plain(), walt)
    assert (f.span.line, f.severity) == (6, Severity.NOTE)
    assert "Walt (2015)" in f.message and "Walt 2015 The Ukraine Crisis" in f.message
    [f] = run("RC301", plain(), Verification("not-found", searched="Jervis"), plain())
    assert (f.span.line, f.severity) == (5, Severity.WARNING)
    assert run("RC301", plain(), plain(), plain()) == []


def test_rc302_lists_every_differing_field_once() -> None:
    diffs = [FieldDiff("volume", "31", "30"), FieldDiff("pages", "167-215", "167-214")]
    [f] = run(
        "RC302",
        plain(),
        Verification("verified", doi="10.2307/2009958", differences=diffs),
        plain(),
    )
    assert f.message == (
        "volume differs from Crossref: '31' vs '30'; "
        "pages differ from Crossref: '167-215' vs '167-214'"
    )
    assert f.data["differences"][0] == {"field": "volume", "entry": "31", "crossref": "30"}
    assert "10.2307/2009958" in f.hint
    assert run("RC302", plain(), OK, plain()) == []


def test_rc303_doi_not_found() -> None:
    [f] = run(
        "RC303",
        plain(),
        Verification("doi-not-found", searched="10.2307/2009958"),
        plain(),
        text=WITH_DOI,
    )
    assert f.severity == Severity.ERROR and "10.2307/2009958 is not registered" in f.message
    assert run("RC303", plain(), OK, plain(), text=WITH_DOI) == []


def test_rc304_doi_mismatch_names_the_other_work() -> None:
    other = Verification(
        "doi-mismatch", searched="10.2307/2009958", record_title="Charges ride the spin wave"
    )
    [f] = run("RC304", plain(), other, plain(), text=WITH_DOI)
    assert f.severity == Severity.ERROR and "'Charges ride the spin wave'" in f.message
    assert run("RC304", plain(), OK, plain(), text=WITH_DOI) == []


def test_rc305_missing_doi_hint_gives_the_doi_only_when_the_entry_has_none() -> None:
    [f] = run("RC305", plain(), OK, plain())
    assert f.hint == "add doi:10.2307/2009958" and f.span.line == 5
    assert run("RC305", plain(), OK, plain(), text=WITH_DOI) == []


def test_rc306_retracted_work() -> None:
    retracted = Verification("verified", doi="10.2307/2009958", retracted_by="10.9999/notice")
    [f] = run("RC306", plain(), retracted, plain())
    assert f.severity == Severity.ERROR and "10.9999/notice" in f.message
    assert run("RC306", plain(), OK, plain()) == []


@pytest.mark.parametrize("code", ["RC301", "RC302", "RC303", "RC304", "RC305", "RC306"])
def test_unverified_entries_get_no_finding_but_one_rc390(code: str) -> None:
    failed = Verification("unverified", reason="timed out")
    assert run(code, failed, failed, failed) == []
    [f] = run("RC390", failed, failed, plain())
    assert f.span.line == 4 and f.severity == Severity.NOTE
    assert f.message == "2 of 3 entries could not be verified against Crossref (timed out)"


def test_rc390_silent_when_everything_was_verified_or_skipped() -> None:
    assert run("RC390", plain(), OK, Verification("skipped")) == []
