"""Reporters: turn sorted findings into text for a terminal, JSON, CI annotations.

They format and write; they decide nothing. Each takes the same ``Report`` so the CLI
can pick one by name. ``source_root`` and ``relative_path`` are how the CI formats name
files: relative to the repository, whatever folder refcheck ran in.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from refcheck.model import Finding, Reference, Severity


@dataclass(slots=True)
class Report:
    """What every reporter is given."""

    findings: list[Finding]
    files: int
    citations: int
    references: int
    verified: int = 0
    unverified: int = 0
    cited: int = 0  # entries some citation reaches
    # Files or bibliographies that could not be read: told on stderr, and carried in
    # the machine formats too, since CI may keep only stdout.
    errors: list[str] = field(default_factory=list)
    # The text of every file read (path → text): source lines, fingerprints.
    texts: dict[str, str] = field(default_factory=dict)
    # The folder the CI formats name files relative to (see ``source_root``).
    root: str = ""

    def counts(self) -> dict[str, int]:
        out = {s.value: 0 for s in Severity}
        for f in self.findings:
            out[f.severity.value] += 1
        return out


def source_root(cwd: str | None = None) -> str:
    """The folder paths in GitHub annotations and SARIF are relative to.

    GitHub resolves both against the repository checkout, not against the step's
    ``working-directory``: so ``GITHUB_WORKSPACE`` when it is set, else the enclosing
    git work tree (a ``.git`` folder or file), else the current folder.
    """
    workspace = os.environ.get("GITHUB_WORKSPACE")
    if workspace and os.path.isdir(workspace):
        return os.path.realpath(workspace)
    here = Path(os.path.realpath(cwd or os.getcwd()))
    for folder in (here, *here.parents):
        if (folder / ".git").exists():
            return str(folder)
    return str(here)


def relative_path(path: str, root: str) -> str | None:
    """``path`` relative to ``root`` with ``/`` separators, or None when outside it."""
    full = os.path.realpath(path)
    try:
        rel = os.path.relpath(full, root)
    except ValueError:  # another drive (Windows)
        return None
    if rel == os.pardir or rel.startswith(os.pardir + os.sep) or os.path.isabs(rel):
        return None
    return rel.replace(os.sep, "/")


__all__ = ["Finding", "Reference", "Report", "relative_path", "source_root"]
