"""Rules over the Crossref verification of each entry (RC301–RC306, RC390).

The engine verifies the entries once, before the rules run, and puts one
``Verification`` per reference in ``ctx.verifications`` (None offline, when these
rules are not run). The rules only read it: no I/O here. Every rule stays silent about
an entry whose lookup failed (``unverified``): a failure is reported once, by RC390,
and is never turned into a "not found" or a "mismatch".
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator

from refcheck.crossref import Verification
from refcheck.model import Reference, Severity, Span
from refcheck.rules import CheckContext, Diagnostic, label, rule

# Kinds of work that are normally registered with Crossref when they give a volume or
# pages; anything else (books, web pages, magazines, reports) often is not.
_REGISTERED_KINDS = frozenset({"article"})


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


@rule("RC301", "reference-not-found", Severity.WARNING, needs_crossref=True)
def reference_not_found(ctx: CheckContext) -> Iterator[Diagnostic]:
    """No Crossref record matches the entry.

    refcheck searched Crossref with the entry's authors, year, title and journal and
    accepted none of the candidates: a candidate is taken only when its title is nearly
    identical, its first author agrees and at least one of year, journal, volume or
    first page agrees (Crossref's relevance score only orders candidates). A mistyped
    title, a wrong first author, or a reference to a work that does not exist end up
    here.

    A warning for a journal article that gives a volume or pages (such articles are
    almost always registered with Crossref); a note for everything else — books, web
    pages, magazine pieces, reports, grey literature — since many of them are simply
    not registered. The message says what was searched.
    """
    for ref, v in _pairs(ctx):
        if v.status != "not-found":
            continue
        registered = ref.kind in _REGISTERED_KINDS and bool(ref.volume or ref.pages)
        severity = Severity.WARNING if registered or ref.doi else Severity.NOTE
        yield Diagnostic(
            ref.span,
            f"no Crossref record matches '{label(ref)}' (searched: \"{_quote(v.searched)}\")",
            "check title, authors and year against the published work"
            if registered
            else "works outside Crossref (many books, web pages, magazines) are not registered",
            {"searched": v.searched},
            severity=severity,
        )


@rule("RC302", "metadata-mismatch", Severity.WARNING, needs_crossref=True)
def metadata_mismatch(ctx: CheckContext) -> Iterator[Diagnostic]:
    """Year, volume, issue, pages, title, first author or journal differ from Crossref.

    The entry was matched to a Crossref record (by its DOI, or by a search), and some
    fields disagree: ``volume differs from Crossref: '31' vs '30'``. One finding per
    entry lists every differing field; ``data.differences`` has them as a list.

    Only real differences are reported. A year agrees if it is any of the record's
    issued, print, online or issue dates (online-first articles are cited either way;
    books get one year of slack); a record with only a first page agrees with a full
    range; an article number agrees with the entry's page; ``1425-37`` is
    ``1425-1437``; titles are compared without HTML, case, accents, typographic quotes
    and with or without the subtitle; journal names may be abbreviated
    (``J. Biol. Chem.``) or lack a leading "The". Journal names are not compared for
    conference papers, nor pages for conference papers and books, because Crossref's
    data for those is unreliable.
    """
    for ref, v in _pairs(ctx):
        if v.status != "verified" or not v.differences:
            continue
        parts = [
            f"{_differs(d.field)} from Crossref: '{d.entry}' vs '{d.crossref}'"
            for d in v.differences
        ]
        yield Diagnostic(
            ref.span,
            "; ".join(parts),
            f"check the entry against the published record (doi:{v.doi})"
            if v.doi
            else "check the entry against the published record",
            {
                "doi": v.doi,
                "differences": [
                    {"field": d.field, "entry": d.entry, "crossref": d.crossref}
                    for d in v.differences
                ],
            },
        )


@rule("RC303", "doi-not-found", Severity.ERROR, needs_crossref=True)
def doi_not_found(ctx: CheckContext) -> Iterator[Diagnostic]:
    """The entry's DOI is not registered.

    Crossref answered "not found" for the DOI itself, and the DOI system knows no other
    registration agency for it (a DataCite DOI — Zenodo, arXiv, figshare — is not
    reported). Usually a typo in the DOI (a dropped or doubled character, ``O`` for
    ``0``) or a DOI invented by a citation generator.
    """
    for ref, v in _pairs(ctx):
        if v.status == "doi-not-found":
            yield Diagnostic(
                ref.span,
                f"DOI {v.searched} is not registered",
                "copy the DOI from the publisher's page or https://search.crossref.org",
                {"doi": v.searched},
            )


@rule("RC304", "doi-mismatch", Severity.ERROR, needs_crossref=True)
def doi_mismatch(ctx: CheckContext) -> Iterator[Diagnostic]:
    """The entry's DOI belongs to a different work.

    The DOI is registered, but the record's title shares little with the entry's (and
    the first author, year and further fields do not all agree, as they would for a
    translated title), or the titles are only alike (two papers on one topic) and the
    first authors differ. The DOI was probably copied from a neighbouring entry or another
    paper by the same author. The message names the work the DOI belongs to.
    """
    for ref, v in _pairs(ctx):
        if v.status == "doi-mismatch":
            yield Diagnostic(
                ref.span,
                f"DOI {v.searched} belongs to a different work: '{_quote(v.record_title)}'",
                "find the DOI of the cited work, or correct the entry",
                {"doi": v.searched, "record_title": v.record_title},
            )


@rule("RC305", "missing-doi", Severity.NOTE, needs_crossref=True)
def missing_doi(ctx: CheckContext) -> Iterator[Diagnostic]:
    """Crossref has a DOI for an entry that gives none.

    The entry was matched (strictly: see RC301) to a Crossref record, and that record
    has a DOI. APA 7 and most journals ask for the DOI of every work that has one; it
    lets readers and tools find the work without ambiguity. The hint gives the DOI.
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

    Crossref records the retraction on the work (``updated-by``, from the publisher or
    the Retraction Watch database, or the relation ``is-retracted-by``), or a search
    returned the retraction notice pointing at the work (``update-to``). Citing a
    retracted work as evidence is an error; if the citation is about the retraction,
    say so in the text and suppress this finding.
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
    """Some entries could not be verified because the Crossref lookups failed.

    A timeout, a refused connection, a server error after retries, a rate limit that
    outlasted the run's deadline, or an unreadable answer. Those entries are
    "unverified": no other Crossref rule reports anything about them. Reported once per
    document, at the first entry of the reference list, with the number of unverified
    entries and the most common reason. Run again later (successful answers are cached,
    so only the failed lookups are repeated), or use ``--offline``.
    """
    failed = [(r, v) for r, v in _pairs(ctx) if v.status == "unverified"]
    if not failed:
        return
    reasons = Counter(v.reason or "lookup failed" for _, v in failed)
    reason = reasons.most_common(1)[0][0]
    n = len(failed)
    total = len(ctx.references)
    span = ctx.references[0].span if ctx.references else Span(ctx.path, 1, 1, 1, 1)
    yield Diagnostic(
        span,
        f"{n} of {total} entr{'y' if total == 1 else 'ies'} could not be verified "
        f"against Crossref ({reason})",
        "run again later (answers are cached), or use --offline",
        {"unverified": n, "reasons": dict(reasons)},
    )
