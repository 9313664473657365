"""A loopback stand-in for Crossref and the second sources, for end-to-end runs and benchmarks.

One threaded server on 127.0.0.1 answers, under a path prefix per source, in each
source's documented shape (fixtures/sources/README.md):

- ``/crossref``: ``/works?filter=doi:…``, ``/works/{doi}``, ``/works/{doi}/agency``,
  ``/works?query.bibliographic=…``;
- ``/openalex``: ``/works/doi:{doi}``, ``/works?search=…``;
- ``/datacite``: ``/dois/{doi}``;
- ``/arxiv``: ``/api/query?id_list=…`` (entries in reverse order, as arXiv may send
  them) and ``?search_query=ti:… AND au:…``;
- ``/dblp``: ``/search/publ/api?q=…`` (every query word must prefix a word of the
  record, as DBLP's search does) and ``q=stream:conf/x: year:Y`` listings, paged;
- ``/openlibrary``: ``/search.json?q=isbn:…`` and ``?title=…&author=…``.

The world is a list of ``Work``s, each held by the sources named in its ``sources``;
each source renders it its own way, with its documented quirks (DBLP's trailing full
stop and homonym numbers, arXiv's wrapped titles and version-1 year, OpenAlex's whole
names, Open Library's edition lists). ``faults`` puts a source into a failure mode for
every request: ``429``, ``500``, ``stall``, ``junk`` (a 200 whose body is not the
source's format). ``limits`` makes a source enforce request rates and concurrency
(``speedup`` times faster), answering 429 with Retry-After beyond them, as the pacing
benchmark needs; requests and 429s are counted per source.
"""

from __future__ import annotations

import json
import re
import threading
import time
import zlib
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler
from typing import Any
from urllib.parse import parse_qs, unquote, urlsplit
from xml.sax.saxutils import escape

from refcheck.extract.latex import latex_to_text
from tests.crossref_server import LoopbackServer

SOURCES = ("crossref", "openalex", "datacite", "arxiv", "dblp", "openlibrary")


@dataclass
class Work:
    """One real work of the stand-in's world, in neutral form."""

    title: str
    authors: list[str]  # full names, "Ashish Vaswani"
    year: int
    kind: str = "article"  # article, conference, preprint, book, chapter, dataset, software
    venue: str = ""  # DBLP's short venue: "NeurIPS", "ICML", "CoRR", "J. Mach. Learn. Res."
    stream: str = ""  # DBLP stream: "conf/nips"
    journal: str = ""  # full journal or proceedings name (Crossref, OpenAlex)
    volume: str = ""
    issue: str = ""
    pages: str = ""
    doi: str = ""
    arxiv: str = ""
    arxiv_year: int | None = None  # version 1's year, when it precedes ``year``
    isbns: list[str] = field(default_factory=list)
    publishers: list[str] = field(default_factory=list)
    edition_years: list[int] = field(default_factory=list)
    subtitle: str = ""
    sources: frozenset[str] = frozenset(SOURCES)
    homonyms: dict[str, str] = field(default_factory=dict)  # DBLP: name → "0001"
    agency: str = ""  # the DOI's registration agency when not Crossref's ("mEDRA")

    def words(self) -> set[str]:
        text = " ".join([self.title, self.subtitle, *self.authors, self.journal, self.venue])
        return set(_words(text))


def _words(text: str) -> list[str]:
    return [w for w in re.findall(r"[^\W_]+", text.casefold())]


def _stable(text: str) -> int:
    return zlib.crc32(text.encode("utf-8"))


def _family(full: str) -> str:
    return full.split()[-1] if full.split() else full


def _given(full: str) -> str:
    return " ".join(full.split()[:-1])


# --- renderings, one per source ----------------------------------------------------------

_CROSSREF_TYPES = {
    "article": "journal-article",
    "conference": "proceedings-article",
    "preprint": "posted-content",
    "book": "book",
    "chapter": "book-chapter",
    "dataset": "dataset",
    "software": "dataset",
}


