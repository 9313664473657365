"""Rules about citations and their link to the reference list (RC001, RC101–RC105)."""

from __future__ import annotations

from collections.abc import Iterator

from refcheck.matching import Status
from refcheck.model import Severity
from refcheck.rules import CheckContext, Diagnostic, cite_label, label, rule


def _list_hint(style: str) -> str:
    """How to give the document a bibliography, in its own syntax."""
    if style == "latex":
        return "add \\bibliography{refs} or \\addbibresource{refs.bib}, or a thebibliography list"
    if style == "pandoc":
        return "name the .bib in the front matter (bibliography: refs.bib) or pass --bib"
    return "add a 'References' heading followed by the entries"


@rule("RC001", "no-reference-list", Severity.WARNING)
def no_reference_list(ctx: CheckContext) -> Iterator[Diagnostic]:
    """Citations were found but the document has no reference list.

    refcheck looks for a heading line such as ``References``, ``Bibliography``,
    ``Works Cited``, ``Literature Cited`` or ``Sources`` (plain, numbered or as a Markdown
    heading, any case); a LaTeX document needs ``\\bibliography``/``\\addbibresource`` or
    ``thebibliography``, a Pandoc document a ``bibliography:`` in its front matter (or
    ``--bib``). Without one no citation can be checked, so this one finding is reported
    at the first citation instead of one unresolved citation each.

    Fix: add the list under such a heading, or rename the existing heading.
    """
    if ctx.citations and not ctx.has_reference_list and not ctx.incomplete:
        first = ctx.citations[0]
        n = len(ctx.citations)
        yield Diagnostic(
            first.span,
            f"{n} citation{'s' if n != 1 else ''} but no reference list",
            _list_hint(first.style),
            {"citations": n},
        )


@rule("RC101", "unresolved-citation", Severity.ERROR)
def unresolved_citation(ctx: CheckContext) -> Iterator[Diagnostic]:
    """A citation that no entry of the reference list matches.

    A citation matches an entry when the first author's family name and the year (with
    its ``a``/``b`` suffix) agree; names are compared without case, accents or particles,
    so ``(Muller, 2019)`` finds ``Müller, K. (2019)`` and ``(Berg, 2020)`` finds
    ``van der Berg, A. (2020)``. Near misses are reported by RC103 (year) and RC104
    (author) instead. Either the entry is missing from the list or the citation names
    the wrong work. Work cited as "in preparation", "unpublished data", "submitted" or a
    "personal communication" is not expected in the list and is not reported.

    A LaTeX or Pandoc citation key must name an entry of the .bib files the document
    uses (``\\bibliography``, ``\\addbibresource``, the YAML ``bibliography:``, or
    ``--bib``); a close key is suggested. A numeric citation ``[7]`` must name an entry
    of the numbered list. When a named .bib file cannot be read, citations are not
    judged at all (the run exits 2 instead).
    """
    if not ctx.has_reference_list or ctx.incomplete:
        return
    for cit, m in zip(ctx.citations, ctx.matches, strict=True):
        if m.status is not Status.UNRESOLVED:
            continue
        if cit.key is not None:
            hint = f"did you mean '{m.detail}'?" if m.detail else "add it to the bibliography"
            message = f"citation key '{cit.key}' has no entry in the bibliography"
        elif cit.number is not None:
            hint = "add the entry to the numbered list, or correct the number"
            message = f"citation [{cit.number}] has no entry in the reference list"
        else:
            hint = "add the entry, or correct the citation's author or year"
            message = f"citation '{cite_label(cit)}' has no entry in the reference list"
        yield Diagnostic(cit.span, message, hint, {"citation": cite_label(cit)})


@rule("RC102", "uncited-reference", Severity.WARNING)
def uncited_reference(ctx: CheckContext) -> Iterator[Diagnostic]:
    """An entry of the reference list that no citation in the text refers to.

    APA, Harvard and Chicago author-date lists contain only works cited in the text.
    An entry that a citation reaches only through a near miss (RC103, RC104) or an
    ambiguity (RC105) counts as cited, so one mistake is reported once. A document that
    is nothing but a reference list is not checked for this, and neither are entries
    of a .bib file: a BibTeX database holds more works than one document cites, and
    BibTeX prints only the cited ones. A ``thebibliography`` list is checked, unless
    the document says ``\\nocite{*}``.
    """
    if ctx.list_only or not ctx.has_reference_list or ctx.cite_all or ctx.incomplete:
        return
    cited = {i for m in ctx.matches for i in m.refs}
    for i, ref in enumerate(ctx.references):
        if i in ctx.database:
            continue
        if i not in cited and (ref.authors or ref.year or ref.key or ref.number is not None):
            yield Diagnostic(
                ref.span,
                f"entry '{label(ref)}' is never cited in the text",
                "cite it where it is used, or remove it from the list",
                {"reference": label(ref)},
            )


