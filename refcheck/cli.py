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


def _shown(text: str) -> str:
    """A stderr line's text with control characters escaped: paths and names in it come
    from documents and repositories (see ``reporters.text.visible``)."""
    from refcheck.reporters.text import visible

    return visible(text)


def _fail(message: str) -> None:
    click.echo(f"refcheck: error: {_shown(message)}", err=True)
    sys.exit(2)


def main() -> None:
    """Console entry point: the command, with internal errors as one line, not a traceback.

    A bug in refcheck must not look like a finding nor dump a traceback into a CI log;
    ``REFCHECK_DEBUG=1`` shows the traceback for a bug report.
    """
    clash = name_clash()
    if clash:
        click.echo(f"refcheck: warning: {clash}", err=True)
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


# Files of the unrelated "refcheck" distribution on PyPI (a Markdown link checker,
# refcheck 0.6: refcheck/main.py, parsers.py, validators.py, log_conf.py, settings.py),
# which installs the same import package and the same command.
_OTHER_REFCHECK_FILES = ("validators.py", "log_conf.py", "parsers.py")


def name_clash(package_dir: str | None = None) -> str:
    """Why this environment also holds the other ``refcheck`` distribution, or "".

    Installing both makes one overwrite the other's ``refcheck/`` files and command,
    silently breaking one of them. Cheap enough for every start: one directory listing
    of the folder the package is installed in, and three file tests.
    """
    here = package_dir or os.path.dirname(os.path.abspath(__file__))
    foreign = [f for f in _OTHER_REFCHECK_FILES if os.path.exists(os.path.join(here, f))]
    try:
        site = os.listdir(os.path.dirname(here))
    except OSError:
        site = []
    other = sorted(n for n in site if n.startswith("refcheck-") and n.endswith(".dist-info"))
    if not foreign and not other:
        return ""
    found = other[0].removesuffix(".dist-info") if other else "files " + ", ".join(foreign)
    return (
        f"the unrelated 'refcheck' distribution is installed here too ({found}); it uses the "
        "same package and command names, so one of the two is broken. Run 'pip uninstall "
        "refcheck' and 'pip install --force-reinstall refcheck-linter', or keep them in "
        "separate environments"
    )


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
@click.option(
    "--cache-dir",
    envvar="REFCHECK_CACHE_DIR",
    type=click.Path(file_okay=False),
    help="Where to cache responses (env REFCHECK_CACHE_DIR).",
)
@click.option(
    "--cache-url",
    envvar="REFCHECK_CACHE_URL",
    metavar="redis://HOST:PORT/DB",
    help="A Redis shared by several runs or machines: one cache, one Crossref rate budget, "
    "each lookup made once (needs refcheck-linter[redis]; env REFCHECK_CACHE_URL).",
)
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
    "--sources",
    envvar="REFCHECK_SOURCES",
    metavar="NAMES",
    help="Verification sources, comma-separated: crossref, openalex, datacite, arxiv, dblp, "
    "openlibrary, or all (the default; env REFCHECK_SOURCES).",
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
@click.option(
    "--git-tracked",
    is_flag=True,
    help="Check only the documents git tracks under each PATH (default '.'): what a "
    "commit holds, not untracked or ignored files. The pre-commit hook uses it.",
)
@click.option(
    "--stdin-filename",
    metavar="PATH",
    help="Name of the document read from standard input (PATH '-'): its kind, its "
    "configuration and the files it names are found as if it were at PATH.",
)
@click.option(
    "--fix",
    is_flag=True,
    help="Apply the fixes that are certain (RC103, RC205, RC305, RC901), then report "
    "what is left. With PATH '-', print the fixed document instead.",
)
@click.option(
    "--diff",
    is_flag=True,
    help="Print the fixes as a unified diff instead of applying them; exit 1 if any.",
)
@click.option(
    "--show-source/--no-show-source",
    default=True,
    show_default=True,
    help="Show the source under each finding, the span underlined (text format).",
)
@click.option(
    "--statistics", is_flag=True, help="Count the findings per rule instead of listing them."
)
@click.option(
    "-q",
    "--quiet",
    is_flag=True,
    help="Print the findings and nothing else: no summary, no progress.",
)
@click.option(
    "-o",
    "--output-file",
    type=click.Path(dir_okay=False),
    metavar="FILE",
    help="Write the report to FILE instead of standard output.",
)
@click.option("--explain", metavar="CODE", help="Print a rule's documentation and exit.")
@click.option("--list-rules", is_flag=True, help="List every rule and exit.")
@click.option(
    "--color/--no-color",
    default=None,
    help="Colour text output (default: on a terminal, unless NO_COLOR is set or "
    "TERM=dumb; FORCE_COLOR turns it on).",
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
        _explain(opts["explain"].strip().upper(), _use_colour(opts["color"]))
        return
    if opts["list_rules"]:
        _list_rules()
        return
    if opts["stdin_filename"] and not paths:
        paths = ("-",)
    if opts["git_tracked"] and not paths:
        paths = (".",)
    if not paths:
        _fail("no PATH given (try 'refcheck --help')")
    if opts["fix"] and opts["diff"]:
        _fail("--fix and --diff cannot be combined (--diff shows what --fix would do)")
    stdin = _read_stdin(opts["stdin_filename"]) if "-" in paths else None
    from refcheck.config import ConfigError, load

    located = [stdin[0] if p == "-" and stdin else p for p in paths]
    try:
        cfg = load(opts["config_file"], [p if p != "-" else "." for p in located])
    except ConfigError as exc:
        _fail(str(exc))
        return
    for warning in cfg.warnings:
        click.echo(f"refcheck: warning: {_shown(warning)}", err=True)
    o = _merge(ctx, opts, cfg)
    if opts["list_references"] and o["fmt"] not in ("text", "json"):
        _fail("--list-references prints text or json, not " + o["fmt"])
    if opts["statistics"] and o["fmt"] not in ("text", "json"):
        _fail("--statistics prints text or json, not " + o["fmt"])
    rules = _choose_rules(o, cfg)
    if opts["git_tracked"]:
        paths = _tracked(paths, o["exclude"])
    online = not (o["offline"] or opts["list_references"])
    verifier = _make_verifier(o, rules, opts["quiet"]) if online else None

    from refcheck.engine import run

    def lint(data: tuple[str, bytes] | None) -> RunResult:
        return run(
            list(paths),
            rules,
            verifier=verifier,
            exclude=o["exclude"],
            bibs=o["bib"],
            stdin=data,
            config_dir=os.path.dirname(os.path.abspath(cfg.path)) if cfg.path else None,
        )

    result = lint(stdin)
    for err in result.errors:
        click.echo(f"refcheck: error: {_shown(err)}", err=True)
    for warning in result.warnings:
        click.echo(f"refcheck: warning: {_shown(warning)}", err=True)
    if opts["list_references"]:
        _print_references(result, o["fmt"], opts["output_file"])
        sys.exit(2 if result.errors else 0)
    findings = _policy(result, cfg)
    if opts["write_baseline"]:
        from refcheck import baseline

        try:
            baseline.write(opts["write_baseline"], findings, result.texts())
        except OSError as exc:
            _fail(f"{opts['write_baseline']}: cannot write the baseline ({exc.strerror or exc})")
        if not opts["quiet"]:
            click.echo(
                f"refcheck: wrote {len(findings)} finding(s) to {opts['write_baseline']}",
                err=True,
            )
        sys.exit(2 if result.errors else 0)
    if opts["baseline"]:
        findings = _new_since_baseline(opts["baseline"], findings, result)
    if opts["diff"]:
        sys.exit(_print_diff(result, findings, opts["output_file"]))
    report_to_stderr = False
    if opts["fix"]:
        result, findings, fixed = _fix(result, findings, stdin, lambda d: lint(d), cfg, opts)
        if stdin is not None:
            click.echo(fixed, nl=False)
            report_to_stderr = True
    _print_findings(result, findings, o, opts, report_to_stderr)
    if result.errors:
        sys.exit(2)
    if o["fail_on"] == "never":
        sys.exit(0)
    from refcheck.model import Severity

    threshold = Severity(o["fail_on"]).rank
    sys.exit(1 if any(f.severity.rank >= threshold for f in findings) else 0)


def _tracked(paths: tuple[str, ...], exclude: list[str]) -> tuple[str, ...]:
    """``--git-tracked``: PATHs become the tracked documents under them; none is fine
    (a commit that touched only a .bib nobody uses), and exits 0 at once."""
    from refcheck.loaders import InputError
    from refcheck.tracked import tracked_documents

    if "-" in paths:
        _fail("--git-tracked cannot read standard input")
    try:
        found = tracked_documents(paths, exclude)
    except InputError as exc:
        _fail(str(exc))
        return ()
    if not found:
        click.echo("No tracked documents to check.", err=True)
        sys.exit(0)
    return tuple(found)


def _read_stdin(name: str | None) -> tuple[str, bytes]:
    """The document on standard input, named ``name`` (``-`` when not given)."""
    from refcheck.loaders import MAX_BYTES

    data = sys.stdin.buffer.read(MAX_BYTES + 1)
    shown = name or "-"
    if len(data) > MAX_BYTES:
        _fail(f"{shown}: standard input too large (the limit is {MAX_BYTES // 1048576} MB)")
    return shown, data


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
        "cache_url": pick("cache_url", cfg.cache_url),
        "no_cache": bool(pick("no_cache", cfg.no_cache)),
        "jobs": pick("jobs", cfg.jobs),
        "sources": pick("sources", cfg.sources),
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


def _make_verifier(o: dict[str, Any], rules: list[Rule], quiet: bool) -> Verifier | None:
    """The Crossref client, imported only for an online run that needs it.

    Progress goes to stderr: a bar on a terminal, and in a CI log (not a terminal) a
    line every few seconds, so a long online run is not silent for minutes.
    """
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
        cache_url=o["cache_url"],
        use_cache=not o["no_cache"],
        jobs=o["jobs"],
        progress=not quiet,
        progress_lines=not sys.stderr.isatty(),
    )
    from refcheck.sources import CROSSREF, DEFAULT_SOURCES, SourcesError, parse_sources

    try:
        names = parse_sources(o["sources"]) if o["sources"] else DEFAULT_SOURCES
    except SourcesError as exc:
        _fail(f"--sources: {exc}")
        return None
    if o["cache_url"] and not o["cache_url"].startswith(("redis://", "rediss://", "unix://")):
        _fail(f"--cache-url must be a redis://, rediss:// or unix:// URL, got {o['cache_url']!r}")
    try:
        crossref = make_verifier(settings) if CROSSREF in names else None
    except ConnectionError as exc:  # refcheck.redis_backend.BackendError
        _fail(str(exc))
        return None
    except OSError as exc:
        _fail(f"cannot use the Crossref cache folder: {exc.strerror or exc}")
        return None
    if names == (CROSSREF,):
        return crossref
    from refcheck.sources.client import make_verifier as sources_verifier

    try:
        return sources_verifier(names, settings, crossref)
    except SourcesError as exc:
        _fail(str(exc))
    except OSError as exc:
        _fail(f"cannot use the cache folder: {exc.strerror or exc}")
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


