"""From a decoded document to its citations and reference entries, for every syntax.

Each kind of document says in its own way what it cites and where its references are:

- plain text and Markdown: author-date or numeric citations against the free-text list
  under a "References" heading; Markdown adds Pandoc ``[@key]`` citations resolved in
  the .bib files its front matter (or ``--bib``) names;
- LaTeX: ``\\cite`` keys resolved in the ``\\bibliography``/``\\addbibresource`` files
  or a ``thebibliography`` list, across ``\\input``/``\\include`` files in the project
  folder;
- BibTeX on its own: just the entries.

``Linker`` is the I/O for files a document names (cached across documents, so a .bib
shared by ten chapters is read once); everything else here is pure.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from refcheck import lazyre as re
from refcheck.extract.author_date import extract_author_date
from refcheck.extract.latex import extract_latex, latex_prose_view
from refcheck.extract.numeric import extract_numeric, extract_superscript
from refcheck.extract.pandoc import (
    FrontMatter,
    extract_pandoc,
    front_matter,
    is_identifier_key,
)
from refcheck.loaders import PANDOC_SUFFIXES, Document, InputError, load_document
from refcheck.markup import blank, code_view, comments_view, prose_view
from refcheck.matching import citation_keys, entry_keys
from refcheck.model import Citation, Reference, Span
from refcheck.names import PARTICLES
from refcheck.pandoc_project import Project, project_bibliography
from refcheck.positional import number_by_position
from refcheck.project import inside, project_root, real
from refcheck.references.csljson import (
    CslError,
    csl_references,
    parse_csl,
    parse_csl_yaml,
    yaml_id_positions,
)
from refcheck.references.numbered import numbering_problems
from refcheck.references.reflist import parse_reference_list
from refcheck.text import LineIndex

if TYPE_CHECKING:
    from refcheck.references.bibtex import BibResult

MAX_INPUT_DEPTH = 16  # \input nesting; deeper is a cycle or a mistake


@dataclass(frozen=True, slots=True)
class Problem:
    """A finding that loading or structure produced (RC003, RC207), for a rule to report."""

    code: str
    span: Span
    message: str
    hint: str = ""


@dataclass(slots=True)
class Source:
    """A file that took part in a document's analysis: where markers may be found."""

    path: str
    text: str
    kind: str


@dataclass(slots=True)
class Analysis:
    citations: list[Citation] = field(default_factory=list)
    references: list[Reference] = field(default_factory=list)
    has_reference_list: bool = False
    list_only: bool = False
    # Indices of entries never reported "uncited": a .bib database's (it holds more
    # works than one document cites; BibTeX prints only the cited ones), and entries
    # of an unnumbered list that a numeric citation may mean but cannot be tied to.
    database: set[int] = field(default_factory=set)
    # Indices of entries read from bibliography files (.bib, CSL): what a document
    # prints of them is only what it cites.
    bib_entries: set[int] = field(default_factory=set)
    # A .bib entry's index → the index of the entry its ``crossref`` names.
    crossref_parent: dict[int, int] = field(default_factory=dict)
    # LaTeX: the root document's folder (where LaTeX and BibTeX look for files), and
    # the program that reads its .bib files ("biber", "bibtex" or "" when unsaid).
    tex_dir: str = ""
    backend: str = ""
    cite_all: bool = False  # \nocite{*}, Pandoc's nocite: "@*"
    nocite: set[str] = field(default_factory=set)  # keys listed without a citation
    # Keys the document's build resolves without a bibliography entry (Manubot's
    # "@doi:…", "@arxiv:…"): no entry is expected for them.
    external_keys: set[str] = field(default_factory=set)
    # A named bibliography could not be read: citations cannot be judged.
    incomplete: bool = False
    problems: list[Problem] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    # Told on stderr but not an input error: the document is still checked in full.
    warnings: list[str] = field(default_factory=list)
    sources: list[Source] = field(default_factory=list)
    included: set[str] = field(default_factory=set)  # absolute paths of \input files


