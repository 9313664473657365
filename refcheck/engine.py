"""The one place that runs the pipeline: load, analyse, match, rules, suppress, sort.

``check_document`` works on a decoded document (files a document names are read through
the ``Linker``), so tests and property tests drive the whole pipeline without a CLI;
``run`` adds the file handling and keeps going past unreadable files so one bad file
does not hide the findings of the others.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from datetime import date

from refcheck.analysis import Analysis, Linker, analyse
from refcheck.codes import any_matches
from refcheck.crossref import Verification, Verifier
from refcheck.extract.latex import mask_latex
from refcheck.loaders import (
    PANDOC_SUFFIXES,
    Document,
    InputError,
    decode,
    detect_kind,
    expand_paths,
    load_document,
)
from refcheck.markup import code_view
from refcheck.matching import Match, ReferenceIndex, Status, match_citations
from refcheck.model import Citation, Finding, Reference
from refcheck.rules import CheckContext, Rule, select_rules, unknown_codes
from refcheck.suppress import Suppression, apply_suppressions, find_suppressions
from refcheck.text import LineIndex


@dataclass(slots=True)
class DocumentResult:
    path: str
    citations: list[Citation]
    references: list[Reference]
    findings: list[Finding]
    has_reference_list: bool
    verifications: list[Verification] | None = None
    texts: dict[str, str] = field(default_factory=dict)  # every file read, for baselines
    included: set[str] = field(default_factory=set)  # absolute paths it \input
    errors: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    # (path, line) of the bibliography-file entries the document uses (RC106 across
    # documents), and of every entry it cites (the summary's "cited").
    used: set[tuple[str, int]] = field(default_factory=set)
    cited: set[tuple[str, int]] = field(default_factory=set)


@dataclass(slots=True)
class RunResult:
    documents: list[DocumentResult] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    def texts(self) -> dict[str, str]:
        return {p: t for d in self.documents for p, t in d.texts.items()}

    def counts(self) -> dict[str, int]:
        """The summary's counts; an entry of a .bib shared by documents counts once.

        ``files``: every file read for the checked documents (their ``\\input`` and
        included files and bibliographies too); ``cited``: the entries some citation
        reaches.

        ``verified``: entries Crossref answered for, whatever the verdict (found, not
        found, DOI wrong); ``unverified``: entries whose lookup failed.
        """
        refs: dict[tuple[str, int], str] = {}
        for d in self.documents:
            verdicts = d.verifications or [None] * len(d.references)
            for r, v in zip(d.references, verdicts, strict=True):
                status = v.status if v is not None else ""
                refs.setdefault((r.span.path, r.span.line), status)
        cited = {c for d in self.documents for c in d.cited}
        read = {os.path.normpath(p) for d in self.documents for p in (d.path, *d.texts)}
        return {
            "files": len(read),
            "cited": len(cited & refs.keys()),
            "citations": sum(len(d.citations) for d in self.documents),
            "references": len(refs),
            "verified": sum(s not in ("", "unverified", "skipped") for s in refs.values()),
            "unverified": sum(s == "unverified" for s in refs.values()),
        }

    @property
    def findings(self) -> list[Finding]:
        """All findings, sorted; a finding in a .bib shared by documents appears once."""
        seen: set[tuple[object, ...]] = set()
        out = []
        for f in sorted((f for d in self.documents for f in d.findings), key=Finding.sort_key):
            key = (f.span, f.code, f.message)
            if key not in seen:
                seen.add(key)
                out.append(f)
        return out


def _run_rules(rules: list[Rule], ctx: CheckContext) -> list[Finding]:
    """Run rules and stamp each diagnostic with its rule's code, name and severity."""
    return [
        Finding(
            span=d.span,
            code=r.code,
            name=r.name,
            severity=d.severity or r.severity,
            message=d.message,
            hint=d.hint,
            data=d.data,
        )
        for r in rules
        for d in r.func(ctx)
    ]


def _is_unused(marker: Suppression, selected: list[str]) -> bool:
    """Unused, and provably so: a marker whose codes name no rule of this run (RC205
    while RC205 is off, Crossref codes offline) cannot be judged and is left alone —
    unless a code names no rule at all (a typo such as ``RC1O1``), which is reported."""
    if marker.used:
        return False
    if not marker.codes or unknown_codes(marker.codes):
        return True
    return any(any_matches(code, marker.codes) for code in selected)


