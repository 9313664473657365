"""LaTeX citations, bibliography links and ``thebibliography`` entries.

One pass first blanks out what LaTeX never reads as commands: comments (``%`` to the
end of the line, but not ``\\%``), verbatim-like environments (verbatim, Verbatim,
lstlisting, minted, comment) and ``\\verb|...|``. Blanking replaces every character but
newlines with a space, so offsets, lines and columns of everything else are unchanged
and later regexes need not know about comments at all.

On the blanked text, one regex finds each citation command with its optional notes and
key group; keys are then split on commas, each with its own span. Every pattern is a
plain scan over disjoint character classes (no nested unbounded repeats), so the cost
is linear in the text.

``latex_to_text`` (the decoder of LaTeX-encoded names and titles) lives in
:mod:`refcheck.latex_text`, below both the extractors and the reference readers.
"""

from __future__ import annotations

import posixpath
from dataclasses import dataclass, field
from functools import lru_cache

from refcheck import lazyre as re
from refcheck.latex_text import latex_to_text
from refcheck.markup import blank
from refcheck.model import Citation, Reference, Span
from refcheck.references.parser import parse_entry
from refcheck.text import LineIndex

__all__ = ["LatexScan", "extract_latex", "latex_to_text", "mask_latex"]

STYLE = "latex"

# --------------------------------------------------------------------------- masking

_VERBATIM_ENVS = ("verbatim", "Verbatim", "BVerbatim", "lstlisting", "minted", "comment")
_MASK_RE = re.compile(
    r"\\begin\s*\{(?P<env>" + "|".join(_VERBATIM_ENVS) + r")\*?\}"
    r"|\\(?:verb|lstinline)\*?(?P<delim>[^a-zA-Z\s*{\[])"
    r"|\\[\\%]"  # an escaped backslash or percent sign: skip it, it opens nothing
    r"|%[^\n]*"
)


_IFFALSE_RE = re.compile(r"\\iffalse\b.*?(?:\\fi\b|\Z)", re.S)


@lru_cache(maxsize=32)
def _env_end(env: str) -> re.Pattern[str]:
    """``\\end{verbatim}`` (or ``\\end{lstlisting*}``…), compiled once per environment."""
    return re.compile(r"\\end\s*\{" + re.escape(env) + r"\*?\}")


def mask_latex(text: str) -> str:
    """``text`` with comments and verbatim material blanked, offsets unchanged.

    An unterminated verbatim environment runs to the end of the text, as in LaTeX.
    Every LaTeX extraction reads this view, so commented-out and verbatim text never
    yields a citation.
    """
    parts: list[str] = []
    pos = 0
    n = len(text)
    for m in _MASK_RE.finditer(text):
        if m.start() < pos:
            continue  # inside a region already blanked
        env, delim = m.group("env"), m.group("delim")
        if env is not None:
            end_m = _env_end(env).search(text, m.end())
            end = end_m.start() if end_m else n
            start = m.end()
        elif delim is not None:
            close = text.find(delim, m.end())
            eol = text.find("\n", m.end())
            end = close if close != -1 and (eol == -1 or close < eol) else m.end()
            start = m.end()
        elif m.group().startswith("%"):
            start, end = m.start(), m.end()
        else:
            continue
        parts.append(text[pos:start])
        parts.append(blank(text[start:end]))
        pos = end
    if parts:
        parts.append(text[pos:])
        text = "".join(parts)
    # \iffalse … \fi: text LaTeX skips (the usual way to comment out a block).
    return _IFFALSE_RE.sub(lambda m: blank(m.group()), text) if "\\iffalse" in text else text


# ------------------------------------------------------------------------- citations

