"""Rules about refcheck's own markers in the document (RC901)."""

from __future__ import annotations

from collections.abc import Iterator

from refcheck.model import Severity
from refcheck.rules import CheckContext, Diagnostic, rule, unknown_codes


@rule("RC901", "unused-suppression", Severity.WARNING, after_suppressions=True)
def unused_suppression(ctx: CheckContext) -> Iterator[Diagnostic]:
    """A `refcheck: ignore[CODE]` marker that silenced nothing.

    ## What it does
    Suppressions are written in the document's comment syntax: `<!-- refcheck:
    ignore[RC102] -->` in Markdown, a `% refcheck: ignore[RC201]` line in LaTeX and
    BibTeX, a `refcheck: ignore[RC201]` line in plain text. A marker applies to its own
    line when that line holds other text, otherwise to the next non-blank line (the next
    citation or entry); `refcheck: ignore-file[RC205]` applies to the whole file. Codes
    are required. This rule runs after all others, when it is known which markers were
    used, and reports a marker that silenced nothing, one without codes, and one with a
    code that names no rule (`RC1O1`). Markers for rules not run (RC205 while it is off,
    Crossref rules offline) are not judged.

    ## Why it matters
    A stale marker hides nothing today but will hide the next real problem at that place;
    a misspelt code silences nothing at all.

    ## How to fix
    Remove the marker, or correct its codes.

    ## Example
    ```markdown
    Security is relative (Jervis, 1978).

    ## References

    <!-- refcheck: ignore[RC102] -->
    Jervis, R. (1978). Cooperation under the security dilemma. *World Politics*, 30(2), 167–214.
    ```

    ## Use instead
    ```markdown
    Security is relative (Jervis, 1978).

    ## References

    Jervis, R. (1978). Cooperation under the security dilemma. *World Politics*, 30(2), 167–214.
    ```
    """
    for marker in ctx.unused_suppressions:
        if not marker.codes:
            yield Diagnostic(
                marker.span,
                "suppression without codes silences nothing",
                "name the codes to silence: refcheck: ignore[RC102]",
                {"codes": []},
            )
            continue
        codes = ", ".join(marker.codes)
        unknown = unknown_codes(marker.codes)
        if unknown:
            yield Diagnostic(
                marker.span,
                f"suppression names unknown rule code(s): {', '.join(unknown)}",
                "see 'refcheck --list-rules' for the codes",
                {"codes": list(marker.codes), "unknown": unknown},
            )
            continue
        yield Diagnostic(
            marker.span,
            f"suppression of {codes} silenced nothing",
            "remove the marker, or correct its codes",
            {"codes": list(marker.codes)},
        )
