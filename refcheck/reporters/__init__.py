"""Reporters: turn sorted findings into text for a terminal, JSON, CI annotations.

They format and write; they decide nothing. Each takes the same ``Report`` so the CLI
can pick one by name.
"""

from __future__ import annotations

from dataclasses import dataclass, field

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
    # Files or bibliographies that could not be read: told on stderr, and carried in
    # the machine formats too, since CI may keep only stdout.
    errors: list[str] = field(default_factory=list)

    def counts(self) -> dict[str, int]:
        out = {s.value: 0 for s in Severity}
        for f in self.findings:
            out[f.severity.value] += 1
        return out


__all__ = ["Finding", "Reference", "Report"]