_NARRATIVE = frozenset(
    {"citet", "citealt", "citeauthor", "textcite", "textcites", "Citet", "Citealt"}
    | {"Citeauthor", "Textcite", "Textcites"}
)
_CITE_COMMANDS = (
    "cite Cite citep Citep citet Citet citealp Citealp citealt Citealt citeauthor Citeauthor "
    "citeyear citeyearpar citenum parencite Parencite textcite Textcite autocite Autocite "
    "footcite footcitetext smartcite Smartcite supercite fullcite nocite "
    "cites Cites parencites Parencites textcites Textcites autocites Autocites "
    "footcites smartcites supercites"
).split()
_MULTI = frozenset(c for c in _CITE_COMMANDS if c.endswith("cites"))
# An optional argument: brackets holding text and one level of braces ("p.~\emph{5}").
_OPT = r"\[(?:[^\[\]{}]|\{[^{}]{0,200}\}){0,300}\]"
_CITE_RE = re.compile(
    r"\\(?P<cmd>" + "|".join(sorted(_CITE_COMMANDS, key=len, reverse=True)) + r")\*?(?![a-zA-Z@])"
)
# One (pre)(post){keys} unit after a cite command; multicite commands repeat it.
_UNIT_RE = re.compile(
    rf"\s*(?P<o1>{_OPT})?\s*(?P<o2>{_OPT})?\s*\{{(?P<keys>[^{{}}\\]{{0,2000}})\}}"
)
_MULTI_PARENS = re.compile(r"\s*(?:\([^()]{0,300}\)\s*){0,2}")
_KEY_RE = re.compile(r"[^,\s]+")

# ---------------------------------------------------------------- files and sections

_BIB_RE = re.compile(r"\\bibliography\s*\{(?P<arg>[^{}]{0,2000})\}")
_ADDBIB_RE = re.compile(
    rf"\\(?:addbibresource|addglobalbib|addsectionbib)\s*(?:{_OPT})?\s*\{{(?P<arg>[^{{}}]{{0,2000}})\}}"
)
_INPUT_RE = re.compile(r"\\(?:input|include|subfile)\s*\{(?P<arg>[^{}]{0,2000})\}")
_THEBIB_RE = re.compile(r"\\begin\s*\{thebibliography\}\s*(?:\{[^{}]{0,100}\})?")
_THEBIB_END_RE = re.compile(r"\\end\s*\{thebibliography\}")
_BIBITEM_RE = re.compile(
    r"\\bibitem\s*(?:\[(?P<label>(?:[^\[\]{}]|\{[^{}]{0,200}\}){0,300})\])?\s*"
    r"\{(?P<key>[^{}\s]{1,500})\}"
)


@dataclass(slots=True)
class LatexScan:
    """What one LaTeX source says about its citations and bibliography.

    ``bib_files`` and ``inputs`` are file names as written (relative to the document's
    folder, with ``.bib``/``.tex`` added where LaTeX would add it), first mention
    first, without repeats; ``file_spans`` gives the span of each one's first mention.
    ``cite_all`` is set by ``\\nocite{*}``. ``bibitems`` are the entries of a
    ``thebibliography`` environment, parsed into fields.
    """

    citations: list[Citation] = field(default_factory=list)
    bib_files: list[str] = field(default_factory=list)
    inputs: list[str] = field(default_factory=list)
    bibitems: list[Reference] = field(default_factory=list)
    cite_all: bool = False
    file_spans: dict[str, Span] = field(default_factory=dict)
    # The bibliography backend: "biber" when the source loads biblatex or uses
    # \\addbibresource (biblatex's default backend), "bibtex" for \\bibliography
    # alone or biblatex with backend=bibtex, "" when it says nothing.
    backend: str = ""


def extract_latex(text: str, index: LineIndex) -> LatexScan:
    """Citations, .bib links, inputs and ``thebibliography`` entries of a LaTeX source.

    ``index`` must be built over ``text``. Comments and verbatim blocks are ignored.
    """
    masked = mask_latex(text)
    scan = LatexScan()
    # A key with "#" is a macro parameter (\newcommand{\mycite}[1]{\citep{#1}}).
    scan.citations = [c for c in _citations(masked, index, scan) if "#" not in (c.key or "")]
    _files(masked, index, scan)
    scan.backend = _backend(masked, scan)
    scan.bibitems = _bibitems(masked, index)
    return scan


_BIBLATEX_RE = re.compile(
    r"\\usepackage\s*(?:\[(?P<opts>[^\]]{0,2000})\])?\s*\{[^{}]*\bbiblatex\b[^{}]*\}"
)


