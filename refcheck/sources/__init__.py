"""Second verification sources beside Crossref: names, defaults and settings.

refcheck asks Crossref about every entry; the sources here answer for what Crossref
cannot: arXiv preprints (arXiv), computer-science proceedings (DBLP), datasets and
software with DataCite DOIs (DataCite), books by ISBN or title (Open Library), and works
of any kind by DOI (OpenAlex; by search too when an API key is given).

This module is imported offline too (the CLI validates ``--sources`` with it), so it
imports nothing networked: the clients live in ``refcheck.sources.client`` and the
per-source modules, imported only when a run is online.
"""

from __future__ import annotations

from dataclasses import dataclass, field

CROSSREF = "crossref"
OPENALEX = "openalex"
DATACITE = "datacite"
ARXIV = "arxiv"
DBLP = "dblp"
OPENLIBRARY = "openlibrary"

# Every source, in the order their answers are preferred when several find a work:
# the registration agencies' own records first, then the curated indexes.
SOURCE_NAMES = (CROSSREF, DATACITE, ARXIV, DBLP, OPENALEX, OPENLIBRARY)
# None of them needs a key, so all are asked by default (OpenAlex searches only with
# a key; its DOI lookups are free without one).
DEFAULT_SOURCES = SOURCE_NAMES
LABELS = {
    CROSSREF: "Crossref",
    OPENALEX: "OpenAlex",
    DATACITE: "DataCite",
    ARXIV: "arXiv",
    DBLP: "DBLP",
    OPENLIBRARY: "Open Library",
}
DEFAULT_URLS = {
    OPENALEX: "https://api.openalex.org",
    DATACITE: "https://api.datacite.org",
    ARXIV: "https://export.arxiv.org",
    DBLP: "https://dblp.org",
    OPENLIBRARY: "https://openlibrary.org",
}
# ``REFCHECK_<NAME>_URL`` points a source at a mirror or a test server.
URL_ENV = {name: f"REFCHECK_{name.upper()}_URL" for name in DEFAULT_URLS}
OPENALEX_KEY_ENV = "OPENALEX_API_KEY"


class SourcesError(ValueError):
    """A ``--sources`` value naming no source."""


def parse_sources(values: list[str] | tuple[str, ...] | str) -> tuple[str, ...]:
    """``"crossref, dblp"`` or ``["crossref", "dblp"]`` → the names, in preference order.

    Unknown names raise ``SourcesError`` (a usage error, exit 2); ``all`` means every
    source. An empty selection is refused: ``--offline`` is the way to ask none.
    """
    items = [values] if isinstance(values, str) else list(values)
    names: set[str] = set()
    for item in items:
        for part in item.split(","):
            name = part.strip().lower().replace(" ", "").replace("-", "")
            if not name:
                continue
            if name == "all":
                names.update(SOURCE_NAMES)
            elif name in SOURCE_NAMES:
                names.add(name)
            else:
                known = ", ".join(SOURCE_NAMES)
                raise SourcesError(f"unknown source {part.strip()!r} (known: {known}, all)")
    if not names:
        raise SourcesError("no source named (use --offline to verify against none)")
    return tuple(n for n in SOURCE_NAMES if n in names)


def label_list(names: list[str] | tuple[str, ...] | set[str], joiner: str = " or ") -> str:
    """``["crossref", "dblp"]`` → ``"Crossref or DBLP"``, in preference order."""
    ordered = [LABELS[n] for n in SOURCE_NAMES if n in names]
    if len(ordered) <= 2:
        return joiner.join(ordered)
    return ", ".join(ordered[:-1]) + joiner + ordered[-1]


@dataclass(frozen=True, slots=True)
class SourceSettings:
    """How to reach the second sources; filled from CLI flags, environment and config."""

    names: tuple[str, ...] = DEFAULT_SOURCES
    urls: dict[str, str] = field(default_factory=lambda: dict(DEFAULT_URLS))
    mailto: str | None = None
    openalex_key: str | None = None
    cache_dir: str | None = None
    use_cache: bool = True
    timeout: float = 10.0
    deadline: float = 120.0
    progress: bool = False  # show progress on stderr (as the Crossref client does)
    progress_lines: bool = False  # as plain lines (a CI log), not a bar

    def uses(self, name: str) -> bool:
        return name in self.names


@dataclass(slots=True)
class Answer:
    """What one source said to one lookup for one entry.

    ``lookup`` is ``doi``, ``arxiv``, ``isbn``, ``search`` or ``venue``; ``asked`` is
    what was asked, for messages. ``records`` are Crossref-shaped
    (``refcheck.sources.records``): for an identifier, the one record it names, or none
    when the source has no such identifier. ``error`` set means the lookup failed, and
    ``records`` mean nothing: such an answer is never evidence, only RC390.
    """

    source: str
    lookup: str
    asked: str
    records: list[dict[str, object]] = field(default_factory=list)
    error: str = ""
    total: int = 0  # venue listings: how many works the venue-year holds in all

    @property
    def answered(self) -> bool:
        return not self.error
