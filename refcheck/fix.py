"""``--fix`` and ``--diff``: the fixes that are certain, and nothing else.

A fix is offered only where refcheck knows the one right edit, and it touches only the
characters it must:

- RC103: the citation's year becomes the year of the entry it names, when the list
  gives that author exactly one such year (the edit replaces the year's characters in
  the citation, nothing around them);
- RC205: the entries of the list are put in order, when every entry has an author and
  nothing but the entries and blank lines stands between the first and the last (a
  marker or a note in the list makes the order uncertain: no fix); whole entries move,
  their text unchanged;
- RC305: Crossref's DOI is added to an entry that gives none: at the end of a
  free-text entry, in the form the other entries of the list use (``https://doi.org/…``
  unless they write ``doi:…``), or as a ``doi`` field of a BibTeX entry in the entry's
  own layout; not to an entry that gives a URL, nor to LaTeX ``\\bibitem``s or CSL JSON;
- RC901: an unused suppression marker is removed (its line too, when nothing else is
  on it); not a marker whose code is unknown, which may be a typo for a real one.

Edits are offsets into the decoded text (``\\n`` line ends), mapped back to the file's
own line ends and byte-order mark when written, so a CRLF file stays CRLF. Edits that
overlap are applied one per round: the CLI lints again and fixes what is left, until
nothing is (a second run then finds nothing to fix).
"""

from __future__ import annotations

import difflib
import os
from bisect import bisect_right
from collections.abc import Iterable
from dataclasses import dataclass
from itertools import pairwise

from refcheck import lazyre as re
from refcheck.model import Finding, Reference
from refcheck.text import LineIndex

FIXABLE = frozenset({"RC103", "RC205", "RC305", "RC901"})
_LINE_END = re.compile(r"\r\n|\r|\n")


@dataclass(frozen=True, slots=True, order=True)
class Edit:
    """Replace ``text[start:end]`` of the file ``path`` (decoded, ``\\n`` line ends)."""

    path: str
    start: int
    end: int
    text: str


@dataclass(frozen=True, slots=True)
class Fix:
    finding: Finding
    edits: tuple[Edit, ...]


@dataclass(slots=True)
class Sources:
    """What the fixes are computed from: each file's text, each document's entries."""

    texts: dict[str, str]
    references: dict[str, list[Reference]]  # document path → its entries, in order


def plan(findings: Iterable[Finding], sources: Sources) -> list[Fix]:
    """A fix for every finding that has a certain one, in finding order."""
    out = []
    for f in findings:
        edits = _edits(f, sources) if f.code in FIXABLE else None
        if edits:
            out.append(Fix(f, tuple(edits)))
    return out


def _edits(f: Finding, src: Sources) -> list[Edit] | None:
    text = src.texts.get(f.span.path)
    if text is None:
        return None
    index = LineIndex(text, f.span.path)
    if f.code == "RC103":
        return _year(f, text, index)
    if f.code == "RC305":
        return _doi(f, text, index, src.references.get(f.span.path, []))
    if f.code == "RC205":
        return _order(f, text, index, src.references.get(f.span.path, []))
    if f.code == "RC901":
        return _marker(f, text, index)
    return None


def _offsets(index: LineIndex, line: int, column: int, end_line: int, end_column: int):
    return index.line_start(line) + column - 1, index.line_start(end_line) + end_column - 1


def _year(f: Finding, text: str, index: LineIndex) -> list[Edit] | None:
    cited, listed = f.data.get("cited", ""), f.data.get("listed", "")
    if not cited or not re.fullmatch(r"(?:1\d|2\d)\d\d[a-z]?", listed or ""):
        return None  # several listed years ("1987a, 1987b"), or "in press": not certain
    s = f.span
    start, end = _offsets(index, s.line, s.column, s.end_line, s.end_column)
    year = re.compile(rf"(?<!\d){re.escape(cited)}(?![\da-z])")
    found = [m.start() for m in year.finditer(text, start, end)]
    if len(found) != 1:
        return None  # the year is not in the citation's own text (a year list): not certain
    at = found[0]
    return [Edit(s.path, at, at + len(cited), listed)]


