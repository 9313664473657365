"""The learned reference parser (refcheck.references.parser) with the model it ships.

These are the forms issue 10 names (IEEE volume/number/pages, physics journal tails,
proceedings as containers, arXiv-only entries, chapter endings, places), read through
the shipped model: a retrained model that loses one of them fails here.
"""

from __future__ import annotations

import subprocess
import sys

import pytest

from refcheck.model import Name, Span
from refcheck.references.parser import parse_entry
from refcheck.references.parser.labeller import label
from refcheck.references.parser.normalise import ABSENCE_CHECKED
from refcheck.references.parser.tokens import tokenize
from refcheck.rules.entries import REQUIRED

SPAN = Span("refs.txt", 1, 1, 1, 2)


def parse(raw: str):
    return parse_entry(raw, SPAN)


def test_ieee_volume_number_pages() -> None:
    ref = parse(
        "S. Hochreiter and J. Schmidhuber, “Long short-term memory,” Neural Computation, "
        "vol. 9, no. 8, pp. 1735-1780, 1997."
    )
    assert [a.family for a in ref.authors] == ["Hochreiter", "Schmidhuber"]
    assert ref.title == "Long short-term memory"
    assert ref.container == "Neural Computation"
    assert (ref.volume, ref.issue, ref.pages, ref.year) == ("9", "8", "1735-1780", "1997")
    assert ref.kind == "article"


@pytest.mark.parametrize(
    ("raw", "container", "volume", "pages", "year"),
    [
        ("H. J. Kimble, Phys. Rev. A 25, 2437 (1982).", "Phys. Rev. A", "25", "2437", "1982"),
        (
            "LeCun, Y., Bengio, Y. & Hinton, G. Deep learning. Nature 521, 436-444 (2015).",
            "Nature",
            "521",
            "436-444",
            "2015",
        ),
        (
            "K. Osterwalder and E. Seiler, Annals Phys. 110, 440 (1978).",
            "Annals Phys",
            "110",
            "440",
            "1978",
        ),
    ],
)
def test_physics_journal_tails(raw: str, container: str, volume: str, pages: str, year: str):
    ref = parse(raw)
    assert (ref.container or "").rstrip(".") == container
    assert (ref.volume, ref.pages, ref.year) == (volume, pages, year)
    assert ref.kind == "article"
    assert ref.title is None or ref.title not in raw.split(",")[-1]


def test_proceedings_pages_are_not_the_year() -> None:
    ref = parse(
        "[3] T. B. Brown et al., “Language models are few-shot learners,” in Advances in Neural "
        "Information Processing Systems 33, 2020, pp. 1877-1901."
    )
    assert ref.number == 3
    assert ref.year == "2020"
    assert ref.pages == "1877-1901"
    assert ref.kind == "conference"
    assert ref.container and ref.container.startswith("Advances in Neural Information")
    assert ref.publisher is None


def test_arxiv_only_entry_is_a_preprint() -> None:
    ref = parse("A. Vaswani et al., “Attention is all you need,” arXiv:1706.03762, 2017.")
    assert ref.kind == "preprint"
    assert ref.year == "2017"
    assert ref.volume is None and ref.pages is None


def test_volume_issue_colon_pages() -> None:
    ref = parse("Card, David. 1994. “Intertemporal Labor Supply.” ILR Review 47 (2): 173-88.")
    assert ref.container == "ILR Review"
    assert (ref.volume, ref.issue, ref.pages) == ("47", "2", "173-88")


def test_title_ending_in_a_question_mark() -> None:
    ref = parse(
        "Walt, S. M. (1998). International relations: One world, many theories? "
        "Foreign Policy, 110, 29-46."
    )
    assert ref.title and ref.title.endswith("many theories?")
    assert ref.container == "Foreign Policy"


def test_place_is_not_the_publisher() -> None:
    ref = parse("Foucault, M. (1975). Surveiller et punir. Paris: Gallimard.")
    assert ref.publisher == "Gallimard"
    assert ref.location == "Paris"
    assert ref.kind == "book"


def test_chapter_with_pages_before_the_book() -> None:
    ref = parse(
        "Granovetter, Mark. 1983. “The Strength of Weak Ties Revisited.” Pp. 201-33 in "
        "Sociological Theory, edited by Randall Collins. San Francisco: Jossey-Bass."
    )
    assert ref.pages == "201-33"
    assert ref.container == "Sociological Theory"
    assert [e.family for e in ref.editors] == ["Collins"]
    assert ref.publisher == "Jossey-Bass"
    assert ref.kind == "chapter"


