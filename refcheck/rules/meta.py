"""Rules about refcheck's own markers in the document (RC901)."""

from __future__ import annotations

from collections.abc import Iterator

from refcheck.model import Severity
from refcheck.rules import CheckContext, Diagnostic, rule, unknown_codes


@rule("RC901", "unused-suppression", Severity.WARNING, after_suppressions=True)
def unused_suppression(ctx: CheckContext) -> Iterator[Diagnostic]:
    """A ``refcheck: ignore[CODE]`` marker that silenced nothing.

    Suppressions are written in the document's comment syntax — ``<!-- refcheck:
    ignore[RC102] -->`` in Markdown, a ``% refcheck: ignore[RC201]`` line in LaTeX and
    BibTeX, a ``refcheck: ignore[RC201]`` line in plain text — and apply to their own
    line when it holds other text, otherwise to the next non-blank line (the next
    citation or entry). ``refcheck: ignore-file[RC205]`` applies to the whole file.
    Codes are required, and a code that names no rule (``RC1O1``) is reported. A marker
    that no longer matches a finding is stale: the
    problem was fixed or moved, and the marker would hide a future one. This rule is
    evaluated by the engine after all other rules, since only then is it known which
    markers were used; remove the marker, or fix its codes.
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
