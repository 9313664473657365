"""Tests for ``refcheck.references.parser.parse_entry`` (one free-text reference entry)."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from refcheck.model import Name, Reference, Span
from refcheck.references.entry_fields import normalise_pages, trim_identifier
from refcheck.references.parser import parse_entry

SPAN = Span("refs.txt", 1, 1, 1, 2)
ESSAY = Path(__file__).resolve().parent.parent / "fixtures" / "essay.txt"


def parse(raw: str) -> Reference:
    return parse_entry(raw, SPAN)


def families(ref: Reference) -> list[str]:
    return [a.family for a in ref.authors]


def check(ref: Reference, expected: dict) -> None:
    for key, value in expected.items():
        if key == "families":
            assert families(ref) == value, (key, ref)
        elif key == "kind_in":
            assert ref.kind in value, (key, ref)
        else:
            assert getattr(ref, key) == value, (key, getattr(ref, key), ref)


# --- the four entries of fixtures/essay.txt: every field exactly right ---------------------


def _essay_entries() -> list[str]:
    lines = ESSAY.read_text(encoding="utf-8").splitlines()
    start = lines.index("References") + 1
    return [line.strip() for line in lines[start:] if line.strip()]


def test_essay_fixture_has_four_entries():
    assert len(_essay_entries()) == 4


ESSAY_EXPECTED = {
    "Mearsheimer": dict(
        kind="article",
        authors=[Name("Mearsheimer", "J. J.")],
        year="2014",
        suffix="",
        title="Why the Ukraine Crisis Is the West’s Fault: The Liberal Delusions That "
        "Provoked Putin",
        container="Foreign Affairs",
        volume="93",
        issue="5",
        pages="77-89",
        publisher=None,
        doi=None,
        url=None,
        et_al=False,
    ),
    "Walt": dict(
        kind_in=("article", "web"),
        authors=[Name("Walt", "S. M.")],
        year="2015",
        title="The Ukraine Crisis and the Perils of Liberal Interventionism",
        container="Foreign Policy",
        volume=None,
        issue=None,
        pages=None,
        publisher=None,
        doi=None,
    ),
    "Jervis": dict(
        kind="article",
        authors=[Name("Jervis", "R.")],
        year="1978",
        title="Cooperation under the Security Dilemma",
        container="World Politics",
        volume="30",
        issue="2",
        pages="167-214",
        publisher=None,
    ),
    "Charap": dict(
        kind="book",
        authors=[Name("Charap", "S."), Name("Colton", "T. J.")],
        year="2017",
        title="Everyone Loses: The Ukraine Crisis and the Ruinous Contest for Post-Soviet Eurasia",
        container=None,
        volume=None,
        issue=None,
        pages=None,
        publisher="Routledge",
    ),
}


@pytest.mark.parametrize("raw", _essay_entries(), ids=lambda r: r.split(",")[0])
def test_essay_entries_exact(raw):
    ref = parse(raw)
    check(ref, ESSAY_EXPECTED[raw.split(",")[0]])
    assert ref.raw == raw and ref.span == SPAN


# --- styles and kinds ------------------------------------------------------------------------

CASES = [
    # APA 7 journal article with DOI URL
    (
        "Smith, J. A., & Jones, B. (2019). Measuring things well. Journal of Measurement, "
        "12(3), 45–67. https://doi.org/10.1037/abc0000123",
        dict(
            kind="article",
            families=["Smith", "Jones"],
            year="2019",
            title="Measuring things well",
            container="Journal of Measurement",
            volume="12",
            issue="3",
            pages="45-67",
            doi="10.1037/abc0000123",
            url=None,
        ),
    ),
    # Harvard, colon before pages, no parentheses round the year
    (
        "Jervis, R. 1978. Cooperation under the security dilemma. World Politics 30(2): 167-214.",
        dict(
            kind="article",
            families=["Jervis"],
            year="1978",
            title="Cooperation under the security dilemma",
            container="World Politics",
            volume="30",
            issue="2",
            pages="167-214",
        ),
    ),
    # Harvard with "and" and "pp."
    (
        "Smith, J. and Jones, K. (2010) Trade and war. Journal of Peace Research, 5(2), pp. 1-10.",
        dict(
            families=["Smith", "Jones"],
            year="2010",
            title="Trade and war",
            container="Journal of Peace Research",
            volume="5",
            issue="2",
            pages="1-10",
        ),
    ),
    # Chicago author-date book with place and publisher
    (
        "Waltz, Kenneth N. 1979. Theory of International Politics. Reading, MA: Addison-Wesley.",
        dict(
            kind="book",
            authors=[Name("Waltz", "Kenneth N.")],
            year="1979",
            title="Theory of International Politics",
            publisher="Addison-Wesley",
            container=None,
        ),
    ),
    # Chicago: only the first name inverted; quoted title; "no." issue
    (
        "Carlin, Wendy, and John Van Reenen. 2001. “Export Market Performance.” The Economic "
        "Journal 111, no. 468 (2001): 128–162.",
        dict(
            families=["Carlin", "Van Reenen"],
            year="2001",
            title="Export Market Performance",
            container="The Economic Journal",
            volume="111",
            issue="468",
            pages="128-162",
        ),
    ),
    # eLife / Vancouver-like author-date with "doi:"
    (
        "Allison JD, Hare JD. 2009. Learned and naïve natural enemy responses and the "
        "interpretation of volatile organic compounds as cues for parasitoids. New Phytol "
        "184:768–782. doi: 10.1111/j.1469-8137.2009.03046.x",
        dict(
            kind="article",
            authors=[Name("Allison", "JD"), Name("Hare", "JD")],
            year="2009",
            container="New Phytol",
            volume="184",
            pages="768-782",
            doi="10.1111/j.1469-8137.2009.03046.x",
        ),
    ),
    # Article number kept as given
    (
        "Lee, K. (2020). Models of things. PLoS Computational Biology, 16(7), e1008184.",
        dict(volume="16", issue="7", pages="e1008184", container="PLoS Computational Biology"),
    ),
    # Edited book (Eds.)
    (
        "Brown, A., & Green, B. (Eds.). (2012). The handbook of everything. Oxford University "
        "Press.",
        dict(
            kind="book",
            families=["Brown", "Green"],
            editors=[Name("Brown", "A."), Name("Green", "B.")],
            year="2012",
            title="The handbook of everything",
            publisher="Oxford University Press",
        ),
    ),
    # Edited book (Ed.)
    (
        "Keohane, R. O. (Ed.). (1986). Neorealism and its critics. Columbia University Press.",
        dict(kind="book", families=["Keohane"], publisher="Columbia University Press"),
    ),
    # Chicago ", ed."
    (
        "Katzenstein, Peter J., ed. 1996. The Culture of National Security. New York: Columbia "
        "University Press.",
        dict(
            kind="book",
            families=["Katzenstein"],
            year="1996",
            title="The Culture of National Security",
            publisher="Columbia University Press",
        ),
    ),
    # Chapter in an edited book
    (
        "Doe, J. (2015). A chapter about things. In A. Editor & B. Other (Eds.), Book of "
        "things (pp. 12–34). Sage.",
        dict(
            kind="chapter",
            families=["Doe"],
            title="A chapter about things",
            container="Book of things",
            editors=[Name("Editor", "A."), Name("Other", "B.")],
            pages="12-34",
            publisher="Sage",
        ),
    ),
    # Conference paper
    (
        "Vaswani, A., & Shazeer, N. (2017). Attention is all you need. In Proceedings of the "
        "31st Conference on Neural Information Processing Systems (pp. 5998–6008).",
        dict(
            kind="conference",
            container="Proceedings of the 31st Conference on Neural Information Processing Systems",
            pages="5998-6008",
        ),
    ),
    # Report by an organisation
    (
        "World Health Organization. (2020). Global tuberculosis report 2020 (Report No. 12). "
        "World Health Organization.",
        dict(
            kind="report",
            authors=[Name("World Health Organization")],
            year="2020",
            title="Global tuberculosis report 2020",
        ),
    ),
    # Organisation acronym as author, web page
    (
        "NATO. (2008). Bucharest Summit Declaration. "
        "https://www.nato.int/cps/en/natolive/official_texts_8443.htm",
        dict(
            kind="web",
            authors=[Name("NATO")],
            year="2008",
            title="Bucharest Summit Declaration",
            url="https://www.nato.int/cps/en/natolive/official_texts_8443.htm",
        ),
    ),
    # APA 7 thesis
    (
        "Tamminga, M. (2014). The dynamic production of variation [Doctoral dissertation, "
        "University of Pennsylvania]. ScholarlyCommons.",
        dict(kind="thesis", title="The dynamic production of variation", year="2014"),
    ),
    # Harvard PhD thesis
    (
        "Reilly, W. S. (1996). Believable social agents. PhD thesis, Carnegie Mellon University.",
        dict(kind="thesis", title="Believable social agents"),
    ),
    # Web page with n.d. and a retrieval date
    (
        "Doe, J. (n.d.). How to cite. Example Site. Retrieved March 3, 2020, from "
        "https://example.com/cite",
        dict(
            kind="web",
            year="n.d.",
            title="How to cite",
            container="Example Site",
            url="https://example.com/cite",
        ),
    ),
    # Newspaper article with a full date
    (
        "Smith, A. (2020, March 5). Markets fall again. The New York Times. "
        "https://www.nytimes.com/2020/03/05/markets.html",
        dict(
            kind_in=("article", "web"),
            year="2020",
            title="Markets fall again",
            container="The New York Times",
            url="https://www.nytimes.com/2020/03/05/markets.html",
        ),
    ),
    # arXiv preprint
    (
        "Vaswani, A., Shazeer, N., & Parmar, N. (2017). Attention is all you need. arXiv "
        "preprint arXiv:1706.03762.",
        dict(kind="preprint", families=["Vaswani", "Shazeer", "Parmar"], volume=None),
    ),
    # bioRxiv preprint with DOI
    (
        "Chen, L. (2021). Cells doing things. bioRxiv. https://doi.org/10.1101/2021.01.01.425001",
        dict(kind="preprint", doi="10.1101/2021.01.01.425001"),
    ),
    # SSRN
    (
        "Roe, P. (2018). A working paper on law. SSRN. https://ssrn.com/abstract=1234567",
        dict(kind="preprint", url="https://ssrn.com/abstract=1234567"),
    ),
    # in press
    (
        "Kim, S. (in press). Forthcoming results. Journal of Results.",
        dict(year="in press", families=["Kim"], container="Journal of Results"),
    ),
    # year suffix
    (
        "Walt, S. M. (2014a). Alliances revisited. International Security, 9(4), 3-43.",
        dict(year="2014", suffix="a", pages="3-43"),
    ),
    # n.d. with suffix
    (
        "Doe, J. (n.d.-b). Another page. Example Site. https://example.com/b",
        dict(year="n.d.", suffix="b"),
    ),
    # et al.
    (
        "Smith, A., Jones, B., et al. (2001). Group work. Nature, 410, 1-5.",
        dict(families=["Smith", "Jones"], et_al=True, volume="410", pages="1-5"),
    ),
    # APA 7 ellipsis before the last author
    (
        "Aa, A., Bb, B., Cc, C., Dd, D., Ee, E., Ff, F., . . . Zz, Z. (2019). Many authors. "
        "Science, 1(1), 1-2.",
        dict(families=["Aa", "Bb", "Cc", "Dd", "Ee", "Ff", "Zz"], et_al=False),
    ),
    # particles, apostrophes, hyphens, diacritics
    (
        "van der Berg, A., de Mesquita, B. B., O'Neill, T., García-Márquez, G., & Müller, K. "
        "(2020). Names are hard. Journal of Names, 1(1), 1–9.",
        dict(
            authors=[
                Name("van der Berg", "A."),
                Name("de Mesquita", "B. B."),
                Name("O'Neill", "T."),
                Name("García-Márquez", "G."),
                Name("Müller", "K."),
            ],
            year="2020",
            title="Names are hard",
        ),
    ),
    # a two-word family name with a particle
    (
        "Bueno de Mesquita, B. (2003). The logic of political survival. MIT Press.",
        dict(authors=[Name("Bueno de Mesquita", "B.")], kind="book", publisher="MIT Press"),
    ),
    # em dash and minus-like dashes in pages
    (
        "Roe, R. (1999). Dashes. Journal of Dashes, 4(1), 10—20.",
        dict(pages="10-20"),
    ),
    (
        "Roe, R. (1999). Dashes. Journal of Dashes, 4(1), 10 ‐ 20.",
        dict(pages="10-20"),
    ),
    # typographic quotes round a title
    (
        "Abraham, Nicolas. 1989. “Notes on the Phantom.” Critical Inquiry 13 (2): 287-292.",
        dict(title="Notes on the Phantom", container="Critical Inquiry", pages="287-292"),
    ),
    # magazine article, APA
    (
        "Kluger, J. (2020, April 13). The coronavirus pandemic. Time, 195(13), 28–35.",
        dict(kind="article", container="Time", volume="195", issue="13", pages="28-35"),
    ),
    # Vancouver numbered (numeric list style) - must not crash, should do reasonably
    (
        "3. Scott M, Morgan J. Reactions at oxide surfaces. Environ Sci Technol. "
        "1995;29(8):1898-1905.",
        dict(
            number=3,
            families=["Scott", "Morgan"],
            year="1995",
            volume="29",
            issue="8",
            pages="1898-1905",
        ),
    ),
    # IEEE numbered
    (
        '[12] J. P. Callan, "Document filtering with inference networks," in Proc. SIGIR, '
        "1996, pp. 262–269.",
        dict(
            number=12,
            families=["Callan"],
            title="Document filtering with inference networks",
            year="1996",
            pages="262-269",
            kind="conference",
        ),
    ),
    # DOI forms
    ("Roe, R. (2001). T. J, 1, 1-2. doi:10.1000/xyz123.", dict(doi="10.1000/xyz123")),
    ("Roe, R. (2001). T. J, 1, 1-2. DOI 10.1000/xyz123", dict(doi="10.1000/xyz123")),
    ("Roe, R. (2001). T. J, 1, 1-2. http://dx.doi.org/10.1000/xyz123.", dict(doi="10.1000/xyz123")),
    (
        "Roe, R. (2001). T. J, 1, 1-2. https://doi.org/10.1016/0022-2836(81)90087-5.",
        dict(doi="10.1016/0022-2836(81)90087-5", url=None),
    ),
    # ISBN
    (
        "Roe, R. (2001). A book. Penguin. ISBN 978-0-14-103614-4.",
        dict(isbn="9780141036144", publisher="Penguin", kind="book"),
    ),
    # Vancouver/eLife name lists are never read as one organisation: "Sr" in a family
    # name is not a suffix, "Y-W" is one set of initials, "Paz-y-Mino" one family name,
    # and the year may follow the names without a full stop.
    (
        "Zhou L, Srisatjaluk R, Justus DE, Doyle RJ. 1998. On the origin of membrane "
        "vesicles in gram-negative bacteria. FEMS Microbiol Lett 163:223–228.",
        dict(
            families=["Zhou", "Srisatjaluk", "Justus", "Doyle"],
            year="1998",
            container="FEMS Microbiol Lett",
            volume="163",
            pages="223-228",
        ),
    ),
    (
        "Jones I, Srinivas M, Ng L, Forrest D. 2003. The thyroid hormone receptor. "
        "Endocrinology 144:1-9.",
        dict(families=["Jones", "Srinivas", "Ng", "Forrest"], year="2003"),
    ),
    (
        "Liu Y-W, Lo L-J, Chan W-K. 2000. Temporal expression and T3 induction. Dev Biol 220:1-9.",
        dict(
            authors=[Name("Liu", "Y-W"), Name("Lo", "L-J"), Name("Chan", "W-K")],
            year="2000",
            title="Temporal expression and T3 induction",
        ),
    ),
    (
        "Paz-y-Mino G, Bond AB, Kamil AC, Balda RP 2004 Pinyon jays use transitive "
        "inference to predict social dominance. Nature. 430:778–781.",
        dict(
            families=["Paz-y-Mino", "Bond", "Kamil", "Balda"],
            year="2004",
            title="Pinyon jays use transitive inference to predict social dominance",
            container="Nature",
            volume="430",
            pages="778-781",
        ),
    ),
    ("Smith, J., Sr. (2001). A title. Publisher.", dict(families=["Smith"], year="2001")),
    # containers: a conference's venue, a trailing publisher, editors after the book
    (
        "Brady, J. M. (1984). The mechanic's mate. In Proceedings of the 1984 European "
        "Conference on Artificial Intelligence Pisa, Italy.",
        dict(
            container="Proceedings of the 1984 European Conference on Artificial Intelligence",
            kind="conference",
        ),
    ),
    (
        "Warren, D. H. D. (1976). Generating plans. In Proceedings of the Summer Conference "
        "on AI and Simulation of Behavior, Edinburgh.",
        dict(container="Proceedings of the Summer Conference on AI and Simulation of Behavior"),
    ),
    (
        "Roe, R. (2012). Clinical experience. International Functional Electrical "
        "Stimulation Society Meeting. Banff, Canada.",
        dict(container="International Functional Electrical Stimulation Society Meeting"),
    ),
    (
        "Bengio, Y., & Frasconi, P. (1994). Credit assignment. In Cowan, J. D., & "
        "Alspector, J. (Eds.), Advances in Neural Information Processing Systems 6. "
        "Morgan Kaufmann.",
        dict(
            container="Advances in Neural Information Processing Systems 6",
            publisher="Morgan Kaufmann",
        ),
    ),
    (
        "Angus, L. (2004). The story. In L. Angus & J. McLeod (Eds.), The handbook of "
        "narrative and psychotherapy. Practice, theory, and research. London: Sage.",
        dict(
            container="The handbook of narrative and psychotherapy. Practice, theory, and research",
            publisher="Sage",
        ),
    ),
    (
        "Kyrtsou, C., and Vorlow, C., (2005). Complex dynamics, in New Trends in "
        "Macroeconomics, Diebolt, C., and Kyrtsou, C., (eds.), Springer Verlag.",
        dict(
            container="New Trends in Macroeconomics",
            editors=[Name("Diebolt", "C."), Name("Kyrtsou", "C.")],
            publisher="Springer Verlag",
        ),
    ),
    (
        "Cousot, P. and Cousot, R. 1978. Static determination. In Proceedings of the IFIP "
        "Conference on Programming Concepts, E. Neuhold, Ed. North-Holland Pub. Co., 237-277.",
        dict(
            container="Proceedings of the IFIP Conference on Programming Concepts",
            editors=[Name("Neuhold", "E.")],
            pages="237-277",
        ),
    ),
    (
        "Parent, A. (1995). Functional anatomy of the basal ganglia. I. The cortico-basal "
        "loop of the brain. Brain Research Reviews 20, 91–127.",
        dict(container="Brain Research Reviews", volume="20", pages="91-127"),
    ),
    (
        "Roe, R. (2006). FAPP2 and cilium formation. Proceedings of the National Academy "
        "of Sciences 103, 18556.",
        dict(volume="103", pages="18556"),
    ),
    (
        "Roe, R. (2012). Seismic structure. Tectonophysics, doi:10.1016/j.tecto.2011.11.016.",
        dict(container="Tectonophysics", doi="10.1016/j.tecto.2011.11.016"),
    ),
    (
        "Roe, R. (2007). A paper. 2007 IEEE Conference on Computer Vision and Pattern "
        "Recognition. p. 1.",
        dict(container="2007 IEEE Conference on Computer Vision and Pattern Recognition"),
    ),
]


@pytest.mark.parametrize(("raw", "expected"), CASES, ids=[c[0][:40] for c in CASES])
def test_styles_and_kinds(raw, expected):
    check(parse(raw), expected)


def test_pages_normalisation():
    assert normalise_pages("77–89") == "77-89"
    assert normalise_pages("77 — 89") == "77-89"
    assert normalise_pages("e1008184") == "e1008184"


def test_identifier_trimming_keeps_balanced_brackets():
    assert trim_identifier("10.1016/0022-2836(81)90087-5).") == "10.1016/0022-2836(81)90087-5"
    assert trim_identifier("https://example.com/a.") == "https://example.com/a"


def test_url_is_not_a_doi():
    ref = parse("Roe, R. (2001). Page. Site. https://example.com/page")
    assert ref.url == "https://example.com/page" and ref.doi is None


@pytest.mark.parametrize(
    "raw",
    [
        "",
        "   ",
        "References",
        "(2014).",
        "———. 1999. Another book. London: Verso.",
        "[1]",
        "10.1000/abc",
        "Smith, J. (" + "a" * 5000,
        "A. " * 300,
        "Smith, " * 200 + "(2010).",
        "((((((((((((((((((((((((((((",
        "“unterminated quote",
    ],
)
def test_odd_input_does_not_raise(raw):
    assert isinstance(parse(raw), Reference)


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=400))
def test_never_raises_on_arbitrary_text(raw):
    ref = parse_entry(raw, SPAN)
    assert isinstance(ref, Reference)
    assert ref.raw == raw
    assert ref.year is None or ref.year in ("n.d.", "in press") or len(ref.year) == 4


_PIECES = st.sampled_from(
    [
        "Smith, J.",
        ", ",
        "& ",
        "(2014)",
        ". ",
        "Title",
        "Journal",
        "12(3)",
        "1–9",
        "In ",
        "(Eds.)",
        "pp.",
        "doi:10.1/x",
        "https://a.b/c",
        "et al.",
        "“",
        "”",
        "van der ",
        "n.d.",
    ]
)


@settings(max_examples=300, deadline=None)
@given(st.lists(_PIECES, max_size=30).map("".join))
def test_never_raises_on_reference_like_text(raw):
    assert isinstance(parse_entry(raw, SPAN), Reference)


def test_initials_list_is_the_organisation_fallbacks_safety_net():
    from refcheck.references.entry_names import initials_list

    assert initials_list("Zhou L, Srisatjaluk R, Justus DE, Doyle RJ") == [
        Name("Zhou", "L"),
        Name("Srisatjaluk", "R"),
        Name("Justus", "DE"),
        Name("Doyle", "RJ"),
    ]
    assert initials_list("de la Cruz-Ñúñez T, Ng L-J") == [
        Name("de la Cruz-Ñúñez", "T"),
        Name("Ng", "L-J"),
    ]
    for body in ("World Health Organization", "NATO", "Food and Drug Administration, USA"):
        assert initials_list(body) == []


def test_organisation_author_still_read_as_one_name():
    ref = parse("World Health Organization. (2020). Global report on health. WHO Press.")
    assert families(ref) == ["World Health Organization"]
    assert ref.year == "2020"


def test_very_long_author_list_keeps_its_year() -> None:
    """Genome papers list hundreds of authors; the year after them must still be read."""
    letters = "abcdefghijklmnopqrstuvwxyz"
    names = ", ".join(
        f"{chr(65 + i % 26)}{letters[i // 26]}{letters[i % 7]}son AB" for i in range(190)
    )
    raw = f"Adams MD, {names}. 2000. The genome sequence of Drosophila. Science 287:2185–2195."
    ref = parse_entry(raw, SPAN)
    assert ref.year == "2000"
    assert ref.authors[0].family == "Adams"
    assert len(ref.authors) == 191


@pytest.mark.parametrize(
    "raw",
    [
        "Putnam, R. (2003) 'Social capital and the West's decline', Economic Geography, "
        "vol. 79, no. 4, pp. 387-404.",
        "Putnam, R. 2003, ‘Social capital and the West’s decline’, Economic Geography, "
        "vol. 79, no. 4, pp. 387–404.",
    ],
)
def test_harvard_single_quoted_title_with_an_apostrophe(raw: str) -> None:
    ref = parse_entry(raw, SPAN)
    assert ref.title is not None and ref.title.startswith("Social capital and the West")
    assert (ref.kind, ref.container, ref.volume, ref.issue, ref.pages) == (
        "article",
        "Economic Geography",
        "79",
        "4",
        "387-404",
    )


def test_vancouver_single_initial_author() -> None:
    ref = parse_entry("Lee E. Statins. Lancet. 2019;393:1-9.", SPAN)
    assert [(a.family, a.given) for a in ref.authors] == [("Lee", "E")]
    assert (ref.title, ref.container, ref.year, ref.volume, ref.pages) == (
        "Statins",
        "Lancet",
        "2019",
        "393",
        "1-9",
    )


@pytest.mark.parametrize(
    ("raw", "family"),
    [
        ("Ó Gráda, C. (2009). Famine: A short history. Princeton University Press.", "Ó Gráda"),
        ("Mac Giolla Chríost, D. (2005). The Irish language. Routledge.", "Mac Giolla Chríost"),
    ],
)
def test_irish_name_particles(raw: str, family: str) -> None:
    assert [a.family for a in parse_entry(raw, SPAN).authors] == [family]
