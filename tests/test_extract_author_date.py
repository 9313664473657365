"""Tests for the author-date extractor (refcheck.extract.author_date).

Each expectation row is ``(raw, authors, year, suffix, locator, narrative, et_al,
tentative, (line, column, end_column))``; the span columns are 1-based with an exclusive
end, as ``LineIndex.span`` produces them.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from refcheck.extract.author_date import extract_author_date
from refcheck.model import Citation
from refcheck.text import LineIndex

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"


def extract(text: str) -> list[Citation]:
    return extract_author_date(text, LineIndex(text, "doc.txt"))


def row(c: Citation) -> tuple:
    return (
        c.raw,
        c.authors,
        c.year,
        c.suffix,
        c.locator,
        c.narrative,
        c.et_al,
        c.tentative,
        (c.span.line, c.span.column, c.span.end_column),
    )


CITATIONS = [
    (
        "(Jervis, 1978)",
        [("Jervis, 1978", ("Jervis",), "1978", "", None, False, False, False, (1, 2, 14))],
    ),
    (
        "Jervis (1978)",
        [("Jervis (1978)", ("Jervis",), "1978", "", None, True, False, False, (1, 1, 14))],
    ),
    (
        "Tang's (2009)",
        [("Tang's (2009)", ("Tang",), "2009", "", None, True, False, False, (1, 1, 14))],
    ),
    (
        "Tang’s (2009)",
        [("Tang’s (2009)", ("Tang",), "2009", "", None, True, False, False, (1, 1, 14))],
    ),
    (
        "(Keohane & Martin, 1995)",
        [
            (
                "Keohane & Martin, 1995",
                ("Keohane", "Martin"),
                "1995",
                "",
                None,
                False,
                False,
                False,
                (1, 2, 24),
            )
        ],
    ),
    (
        "Levy and Thompson (2010)",
        [
            (
                "Levy and Thompson (2010)",
                ("Levy", "Thompson"),
                "2010",
                "",
                None,
                True,
                False,
                False,
                (1, 1, 25),
            )
        ],
    ),
    (
        "(Leeds, Ritter, Mitchell and Long 2002)",
        [
            (
                "Leeds, Ritter, Mitchell and Long 2002",
                ("Leeds", "Ritter", "Mitchell", "Long"),
                "2002",
                "",
                None,
                False,
                False,
                False,
                (1, 2, 39),
            )
        ],
    ),
    (
        "(Leeds, Ritter, Mitchell, & Long, 2002)",
        [
            (
                "Leeds, Ritter, Mitchell, & Long, 2002",
                ("Leeds", "Ritter", "Mitchell", "Long"),
                "2002",
                "",
                None,
                False,
                False,
                False,
                (1, 2, 39),
            )
        ],
    ),
    (
        "(Kroenig et al., 2019)",
        [("Kroenig et al., 2019", ("Kroenig",), "2019", "", None, False, True, False, (1, 2, 22))],
    ),
    (
        "Kroenig et al. (2019)",
        [("Kroenig et al. (2019)", ("Kroenig",), "2019", "", None, True, True, False, (1, 1, 22))],
    ),
    (
        "(Walt, 1985, 1987)",
        [
            ("Walt, 1985", ("Walt",), "1985", "", None, False, False, False, (1, 2, 12)),
            ("1987", ("Walt",), "1987", "", None, False, False, False, (1, 14, 18)),
        ],
    ),
    (
        "(Walt 1987a, 1987b)",
        [
            ("Walt 1987a", ("Walt",), "1987", "a", None, False, False, False, (1, 2, 12)),
            ("1987b", ("Walt",), "1987", "b", None, False, False, False, (1, 14, 19)),
        ],
    ),
    (
        "(Mearsheimer, 1990; Walt, 1985)",
        [
            (
                "Mearsheimer, 1990",
                ("Mearsheimer",),
                "1990",
                "",
                None,
                False,
                False,
                False,
                (1, 2, 19),
            ),
            ("Walt, 1985", ("Walt",), "1985", "", None, False, False, False, (1, 21, 31)),
        ],
    ),
    (
        "(see Jervis, 1978, p. 169)",
        [
            (
                "Jervis, 1978, p. 169",
                ("Jervis",),
                "1978",
                "",
                "p. 169",
                False,
                False,
                False,
                (1, 6, 26),
            )
        ],
    ),
    (
        "(Labs 1992, 390)",
        [("Labs 1992, 390", ("Labs",), "1992", "", "390", False, False, False, (1, 2, 16))],
    ),
    (
        "Waltz (1979: 118)",
        [("Waltz (1979: 118)", ("Waltz",), "1979", "", "118", True, False, False, (1, 1, 18))],
    ),
    (
        "(Waltz 1979:118)",
        [("Waltz 1979:118", ("Waltz",), "1979", "", "118", False, False, False, (1, 2, 16))],
    ),
    (
        "(e.g., Fearon, 1995)",
        [("Fearon, 1995", ("Fearon",), "1995", "", None, False, False, False, (1, 8, 20))],
    ),
    (
        "(cf. Fearon 1995)",
        [("Fearon 1995", ("Fearon",), "1995", "", None, False, False, False, (1, 6, 17))],
    ),
    (
        "(NATO, 2008)",
        [("NATO, 2008", ("NATO",), "2008", "", None, False, False, False, (1, 2, 12))],
    ),
    (
        "(World Health Organization, 2020)",
        [
            (
                "World Health Organization, 2020",
                ("World Health Organization",),
                "2020",
                "",
                None,
                False,
                False,
                False,
                (1, 2, 33),
            )
        ],
    ),
    (
        "(Author, n.d.)",
        [("Author, n.d.", ("Author",), "n.d.", "", None, False, False, False, (1, 2, 14))],
    ),
    (
        "(Author, in press)",
        [("Author, in press", ("Author",), "in press", "", None, False, False, False, (1, 2, 18))],
    ),
    (
        "(Author, forthcoming)",
        [
            (
                "Author, forthcoming",
                ("Author",),
                "forthcoming",
                "",
                None,
                False,
                False,
                False,
                (1, 2, 21),
            )
        ],
    ),
    (
        "(Smith, 2020, pp. 3–5)",
        [
            (
                "Smith, 2020, pp. 3–5",
                ("Smith",),
                "2020",
                "",
                "pp. 3–5",
                False,
                False,
                False,
                (1, 2, 22),
            )
        ],
    ),
    (
        "(Smith 2020, chap. 2)",
        [
            (
                "Smith 2020, chap. 2",
                ("Smith",),
                "2020",
                "",
                "chap. 2",
                False,
                False,
                False,
                (1, 2, 21),
            )
        ],
    ),
    (
        "Smith (2020, p. 4)",
        [("Smith (2020, p. 4)", ("Smith",), "2020", "", "p. 4", True, False, False, (1, 1, 19))],
    ),
    (
        "Smith and colleagues (2019)",
        [
            (
                "Smith and colleagues (2019)",
                ("Smith",),
                "2019",
                "",
                None,
                True,
                True,
                True,
                (1, 1, 28),
            )
        ],
    ),
    (
        "as Smith (2019) and Jones (2020) argued",
        [
            ("Smith (2019)", ("Smith",), "2019", "", None, True, False, False, (1, 4, 16)),
            ("Jones (2020)", ("Jones",), "2020", "", None, True, False, False, (1, 21, 33)),
        ],
    ),
    (
        "(Smith, 2019; see also Jones, 2020)",
        [
            ("Smith, 2019", ("Smith",), "2019", "", None, False, False, False, (1, 2, 13)),
            ("Jones, 2020", ("Jones",), "2020", "", None, False, False, False, (1, 24, 35)),
        ],
    ),
    (
        "(Smith, 2019, 2020a, b)",
        [
            ("Smith, 2019", ("Smith",), "2019", "", None, False, False, False, (1, 2, 13)),
            ("2020a", ("Smith",), "2020", "a", None, False, False, False, (1, 15, 20)),
            ("b", ("Smith",), "2020", "b", None, False, False, False, (1, 22, 23)),
        ],
    ),
    (
        "(Müller, 2019)",
        [("Müller, 2019", ("Müller",), "2019", "", None, False, False, False, (1, 2, 14))],
    ),
    (
        "(van der Berg, 2020)",
        [
            (
                "van der Berg, 2020",
                ("van der Berg",),
                "2020",
                "",
                None,
                False,
                False,
                False,
                (1, 2, 20),
            )
        ],
    ),
    (
        "Van der Berg (2020)",
        [
            (
                "Van der Berg (2020)",
                ("Van der Berg",),
                "2020",
                "",
                None,
                True,
                False,
                False,
                (1, 1, 20),
            )
        ],
    ),
    (
        "(de Mesquita, 2003)",
        [
            (
                "de Mesquita, 2003",
                ("de Mesquita",),
                "2003",
                "",
                None,
                False,
                False,
                False,
                (1, 2, 19),
            )
        ],
    ),
    (
        "(Bueno de Mesquita, 2003)",
        [
            (
                "Bueno de Mesquita, 2003",
                ("Bueno de Mesquita",),
                "2003",
                "",
                None,
                False,
                False,
                False,
                (1, 2, 25),
            )
        ],
    ),
    (
        "(O'Neill, 2001)",
        [("O'Neill, 2001", ("O'Neill",), "2001", "", None, False, False, False, (1, 2, 15))],
    ),
    (
        "(García-Márquez, 1999)",
        [
            (
                "García-Márquez, 1999",
                ("García-Márquez",),
                "1999",
                "",
                None,
                False,
                False,
                False,
                (1, 2, 22),
            )
        ],
    ),
    (
        "(D’Souza 2010)",
        [("D’Souza 2010", ("D’Souza",), "2010", "", None, False, False, False, (1, 2, 14))],
    ),
    (
        "(McDonald, 2001)",
        [("McDonald, 2001", ("McDonald",), "2001", "", None, False, False, False, (1, 2, 16))],
    ),
    (
        "(DiMaggio & Powell, 1983)",
        [
            (
                "DiMaggio & Powell, 1983",
                ("DiMaggio", "Powell"),
                "1983",
                "",
                None,
                False,
                False,
                False,
                (1, 2, 25),
            )
        ],
    ),
    (
        "(Smith, Jones, & Lee, 2020)",
        [
            (
                "Smith, Jones, & Lee, 2020",
                ("Smith", "Jones", "Lee"),
                "2020",
                "",
                None,
                False,
                False,
                False,
                (1, 2, 27),
            )
        ],
    ),
    (
        "(Smith and Jones 2020)",
        [
            (
                "Smith and Jones 2020",
                ("Smith", "Jones"),
                "2020",
                "",
                None,
                False,
                False,
                False,
                (1, 2, 22),
            )
        ],
    ),
    (
        "as argued before (see [Smith, 2020])",
        [("Smith, 2020", ("Smith",), "2020", "", None, False, False, False, (1, 24, 35))],
    ),
    (
        "[Smith, 2020]",
        [("Smith, 2020", ("Smith",), "2020", "", None, False, False, False, (1, 2, 13))],
    ),
    (
        "(Benrey and Denno, 1997; Williams, 1999; Kessler and Baldwin, 2001, 2004; "
        "Kaplan and Thaler, 2011)",
        [
            (
                "Benrey and Denno, 1997",
                ("Benrey", "Denno"),
                "1997",
                "",
                None,
                False,
                False,
                False,
                (1, 2, 24),
            ),
            ("Williams, 1999", ("Williams",), "1999", "", None, False, False, False, (1, 26, 40)),
            (
                "Kessler and Baldwin, 2001",
                ("Kessler", "Baldwin"),
                "2001",
                "",
                None,
                False,
                False,
                False,
                (1, 42, 67),
            ),
            ("2004", ("Kessler", "Baldwin"), "2004", "", None, False, False, False, (1, 69, 73)),
            (
                "Kaplan and Thaler, 2011",
                ("Kaplan", "Thaler"),
                "2011",
                "",
                None,
                False,
                False,
                False,
                (1, 75, 98),
            ),
        ],
    ),
    (
        "as in Halitschke et al. (2000) and",
        [
            (
                "Halitschke et al. (2000)",
                ("Halitschke",),
                "2000",
                "",
                None,
                True,
                True,
                False,
                (1, 7, 31),
            )
        ],
    ),
    (
        "adapted from Yu et al. 2010a.",
        [("Yu et al. 2010a", ("Yu",), "2010", "a", None, True, True, False, (1, 14, 29))],
    ),
    (
        "(Horne and Page, 2008)",
        [
            (
                "Horne and Page, 2008",
                ("Horne", "Page"),
                "2008",
                "",
                None,
                False,
                False,
                False,
                (1, 2, 22),
            )
        ],
    ),
    (
        "(An et al. 2011)",
        [("An et al. 2011", ("An",), "2011", "", None, False, True, False, (1, 2, 16))],
    ),
    (
        "(Figure 1b,e in Aragon et al. (2009))",
        [("Aragon et al. (2009)", ("Aragon",), "2009", "", None, True, True, False, (1, 17, 37))],
    ),
    (
        "(Dryad: Schuman et al., 2012)",
        [("Schuman et al., 2012", ("Schuman",), "2012", "", None, False, True, False, (1, 9, 29))],
    ),
    (
        "(Smith, 2019; 2020)",
        [
            ("Smith, 2019", ("Smith",), "2019", "", None, False, False, False, (1, 2, 13)),
            ("2020", ("Smith",), "2020", "", None, False, False, False, (1, 15, 19)),
        ],
    ),
    (
        "the Founding Act (1997)",
        [
            (
                "Founding Act (1997)",
                ("Founding Act",),
                "1997",
                "",
                None,
                True,
                False,
                True,
                (1, 5, 24),
            )
        ],
    ),
    (
        "The Bucharest Summit (2008) was",
        [
            (
                "Bucharest Summit (2008)",
                ("Bucharest Summit",),
                "2008",
                "",
                None,
                True,
                False,
                True,
                (1, 5, 28),
            )
        ],
    ),
    (
        "Research (2019) shows",
        [("Research (2019)", ("Research",), "2019", "", None, True, False, True, (1, 1, 16))],
    ),
    (
        "However, Smith (2019) found",
        [("Smith (2019)", ("Smith",), "2019", "", None, True, False, False, (1, 10, 22))],
    ),
    (
        "In Russia, Smith (2019) found",
        [("Smith (2019)", ("Smith",), "2019", "", None, True, False, False, (1, 12, 24))],
    ),
    ("(May 2019)", [("May 2019", ("May",), "2019", "", None, False, False, True, (1, 2, 10))]),
    (
        "(Lacin and Truman, in preparation)",
        [
            (
                "Lacin and Truman, in preparation",
                ("Lacin", "Truman"),
                "in preparation",
                "",
                None,
                False,
                False,
                True,
                (1, 2, 34),
            )
        ],
    ),
    (
        "(Yang et al., 2005 and unpublished data)",
        [("Yang et al., 2005", ("Yang",), "2005", "", None, False, True, False, (1, 2, 19))],
    ),
]


@pytest.mark.parametrize(("text", "expected"), CITATIONS, ids=[c[0][:40] for c in CITATIONS])
def test_citations(text: str, expected: list[tuple]) -> None:
    got = extract(text)
    assert [row(c) for c in got] == expected
    for c in got:
        assert c.style == "author-date"
        assert c.span.path == "doc.txt"
        assert c.key is None and c.number is None


NOT_CITATIONS = [
    "In 1999, Poland, Hungary, and the Czech Republic joined the alliance.",
    "The annexation of Crimea in 2014 and the full-scale invasion in 2022.",
    "the war years (1939–1945) were",
    "as reported (2008) by the press",
    "see the appendix (p. 5).",
    "(Figure 2, 2019)",
    "(Figure, 2019)",
    "(Table 3, 2019)",
    "(n = 2019)",
    "(version 2020)",
    "(Version 2020)",
    "(January 2019)",
    "(Spring 2020)",
    "it cost $2019 (USD 2019) in total",
    "the outbreak of COVID-19 (2020) changed",
    "In (2019) the",
    "Growth was 5% (2019 data) overall.",
    "However (2019) is not a name.",
    "(Mattie et al Curr Biol 2010)",
    "[12], [3-5] and (4, 2019)",
    "",
]


@pytest.mark.parametrize("text", NOT_CITATIONS)
def test_not_citations(text: str) -> None:
    assert extract(text) == []


@pytest.mark.parametrize(
    "text",
    [
        "the Founding Act (1997) was signed",
        "The Bucharest Summit (2008) declared",
        "Research (2019) shows that",
        "Smith and colleagues (2019) found",
        "(May 2019)",
        "(Lacin and Truman, in preparation)",
        "as shown by Shepherd et al. (2015, in revision)",
    ],
)
def test_tentative_candidates(text: str) -> None:
    got = extract(text)
    assert got and all(c.tentative for c in got)


@pytest.mark.parametrize(
    ("text", "raw", "authors"),
    [
        ("yet Schriks and co-workers (2007) found", "Schriks and co-workers (2007)", ("Schriks",)),
        ("I met Smith (2019) once", "Smith (2019)", ("Smith",)),
        ("(lineage B of Baek and Mann, 2009)", "Baek and Mann, 2009", ("Baek", "Mann")),
        ("in R 3.4.2 (R Core Team 2017).", "R Core Team 2017", ("R Core Team",)),
        (
            "(see the Introduction and Calvez et al., 2011)",
            "Calvez et al., 2011",
            ("Calvez",),
        ),
        (
            "(Centers for Disease Control and Prevention, 2020)",
            "Centers for Disease Control and Prevention, 2020",
            ("Centers for Disease Control and Prevention",),
        ),
    ],
)
def test_regressions(text: str, raw: str, authors: tuple[str, ...]) -> None:
    got = extract(text)
    assert [(c.raw, c.authors) for c in got] == [(raw, authors)]


def test_parenthetical_is_never_tentative() -> None:
    got = extract("(Research, 2019; Founding, 1997; NATO, 2008)")
    assert [c.authors for c in got] == [("Research",), ("Founding",), ("NATO",)]
    assert not any(c.tentative for c in got)


def test_citation_wrapped_over_a_line_break() -> None:
    text = (
        "as shown before (Kessler and\nBaldwin, 2001; Walt\n1985) and by Levy and\nThompson (2010)."
    )
    got = extract(text)
    assert [row(c) for c in got] == [
        (
            "Kessler and\nBaldwin, 2001",
            ("Kessler", "Baldwin"),
            "2001",
            "",
            None,
            False,
            False,
            False,
            (1, 18, 14),
        ),
        ("Walt\n1985", ("Walt",), "1985", "", None, False, False, False, (2, 16, 5)),
        (
            "Levy and\nThompson (2010)",
            ("Levy", "Thompson"),
            "2010",
            "",
            None,
            True,
            False,
            False,
            (3, 14, 16),
        ),
    ]
    assert got[0].span.end_line == 2
    assert got[2].span.end_line == 4


def test_document_order_and_multiple_paragraphs() -> None:
    text = "First (Smith, 2019).\n\nThen Jones (2020) and (Lee 2021; Kim 2022).\n"
    got = extract(text)
    assert [(c.authors[0], c.span.line) for c in got] == [
        ("Smith", 1),
        ("Jones", 3),
        ("Lee", 3),
        ("Kim", 3),
    ]


def test_unbalanced_brackets_do_not_cross_paragraphs() -> None:
    text = "An aside (left open.\n\nLater text (Smith, 2019) closes)."
    assert [c.raw for c in extract(text)] == ["Smith, 2019"]


def _essay_body() -> str:
    """The fixture with its reference list cut out, as the caller does (lines kept)."""
    text = (FIXTURES / "essay.txt").read_text(encoding="utf-8")
    cut = text.index("\nReferences\n") + 1
    return text[:cut] + "\n" * text[cut:].count("\n")


def test_essay_fixture() -> None:
    got = extract(_essay_body())
    assert [row(c) for c in got] == [
        (
            "Mearsheimer, 2014",
            ("Mearsheimer",),
            "2014",
            "",
            None,
            False,
            False,
            False,
            (4, 212, 229),
        ),
        ("Walt, 2015", ("Walt",), "2015", "", None, False, False, False, (4, 374, 384)),
        ("Jervis, 1978", ("Jervis",), "1978", "", None, False, False, False, (7, 250, 262)),
        (
            "Charap & Colton, 2017",
            ("Charap", "Colton"),
            "2017",
            "",
            None,
            False,
            False,
            False,
            (9, 329, 350),
        ),
    ]
    assert not any(c.year in {"1999", "2004", "2008", "2022"} for c in got)


def test_many_paragraphs() -> None:
    para = (
        "Indirect defenses are widespread (Kessler and Baldwin, 2001, 2004; Heil, 2008) and "
        "Turlings et al. (2004) showed why; see also (Price et al., 1980, p. 5). In 1999 it "
        "rained (2008) twice.\n\n"
    )
    text = para * 2000
    got = extract(text)
    assert len(got) == 5 * 2000
    assert [c.year for c in got[-5:]] == ["2001", "2004", "2008", "2004", "1980"]


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text())
def test_never_raises_on_arbitrary_text(text: str) -> None:
    _check_spans(text)


_PIECES = st.sampled_from(
    [
        "(",
        ")",
        "[",
        "]",
        ";",
        ",",
        " ",
        "\n",
        "\n\n",
        "Smith",
        "van der",
        "et al.",
        "and",
        "&",
        "1999",
        "2020a",
        "b",
        "n.d.",
        "in press",
        ": 118",
        "p. 5",
        "’s",
        "The",
        "In",
        "É",
        "O'",
        "-",
        ".",
        "\x00",
        "Ω",
        "2",
    ]
)


@settings(max_examples=300, deadline=None)
@given(st.lists(_PIECES, max_size=60).map("".join))
def test_never_raises_on_citation_like_text(text: str) -> None:
    _check_spans(text)


def _check_spans(text: str) -> None:
    index = LineIndex(text)
    for c in extract_author_date(text, index):
        start = index.line_start(c.span.line) + c.span.column - 1
        end = index.line_start(c.span.end_line) + c.span.end_column - 1
        assert 0 <= start < end <= len(text)
        assert text[start:end] == c.raw
        assert c.authors and all(c.authors)
        assert c.year


@pytest.mark.parametrize(
    ("text", "authors", "line", "column"),
    [
        ("# Essay\n\nAs Jervis (1978) showed.", ("Jervis",), 3, 4),
        ("Essay\n\nAs Jervis (1978) showed.", ("Jervis",), 3, 4),
        ("Failed Diplomacy and Institutional Paralysis\nJervis (1978) argued", ("Jervis",), 2, 1),
        ("Essay\nAs Jervis (1978) showed.", ("Jervis",), 2, 4),
        ("argued by Levy and\nThompson (2010) too", ("Levy", "Thompson"), 1, 11),
        ("by van der\nBerg (2020)", ("van der Berg",), 1, 4),
    ],
)
def test_narrative_names_stop_at_headings_and_paragraphs(
    text: str, authors: tuple[str, ...], line: int, column: int
) -> None:
    [c] = extract_author_date(text, LineIndex(text, "d"))
    assert (c.authors, c.span.line, c.span.column, c.tentative) == (authors, line, column, False)


def test_sentence_final_determiner_does_not_make_the_next_name_tentative() -> None:
    text = "Mearsheimer argues this. Waltz (1979) agrees with that. Walt (1987) does not."
    cits = extract_author_date(text, LineIndex(text, "d"))
    assert [(c.authors, c.tentative) for c in cits] == [(("Waltz",), False), (("Walt",), False)]


@pytest.mark.parametrize(
    "text",
    ["As Brown, Green and White (2018) agree.", "As Brown, Green\nand White (2018) agree."],
)
def test_three_author_narrative_list_after_a_sentence_word(text: str) -> None:
    [c] = extract_author_date(text, LineIndex(text, "d"))
    assert c.authors == ("Brown", "Green", "White")


@pytest.mark.parametrize(
    ("text", "year", "raw"),
    [
        ("Freud (1900/1955) said", "1955", "Freud (1900/1955)"),
        ("(Weber 1922/1978)", "1978", "Weber 1922/1978"),
    ],
)
def test_original_and_reprint_years_cite_the_reprint(text: str, year: str, raw: str) -> None:
    [c] = extract_author_date(text, LineIndex(text, "d"))
    assert (c.year, c.raw) == (year, raw)
