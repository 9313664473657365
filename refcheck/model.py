"""The data that flows through the pipeline: spans, citations, entries, findings.

Everything here is a plain dataclass so that rules stay pure functions over values and
reporters can serialise without knowing where a value came from.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any


class Severity(StrEnum):
    """Finding severities, named as SARIF levels so reporters map them one to one."""

    ERROR = "error"
    WARNING = "warning"
    NOTE = "note"

    @property
    def rank(self) -> int:
        """Higher is more severe; used by ``--fail-on``."""
        return {"note": 1, "warning": 2, "error": 3}[self.value]


@dataclass(frozen=True, slots=True, order=True)
class Span:
    """A region of a file. 1-based lines and columns; columns count code points.

    ``end_column`` is exclusive, like SARIF's ``endColumn``.
    """

    path: str
    line: int
    column: int
    end_line: int
    end_column: int


@dataclass(frozen=True, slots=True)
class Name:
    """A personal or corporate name as printed; ``given`` is empty for organisations."""

    family: str
    given: str = ""


@dataclass(slots=True)
class Citation:
    """One in-text citation of one work.

    A group such as ``(Walt, 1985, 1987; Jervis, 1978)`` yields three citations; each
    carries the span of its own part so a finding points at the exact work cited.
    """

    span: Span
    style: str  # "author-date", "numeric", "latex", "pandoc"
    raw: str
    authors: tuple[str, ...] = ()  # family names as written, in order
    et_al: bool = False
    year: str | None = None  # "1978", "n.d.", "in press"
    suffix: str = ""  # the "a" of "2014a"
    key: str | None = None
    number: int | None = None
    locator: str | None = None
    narrative: bool = False
    # Set by the extractor when the text alone does not prove this is a citation
    # ("the Founding Act (1997)"); the engine keeps such a candidate only if its
    # author names an entry of the reference list.
    tentative: bool = False


# The confidence below which a field's reading is too uncertain for a rule to report on
# it (``Reference.sure``): one floor for a value read (RC202, RC206, RC302, RC304 judge
# it) and one for a field found absent (RC201 calls it missing). Chosen on the parser's
# dev data with benchmarks/confidence_thresholds.py, which prints for each threshold how
# many would-be false findings it silences and how many true ones it loses.
DEFAULT_FLOOR = 0.8
CONFIDENCE_FLOOR: dict[str, float] = {
    "authors": 0.9,
    "year": 0.9,
    "title": 0.9,
    "container": 0.9,
}
ABSENT_FLOOR: dict[str, float] = {
    "authors": 0.9,
    "year": 0.9,
    "title": 0.95,
    "container": 0.9,
    "pages": 0.9,
    "publisher": 0.9,
}


@dataclass(slots=True)
class Reference:
    """One entry of a reference list, parsed into fields.

    ``kind`` is article, book, chapter, conference, report, thesis, web, preprint or
    unknown. Fields the entry does not give are ``None`` (or empty for authors).
    """

    span: Span
    raw: str
    kind: str = "unknown"
    authors: list[Name] = field(default_factory=list)
    year: str | None = None  # four digits, or "n.d." / "in press"
    suffix: str = ""
    title: str | None = None
    container: str | None = None
    volume: str | None = None
    issue: str | None = None
    pages: str | None = None
    publisher: str | None = None
    doi: str | None = None
    url: str | None = None
    key: str | None = None
    number: int | None = None
    isbn: str | None = None
    editors: list[Name] = field(default_factory=list)
    et_al: bool = False  # the printed author list ends in "et al." / "..."
    # Dated to the month or day ("2019, December 5"): a newspaper, magazine or web piece,
    # which has no volume.
    dated_by_day: bool = False
    # BibTeX entries: the line of each field, so a finding about a field points at it.
    field_lines: dict[str, int] = field(default_factory=dict)
    # A publication state printed in the entry: "in press", "advance online publication",
    # "epub ahead of print", "forthcoming", "online first" - accepted or online-first
    # work that has no volume and pages yet (whatever year it gives).
    pub_state: str | None = None
    # Free-text entries read by the labeller: place of publication and edition as printed.
    location: str | None = None
    edition: str | None = None
    # How sure the labeller is of each field it read (and of each it found absent), from
    # 0 to 1, keyed by field name ("authors", "year", "pages", ...). Empty when the entry
    # was not labelled (BibTeX, CSL JSON): those fields are as certain as their source.
    # Not part of the JSON output; rules read it through ``Reference.sure``.
    confidence: dict[str, float] = field(default_factory=dict)

    def sure(self, name: str) -> bool:
        """Whether the reading of field ``name`` (its value, or that it is absent) is
        certain enough for a rule to report on it. Entries that were not labelled
        (BibTeX, CSL JSON) have no confidences and are always sure."""
        value = self.confidence.get(name)
        if value is None:
            return True
        floors = CONFIDENCE_FLOOR if getattr(self, name, None) else ABSENT_FLOOR
        return value >= floors.get(name, DEFAULT_FLOOR)

    def field_span(self, name: str) -> Span:
        """The span of field ``name`` (its line in a .bib), else the entry's own span."""
        line = self.field_lines.get(name)
        if line is None:
            return self.span
        return Span(self.span.path, line, 1, line, 2)

    def to_json(self) -> dict[str, Any]:
        """The ``--list-references --format json`` shape (docs/usage.md)."""
        return {
            "path": self.span.path,
            "line": self.span.line,
            "raw": self.raw,
            "kind": self.kind,
            "authors": [{"family": a.family, "given": a.given} for a in self.authors],
            "year": self.year,
            "suffix": self.suffix,
            "title": self.title,
            "container": self.container,
            "volume": self.volume,
            "issue": self.issue,
            "pages": self.pages,
            "publisher": self.publisher,
            "doi": self.doi,
            "url": self.url,
            "key": self.key,
            "number": self.number,
        }


@dataclass(frozen=True, slots=True)
class Finding:
    """One reported problem. Sorted by path, line, column, code for stable output."""

    span: Span
    code: str
    name: str
    severity: Severity
    message: str
    hint: str = ""
    data: dict[str, Any] = field(default_factory=dict)

    def sort_key(self) -> tuple[str, int, int, str, str]:
        return (self.span.path, self.span.line, self.span.column, self.code, self.message)
