"""Pandoc citations and the YAML front matter's bibliography list."""

from __future__ import annotations

from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from refcheck.extract.pandoc import extract_pandoc, front_matter_bibliography
from refcheck.text import LineIndex

FIXTURE = Path(__file__).resolve().parent.parent / "fixtures" / "pandoc" / "essay.md"


def cites(text: str):
    return extract_pandoc(text, LineIndex(text, "doc.md"))


def test_fixture_citations_and_spans() -> None:
    text = FIXTURE.read_text(encoding="utf-8")
    got = [
        (c.key, c.raw, c.span.line, c.span.column, c.span.end_column, c.locator, c.narrative)
        for c in cites(text)
    ]
    assert got == [
        ("smith04", "@smith04", 8, 13, 21, None, False),
        ("doe99", "-@doe99", 8, 23, 30, "p. 33", False),
        ("a", "@a", 8, 48, 50, "chap. 2", False),
        ("b", "@b", 8, 61, 63, None, False),
        ("jones2020", "@jones2020", 9, 1, 11, None, True),
        ("lee", "@lee", 9, 25, 29, "p. 3", True),
        ("smith04", "@smith04", 10, 29, 37, None, True),
        ("weird key", "@{weird key}", 10, 44, 56, None, True),
    ]
    assert all(c.style == "pandoc" for c in cites(text))
    assert front_matter_bibliography(text) == ["refs.bib", "extra.json"]


def test_keys_follow_pandoc_rules() -> None:
    assert [c.key for c in cites("See @smith:2004.a, and @doe_99/x.")] == [
        "smith:2004.a",
        "doe_99/x",
    ]


def test_not_citations() -> None:
    assert cites("write to me@example.org or a\\@b, or x@y") == []
    assert cites("[email me@x.org] and [link](http://x@y)") == []


def test_bracket_with_item_lacking_key_is_not_a_group() -> None:
    # "[see above; @a]" has a keyless item: Pandoc reads text, with @a narrative.
    assert [(c.key, c.narrative) for c in cites("[see above; @a]")] == [("a", True)]


def test_group_across_lines() -> None:
    got = cites("[@a;\n@b, pp. 3-4]")
    assert [(c.key, c.span.line, c.locator) for c in got] == [("a", 1, None), ("b", 2, "pp. 3-4")]


def test_front_matter_forms() -> None:
    assert front_matter_bibliography("---\nbibliography: refs.bib\n---\n") == ["refs.bib"]
    assert front_matter_bibliography("---\nbibliography: 'a b.bib' # c\n...\n") == ["a b.bib"]
    inline = '---\ntitle: x\nbibliography: [a.bib, "b.json"]\n---\nbody'
    assert front_matter_bibliography(inline) == ["a.bib", "b.json"]
    block = "---\nbibliography:\n  - a.bib\n\n  - b.yaml\nauthor: me\n---\n"
    assert front_matter_bibliography(block) == ["a.bib", "b.yaml"]
    assert front_matter_bibliography("no front matter\nbibliography: x.bib\n") == []
    assert front_matter_bibliography("---\ntitle: x\n---\n") == []


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("@[]-;,:{}. \nabp3\\"))) | st.text())
def test_never_raises_and_spans_inside(text: str) -> None:
    index = LineIndex(text, "doc.md")
    for c in extract_pandoc(text, index):
        start = index.line_start(c.span.line) + c.span.column - 1
        assert text[start : start + len(c.raw)] == c.raw
        assert c.key
    front_matter_bibliography(text)
    front_matter_bibliography("---\n" + text + "\n---\n")
