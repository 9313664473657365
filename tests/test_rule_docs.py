"""Every rule's documentation: the parts a user needs, examples that really behave.

A rule's docstring is its documentation (``--explain``, docs/rules.md, SARIF help).
Each must say what the rule does, why it matters and how to fix it, with an example
that fails and the same example fixed. The examples of the rules that run offline are
linted here: the failing one must be reported by its rule, and the fixed one must give
no finding at all (every offline rule selected), so an example cannot rot.
"""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from refcheck.cli import command
from refcheck.docgen import SECTIONS, parse, render_plain, render_terminal, summary
from refcheck.engine import check_document
from refcheck.loaders import Document
from refcheck.rules import RULES, select_rules
from tests.conftest import TODAY

KINDS = {"text": "txt", "markdown": "md", "latex": "tex", "bibtex": "bib"}
OFFLINE = [r for r in select_rules(["ALL"]) if not r.needs_crossref]


@pytest.mark.parametrize("code", sorted(RULES))
def test_rule_doc_has_every_section(code: str) -> None:
    doc = parse(RULES[code].doc)
    assert doc.summary.endswith(".") and len(doc.summary) <= 100, "one-sentence summary"
    assert "\n" not in doc.summary
    missing = [s for s in SECTIONS if not doc.sections.get(s, "").strip()]
    assert not missing, f"{code} lacks {missing}"
    for section in ("Example", "Use instead"):
        [(kind, text)] = doc.examples(section)
        assert kind in KINDS and text.strip(), f"{code}: {section} needs one tagged block"
    assert doc.examples("Example") != doc.examples("Use instead")


def _lint(kind: str, text: str) -> list[str]:
    doc = Document(f"example.{KINDS[kind]}", text, kind)
    return [f.code for f in check_document(doc, OFFLINE, TODAY).findings]


@pytest.mark.parametrize("code", sorted(c for c, r in RULES.items() if not r.needs_crossref))
def test_rule_examples_behave_as_documented(code: str) -> None:
    doc = parse(RULES[code].doc)
    [(kind, failing)] = doc.examples("Example")
    [(fixed_kind, fixed)] = doc.examples("Use instead")
    assert code in _lint(kind, failing)
    assert _lint(fixed_kind, fixed) == []


@pytest.mark.parametrize("code", sorted(RULES))
def test_explain_is_plain_terminal_text(code: str) -> None:
    result = CliRunner().invoke(command, ["--explain", code])
    assert result.exit_code == 0
    out = result.stdout
    assert out == render_terminal(RULES[code])
    assert "``" not in out and "`" not in out, "no reStructuredText or Markdown code marks"
    assert "```" not in out and "\x1b" not in out
    assert not [line for line in out.splitlines() if line.startswith("#")], "no raw headings"
    for section in SECTIONS:
        assert f"\n{section}\n" in out
    assert summary(RULES[code]) in out and render_plain(RULES[code]) in out


def test_summaries_are_whole_sentences_in_sarif_and_list_rules() -> None:
    out = CliRunner().invoke(command, ["--list-rules"]).stdout
    rc203 = next(line for line in out.splitlines() if line.startswith("RC203"))
    assert rc203.endswith("same DOI, same key, or same first author, year and title.")
