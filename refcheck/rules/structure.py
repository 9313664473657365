"""Rules about the bibliography's structure found while loading it (RC003, RC207)."""

from __future__ import annotations

from collections.abc import Iterator

from refcheck.model import Severity
from refcheck.rules import CheckContext, Diagnostic, rule


@rule("RC003", "bibliography-syntax", Severity.ERROR)
def bibliography_syntax(ctx: CheckContext) -> Iterator[Diagnostic]:
    """A .bib file that BibTeX cannot read cleanly: a syntax error, a duplicate key or field.

    ## What it does
    Parses the file with pybtex in a mode that collects every error instead of stopping at
    the first, so one broken entry does not hide the rest (the entries it could read are
    still checked). Reported at the line pybtex names; a duplicate key at the second entry
    (BibTeX keeps the first), a field repeated inside an entry at that entry.

    ## Why it matters
    BibTeX and Biber skip or truncate a broken entry, or silently keep only the first of
    two entries with one key: the printed bibliography then lacks works or shows the wrong
    one, and the citations to them come out as "?".

    ## How to fix
    Correct the syntax at the reported line (a missing comma or brace is the usual cause);
    give each entry its own key; keep one copy of a repeated field.

    ## Example
    ```bibtex
    @article{jervis1978,
      author = {Jervis, Robert}
      title = {Cooperation under the Security Dilemma},
      journal = {World Politics},
      year = {1978},
      volume = {30},
      pages = {167--214},
    }
    ```

    ## Use instead
    ```bibtex
    @article{jervis1978,
      author = {Jervis, Robert},
      title = {Cooperation under the Security Dilemma},
      journal = {World Politics},
      year = {1978},
      volume = {30},
      pages = {167--214},
    }
    ```
    """
    for p in ctx.problems:
        if p.code == "RC003":
            yield Diagnostic(p.span, p.message, "fix the .bib file at this line")


@rule("RC207", "reference-numbering", Severity.WARNING)
def reference_numbering(ctx: CheckContext) -> Iterator[Diagnostic]:
    """A numbered reference list with a gap, a repeated number or numbers out of order.

    ## What it does
    Reads the numbers of a numbered list (`[1]`, `1.`, `(1)`) and reports the entry where
    the sequence breaks: a gap, a number used twice, or a number smaller than the one
    before. A list printed without numbers that the text cites by number (`[13]`) is
    numbered by position; when the text cites more numbers than it has entries, one
    note at its first entry says so, naming the missing number where the authors the
    text names around its citations place the gap.

    ## Why it matters
    `[1] … [2] … [4] …` lacks 3: usually a deleted entry whose citations now point at
    nothing or at the wrong work, or a renumbering that went wrong.

    ## How to fix
    Renumber the list so it runs 1, 2, 3, … and update the citations to match.

    ## Example
    ```text
    Security is relative [1], states balance threats [2], and structure matters [4].

    References

    [1] R. Jervis, "Cooperation under the security dilemma," World Politics, vol. 30,
        no. 2, pp. 167–214, 1978.
    [2] S. M. Walt, The Origins of Alliances. Ithaca, NY: Cornell University Press, 1987.
    [4] K. N. Waltz, Theory of International Politics. Reading, MA: Addison-Wesley, 1979.
    ```

    ## Use instead
    ```text
    Security is relative [1], states balance threats [2], and structure matters [3].

    References

    [1] R. Jervis, "Cooperation under the security dilemma," World Politics, vol. 30,
        no. 2, pp. 167–214, 1978.
    [2] S. M. Walt, The Origins of Alliances. Ithaca, NY: Cornell University Press, 1987.
    [3] K. N. Waltz, Theory of International Politics. Reading, MA: Addison-Wesley, 1979.
    ```
    """
    for p in ctx.problems:
        if p.code == "RC207":
            yield Diagnostic(p.span, p.message, p.hint or "renumber the list so it runs 1, 2, 3, …")
