"""DataCite (api.datacite.org): DOIs of datasets, software, preprints and theses.

Published limits (support.datacite.org, "DataCite API Rate Limits"): 1,000 requests
per 5 minutes per IP for identified clients (a User-Agent with an e-mail address, or a
``mailto`` parameter), 500 for unidentified ones; 429 beyond. refcheck identifies
itself when given ``--mailto`` and paces evenly inside the window: 3.3 or 1.6
requests per second, 2 in flight.

Asked by DOI only: for prefixes only DataCite registers (Zenodo 10.5281, figshare
10.6084, Dryad 10.5061, …) and for DOIs Crossref's agency check names DataCite. A
DataCite search is not a reliable "no such work", so it is never asked.

Answer shape (JSON:API): ``{"data": {"id": "10.5281/zenodo.1", "type": "dois",
"attributes": {"doi", "titles": [{"title"}, {"title", "titleType": "Subtitle"}],
"creators": [{"name": "Smith, John", "nameType": "Personal", "givenName",
"familyName"}], "publisher": "Zenodo" | {"name": "Zenodo"}, "publicationYear": 2020,
"types": {"resourceTypeGeneral": "Dataset" | "Software" | "Preprint" | …},
"container": {"title"}, "relatedIdentifiers": […]}}}``; an unknown DOI: 404 with
``{"errors": [{"status": "404", "title": …}]}``. Quirks relied on: ``publisher`` is a
string in older records and an object in newer ones; the primary title is the one
without ``titleType``; organisations have ``nameType: Organizational`` and no family.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

from refcheck.sources import DATACITE
from refcheck.sources import records as rec
from refcheck.sources.schema import SchemaError, expect_list, expect_object, optional_str

LIMITS = {"polite": (1000 / 300, 2), "public": (500 / 300, 2)}

_TYPES = {
    "Dataset": "dataset",
    "Software": "software",
    "Preprint": "posted-content",
    "JournalArticle": "journal-article",
    "ConferencePaper": "proceedings-article",
    "Book": "book",
    "BookChapter": "book-chapter",
    "Dissertation": "dissertation",
    "Report": "report",
}


def doi_path(doi: str) -> str:
    return "/dois/" + quote(doi, safe="/")


def doi_params() -> dict[str, str]:
    return {}  # ``publisher`` may come as a string or an object: both are read


def _titles(attrs: dict[str, Any]) -> tuple[str | None, str | None]:
    main = sub = None
    for i, item in enumerate(expect_list(attrs.get("titles") or [], "titles")):
        expect_object(item, f"titles[{i}]")
        text = optional_str(item, "title", f"titles[{i}]")
        kind = optional_str(item, "titleType", f"titles[{i}]")
        if not text:
            continue
        if kind is None and main is None:
            main = text
        elif kind == "Subtitle" and sub is None:
            sub = text
    return main, sub


def _creators(attrs: dict[str, Any]) -> list[dict[str, str]]:
    out: list[dict[str, str]] = []
    for i, item in enumerate(expect_list(attrs.get("creators") or [], "creators")):
        expect_object(item, f"creators[{i}]")
        family = optional_str(item, "familyName", "creator")
        given = optional_str(item, "givenName", "creator") or ""
        name = optional_str(item, "name", "creator") or ""
        if family:
            out.append({"family": family, "given": given})
        elif optional_str(item, "nameType", "creator") == "Organizational" and name:
            out.append({"name": name, "family": name})
        elif name:
            out.append(rec.split_name(name))
    return [p for p in out if p]


def to_record(data: Any) -> rec.Record:
    expect_object(data, "answer")
    item = expect_object(data.get("data"), "data")
    attrs = expect_object(item.get("attributes"), "data.attributes")
    title, subtitle = _titles(attrs)
    types = attrs.get("types") or {}
    expect_object(types, "types")
    general = optional_str(types, "resourceTypeGeneral", "types") or ""
    publisher = attrs.get("publisher")
    if isinstance(publisher, dict):
        publisher = optional_str(publisher, "name", "publisher")
    elif publisher is not None and not isinstance(publisher, str):
        raise SchemaError("publisher: expected a string or an object")
    container = attrs.get("container") or {}
    expect_object(container, "container")
    year = optional_str(attrs, "publicationYear", "attributes")
    rtype = _TYPES.get(general, "other-work")
    return rec.record(
        DATACITE,
        title=title,
        subtitle=subtitle,
        authors=_creators(attrs),
        year=year,
        rtype=rtype,
        ident=optional_str(item, "id", "data") or "",
        doi=optional_str(attrs, "doi", "attributes") or optional_str(item, "id", "data"),
        container=optional_str(container, "title", "container"),
        publishers=[publisher] if publisher else None,
        preprint=rtype == "posted-content",
    )


def parse_work(data: Any) -> rec.Record:
    return to_record(data)
