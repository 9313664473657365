"""OpenAlex (api.openalex.org): works by DOI, and by search when an API key is given.

Published limits (developers.openalex.org, "Authentication & Pricing", 2026): at most
100 requests per second for everyone; a daily budget — singleton lookups
(``/works/doi:…``) are free, a search costs $1 per 1,000 calls, and without a key the
budget is $0.01–0.10 a day (10–100 searches). So refcheck asks OpenAlex by DOI with or
without a key, and searches it only with one (``OPENALEX_API_KEY``). It paces itself
to 10 requests per second with 3 in flight, a tenth of the cap; a 429 (budget spent)
makes the rest of the run's OpenAlex lookups unverified, never findings.

Answer shapes (a work):
``{"id": "https://openalex.org/W…", "doi": "https://doi.org/10.…", "title": …,
"display_name": …, "publication_year": 2017, "type": "article" | "book" |
"book-chapter" | "preprint" | "dataset" | …, "authorships": [{"author":
{"display_name": "Ashish Vaswani"}, "raw_author_name": …}], "primary_location":
{"source": {"display_name": "Nature", "type": "journal" | "conference" |
"repository" | "book series"}}, "biblio": {"volume", "issue", "first_page",
"last_page"}, "is_retracted": false}``; a search: ``{"meta": {"count": …},
"results": [work, …]}``; an unknown DOI: 404. Quirks relied on: names come whole
(split here); ``title`` may be null (``display_name`` is the same text); one
``publication_year`` only, often the earliest version's (a preprint's), so a year one
off is not reported as a difference.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

from refcheck.sources import OPENALEX
from refcheck.sources import records as rec
from refcheck.sources.schema import SchemaError, expect_list, expect_object, optional_str

LIMITS = {"polite": (10.0, 3), "public": (10.0, 3)}  # requests per second, in flight
SEARCH_ROWS = 5
# Only documented, long-standing fields: one unknown name fails the whole request.
SELECT = (
    "id,doi,title,display_name,publication_year,type,authorships,primary_location,"
    "biblio,is_retracted"
)


def doi_path(doi: str) -> str:
    return "/works/doi:" + quote(doi, safe="/")


def doi_params() -> dict[str, str]:
    return {"select": SELECT}


def search_params(title: str) -> dict[str, str]:
    return {"search": title[:300], "per_page": str(SEARCH_ROWS), "select": SELECT}


_TYPES = {
    "book": "book",
    "book-chapter": "book-chapter",
    "dataset": "dataset",
    "preprint": "posted-content",
    "dissertation": "dissertation",
    "report": "report",
    "reference-entry": "reference-entry",
    "standard": "standard",
}


def _rtype(work: dict[str, Any], source_type: str) -> str:
    kind = work.get("type")
    if kind in _TYPES:
        return _TYPES[kind]
    if kind in ("article", "review", "letter", "editorial", "erratum"):
        if source_type == "journal":
            return "journal-article"
        if source_type == "conference":
            return "proceedings-article"
        return "article"  # not a Crossref type: neither journal nor book is assumed
    return "other-work"


def to_record(work: Any) -> rec.Record:
    """One OpenAlex work as a Crossref-shaped record (SchemaError if malformed)."""
    expect_object(work, "work")
    ident = optional_str(work, "id", "work")
    title = optional_str(work, "title", "work") or optional_str(work, "display_name", "work")
    names = []
    for i, authorship in enumerate(expect_list(work.get("authorships") or [], "authorships")):
        expect_object(authorship, f"authorships[{i}]")
        author = authorship.get("author") or {}
        expect_object(author, f"authorships[{i}].author")
        name = optional_str(author, "display_name", "author") or optional_str(
            authorship, "raw_author_name", "authorship"
        )
        if name:
            names.append(name)
    location = work.get("primary_location") or {}
    expect_object(location, "primary_location")
    source = location.get("source") or {}
    expect_object(source, "primary_location.source")
    source_type = optional_str(source, "type", "source") or ""
    biblio = work.get("biblio") or {}
    expect_object(biblio, "biblio")
    first = optional_str(biblio, "first_page", "biblio")
    last = optional_str(biblio, "last_page", "biblio")
    pages = f"{first}-{last}" if first and last and last != first else first
    year = work.get("publication_year")
    if year is not None and not isinstance(year, int):
        raise SchemaError("work.publication_year: expected an integer")
    doi = optional_str(work, "doi", "work")
    if doi:
        doi = doi.split("doi.org/", 1)[-1]
    rtype = _rtype(work, source_type)
    return rec.record(
        OPENALEX,
        title=title,
        authors=rec.people(names),
        year=year,
        rtype=rtype,
        ident=ident or "",
        doi=doi,
        container=optional_str(source, "display_name", "source"),
        volume=optional_str(biblio, "volume", "biblio"),
        issue=optional_str(biblio, "issue", "biblio"),
        pages=pages,
        preprint=rtype == "posted-content" or source_type == "repository",
        retracted=work.get("is_retracted") is True,
        extra={"refcheck-single-date": True},
    )


def parse_work(data: Any) -> rec.Record:
    return to_record(data)


def parse_search(data: Any) -> list[rec.Record]:
    expect_object(data, "answer")
    results = expect_list(data.get("results"), "results")
    return [to_record(w) for w in results]