def crossref_item(w: Work) -> dict[str, Any]:
    item: dict[str, Any] = {
        "DOI": w.doi,
        "type": _CROSSREF_TYPES[w.kind],
        "title": [latex_to_text(w.title)],  # Crossref keeps text (or MathML), not LaTeX
        "author": [
            {
                "given": _given(a),
                "family": _family(a),
                "sequence": "first" if i == 0 else "additional",
            }
            for i, a in enumerate(w.authors)
        ],
        "issued": {"date-parts": [[w.year]]},
        "container-title": [w.journal] if w.journal else [],
    }
    if w.subtitle:
        item["subtitle"] = [w.subtitle]
    for key, value in (("volume", w.volume), ("issue", w.issue), ("page", w.pages)):
        if value:
            item[key] = value
    if w.publishers:
        item["publisher"] = w.publishers[0]
    return item


def openalex_work(w: Work) -> dict[str, Any]:
    first, _, last = w.pages.partition("-")
    source_type = {"article": "journal", "conference": "conference", "preprint": "repository"}
    kind = {"article": "article", "conference": "article", "preprint": "preprint"}
    return {
        "id": f"https://openalex.org/W{_stable(w.title) % 10**10}",
        "doi": f"https://doi.org/{w.doi}" if w.doi else None,
        "title": latex_to_text(w.title) + (f": {w.subtitle}" if w.subtitle else ""),
        "display_name": latex_to_text(w.title),
        # One date only, the earliest version's (a preprint's) when there is one.
        "publication_year": w.arxiv_year or w.year,
        "type": kind.get(w.kind, w.kind if w.kind != "chapter" else "book-chapter"),
        "authorships": [
            {
                "author_position": "first" if i == 0 else "middle",
                "author": {"id": f"https://openalex.org/A{i}", "display_name": a},
                "raw_author_name": a,
            }
            for i, a in enumerate(w.authors)
        ],
        "primary_location": {
            "source": {"display_name": w.journal or w.venue, "type": source_type.get(w.kind)}
            if (w.journal or w.venue)
            else None
        },
        "biblio": {
            "volume": w.volume or None,
            "issue": w.issue or None,
            "first_page": first or None,
            "last_page": last or None,
        },
        "is_retracted": False,
    }


def datacite_doc(w: Work) -> dict[str, Any]:
    general = {"dataset": "Dataset", "software": "Software", "preprint": "Preprint"}
    creators = []
    for a in w.authors:
        if len(a.split()) > 3 or a.lower().startswith("the "):
            creators.append({"name": a, "nameType": "Organizational", "affiliation": []})
        else:
            creators.append(
                {
                    "name": f"{_family(a)}, {_given(a)}",
                    "nameType": "Personal",
                    "givenName": _given(a),
                    "familyName": _family(a),
                    "affiliation": [],
                }
            )
    return {
        "data": {
            "id": w.doi,
            "type": "dois",
            "attributes": {
                "doi": w.doi,
                "creators": creators,
                "titles": [{"title": w.title}],
                "publisher": {"name": w.publishers[0]} if w.publishers else "Zenodo",
                "container": {},
                "publicationYear": w.year,
                "types": {"resourceTypeGeneral": general.get(w.kind, "Text")},
                "state": "findable",
            },
        }
    }


def arxiv_entry(w: Work) -> str:
    # Titles wrap with runs of spaces; <published> is version 1's date.
    title = escape(w.title)
    words = title.split(" ")
    if len(words) > 6:
        title = " ".join(words[:6]) + "\n  " + " ".join(words[6:])
    authors = "".join(f"<author><name>{escape(a)}</name></author>" for a in w.authors)
    year = w.arxiv_year or w.year
    return (
        f"<entry><id>http://arxiv.org/abs/{w.arxiv}v2</id>"
        f"<updated>{year}-06-01T00:00:00Z</updated><published>{year}-05-01T00:00:00Z</published>"
        f"<title>{title}</title><summary>An abstract.</summary>{authors}"
        f'<link href="http://arxiv.org/abs/{w.arxiv}v2" rel="alternate" type="text/html"/>'
        f'<arxiv:primary_category xmlns:arxiv="http://arxiv.org/schemas/atom" term="cs.LG"/>'
        f"</entry>"
    )