def _markers(found: Analysis) -> list[Suppression]:
    """Suppression markers in every file of the document (its .bib files included)."""
    out: list[Suppression] = []
    for src in found.sources:
        if src.text and "refcheck:" in src.text:
            index = LineIndex(src.text, src.path)
            out += find_suppressions(code_view(src.text, src.kind), index, src.kind)
    return out


def _context(
    doc: Document,
    found: Analysis,
    matches: list[Match],
    verifications: list[Verification] | None,
    today: date,
) -> CheckContext:
    cited = _cited_entries(found, matches)
    parents = {found.crossref_parent[i] for i in cited if i in found.crossref_parent}
    return CheckContext(
        path=doc.path,
        citations=found.citations,
        matches=matches,
        references=found.references,
        has_reference_list=found.has_reference_list,
        list_only=found.list_only,
        today=today,
        verifications=verifications,
        database=frozenset(found.database),
        cite_all=found.cite_all,
        incomplete=found.incomplete,
        problems=found.problems,
        bib_entries=frozenset(found.bib_entries),
        scope=_scope(found, cited),
        used=frozenset(cited | parents),
    )


def _cited_entries(found: Analysis, matches: list[Match]) -> set[int]:
    """Entries of the bibliography files the document cites: those a citation reaches
    (resolved, or through a near miss or an ambiguity) and those ``nocite`` lists."""
    cited = {i for m in matches for i in m.refs if i in found.bib_entries}
    if found.nocite:
        cited.update(i for i in found.bib_entries if found.references[i].key in found.nocite)
    return cited


def _scope(found: Analysis, cited: set[int]) -> frozenset[int] | None:
    """What the entry rules judge: every entry when the file is checked on its own or
    the document cites everything (``\\nocite{*}``), else the entries printed in the
    document itself and the bibliography-file entries it cites."""
    if found.list_only or found.cite_all or not found.bib_entries:
        return None
    own = set(range(len(found.references))) - found.bib_entries
    return frozenset(own | cited)


def _verify(
    verifier: Verifier, found: Analysis, scope: frozenset[int] | None
) -> list[Verification]:
    """Crossref's verdicts for the entries in scope; the others are not looked up."""
    if scope is None:
        return verifier.verify(found.references)
    chosen = sorted(scope)
    got = dict(zip(chosen, verifier.verify([found.references[i] for i in chosen]), strict=True))
    return [got.get(i) or Verification("skipped") for i in range(len(found.references))]


def check_document(
    doc: Document,
    rules: list[Rule],
    today: date | None = None,
    verifier: Verifier | None = None,
    linker: Linker | None = None,
    bibs: list[str] | None = None,
) -> DocumentResult:
    """Run the selected rules over one decoded document.

    ``verifier`` is given only online; the entries are then verified once, before the
    rules run, so the Crossref rules stay pure functions of the context. ``bibs`` are
    extra .bib files (``--bib``) for documents that name none.
    """
    return evaluate(doc, analyse(doc, linker, bibs), rules, today, verifier)


def evaluate(
    doc: Document,
    found: Analysis,
    rules: list[Rule],
    today: date | None = None,
    verifier: Verifier | None = None,
) -> DocumentResult:
    """Verify (online), run the rules, apply the suppressions: the analysis's findings."""
    matches = match_citations(found.citations, ReferenceIndex(found.references))
    for cit, m in zip(found.citations, matches, strict=True):
        if m.status is Status.UNRESOLVED and cit.key in found.external_keys:
            m.status = Status.UNLISTED  # the build resolves it (Manubot's "@doi:…")
    verifications = None
    if verifier is not None and found.references and any(r.needs_crossref for r in rules):
        verifications = _verify(verifier, found, _scope(found, _cited_entries(found, matches)))
    ctx = _context(doc, found, matches, verifications, today or date.today())
    refs = found.references
    used = {(refs[i].span.path, refs[i].span.line) for i in ctx.used}
    cited = {(refs[i].span.path, refs[i].span.line) for m in matches for i in m.refs}
    last = [r for r in rules if r.after_suppressions]
    findings = _run_rules([r for r in rules if not r.after_suppressions], ctx)
    markers = _markers(found)
    findings = apply_suppressions(findings, markers)
    if last:
        selected = [r.code for r in rules]
        ctx.unused_suppressions = [m for m in markers if _is_unused(m, selected)]
        findings += _run_rules(last, ctx)
    findings.sort(key=Finding.sort_key)
    return DocumentResult(
        doc.path,
        found.citations,
        found.references,
        findings,
        found.has_reference_list,
        verifications,
        {s.path: s.text for s in found.sources if s.text},
        found.included,
        found.errors,
        found.warnings,
        used,
        cited,
    )