class OutsideProject(InputError):
    """A file a document names lies outside its project root: not read (a warning)."""


class Linker:
    """Reads the .bib and \\input files documents name; one read per file per run.

    Every file it reads for a document must resolve (symbolic links included) inside
    that document's project root (``refcheck.project``), else ``OutsideProject``: a
    repository's document cannot make refcheck read, and quote, ``/etc/passwd`` or a
    file a link points to outside it. Files the user named with ``--bib`` (``trusted``)
    are read wherever they are.
    """

    def __init__(self, config_dir: str | None = None, trusted: Iterable[str] = ()) -> None:
        self._bibs: dict[tuple[str, bool], BibResult] = {}
        self._csl: dict[str, list[Reference]] = {}
        self._docs: dict[str, Document | InputError] = {}
        self._projects: dict[str, Project] = {}
        self.config_dir = config_dir
        self.trusted = {real(t) for t in trusted}
        self.scan_dirs: dict[str, str] = {}  # document (absolute) → folder scan it came from
        self.root = ""  # the project root of the document being analysed

    def enter(self, doc_path: str) -> str:
        """Start analysing ``doc_path``: its project root bounds what is read next."""
        scan = self.scan_dirs.get(os.path.abspath(doc_path))
        self.root = project_root(doc_path, self.config_dir, scan)
        return self.root

    def bib(self, path: str, percent_comments: bool = True) -> tuple[BibResult, str]:
        """The parsed file and its text; ``InputError`` when it cannot be read.

        ``percent_comments``: read as biber and Pandoc do (a ``%`` line is a comment),
        else as classic BibTeX does (see ``parse_bib``).
        """
        from refcheck.references.bibtex import parse_bib  # pybtex: only when a .bib is read

        doc = self.tex(path)
        key = (os.path.abspath(path), percent_comments)
        if key not in self._bibs:
            self._bibs[key] = parse_bib(doc.text, doc.path, percent_comments)
        return self._bibs[key], doc.text

    def csl(self, path: str) -> list[Reference]:
        """A CSL JSON or YAML bibliography; ``InputError``/``CslError`` when unreadable."""
        doc = self.tex(path)
        key = os.path.abspath(path)
        if key not in self._csl:
            parse = parse_csl if path.lower().endswith(".json") else parse_csl_yaml
            self._csl[key] = parse(doc.text, doc.path)
        return self._csl[key]

    def project(self, doc_path: str) -> Project:
        """The Quarto or bookdown project of a document, with the bibliography it names
        for all its documents; see ``project_bibliography``."""
        folder = os.path.dirname(os.path.abspath(doc_path))
        if folder not in self._projects:
            self._projects[folder] = project_bibliography(folder, self.read_or_none)
        return self._projects[folder]

    def read_or_none(self, path: str) -> str | None:
        try:
            return self.tex(path).text if os.path.isfile(path) else None
        except InputError:
            return None

    def tex(self, path: str) -> Document:
        if self.root and not inside(path, self.root) and real(path) not in self.trusted:
            raise OutsideProject(f"{path} is outside the project {self.root}; not read")
        key = os.path.abspath(path)
        if key not in self._docs:
            try:
                self._docs[key] = load_document(path)
            except InputError as exc:
                self._docs[key] = exc
        got = self._docs[key]
        if isinstance(got, InputError):
            raise got
        return got


def _resolve(name: str, base: str, suffix: str) -> str:
    """A file named in a document, relative to the naming document's folder."""
    path = os.path.join(base, name)
    if not os.path.splitext(path)[1] and suffix:
        path += suffix
    return os.path.normpath(path)


def _add_database(result: Analysis, refs: list[Reference]) -> None:
    """Entries of a .bib or CSL JSON file: a database, never "uncited"."""
    start = len(result.references)
    result.references.extend(refs)
    result.database.update(range(start, len(result.references)))
    result.bib_entries.update(range(start, len(result.references)))
    result.has_reference_list = True


