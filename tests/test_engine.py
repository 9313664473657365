"""The pipeline end to end on small documents (no files, no CLI)."""

from __future__ import annotations

from tests.conftest import codes, lint_text

LIST = (
    "References\n"
    "Jervis, R. (1978). Cooperation under the security dilemma. World Politics, 30(2), 167–214.\n"
)


def test_capitalised_phrase_before_a_year_is_not_a_citation() -> None:
    text = (
        "The Founding Act (1997) and the Bucharest Summit (2008) mattered (Jervis, 1978).\n\n"
        + LIST
    )
    result = lint_text(text)
    assert [c.authors for c in result.citations] == [("Jervis",)]
    assert result.findings == []


def test_capitalised_phrase_is_a_citation_when_it_names_an_entry() -> None:
    text = (
        "The Founding Act (1997) settled it (Jervis, 1978).\n\nReferences\n"
        "Founding Act. (1997). Founding act on mutual relations. NATO.\n" + LIST.split("\n", 1)[1]
    )
    result = lint_text(text)
    assert [c.authors[0] for c in result.citations] == ["Founding Act", "Jervis"]
    assert "RC101" not in codes(text) and "RC102" not in codes(text)


def test_years_in_prose_and_ranges_are_not_citations() -> None:
    text = "In 1999, Poland joined; the war (1939–1945) ended in 1945 (Jervis, 1978).\n\n" + LIST
    assert [c.year for c in lint_text(text).citations] == ["1978"]


def test_citations_inside_the_reference_list_are_ignored() -> None:
    text = (
        "As Jervis (1978) argued.\n\n"
        + LIST
        + "Walt, S. (2015). Reply to Jervis (1978). Foreign Policy, 1(1), 1-2.\n"
    )
    result = lint_text(text)
    assert len(result.citations) == 1
    assert codes(text) == ["RC102"]  # Walt is listed but never cited


def test_markdown_code_and_comments_are_not_prose() -> None:
    text = (
        "Text `(Nobody, 2000)` <!-- (Hidden, 1999) --> (Jervis, 1978).\n\n"
        "```\n(Code, 2001)\n```\n\n" + LIST
    )
    assert [c.authors for c in lint_text(text, kind="markdown").citations] == [("Jervis",)]


def test_bare_reference_list_does_not_report_uncited_entries() -> None:
    assert codes(LIST) == []


def test_no_reference_list_reports_once() -> None:
    assert codes("See (Jervis, 1978) and (Walt, 2015).\n") == ["RC001"]


def test_unpublished_citations_are_not_unresolved() -> None:
    text = "Maps (Lacin and Truman, in preparation) and Jervis (1978).\n\n" + LIST
    assert codes(text) == []


def test_wrong_year_is_reported_once_not_also_as_uncited() -> None:
    text = "As Jervis (1979) argued.\n\n" + LIST
    assert codes(text) == ["RC103"]


def test_numbered_markdown_list_of_apa_entries_is_still_author_date() -> None:
    text = (
        "# E\n\nAs Jervis (1978) argued, alliances form (Walt, 1987).\n\n## References\n\n"
        "1. Jervis, R. (1978). Cooperation under the security dilemma. *World Politics*, "
        "30(2), 167-214.\n"
        "2. Walt, S. M. (1987). *The origins of alliances*. Cornell University Press.\n"
    )
    result = lint_text(text, kind="markdown")
    assert len(result.citations) == 2
    assert result.findings == []


def test_a_later_sources_heading_or_fenced_references_does_not_take_over() -> None:
    text = (
        "Alliances form (Walt, 1987).\n\n## References\n\n"
        "- Walt, S. M. (1987). *The origins of alliances*. Cornell University Press.\n\n"
        "## Appendix\n\n### Sources\n\nThe data came from the World Bank (2020).\n\n"
        "```\nReferences\n```\n"
    )
    result = lint_text(text, kind="markdown")
    assert [r.authors[0].family for r in result.references] == ["Walt"]
    assert result.findings == []  # "the World Bank (2020)" names no entry: not a citation


def test_plain_text_marker_line_inside_the_list_is_not_an_entry() -> None:
    text = (
        "See Jervis (1978).\n\nReferences\n"
        "Jervis, R. (1978). Cooperation under the security dilemma. World Politics, 30(2), "
        "167–214.\nrefcheck: ignore[RC102]\nKahn, H. (1960). On thermonuclear war. "
        "Princeton University Press.\n"
    )
    assert codes(text) == []


def test_apa_group_author_abbreviation() -> None:
    text = (
        "Health matters (World Health Organization [WHO], 2020); later (WHO, 2020).\n\n"
        "References\nWorld Health Organization. (2020). World health statistics. WHO Press.\n"
    )
    result = lint_text(text)
    assert [c.authors for c in result.citations] == [("World Health Organization",)] * 2
    assert result.findings == []


def test_doi_written_as_a_markdown_link() -> None:
    text = (
        "See Jervis (1978).\n\n## References\n\n- Jervis, R. (1978). Cooperation under the "
        "security dilemma. *World Politics*, 30(2), 167–214. "
        "[doi:10.2307/2009958](https://doi.org/10.2307/2009958)\n"
    )
    [ref] = lint_text(text, kind="markdown").references
    assert ref.doi == "10.2307/2009958"


