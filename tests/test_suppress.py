"""Inline suppressions in each comment syntax, their scope, and RC901."""

from __future__ import annotations

from refcheck.suppress import find_suppressions
from refcheck.text import LineIndex
from tests.conftest import codes

LIST = (
    "References\n"
    "Jervis, R. (1978). Cooperation under the security dilemma. World Politics, 30(2), 167–214.\n"
    "Kahn, H. (1960). On thermonuclear war. Princeton University Press.\n"
)


def _markers(text: str, kind: str) -> list[tuple[tuple[str, ...], int | None]]:
    return [(m.codes, m.line) for m in find_suppressions(text, LineIndex(text, "d"), kind)]


def test_marker_syntax_per_kind() -> None:
    assert _markers("a\n<!-- refcheck: ignore[RC102, rc2] -->\nb\n", "markdown") == [
        (("RC102", "RC2"), 3)
    ]
    assert _markers("x % refcheck: ignore[RC201]\n", "latex") == [(("RC201",), 1)]
    assert _markers("50\\% refcheck: ignore[RC201]\n", "latex") == []
    assert _markers("refcheck: ignore[RC101]\n\n(Smith, 2020)\n", "text") == [(("RC101",), 3)]
    assert _markers("prose refcheck: ignore[RC101] more\n", "text") == []
    assert _markers("refcheck: ignore-file[RC205]\n", "text") == [(("RC205",), None)]


def test_plain_text_marker_silences_the_next_line_only() -> None:
    text = "refcheck: ignore[RC101]\nSee (Smith, 2020).\nSee (Jones, 2021) and Jervis (1978).\n\n"
    assert codes(text + LIST) == ["RC101", "RC102"]  # Jones unresolved, Kahn uncited


def test_file_level_marker_and_prefixes() -> None:
    text = "refcheck: ignore-file[RC1]\nSee (Smith, 2020) and Jervis (1978).\n\n" + LIST
    assert codes(text) == []


def test_unused_marker_is_rc901_but_markers_for_unselected_rules_are_not_judged() -> None:
    text = "refcheck: ignore[RC101]\nSee Jervis (1978) and Kahn (1960).\n\n" + LIST
    assert codes(text) == ["RC901"]
    assert codes(text, ["RC2", "RC901"]) == []


def test_markers_shown_as_code_in_markdown_are_not_markers() -> None:
    text = (
        "Write `<!-- refcheck: ignore[RC102] -->` before an entry.\n\n"
        "```markdown\n<!-- refcheck: ignore[RC101] -->\n```\n\nJervis (1978) and Kahn (1960).\n\n"
        + LIST
    )
    assert codes(text, kind="markdown") == []


def test_marker_with_an_unknown_code_is_reported() -> None:
    text = "refcheck: ignore[RC1O1]\nSee Jervis (1978) and Kahn (1960).\n\n" + LIST
    assert codes(text) == ["RC901"]
    assert codes(text, ["RC2", "RC901"]) == ["RC901"]


def test_ignore_all_marker() -> None:
    text = "refcheck: ignore[ALL]\nSee (Smith, 2020) and Jervis (1978) and Kahn (1960).\n\n" + LIST
    assert codes(text) == []
