"""CSL JSON and CSL YAML bibliographies (Pandoc's other ``bibliography:`` formats, and
the ``references:`` of a document's own metadata) as ``Reference``s.

CSL JSON is a list of items such as ``{"id": "walt1987", "type": "book", "author":
[{"family": "Walt", "given": "Stephen M."}], "issued": {"date-parts": [[1987]]}, …}``
— the same field names Crossref uses. JSON keeps no positions, so each item's line is
found by looking for its ``"id"`` (``id:`` in YAML) in the text; findings about an item
point there.
"""

from __future__ import annotations

import json
from typing import Any

from refcheck import doi
from refcheck import lazyre as re
from refcheck.model import Name, Reference, Span
from refcheck.text import LineIndex

KINDS = {
    "article-journal": "article",
    # CSL's "article" is a preprint, working paper or manuscript (CSL 1.0.2), the type
    # Zotero gives arXiv and SSRN items: it has no journal volume and pages.
    "article": "preprint",
    "article-magazine": "article",
    "article-newspaper": "article",
    "book": "book",
    "chapter": "chapter",
    "paper-conference": "conference",
    "report": "report",
    "thesis": "thesis",
    "webpage": "web",
    "post-weblog": "web",
    "post": "web",
}


_ID_RE = re.compile(r'"id"\s*:\s*"([^"\\]*)"')


class CslError(Exception):
    """A CSL JSON or YAML file that is not a list of items."""


def _text(value: Any) -> str | None:
    if isinstance(value, list):
        value = value[0] if value else None
    if value is None or isinstance(value, dict | list):
        return None
    text = " ".join(str(value).split())
    return text or None


def _names(people: Any) -> list[Name]:
    out = []
    for p in people if isinstance(people, list) else []:
        if not isinstance(p, dict):
            continue
        particle = " ".join(str(p.get(k, "")) for k in ("non-dropping-particle",) if p.get(k))
        family = " ".join(filter(None, [particle, str(p.get("family") or p.get("literal") or "")]))
        if family:
            out.append(Name(family, str(p.get("given") or "")))
    return out


_YEAR_IN_TEXT = re.compile(r"(?<!\d)(1[5-9]|20)\d\d(?!\d)")


def _year(item: dict[str, Any]) -> str | None:
    """The year of ``issued`` in every form CSL JSON and Pandoc's CSL YAML write it:
    ``{"date-parts": [[2020, 3]]}``, ``{"raw"|"literal": "2020"}``, ``2020``,
    ``2020-03-01`` or an EDTF range, ``[{year: 2020}]``; "in press" from ``status``."""
    issued = item.get("issued")
    if isinstance(issued, list) and issued and isinstance(issued[0], dict):
        issued = {"date-parts": [[issued[0].get("year")]]}
    if isinstance(issued, dict):
        parts = issued.get("date-parts")
        first = parts[0] if isinstance(parts, list) and parts else None
        if isinstance(first, list) and first and first[0] not in (None, ""):
            return str(first[0])
        issued = issued.get("literal") or issued.get("raw")
    if isinstance(issued, int | str) and not isinstance(issued, bool):
        m = _YEAR_IN_TEXT.search(str(issued))
        if m:
            return m.group()
    status = str(item.get("status") or "").strip().casefold()
    if status in ("in press", "forthcoming", "in-press"):
        return "in press"
    return None


def parse_csl(text: str, path: str) -> list[Reference]:
    """The items of a CSL JSON document; ``CslError`` when it is not one."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise CslError(f"{path}: not valid JSON ({exc.msg} at line {exc.lineno})") from None
    except RecursionError:
        raise CslError(f"{path}: JSON nested too deeply") from None
    if isinstance(data, dict) and isinstance(data.get("items"), list):
        data = data["items"]
    if not isinstance(data, list):
        raise CslError(f"{path}: a CSL JSON bibliography is a list of items")
    # Where each item's "id" is, found in one pass (JSON keeps no positions).
    where = {m.group(1): (m.start(), m.end()) for m in reversed(list(_ID_RE.finditer(text)))}
    return csl_references(data, LineIndex(text, path), where)


# "id: walt1987" / "- id: 'walt1987'" at a line start: where a CSL YAML item is.
_YAML_ID_RE = re.compile(
    r"""^[ \t]*(?:-[ \t]+)?id[ \t]*:[ \t]*["']?([^"'\n#]*?)["']?[ \t]*(?:#.*)?$""", re.M
)


def parse_csl_yaml(text: str, path: str) -> list[Reference]:
    """The items of a CSL YAML bibliography (Pandoc's ``.yaml`` format): a
    ``references:`` list, with or without the ``---`` lines, or a bare list of items.
    ``CslError`` when it is not one."""
    from refcheck.yamlload import YamlError, load_yaml  # PyYAML: only when YAML is read

    body = text
    m = re.match(r"\A---[ \t]*\n(.*?)\n(?:---|\.\.\.)[ \t]*(?:\n|\Z)", text, re.S)
    if m:
        body = m.group(1)
    try:
        data = load_yaml(body)
    except YamlError as exc:
        raise CslError(f"{path}: not valid YAML ({exc})") from None
    if isinstance(data, dict):
        data = data.get("references")
    if not isinstance(data, list):
        raise CslError(f"{path}: a CSL YAML bibliography is a 'references:' list of items")
    return csl_references(data, LineIndex(text, path), yaml_id_positions(text))


def yaml_id_positions(text: str, offset: int = 0) -> dict[str, tuple[int, int]]:
    """Each ``id: key`` line's key → (start, end) offsets (plus ``offset``), first kept."""
    where: dict[str, tuple[int, int]] = {}
    for m in _YAML_ID_RE.finditer(text):
        where.setdefault(m.group(1).strip(), (offset + m.start(1), offset + m.end(1)))
    return where


def csl_references(
    items: list[Any], index: LineIndex, where: dict[str, tuple[int, int]]
) -> list[Reference]:
    """CSL items (from JSON or YAML) as references; ``where`` maps an id to its offsets."""
    refs = []
    path = index.path
    for item in items:
        if not isinstance(item, dict) or not item.get("id"):
            continue
        key = str(item["id"])
        pos = where.get(key)
        span = index.span(pos[0], max(pos[1], pos[0] + 1)) if pos else Span(path, 1, 1, 1, 2)
        ref = Reference(
            span=span, raw=json.dumps(item, ensure_ascii=False, default=str)[:300], key=key
        )
        ref.kind = KINDS.get(str(item.get("type", "")), "unknown")
        ref.authors = _names(item.get("author"))
        ref.editors = _names(item.get("editor"))
        ref.year = _year(item)
        ref.title = _text(item.get("title"))
        ref.container = _text(item.get("container-title"))
        ref.volume = _text(item.get("volume"))
        ref.issue = _text(item.get("issue"))
        page = _text(item.get("page"))
        ref.pages = re.sub(r"\s*[-–—]+\s*", "-", page) if page else None
        ref.publisher = _text(item.get("publisher"))
        ref.doi = doi.normalise(_text(item.get("DOI") or item.get("doi")))
        ref.url = _text(item.get("URL") or item.get("url"))
        ref.isbn = _text(item.get("ISBN"))
        refs.append(ref)
    return refs