def _backend(masked: str, scan: LatexScan) -> str:
    """Which program reads the .bib files: biber (biblatex) or classic BibTeX."""
    m = _BIBLATEX_RE.search(masked)
    if m is not None:
        opts = (m.group("opts") or "").replace(" ", "")
        return "bibtex" if "backend=bibtex" in opts else "biber"
    if _ADDBIB_RE.search(masked):
        return "biber"
    return "bibtex" if scan.bib_files else ""


def _citations(masked: str, index: LineIndex, scan: LatexScan) -> list[Citation]:
    out: list[Citation] = []
    for m in _CITE_RE.finditer(masked):
        cmd = m.group("cmd")
        pos = m.end()
        if cmd in _MULTI:
            pos = _MULTI_PARENS.match(masked, pos).end()  # type: ignore[union-attr]
        while True:
            unit = _UNIT_RE.match(masked, pos)
            if unit is None:
                break
            out += _unit_citations(masked, index, unit, cmd, scan, m.start())
            pos = unit.end()
            if cmd not in _MULTI:
                break
    return out


def _unit_citations(
    text: str, index: LineIndex, unit: re.Match[str], cmd: str, scan: LatexScan, at: int
) -> list[Citation]:
    """One citation per key of one ``[pre][post]{a,b}`` unit.

    With one optional argument it is the post-note (natbib and biblatex agree); with
    two, the second is. The post-note is the locator of the last key, where it prints.
    """
    o1, o2 = unit.group("o1"), unit.group("o2")
    post = o2 if o2 is not None else o1
    locator = latex_to_text(post[1:-1]).strip() or None if post else None
    narrative = cmd in _NARRATIVE
    base = unit.start("keys")
    keys = list(_KEY_RE.finditer(unit.group("keys")))
    if not keys and cmd != "nocite":
        # "\citep{}": a citation of nothing, reported as a key that names no entry.
        # ``at`` is where the command starts ("\citep"), so the finding shows it.
        raw = text[at : unit.end()]
        return [Citation(index.span(at, unit.end()), STYLE, raw, key="", narrative=narrative)]
    out: list[Citation] = []
    for i, km in enumerate(keys):
        key = km.group()
        if key == "*" and cmd == "nocite":
            scan.cite_all = True
            continue
        start, end = base + km.start(), base + km.end()
        out.append(
            Citation(
                span=index.span(start, end),
                style=STYLE,
                raw=key,
                key=key,
                locator=locator if i == len(keys) - 1 else None,
                narrative=narrative,
            )
        )
    return out


# What hand-written author-date citations are read from in a LaTeX document: commands
# and their non-text arguments, math and the list itself blanked, braces and ties made
# spaces ("\\emph{Waltz}~(1979)" reads "Waltz (1979)"). Offsets are unchanged.
_PROSE_DROP_RE = re.compile(
    r"\\(?:[a-zA-Z]*cite[a-zA-Z]*|nocite|[a-zA-Z]*ref|label|url|href|input|include"
    r"|bibliography[a-zA-Z]*|addbibresource|bibitem|begin|end|usepackage|documentclass)\*?"
    r"[ \t]*(?:\[[^\]\n]{0,300}\][ \t]*){0,2}(?:\{[^{}\n]{0,300}\})?"
)
_MATH_RE = re.compile(
    r"\$\$[^$]{0,5000}\$\$|\$[^$\n]{0,2000}\$|\\\[[^$]{0,5000}?\\\]|\\\([^$]{0,2000}?\\\)"
)
_COMMAND_NAME_RE = re.compile(r"\\[a-zA-Z@]+\*?|\\.")
_GROUPING_RE = re.compile(r"[{}~]")


def latex_prose_view(text: str) -> str:
    """The running text of a LaTeX document for the author-date extractor (same length)."""
    view = mask_latex(text)
    for env in _THEBIB_RE.finditer(view):
        end = _THEBIB_END_RE.search(view, env.end())
        stop = end.end() if end else len(view)
        view = view[: env.start()] + blank(view[env.start() : stop]) + view[stop:]
    view = _PROSE_DROP_RE.sub(lambda m: blank(m.group()), view)
    view = _MATH_RE.sub(lambda m: blank(m.group()), view)
    view = _COMMAND_NAME_RE.sub(lambda m: blank(m.group()), view)
    return _GROUPING_RE.sub(" ", view)


