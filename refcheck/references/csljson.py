"""CSL JSON bibliographies (Pandoc's other ``bibliography:`` format) as ``Reference``s.

CSL JSON is a list of items such as ``{"id": "walt1987", "type": "book", "author":
[{"family": "Walt", "given": "Stephen M."}], "issued": {"date-parts": [[1987]]}, …}``
— the same field names Crossref uses. JSON keeps no positions, so each item's line is
found by looking for its ``"id"`` in the text; findings about an item point there.
"""

from __future__ import annotations

import json
import re
from typing import Any

from refcheck import doi
from refcheck.model import Name, Reference, Span
from refcheck.text import LineIndex

KINDS = {
    "article-journal": "article",
    "article": "article",
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
    """A CSL JSON file that is not a list of items."""


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


def _year(item: dict[str, Any]) -> str | None:
    issued = item.get("issued")
    if isinstance(issued, dict):
        parts = issued.get("date-parts")
        if isinstance(parts, list) and parts and isinstance(parts[0], list) and parts[0]:
            return str(parts[0][0])
        if issued.get("literal"):
            m = re.search(r"\b(1[5-9]|20)\d\d\b", str(issued["literal"]))
            return m.group() if m else None
    return None


def parse_csl(text: str, path: str) -> list[Reference]:
    """The items of a CSL JSON document; ``CslError`` when it is not one."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise CslError(f"{path}: not valid JSON ({exc.msg} at line {exc.lineno})") from None
    if isinstance(data, dict) and isinstance(data.get("items"), list):
        data = data["items"]
    if not isinstance(data, list):
        raise CslError(f"{path}: a CSL JSON bibliography is a list of items")
    index = LineIndex(text, path)
    # Where each item's "id" is, found in one pass (JSON keeps no positions).
    where = {m.group(1): m for m in reversed(list(_ID_RE.finditer(text)))}
    refs = []
    for item in data:
        if not isinstance(item, dict) or not item.get("id"):
            continue
        key = str(item["id"])
        m = where.get(key)
        span = index.span(m.start(), m.end()) if m else Span(path, 1, 1, 1, 2)
        ref = Reference(span=span, raw=json.dumps(item, ensure_ascii=False)[:300], key=key)
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
        ref.doi = doi.normalise(_text(item.get("DOI")))
        ref.url = _text(item.get("URL"))
        ref.isbn = _text(item.get("ISBN"))
        refs.append(ref)
    return refs
