"""Rules about the bibliography's structure found while loading it (RC003, RC207)."""

from __future__ import annotations

from collections.abc import Iterator

from refcheck.model import Severity
from refcheck.rules import CheckContext, Diagnostic, rule


@rule("RC003", "bibliography-syntax", Severity.ERROR)
def bibliography_syntax(ctx: CheckContext) -> Iterator[Diagnostic]:
    """A .bib file that BibTeX cannot read cleanly: a syntax error or a duplicate key.

    pybtex parses the file in a mode that collects every error instead of stopping at
    the first, so one broken entry does not hide the rest: entries it could read are
    still checked. A duplicate key is reported at the second entry (BibTeX keeps the
    first); a duplicate field inside an entry is reported too. Reported at the line
    pybtex names.
    """
    for p in ctx.problems:
        if p.code == "RC003":
            yield Diagnostic(p.span, p.message, "fix the .bib file at this line")


@rule("RC207", "reference-numbering", Severity.WARNING)
def reference_numbering(ctx: CheckContext) -> Iterator[Diagnostic]:
    """A numbered reference list with a gap, a repeated number or numbers out of order.

    ``[1] … [2] … [4] …`` lacks 3: a deleted entry whose citations now point at the
    wrong work, or a renumbering that went wrong. Reported at the entry where the
    problem shows.
    """
    for p in ctx.problems:
        if p.code == "RC207":
            yield Diagnostic(p.span, p.message, p.hint or "renumber the list so it runs 1, 2, 3, …")