def _sources(result: RunResult) -> Any:
    from refcheck.fix import Sources

    refs: dict[str, list[Any]] = {}
    for d in result.documents:
        for r in d.references:
            refs.setdefault(r.span.path, []).append(r)
    return Sources(result.texts(), refs)


def _fixed_texts(
    result: RunResult, findings: list[Finding]
) -> tuple[dict[str, tuple[str, list[Any]]], int]:
    """Each changed file's text after one round of fixes with the edits applied, and
    how many findings they fix."""
    from refcheck import fix

    sources = _sources(result)
    fixes = fix.plan(findings, sources)
    by_path: dict[str, list[Any]] = {}
    for f in fixes:
        for e in f.edits:
            by_path.setdefault(e.path, []).append(e)
    out: dict[str, tuple[str, list[Any]]] = {}
    applied = 0
    for path, edits in by_path.items():
        new, chosen = fix.apply(sources.texts[path], edits)
        applied += sum(all(e in chosen for e in f.edits) for f in fixes if f.edits[0].path == path)
        if new != sources.texts[path]:
            out[path] = (new, chosen)
    return out, applied


def _print_diff(result: RunResult, findings: list[Finding], output_file: str | None) -> int:
    """``--diff``: the fixes as a patch; exit 1 when there is one, as ruff does."""
    from refcheck.fix import unified_diff

    texts = result.texts()
    changed, _ = _fixed_texts(result, findings)
    patch = "".join(unified_diff(p, texts[p], changed[p][0]) for p in sorted(changed))
    _emit(patch, output_file)
    return 1 if changed else 0