def _add_bib(result: Analysis, bib: BibResult) -> None:
    start = len(result.references)
    _add_database(result, bib.references)
    where = {r.key: start + i for i, r in enumerate(bib.references)}
    for child, parent in bib.crossrefs.items():
        if child in where and parent in where:
            result.crossref_parent[where[child]] = where[parent]
    for p in bib.problems:
        span = Span(bib.path, p.line, p.column, p.line, p.column + 1)
        result.problems.append(Problem("RC003", span, p.message))


def _load_bibs(
    result: Analysis,
    names: list[tuple[str, Span | None]],
    linker: Linker,
    doc_path: str,
    percent_comments: bool = True,
) -> None:
    """Load each named .bib; an unreadable one is an error and makes citations unjudgeable."""
    seen: set[str] = set()
    for path, span in names:
        if os.path.abspath(path) in seen:
            continue
        seen.add(os.path.abspath(path))
        where = f"{span.path}:{span.line}: " if span else f"{doc_path}: "
        try:
            if path.lower().endswith(CSL_SUFFIXES):
                _add_database(result, linker.csl(path))
                continue
            bib, text = linker.bib(path, percent_comments)
        except OutsideProject as exc:
            result.warnings.append(f"{where}bibliography {exc}")
            result.incomplete = True
            continue
        except (InputError, CslError) as exc:
            result.errors.append(f"{where}bibliography {exc}")
            result.incomplete = True
            continue
        _add_bib(result, bib)
        result.sources.append(Source(bib.path, text, "bibtex"))


def _keep_tentative(citations: list[Citation], refs: list[Reference]) -> list[Citation]:
    """Drop tentative author-date candidates whose author names no entry."""
    if not any(c.tentative for c in citations):
        return citations
    known = {k for r in refs for k in entry_keys(r)}
    return [
        c
        for c in citations
        if not c.tentative or (c.authors and not known.isdisjoint(citation_keys(c.authors[0])))
    ]


def _blank_lines(text: str, index: LineIndex, first: int, end: int) -> str:
    """``text`` with 1-based lines ``[first, end)`` blanked (same length)."""
    start = index.line_start(first)
    stop = index.line_start(end) if end <= index.line_count else len(text)
    return text[:start] + blank(text[start:stop]) + text[stop:]


def _is_numbered(refs: list[Reference]) -> bool:
    return bool(refs) and sum(r.number is not None for r in refs) >= 0.6 * len(refs)


# APA's group author with an abbreviation: "(World Health Organization [WHO], 2020)" the
# first time, "(WHO, 2020)" after; or narrative, "World Health Organization (WHO, 2020)".
# The name: up to eleven words, the first capitalised, the others capitalised or
# connectors (of, for, and, the, on, in, &), ending just before the bracket.
#
# Linear on any text (a 40 KB DNA sequence once took 33 s, capitalised words minutes):
# the scan finds the bracketed abbreviation first, then reads the name backwards from
# it, in a short window reversed, with one anchored match whose words are possessive.
# Searching forwards for the name instead costs a match attempt at every capital.
_ALIAS_WINDOW = 240  # characters before the bracket: room for eleven words
_GROUP_ABBR = re.compile(r"\[(?P<abbr>[A-Z][A-Za-z&.]{1,11})\]")
_NARRATIVE_ABBR = re.compile(r"\((?P<abbr>[A-Z][A-Za-z&.]{1,11}),\s*(?:1\d|2[01])\d\d")
# Reversed: a whole word whose first letter (its last, reversed) is a capital, and the
# connectors spelt backwards.
_REV_WORD = r"[\w’'&.-]++(?<=[A-Z])"
_REV_CONNECT = r"(?:fo|rof|dna|eht|no|ni|&)(?![\w’'&.-])"
_REV_NAME = rf"(?P<name>(?:(?:{_REV_WORD}|{_REV_CONNECT})\s++){{0,10}}{_REV_WORD})"
_GROUP_NAME = re.compile(rf"\s*+{_REV_NAME}")
_NARRATIVE_NAME = re.compile(rf"\s++{_REV_NAME}")
_SPACE = re.compile(r"\s")


