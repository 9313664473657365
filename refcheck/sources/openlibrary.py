"""Open Library (openlibrary.org/search.json): books by ISBN and by title and author.

Published limits (openlibrary.org/developers/api): identify the application with a
User-Agent carrying a contact address; identified clients may make about 3 requests
per second, others 1. refcheck makes 1 per second, one at a time, either way.

One route serves both lookups: ``/search.json?q=isbn:9780…`` and ``/search.json?
title=…&author=…``, each with an explicit ``fields`` list. Why not ``/isbn/{isbn}.json``:
it answers with one *edition*, whose authors are only keys (``{"key":
"/authors/OL…A"}``, sometimes absent and kept on the *work* instead), and whose
``publish_date`` is free text ("March 2017", "c1998") — two or three further requests
per book to learn what the search gives in one: the work's author names, and the
publishers and years of all its editions.

Answer shape: ``{"numFound": 1, "start": 0, "docs": [{"key": "/works/OL…W", "title",
"subtitle", "author_name": ["Samuel Charap", …], "first_publish_year": 2016,
"publish_year": [2016, 2017], "publisher": ["Routledge", …], "isbn": ["978…", …],
"edition_count": 3}]}``. Quirks relied on: the lists aggregate every edition (a later
edition's year or publisher is not "another" one); ``subtitle`` is separate; any of
these fields may be missing; ``isbn`` mixes ISBN-10 and ISBN-13.
"""

from __future__ import annotations

from typing import Any

from refcheck.sources import OPENLIBRARY
from refcheck.sources import records as rec
from refcheck.sources.ids import isbn13
from refcheck.sources.schema import SchemaError, expect_list, expect_object, optional_str, strings

LIMITS = {"polite": (1.0, 1), "public": (1.0, 1)}
PATH = "/search.json"
ROWS = 5
FIELDS = (
    "key,title,subtitle,author_name,first_publish_year,publish_year,publisher,isbn,edition_count"
)


def isbn_params(isbn: str) -> dict[str, str]:
    return {"q": f"isbn:{isbn}", "fields": FIELDS, "limit": str(ROWS)}


def search_params(title: str, family: str | None) -> dict[str, str]:
    params = {"title": title[:200], "fields": FIELDS, "limit": str(ROWS)}
    if family:
        params["author"] = family
    return params


def _years(doc: dict[str, Any]) -> list[int]:
    raw = doc.get("publish_year") or []
    expect_list(raw, "publish_year")
    out = []
    for y in raw:
        if isinstance(y, bool) or not isinstance(y, int | str):
            raise SchemaError("publish_year: expected numbers")
        if isinstance(y, str) and not y.isdigit():
            continue
        out.append(int(y))
    return out


def to_record(doc: Any) -> rec.Record:
    expect_object(doc, "doc")
    first = doc.get("first_publish_year")
    if first is not None and (isinstance(first, bool) or not isinstance(first, int)):
        raise SchemaError("first_publish_year: expected an integer")
    isbns = sorted({i for i in (isbn13(x) for x in strings(doc.get("isbn"), "isbn")) if i})
    return rec.record(
        OPENLIBRARY,
        title=optional_str(doc, "title", "doc"),
        subtitle=optional_str(doc, "subtitle", "doc"),
        authors=rec.people(strings(doc.get("author_name"), "author_name")),
        year=first,
        rtype="book",
        ident=optional_str(doc, "key", "doc") or "",
        publishers=strings(doc.get("publisher"), "publisher")[:50] or None,
        years=_years(doc),
        extra={"refcheck-isbns": isbns},
    )


def parse_docs(data: Any) -> list[rec.Record]:
    expect_object(data, "answer")
    docs = expect_list(data.get("docs"), "docs")
    return [to_record(d) for d in docs]