MAX_FIX_ROUNDS = 10


def _fix(
    result: RunResult,
    findings: list[Finding],
    stdin: tuple[str, bytes] | None,
    lint: Any,
    cfg: Config,
    opts: dict[str, Any],
) -> tuple[RunResult, list[Finding], str]:
    """``--fix``: apply, lint again, until nothing is left to fix (overlapping fixes
    take one round each). Returns the last run, its findings and, for standard input,
    the fixed document."""
    from refcheck.loaders import decode

    total = 0
    stdin_text = decode(stdin[1], stdin[0]) if stdin else ""
    for _ in range(MAX_FIX_ROUNDS):
        changed, n = _fixed_texts(result, findings)
        if not changed:
            break
        for path, (new, edits) in changed.items():
            if stdin is not None and path == stdin[0]:
                stdin_text = new
                continue
            try:
                _write_fixed(path, result.texts()[path], edits)
            except (OSError, ValueError) as exc:
                click.echo(f"refcheck: error: {path}: not fixed ({exc})", err=True)
                changed = {}
                break
        if not changed:
            break
        total += n
        data = (stdin[0], stdin_text.encode("utf-8")) if stdin else None
        result = lint(data)
        findings = _policy(result, cfg)
        if opts["baseline"]:
            findings = _new_since_baseline(opts["baseline"], findings, result)
    if total and not opts["quiet"]:
        click.echo(f"refcheck: fixed {total} finding(s)", err=True)
    return result, findings, stdin_text


