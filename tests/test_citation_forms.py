"""Unit tests for the citation forms of real articles (issue 10 item 6, issue 9 item 6).

Extraction rows are ``(text, [(raw, authors, year, tentative), ...])``; the matching
tests build entries in the readings an entry parser may give (an organisation read as
a person, no author read at all) and check that the citation still finds them.
"""

from __future__ import annotations

import time

import pytest

from refcheck.extract.author_date import extract_author_date
from refcheck.extract.latex import extract_latex
from refcheck.matching import ReferenceIndex, Status
from refcheck.model import Citation, Name, Reference, Span
from refcheck.names import family_keys
from refcheck.text import LineIndex

SPAN = Span("doc.txt", 1, 1, 1, 2)


def extract(text: str, **kw: object) -> list[tuple]:
    got = extract_author_date(text, LineIndex(text, "doc.txt"), **kw)  # type: ignore[arg-type]
    return [(c.raw, c.authors, c.year, c.tentative) for c in got]


FORMS = [
    # a source inside the bracket
    ("(Smith et al., Nature 2008)", [("Smith et al., Nature 2008", ("Smith",), "2008", False)]),
    (
        "(Lee and Park, J. Biol. Chem. 2011)",
        [("Lee and Park, J. Biol. Chem. 2011", ("Lee", "Park"), "2011", False)],
    ),
    (
        "(i.e. Papp and Müller, G&D 2006; Soshnikova and Duboule, Science 2009)",
        [
            ("Papp and Müller, G&D 2006", ("Papp", "Müller"), "2006", False),
            ("Soshnikova and Duboule, Science 2009", ("Soshnikova", "Duboule"), "2009", False),
        ],
    ),
    # a number before "in" is not the start of a group name
    (
        "(line 10–3 in Schuman et al., 2014)",
        [("Schuman et al., 2014", ("Schuman",), "2014", False)],
    ),
    # ... but a comma list of authors is not a source
    (
        "(Leeds, Ritter, Mitchell and Long 2002)",
        [
            (
                "Leeds, Ritter, Mitchell and Long 2002",
                ("Leeds", "Ritter", "Mitchell", "Long"),
                "2002",
                False,
            )
        ],
    ),
    # a label before the author
    ("(AIC; Akaike, 1973)", [("Akaike, 1973", ("Akaike",), "1973", False)]),
    ("(CART, Breiman et al., 1984)", [("Breiman et al., 1984", ("Breiman",), "1984", False)]),
    ("(WHO, UNICEF, 2019)", [("WHO, UNICEF, 2019", ("WHO", "UNICEF"), "2019", False)]),
    # group authors with digits and commas
    (
        "(1000 Genomes Project Consortium, 2010)",
        [
            (
                "1000 Genomes Project Consortium, 2010",
                ("1000 Genomes Project Consortium",),
                "2010",
                False,
            )
        ],
    ),
    (
        "(United Nations, Department of Economic and Social Affairs, 2019)",
        [
            (
                "United Nations, Department of Economic and Social Affairs, 2019",
                ("United Nations, Department of Economic and Social Affairs",),
                "2019",
                False,
            )
        ],
    ),
    # a comma before the year
    ("Alexandrov et al., (2013)", [("Alexandrov et al., (2013)", ("Alexandrov",), "2013", False)]),
    # years before 1000 need an entry (an era year is rare; "AD" is also a disease)
    ("(Aristotle, 350 BCE)", [("Aristotle, 350 BCE", ("Aristotle",), "350 BCE", True)]),
    ("(Plato, c. 380 BC)", [("Plato, c. 380 BC", ("Plato",), "380 BCE", True)]),
    (
        "(Aristotle, ca. 350 B.C.E./1999)",
        [("Aristotle, ca. 350 B.C.E./1999", ("Aristotle",), "1999", False)],
    ),
    # a year after a quotation, tied to the author named before it
    (
        'Kuhn argued that "science is puzzle-solving" (1962, p. 91).',
        [("(1962, p. 91)", ("Kuhn",), "1962", True)],
    ),
    # the year of the first edition in square brackets
    ("(Smith [2001] 2005)", [("Smith [2001] 2005", ("Smith",), "2005", False)]),
    ("Freud ([1900] 1955) wrote", [("Freud ([1900] 1955)", ("Freud",), "1955", False)]),
    # CJK and Cyrillic names; full-width brackets and commas; 等 for "et al."
    (
        "(王, 2020; Иванов, 2019)",
        [("王, 2020", ("王",), "2020", False), ("Иванов, 2019", ("Иванов",), "2019", False)],
    ),
    ("（王明等，2020）", [("王明等，2020", ("王明",), "2020", False)]),
    ("（王明、李华，2019）", [("王明、李华，2019", ("王明", "李华"), "2019", False)]),
    ("(김민수, 2021)", [("김민수, 2021", ("김민수",), "2021", False)]),
    # a lone CJK run before a year may be any word: it needs an entry
    ("研究表明（2020）", [("研究表明（2020）", ("研究表明",), "2020", True)]),
]