def _name_before(pattern: re.Pattern[str], prose: str, end: int) -> str | None:
    """The name ending just before ``end`` (a bracket), read backwards; None if none."""
    lo = max(0, end - _ALIAS_WINDOW)
    if lo:  # start at a word boundary, so no word is read cut in half
        space = _SPACE.search(prose, lo, end)
        lo = space.start() if space else end
    m = pattern.match(prose[lo:end][::-1])
    return m.group("name")[::-1] if m else None


def _group_aliases(prose: str) -> tuple[str, dict[str, str]]:
    """``prose`` with "[WHO]" blanked (same length), and WHO → World Health Organization."""
    aliases: dict[str, str] = {}
    if "(" in prose:
        for m in _NARRATIVE_ABBR.finditer(prose):
            name = _name_before(_NARRATIVE_NAME, prose, m.start())
            if name is None:
                continue
            words = name.split()
            while len(words) > 1 and words[0] in ("The", "the", "A", "An"):
                words = words[1:]
            initials = "".join(w[0] for w in words if w[0].isupper())
            if initials.startswith(m.group("abbr")[0]) and len(initials) >= 2:
                aliases.setdefault(m.group("abbr"), " ".join(words))
    if "[" not in prose:
        return prose, aliases
    pieces, done = [], 0
    for m in _GROUP_ABBR.finditer(prose):
        name = _name_before(_GROUP_NAME, prose, m.start())
        if name is not None:
            aliases.setdefault(m.group("abbr"), " ".join(name.split()))
            pieces += [prose[done : m.start()], " " * (m.end() - m.start())]
            done = m.end()
    return "".join([*pieces, prose[done:]]), aliases


def _expand_aliases(citations: list[Citation], aliases: dict[str, str]) -> None:
    for c in citations:
        if c.authors and c.authors[0] in aliases:
            c.authors = (aliases[c.authors[0]], *c.authors[1:])


BIB_SUFFIXES = (".bib", ".bibtex")
CSL_SUFFIXES = (".json", ".yaml", ".yml")


def _bibliography_names(
    doc: Document, meta: FrontMatter | None, bibs: list[str], linker: Linker
) -> tuple[list[tuple[str, Span | None]], str]:
    """The bibliographies of a prose document and who names them: its front matter,
    else its Quarto/bookdown project, else ``--bib``."""
    if doc.kind == "markdown":
        base = os.path.dirname(doc.path)
        if meta is not None and meta.bibliography:
            return [(_resolve(b, base, ""), None) for b in meta.bibliography], doc.path
        project = linker.project(doc.path)
        if project.bibliography:
            named = [(_relative_like(n, doc.path), None) for n in project.bibliography]
            return named, _relative_like(project.origin, doc.path)
    return [(b, None) for b in bibs], ""  # --bib paths are as given (cwd-relative)


def _relative_like(path: str, doc_path: str) -> str:
    """An absolute path shown as the user named the document: relative when it was."""
    return path if os.path.isabs(doc_path) else os.path.normpath(os.path.relpath(path))


def is_pandoc(doc: Document, meta: FrontMatter | None, named: bool) -> bool:
    """A Pandoc document (Quarto, R Markdown, ``.markdown``, or Markdown that names a
    bibliography), where a bare ``@key`` is a citation; elsewhere only ``[@key]`` is."""
    if doc.kind != "markdown":
        return False
    return doc.path.lower().endswith(PANDOC_SUFFIXES) or named or bool(meta and meta.references)