def _write_fixed(path: str, linted: str, edits: list[Any]) -> None:
    """Apply the edits to the file in its own line ends and BOM, if it is unchanged."""
    from refcheck.fix import to_source
    from refcheck.loaders import decode

    with open(path, "rb") as fh:
        raw = fh.read()
    if decode(raw, path) != linted:
        raise ValueError("the file changed while it was checked")
    bom = raw.startswith(b"\xef\xbb\xbf")
    original = raw[3 if bom else 0 :].decode("utf-8")
    out = to_source(original, linted, edits)
    with open(path, "wb") as fh:
        fh.write((b"\xef\xbb\xbf" if bom else b"") + out.encode("utf-8"))


def _emit(text: str, output_file: str | None, colour: bool = False, err: bool = False) -> None:
    """The report to ``--output-file`` (UTF-8, never coloured) or to stdout/stderr."""
    if output_file:
        try:
            with open(output_file, "w", encoding="utf-8", newline="") as fh:
                fh.write(click.unstyle(text))
        except OSError as exc:
            _fail(f"{output_file}: cannot write the report ({exc.strerror or exc})")
        return
    click.echo(text, nl=False, color=colour, err=err)


def _print_findings(
    result: RunResult,
    findings: list[Finding],
    o: dict[str, Any],
    opts: dict[str, Any],
    to_stderr: bool = False,
) -> None:
    from refcheck.reporters import Report, source_root

    report = Report(
        findings=findings,
        errors=result.errors,
        texts=result.texts(),
        root=source_root(),
        **result.counts(),
    )
    fmt = o["fmt"]
    if fmt == "github":
        _write_step_summary(report)
    if opts["statistics"] and fmt == "json":
        from refcheck.reporters import json as reporter

        _emit(reporter.render_statistics(report, _fixable(result, findings)), opts["output_file"])
        return
    if fmt in ("json", "github", "sarif"):
        reporter = importlib.import_module(f"refcheck.reporters.{fmt}")
        _emit(reporter.render(report), opts["output_file"], err=to_stderr)
        return
    from refcheck.reporters import text

    stream = sys.stderr if to_stderr else sys.stdout
    use_colour = False if opts["output_file"] else _use_colour(opts["color"], stream)
    style = click.style if use_colour else text._plain
    out = text.render(
        report,
        style,
        show_source=opts["show_source"],
        statistics=opts["statistics"],
        quiet=opts["quiet"],
        fixable=0 if opts["fix"] else _fixable(result, findings),
    )
    _emit(out, opts["output_file"], use_colour, err=to_stderr)


