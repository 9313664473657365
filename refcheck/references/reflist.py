"""Finding a free-text reference list and splitting it into entries.

Documents print their lists in three ways: one entry per line, one per paragraph, or
wrapped lines (with or without a hanging indent). The splitter decides line by line
whether a line starts an entry, using the shapes that distinguish a new entry (a list
marker, or an author-like start after a line that ended an entry) from a wrapped line.
Parsing each entry into fields is ``refcheck.references.parser``'s job.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from refcheck import doi
from refcheck import lazyre as re
from refcheck.model import Reference
from refcheck.references.parser import parse_entry
from refcheck.text import LineIndex

# Headings that open a reference list (compared after normalisation, see _heading_text).
LIST_HEADINGS = frozenset(
    {
        "references",
        "reference list",
        "references cited",
        "bibliography",
        "select bibliography",
        "selected bibliography",
        "works cited",
        "literature cited",
        "cited literature",
        "sources cited",
        "works consulted",
    }
)
# Words that head a reference list in some documents and something else in others
# ("Sources" of data, "Literature" as a topic): used only when no heading above is.
WEAK_HEADINGS = frozenset({"sources", "literature"})
# Headings that close it: the back matter that commonly follows a list.
END_HEADINGS = frozenset(
    {
        "appendix",
        "appendices",
        "notes",
        "endnotes",
        "footnotes",
        "acknowledgements",
        "acknowledgments",
        "acknowledgement",
        "acknowledgment",
        "supplementary material",
        "supplementary materials",
        "supplementary information",
        "supporting information",
        "tables",
        "figures",
        "figure legends",
        "author contributions",
        "funding",
        "conflicts of interest",
        "conflict of interest",
        "competing interests",
        "data availability",
        "about the author",
        "about the authors",
    }
)

_MD_HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*#*\s*$")
_NUMBERING = re.compile(r"^(?:\d+(?:\.\d+)*\.?|[IVXLC]+\.|[A-Z]\.)\s+")
_EMPHASIS = re.compile(r"^[*_]{1,3}(.*?)[*_]{1,3}$")
_LIST_MARKER = re.compile(r"^(?:\[(\d{1,5})\]|(\d{1,5})[.)](?=\s)|[-*+•–](?=\s))\s*")
_YEARISH = re.compile(
    r"\b(?:1[5-9]\d\d|20\d\d)[a-z]?\b|\((?:1\d|2[01])\d\d[a-z]?\)|\bn\.\s?d\b|\bin press\b"
    r"|\bforthcoming\b",
    re.I,
)
_ENTRY_START = re.compile(
    r"^(?:[—–-]{2,}|_{3,}|(?:(?:van|von|de|del|della|di|da|du|le|la|ter|ten|al|el|dos|das)\s)*"
    r"[^\W\d_][\w'’.-]*)"
)
_REPEATED = re.compile(r"^(?:[—–_-]\s?){2,}")
_URL_END = re.compile(rf"(?:https?://|doi:|www\.)\S+$|{doi.PREFIX}\S+$", re.I)
_INLINE_EMPHASIS = re.compile(r"(?<![\w*_])[*_]{1,2}(?=\S)|(?<=\S)[*_]{1,2}(?![\w*_])")


# A Markdown link in an entry: "[doi:10.2307/2009958](https://doi.org/10.2307/2009958)".
_MD_LINK = re.compile(r"\[([^\]\n]*)\]\(([^)\s]+(?:\([^)\s]*\)[^)\s]*)*)\)")


def _link_text(m: re.Match[str]) -> str:
    """The link as a reader sees it: its target when the label is the same DOI or URL
    (or a bare "doi:"), else the label followed by the target."""
    label, target = m.group(1).strip(), m.group(2)
    if not label or label in target or target.endswith(label.split(":", 1)[-1].strip()):
        return target
    return f"{label} {target}"


@dataclass(slots=True)
class ReferenceSection:
    """Where the list is (1-based lines, ``end_line`` exclusive) and what it holds."""

    heading_line: int
    end_line: int
    entries: list[Reference] = field(default_factory=list)


# Pandoc heading attributes: "# References {-}", "{.unnumbered}", "{#refs .appendix}".
_HEADING_ATTRIBUTES = re.compile(r"\s*\{(?:[-#.][^{}]*)?\}\s*$")


def _heading_text(line: str, kind: str) -> tuple[str, int]:
    """Normalised heading text and its Markdown level (0 when not a Markdown heading)."""
    s = line.strip()
    level = 0
    if kind == "markdown":
        m = _MD_HEADING.match(s)
        if m:
            level, s = len(m.group(1)), m.group(2)
        s = _HEADING_ATTRIBUTES.sub("", s)
    m2 = _EMPHASIS.match(s)
    if m2:
        s = m2.group(1)
    s = _NUMBERING.sub("", s).strip().rstrip(":").strip()
    return " ".join(s.split()).casefold(), level


def _is_end_heading(text: str) -> bool:
    return text in END_HEADINGS or bool(re.match(r"(?:appendix|annex)\b", text))


# What ends a list in Markdown (and a rule in plain text too): nothing after these is an
# entry. A horizontal rule, a footnote definition, a link reference definition, an HTML
# block, a fenced div that opens, a table, an image, a shortcode, a page break.
_RULE = re.compile(r"^ {0,3}([-*_])(?:[ \t]*\1){2,}[ \t]*$")
_MD_BREAK = re.compile(
    r"^ {0,3}(?:\[\^[^\]\n]+\]:"
    r"|\[[^\]\n]+\]:[ \t]*<?[^\s<>]+>?(?:[ \t]+(?:\"[^\"]*\"|'[^']*'|\([^)]*\)))?[ \t]*$"
    r"|</?(?:table|section|aside|footer|details|summary|figure|img|iframe|script|style"
    r"|center|hr|br|p|dl|ol|ul|h[1-6])\b"
    r"|:{3,}[ \t]*\S|\||!\[|\{\{[<%]|>"
    r"|\\(?:newpage|clearpage|pagebreak|appendix|printbibliography)\b)",
    re.I,
)
# Lines inside a list that are neither entries nor its end: a <div> wrapper (Pandoc's
# <div id="refs">), a fenced div's closing ":::", the "::: {#refs}" placeholder.
_MD_SKIP = re.compile(
    r"^ {0,3}(?:</?div\b[^\n]*|:{3,}[ \t]*(?:\{[ \t]*#refs\b[^}]*\}|refs)?[ \t]*)$", re.I
)


def _list_break(line: str, kind: str) -> bool:
    return bool(_RULE.match(line)) or (kind == "markdown" and bool(_MD_BREAK.match(line)))


def _skipped(line: str, kind: str) -> bool:
    """A <div> wrapper, a ":::" line, or a sub-heading ("### Books"): not an entry."""
    return kind == "markdown" and bool(_MD_SKIP.match(line) or _MD_HEADING.match(line.strip()))


def _find(lines: list[str], kind: str) -> tuple[int, int, int, bool] | None:
    """``find_section``, and whether its heading is a weak one."""
    strong = weak = (-1, 0)
    for i, line in enumerate(lines):
        if len(line) > 60 or not line.strip():
            continue
        text, lvl = _heading_text(line, kind)
        if text in LIST_HEADINGS:
            strong = (i, lvl)
        elif text in WEAK_HEADINGS:
            weak = (i, lvl)
    heading, level = strong if strong[0] >= 0 else weak
    if heading < 0:
        return None
    start = heading + 1
    if start < len(lines) and re.fullmatch(r"\s*(?:=+|-+)\s*", lines[start]):
        start += 1  # setext underline
    # Placeholders before the first entry ("::: {#refs}", "<div id="refs">", a page
    # break) are passed over; after an entry they end the list.
    while start < len(lines) and (
        not lines[start].strip() or _skipped(lines[start], kind) or _list_break(lines[start], kind)
    ):
        start += 1
    end = len(lines)
    for j in range(start, len(lines)):
        line = lines[j]
        if not line.strip():
            continue
        if _list_break(line, kind):
            end = j
            break
        if len(line) > 80:
            continue
        text, lvl = _heading_text(line, kind)
        if _is_end_heading(text) or (level and lvl and lvl <= level):
            end = j
            break
    return heading, start, end, strong[0] < 0


def find_section(lines: list[str], kind: str) -> tuple[int, int, int] | None:
    """The (heading index, first entry index, end index) of the reference list, 0-based.

    The last matching heading wins — a table of contents may name "References" earlier,
    the list itself comes last — but a weak heading ("Sources", "Literature") counts only
    when there is no strong one, so an appendix's "Sources" does not take over. The list
    ends at a back-matter heading, a Markdown heading of the same or a higher level, a
    horizontal rule, and in Markdown at what cannot be an entry: footnote and link
    definitions, an HTML block, a fenced div, a table, an image.
    """
    found = _find(lines, kind)
    return found[:3] if found else None


def _ends_entry(line: str) -> bool:
    s = line.rstrip()
    return bool(s) and (s[-1] in ".)]”\"'0123456789" or bool(_URL_END.search(s)))


# Authors who write their name in lower case, initials too: "hooks, b.", "boyd, d.".
_LOWER_NAME_START = re.compile(r"[a-z][\w'’-]+,\s+(?:[a-z]\.\s*){1,3}[(\d]")


def _starts_entry(line: str, window: int = 400) -> bool:
    """Whether a line (not indented, after a complete one) looks like a new entry."""
    s = line.lstrip()
    if _LIST_MARKER.match(s):
        return True
    if not _ENTRY_START.match(s):
        return False
    first = s[:1]
    if (
        first.islower()  # caseless scripts (王明, 김민수) start entries too
        and not s.startswith(("van ", "von ", "de ", "d’", "d'"))
        and not _LOWER_NAME_START.match(s)
    ):
        return False
    return bool(_YEARISH.search(s[:window]))


@dataclass(slots=True)
class _Chunk:
    start: int  # 0-based line index
    end: int  # exclusive
    parts: list[str]
    indent: int


def split_entries(lines: list[str], start: int, end: int) -> list[_Chunk]:
    """Group the lines ``[start, end)`` into entries (see the module docstring)."""
    body = [(i, lines[i]) for i in range(start, end)]
    indents = [len(t) - len(t.lstrip()) for _, t in body if t.strip()]
    base = min(indents) if indents else 0
    hanging = any(n > base for n in indents) and sum(n == base for n in indents) > 1
    texts = [t for _, t in body if t.strip()]
    # One entry per line: nearly every line reads as a whole entry on its own. Decided
    # for the list as a whole, since a long author list can push the year of a single
    # line far to the right, where the wrapped-line test would not look.
    per_line = (
        not hanging
        and len(texts) >= 2
        and sum(_starts_entry(t, len(t)) for t in texts) >= 0.8 * len(texts)
    )
    chunks: list[_Chunk] = []
    cur: _Chunk | None = None
    for i, line in body:
        if not line.strip():
            cur = None
            continue
        indent = len(line) - len(line.lstrip())
        if cur is None or _LIST_MARKER.match(line.lstrip()):
            new = True
        elif hanging:
            new = indent <= base
        elif per_line:
            new = True
        else:
            new = _ends_entry(cur.parts[-1]) and _starts_entry(line)
        if new:
            cur = _Chunk(i, i + 1, [line], indent)
            chunks.append(cur)
        else:
            assert cur is not None
            cur.parts.append(line)
            cur.end = i + 1
    return chunks


def _join(parts: list[str]) -> str:
    """Join wrapped lines; a line ending in a hyphen inside a URL or word is glued."""
    out = parts[0].strip()
    for p in parts[1:]:
        p = p.strip()
        if out.endswith(("/", "-")) and (out.endswith("/") or re.search(r"https?://\S*-$", out)):
            out += p
        else:
            out += " " + p
    return out


# Inline HTML in a Markdown entry: anchors (<a name="r-1"></a>), <i>…</i>, <br>. Not
# an autolink (<https://doi.org/…>), whose "tag" has a colon.
_HTML_TAG = re.compile(r"</?[a-zA-Z][a-zA-Z0-9]*(?:\s[^<>]{0,300})?/?>")
# The entry's own number as a superscript: "<sup>1</sup>Miller, G. A. …", "¹ Miller …".
_SUP_NUMBER = re.compile(
    r"^\s*(?:<sup>\s*(\d{1,5})\s*</sup>|\^(\d{1,5})\^|([⁰¹²³⁴⁵⁶⁷⁸⁹]{1,5})(?!\S))"
)
_SUP_DIGITS = str.maketrans("⁰¹²³⁴⁵⁶⁷⁸⁹", "0123456789")


def _markdown_entry(raw: str) -> tuple[str, int | None]:
    """A Markdown entry as a reader sees it, and its number when a superscript gives
    it: HTML anchors and tags dropped, links as their text (and target), emphasis and
    backslash escapes gone."""
    number = None
    if "<" in raw:
        raw = _HTML_TAG.sub(
            lambda t: t.group() if t.group().lower() in ("<sup>", "</sup>") else "", raw
        )
    sm = _SUP_NUMBER.match(raw)
    if sm:
        number = int((sm.group(1) or sm.group(2) or sm.group(3)).translate(_SUP_DIGITS))
        raw = raw[sm.end() :]
    if "<" in raw:
        raw = _HTML_TAG.sub("", raw)
    raw = _MD_LINK.sub(_link_text, raw)
    return _INLINE_EMPHASIS.sub("", raw).replace("\\", ""), number


def parse_reference_list(text: str, index: LineIndex, kind: str) -> ReferenceSection | None:
    """Find the list in ``text``, split and parse it; ``None`` when there is none."""
    lines = text.split("\n")
    found = _find(lines, kind)
    if found is None:
        return None
    heading, start, end, weak = found
    section = ReferenceSection(heading_line=heading + 1, end_line=end + 1)
    if kind == "markdown":  # <div> wrappers and ":::" lines inside the list separate entries
        lines = [
            ("" if _skipped(t, kind) else t) if start <= i < end else t for i, t in enumerate(lines)
        ]
    for chunk in split_entries(lines, start, end):
        first = chunk.parts[0]
        lead = len(first) - len(first.lstrip())
        raw = _join(chunk.parts)
        number: int | None = None
        m = _LIST_MARKER.match(raw)
        if m:
            lead += m.end()
            num = m.group(1) or m.group(2)
            number = int(num) if num else None
            raw = raw[m.end() :]
        if kind == "markdown":
            raw, sup = _markdown_entry(raw)
            number = sup if sup is not None and number is None else number
        raw = " ".join(raw.split())
        if not raw and number is None:
            continue
        if not section.entries and number is None and not m and not _YEARISH.search(raw):
            continue  # a line of introduction ("If you use this work, please cite:")
        last = lines[chunk.end - 1]
        span_start = index.line_start(chunk.start + 1) + lead
        span_end = index.line_start(chunk.end) + len(last.rstrip())
        ref = parse_entry(raw, index.span(span_start, max(span_end, span_start + 1)))
        if number is not None:
            ref.number = number
        if not ref.authors and _REPEATED.match(raw) and section.entries:
            # Chicago's "———. 2013b." repeats the previous entry's authors.
            prev = section.entries[-1]
            ref.authors, ref.et_al = list(prev.authors), prev.et_al
        section.entries.append(ref)
    dated = sum(r.year is not None for r in section.entries)
    if weak and (not section.entries or dated * 2 < len(section.entries)):
        return None  # "Literature" or "Sources" over prose: a topic, not a list
    return section