def analyse_prose(doc: Document, linker: Linker, bibs: list[str]) -> Analysis:
    """Plain text or Markdown: free-text list, author-date or numeric, Pandoc keys."""
    result = Analysis(sources=[Source(doc.path, doc.text, doc.kind)])
    index = LineIndex(doc.text, doc.path)
    meta = front_matter(doc.text) if doc.kind == "markdown" else None
    names, origin = _bibliography_names(doc, meta, bibs, linker)
    pandoc = is_pandoc(doc, meta, bool(names))
    section = parse_reference_list(comments_view(doc.text, doc.kind), index, doc.kind)
    prose = prose_view(doc.text, doc.kind, pandoc)
    if section is not None:
        result.references = section.entries
        result.has_reference_list = True
        prose = _blank_lines(prose, index, section.heading_line, section.end_line)
        result.list_only = not prose.strip()
    readable = [(p, s) for p, s in names if p.lower().endswith(BIB_SUFFIXES + CSL_SUFFIXES)]
    for path, _ in names:
        if not path.lower().endswith(BIB_SUFFIXES + CSL_SUFFIXES):
            where = f"{origin}: " if origin else f"{doc.path}: "
            result.errors.append(
                f"{where}bibliography {path}: only BibTeX/biblatex (.bib), CSL JSON and "
                "CSL YAML files are read"
            )
            result.incomplete = True
    readable, generated = _generated_bibliographies(readable, doc.text)
    for path in generated:
        where = os.path.normpath(origin or doc.path)
        result.warnings.append(
            f"{where}: bibliography {path} is not there: it is written when the document "
            "is built (knitr::write_bib), so citations of R packages (@R-…) are not checked"
        )
    _load_bibs(result, readable, linker, origin or doc.path)  # "r.bib" and "./r.bib" are one
    if meta is not None:
        _front_matter_entries(result, meta, index)
    if doc.kind == "markdown":
        keys = {r.key for r in result.references if r.key}
        cites = extract_pandoc(prose, index, narrative=pandoc, keys=keys)
        if generated:  # write_bib's keys are "R-" + the package name
            cites = [c for c in cites if c.key in keys or not (c.key or "").startswith("R-")]
        ids = {c.key for c in cites if c.key and c.key not in keys and is_identifier_key(c.key)}
        if ids and _uses_manubot(doc, linker):
            result.external_keys = ids
        result.citations += cites
        if pandoc:
            _follow_includes(doc, doc, linker, result, keys, depth=0)
    result.citations += _text_citations(prose, index, result)
    result.citations.sort(key=lambda c: (c.span.line, c.span.column))
    return result


_WRITE_BIB = re.compile(r"write_bib\s*\(")
_MANUBOT_FILES = ("metadata.yaml", "manubot.yaml", "citation-tags.tsv")


def _uses_manubot(doc: Document, linker: Linker) -> bool:
    """A Manubot manuscript: its metadata names Manubot, or its folder has Manubot's
    metadata.yaml or citation-tags.tsv. Manubot resolves "@doi:…" keys itself."""
    if "manubot" in doc.text[:20_000].casefold():
        return True
    folder = os.path.dirname(os.path.abspath(doc.path))
    texts = [linker.read_or_none(os.path.join(folder, name)) for name in _MANUBOT_FILES]
    return any(t is not None and ("manubot" in t.casefold() or t.startswith("tag")) for t in texts)


def _generated_bibliographies(
    names: list[tuple[str, Span | None]], text: str
) -> tuple[list[tuple[str, Span | None]], list[str]]:
    """Split off the bibliographies that do not exist yet because the build writes them:
    R Markdown and Quarto books name a ``packages.bib`` that ``knitr::write_bib`` fills
    with the R packages' citations when the book is rendered."""
    kept: list[tuple[str, Span | None]] = []
    generated: list[str] = []
    for path, span in names:
        base = os.path.basename(path)
        written = base == "packages.bib" or (base in text and _WRITE_BIB.search(text))
        if written and not os.path.exists(path):
            generated.append(path)
        else:
            kept.append((path, span))
    return kept, generated


def _front_matter_entries(result: Analysis, meta: FrontMatter, index: LineIndex) -> None:
    """The document's own ``references:`` (CSL items in its metadata) and ``nocite:``."""
    if meta.references:
        where = yaml_id_positions(meta.body, meta.body_offset)
        _add_database(result, csl_references(meta.references, index, where))
    if "*" in meta.nocite:
        result.cite_all = True
    result.nocite.update(k for k in meta.nocite if k != "*")


