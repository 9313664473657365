"""Repository policy from the configuration: per-file ignores and severity overrides.

Applied to the findings after the rules and the inline suppressions, so a rule's code
stays the same everywhere and only what is reported (and how severely) changes.
"""

from __future__ import annotations

import fnmatch
import os
from dataclasses import replace
from pathlib import PurePosixPath

from refcheck.codes import any_matches, code_matches
from refcheck.model import Finding, Severity


def _matches(path: str, pattern: str, root: str) -> bool:
    """Glob against the path relative to the configuration's folder, or its tail."""
    rel = os.path.relpath(os.path.abspath(path), root).replace(os.sep, "/")
    return fnmatch.fnmatch(rel, pattern) or PurePosixPath(rel).match(pattern)


def apply_policy(
    findings: list[Finding],
    per_file_ignores: dict[str, list[str]],
    severity: dict[str, Severity],
    root: str,
) -> list[Finding]:
    out = []
    for f in findings:
        ignored = any(
            any_matches(f.code, codes)
            for pattern, codes in per_file_ignores.items()
            if _matches(f.span.path, pattern, root)
        )
        if ignored:
            continue
        override = _override(f.code, severity)
        out.append(replace(f, severity=override) if override else f)
    return out


def _override(code: str, severity: dict[str, Severity]) -> Severity | None:
    """The severity set for ``code``: the most specific pattern wins (RC201 over RC2)."""
    named = [p for p in severity if code_matches(code, p)]
    if not named:
        return None
    return severity[max(named, key=lambda p: (p != "ALL", len(p)))]
