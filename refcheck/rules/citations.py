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
    r"""Citations were found, but the document has no reference list.

    ## What it does
    Looks for the reference list: a heading line such as `References`, `Bibliography`,
    `Works Cited`, `Literature Cited` or `Sources` (plain, numbered or a Markdown heading,
    in any case); in LaTeX, `\bibliography`/`\addbibresource` or `thebibliography`; in
    Pandoc Markdown, a `bibliography:` in the front matter (or `--bib`). When a document
    cites but has none, this one finding is reported at the first citation instead of one
    unresolved citation each.

    ## Why it matters
    Without a list no citation can be checked, and a reader cannot find any cited work.
    Often the list is there under a heading refcheck does not know (`Reading`), or the
    LaTeX or Pandoc document forgot to name its .bib file.

    ## How to fix
    Add the list under a `References` heading, rename the existing heading, or name the
    bibliography file (`\bibliography{refs}`, `bibliography: refs.bib`, `--bib refs.bib`).

    ## Example
    ```text
    Deterrence rests on credible threats (Schelling, 1966).

    Reading

    Schelling, T. C. (1966). Arms and influence. Yale University Press.
    ```

    ## Use instead
    ```text
    Deterrence rests on credible threats (Schelling, 1966).

    References

    Schelling, T. C. (1966). Arms and influence. Yale University Press.
    ```
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

    ## What it does
    A citation matches an entry when the first author's family name and the year (with
    its `a`/`b` suffix) agree; names are compared without case, accents or particles, so
    `(Muller, 2019)` finds `Müller, K. (2019)` and `(Berg, 2020)` finds
    `van der Berg, A. (2020)`. Near misses are reported by RC103 (year) and RC104 (author)
    instead; when the author has entries under other years that are no typo of the cited
    one, the hint names them ("the list has Volkow et al. (2019)"). A LaTeX or Pandoc key
    must name an entry of the document's .bib files (a close key is suggested), and an
    empty `\\citep{}` names none; a numeric citation `[7]` an entry of the numbered list,
    or the 7th entry of a list printed without numbers. Work cited as "in preparation",
    "unpublished data", "submitted" or a "personal communication" is not expected in the
    list and is not reported; when a named .bib cannot be read,
    citations are not judged at all (the run exits 2 instead).

    ## Why it matters
    The reader cannot find the cited work: either the entry is missing from the list, or
    the citation names the wrong author or year.

    ## How to fix
    Add the missing entry to the list, or correct the citation's author, year or key.

    ## Example
    ```text
    Security is relative (Jervis, 1978), and states balance threats (Walt, 1987).

    References

    Jervis, R. (1978). Cooperation under the security dilemma. World Politics, 30(2), 167–214.
    ```

    ## Use instead
    ```text
    Security is relative (Jervis, 1978), and states balance threats (Walt, 1987).

    References

    Jervis, R. (1978). Cooperation under the security dilemma. World Politics, 30(2), 167–214.
    Walt, S. M. (1987). The origins of alliances. Cornell University Press.
    ```
    """
    if not ctx.has_reference_list or ctx.incomplete:
        return
    for cit, m in zip(ctx.citations, ctx.matches, strict=True):
        if m.status is not Status.UNRESOLVED:
            continue
        if cit.key == "":
            hint = "put the key of the cited entry between the braces, or delete the command"
            message = f"empty citation '{cit.raw}' names no entry"
        elif cit.key is not None:
            hint = f"did you mean '{m.detail}'?" if m.detail else "add it to the bibliography"
            message = f"citation key '{cit.key}' has no entry in the bibliography"
        elif cit.number is not None:
            hint = "add the entry to the numbered list, or correct the number"
            message = f"citation [{cit.number}] has no entry in the reference list"
        else:
            hint = "add the entry, or correct the citation's author or year"
            message = f"citation '{cite_label(cit)}' has no entry in the reference list"
            if m.near:
                listed = ", ".join(label(ctx.references[i]) for i in m.near)
                hint = f"the list has {listed}: correct the year if it is that work, else add it"
        yield Diagnostic(cit.span, message, hint, {"citation": cite_label(cit)})


