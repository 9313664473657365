"""The ``refcheck`` command (the CLI contract is in docs/usage.md).

The pipeline, the rules and the Crossref client are imported inside the command body,
so ``refcheck --version`` and ``--help`` load click and import-free constants only.
Exit codes: 0 nothing at or above ``--fail-on``, 1 findings, 2 usage, config or input
error.
"""

from __future__ import annotations

import importlib
import os
import sys
from typing import TYPE_CHECKING, Any

import click
from click.core import ParameterSource

from refcheck import __version__
from refcheck.codes import parse_codes
from refcheck.options import DEFAULT_URL, FAIL_ON, FORMATS

if TYPE_CHECKING:
    from refcheck.config import Config
    from refcheck.crossref import Verifier
    from refcheck.engine import RunResult
    from refcheck.model import Finding
    from refcheck.rules import Rule


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
    help="Output format: text, json, github (workflow annotations), sarif.",
)
@click.option(
    "--offline", is_flag=True, default=None, help="Run only the checks that need no network."
)
@click.option(
    "--crossref-url",
    envvar="REFCHECK_CROSSREF_URL",
    default=DEFAULT_URL,
    show_default=True,
    help="Crossref REST API base URL (env REFCHECK_CROSSREF_URL).",
)
@click.option(
    "--mailto",
    envvar="REFCHECK_MAILTO",
    metavar="EMAIL",
    help="Contact address sent to Crossref: its faster 'polite' pool (env REFCHECK_MAILTO).",
)
@click.option("--cache-dir", type=click.Path(file_okay=False), help="Where to cache responses.")
@click.option(
    "--no-cache", is_flag=True, default=None, help="Neither read nor write the response cache."
)
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
    "--bib",
    multiple=True,
    type=click.Path(dir_okay=False),
    metavar="FILE",
    help="A .bib file for documents that name none (repeatable).",
)
@click.option(
    "--exclude",
    multiple=True,
    metavar="GLOB",
    help="Skip files found in folders that match this glob.",
)
@click.option(
    "--fail-on",
    type=click.Choice(FAIL_ON),
    default="warning",
    show_default=True,
    help="Lowest severity that makes the exit code 1.",
)
@click.option(
    "--config",
    "config_file",
    type=click.Path(dir_okay=False),
    metavar="FILE",
    help="Configuration file (default: the nearest .refcheck.toml or pyproject.toml "
    "with [tool.refcheck] above the first PATH).",
)
@click.option(
    "--baseline",
    type=click.Path(dir_okay=False),
    metavar="FILE",
    help="Report only findings that are not in this baseline.",
)
@click.option(
    "--write-baseline",
    type=click.Path(dir_okay=False),
    metavar="FILE",
    help="Record the current findings as the baseline and exit 0.",
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
@click.pass_context
def command(ctx: click.Context, paths: tuple[str, ...], **opts: Any) -> None:
    """Check citations against the reference list in each PATH.

    A PATH is a .txt, .md, .tex or .bib file, or a folder searched for .txt, .md and
    .tex files. Entries are also verified against Crossref unless --offline is given.
    Exit status: 0 clean, 1 findings at or above --fail-on, 2 usage or input error.
    """
    if opts["explain"]:
        _explain(opts["explain"].strip().upper())
        return
    if opts["list_rules"]:
        _list_rules()
        return
    if not paths:
        _fail("no PATH given (try 'refcheck --help')")
    from refcheck.config import ConfigError, load

    try:
        cfg = load(opts["config_file"], list(paths))
    except ConfigError as exc:
        _fail(str(exc))
        return
    o = _merge(ctx, opts, cfg)
    if opts["list_references"] and o["fmt"] not in ("text", "json"):
        _fail("--list-references prints text or json, not " + o["fmt"])
    rules = _choose_rules(o, cfg)
    verifier = None if o["offline"] or opts["list_references"] else _make_verifier(o, rules)

    from refcheck.engine import run

    result = run(list(paths), rules, verifier=verifier, exclude=o["exclude"], bibs=o["bib"])
    for err in result.errors:
        click.echo(f"refcheck: error: {err}", err=True)
    for warning in result.warnings:
        click.echo(f"refcheck: warning: {warning}", err=True)
    if opts["list_references"]:
        _print_references(result, o["fmt"])
        sys.exit(2 if result.errors else 0)
    findings = _policy(result, cfg)
    if opts["write_baseline"]:
        from refcheck import baseline

        try:
            baseline.write(opts["write_baseline"], findings, result.texts())
        except OSError as exc:
            _fail(f"{opts['write_baseline']}: cannot write the baseline ({exc.strerror or exc})")
        click.echo(
            f"refcheck: wrote {len(findings)} finding(s) to {opts['write_baseline']}", err=True
        )
        sys.exit(2 if result.errors else 0)
    if opts["baseline"]:
        findings = _new_since_baseline(opts["baseline"], findings, result)
    _print_findings(result, findings, o["fmt"], opts["color"])
    if result.errors:
        sys.exit(2)
    if o["fail_on"] == "never":
        sys.exit(0)
    from refcheck.model import Severity

    threshold = Severity(o["fail_on"]).rank
    sys.exit(1 if any(f.severity.rank >= threshold for f in findings) else 0)


def _merge(ctx: click.Context, opts: dict[str, Any], cfg: Config) -> dict[str, Any]:
    """Command line over configuration over defaults, key by key.

    An option counts as given when it came from the command line or its environment
    variable; list options given on the command line extend the configuration's
    (``--ignore``, ``--extend-select``) except ``--select``, which replaces it.
    """

    def given(name: str) -> bool:
        src = ctx.get_parameter_source(name)
        return src in (ParameterSource.COMMANDLINE, ParameterSource.ENVIRONMENT)

    def pick(name: str, cfg_value: Any) -> Any:
        return opts[name] if given(name) or cfg_value is None else cfg_value

    return {
        "fmt": pick("fmt", cfg.format),
        "offline": bool(pick("offline", cfg.offline)),
        "crossref_url": pick("crossref_url", cfg.crossref_url),
        "mailto": pick("mailto", cfg.mailto),
        "cache_dir": pick("cache_dir", cfg.cache_dir),
        "no_cache": bool(pick("no_cache", cfg.no_cache)),
        "jobs": pick("jobs", cfg.jobs),
        "fail_on": pick("fail_on", cfg.fail_on),
        "select": parse_codes(opts["select"]) or cfg.select,
        "extend_select": [*cfg.extend_select, *parse_codes(opts["extend_select"])],
        "ignore": [*cfg.ignore, *parse_codes(opts["ignore"])],
        "exclude": [*cfg.exclude, *opts["exclude"]],
        "bib": list(opts["bib"]) or cfg.bib,
        "severity": cfg.severity,
    }


def _choose_rules(o: dict[str, Any], cfg: Config) -> list[Rule]:
    from refcheck import rules as registry

    per_file = [c for codes in cfg.per_file_ignores.values() for c in codes]
    patterns = [*(o["select"] or []), *o["extend_select"], *o["ignore"], *o["severity"], *per_file]
    unknown = registry.unknown_codes(patterns)
    if unknown:
        _fail(f"unknown rule code(s): {', '.join(unknown)} (see 'refcheck --list-rules')")
    rules = registry.select_rules(o["select"], o["ignore"], o["extend_select"])
    if o["offline"]:
        rules = [r for r in rules if not r.needs_crossref]
    return rules


def _make_verifier(o: dict[str, Any], rules: list[Rule]) -> Verifier | None:
    """The Crossref client, imported only for an online run that needs it."""
    if not any(r.needs_crossref for r in rules):
        return None
    from refcheck.crossref import CrossrefSettings
    from refcheck.crossref.client import make_verifier

    url = o["crossref_url"]
    if not url.startswith(("http://", "https://")):
        _fail(f"--crossref-url must be an http(s) URL, got {url!r}")
    settings = CrossrefSettings(
        base_url=o["crossref_url"].rstrip("/"),
        mailto=o["mailto"],
        cache_dir=o["cache_dir"],
        use_cache=not o["no_cache"],
        jobs=o["jobs"],
        progress=sys.stderr.isatty(),
    )
    try:
        return make_verifier(settings)
    except OSError as exc:
        _fail(f"cannot use the Crossref cache folder: {exc.strerror or exc}")
        return None


def _policy(result: RunResult, cfg: Config) -> list[Finding]:
    from refcheck.policy import apply_policy

    root = os.path.dirname(os.path.abspath(cfg.path)) if cfg.path else os.getcwd()
    return apply_policy(result.findings, cfg.per_file_ignores, cfg.severity, root)


def _new_since_baseline(path: str, findings: list[Finding], result: RunResult) -> list[Finding]:
    from refcheck import baseline

    try:
        known = baseline.read(path)
    except baseline.BaselineError as exc:
        _fail(str(exc))
        return findings
    return baseline.filter_new(findings, result.texts(), known, path)


def _print_findings(
    result: RunResult, findings: list[Finding], fmt: str, color: bool | None
) -> None:
    from refcheck.reporters import Report

    report = Report(findings=findings, errors=result.errors, **result.counts())
    if fmt in ("json", "github", "sarif"):
        reporter = importlib.import_module(f"refcheck.reporters.{fmt}")
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