def run(
    paths: list[str],
    rules: list[Rule] | None = None,
    today: date | None = None,
    verifier: Verifier | None = None,
    exclude: list[str] | None = None,
    bibs: list[str] | None = None,
    stdin: tuple[str, bytes] | None = None,
    config_dir: str | None = None,
) -> RunResult:
    """Lint every file under ``paths``; unreadable files become ``errors``.

    ``exclude`` globs skip files found in folders (a file named explicitly is linted).
    A LaTeX file that another checked file ``\\input``s is checked as part of that
    document, not on its own (it has no bibliography of its own). ``stdin`` is the
    (name, bytes) of the document given as the path ``-``: an editor's unsaved buffer,
    read as if it were the file ``name`` (its kind, and the files it names, relative
    to that name), which need not exist. ``config_dir``, the folder of the configuration
    in use, is part of what decides each document's project root (``refcheck.project``):
    the files a document names are read only inside it; ``bibs`` (``--bib``) anywhere.
    """
    rules = select_rules() if rules is None else rules
    result = RunResult()
    files: list[str] = []
    seen: set[str] = set()
    from_folders: set[str] = set()  # found by searching a folder, not named
    linker = Linker(config_dir, bibs or ())
    for p in paths:
        if p == "-" and stdin is not None:
            if os.path.abspath(stdin[0]) not in seen:
                seen.add(os.path.abspath(stdin[0]))
                files.append(stdin[0])
            continue
        try:
            found = expand_paths([p], exclude or (), result.warnings, config_dir)
        except InputError as exc:
            result.errors.append(str(exc))
            continue
        scanned = os.path.isdir(p)
        if scanned:
            from_folders.update(os.path.abspath(f) for f in found)
        for f in found:
            if os.path.abspath(f) not in seen:  # "f.txt" and "./f.txt" are one file
                seen.add(os.path.abspath(f))
                files.append(f)
                if scanned:
                    linker.scan_dirs[os.path.abspath(f)] = p
    analysed: list[tuple[Document, Analysis]] = []
    for path in files:
        try:
            if stdin is not None and path == stdin[0]:
                doc = Document(path, decode(stdin[1], path), detect_kind(path))
            else:
                doc = load_document(path)
        except InputError as exc:
            result.errors.append(str(exc))
            continue
        analysed.append((doc, analyse(doc, linker, bibs)))
    # Only then are the roots known: a chapter is checked (and verified) with its document.
    included = {p for _, found in analysed for p in found.included}
    fragments: list[str] = []
    for doc, found in analysed:
        if os.path.abspath(doc.path) in included:
            continue
        if os.path.abspath(doc.path) in from_folders and is_fragment(doc):
            fragments.append(doc.path)  # a chapter left out, an old section, a partial
            continue
        checked = evaluate(doc, found, rules, today, verifier)
        result.documents.append(checked)
        result.errors.extend(e for e in checked.errors if e not in result.errors)
        result.warnings.extend(w for w in checked.warnings if w not in result.warnings)
    _unused_across_documents(result.documents)
    if fragments:
        shown = ", ".join(fragments[:5]) + (
            f" and {len(fragments) - 5} more" if len(fragments) > 5 else ""
        )
        result.warnings.append(
            f"skipped {len(fragments)} file{'s' if len(fragments) > 1 else ''} that no document "
            f"includes and that are no document of their own (LaTeX without \\documentclass, "
            f"Quarto/R Markdown partials named _*): {shown}"
        )
    return result


_DOCUMENTCLASS = re.compile(r"\\documentclass\b|\\begin\s*\{document\}")


def is_fragment(doc: Document) -> bool:
    """A file meant to be part of another: LaTeX without ``\\documentclass`` (a chapter
    or section for ``\\input``), a Quarto or R Markdown partial (``_name.qmd``)."""
    if doc.kind == "latex":
        return _DOCUMENTCLASS.search(mask_latex(doc.text)) is None
    name = os.path.basename(doc.path)
    return (
        doc.kind == "markdown" and name.startswith("_") and name.lower().endswith(PANDOC_SUFFIXES)
    )


def _unused_across_documents(documents: list[DocumentResult]) -> None:
    """An entry of a .bib shared by several documents of the run is unused (RC106)
    only when none of them uses it."""
    if len(documents) < 2:
        return
    used = {u for d in documents for u in d.used}
    for d in documents:
        d.findings = [
            f for f in d.findings if not (f.code == "RC106" and (f.span.path, f.span.line) in used)
        ]