_DOI_FORMS = (
    (re.compile(r"https?://(?:dx\.)?doi\.org/10\.", re.I), "https://doi.org/{}"),
    (re.compile(r"\bdoi:\s?10\.", re.I), "doi:{}"),
)


def _doi_form(refs: list[Reference]) -> str:
    """How the list writes DOIs: the commoner of the two forms, else the URL (APA 7)."""
    counts = [sum(bool(p.search(r.raw)) for r in refs) for p, _ in _DOI_FORMS]
    return _DOI_FORMS[1][1] if counts[1] > counts[0] else _DOI_FORMS[0][1]


def _doi(f: Finding, text: str, index: LineIndex, refs: list[Reference]) -> list[Edit] | None:
    doi = f.data.get("doi")
    ref = next((r for r in refs if r.span == f.span), None)
    if not doi or ref is None or ref.doi or ref.url:
        return None
    path = f.span.path.lower()
    if path.endswith(".bib"):
        return _bib_doi(f, text, index, doi)
    if not path.endswith((".txt", ".text", ".md", ".markdown", ".mdown", ".qmd", ".rmd")):
        return None
    s = f.span
    _, end = _offsets(index, s.line, s.column, s.end_line, s.end_column)
    before = text[:end].rstrip()
    end = len(before)
    same_doc = [r for r in refs if r.span.path == f.span.path]
    added = _doi_form(same_doc).format(doi)
    sep = " " if before.endswith((".", "!", "?")) else ". "
    return [Edit(s.path, end, end, sep + added)]


_FIELD = re.compile(r"^(?P<indent>[ \t]*)(?P<name>\w[\w-]*)(?P<eq>\s*=\s*)(?P<open>[{\"])", re.M)


def _bib_doi(f: Finding, text: str, index: LineIndex, doi: str) -> list[Edit] | None:
    """A ``doi`` field before the entry's closing brace, laid out like its other fields."""
    start = index.line_start(f.span.line) + f.span.column - 1
    m = re.compile(r"@\w+\s*([{(])").match(text, start)
    if not m:
        return None
    close = _closing(text, m.end(), m.group(1))
    if close is None:
        return None
    body = text[m.end() : close]
    fields = list(_FIELD.finditer(body))
    if not fields:
        return None
    last = fields[-1]
    name = "DOI" if last.group("name").isupper() else "doi"
    closer = "}" if last.group("open") == "{" else '"'
    end = m.end() + len(body.rstrip())
    comma = text[end - 1] == ","
    indent = last.group("indent") or "  "
    eq = last.group("eq")
    before_eq = eq[: eq.index("=")]
    if len(before_eq) > 1:  # fields aligned on "=": align this one too
        name = name.ljust(len(last.group("name")) + len(before_eq))
        eq = eq[eq.index("=") :]
    field = f"{indent}{name}{eq}{last.group('open')}{doi}{closer}"
    insert = ("" if comma else ",") + "\n" + field + ("," if comma else "")
    return [Edit(f.span.path, end, end, insert)]


def _closing(text: str, pos: int, opener: str) -> int | None:
    """The offset of the brace (or parenthesis) closing a BibTeX entry."""
    closer = "}" if opener == "{" else ")"
    depth = 0
    for i in range(pos, len(text)):
        ch = text[i]
        if ch == "{":
            depth += 1
        elif ch == "}" and depth:
            depth -= 1
        elif ch == closer and depth == 0:
            return i
        elif ch == "@" and depth == 0 and text[i - 1] == "\n":
            return None  # the next entry starts: this one is not closed
    return None


_BULLET = re.compile(r"[ \t]*(?:[-*+][ \t]+)?")


