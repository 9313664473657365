"""Rules over the online verification of each entry (RC301–RC306, RC390).

The engine verifies the entries once, before the rules run, and puts one
``Verification`` per reference in ``ctx.verifications`` (None offline, when these
rules are not run). The rules only read it: no I/O here. Every rule stays silent about
an entry whose lookup failed (``unverified``): a failure is reported once, by RC390,
and is never turned into a "not found" or a "mismatch".

With the second sources (``refcheck.sources``) a verdict may rest on OpenAlex,
DataCite, arXiv, DBLP or Open Library: messages name the source (``year differs from
DBLP``). Crossref alone gives the same findings, word for word, as it always has. The
patterns of invented references the second sources reveal are RC307–RC310
(``refcheck.rules.sources``).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator

from refcheck.crossref import Verification
from refcheck.model import Reference, Severity, Span
from refcheck.rules import CheckContext, Diagnostic, label, rule
from refcheck.sources import LABELS, label_list

# Kinds of work that are normally registered with Crossref when they give a volume or
# pages; anything else (books, web pages, magazines, reports) often is not.
_REGISTERED_KINDS = frozenset({"article"})


# What a search is made of: a misread one finds nothing, which is no finding.
_SEARCHED_FIELDS = ("title", "authors", "year")


def _sure(ref: Reference, fields: tuple[str, ...]) -> bool:
    """Whether the parser is sure of every field in ``fields`` (see ``Reference.sure``)."""
    return all(ref.sure(f) for f in fields)


def _pairs(ctx: CheckContext) -> Iterator[tuple[Reference, Verification]]:
    if ctx.verifications is None:
        return
    yield from zip(ctx.references, ctx.verifications, strict=True)


def _quote(text: str, limit: int = 90) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


# How a difference reads in a message ("container differs" is jargon).
_FIELD_WORDS = {
    "authors": "authors differ",
    "container": "journal or book title differs",
    "pages": "pages differ",
}


def _differs(field: str) -> str:
    return _FIELD_WORDS.get(field, f"{field} differs")


def _by(v: Verification) -> str:
    """The source a verdict rests on, as messages name it: ``Crossref``, ``DBLP``."""
    return LABELS.get(v.source, v.source)


def _not_asked(v: Verification) -> str:
    """``; DBLP could not be asked (HTTP 503)`` for the sources that failed."""
    if not v.failed:
        return ""
    reason = next(iter(v.failed.values()))
    return f"; {label_list(list(v.failed), ' and ')} could not be asked ({reason})"


@rule("RC301", "reference-not-found", Severity.WARNING, needs_crossref=True)
def reference_not_found(ctx: CheckContext) -> Iterator[Diagnostic]:
    """No record matches the entry, in Crossref or in the other sources asked.

    ## What it does
    Searches Crossref with the entry's authors, year, title and journal, and accepts a
    candidate only when its title is nearly identical, its first author agrees and at
    least one of year, journal, volume or first page agrees (Crossref's relevance score
    only orders the candidates). With the second sources (`--sources`, all by default)
    the entry is also looked for where it would be: DBLP for computing venues, arXiv for
    preprints, Open Library for books, OpenAlex (with `OPENALEX_API_KEY`) for anything
    that names where it appeared; a real work printed with one wrong field is found
    there and reported as a difference (RC302), not here.

    A warning only when every source that would surely hold the work was asked and
    answered, and none has it: Crossref for a journal article that gives a volume or
    pages, or a DOI; DBLP for a paper at a major computing venue in a year DBLP indexes,
    whose full listing of that venue-year holds nothing by the first author with a
    similar title; arXiv for a preprint that says it is on arXiv; OpenAlex when it
    searches. Otherwise a note (books, web pages, magazine pieces, reports, grey
    literature, and any entry a source failed to answer for). The message says what was
    searched, which sources were asked, and which could not be. Not reported for a
    free-text entry whose title, authors or year the parser read without confidence:
    a search made of a misread entry finds nothing, and that is no finding.

    ## Why it matters
    A mistyped title, a wrong first author, or a reference to a work that does not exist
    (an invented or garbled citation) all end here.

    ## How to fix
    Check the title, authors and year against the published work. For a work that is not
    registered with Crossref, the note can be ignored or suppressed.

    ## Example
    ```text
    Jervis, R. (1978). Co-operation and the security dilemmas. World Politics, 30(2), 167–214.
    ```

    ## Use instead
    ```text
    Jervis, R. (1978). Cooperation under the security dilemma. World Politics, 30(2), 167–214.
    ```
    """
    for ref, v in _pairs(ctx):
        if v.status != "not-found" or not _sure(ref, _SEARCHED_FIELDS):
            continue
        if v.conclusive is None:  # Crossref alone: by the kind of entry, as always
            registered = ref.kind in _REGISTERED_KINDS and bool(ref.volume or ref.pages)
            warn = registered or bool(ref.doi)
            asked = "Crossref"
        else:
            registered = warn = v.conclusive
            asked = label_list(v.asked or ("crossref",))
        yield Diagnostic(
            ref.span,
            f"no {asked} record matches '{label(ref)}' (searched: \"{_quote(v.searched)}\")"
            + _not_asked(v),
            "check title, authors and year against the published work"
            if registered
            else f"works outside {asked} (many books, web pages, magazines) are not registered",
            {"searched": v.searched, "asked": list(v.asked), "failed": dict(v.failed)},
            severity=Severity.WARNING if warn else Severity.NOTE,
        )


@rule("RC302", "metadata-mismatch", Severity.WARNING, needs_crossref=True)
def metadata_mismatch(ctx: CheckContext) -> Iterator[Diagnostic]:
    """Year, volume, issue, pages, title, authors, journal or publisher differ from the record.

    ## What it does
    Compares the entry with the record it was matched to (by its DOI, arXiv id or ISBN,
    or by a search), and names the source: `volume differs from Crossref: '31' vs '30'`,
    `year differs from DBLP: '2014' vs '2017'`, `publisher differs from Open Library`.
    One finding per entry lists every differing field; `data.differences` has them as a
    list. Only real differences
    count: a year agrees if it is any of the record's issued, print, online or issue dates
    (books get one year of slack); a record with only a first page agrees with a full
    range; an article number agrees with the entry's page; `1425-37` is `1425-1437`;
    titles are compared without HTML, case, accents, typographic quotes and with or
    without the subtitle; journal names may be abbreviated (`J. Biol. Chem.`) or lack a
    leading "The". Journal names are not compared for conference papers, nor pages for
    conference papers and books, because Crossref's data for those is unreliable. A
    preprint's year (arXiv, CoRR) is not held against a later published version, and
    OpenAlex, which keeps one date per work, is allowed a year either way. A book's
    publisher agrees with any edition's, an imprint with its house (Routledge, Taylor &
    Francis), and initials with the name (OUP). A field the parser read from a free-text
    entry without confidence is not compared.

    ## Why it matters
    A wrong volume, page or year sends the reader to the wrong place, and is the mark of a
    reference copied from a secondary source.

    ## How to fix
    Correct the entry from the published record; the hint gives its DOI.

    ## Example
    ```text
    Jervis, R. (1978). Cooperation under the security dilemma. World Politics, 31(2), 167–214.
    ```

    ## Use instead
    ```text
    Jervis, R. (1978). Cooperation under the security dilemma. World Politics, 30(2), 167–214.
    ```
    """
    for ref, v in _pairs(ctx):
        # RC310 reports the venue; a field the parser is unsure of may have been misread.
        differences = [d for d in v.differences if d.field != "venue" and ref.sure(d.field)]
        if v.status != "verified" or not differences:
            continue
        parts = [
            f"{_differs(d.field)} from {_by(v)}: '{d.entry}' vs '{d.crossref}'" for d in differences
        ]
        yield Diagnostic(
            ref.span,
            "; ".join(parts),
            f"check the entry against the published record (doi:{v.doi})"
            if v.doi
            else "check the entry against the published record",
            {
                "doi": v.doi,
                "source": v.source,
                "differences": [
                    {"field": d.field, "entry": d.entry, "crossref": d.crossref}
                    for d in differences
                ],
            },
        )


@rule("RC303", "doi-not-found", Severity.ERROR, needs_crossref=True)
def doi_not_found(ctx: CheckContext) -> Iterator[Diagnostic]:
    """The entry's DOI is not registered.

    ## What it does
    Looks the DOI up at Crossref. Reported when Crossref answers "not found" for the DOI
    itself and the DOI system knows no other registration agency for it (a DataCite DOI,
    from Zenodo, arXiv or figshare, is not reported).

    ## Why it matters
    The DOI leads nowhere. It is usually a typo (a dropped or doubled character, `O` for
    `0`) or a DOI invented by a citation generator or a language model.

    ## How to fix
    Copy the DOI from the publisher's page or from search.crossref.org.

    ## Example
    ```text
    Jervis, R. (1978). Cooperation under the security dilemma. World Politics, 30(2),
        167–214. https://doi.org/10.2307/20099588
    ```

    ## Use instead
    ```text
    Jervis, R. (1978). Cooperation under the security dilemma. World Politics, 30(2),
        167–214. https://doi.org/10.2307/2009958
    ```
    """
    for ref, v in _pairs(ctx):
        if v.status == "doi-not-found":
            where = "" if v.source == "crossref" else f" (asked {_by(v)})"
            yield Diagnostic(
                ref.span,
                f"DOI {v.searched} is not registered{where}",
                "copy the DOI from the publisher's page or https://search.crossref.org",
                {"doi": v.searched, "source": v.source},
            )


@rule("RC304", "doi-mismatch", Severity.ERROR, needs_crossref=True)
def doi_mismatch(ctx: CheckContext) -> Iterator[Diagnostic]:
    """The entry's DOI belongs to a different work.

    ## What it does
    Looks the DOI up and compares the record with the entry. Reported when the record's
    title shares little with the entry's (and the first author, year and further fields do
    not all agree, as they would for a translated title), or when the titles are only
    alike (two papers on one topic) and the first authors differ. The message names the
    work the DOI belongs to. Not reported when the parser read the entry's title without
    confidence.

    ## Why it matters
    Readers and tools that follow the DOI land on another paper. The DOI was probably
    copied from a neighbouring entry or from another paper by the same author.

    ## How to fix
    Find the DOI of the cited work (or, if the DOI is right, correct the entry).

    ## Example
    ```text
    Jervis, R. (1978). Cooperation under the security dilemma. World Politics, 30(2),
        167–214. https://doi.org/10.2307/2010357
    ```

    ## Use instead
    ```text
    Jervis, R. (1978). Cooperation under the security dilemma. World Politics, 30(2),
        167–214. https://doi.org/10.2307/2009958
    ```
    """
    for ref, v in _pairs(ctx):
        if v.status == "doi-mismatch" and ref.sure("title"):
            other = v.evidence or f"'{_quote(v.record_title)}'"
            where = "" if v.source == "crossref" else f" (according to {_by(v)})"
            yield Diagnostic(
                ref.span,
                f"DOI {v.searched} belongs to a different work: {other}{where}",
                "find the DOI of the cited work, or correct the entry",
                {"doi": v.searched, "record_title": v.record_title, "source": v.source},
            )


@rule("RC305", "missing-doi", Severity.NOTE, needs_crossref=True)
def missing_doi(ctx: CheckContext) -> Iterator[Diagnostic]:
    """Crossref has a DOI for an entry that gives none.

    ## What it does
    Reported when the entry was matched (strictly: see RC301) to a Crossref record and
    that record has a DOI. The hint and `data.doi` give the DOI.

    ## Why it matters
    APA 7 and most journals ask for the DOI of every work that has one: it finds the work
    without ambiguity, for readers and for tools.

    ## How to fix
    Add the DOI to the entry. `refcheck --fix` does it: at the end of a free-text entry in
    the form the list already uses (`https://doi.org/…` by default, `doi:…` if the other
    entries write it so), or as a `doi` field of a BibTeX entry.

    ## Example
    ```text
    Jervis, R. (1978). Cooperation under the security dilemma. World Politics, 30(2), 167–214.
    ```

    ## Use instead
    ```text
    Jervis, R. (1978). Cooperation under the security dilemma. World Politics, 30(2),
        167–214. https://doi.org/10.2307/2009958
    ```
    """
    for ref, v in _pairs(ctx):
        if v.status == "verified" and v.doi and not ref.doi:
            yield Diagnostic(
                ref.span,
                f"'{label(ref)}' has a DOI that the entry does not give",
                f"add doi:{v.doi}",
                {"doi": v.doi},
            )


@rule("RC306", "retracted-work", Severity.ERROR, needs_crossref=True)
def retracted_work(ctx: CheckContext) -> Iterator[Diagnostic]:
    """The cited work has been retracted (or withdrawn).

    ## What it does
    Reads the retraction from Crossref: recorded on the work (`updated-by`, from the
    publisher or the Retraction Watch database, or the relation `is-retracted-by`), or a
    search returned the retraction notice pointing at the work (`update-to`). The message
    gives the notice's DOI.

    ## Why it matters
    Citing a retracted work as evidence is an error that reviewers and readers take
    seriously; the findings it reported can no longer be relied on.

    ## How to fix
    Cite other evidence. If the citation is about the retraction itself, say so in the
    text and suppress this finding for that entry.

    ## Example
    ```text
    Wakefield, A. J., et al. (1998). Ileal-lymphoid-nodular hyperplasia, non-specific colitis,
        and pervasive developmental disorder in children. The Lancet, 351(9103), 637–641.
    ```

    ## Use instead
    ```text
    Taylor, L. E., Swerdfeger, A. L., & Eslick, G. D. (2014). Vaccines are not associated
        with autism: An evidence-based meta-analysis of case-control and cohort studies.
        Vaccine, 32(29), 3623–3629.
    ```
    """
    for ref, v in _pairs(ctx):
        if v.status == "verified" and v.retracted_by is not None:
            notice = f" (notice doi:{v.retracted_by})" if v.retracted_by else ""
            yield Diagnostic(
                ref.span,
                f"'{label(ref)}' has been retracted{notice}",
                "do not cite a retracted work as evidence",
                {"doi": v.doi, "retracted_by": v.retracted_by},
            )


@rule("RC390", "crossref-unavailable", Severity.NOTE, needs_crossref=True)
def crossref_unavailable(ctx: CheckContext) -> Iterator[Diagnostic]:
    """Some entries could not be verified because lookups failed.

    ## What it does
    Reported once per document, at the first entry of the list, with the number of
    entries a failed lookup left unverified (or, with the second sources, "not found"
    only as a note because a source could not answer), the sources that failed, and the
    most common reason: a timeout, a refused connection, a server error after retries, a
    rate limit that outlasted the run's deadline, or an unreadable answer. No other
    online rule says anything about those entries on the strength of a failed lookup.

    ## Why it matters
    A failed lookup is not a finding about the entry, but it means the entry was not
    checked: the run is incomplete, and says so instead of staying silent.

    ## How to fix
    Run again later: successful answers are cached, so only the failed lookups are
    repeated. Pass `--mailto` for Crossref's faster polite pool, raise
    `REFCHECK_CROSSREF_DEADLINE` for a long list, or use `--offline`.

    ## Example
    ```text
    refcheck: Crossref: 12 of 40 lookups failed (timeout)
    essay.txt:20:1: RC390 [note] 12 of 40 entries could not be verified against Crossref (timeout)
    ```

    ## Use instead
    ```text
    REFCHECK_MAILTO=you@example.org refcheck essay.txt
    ```
    """
    failed = [
        (r, v)
        for r, v in _pairs(ctx)
        if v.status == "unverified" or (v.status == "not-found" and v.failed)
    ]
    if not failed:
        return
    reasons = Counter(
        (v.reason if v.status == "unverified" else "")
        or next(iter(v.failed.values()), "")
        or "lookup failed"
        for _, v in failed
    )
    reason = reasons.most_common(1)[0][0]
    sources = {s for _, v in failed for s in v.failed} or {"crossref"}
    n = len(failed)
    total = len(ctx.references)
    span = ctx.references[0].span if ctx.references else Span(ctx.path, 1, 1, 1, 1)
    yield Diagnostic(
        span,
        f"{n} of {total} entr{'y' if total == 1 else 'ies'} could not be verified "
        f"against {label_list(sources, ' and ')} ({reason})",
        "run again later (answers are cached), or use --offline",
        {"unverified": n, "reasons": dict(reasons), "sources": sorted(sources)},
    )
