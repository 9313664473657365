"""Rules for the patterns invented references have (RC307–RC310), from the second sources.

Language models, and careless copying, produce references that look right and are not:
a real title under invented authors, an arXiv id or ISBN of another work, a real paper
placed at a conference that never published it. Each rule here reports one such
pattern, only on positive evidence from a source that was asked and answered, and its
message shows that evidence (the other work's title, authors and year, and which source
says so). Like RC301–RC306, they read the verdicts in ``ctx.verifications`` and do no
I/O; an entry whose lookups failed is RC390's, never theirs.
"""

from __future__ import annotations

from collections.abc import Iterator

from refcheck.model import Severity
from refcheck.rules import CheckContext, Diagnostic, label, rule
from refcheck.rules.crossref import _by, _pairs
from refcheck.sources import label_list


@rule("RC307", "chimera-reference", Severity.WARNING, needs_crossref=True)
def chimera_reference(ctx: CheckContext) -> Iterator[Diagnostic]:
    """The title is a real work's, but by other authors: a chimera.

    ## What it does
    Reported when a search of the sources (Crossref, DBLP, OpenAlex, arXiv, Open
    Library) finds a record whose title is the entry's (similarity 95 or more, and a
    distinctive title of at least three significant words), whose authors share no
    family name with the entry's, and no record of that title by the entry's authors.
    Every source asked must have answered. The message shows the work that has the
    title, with its authors and year, and which source holds it. A real title cited
    with the wrong year, or with the authors in another order, is not a chimera: that
    is a difference (RC302).

    ## Why it matters
    Stitching a real title to other authors is how language models invent references
    that survive a quick search: the title is found, so the reference looks real.

    ## How to fix
    Cite the work with its real authors, or find the work the authors actually wrote.

    ## Example
    ```text
    Smith, J., & Brown, M. (2017). Attention is all you need. NeurIPS.
    ```

    ## Use instead
    ```text
    Vaswani, A., Shazeer, N., Parmar, N., et al. (2017). Attention is all you need.
        Advances in Neural Information Processing Systems, 30, 5998–6008.
    ```
    """
    for ref, v in _pairs(ctx):
        if v.status == "chimera":
            asked = label_list(v.asked)
            yield Diagnostic(
                ref.span,
                f"the title of '{label(ref)}' is that of {v.evidence} ({_by(v)}); no work of "
                f"this title by the entry's authors is in {asked}",
                "cite the work with its real authors, or check where the reference came from",
                {"record": v.evidence, "source": v.source, "asked": list(v.asked)},
            )


@rule("RC308", "arxiv-id-mismatch", Severity.ERROR, needs_crossref=True)
def arxiv_id_mismatch(ctx: CheckContext) -> Iterator[Diagnostic]:
    """The entry's arXiv identifier is another paper, or no paper at all.

    ## What it does
    Looks the arXiv id the entry gives (`arXiv:1706.03762`, an arxiv.org URL, BibTeX
    `eprint` with `archivePrefix = {arXiv}`) up at arXiv, all of a run's ids in one
    request. Reported when arXiv's record is plainly another work (the titles share
    little and the authors and year do not rescue it, as RC304 judges a DOI), with that
    paper's title, authors and year; or when arXiv has no such id — an id missing from
    a batch answer is asked again on its own before that is said.

    ## Why it matters
    An arXiv id is how readers find a preprint. One that leads to another paper, or to
    nothing, is a typo at best, and a common mark of an invented reference.

    ## How to fix
    Copy the id from the paper's arxiv.org page.

    ## Example
    ```text
    Vaswani, A., et al. (2017). Attention is all you need. arXiv:1810.04805.
    ```

    ## Use instead
    ```text
    Vaswani, A., et al. (2017). Attention is all you need. arXiv:1706.03762.
    ```
    """
    for ref, v in _pairs(ctx):
        if v.status == "arxiv-mismatch":
            yield Diagnostic(
                ref.span,
                f"arXiv:{v.identifier} is another paper: {v.evidence} (arXiv)",
                "copy the identifier from the paper's arxiv.org page",
                {"arxiv": v.identifier, "record": v.evidence},
            )
        elif v.status == "arxiv-not-found":
            yield Diagnostic(
                ref.span,
                f"arXiv:{v.identifier} does not exist (arXiv has no paper with this identifier)",
                "copy the identifier from the paper's arxiv.org page",
                {"arxiv": v.identifier},
            )