@rule("RC102", "uncited-reference", Severity.WARNING)
def uncited_reference(ctx: CheckContext) -> Iterator[Diagnostic]:
    r"""An entry of the reference list that no citation in the text refers to.

    ## What it does
    Reports each entry that no citation reaches. An entry that a citation reaches only
    through a near miss (RC103, RC104) or an ambiguity (RC105) counts as cited, so one
    mistake is reported once. Not checked: a document that is nothing but a reference
    list, entries of a .bib file (a database holds more works than one document cites, and
    BibTeX prints only the cited ones), and a `thebibliography` list under `\nocite{*}`.

    ## Why it matters
    APA, Harvard and Chicago author-date lists contain only the works cited in the text.
    An uncited entry is usually a citation that was deleted or never written, or a
    citation misspelt so badly that it no longer finds its entry.

    ## How to fix
    Cite the work where it is used, or remove the entry from the list.

    ## Example
    ```text
    Security is relative (Jervis, 1978).

    References

    Jervis, R. (1978). Cooperation under the security dilemma. World Politics, 30(2), 167–214.
    Waltz, K. N. (1979). Theory of international politics. Addison-Wesley.
    ```

    ## Use instead
    ```text
    Security is relative (Jervis, 1978).

    References

    Jervis, R. (1978). Cooperation under the security dilemma. World Politics, 30(2), 167–214.
    ```
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

    ## What it does
    Reports `(Walt, 2016)` when the list has `Walt, S. M. (2015)`. The message names the
    year(s) the list gives, the hint the citation that would match. Reported only when the
    years differ as a typo does (one digit, two digits swapped, at most two years apart,
    or "in press" against a year) and that entry is not also cited correctly elsewhere;
    otherwise the citation most likely names another work of the same author, and RC101
    reports it.

    ## Why it matters
    A reader looking up the year finds nothing, or the wrong work; a year typo in the
    citation or in the list is among the commonest reference errors.

    ## How to fix
    Correct the year in the citation (or in the entry, if the entry is the one that is
    wrong). `refcheck --fix` changes the citation's year to the entry's when the list
    gives that author exactly one such year; check the entry against the published work
    if in doubt.

    ## Example
    ```text
    Security is relative (Jervis, 1987).

    References

    Jervis, R. (1978). Cooperation under the security dilemma. World Politics, 30(2), 167–214.
    ```

    ## Use instead
    ```text
    Security is relative (Jervis, 1978).

    References

    Jervis, R. (1978). Cooperation under the security dilemma. World Politics, 30(2), 167–214.
    ```
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

    ## What it does
    Reports a surname one or two letters off (`Mearsheimmer (2014)` for
    `Mearsheimer, J. J. (2014)`; also when the year is a typo too, `Hirokarwa 1998` for
    `Hirokawa 1989`), and a citation whose named co-authors are not the entry's
    (`Keohane & Nye, 1995` against `Keohane, R. O., & Martin, L. L. (1995)`). `et al.` is
    accepted for any entry with two or more authors (when both exist, it picks the entry
    with three or more). A co-author difference is not reported when the entry is cited
    correctly elsewhere: the citation then names another work.

    ## Why it matters
    A misspelt name sends the reader to the wrong place in the list, and a wrong co-author
    usually means the citation names a different paper than the entry.

    ## How to fix
    Spell the names as the entry does (or correct the entry), and name the entry's own
    co-authors.

    ## Example
    ```text
    Great powers seek hegemony (Mearsheimmer, 2014).

    References

    Mearsheimer, J. J. (2014). The tragedy of great power politics (Updated ed.). W. W. Norton.
    ```

    ## Use instead
    ```text
    Great powers seek hegemony (Mearsheimer, 2014).

    References

    Mearsheimer, J. J. (2014). The tragedy of great power politics (Updated ed.). W. W. Norton.
    ```
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

    ## What it does
    Reports a citation such as `(Walt, 1987)` when the list has two works by the same
    author(s) in the same year, and `et al.` that stands for two different author lists.
    The message lists the candidate entries and their lines.

    ## Why it matters
    The reader cannot tell which work is meant; style guides require `a`, `b` … suffixes
    to tell such works apart, in the list and in every citation.

    ## How to fix
    Add `a`/`b` suffixes to the years in the list (ordered by title) and use them in every
    citation: `(Walt, 1987a)`.

    ## Example
    ```text
    Alliances balance threats (Walt, 1987).

    References

    Walt, S. M. (1987). The origins of alliances. Cornell University Press.
    Walt, S. M. (1987). Alliance formation in Southwest Asia. Center for Naval Analyses.
    ```

    ## Use instead
    ```text
    Alliances balance threats (Walt, 1987a), in Southwest Asia too (Walt, 1987b).

    References

    Walt, S. M. (1987a). The origins of alliances. Cornell University Press.
    Walt, S. M. (1987b). Alliance formation in Southwest Asia. Center for Naval Analyses.
    ```
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