# Quarto's "{{< include _chapter.qmd >}}": the included file's text is part of the page.
_INCLUDE_RE = re.compile(r"\{\{<\s*include\s+(?P<q>[\"']?)(?P<name>[^\"'<>\n]+?)(?P=q)\s*>\}\}")


def _follow_includes(
    top: Document, doc: Document, linker: Linker, result: Analysis, keys: set[str], depth: int
) -> None:
    """Citations of the files a Quarto page includes, inside its project (the folder of
    ``_quarto.yml``, else the page's own folder); an include elsewhere is not followed,
    and said so. An include is text put in place before Quarto reads the page, so a
    name is relative to the page (``top``) even inside an included file; one starting
    with ``/`` is relative to the project's root."""
    if "{{<" not in doc.text or depth >= MAX_INPUT_DEPTH:
        return
    root = linker.project(top.path).root or os.path.dirname(os.path.abspath(top.path))
    index = LineIndex(doc.text, doc.path)
    for m in _INCLUDE_RE.finditer(code_view(doc.text, "markdown")):
        name = m.group("name").strip()
        span = index.span(m.start(), m.end())
        base = root if name.startswith("/") else os.path.dirname(top.path)
        path = _resolve(name.lstrip("/"), base, "")
        full = os.path.abspath(path)
        where = f"{doc.path}:{span.line}"
        if os.path.commonpath([full, root]) != root:
            result.warnings.append(f"{where}: include {name} is outside {root}; not followed")
            continue
        child = _open_included(path, where, linker, result)
        if child is None:
            continue
        result.sources.append(Source(child.path, child.text, "markdown"))
        child_index = LineIndex(child.text, child.path)
        prose = prose_view(child.text, "markdown", True)
        result.citations += extract_pandoc(prose, child_index, keys=keys)
        _follow_includes(top, child, linker, result, keys, depth + 1)


_PAREN_NUMBERS = re.compile(r"\((\d{1,4}(?:\s*[,–—-]\s*\d{1,4})*)\)")


def _text_citations(prose: str, index: LineIndex, result: Analysis) -> list[Citation]:
    """Numeric citations when the list is numbered and the text cites by number;
    author-date citations otherwise (a Markdown "1." list of APA entries is still APA)."""
    prose, aliases = _group_aliases(prose)
    # A document that cites with Pandoc keys writes few citations by hand: there a lone
    # "Name (year)" must name an entry to count.
    strict = any(c.style == "pandoc" for c in result.citations)
    author_date = extract_author_date(prose, index, _lower_case_names(result.references), strict)
    if _is_numbered(result.references):
        # Superscripts (<sup>1</sup>, ^1^, ¹⁻³) cite by number too: Unicode ones only
        # when the text has no "[n]" (there they are footnote markers). Vancouver cites
        # "(1)", "(2,3)", "(4-6)" where IEEE writes "[1]": read as the same citations
        # (same offsets), but only when the text has neither.
        brackets = extract_numeric(prose, index)
        numeric = sorted(
            brackets + extract_superscript(prose, index, unicode=not brackets),
            key=lambda c: (c.span.line, c.span.column),
        ) or extract_numeric(_PAREN_NUMBERS.sub(lambda m: f"[{m.group(1)}]", prose), index)
        if len(numeric) >= len([c for c in author_date if not c.tentative]):
            numbers = [r.number for r in result.references]
            for i, message in numbering_problems(numbers):
                # "first at entry 6" → the line a reader can go to.
                message = re.sub(
                    r"first at entry (\d+)",
                    lambda m: f"first at line {result.references[int(m.group(1)) - 1].span.line}",
                    message,
                )
                result.problems.append(Problem("RC207", result.references[i].span, message))
            return numeric
    elif result.references:
        numeric = _numeric_by_position(prose, index, result, author_date)
        if numeric is not None:
            return numeric
    _expand_aliases(author_date, aliases)
    return _keep_tentative(author_date, result.references)