@pytest.mark.parametrize(("text", "expected"), FORMS, ids=[f[0][:40] for f in FORMS])
def test_citation_forms(text: str, expected: list[tuple]) -> None:
    assert extract(text) == expected


WEAK = [
    "(EN 1990)",
    "(DIN 2000)",
    "(Microsoft Windows 2000)",
    "(Stata 2019)",
    "(MiSeq 2000)",
    "(Paris, 2019)",
    "held in England (2009)",
    "(Agilent 2100 Bioanalyzer)",
    "(Reproduced from [2], Copywrite 2015 Royal Society of Chemistry)",
]


@pytest.mark.parametrize("text", WEAK)
def test_capitalised_words_with_a_number_need_an_entry(text: str) -> None:
    got = extract(text)
    assert got and all(tentative for *_, tentative in got)


@pytest.mark.parametrize(
    "text",
    [
        "(BMWi, FKZ 50 RA 1701)",
        "(ANR-19-CE23-0001)",
        "(ISO 9001)",
        "(Illumina HiSeq 2500)",
        "(TODO RL, 2022-10): add points",
        "(Windows 2000)",
        "(Copyright 2015)",
    ],
)
def test_grant_numbers_standards_and_dates_are_not_citations(text: str) -> None:
    assert extract(text) == []


def test_firm_citations_stay_firm() -> None:
    got = extract("(McDonald 2019; WHO, 2020; Smith 2019; van der Berg, 2020)")
    assert [a for _, a, _, t in got if not t] == [
        ("McDonald",),
        ("WHO",),
        ("Smith",),
        ("van der Berg",),
    ]


def test_lower_case_names_from_the_list_are_names() -> None:
    text = "freedom (hooks, 1994), as hooks (2000) said; (see also, 1994)"
    assert extract(text) == []
    got = extract(text, lower_names=frozenset({"hooks"}))
    assert [(raw, a, y) for raw, a, y, _ in got] == [
        ("hooks, 1994", ("hooks",), "1994"),
        ("hooks (2000)", ("hooks",), "2000"),
    ]


def test_strict_mode_keeps_only_clear_forms_without_an_entry() -> None:
    text = "Jupyter (2000), (Python 2019), (Cox, 1994), Cox and Wermuth (1994), Cox et al. (1994)"
    got = extract(text, strict=True)
    assert [(a, t) for _, a, _, t in got] == [
        (("Jupyter",), True),
        (("Python",), True),
        (("Cox",), False),
        (("Cox", "Wermuth"), False),
        (("Cox",), False),
    ]