def _add_file(scan: LatexScan, target: list[str], name: str, span: Span) -> None:
    if name and name not in target:
        target.append(name)
        scan.file_spans.setdefault(name, span)


def _files(masked: str, index: LineIndex, scan: LatexScan) -> None:
    """Fill ``bib_files`` and ``inputs`` (document order within each kind)."""
    found: list[tuple[int, int, list[str], str]] = []
    for m in _BIB_RE.finditer(masked):
        for name in _split_names(m.group("arg")):
            found.append((m.start(), m.end(), scan.bib_files, _with_suffix(name, ".bib", True)))
    for m in _ADDBIB_RE.finditer(masked):
        name = m.group("arg").strip()
        found.append((m.start(), m.end(), scan.bib_files, name))
    for m in _INPUT_RE.finditer(masked):
        name = m.group("arg").strip()
        if "#" in name:
            continue  # a macro parameter (\newcommand{\fig}[1]{\input{figs/#1}})
        found.append((m.start(), m.end(), scan.inputs, _with_suffix(name, ".tex", False)))
    found.sort(key=lambda f: f[0])
    for start, end, target, name in found:
        _add_file(scan, target, name, index.span(start, end))


def _split_names(arg: str) -> list[str]:
    return [p.strip() for p in arg.split(",") if p.strip()]


def _with_suffix(name: str, suffix: str, always: bool) -> str:
    """Add ``suffix`` as LaTeX/BibTeX would.

    BibTeX always appends ``.bib`` unless the name already ends in it; ``\\input`` adds
    ``.tex`` only to a name without an extension (``\\input{fig.pgf}`` stays).
    """
    if name.endswith(suffix):
        return name
    if always or not posixpath.splitext(posixpath.basename(name))[1]:
        return name + suffix
    return name


# Italics mark a book or journal title in a \bibitem; as quotes, the entry parser sees
# where the title ends ("D. E. Knuth, \emph{The TeXbook}. Addison-Wesley, 1984.").
_EMPHASIS_RE = re.compile(r"\\(?:emph|textit|textsl)\s*\{([^{}]*)\}|\{\\(?:em|it|sl)\s+([^{}]*)\}")


def _italic_title(body: str) -> str:
    """The italic title as a quoted one — unless the entry quotes its title already, or
    a title in plain type comes before the italics ("R. Jervis. Cooperation under the
    security dilemma. \\emph{World Politics}, 30(2)"): then the italics are the journal's
    and stay as they are."""
    if re.search(r"``|\"|“", body):
        return body
    m = _EMPHASIS_RE.search(body)
    if m is None or re.search(r"\b[a-z]{4,}\b", body[: m.start()]):
        return body
    return body[: m.start()] + f"“{m.group(1) or m.group(2)}”" + body[m.end() :]


def _bibitems(masked: str, index: LineIndex) -> list[Reference]:
    """Entries of every ``thebibliography`` environment, each parsed with ``parse_entry``.

    ``number`` is the printed label when it is a number, else the item's position when
    it has no label (what LaTeX prints in a numeric list), else None.
    """
    refs: list[Reference] = []
    for env in _THEBIB_RE.finditer(masked):
        end_m = _THEBIB_END_RE.search(masked, env.end())
        end = end_m.start() if end_m else len(masked)
        items = list(_BIBITEM_RE.finditer(masked, env.end(), end))
        for i, item in enumerate(items):
            body_end = items[i + 1].start() if i + 1 < len(items) else end
            body = masked[item.end() : body_end]
            stripped = body.rstrip()
            span_end = item.end() + len(stripped) if stripped.strip() else item.end()
            raw = " ".join(latex_to_text(_italic_title(body)).split())
            ref = parse_entry(raw, index.span(item.start(), span_end))
            ref.key = item.group("key")
            label = item.group("label")
            if label is None:
                ref.number = i + 1
            else:
                label = label.strip()
                ref.number = int(label) if label.isdigit() and len(label) < 7 else None
            refs.append(ref)
    return refs