def _numeric_by_position(
    prose: str, index: LineIndex, result: Analysis, author_date: list[Citation]
) -> list[Citation] | None:
    """Numeric citations against a list printed without numbers (PMC text exports).

    Taken when the text cites by number far more than by author and year; entry n is
    then number n (``refcheck.positional`` places a gap when entries are missing).
    """
    numeric = extract_numeric(prose, index)
    firm = len([c for c in author_date if not c.tentative])
    if len(numeric) < 3 or len(numeric) <= 2 * firm:
        return None
    refs = result.references
    pos = number_by_position(refs, numeric, prose, index)
    first = refs[0].span
    top = max(c.number or 0 for c in numeric)
    if pos is None:
        result.problems.append(
            Problem(
                "RC207",
                first,
                f"the list has no numbers and {len(refs)} entries, but the text cites up to "
                f"[{top}]: its entries cannot be told by position, so no citation is judged",
                "number the entries as the text cites them",
            )
        )
        result.database.update(range(len(refs)))
        return []
    for r, n in zip(refs, pos.numbers, strict=True):
        r.number = n
    if pos.short_by:
        where = ", ".join(f"[{n}]" for n in pos.missing) or "a number the text does not settle"
        result.problems.append(
            Problem(
                "RC207",
                first,
                f"the list has no numbers and {len(refs)} entries, but the text cites up to "
                f"[{top}]: {pos.short_by} entr{'y is' if pos.short_by == 1 else 'ies are'} missing"
                f" ({where})",
                "add the missing entries, or number the list as the text cites it",
            )
        )
    result.database.update(pos.unsure_entries)  # may belong to an unsure number
    return [c for c in numeric if c.number not in pos.unsure]


def _lower_case_names(refs: list[Reference]) -> frozenset[str]:
    """First authors the list writes in lower case ("hooks, b."), particles aside."""
    out = set()
    for r in refs:
        if r.authors:
            words = r.authors[0].family.split(",")[0].split()
            w = words[0] if words else ""
            if w[:1].islower() and w.isalpha() and len(w) > 2 and w not in PARTICLES:
                out.add(w.casefold())
    return frozenset(out)


def analyse_latex(doc: Document, linker: Linker, bibs: list[str]) -> Analysis:
    """A LaTeX document and the files it \\inputs, resolved against its bibliography."""
    result = Analysis(sources=[], tex_dir=os.path.dirname(doc.path))
    root = linker.root or linker.enter(doc.path)
    names: list[tuple[str, Span | None]] = []
    _scan_tex(doc, root, linker, result, names, depth=0)
    if not names and not result.references:
        names = [(b, None) for b in bibs]  # --bib: for documents that name no bibliography
    # Classic BibTeX has no comments in a .bib; biber (and --bib, backend unknown) does.
    _load_bibs(result, names, linker, doc.path, percent_comments=result.backend != "bibtex")
    _latex_prose_citations(result)
    return result


def _tex_path(name: str, doc: Document, result: Analysis, suffix: str) -> str:
    """A file an \\input or \\bibliography names, as LaTeX finds it: relative to the
    root document's folder (LaTeX's working folder), even inside an \\input file; else
    relative to the naming file (``\\import``, subfiles, editors that resolve so). Like
    LaTeX, ``\\input{stats.10x10}`` tries ``stats.10x10.tex`` before ``stats.10x10``."""
    names = [name] if name.endswith(suffix) else [name + suffix, name]
    folders = [result.tex_dir, os.path.dirname(doc.path)]
    for folder in folders:
        for n in names:
            path = os.path.normpath(os.path.join(folder, n))
            if os.path.exists(path):
                return path
    return os.path.normpath(os.path.join(folders[0], names[0]))


