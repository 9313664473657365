"""Loading a BibTeX file into ``Reference`` values, with problems and positions.

pybtex does the parsing (in capture mode, so it never raises or prints: every error it
would report is collected and turned into a ``BibProblem``). pybtex keeps no source
positions beyond a syntax error's line, so a light scan of the text finds the line of
each ``@type{key,`` and of each ``field =`` inside it; rules report a missing or
malformed field at those lines.

``parse_bib`` is pure; reading and decoding the file is the loaders' job (the run's
``analysis.Linker`` reads each .bib once).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pybtex.errors
from pybtex.database import BibliographyData, Entry, Person
from pybtex.database.input.bibtex import Parser
from pybtex.scanner import PybtexSyntaxError

from refcheck import doi
from refcheck import lazyre as re
from refcheck.latex_text import latex_to_text
from refcheck.markup import blank
from refcheck.model import Name, Reference, Span
from refcheck.text import LineIndex

__all__ = [
    "BibProblem",
    "BibResult",
    "entry_kind",
    "parse_bib",
]


@dataclass(frozen=True, slots=True)
class BibProblem:
    """A syntax error or duplicate in a .bib file: 1-based line and column (RC003)."""

    line: int
    column: int
    message: str


@dataclass(slots=True)
class BibResult:
    """Everything read from one .bib file.

    ``references`` are in file order, one per entry pybtex accepted (a duplicate key
    keeps the first). ``entry_types[key]`` is the lower-cased BibTeX type (``article``)
    and ``field_lines[key][field]`` the 1-based line where a (lower-cased) field starts,
    for RC201/RC202 spans. ``problems`` are sorted by position.
    """

    path: str
    references: list[Reference] = field(default_factory=list)
    problems: list[BibProblem] = field(default_factory=list)
    entry_types: dict[str, str] = field(default_factory=dict)
    field_lines: dict[str, dict[str, int]] = field(default_factory=dict)
    # Entry key → the key of the entry its ``crossref`` names (both as written).
    crossrefs: dict[str, str] = field(default_factory=dict)


# ------------------------------------------------------------------------ the mapping

_KINDS = {
    "article": "article",
    "book": "book",
    "booklet": "book",
    "mvbook": "book",
    "proceedings": "book",
    "collection": "book",
    "inbook": "chapter",
    "incollection": "chapter",
    "inproceedings": "conference",
    "conference": "conference",
    "techreport": "report",
    "report": "report",
    "manual": "report",
    "phdthesis": "thesis",
    "mastersthesis": "thesis",
    "thesis": "thesis",
    "online": "web",
    "electronic": "web",
    "www": "web",
    "webpage": "web",
    "unpublished": "unknown",
    "misc": "unknown",
}


def entry_kind(entry_type: str, has_url: bool = False) -> str:
    """The ``Reference.kind`` for a BibTeX type; ``misc`` with a URL is a web page."""
    t = entry_type.lower()
    if t == "misc" and has_url:
        return "web"
    return _KINDS.get(t, "unknown")


# ---------------------------------------------------------------------------- loading


# A line whose first character (after blanks) is "%".
_PERCENT_LINE = re.compile(r"^[ \t]*%[^\n]*", re.M)


def parse_bib(text: str, path: str = "", percent_comments: bool = True) -> BibResult:
    """Parse BibTeX source ``text`` (read from ``path``); never raises.

    Syntax errors and duplicates become problems; whatever pybtex recovered becomes
    references. Line endings ``\\r\\n`` are treated as ``\\n``.

    ``percent_comments``: read as biber and Pandoc do, for which a line starting with
    ``%`` is a comment (an entry commented out line by line is gone). Classic BibTeX
    (``percent_comments=False``, a document using ``\\bibliography``) has no comments: it
    skips text outside entries, so ``% @book{x,`` still opens an entry, and a ``%`` line
    inside an entry breaks it; the problems then say so.
    """
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    original = text
    if percent_comments and "%" in text:
        text = _PERCENT_LINE.sub(lambda m: blank(m.group()), text)
    result = BibResult(path=path)
    index = LineIndex(text, path)
    positions = _scan_positions(text)
    data, errors = _pybtex_parse(text)
    result.problems = _problems(errors, positions, index)
    if not percent_comments and "%" in original:
        result.problems = [_percent_problem(p, original) for p in result.problems]
    seen: set[str] = set()
    for key, entry in data.entries.items():
        if key.lower() in seen:
            continue
        occs = positions.get(key.lower())
        start, end = (occs[0].start, occs[0].end) if occs else (0, 0)
        fields = occs[0].first_fields() if occs else {}
        seen.add(key.lower())
        result.entry_types[key] = entry.type.lower()
        result.field_lines[key] = {f: index.position(off)[0] for f, off in fields.items()}
        line_end = text.find("\n", start)
        span = index.span(start, line_end if line_end > start else max(end, start + 1))
        ref = _reference(key, entry, span, text[start:end])
        ref.field_lines = result.field_lines[key]
        result.references.append(ref)
    result.crossrefs = _inherit_crossrefs(result.references, data)
    result.problems.sort(key=lambda p: (p.line, p.column, p.message))
    return result


def _inherit_crossrefs(refs: list[Reference], data: BibliographyData) -> dict[str, str]:
    """BibTeX's ``crossref``: a paper takes what it lacks from its proceedings or book
    (the parent's title is the child's book title), as BibTeX itself does. Returns
    each child's key → its parent's key."""
    by_key = {r.key.lower(): r for r in refs if r.key}
    links: dict[str, str] = {}
    for ref in refs:
        entry = data.entries.get(ref.key or "")
        parent_key = entry.fields.get("crossref", "").strip().lower() if entry else ""
        parent = by_key.get(parent_key)
        if parent is None or parent is ref:
            continue
        links[ref.key or ""] = parent.key or ""
        ref.container = ref.container or parent.title
        for attr in ("year", "publisher", "volume", "editors", "isbn"):
            if not getattr(ref, attr):
                setattr(ref, attr, getattr(parent, attr))
    return links


def _pybtex_parse(text: str) -> tuple[BibliographyData, list[Exception]]:
    """pybtex's parse with every reported error captured instead of raised or printed."""
    parser = Parser()
    with pybtex.errors.capture() as errors:
        try:
            data = parser.parse_string(text)
        except Exception as exc:  # a parser bug must not take the linter down
            errors.append(exc)
            data = parser.data
    return data, list(errors)


# ------------------------------------------------------------------------- positions

# "@article{key," / "@book(key," at any indentation; comments and @string are skipped
# later. Keys follow pybtex's KEY_BRACE rule.
_ENTRY_RE = re.compile(r"@[ \t]*(?P<type>[A-Za-z_][\w-]*)[ \t\n]*[{(][ \t\n]*(?P<key>[^\s,})]*)")
# Inside an entry: braces and quotes (to track depth) and ", name =" field starts.
_TOKEN_RE = re.compile(r'[{}"]|,[ \t\n]*(?P<name>[A-Za-z_][\w:.+-]*)[ \t\n]*=')
_NON_ENTRIES = frozenset({"comment", "string", "preamble"})


@dataclass(slots=True)
class _Occurrence:
    start: int  # offset of "@"
    end: int  # where the next entry starts
    fields: list[tuple[str, int]]  # (lower-cased name, offset) of every field, in order

    def first_fields(self) -> dict[str, int]:
        out: dict[str, int] = {}
        for name, off in self.fields:
            out.setdefault(name, off)
        return out


def _scan_positions(text: str) -> dict[str, list[_Occurrence]]:
    """Lower-cased key → every occurrence of an entry with it, in file order.

    A light scan: an entry runs to the next ``@type{``; a field name counts only at
    depth zero of the entry's braces and outside a quoted value, so
    ``title = {a, b = c}`` holds one field.
    """
    found: dict[str, list[_Occurrence]] = {}
    starts = [m for m in _ENTRY_RE.finditer(text) if m.group("type").lower() not in _NON_ENTRIES]
    for i, m in enumerate(starts):
        end = starts[i + 1].start() if i + 1 < len(starts) else len(text)
        occ = _Occurrence(m.start(), end, _fields(text, m.end(), end))
        found.setdefault(m.group("key").lower(), []).append(occ)
    return found


def _fields(text: str, start: int, end: int) -> list[tuple[str, int]]:
    fields: list[tuple[str, int]] = []
    depth = 0
    quoted = False
    for t in _TOKEN_RE.finditer(text, start, end):
        ch = t.group()[0]
        if ch == "{":
            depth += 1
        elif ch == "}":
            depth -= 1
        elif ch == '"':
            quoted = not quoted if depth == 0 else quoted
        elif depth == 0 and not quoted:
            fields.append((t.group("name").lower(), t.start("name")))
    return fields


# -------------------------------------------------------------------------- problems

_REPEATED_RE = re.compile(r"repeated bibliography entry: (?P<key>.*)")
_DUP_FIELD_RE = re.compile(r"entry with key (?P<key>.*) has a duplicate (?P<field>\S+) field")


def _problems(
    errors: list[Exception], positions: dict[str, list[_Occurrence]], index: LineIndex
) -> list[BibProblem]:
    out: list[BibProblem] = []
    dup_seen: dict[str, int] = {}
    for err in errors:
        if isinstance(err, PybtexSyntaxError):
            out.append(_syntax_problem(err))
            continue
        msg = str(err)
        if m := _REPEATED_RE.fullmatch(msg):
            key = m.group("key")
            occ = positions.get(key.lower(), [])
            n = dup_seen.get(key.lower(), 0) + 1
            dup_seen[key.lower()] = n
            if len(occ) > n:
                line, col = index.position(occ[n].start)
                first = index.position(occ[0].start)[0]
                out.append(
                    BibProblem(line, col, f"duplicate key '{key}' (first defined at line {first})")
                )
            else:
                out.append(BibProblem(1, 1, f"duplicate key '{key}'"))
            continue
        if m := _DUP_FIELD_RE.fullmatch(msg):
            out.append(_duplicate_field(m, positions, index))
            continue
        out.append(BibProblem(1, 1, msg))
    return out


def _percent_problem(problem: BibProblem, text: str) -> BibProblem:
    """A syntax error on (or right after) a ``%`` line, said as what it is for BibTeX."""
    lines = text.split("\n")
    i = problem.line - 1
    here = lines[i] if 0 <= i < len(lines) else ""
    j = i - 1
    while j >= 0 and not lines[j].strip():
        j -= 1
    above = lines[j] if j >= 0 else ""
    if here.lstrip().startswith("%") or (not here.strip() and above.lstrip().startswith("%")):
        message = (
            "'%' starts no comment for BibTeX: inside an entry it is read as text, so the "
            "entry breaks here (biber and Pandoc skip such lines; for BibTeX, delete the "
            "lines or wrap the entry in @comment{...})"
        )
    elif above.lstrip().startswith("%") and "@" in above:
        message = (
            "the '@' in the '%' line above opens an entry for BibTeX, which has no "
            "comments in a .bib file (biber and Pandoc skip such lines); remove the '@' "
            "from the comment"
        )
    else:
        return problem
    return BibProblem(problem.line, problem.column, message)


def _syntax_problem(err: PybtexSyntaxError) -> BibProblem:
    """Line and column of a pybtex syntax error; the message without pybtex's prefix."""
    line = err.lineno or 1
    column = 1
    try:
        _context, lineno, colno = err.parser.get_error_context(err.error_context_info)
        if lineno:
            line = lineno
        if colno is not None:
            column = max(colno, 0) + 1
    except Exception:  # the context is a nicety; the line is enough
        pass
    base = Exception.__str__(err) or err.error_type
    return BibProblem(line, column, f"{err.error_type}: {base}")


def _duplicate_field(
    m: re.Match[str], positions: dict[str, list[_Occurrence]], index: LineIndex
) -> BibProblem:
    """The second occurrence of the field, as pybtex names it, in the first entry with
    that key that repeats it (a duplicated key's second entry may be the one)."""
    key, name = m.group("key"), m.group("field").lower()
    msg = f"entry '{key}' has a duplicate '{name}' field"
    occs = positions.get(key.lower())
    if not occs:
        return BibProblem(1, 1, msg)
    for occ in occs:
        offsets = [off for f, off in occ.fields if f == name]
        if len(offsets) > 1:
            line, col = index.position(offsets[1])
            return BibProblem(line, col, msg)
    line, col = index.position(occs[0].start)
    return BibProblem(line, col, msg)


# ------------------------------------------------------------------------ references

_YEAR_RE = re.compile(r"(?:1[0-9]|20)\d\d")
_DOI_RE = doi.IN_TEXT


# Preprint servers and repositories, as exports name them in ``journal``: Google
# Scholar's "arXiv preprint arXiv:1810.04805", DBLP's "CoRR" (with volume
# "abs/1810.04805"), "ArXiv", "arXiv e-prints", "bioRxiv", "medRxiv : the preprint server
# for health sciences", "SSRN Electronic Journal", "Research Square", "PsyArXiv"…
_PREPRINT_VENUE = re.compile(
    r"^\W*(?:arxiv|corr|computing research repository|\w*rxiv|ssrn|research\s*square"
    r"|osf\s+preprints|authorea|zenodo|figshare|hal|openreview)\b"
    r"|^\W*preprints?(?:\.org)?\W*$|\barxiv\s*(?:preprint|e-?prints?|:)"
    r"|\bpreprint\s+server\b|\bpreprint$",
    re.I,
)
_PREPRINT_ARCHIVES = ("arxiv", "biorxiv", "medrxiv", "ssrn", "chemrxiv", "psyarxiv", "hal")
_PREPRINT_LINK = re.compile(r"arxiv\.org/|10\.48550/|10\.1101/\d{4}\.\d\d\.\d\d\.", re.I)


def _unpublished(fields: dict[str, str]) -> bool:
    """An entry with no volume and pages to give: biblatex's ``pubstate =
    {forthcoming}``, or a preprint as Zotero, DBLP, Google Scholar and arXiv export
    one (often typed ``@article``): a preprint server for journal (``CoRR``, ``arXiv
    preprint arXiv:…``), a ``abs/…`` volume, or an eprint, arXiv URL or arXiv DOI with
    no other journal."""
    state = fields.get("pubstate", "").strip().lower()
    if state in ("forthcoming", "inpress", "in press", "submitted", "prepublished"):
        return True
    journal = fields.get("journal") or fields.get("journaltitle") or ""
    if journal and _PREPRINT_VENUE.search(journal.strip()):
        return True
    if fields.get("volume", "").lower().startswith("abs/"):
        return True
    if journal:
        return False  # published, perhaps with an arXiv copy
    archive = (fields.get("eprinttype") or fields.get("archiveprefix") or "").lower()
    links = " ".join(fields.get(f, "") for f in ("url", "doi", "howpublished", "publisher"))
    return (
        (bool(fields.get("eprint")) and archive in _PREPRINT_ARCHIVES)
        or bool(_PREPRINT_LINK.search(links))
        or bool(_PREPRINT_VENUE.search(fields.get("publisher", "").strip()))
    )


def _reference(key: str, entry: Entry, span: Span, raw: str) -> Reference:
    fields = {k.lower(): latex_to_text(v) for k, v in entry.fields.items()}
    url = entry.fields.get("url") or entry.fields.get("howpublished", "")
    url = url.strip() if url and re.match(r"\s*(?:\\url\{)?https?://", url) else None
    if url and url.startswith("\\url{"):
        url = url[5:].rstrip("}")
    ref = Reference(span=span, raw=" ".join(raw.split()), key=key)
    ref.kind = entry_kind(entry.type, bool(url))
    ref.authors = [_name(p) for p in entry.persons.get("author", [])]
    ref.editors = [_name(p) for p in entry.persons.get("editor", [])]
    if ref.authors and ref.authors[-1].family.lower() == "others":
        ref.authors.pop()
        ref.et_al = True
    year = fields.get("year") or fields.get("date", "")
    ym = _YEAR_RE.search(year)
    ref.year = ym.group() if ym else (year or None)
    ref.title = fields.get("title") or None
    ref.container = (
        fields.get("journal") or fields.get("journaltitle") or fields.get("booktitle") or None
    )
    ref.volume = fields.get("volume") or None
    ref.issue = fields.get("number") or fields.get("issue") or None
    # An article number stands for pages: biblatex's eid, ACM's articleno.
    pages = fields.get("pages") or fields.get("eid") or fields.get("articleno")
    ref.pages = re.sub(r"\s*[-–—]+\s*", "-", pages) if pages else None
    if _unpublished(fields) and ref.kind in ("article", "unknown"):
        ref.kind = "preprint"  # forthcoming or on arXiv: no volume and pages to ask for
    ref.publisher = (
        fields.get("publisher")
        or fields.get("school")
        or fields.get("institution")
        or fields.get("organization")
        or None
    )
    given = entry.fields.get("doi", "").strip()
    dm = _DOI_RE.search(given)
    ref.doi = dm.group() if dm else (given or None)
    ref.url = url
    ref.isbn = fields.get("isbn") or None
    return ref


def _name(person: Person) -> Name:
    """``Name(family, given)``: von, last and jr parts form the family name.

    DBLP's BibTeX writes homonymous authors with a four-digit number (``Yang Li 0001``),
    which BibTeX reads as the last name: the number is dropped and the word before it
    is the family name again.
    """
    first, middle, last = person.first_names, person.middle_names, person.last_names
    if len(last) == 1 and re.fullmatch(r"\d{4}", last[0]) and (first or middle):
        words = first + middle
        first, middle, last = words[:-1], [], words[-1:]
    family = " ".join(person.prelast_names + last + person.lineage_names)
    given = " ".join(first + middle)
    return Name(latex_to_text(family), latex_to_text(given))
