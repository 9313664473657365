"""Pandoc Markdown citations (``[@key]``, ``[see @a, p. 3; @b]``, narrative ``@key``).

Pandoc's rules, as implemented here:

- a key starts with a letter, digit or ``_`` and may contain single internal
  punctuation from ``:.#$%&-+?<>~/`` (``@smith:2004.a``); trailing punctuation is not
  part of it (``@smith04.`` cites ``smith04``). ``@{any key}`` allows anything but
  braces;
- ``@`` right after a letter, digit, ``_``, ``@`` or a backslash is not a citation, so
  e-mail addresses (``me@example.org``) and escaped ``\\@`` stay prose;
- a bracketed group holds ``;``-separated items, each with an optional prefix, an
  optional ``-`` (suppress author: still a citation) and one key, then an optional
  locator (``, p. 3``). A bracket that is a Markdown link (``](``) or holds an item
  without a key (``[email me@x.org]``) is not a group;
- outside groups, ``@key`` is a narrative citation, optionally followed by a locator in
  brackets (``@key [p. 3]``).

Code spans and fenced code are expected to be masked by the caller; a bracket that
crosses a blank line is not read, and nothing here backtracks beyond a bounded window.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from refcheck import lazyre as re
from refcheck.model import Citation
from refcheck.text import LineIndex

__all__ = [
    "CROSSREF_PREFIXES",
    "FrontMatter",
    "extract_pandoc",
    "front_matter",
    "front_matter_bibliography",
    "is_crossref_label",
    "is_identifier_key",
]

STYLE = "pandoc"

_KEY = r"[^\W](?:[^\W]|[:.#$%&\-+?<>~/](?=[^\W]))*"
# Manubot's persistent-identifier keys (pandoc-url2cite's too): "@doi:10.1038/x",
# "@url:http://a.org/x.html", "@arxiv:1512.03385", "@pmid:…", "@tag:…"; a URL key runs
# to the first space, bracket or separator, less a trailing full stop.
IDENTIFIER_PREFIXES = "doi arxiv pmid pmcid isbn url https http wikidata tag clinicaltrials".split()
_PID_KEY = rf"(?:{'|'.join(IDENTIFIER_PREFIXES)}):[^\s\[\];,]*[^\s\[\];,.:]"
_CITE = (
    rf"(?<![\w@\\])(?P<minus>-)?@(?:(?P<key>{_PID_KEY}|{_KEY})"
    rf"|\{{(?P<bkey>[^{{}}\n]{{1,300}})\}})"
)
_CITE_RE = re.compile(_CITE)
# A bracket with no nested brackets and no blank line, at most 2,000 characters.
_GROUP_RE = re.compile(r"(?<!\\)\[(?P<body>(?:[^\[\]\n]|\n(?![ \t]*\n)){1,2000})\](?![(\[])")
_NARR_LOCATOR_RE = re.compile(r"[ \t]?\[(?P<loc>[^\[\]@\n]{1,200})\](?![(\[])")
_SEMI_RE = re.compile(r"[^;]+")
_LOC_TRIM = " \t\n,;"


# Cross-references, not citations: Quarto's ``@fig-map``, ``@tbl-``, ``@sec-``, ``@eq-``,
# theorem-like and callout labels (``@Fig-map`` capitalises the printed "Figure"), and
# pandoc-crossref's ``@fig:map``, ``@tbl:``, ``@sec:``, ``@eq:``, ``@lst:``.
CROSSREF_PREFIXES = (
    "fig tbl lst eq sec thm lem cor prp cnj def exm exr sol rem alg nte tip wrn imp cau"
).split()
_CROSSREF_LABEL = re.compile(rf"(?:{'|'.join(CROSSREF_PREFIXES)})[-:]\w", re.I)


_PID_RE = re.compile(rf"(?:{'|'.join(IDENTIFIER_PREFIXES)}):", re.I)


def is_identifier_key(key: str) -> bool:
    """A Manubot-style key that names its work by a persistent identifier
    (``doi:10.1038/x``, ``arxiv:…``, ``url:http://…``, ``tag:…``)."""
    return _PID_RE.match(key) is not None


def is_crossref_label(key: str) -> bool:
    """Whether a key has the shape of a Quarto or pandoc-crossref label (``fig-map``,
    ``sec:intro``); it is a citation all the same when the bibliography has that key."""
    return _CROSSREF_LABEL.match(key) is not None


def extract_pandoc(
    text: str,
    index: LineIndex,
    *,
    narrative: bool = True,
    keys: frozenset[str] | set[str] = frozenset(),
) -> list[Citation]:
    """Every Pandoc citation of ``text``, one per key, in document order.

    Cross-reference labels (``@fig-map``, ``[@sec-intro]``, ``@tbl:results``) are not
    citations, unless ``keys`` (the bibliography's keys) holds that key. With
    ``narrative=False`` only bracketed groups count: in a Markdown file that is not a
    Pandoc document, a bare ``@name`` is a mention (a GitHub handle), not a citation.

    Each citation's span covers ``@key`` (with the ``-`` of ``-@key`` and the braces of
    ``@{key}``); ``raw`` is that text, ``key`` the bare key. ``locator`` is the text after
    the key inside its item (``p. 3`` of ``[see @a, p. 3]``) or the bracket after a
    narrative citation (``@a [p. 3]``); ``narrative`` is set for bare ``@key``.
    """
    out: list[tuple[int, Citation]] = []
    covered: list[tuple[int, int]] = []
    if "@" not in text:
        return []
    for g in _GROUP_RE.finditer(text):
        if "@" not in g.group("body"):
            continue
        cites = _group_citations(text, index, g)
        if cites:
            covered.append((g.start(), g.end()))
            out += cites
    if narrative:
        out += _narrative_citations(text, index, covered)
    out.sort(key=lambda c: c[0])
    return [c for _, c in out if c.key is None or c.key in keys or not is_crossref_label(c.key)]


def _group_citations(text: str, index: LineIndex, g: re.Match[str]) -> list[tuple[int, Citation]]:
    """The citations of one bracket, or none when any ``;`` item lacks a key."""
    body, base = g.group("body"), g.start("body")
    found: list[tuple[int, Citation]] = []
    for item in _SEMI_RE.finditer(body):
        m = _CITE_RE.search(body, item.start(), item.end())
        if m is None:
            if item.group().strip():
                return []
            continue
        locator = body[m.end() : item.end()].strip(_LOC_TRIM)
        found.append((base + m.start(), _citation(text, index, m, base, locator or None, False)))
    return found


def _narrative_citations(
    text: str, index: LineIndex, covered: list[tuple[int, int]]
) -> list[tuple[int, Citation]]:
    found: list[tuple[int, Citation]] = []
    i = 0
    for m in _CITE_RE.finditer(text):
        while i < len(covered) and covered[i][1] <= m.start():
            i += 1
        if i < len(covered) and covered[i][0] <= m.start():
            continue  # inside a bracketed group
        loc = _NARR_LOCATOR_RE.match(text, m.end())
        locator = loc.group("loc").strip(_LOC_TRIM) or None if loc else None
        found.append((m.start(), _citation(text, index, m, 0, locator, True)))
    return found


def _citation(
    text: str, index: LineIndex, m: re.Match[str], base: int, locator: str | None, narr: bool
) -> Citation:
    start, end = base + m.start(), base + m.end()
    key = m.group("key") if m.group("key") is not None else m.group("bkey").strip()
    return Citation(
        span=index.span(start, end),
        style=STYLE,
        raw=text[start:end],
        key=key,
        locator=locator,
        narrative=narr,
    )


# ----------------------------------------------------------------------- front matter

_FRONT_RE = re.compile(
    r"\A\ufeff?---[ \t]*\r?\n(?P<body>.*?)\r?\n(?:---|\.\.\.)[ \t]*(?:\r?\n|\Z)", re.S
)
_BIB_LINE_RE = re.compile(r"^bibliography[ \t]*:[ \t]*(?P<value>.*?)[ \t]*$", re.I)
_ITEM_RE = re.compile(r"^[ \t]*-[ \t]+(?P<value>.*?)[ \t]*$")
_NOCITE_KEY = re.compile(rf"(?<![\w@\\])@(?:(?P<key>{_KEY}|\*)|\{{(?P<bkey>[^{{}}\n]{{1,300}})\}})")


@dataclass(slots=True)
class FrontMatter:
    """What a Pandoc document's YAML metadata says about its bibliography.

    ``bibliography``: the files it names, in order. ``references``: CSL items written
    in the metadata itself (Pandoc's ``references:`` field), ``None`` when there are
    none. ``nocite``: keys listed under ``nocite:`` (``"*"`` for ``@*``: every entry).
    ``body_offset``: where the YAML body starts in the text, for item positions.
    """

    bibliography: list[str] = field(default_factory=list)
    references: list[Any] | None = None
    nocite: list[str] = field(default_factory=list)
    body: str = ""
    body_offset: int = 0

    @property
    def names_bibliography(self) -> bool:
        return bool(self.bibliography) or bool(self.references)


def front_matter(text: str) -> FrontMatter | None:
    """The document's YAML front matter, or ``None`` when it opens with none.

    Read with a full YAML parser; front matter that YAML rejects (R Markdown is lax) is
    still searched for ``bibliography:`` line by line, so a document never loses its
    bibliography to a stray colon elsewhere in its metadata.
    """
    fm = _FRONT_RE.match(text[:1_000_000])
    if fm is None:
        return None
    body = fm.group("body")
    out = FrontMatter(body=body, body_offset=fm.start("body"))
    from refcheck.yamlload import YamlError, load_yaml  # PyYAML: only for front matter

    try:
        meta = load_yaml(body)
    except YamlError:
        out.bibliography = _bibliography_lines(body.splitlines())
        return out
    if not isinstance(meta, dict):
        return out
    out.bibliography = yaml_names(_key(meta, "bibliography"))
    refs = meta.get("references")
    if isinstance(refs, list) and refs:
        out.references = refs
    out.nocite = _nocite(meta.get("nocite"))
    return out


def _key(meta: dict[Any, Any], name: str) -> Any:
    """``meta[name]``, else the value of the key that is ``name`` in another case
    (ReScience's template writes ``Bibliography:``)."""
    if name in meta:
        return meta[name]
    for k, v in meta.items():
        if isinstance(k, str) and k.casefold() == name:
            return v
    return None


def yaml_names(value: Any) -> list[str]:
    """File names from a YAML ``bibliography:`` value: a string or a list of them."""
    items = value if isinstance(value, list) else [value]
    out = []
    for v in items:
        if isinstance(v, str | int | float) and str(v).strip():
            out.append(str(v).strip())
    return out


def _nocite(value: Any) -> list[str]:
    texts = value if isinstance(value, list) else [value]
    keys: list[str] = []
    for t in texts:
        if isinstance(t, str):
            for m in _NOCITE_KEY.finditer(t):
                keys.append(m.group("key") or m.group("bkey").strip())
    return keys


def front_matter_bibliography(text: str) -> list[str]:
    """The ``bibliography:`` files named in a document's YAML front matter, in order.

    Accepts a single name (``bibliography: refs.bib``), an inline list
    (``[a.bib, "b.json"]``) or a block list (``- a.bib`` lines). The front matter must
    open the document (``---`` on the first line, closed by ``---`` or ``...``).
    Returns ``[]`` when there is no such key.
    """
    fm = front_matter(text)
    return fm.bibliography if fm is not None else []


def _bibliography_lines(lines: list[str]) -> list[str]:
    """The ``bibliography:`` key read line by line, for front matter YAML rejects."""
    for i, line in enumerate(lines):
        m = _BIB_LINE_RE.match(line)
        if m is None:
            continue
        value = _strip_comment(m.group("value"))
        if value.startswith("["):
            return [v for v in map(_unquote, value.strip("[]").split(",")) if v]
        if value and value not in ("|", ">", "|-", ">-"):
            single = _unquote(value)
            return [single] if single else []
        return _block_list(lines[i + 1 :])
    return []


def _block_list(lines: list[str]) -> list[str]:
    names: list[str] = []
    for line in lines:
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        m = _ITEM_RE.match(line)
        if m is None:
            break
        name = _unquote(_strip_comment(m.group("value")))
        if name:
            names.append(name)
    return names


def _strip_comment(value: str) -> str:
    """Drop a YAML comment (`` #...``) outside quotes."""
    if value[:1] in "\"'" and len(value) > 1:
        close = value.find(value[0], 1)
        return value[: close + 1] if close > 0 else value.strip()
    cut = value.find(" #")
    return (value[:cut] if cut >= 0 else value).strip()


def _unquote(value: str) -> str:
    value = value.strip()
    if len(value) >= 2 and value[0] == value[-1] and value[0] in "\"'":
        value = value[1:-1]
    return value.strip()