def _latex_prose_citations(result: Analysis) -> None:
    """Author-date citations typed by hand in a document with a ``thebibliography``.

    Such a list is printed whole, and older papers and theses cite it in the text as
    "(Jervis, 1978)": those citations count (else every entry is "never cited"). When
    the document also cites with ``\\cite``, a typed citation must name an entry to be
    kept; a .bib-based document (BibTeX prints only what is cited) is not read so.
    """
    listed = [r for i, r in enumerate(result.references) if i not in result.database]
    if not listed:
        return
    keyed = any(c.style == "latex" and c.key for c in result.citations)
    lower = _lower_case_names(listed)
    for src in result.sources:
        if src.kind != "latex":
            continue
        view = latex_prose_view(src.text)
        found = extract_author_date(view, LineIndex(src.text, src.path), lower)
        if keyed:
            for c in found:
                c.tentative = True
        result.citations += _keep_tentative(found, listed)


def _scan_tex(
    doc: Document,
    root: str,
    linker: Linker,
    result: Analysis,
    bib_names: list[tuple[str, Span | None]],
    depth: int,
) -> None:
    index = LineIndex(doc.text, doc.path)
    scan = extract_latex(doc.text, index)
    result.sources.append(Source(doc.path, doc.text, "latex"))
    result.citations += scan.citations
    result.cite_all = result.cite_all or scan.cite_all
    if scan.bibitems:
        result.references += scan.bibitems
        result.has_reference_list = True
    if scan.backend == "biber" or not result.backend:
        result.backend = scan.backend or result.backend
    for name in scan.bib_files:
        bib_names.append((_tex_path(name, doc, result, ".bib"), scan.file_spans.get(name)))
    for name in scan.inputs:
        _follow_input(doc, name, scan.file_spans.get(name), root, linker, result, bib_names, depth)


def _follow_input(
    doc: Document,
    name: str,
    span: Span | None,
    root: str,
    linker: Linker,
    result: Analysis,
    bib_names: list[tuple[str, Span | None]],
    depth: int,
) -> None:
    """Follow one \\input within the project root (``refcheck.project``)."""
    where = f"{doc.path}:{span.line}" if span else doc.path
    path = _tex_path(name, doc, result, ".tex")
    if not inside(path, root):
        # Not followed, for safety (links resolved): the run goes on without it.
        result.warnings.append(
            f"{where}: \\input{{{name}}} is outside the project folder {root}; not followed"
        )
        result.incomplete = True
        return
    if depth >= MAX_INPUT_DEPTH:  # cycles stop earlier: a file is read once
        result.errors.append(
            f"{where}: \\input{{{name}}} nested more than {MAX_INPUT_DEPTH} files deep; "
            "not followed"
        )
        result.incomplete = True
        return
    child = _open_included(path, where, linker, result)
    if child is not None:
        _scan_tex(child, root, linker, result, bib_names, depth + 1)


def _open_included(path: str, where: str, linker: Linker, result: Analysis) -> Document | None:
    """An \\input or include file not read yet for this document, now marked as read;
    ``None`` when it was read already (or is a cycle) or cannot be read (an error)."""
    full = os.path.abspath(path)
    if full in result.included:
        return None
    try:
        child = linker.tex(path)
    except OutsideProject as exc:
        result.warnings.append(f"{where}: {exc}")
        result.incomplete = True  # what it cites is unknown: no "uncited" findings
        return None
    except InputError as exc:
        result.errors.append(f"{where}: {exc}")
        result.incomplete = True
        return None
    result.included.add(full)
    return child


def analyse_bibtex(doc: Document) -> Analysis:
    """A .bib file on its own: lint the entries."""
    from refcheck.references.bibtex import parse_bib  # pybtex: only when a .bib is read

    result = Analysis(sources=[Source(doc.path, doc.text, "bibtex")], list_only=True)
    _add_bib(result, parse_bib(doc.text, doc.path))
    return result


def analyse(doc: Document, linker: Linker | None = None, bibs: list[str] | None = None) -> Analysis:
    """Dispatch on the document kind."""
    linker = linker or Linker()
    linker.enter(doc.path)
    if doc.kind == "bibtex":
        return analyse_bibtex(doc)
    if doc.kind == "latex":
        return analyse_latex(doc, linker, bibs or [])
    return analyse_prose(doc, linker, bibs or [])
