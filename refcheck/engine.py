"""The one place that runs the pipeline: load, extract, parse, match, rules, sort.

``check_document`` is pure (text in, findings out) so tests and property tests can
drive the whole pipeline without files; ``run`` adds the file handling and keeps going
past unreadable files so one bad file does not hide the findings of the others.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from refcheck.crossref import Verification, Verifier
from refcheck.extract.author_date import extract_author_date
from refcheck.loaders import Document, InputError, expand_paths, load_document
from refcheck.markup import code_view, comments_view, prose_view
from refcheck.matching import ReferenceIndex, match_citations
from refcheck.model import Citation, Finding, Reference
from refcheck.names import family_keys
from refcheck.references.reflist import parse_reference_list
from refcheck.rules import CheckContext, Rule, select_rules
from refcheck.suppress import Suppression, apply_suppressions, find_suppressions
from refcheck.text import LineIndex

UNUSED_SUPPRESSION = "RC901"


@dataclass(slots=True)
class DocumentResult:
    path: str
    citations: list[Citation]
    references: list[Reference]
    findings: list[Finding]
    has_reference_list: bool
    verifications: list[Verification] | None = None
    text: str = ""  # the decoded document, for baselines


@dataclass(slots=True)
class RunResult:
    documents: list[DocumentResult] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    def texts(self) -> dict[str, str]:
        return {d.path: d.text for d in self.documents}

    @property
    def findings(self) -> list[Finding]:
        out = [f for d in self.documents for f in d.findings]
        out.sort(key=Finding.sort_key)
        return out


def _blank_lines(text: str, index: LineIndex, first: int, end: int) -> str:
    """``text`` with 1-based lines ``[first, end)`` blanked (same length)."""
    start = index.line_start(first)
    stop = index.line_start(end) if end <= index.line_count else len(text)
    return text[:start] + re.sub(r"[^\n]", " ", text[start:stop]) + text[stop:]


def analyse(
    doc: Document, index: LineIndex | None = None
) -> tuple[list[Citation], list[Reference], bool, bool]:
    """Citations, references, whether a list was found, and whether the file is only a list."""
    index = index or LineIndex(doc.text, doc.path)
    section = parse_reference_list(comments_view(doc.text, doc.kind), index, doc.kind)
    prose = prose_view(doc.text, doc.kind)
    refs: list[Reference] = []
    list_only = False
    if section is not None:
        refs = section.entries
        prose = _blank_lines(prose, index, section.heading_line, section.end_line)
        list_only = not prose.strip()
    citations = extract_author_date(prose, index)
    if any(c.tentative for c in citations):
        known = {k for r in refs if r.authors for k in family_keys(r.authors[0].family)}
        citations = [
            c
            for c in citations
            if not c.tentative or (c.authors and not known.isdisjoint(family_keys(c.authors[0])))
        ]
    return citations, refs, section is not None, list_only


def check_document(
    doc: Document,
    rules: list[Rule],
    today: date | None = None,
    verifier: Verifier | None = None,
) -> DocumentResult:
    """Run the selected rules over one decoded document.

    ``verifier`` is given only online; the entries are then verified once, before the
    rules run, so the Crossref rules stay pure functions of the context.
    """
    index = LineIndex(doc.text, doc.path)
    citations, refs, has_list, list_only = analyse(doc, index)
    verifications = None
    if verifier is not None and refs and any(r.needs_crossref for r in rules):
        verifications = verifier.verify(refs)
    matches = match_citations(citations, ReferenceIndex(refs))
    ctx = CheckContext(
        path=doc.path,
        citations=citations,
        matches=matches,
        references=refs,
        has_reference_list=has_list,
        list_only=list_only,
        today=today or date.today(),
        verifications=verifications,
    )
    last = [r for r in rules if r.code == UNUSED_SUPPRESSION]
    findings = _run_rules([r for r in rules if r.code != UNUSED_SUPPRESSION], ctx)
    markers = find_suppressions(code_view(doc.text, doc.kind), index, doc.kind)
    findings = apply_suppressions(findings, markers)
    if last:
        selected = [r.code for r in rules]
        ctx.unused_suppressions = [m for m in markers if _is_unused(m, selected)]
        findings += _run_rules(last, ctx)
    findings.sort(key=Finding.sort_key)
    return DocumentResult(doc.path, citations, refs, findings, has_list, verifications, doc.text)


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
    while RC205 is off, Crossref codes offline) cannot be judged and is left alone."""
    if marker.used:
        return False
    if not marker.codes:
        return True
    return any(code.startswith(c) for c in marker.codes for code in selected)


def run(
    paths: list[str],
    rules: list[Rule] | None = None,
    today: date | None = None,
    verifier: Verifier | None = None,
    exclude: list[str] | None = None,
) -> RunResult:
    """Lint every file under ``paths``; unreadable files become ``errors``.

    ``exclude`` globs skip files found in folders (a file named explicitly is linted).
    """
    rules = select_rules() if rules is None else rules
    result = RunResult()
    files: list[str] = []
    for p in paths:
        try:
            files.extend(f for f in expand_paths([p], exclude or ()) if f not in files)
        except InputError as exc:
            result.errors.append(str(exc))
    for path in files:
        try:
            doc = load_document(path)
        except InputError as exc:
            result.errors.append(str(exc))
            continue
        result.documents.append(check_document(doc, rules, today, verifier))
    return result