def arxiv_feed(entries: list[str], total: int) -> str:
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n<feed xmlns="http://www.w3.org/2005/Atom">'
        '<title type="html">ArXiv Query</title><id>http://arxiv.org/api/x</id>'
        '<opensearch:totalResults xmlns:opensearch="http://a9.com/-/spec/opensearch/1.1/">'
        f"{total}</opensearch:totalResults>{''.join(entries)}</feed>"
    )


def dblp_hits(w: Work) -> list[dict[str, Any]]:
    """DBLP's records of a work: the venue version, and CoRR when it is on arXiv."""
    out = []
    names = [f"{a} {w.homonyms[a]}" if a in w.homonyms else a for a in w.authors]
    author = [{"@pid": f"p/{i}", "text": n} for i, n in enumerate(names)]
    authors = {"author": author[0] if len(author) == 1 else author}
    versions = []
    if w.venue and w.venue != "CoRR":
        kind = "Journal Articles" if w.kind == "article" else "Conference and Workshop Papers"
        versions.append((w.venue, w.year, kind, w.stream or "conf/x"))
    if w.arxiv or w.venue == "CoRR":
        versions.append(
            ("CoRR", w.arxiv_year or w.year, "Informal and Other Publications", "journals/corr")
        )
    for venue, year, kind, stream in versions:
        info: dict[str, Any] = {
            "authors": authors,
            "title": w.title + ".",
            "venue": venue,
            "year": str(year),
            "type": kind,
            "key": f"{stream}/{_family(w.authors[0]) if w.authors else 'x'}{year % 100:02d}",
        }
        if w.pages and venue != "CoRR":
            info["pages"] = w.pages
        if venue == "CoRR":
            info["volume"] = f"abs/{w.arxiv}" if w.arxiv else "abs/0000.00000"
        elif w.kind == "article":
            info["volume"] = w.volume
        if w.doi and venue != "CoRR":
            info["doi"] = w.doi.upper()
        out.append(
            {
                "@score": "5",
                "@id": str(_stable(w.title + venue) % 10**7),
                "info": info,
                "stream": stream,
            }
        )
    return out


def _hit_words(hit: dict[str, Any]) -> list[str]:
    """The words DBLP's search matches in a hit: title, venue, year, authors."""
    info = hit["info"]
    people = info["authors"]["author"]
    people = people if isinstance(people, list) else [people]
    return _words(
        " ".join([info["title"], info["venue"], info["year"], *(p["text"] for p in people)])
    )


def openlibrary_doc(w: Work) -> dict[str, Any]:
    return {
        "key": f"/works/OL{_stable(w.title) % 10**7}W",
        "title": w.title,
        **({"subtitle": w.subtitle} if w.subtitle else {}),
        "author_name": w.authors,
        "first_publish_year": min(w.edition_years or [w.year]),
        "publish_year": w.edition_years or [w.year],
        "publisher": w.publishers,
        "isbn": w.isbns,
        "edition_count": len(w.edition_years) or 1,
    }


def _envelope(kind: str, message: Any) -> dict[str, Any]:
    return {"status": "ok", "message-type": kind, "message-version": "1.0.0", "message": message}


# --- the server ----------------------------------------------------------------------------