def test_chicago_repeated_author_dashes() -> None:
    text = (
        "Both (Hastings 2013a, 2013b).\n\nReferences\n"
        "Hastings, Max. 2013a. Catastrophe 1914. New York: Knopf.\n"
        '———. 2013b. "The Guns of August Revisited." Foreign Affairs 92 (5): 12–20.\n'
    )
    result = lint_text(text)
    assert [r.authors[0].family for r in result.references] == ["Hastings", "Hastings"]
    assert result.findings == []


def test_numbering_problem_names_the_line() -> None:
    text = 'See [1] and [2].\n\nReferences\n[1] A. B, "T," J, 2000.\n[2] C. D, "U," J, 2001.\n'
    text += '[2] E. F, "V," J, 2002.\n'
    messages = [f.message for f in lint_text(text).findings if f.code == "RC207"]
    assert messages == ["number 2 is repeated (first at line 5)"]


def test_secondary_sources_need_only_the_citing_work() -> None:
    text = (
        "Memory fades (Taylor, 2010, as cited in Wu, 2015). Taylor (2011, as cited in Wu, "
        "2015) agrees.\n\nReferences\nWu, L. (2015). Memory. Journal of Mind, 3(1), 1-9.\n"
    )
    result = lint_text(text)
    assert [c.authors[0] for c in result.citations] == ["Wu", "Wu"]
    assert result.findings == []


def test_vancouver_parenthetical_numbers() -> None:
    text = (
        "Aspirin lowers risk (1). Statins help (2,3) and diet (2-3) too.\n\nReferences\n"
        "1. Smith AB, Jones CD. Aspirin and risk. N Engl J Med. 2020;382(3):245-53.\n"
        "2. Lee EF, Park J. Statins. Lancet. 2019;393:1-9.\n"
        "3. Kim FG. More statins. BMJ. 2018;360:k1.\n"
        "4. Unused GH. Never cited. JAMA. 2016;315:1-2.\n"
    )
    result = lint_text(text)
    assert [c.number for c in result.citations] == [1, 2, 3, 2, 3]
    assert [(f.code, f.span.line) for f in result.findings] == [("RC102", 7)]


def test_newspaper_article_dated_by_the_day_needs_no_volume() -> None:
    text = (
        "A new drug (Kolata, 2019) and a column (Brooks, 2020).\n\nReferences\n"
        "Brooks, D. (2020, May 1). On hope. The New York Times.\n"
        "Kolata, G. (2019, December 5). A new drug. The New York Times, A1.\n"
    )
    result = lint_text(text)
    kolata = result.references[1]
    assert (kolata.container, kolata.pages) == ("The New York Times", "A1")
    assert [(f.code, f.message) for f in result.findings] == [
        ("RC201", "journal article entry 'Brooks (2020)' lacks pages")
    ]


def test_online_magazine_piece_dated_by_the_day_needs_no_volume_or_pages() -> None:
    url = "https://foreignpolicy.com/2013/03/25/top-10-lessons/"
    text = (
        "Lessons (Walt 2013a, 2013b), a review (Smith 2020) and a crisis (Walt 2015).\n\n"
        "References\n"
        f'Smith, Jane. 2020. "A Review." The Guardian, 4 May 2020. {url}.\n'
        f'Walt, Stephen M. 2013a. "Top 10 Lessons." Foreign Policy, March 25, 2013. {url}.\n'
        'Walt, Stephen M. 2013b. "Lessons in Print." Foreign Policy, March 26, 2013.\n'
        f'Walt, Stephen M. 2015. "The Ukraine Crisis." Foreign Policy. {url}.\n'
    )
    found = [(f.code, f.message) for f in lint_text(text).findings]
    # Online and dated to the day: complete. In print without pages, or dated only by
    # the year (no sign of a magazine's issue date): still incomplete.
    assert found == [
        ("RC201", "journal article entry 'Walt (2013b)' lacks pages"),
        ("RC201", "journal article entry 'Walt (2015)' lacks volume and pages"),
    ]


def test_a_paper_in_a_lecture_notes_volume_is_a_proceedings_paper() -> None:
    """Springer's export: "vol 9907" is the series' volume; such a paper is no journal
    article, and a proceedings paper is not asked for pages."""
    text = (
        "Colour (Zhang et al. 2016) and a journal paper (Smith 2001).\n\n"
        "References\n"
        "Smith J (2001) A title of a work. Journal of Studies 3(2).\n"
        "Zhang R, Isola P, Efros AA (2016) Colorful image colorization. In: Leibe B, "
        "Matas J, Sebe N, Welling M (eds) Computer Vision - ECCV 2016. Lecture Notes in "
        "Computer Science, vol 9907. Springer, Cham\n"
    )
    result = lint_text(text)
    assert [r.kind for r in result.references] == ["article", "conference"]
    assert [(f.code, f.message) for f in result.findings] == [
        ("RC201", "journal article entry 'Smith (2001)' lacks pages")
    ]


def test_apa_group_author_abbreviation_in_narrative_form() -> None:
    text = (
        "The World Health Organization (WHO, 2020) says so, and later (WHO, 2020).\n\n"
        "References\nWorld Health Organization. (2020). World health statistics. WHO Press.\n"
    )
    assert lint_text(text).findings == []


def test_two_entries_run_together_are_reported() -> None:
    text = (
        "See (Davis, 2004) and (Evans, 2005).\n\nReferences\n"
        "Davis, D. (2004). Missing details. Journal, 1(1), 1-2. Evans, E. (2005). Run "
        "together. Journal, 2(1), 3-4.\n"
    )
    found = [(f.code, f.message) for f in lint_text(text).findings]
    assert ("RC002", "two entries run together? A second one starts at 'Evans, E. (2005)'") in found