def test_empty_latex_citation_is_a_citation_of_no_key() -> None:
    text = r"As shown \citep{} and \cite{a}."
    scan = extract_latex(text, LineIndex(text, "p.tex"))
    assert [(c.key, c.raw) for c in scan.citations] == [("", r"\citep{}"), ("a", "a")]


# ---------------------------------------------------------------------------- matching


def _ref(family: str, given: str = "", year: str = "2019", raw: str = "") -> Reference:
    authors = [Name(family, given)] if family else []
    return Reference(SPAN, raw or f"{family}. ({year}). T.", authors=authors, year=year)


def _cite(*authors: str, year: str = "2019") -> Citation:
    return Citation(SPAN, "author-date", "", authors=authors, year=year)


@pytest.mark.parametrize(
    ("cited", "listed"),
    [
        ("Mueller", "Müller"),
        ("Müller", "Mueller"),
        ("Muller", "Müller"),
        ("Schroeder", "Schröder"),
        ("Schröder", "Schroeder"),
        ("Goedel", "Gödel"),
        ("Gödel", "Goedel"),
        ("Aaberg", "Åberg"),
        ("Åberg", "Aaberg"),
        ("Angstroem", "Ångström"),
        ("Soerensen", "Sørensen"),
        ("Sørensen", "Soerensen"),
        ("Aegidius", "Ægidius"),
        ("Ægidius", "Aegidius"),
        ("Strauss", "Strauß"),
        ("Strauß", "Strauss"),
    ],
)
def test_transliterated_names_match_both_ways(cited: str, listed: str) -> None:
    index = ReferenceIndex([_ref(listed, "K.")])
    assert index.resolve(_cite(cited)).status is Status.RESOLVED


def test_transliteration_keys_are_only_for_names_that_need_them() -> None:
    assert family_keys("Mueller") == ("mueller",)
    assert "mueller" in family_keys("Müller") and "muller" in family_keys("Müller")


@pytest.mark.parametrize(
    "ref",
    [
        _ref("United Nations, Department of Economic and Social Affairs"),
        _ref("Nations", "United"),  # the same entry read as a person
    ],
)
def test_an_organisation_is_found_in_either_reading(ref: Reference) -> None:
    index = ReferenceIndex([ref])
    for cited in ("United Nations, Department of Economic and Social Affairs", "United Nations"):
        assert index.resolve(_cite(cited)).status is Status.RESOLVED, cited


def test_an_entry_whose_author_was_not_read_is_found_by_its_lead() -> None:
    raw = "1000 Genomes Project Consortium. (2010). A map of human genome variation. Nature."
    index = ReferenceIndex([_ref("", year="2010", raw=raw)])
    assert index.resolve(_cite("1000 Genomes Project Consortium", year="2010")).status is (
        Status.RESOLVED
    )
    assert index.resolve(_cite("Smith", year="2010")).status is Status.UNRESOLVED


def test_an_abbreviation_finds_the_organisation() -> None:
    index = ReferenceIndex([_ref("World Health Organization"), _ref("Wolf", "H.")])
    assert index.resolve(_cite("WHO")).refs == [0]
    assert index.resolve(_cite("Who")).status is Status.UNRESOLVED  # a surname, not initials


def test_an_organisation_with_a_country_finds_its_entry() -> None:
    # Inner capitals make it tentative (a product spelling); the entry keeps it.
    raw, authors, _, _ = extract("(Hubbard, 1993; GlaxoSmithKline UK, 2016)")[1]
    assert (raw, authors) == ("GlaxoSmithKline UK, 2016", ("GlaxoSmithKline UK",))
    index = ReferenceIndex([_ref("GlaxoSmithKline", "UK", year="2016")])  # read as a person
    assert index.resolve(_cite("GlaxoSmithKline UK", year="2016")).status is Status.RESOLVED


def test_a_lower_case_name_read_with_its_initial() -> None:
    index = ReferenceIndex([_ref("hooks, b", year="1994")])
    assert index.resolve(_cite("hooks", year="1994")).status is Status.RESOLVED