class Bucket:
    """A token bucket without burst beyond ``capacity``, refilled ``rate`` per second."""

    def __init__(self, capacity: float, rate: float):
        self.capacity, self.rate = capacity, rate
        self.tokens, self.stamp = capacity, time.monotonic()

    def take(self) -> bool:
        now = time.monotonic()
        self.tokens = min(self.capacity, self.tokens + (now - self.stamp) * self.rate)
        self.stamp = now
        if self.tokens >= 1:
            self.tokens -= 1
            return True
        return False


class FakeSources(LoopbackServer):
    """The stand-in; ``base(source)`` is the base URL to give refcheck for a source."""

    def __init__(
        self,
        works: list[Work],
        faults: dict[str, str] | None = None,
        limits: dict[str, tuple[float, int]] | None = None,
        speedup: float = 1.0,
        latency: float = 0.0,
    ):
        self.works = works
        self.faults = dict(faults or {})
        self.limits = dict(limits or {})
        self.speedup = speedup
        self.latency = latency
        self.stall_seconds = 5.0
        self.lock = threading.Lock()
        self.requests: dict[str, list[str]] = {s: [] for s in SOURCES}
        self.throttled: dict[str, int] = dict.fromkeys(SOURCES, 0)
        self.in_flight: dict[str, int] = dict.fromkeys(SOURCES, 0)
        self.buckets = {
            s: Bucket(max(1.0, rate), rate * speedup) for s, (rate, _) in self.limits.items()
        }
        # Indexes, so that a benchmark's thousands of lookups stay cheap.
        self._held = {s: [w for w in works if s in w.sources] for s in SOURCES}
        self._wordsets = {s: [w.words() for w in ws] for s, ws in self._held.items()}
        self._dblp_index = [hit for w in self._held["dblp"] for hit in dblp_hits(w)]
        self._dblp_words = [_hit_words(x) for x in self._dblp_index]
        self.serve(self._handler())
        # A client closing a kept-alive connection is no error worth a traceback.
        self.server.handle_error = lambda request, address: None  # type: ignore[method-assign]

    def base(self, source: str) -> str:
        return f"{self.url}/{source}"

    def env(self) -> dict[str, str]:
        """The environment that points refcheck's second sources here."""
        return {f"REFCHECK_{s.upper()}_URL": self.base(s) for s in SOURCES if s != "crossref"}

    def held(self, source: str) -> list[Work]:
        return self._held[source]

    # --- admission (rate limits) ---------------------------------------------------------

    def admit(self, source: str) -> bool:
        with self.lock:
            if source not in self.limits:
                self.in_flight[source] += 1
                return True
            _, concurrency = self.limits[source]
            if self.in_flight[source] >= concurrency or not self.buckets[source].take():
                self.throttled[source] += 1
                return False
            self.in_flight[source] += 1
            return True

    def announce(self, source: str) -> dict[str, str]:
        """Limits announced as Crossref announces them (``x-rate-limit-*``). refcheck
        follows announced limits, so an end-to-end run is not paced at DBLP's or arXiv's
        real rates (which announce none); a source with enforced ``limits`` (the pacing
        benchmark) announces nothing, and is paced at its published limits."""
        if source in self.limits:
            return {}
        return {
            "x-rate-limit-limit": "50",
            "x-rate-limit-interval": "1s",
            "x-concurrency-limit": "3",
        }

    def done(self, source: str) -> None:
        with self.lock:
            self.in_flight[source] -= 1

    # --- routes ----------------------------------------------------------------------------

    def answer(self, source: str, path: str, q: dict[str, list[str]]) -> tuple[int, str, str]:
        """(status, content type, body) for one request."""
        one = {k: v[0] for k, v in q.items()}
        if source == "crossref":
            return self._crossref(path, one)
        if source == "openalex":
            return self._openalex(path, one)
        if source == "datacite":
            doi = unquote(path[len("/dois/") :]).lower() if path.startswith("/dois/") else ""
            for w in self.held("datacite"):
                if w.doi.lower() == doi:
                    return 200, "application/vnd.api+json", json.dumps(datacite_doc(w))
            body = {
                "errors": [
                    {"status": "404", "title": "The resource you are looking for doesn't exist."}
                ]
            }
            return 404, "application/vnd.api+json", json.dumps(body)
        if source == "arxiv":
            return self._arxiv(one)
        if source == "dblp":
            return self._dblp(one)
        return self._openlibrary(one)

    def _crossref(self, path: str, q: dict[str, str]) -> tuple[int, str, str]:
        held = {w.doi.lower(): w for w in self.held("crossref") if w.doi}
        if path.startswith("/works/"):
            doi = unquote(path[len("/works/") :]).lower()
            if doi.endswith("/agency"):
                doi = doi[: -len("/agency")]
                agency = {"id": "crossref", "label": "Crossref"}
                if doi.startswith(("10.5281/", "10.48550/")) or any(
                    w.doi.lower() == doi for w in self.held("datacite")
                ):
                    agency = {"id": "datacite", "label": "DataCite"}
                for w in self.works:
                    if w.agency and w.doi.lower() == doi:
                        agency = {"id": w.agency.lower(), "label": w.agency}
                return (
                    200,
                    "application/json",
                    json.dumps(_envelope("work-agency", {"DOI": doi, "agency": agency})),
                )
            if doi in held:
                return (
                    200,
                    "application/json",
                    json.dumps(_envelope("work", crossref_item(held[doi]))),
                )
            return 404, "text/plain", "Resource not found."
        rows = int(q.get("rows", "20"))
        if "filter" in q:
            wanted = [f[4:].lower() for f in q["filter"].split(",")]
            items = [crossref_item(held[d]) for d in wanted if d in held]
        else:
            items = [
                crossref_item(w)
                for w in self._rank("crossref", q.get("query.bibliographic", ""), rows)
            ]
        msg = {"total-results": len(items), "items": items}
        return 200, "application/json", json.dumps(_envelope("work-list", msg))

    def _rank(self, source: str, query: str, rows: int) -> list[Work]:
        """Candidates by shared words, as a relevance search would: always something."""
        wanted = {w for w in _words(query) if len(w) > 2}
        scored = [(len(wanted & words), i) for i, words in enumerate(self._wordsets[source])]
        scored.sort(key=lambda x: (-x[0], x[1]))
        held = self.held(source)
        return [held[i] for s, i in scored[:rows] if s > 0]

    def _openalex(self, path: str, q: dict[str, str]) -> tuple[int, str, str]:
        if path.startswith("/works/doi:"):
            doi = unquote(path[len("/works/doi:") :]).lower()
            for w in self.held("openalex"):
                if w.doi.lower() == doi:
                    return 200, "application/json", json.dumps(openalex_work(w))
            return (
                404,
                "application/json",
                json.dumps({"error": "NotFoundError", "message": "not found"}),
            )
        rows = int(q.get("per_page", "25"))
        results = [openalex_work(w) for w in self._rank("openalex", q.get("search", ""), rows)]
        body = {
            "meta": {"count": len(results), "page": 1, "per_page": rows},
            "results": results,
            "group_by": [],
        }
        return 200, "application/json", json.dumps(body)

    def _arxiv(self, q: dict[str, str]) -> tuple[int, str, str]:
        held = self.held("arxiv")
        if q.get("id_list"):
            ids = q["id_list"].split(",")
            found = [w for w in held if w.arxiv in ids]
            entries = [arxiv_entry(w) for w in reversed(found)]
            return 200, "application/atom+xml", arxiv_feed(entries, len(ids))
        terms = re.findall(r"(ti|au):(\S+)", q.get("search_query", ""))
        out = []
        for w in held:
            title = set(_words(w.title))
            families = {_family(a).casefold() for a in w.authors}
            if all(
                (v.casefold() in title) if k == "ti" else (v.casefold() in families)
                for k, v in terms
            ):
                out.append(arxiv_entry(w))
        rows = int(q.get("max_results", "10"))
        return 200, "application/atom+xml", arxiv_feed(out[:rows], len(out))

    def _dblp(self, q: dict[str, str]) -> tuple[int, str, str]:
        query = q.get("q", "")
        h, f = int(q.get("h", "30")), int(q.get("f", "0"))
        m = re.fullmatch(r"stream:(\S+): year:(\d+)", query.strip())
        if m:
            stream, year = m.group(1), m.group(2)
            hits = [
                x for x in self._dblp_index if x["stream"] == stream and x["info"]["year"] == year
            ]
        else:
            words = _words(query)
            hits = [
                x
                for x, have in zip(self._dblp_index, self._dblp_words, strict=True)
                if all(any(h_.startswith(w) for h_ in have) for w in words)
            ]
        page = [{k: v for k, v in x.items() if k != "stream"} for x in hits[f : f + h]]
        block: dict[str, Any] = {
            "@total": str(len(hits)),
            "@computed": str(len(hits)),
            "@sent": str(len(page)),
            "@first": str(f),
        }
        if page:
            block["hit"] = page
        body = {"result": {"query": query, "status": {"@code": "200", "text": "OK"}, "hits": block}}
        return 200, "application/json", json.dumps(body)

    def _openlibrary(self, q: dict[str, str]) -> tuple[int, str, str]:
        held = self.held("openlibrary")
        if q.get("q", "").startswith("isbn:"):
            isbn = q["q"][5:]
            docs = [openlibrary_doc(w) for w in held if isbn in w.isbns]
        else:
            wanted = set(_words(q.get("title", "")))
            family = q.get("author", "").casefold()
            docs = []
            for w in held:
                title = set(_words(w.title + " " + w.subtitle))
                overlap = len(wanted & title) / max(1, len(wanted))
                if overlap >= 0.6 and (
                    not family or any(family in a.casefold() for a in w.authors)
                ):
                    docs.append(openlibrary_doc(w))
        body = {
            "numFound": len(docs),
            "start": 0,
            "numFoundExact": True,
            "docs": docs[: int(q.get("limit", "100"))],
        }
        return 200, "application/json", json.dumps(body)

    # --- HTTP ----------------------------------------------------------------------------

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        fake = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args: object) -> None:
                pass

            def do_GET(self) -> None:
                parts = urlsplit(self.path)
                source, _, rest = parts.path.lstrip("/").partition("/")
                if source not in SOURCES:
                    self._send(404, "text/plain", "no such source")
                    return
                with fake.lock:
                    fake.requests[source].append(self.path)
                if not fake.admit(source):
                    self._send(429, "text/plain", "Too Many Requests", {"Retry-After": "1"})
                    return
                try:
                    fault = fake.faults.get(source, "")
                    if fault == "429":
                        self._send(429, "text/plain", "Too Many Requests", {"Retry-After": "1"})
                        return
                    if fault == "500":
                        self._send(500, "text/plain", "Internal Server Error")
                        return
                    if fault == "stall":
                        time.sleep(fake.stall_seconds)
                    if fake.latency:
                        time.sleep(fake.latency / fake.speedup)
                    status, kind, body = fake.answer(source, "/" + rest, parse_qs(parts.query))
                    if fault == "junk" and status == 200:
                        body, kind = (
                            "<html><body>Service temporarily unavailable</body></html>",
                            "text/html",
                        )
                    self._send(status, kind, body, fake.announce(source))
                finally:
                    fake.done(source)

            def _send(
                self, status: int, kind: str, text: str, extra: dict[str, str] | None = None
            ) -> None:
                data = text.encode("utf-8")
                try:
                    self.send_response(status)
                    self.send_header("Content-Type", kind)
                    self.send_header("Content-Length", str(len(data)))
                    for k, v in (extra or {}).items():
                        self.send_header(k, v)
                    self.end_headers()
                    self.wfile.write(data)
                except (BrokenPipeError, ConnectionResetError):
                    pass

        return Handler
