"""Verification against Crossref: the shared vocabulary of the client, comparison and rules.

This module is imported offline too (rules name these types), so it imports nothing
networked: the HTTP client lives in ``refcheck.crossref.client`` and is imported only
when a run is online.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Protocol

from refcheck.model import Reference
from refcheck.options import DEFAULT_URL


@dataclass(frozen=True, slots=True)
class CrossrefSettings:
    """How to reach Crossref; filled from CLI flags, environment and configuration."""

    base_url: str = DEFAULT_URL
    mailto: str | None = None
    cache_dir: str | None = None  # None: the platformdirs user cache folder
    cache_url: str | None = None  # redis://…: a cache and rate budget shared by a fleet
    use_cache: bool = True
    timeout: float = 10.0  # seconds per request
    deadline: float = 120.0  # seconds for all lookups of a run; the rest is unverified
    jobs: int = 3  # at most this many requests at once (Crossref allows 3 in the polite pool)
    progress: bool = False  # show progress on stderr
    progress_lines: bool = False  # as a line every few seconds (a CI log), not a bar


@dataclass(frozen=True, slots=True)
class FieldDiff:
    """One field that differs: ``volume differs from Crossref: '31' vs '30'``."""

    field: str
    entry: str
    crossref: str


@dataclass(slots=True)
class Verification:
    """What Crossref says about one entry.

    ``status`` is one of:
    - ``verified``: a record matches; ``differences`` lists fields that disagree;
    - ``not-found``: searched, and no record agrees with the entry well enough;
    - ``doi-not-found``: the entry's DOI is not registered;
    - ``doi-mismatch``: the DOI is registered but to another work (``record_title``);
    - ``unverified``: the lookup failed (``reason``): never a finding but RC390;
    - ``skipped``: nothing to look up (no title and no DOI).

    With the second sources there are also ``chimera`` (the title is a real work's,
    by other authors: ``evidence``), ``arxiv-mismatch`` / ``arxiv-not-found`` (the
    arXiv ``identifier`` is another paper / none) and ``isbn-mismatch``.
    """

    status: str
    searched: str = ""  # the DOI or the query, for messages
    doi: str | None = None  # the matched record's DOI
    differences: list[FieldDiff] = field(default_factory=list)
    record_title: str = ""
    retracted_by: str | None = None  # DOI of the retraction notice, if any
    reason: str = ""
    # Set when the second sources (refcheck.sources) took part; Crossref alone leaves
    # the defaults, and the rules then read the verdict as before.
    source: str = "crossref"  # which source the verdict rests on
    asked: tuple[str, ...] = ()  # sources that answered about this entry
    failed: dict[str, str] = field(default_factory=dict)  # source → why it failed
    # A "not-found": True when every source covering the entry answered (a warning),
    # False when not (a note); None leaves RC301 to decide by the entry's kind.
    conclusive: bool | None = None
    evidence: str = ""  # the other work, for identifier mismatches and chimeras
    identifier: str = ""  # the arXiv id or ISBN a status is about


class Verifier(Protocol):
    """Anything that verifies a document's entries (the client, or a fake in tests)."""

    def verify(self, refs: list[Reference]) -> list[Verification]:
        """One ``Verification`` per entry, in order."""
        ...
