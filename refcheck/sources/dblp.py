"""DBLP (dblp.org/search/publ/api): computer-science journals, proceedings and CoRR.

Published limits (dblp.org FAQ, "Am I allowed to crawl the dblp website?"): no number,
but "you should always be fine when waiting for at least one or two seconds between
two consecutive requests"; beyond the limit DBLP answers 429 with Retry-After. refcheck
sends one request per second, one at a time, and honours Retry-After.

Two lookups: a title search (``q=<title words>&format=json&h=10``; ten hits, so the
conference, journal and CoRR versions of a paper all come back), and a venue listing
(``q=stream:conf/nips: year:2021``, paged by ``f``/``h`` up to ``@total``), which
tells whether DBLP indexes a venue-year at all and lists what it holds.

Answer shape: ``{"result": {"hits": {"@total": "2", "@sent": "2", "@first": "0",
"hit": [{"@score", "@id", "info": {"authors": {"author": [{"@pid", "text": "Ashish
Vaswani"}]}, "title": "Attention is All you Need.", "venue": "NIPS", "pages":
"5998-6008", "year": "2017", "type": "Conference and Workshop Papers", "key":
"conf/nips/VaswaniSPUJGKP17", "doi", "ee", "url"}}]}}}``. Quirks relied on: a single
author is an object, not a list; ``hit`` is absent when nothing matched; ``venue``
and ``ee`` may be lists; titles end with a full stop; homonymous authors carry a
four-digit number (``Wei Wang 0001``); counts are strings; arXiv preprints are
``Informal and Other Publications`` in venue ``CoRR``; titles keep LaTeX math
(``$k$-means``), read here as text.
"""

from __future__ import annotations

import re
from typing import Any

from refcheck.extract.latex import latex_to_text
from refcheck.sources import DBLP
from refcheck.sources import records as rec
from refcheck.sources.schema import (
    SchemaError,
    expect_list,
    expect_object,
    optional_str,
    strings,
)

LIMITS = {"polite": (1.0, 1), "public": (1.0, 1)}
PATH = "/search/publ/api"
SEARCH_ROWS = 10
LISTING_PAGE = 1000  # DBLP's largest page
LISTING_MAX = 6000  # a venue-year larger than this is not listed (none is, in 2026)

_TYPES = {
    "Conference and Workshop Papers": "proceedings-article",
    "Journal Articles": "journal-article",
    "Informal and Other Publications": "posted-content",
    "Informal Publications": "posted-content",
    "Books and Theses": "book",
    "Parts in Books or Collections": "book-chapter",
    "Editorship": "proceedings",
    "Reference Works": "reference-entry",
    "Data and Artifacts": "dataset",
}


def search_params(title: str) -> dict[str, str] | None:
    words = re.findall(r"[^\W_]+", title)
    if len(words) < 2:
        return None
    return {"q": " ".join(words)[:300], "format": "json", "h": str(SEARCH_ROWS)}


def listing_params(stream: str, year: str, first: int = 0) -> dict[str, str]:
    return {
        "q": f"stream:{stream}: year:{year}",
        "format": "json",
        "h": str(LISTING_PAGE),
        "f": str(first),
    }


def _authors(info: dict[str, Any]) -> list[dict[str, str]]:
    block = info.get("authors") or {}
    expect_object(block, "info.authors")
    raw = block.get("author") or []
    items = raw if isinstance(raw, list) else [raw]
    names = []
    for i, item in enumerate(items):
        if isinstance(item, dict):
            name = optional_str(item, "text", f"author[{i}]")
        elif isinstance(item, str):
            name = item
        else:
            raise SchemaError(f"author[{i}]: expected an object or a string")
        if name:
            names.append(name)
    return rec.people(names)


def to_record(hit: Any) -> rec.Record:
    expect_object(hit, "hit")
    info = expect_object(hit.get("info"), "hit.info")
    title = latex_to_text((optional_str(info, "title", "info") or "").rstrip("."))
    kind = optional_str(info, "type", "info") or ""
    venues = strings(info.get("venue"), "info.venue")
    venue = venues[0] if venues else None
    rtype = _TYPES.get(kind, "other-work")
    preprint = rtype == "posted-content" or venue == "CoRR"
    journal = rtype == "journal-article"
    return rec.record(
        DBLP,
        title=title,
        authors=_authors(info),
        year=optional_str(info, "year", "info"),
        rtype="posted-content" if preprint else rtype,
        ident=optional_str(info, "key", "info") or "",
        doi=optional_str(info, "doi", "info"),
        container=venue if journal else None,
        venue=venue,
        volume=optional_str(info, "volume", "info") if journal else None,
        issue=optional_str(info, "number", "info") if journal else None,
        pages=optional_str(info, "pages", "info"),
        preprint=preprint,
    )


def parse_hits(data: Any) -> tuple[list[rec.Record], int]:
    """The hits of an answer and DBLP's ``@total`` (how many there are in all)."""
    expect_object(data, "answer")
    result = expect_object(data.get("result"), "result")
    hits = expect_object(result.get("hits"), "result.hits")
    total_text = optional_str(hits, "@total", "hits") or "0"
    if not total_text.isdigit():
        raise SchemaError("hits.@total: expected a number")
    raw = hits.get("hit") or []
    items = raw if isinstance(raw, list) else [raw]
    expect_list(items, "hits.hit")
    return [to_record(h) for h in items], int(total_text)