def _fixable(result: RunResult, findings: list[Finding]) -> int:
    from refcheck.fix import plan

    return len(plan(findings, _sources(result)))


def _write_step_summary(report: Any) -> None:
    """In GitHub Actions, the job summary: every finding counted, the first ones listed
    (annotations stop at 10 errors and 10 warnings per step)."""
    target = os.environ.get("GITHUB_STEP_SUMMARY")
    if not target:
        return
    from refcheck.reporters.github import summary

    try:
        with open(target, "a", encoding="utf-8") as fh:
            fh.write(summary(report))
    except OSError as exc:
        click.echo(f"refcheck: warning: cannot write the job summary ({exc})", err=True)


def _print_references(result: RunResult, fmt: str, output_file: str | None) -> None:
    refs = [r for d in result.documents for r in d.references]
    if fmt == "json":
        from refcheck.reporters import json as reporter

        _emit(reporter.render_references(refs), output_file)
    else:
        from refcheck.reporters import text

        _emit(text.render_references(refs), output_file)


def _explain(code: str, colour: bool) -> None:
    """A rule's documentation as terminal text (docgen renders the docstring)."""
    from refcheck.docgen import render_terminal
    from refcheck.rules import RULES

    rule = RULES.get(code)
    if rule is None:
        _fail(f"unknown rule code: {code} (see 'refcheck --list-rules')")
        return
    style = click.style if colour else _unstyled
    click.echo(render_terminal(rule, style), nl=False, color=colour)


def _unstyled(text: str, **_: object) -> str:
    return text


def _use_colour(flag: bool | None, stream: Any = None) -> bool:
    """Colour as ruff, pytest and the no-color.org convention decide it.

    ``--color``/``--no-color`` win; then ``NO_COLOR`` (any non-empty value) turns colour
    off and ``FORCE_COLOR`` (any non-empty value) on, even in a pipe or a CI log; then
    ``TERM=dumb`` means none; otherwise colour only on a terminal.
    """
    if flag is not None:
        return flag
    if os.environ.get("NO_COLOR"):
        return False
    if os.environ.get("FORCE_COLOR"):
        return True
    if os.environ.get("TERM") == "dumb":
        return False
    stream = stream or sys.stdout
    return bool(getattr(stream, "isatty", lambda: False)())


def _list_rules() -> None:
    from refcheck.docgen import summary
    from refcheck.rules import RULES

    for code in sorted(RULES):
        r = RULES[code]
        flag = "" if r.default else "  (off by default)"
        click.echo(f"{r.code}  {r.name:<26} {r.severity.value:<8} {summary(r)}{flag}")