def test_an_ancient_year_finds_the_edition() -> None:
    raw = "Aristotle. (1999). Politics. Batoche. (Original work published ca. 350 B.C.E.)"
    index = ReferenceIndex([_ref("Aristotle", year="1999", raw=raw)])
    assert index.resolve(_cite("Aristotle", year="350 BCE")).status is Status.RESOLVED
    assert index.resolve(_cite("Aristotle", year="340 BCE")).status is Status.RESOLVED
    two = ReferenceIndex(
        [_ref("Plato", year="2004", raw="Plato. (2004). Republic."), _ref("Plato")]
    )
    assert two.resolve(_cite("Plato", year="380 BCE")).status is Status.UNRESOLVED


def test_long_runs_stay_linear() -> None:
    """A 1 MB run of capitals and a 1 MB DNA string: each a fraction of a second.

    Not a timing test of the product (benchmarks do that): a backtracking pattern would
    take minutes here, so a generous bound only catches that.
    """
    for text in ("A" * 1_000_000, "ACGT" * 250_000, "(" + "ACGT " * 200_000 + "2019)"):
        start = time.perf_counter()
        extract_author_date(text, LineIndex(text))
        assert time.perf_counter() - start < 20


def test_latex_prose_view_keeps_offsets_and_reads_only_the_text() -> None:
    from refcheck.extract.latex import latex_prose_view

    text = "See \\emph{Waltz}~(1979) and \\citep[p.~2]{walt} $f(2001)$.\n% (Smith, 2001)\n"
    view = latex_prose_view(text)
    assert len(view) == len(text)
    got = extract_author_date(view, LineIndex(text))
    assert [(c.authors, c.year) for c in got] == [(("Waltz",), "1979")]


def test_caseless_names_read_as_one_are_a_list() -> None:
    """An entry parser may read "王明, 张伟, 刘洋." as one name; "王明等" (et al.) fits it."""
    index = ReferenceIndex([_ref("王明, 张伟, 刘洋", year="2020")])
    cit = Citation(SPAN, "author-date", "", authors=("王明",), et_al=True, year="2020")
    assert index.resolve(cit).status is Status.RESOLVED


def test_an_entry_is_also_found_under_the_year_it_prints_first() -> None:
    raw = (
        "United Nations, Department of Economic and Social Affairs, Population Division. "
        "2013. World population prospects: the 2012 revision. Working paper."
    )
    misread = _ref("Nations", "United", year="2012", raw=raw)  # the title's year taken
    index = ReferenceIndex([misread])
    cit = _cite("United Nations, Department of Economic and Social Affairs, Population Division")
    cit.year = "2013"
    assert index.resolve(cit).status is Status.RESOLVED
    bib = _ref("Nations", "United", year="2012", raw=raw)
    bib.key = "un2012"  # a .bib entry's year is explicit
    assert ReferenceIndex([bib]).resolve(cit).status is not Status.RESOLVED


def test_a_group_author_left_out_by_the_parser_still_leads() -> None:
    raw = "1000 Genomes Project Consortium, Abecasis GR, Altshuler D. 2010. A map. Nature 467:1."
    ref = Reference(SPAN, raw, authors=[Name("Abecasis", "GR"), Name("Altshuler", "D")])
    ref.year = "2010"
    cit = Citation(
        SPAN, "author-date", "", authors=("1000 Genomes Project Consortium",), et_al=True
    )
    cit.year = "2010"
    assert ReferenceIndex([ref]).resolve(cit).status is Status.RESOLVED


def test_an_entry_without_a_year_read_is_found_under_the_printed_one() -> None:
    raw = "United Nations, Population Division. 2013. World population prospects. Working paper."
    index = ReferenceIndex([_ref("United Nations", year="", raw=raw)])
    assert index.resolve(_cite("United Nations", year="2013")).status is Status.RESOLVED