def test_organisation_author() -> None:
    ref = parse("World Health Organization. (2020). Global tuberculosis report 2020. WHO.")
    assert ref.authors == [Name("World Health Organization")]
    assert ref.year == "2020"


def test_identifiers_are_read_by_rule() -> None:
    tokens = tokenize(
        "Smith, J. (2020). T. J. X, 1, 2. https://doi.org/10.1000/xyz.123. ISBN 978-3-16-148410-0"
    )
    assert "doi" in tokens.idents and "isbn" in tokens.idents
    ref = parse("Smith, J. (2020). Title. Journal X, 1, 2-3. https://doi.org/10.1000/xyz.123.")
    assert ref.doi == "10.1000/xyz.123"


def test_publication_states_are_not_chapters() -> None:
    for state in (
        "In press.",
        "Advance online publication.",
        "Epub ahead of print.",
        "Forthcoming.",
    ):
        ref = parse(f"Smith, J. (2020). A study of things. Psychological Medicine. {state}")
        assert ref.kind == "article", state
        assert ref.container == "Psychological Medicine", state
        assert ref.pub_state, state
        assert ref.publisher is None, state


def test_a_title_that_says_forthcoming_or_in_print_is_no_state() -> None:
    """The words of a state inside a title's own sentence are the title: such an
    article is still asked for its volume and pages."""
    for title in ("Books in Print and their readers", "Forthcoming elections in Europe"):
        ref = parse(f"Smith, J. (2020). {title}. Journal of Politics.")
        assert (ref.pub_state, ref.title) == (None, title)
    ref = parse("Smith, J. (2020). Books in print. Journal of Politics. In press.")
    assert (ref.pub_state, ref.title) == ("in press", "Books in print")


def test_confidences_are_probabilities() -> None:
    ref = parse(
        "Jervis, R. (1978). Cooperation under the security dilemma. World Politics, 30(2), 167-214."
    )
    assert {"authors", "year", "title", "container", "volume", "pages"} <= set(ref.confidence)
    assert all(0.0 <= v <= 1.0 for v in ref.confidence.values())
    assert min(ref.confidence.values()) > 0.9  # a clean APA article is read with certainty


def test_absence_is_checked_for_every_field_rc201_asks() -> None:
    for kind, fields in REQUIRED.items():
        if kind in ABSENCE_CHECKED:
            assert set(fields) - {"title"} <= set(ABSENCE_CHECKED[kind]), kind


def test_labels_cover_every_token() -> None:
    lab = label("Walt, S. M. (2015). The Ukraine crisis. Foreign Policy.")
    assert len(lab.labels) == len(lab.tokens) == len(lab.probs)


@pytest.mark.parametrize(
    "raw", ["", "   ", ".", "(((((", "1234 5678", "x" * 9000, "\u0000\u2028 weird", "[12]"]
)
def test_never_raises(raw: str) -> None:
    ref = parse(raw)
    assert ref.raw == raw


def test_model_loads_only_when_a_list_is_parsed() -> None:
    code = (
        "import sys, refcheck.cli, refcheck.engine, refcheck.references.parser;"
        "assert 'pycrfsuite' not in sys.modules, 'imported at start-up';"
        "from refcheck.references.parser import parse_entry;"
        "from refcheck.model import Span;"
        "parse_entry('Walt, S. M. (2015). Title. Foreign Policy.', Span('x', 1, 1, 1, 2));"
        "assert 'pycrfsuite' in sys.modules"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


def test_publication_states_fixture() -> None:
    """Issue 9 item 9: an article "In press", an "Advance online publication", "Epub
    ahead of print" or "forthcoming" is not yet paginated: RC201 asks it for no volume
    and pages. The same articles without a state are asked (fail.txt, lines 5 and 6)."""
    from tests.conftest import FIXTURES, lint_text

    folder = FIXTURES / "pub-states"
    passing = lint_text((folder / "pass.txt").read_text(encoding="utf-8"), ["RC201"])
    assert [f.code for f in passing.findings] == []
    failing = lint_text((folder / "fail.txt").read_text(encoding="utf-8"), ["RC201"])
    assert [(f.code, f.span.line) for f in failing.findings] == [("RC201", 5), ("RC201", 6)]
    assert all("lacks volume and pages" in f.message for f in failing.findings)
