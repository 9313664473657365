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

import re

from refcheck.model import Citation
from refcheck.text import LineIndex

__all__ = ["extract_pandoc", "front_matter_bibliography"]

STYLE = "pandoc"

_KEY = r"[^\W](?:[^\W]|[:.#$%&\-+?<>~/](?=[^\W]))*"
_CITE = rf"(?<![\w@\\])(?P<minus>-)?@(?:(?P<key>{_KEY})|\{{(?P<bkey>[^{{}}\n]{{1,300}})\}})"
_CITE_RE = re.compile(_CITE)
# A bracket with no nested brackets and no blank line, at most 2,000 characters.
_GROUP_RE = re.compile(r"(?<!\\)\[(?P<body>(?:[^\[\]\n]|\n(?![ \t]*\n)){1,2000})\](?![(\[])")
_NARR_LOCATOR_RE = re.compile(r"[ \t]?\[(?P<loc>[^\[\]@\n]{1,200})\](?![(\[])")
_SEMI_RE = re.compile(r"[^;]+")
_LOC_TRIM = " \t\n,;"


# pandoc-crossref's labels (@fig:map, @tbl:results, @sec:intro, @eq:1) are not citations.
_CROSSREF_LABEL = re.compile(r"(?:fig|tbl|sec|eq|lst|thm|lem|def|cor):", re.I)


def extract_pandoc(text: str, index: LineIndex) -> list[Citation]:
    """Every Pandoc citation of ``text``, one per key, in document order (pandoc-crossref
    labels such as ``@fig:map`` are not citations).

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
    out += _narrative_citations(text, index, covered)
    out.sort(key=lambda c: c[0])
    return [c for _, c in out if not _CROSSREF_LABEL.match(c.key or "")]


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
_BIB_LINE_RE = re.compile(r"^bibliography[ \t]*:[ \t]*(?P<value>.*?)[ \t]*$")
_ITEM_RE = re.compile(r"^[ \t]*-[ \t]+(?P<value>.*?)[ \t]*$")


def front_matter_bibliography(text: str) -> list[str]:
    """The ``bibliography:`` files named in a document's YAML front matter, in order.

    Accepts a single name (``bibliography: refs.bib``), an inline list
    (``[a.bib, "b.json"]``) or a block list (``- a.bib`` lines). The front matter must
    open the document (``---`` on the first line, closed by ``---`` or ``...``). A
    small line reader, not a YAML library: it only needs this one key, and must not
    fail on front matter that a full YAML parser would reject. Returns ``[]`` when
    there is no such key.
    """
    fm = _FRONT_RE.match(text[:200_000])
    if fm is None:
        return []
    lines = fm.group("body").splitlines()
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
