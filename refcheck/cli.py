"""The ``refcheck`` command (CLI contract in DESIGN.md).

Imports are deferred into the command body so ``refcheck --version`` and ``--help``
load click and nothing else. Exit codes: 0 nothing at or above ``--fail-on``,
1 findings, 2 usage, config or input error.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING

import click

from refcheck import __version__

if TYPE_CHECKING:
    from refcheck.engine import RunResult

FORMATS = ("text", "json")
FAIL_ON = ("error", "warning", "note", "never")


def _codes(values: Sequence[str]) -> list[str]:
    """``--select RC1,RC201 --select RC3`` → ["RC1", "RC201", "RC3"]."""
    return [c.strip().upper() for v in values for c in v.split(",") if c.strip()]


def _fail(message: str) -> None:
    click.echo(f"refcheck: error: {message}", err=True)
    sys.exit(2)


def main() -> None:
    """Console entry point: the command, with internal errors as one line, not a traceback.

    A bug in refcheck must not look like a finding nor dump a traceback into a CI log;
    ``REFCHECK_DEBUG=1`` shows the traceback for a bug report.
    """
    try:
        command(standalone_mode=True)
    except Exception as exc:  # pragma: no cover - only reached through a bug
        if os.environ.get("REFCHECK_DEBUG"):
            raise
        click.echo(
            f"refcheck: internal error: {type(exc).__name__}: {exc} "
            "(set REFCHECK_DEBUG=1 for the traceback, and please report it)",
            err=True,
        )
        sys.exit(2)


@click.command(context_settings={"help_option_names": ["-h", "--help"]})
@click.argument("paths", nargs=-1, type=click.Path())
@click.option(
    "--format",
    "fmt",
    type=click.Choice(FORMATS),
    default="text",
    show_default=True,
    help="Output format.",
)
@click.option("--offline", is_flag=True, help="Run only the checks that need no network.")
@click.option(
    "--crossref-url",
    envvar="REFCHECK_CROSSREF_URL",
    default="https://api.crossref.org",
    show_default=True,
    help="Crossref REST API base URL (env REFCHECK_CROSSREF_URL).",
)
@click.option(
    "--mailto",
    envvar="REFCHECK_MAILTO",
    metavar="EMAIL",
    help="Contact address sent to Crossref: the faster 'polite' pool (env REFCHECK_MAILTO).",
)
@click.option("--cache-dir", type=click.Path(file_okay=False), help="Where to cache responses.")
@click.option("--no-cache", is_flag=True, help="Neither read nor write the response cache.")
@click.option(
    "--jobs",
    type=click.IntRange(1, 3),
    default=3,
    show_default=True,
    help="Crossref requests at once (Crossref allows at most 3).",
)
@click.option(
    "--select",
    multiple=True,
    metavar="CODES",
    help="Only these rules (comma-separated code prefixes; replaces the default set).",
)
@click.option(
    "--extend-select",
    multiple=True,
    metavar="CODES",
    help="Add these rules to the selection (e.g. the off-by-default RC205).",
)
@click.option("--ignore", multiple=True, metavar="CODES", help="Skip these rules (code prefixes).")
@click.option(
    "--fail-on",
    type=click.Choice(FAIL_ON),
    default="warning",
    show_default=True,
    help="Lowest severity that makes the exit code 1.",
)
@click.option(
    "--list-references",
    is_flag=True,
    help="Print the parsed reference entries instead of findings.",
)
@click.option("--explain", metavar="CODE", help="Print a rule's documentation and exit.")
@click.option("--list-rules", is_flag=True, help="List every rule and exit.")
@click.option(
    "--color/--no-color", default=None, help="Colour text output (default: if a terminal)."
)
@click.version_option(
    __version__, "--version", prog_name="refcheck", message="%(prog)s %(version)s"
)
def command(
    paths: tuple[str, ...],
    fmt: str,
    offline: bool,
    crossref_url: str,
    mailto: str | None,
    cache_dir: str | None,
    no_cache: bool,
    jobs: int,
    select: tuple[str, ...],
    extend_select: tuple[str, ...],
    ignore: tuple[str, ...],
    fail_on: str,
    list_references: bool,
    explain: str | None,
    list_rules: bool,
    color: bool | None,
) -> None:
    """Check the citations and reference list of PATH (files, or folders of .txt/.md)."""
    from refcheck import rules as registry

    if explain:
        _explain(explain.strip().upper())
        return
    if list_rules:
        _list_rules()
        return
    if not paths:
        _fail("no PATH given (try 'refcheck --help')")
    chosen_select = _codes(select) or None
    patterns = [*(chosen_select or []), *_codes(extend_select), *_codes(ignore)]
    unknown = registry.unknown_codes(patterns)
    if unknown:
        _fail(f"unknown rule code(s): {', '.join(unknown)} (see 'refcheck --list-rules')")
    rules = registry.select_rules(chosen_select, _codes(ignore), _codes(extend_select))
    verifier = None
    if offline:
        rules = [r for r in rules if not r.needs_crossref]
    elif any(r.needs_crossref for r in rules) and not list_references:
        from refcheck.crossref import CrossrefSettings
        from refcheck.crossref.client import make_verifier

        settings = CrossrefSettings(
            base_url=crossref_url.rstrip("/"),
            mailto=mailto,
            cache_dir=cache_dir,
            use_cache=not no_cache,
            jobs=jobs,
            progress=sys.stderr.isatty(),
        )
        verifier = make_verifier(settings)

    from refcheck.engine import run

    result = run(list(paths), rules, verifier=verifier)
    for err in result.errors:
        click.echo(f"refcheck: error: {err}", err=True)
    if list_references:
        _print_references(result, fmt)
    else:
        _print_findings(result, fmt, color)
    if result.errors:
        sys.exit(2)
    if list_references or fail_on == "never":
        sys.exit(0)
    from refcheck.model import Severity

    threshold = Severity(fail_on).rank
    sys.exit(1 if any(f.severity.rank >= threshold for f in result.findings) else 0)


def _print_findings(result: RunResult, fmt: str, color: bool | None) -> None:
    from refcheck.reporters import Report

    report = Report(
        findings=result.findings,
        files=len(result.documents),
        citations=sum(len(d.citations) for d in result.documents),
        references=sum(len(d.references) for d in result.documents),
        verified=sum(
            v.status not in ("unverified", "skipped")
            for d in result.documents
            for v in d.verifications or ()
        ),
        unverified=sum(
            v.status == "unverified" for d in result.documents for v in d.verifications or ()
        ),
    )
    if fmt == "json":
        from refcheck.reporters import json as reporter

        click.echo(reporter.render(report), nl=False)
        return
    from refcheck.reporters import text

    use_colour = sys.stdout.isatty() if color is None else color
    style = click.style if use_colour else text._plain
    click.echo(text.render(report, style), nl=False, color=use_colour)


def _print_references(result: RunResult, fmt: str) -> None:
    refs = [r for d in result.documents for r in d.references]
    if fmt == "json":
        from refcheck.reporters import json as reporter

        click.echo(reporter.render_references(refs), nl=False)
    else:
        from refcheck.reporters import text

        click.echo(text.render_references(refs), nl=False)


def _explain(code: str) -> None:
    from refcheck.rules import RULES

    rule = RULES.get(code)
    if rule is None:
        _fail(f"unknown rule code: {code} (see 'refcheck --list-rules')")
        return
    default = "" if rule.default else " — off by default"
    click.echo(f"{rule.code} ({rule.name}) — {rule.severity.value}{default}\n")
    click.echo(rule.doc)


def _list_rules() -> None:
    from refcheck.rules import RULES

    for code in sorted(RULES):
        r = RULES[code]
        flag = "" if r.default else "  (off by default)"
        click.echo(f"{r.code}  {r.name:<26} {r.severity.value:<8} {r.summary}{flag}")
