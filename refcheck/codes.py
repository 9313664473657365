"""How a rule code is named in selections, ignores, markers and overrides.

``RC1`` names every rule whose code starts with it, ``RC101`` one rule, ``ALL`` every
rule. One definition, so a marker, a per-file ignore and ``--select`` agree.
"""

from __future__ import annotations

from collections.abc import Iterable


def code_matches(code: str, pattern: str) -> bool:
    """Whether ``pattern`` (``ALL``, a prefix, or a whole code) names ``code``."""
    return pattern == "ALL" or code.startswith(pattern)


def parse_codes(values: Iterable[str]) -> list[str]:
    """``["rc1, RC201", "RC3"]`` → ``["RC1", "RC201", "RC3"]``: as the command line and
    the configuration write them."""
    return [c.strip().upper() for v in values for c in v.split(",") if c.strip()]


def any_matches(code: str, patterns: Iterable[str]) -> bool:
    return any(code_matches(code, p) for p in patterns)
