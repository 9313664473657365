"""Finding the reference list and splitting it into entries."""

from __future__ import annotations

from pathlib import Path

import pytest

from refcheck.references.reflist import find_section, parse_reference_list, split_entries
from refcheck.text import LineIndex
from tests.conftest import ROOT, TODAY


def _split(text: str, kind: str = "text") -> list[str]:
    lines = text.split("\n")
    found = find_section(lines, kind)
    assert found is not None
    _, start, end = found
    return [" ".join(p.strip() for p in c.parts) for c in split_entries(lines, start, end)]


@pytest.mark.parametrize(
    "heading",
    [
        "References",
        "REFERENCES",
        "References:",
        "## References",
        "# Bibliography",
        "Works Cited",
        "Literature Cited",
        "**References**",
        "7. References",
        "Sources",
        "Reference List",
    ],
)
def test_headings_are_recognised(heading: str) -> None:
    text = f"Body (Smith, 2020).\n{heading}\nSmith, J. (2020). Title. Journal, 1(2), 3-4.\n"
    lines = text.split("\n")
    found = find_section(lines, "markdown" if heading.startswith("#") else "text")
    assert found is not None and found[0] == 1


def test_prose_mentioning_references_is_not_a_heading() -> None:
    lines = ["The references in this essay are listed below at the end of the text.", "x"]
    assert find_section(lines, "text") is None


def test_last_heading_wins_over_table_of_contents() -> None:
    lines = ["Contents", "References", "Body", "References", "Smith, J. (2020). T. P."]
    assert find_section(lines, "text") == (3, 4, 5)


def test_list_ends_at_appendix_and_at_markdown_sibling_heading() -> None:
    text = "## References\nA, B. (2000). T. P.\n\n## Appendix A\nTable (2001)\n"
    assert find_section(text.split("\n"), "markdown")[2] == 3
    text = "# References\nA, B. (2000). T. P.\n# Other\n"
    assert find_section(text.split("\n"), "markdown")[2] == 2
    text = "References\nA, B. (2000). T. P.\nAppendix\nx\n"
    assert find_section(text.split("\n"), "text")[2] == 2


def test_one_entry_per_line() -> None:
    text = (
        "References\n"
        "Mearsheimer, J. J. (2014). Why the crisis. Foreign Affairs, 93(5), 77–89.\n"
        "Walt, S. M. (2015). The Ukraine crisis. Foreign Policy.\n"
    )
    assert len(_split(text)) == 2


def test_paragraph_entries_wrapped_without_indent() -> None:
    text = (
        "References\n\n"
        "Mearsheimer, J. J. (2014). Why the Ukraine crisis is the West's fault: The\n"
        "liberal delusions that provoked Putin. Foreign Affairs, 93(5), 77–89.\n\n"
        "Walt, S. M. (2015). The Ukraine crisis and the perils of liberal\n"
        "interventionism. Foreign Policy.\n"
    )
    entries = _split(text)
    assert len(entries) == 2
    assert entries[0].endswith("77–89.")


def test_wrapped_lines_without_blank_lines_or_indent() -> None:
    text = (
        "References\n"
        "Jervis, R. (1978). Cooperation under the security dilemma. World Politics,\n"
        "30(2), 167–214.\n"
        "Walt, S. M. (2015). The Ukraine crisis and the perils of liberal\n"
        "Interventionism in 1999 and later. Foreign Policy.\n"
    )
    entries = _split(text)
    assert [e[:6] for e in entries] == ["Jervis", "Walt, "]


def test_hanging_indent() -> None:
    text = (
        "References\n"
        "Jervis, R. (1978). Cooperation under the security dilemma. World Politics,\n"
        "    30(2), 167–214.\n"
        "Walt, S. M. (2015). The Ukraine crisis and the perils of liberal\n"
        "    interventionism. Foreign Policy.\n"
    )
    entries = _split(text)
    assert len(entries) == 2 and entries[1].endswith("Foreign Policy.")


def test_numbered_and_bulleted_entries_split_and_keep_number() -> None:
    text = "References\n[1] A. Smith, Title, J. 1 (2000) 1-2.\n[2] B. Jones, Other, 2001.\n"
    index = LineIndex(text, "doc.txt")
    section = parse_reference_list(text, index, "text")
    assert section is not None
    assert [r.number for r in section.entries] == [1, 2]
    assert section.entries[1].raw.startswith("B. Jones")
    assert section.entries[1].span.column == 5


def test_markdown_list_and_emphasis() -> None:
    text = (
        "# References\n\n"
        "- Walt, S. M. (2015). The Ukraine crisis. *Foreign Policy*, 12(3), 1–9.\n"
        "- Jervis, R. (1978). Cooperation. *World Politics*, 30(2), 167–214.\n"
    )
    section = parse_reference_list(text, LineIndex(text, "doc.md"), "markdown")
    assert section is not None
    walt = section.entries[0]
    assert "*" not in walt.raw
    assert (walt.span.line, walt.span.column) == (3, 3)
    assert walt.container == "Foreign Policy"