@rule("RC309", "isbn-mismatch", Severity.WARNING, needs_crossref=True)
def isbn_mismatch(ctx: CheckContext) -> Iterator[Diagnostic]:
    """The entry's ISBN is another book's.

    ## What it does
    Looks the ISBN (ISBN-10 or ISBN-13, its check digit verified) up in Open Library and
    compares the book that has it with the entry, as RC304 compares a DOI's record.
    Reported, with that book's title, authors and year, when it is plainly another work.
    An ISBN Open Library does not know is no finding: its catalogue is incomplete.

    ## Why it matters
    An ISBN identifies one edition of one book; another book's ISBN sends readers and
    library systems to the wrong work.

    ## How to fix
    Copy the ISBN from the book's copyright page or the publisher's catalogue.

    ## Example
    ```text
    Charap, S., & Colton, T. J. (2017). Everyone loses. Routledge. ISBN 0-07-554852-6
    ```

    ## Use instead
    ```text
    Charap, S., & Colton, T. J. (2017). Everyone loses. Routledge. ISBN 978-1-138-63308-7
    ```
    """
    for ref, v in _pairs(ctx):
        if v.status == "isbn-mismatch":
            yield Diagnostic(
                ref.span,
                f"ISBN {v.identifier} is another book: {v.evidence} ({_by(v)})",
                "copy the ISBN from the book's copyright page",
                {"isbn": v.identifier, "record": v.evidence, "source": v.source},
            )


@rule("RC310", "venue-mismatch", Severity.WARNING, needs_crossref=True)
def venue_mismatch(ctx: CheckContext) -> Iterator[Diagnostic]:
    """The venue and year exist, but hold no such paper: DBLP lists it elsewhere.

    ## What it does
    For a work found in DBLP (title and first author agree) whose entry names a major
    computing venue and a year (NeurIPS, ICML, ICLR, CVPR, ACL, AAAI…, however written):
    reported when DBLP lists the work only at another conference, or only as an arXiv
    preprint (CoRR), while it indexes the venue-year the entry names. The claim rests on
    that venue-year's full listing (fetched page by page, cached): it must hold no paper
    by the entry's first author with a somewhat alike title, and none sharing two of its
    authors, so a paper retitled for the proceedings is not reported. Journal versions
    are never compared (an extension may carry another title).

    ## Why it matters
    Citing a preprint as if it appeared at a conference, or at the wrong conference,
    misstates the work's standing; invented references often attach a real paper to a
    prestigious venue.

    ## How to fix
    Cite the venue where the work appeared, or cite the preprint as a preprint.

    ## Example
    ```text
    Vaswani, A., et al. (2017). Attention is all you need. In Proceedings of ICML 2017.
    ```

    ## Use instead
    ```text
    Vaswani, A., et al. (2017). Attention is all you need. In Advances in Neural
        Information Processing Systems 30 (NeurIPS 2017).
    ```
    """
    for ref, v in _pairs(ctx):
        if v.status != "verified":
            continue
        for d in v.differences:
            if d.field != "venue":
                continue
            where = d.crossref if d.crossref.startswith("only") else f"at {d.crossref}"
            yield Diagnostic(
                ref.span,
                f"{_by(v)} lists '{v.record_title}' {where}, not in {d.entry}, which it "
                "indexes in full",
                "cite the venue where the work appeared, or cite the preprint as a preprint",
                {"entry_venue": d.entry, "record_venue": d.crossref, "source": v.source},
            )