@rule("RC103", "citation-year-mismatch", Severity.ERROR)
def citation_year_mismatch(ctx: CheckContext) -> Iterator[Diagnostic]:
    """The cited author(s) have an entry, but under another year.

    ``(Walt, 2016)`` when the list has ``Walt, S. M. (2015)``: usually a typo in the
    citation or in the list. The message names the year(s) the list gives; the hint the
    citation that would match. Reported only when the years differ as a typo does (one
    digit, two digits swapped, or at most two years apart, or "in press" against a
    year) and that entry is not also cited correctly elsewhere; otherwise the citation
    most likely names another work of the same author, and RC101 reports it.
    """
    for cit, m in zip(ctx.citations, ctx.matches, strict=True):
        if m.status is Status.YEAR_MISMATCH:
            ref = ctx.references[m.refs[0]]
            listed = ", ".join(
                sorted({f"{ctx.references[i].year}{ctx.references[i].suffix}" for i in m.refs})
            )
            cited = f"{cit.year}{cit.suffix}"
            yield Diagnostic(
                cit.span,
                f"year differs from the reference list: cited {cited}, listed {listed} "
                f"for {label(ref).split(' (')[0]}",
                f"did you mean '{label(ref)}'?",
                {"cited": cited, "listed": listed},
            )


@rule("RC104", "citation-author-mismatch", Severity.ERROR)
def citation_author_mismatch(ctx: CheckContext) -> Iterator[Diagnostic]:
    """An author name in the citation differs slightly from an entry's, or co-authors differ.

    Reported for a surname one or two letters off (``Mearsheimmer (2014)`` for
    ``Mearsheimer, J. J. (2014)``; also when the year is a typo too, ``Hirokarwa 1998``
    for ``Hirokawa 1989``), and for a citation whose named co-authors are not the
    entry's (``Keohane & Nye, 1995`` against ``Keohane, R. O., & Martin, L. L. (1995)``).
    ``et al.`` is accepted for any entry with two or more authors (when both exist, it
    picks the entry with three or more). A co-author difference is not reported
    when the entry is cited correctly elsewhere: the citation then names another work.
    """
    for cit, m in zip(ctx.citations, ctx.matches, strict=True):
        if m.status is Status.AUTHOR_MISMATCH:
            ref = ctx.references[m.refs[0]]
            yield Diagnostic(
                cit.span,
                f"authors differ from the entry {label(ref)}: {m.detail}",
                f"check the spelling against the entry at line {ref.span.line}",
                {"entry": label(ref), "detail": m.detail},
            )


@rule("RC105", "ambiguous-citation", Severity.ERROR)
def ambiguous_citation(ctx: CheckContext) -> Iterator[Diagnostic]:
    """A citation that matches several entries equally well.

    Two works by the same author(s) in the same year must be told apart with ``a``,
    ``b`` … suffixes, in the list and in every citation: ``(Walt, 1987a)``. Also
    reported when ``et al.`` stands for two different author lists.
    """
    for cit, m in zip(ctx.citations, ctx.matches, strict=True):
        if m.status is Status.AMBIGUOUS:
            names = ", ".join(
                f"{label(ctx.references[i])} at line {ctx.references[i].span.line}" for i in m.refs
            )
            if cit.number is not None:
                hint = "give each entry of the numbered list its own number"
            elif cit.key is not None:
                hint = "give each entry its own key"
            else:
                hint = "add a/b suffixes to the years in the list and the citations"
            yield Diagnostic(
                cit.span,
                f"citation '{cite_label(cit)}' matches {len(m.refs)} entries: {names}",
                hint,
                {"candidates": [label(ctx.references[i]) for i in m.refs]},
            )