def test_entry_span_covers_wrapped_lines() -> None:
    text = "References\nJervis, R. (1978). Cooperation. World Politics,\n  30(2), 167–214.\n"
    section = parse_reference_list(text, LineIndex(text, "d"), "text")
    assert section is not None
    s = section.entries[0].span
    assert (s.line, s.column, s.end_line, s.end_column) == (2, 1, 3, 18)


# ------------------------------------------------- what follows a list in Markdown

AFTER = ROOT / "fixtures" / "markdown-after-list"


def test_markdown_after_the_list_is_not_entries() -> None:
    from refcheck.engine import run

    result = run([str(AFTER)], today=TODAY)
    found = [(Path(f.span.path).name, f.span.line, f.span.column, f.code) for f in result.findings]
    # fail.md: only its real problem, Jervis (never cited, no pages); nothing from the
    # rule, footnotes, the "Notes" list, HTML, link definitions, divs or tables.
    assert found == [("fail.md", 13, 1, "RC102"), ("fail.md", 13, 1, "RC201")]
    assert [len(d.references) for d in result.documents] == [3, 2]


@pytest.mark.parametrize(
    "after",
    [
        "---",
        "***",
        "_ _ _",
        "[^1]: Smith, J. (2020). A note.",
        "[home]: https://example.org/x",
        '[home]: <https://example.org/x> "Title"',
        "<table><tr><td>Smith, J. (2020)</td></tr></table>",
        "<details>",
        "::: {.appendix}",
        "| Smith, J. (2020) | x |",
        "![Smith, J. (2020)](fig.png)",
        "{{< pagebreak >}}",
        "\\newpage",
    ],
)
def test_list_ends_at(after: str) -> None:
    walt = "Walt, S. M. (1987). Origins. Cornell."
    text = f"# References\n\n{walt}\n\n{after}\n\nSmith, J. (2020). X.\n"
    section = parse_reference_list(text, LineIndex(text), "markdown")
    assert section is not None and [r.authors[0].family for r in section.entries] == ["Walt"]


def test_placeholders_before_the_first_entry_are_passed_over() -> None:
    text = (
        "# References {.unnumbered}\n\n::: {#refs .references}\n:::\n\n"
        '<div id="refs"></div>\n\nWalt, S. M. (1987). Origins. Cornell.\n'
    )
    section = parse_reference_list(text, LineIndex(text), "markdown")
    assert section is not None and [r.span.line for r in section.entries] == [8]


def test_div_wrappers_inside_the_list_separate_entries() -> None:
    text = (
        '# References\n\n<div id="ref-a">\nWalt, S. M. (1987). Origins. Cornell.\n</div>\n'
        '<div id="ref-b">\nWaltz, K. N. (1979). Theory. Addison-Wesley.\n</div>\n'
    )
    section = parse_reference_list(text, LineIndex(text), "markdown")
    assert section is not None
    assert [(r.authors[0].family, r.span.line) for r in section.entries] == [
        ("Walt", 4),
        ("Waltz", 7),
    ]


def test_plain_text_list_ends_at_a_rule_but_not_at_a_dash_entry() -> None:
    text = (
        "References\n\nWalt, S. M. (1987). Origins. Cornell.\n"
        "———. (1988). More. Cornell.\n\n----------\n\nSmith, J. (2020). X.\n"
    )
    section = parse_reference_list(text, LineIndex(text), "text")
    assert section is not None and len(section.entries) == 2


def test_weak_heading_over_prose_is_no_list() -> None:
    text = "# Literature\n\nHere is a review of existing methods.\n\nMore prose follows.\n"
    assert parse_reference_list(text, LineIndex(text), "markdown") is None
    listed = "# Literature\n\nWalt, S. M. (1987). Origins. Cornell.\n"
    assert parse_reference_list(listed, LineIndex(listed), "markdown") is not None


def test_html_anchors_and_superscript_numbers_in_markdown_entries() -> None:
    text = (
        "## References\n\n"
        '* <a name="r-1"></a><sup>1</sup>[Walt SM. Origins. Cornell; 1987.](https://x.org/1)\n'
        "* <sup>2</sup> Waltz KN. <i>Theory</i>. Addison-Wesley; 1979. <https://x.org/2>\n"
    )
    section = parse_reference_list(text, LineIndex(text), "markdown")
    assert section is not None
    assert [(r.number, r.authors[0].family) for r in section.entries] == [(1, "Walt"), (2, "Waltz")]
    assert "<" not in section.entries[0].raw and "https://x.org/2" in section.entries[1].raw


def test_introduction_sub_headings_and_quotes_are_not_entries() -> None:
    text = (
        "## References\nIf you use our work, please cite us and the tools you used\n\n"
        "1. Walt SM. Origins. Cornell; 1987.\n\n### Books\n\n2. Waltz KN. Theory. 1979.\n\n"
        "### How to cite us:\n\n> Doe, J. (2024). Tool. Nat Methods.\n\nor see [Cite](CITATION)\n"
    )
    section = parse_reference_list(text, LineIndex(text), "markdown")
    assert section is not None and [r.number for r in section.entries] == [1, 2]