def _order(f: Finding, text: str, index: LineIndex, refs: list[Reference]) -> list[Edit] | None:
    from refcheck.rules.entries import _sort_key  # the rule's own order, so it cannot drift

    own = [r for r in refs if r.span.path == f.span.path and r.number is None and not r.key]
    if (
        len(own) < 2
        or not all(r.authors for r in own)
        or len(own) != len([r for r in refs if r.span.path == f.span.path])
    ):
        return None
    blocks: list[tuple[int, int]] = []
    for r in own:
        s = r.span
        first = index.line_start(s.line)
        start, end = _offsets(index, s.line, s.column, s.end_line, s.end_column)
        line_end = text.find("\n", end)
        line_end = len(text) if line_end == -1 else line_end
        if not _BULLET.fullmatch(text[first:start]) or text[end:line_end].strip():
            return None  # something else shares the entry's lines
        blocks.append((first, line_end))
    for (_, a_end), (b_start, _) in pairwise(blocks):
        if a_end > b_start or text[a_end:b_start].strip():
            return None  # a marker, a note or a heading between entries
    order = sorted(range(len(own)), key=lambda i: _sort_key(own[i]))
    if order == list(range(len(own))):
        return None
    pieces: list[str] = []
    for slot, i in enumerate(order):
        pieces.append(text[blocks[i][0] : blocks[i][1]])
        if slot + 1 < len(blocks):
            pieces.append(text[blocks[slot][1] : blocks[slot + 1][0]])  # the gaps stay
    start, end = blocks[0][0], blocks[-1][1]
    return [Edit(f.span.path, start, end, "".join(pieces))]


def _marker(f: Finding, text: str, index: LineIndex) -> list[Edit] | None:
    if "codes" not in f.data or f.data.get("unknown"):
        return None  # an unknown code may be a typo for a real one: not certain
    s = f.span
    start, end = _offsets(index, s.line, s.column, s.end_line, s.end_column)
    first = index.line_start(s.line)
    line_end = text.find("\n", end)
    line_end = len(text) if line_end == -1 else line_end
    before, after = text[first:start], text[end:line_end]
    if not before.strip() and not after.strip():
        stop = line_end + 1 if line_end < len(text) else line_end
        return [Edit(s.path, first, stop, "")]  # the marker's own line
    if after.strip() and not text.startswith("<!--", start):
        return None  # a LaTeX or BibTeX comment that goes on: its rest would become text
    if not before.strip():
        trail = len(after) - len(after.lstrip(" \t"))
        return [Edit(s.path, start, end + trail, "")]
    lead = len(before) - len(before.rstrip(" \t"))
    return [Edit(s.path, start - lead, end, "")]


def apply(text: str, edits: Iterable[Edit]) -> tuple[str, list[Edit]]:
    """``text`` with the edits that do not overlap an earlier one; and those applied."""
    chosen: list[Edit] = []
    for e in sorted(edits, key=lambda e: (e.start, e.end)):
        if chosen and e.start < chosen[-1].end:
            continue
        if chosen and e.start == chosen[-1].end == chosen[-1].start:
            continue  # two insertions at one point: order unknown, next round
        chosen.append(e)
    out, pos = [], 0
    for e in chosen:
        out += [text[pos : e.start], e.text]
        pos = e.end
    out.append(text[pos:])
    return "".join(out), chosen


def to_source(original: str, normalised: str, edits: list[Edit]) -> str:
    """Apply edits made on ``normalised`` (``\\n`` line ends) to ``original`` (the file's
    own line ends, BOM already removed), so that no other character changes."""
    orig_starts = [0] + [m.end() for m in _LINE_END.finditer(original)]
    norm_starts = LineIndex(normalised)._starts
    if len(orig_starts) != len(norm_starts):
        raise ValueError("the file changed while it was checked")
    ends = {m.group() for m in _LINE_END.finditer(original)}
    newline = ends.pop() if len(ends) == 1 else "\n"
    if ends and any("\n" in e.text for e in edits):
        raise ValueError("the file mixes line ends; fix it by hand")

    def mapped(offset: int) -> int:
        line = bisect_right(norm_starts, offset) - 1
        return orig_starts[line] + offset - norm_starts[line]

    shifted = [
        Edit(e.path, mapped(e.start), mapped(e.end), e.text.replace("\n", newline)) for e in edits
    ]
    return apply(original, shifted)[0]


def _lines(text: str) -> list[str]:
    return text.split("\n")


def unified_diff(path: str, before: str, after: str) -> str:
    """A ``git diff``-style patch of one file (decoded texts, ``\n`` line ends): ``a/``
    and ``b/`` before a relative path, so ``git apply`` takes it."""
    old, new = (path, path) if os.path.isabs(path) else (f"a/{path}", f"b/{path}")
    out = difflib.unified_diff(_lines(before), _lines(after), old, new, lineterm="")
    return "".join(line + "\n" for line in out)
