"""A loopback stand-in for the Crossref REST API, for end-to-end tests.

Serves recorded, Crossref-shaped records from fixtures/crossref/: ``/works/{doi}``,
``/works/{doi}/agency``, ``/works?filter=doi:A,doi:B`` and
``/works?query.bibliographic=…`` (candidates ranked by shared words, as a search engine
would: it always returns *something*). ``fault`` switches it into one failure mode for
every request: ``429``, ``500``, ``stall``, ``truncated``. Runs in a daemon thread on
127.0.0.1, port 0.
"""

from __future__ import annotations

import json
import re
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any, Self
from urllib.parse import parse_qs, unquote, urlsplit

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "crossref"
LIMIT_HEADERS = {
    "x-api-pool": "public",
    "x-rate-limit-limit": "50",
    "x-rate-limit-interval": "1s",
    "x-concurrency-limit": "3",
}


def load_records(folder: str = "essay") -> dict[str, dict[str, Any]]:
    """DOI (lower case) → the ``message`` of each recorded work in a fixtures folder."""
    out = {}
    for path in sorted((FIXTURES / folder).glob("*.json")):
        msg = json.loads(path.read_text(encoding="utf-8"))["message"]
        out[msg["DOI"].lower()] = msg
    return out


def _words(text: str) -> set[str]:
    return {w for w in re.findall(r"[a-z0-9]+", text.lower()) if len(w) > 2}


def _record_text(rec: dict[str, Any]) -> str:
    parts = rec.get("title", []) + rec.get("subtitle", []) + rec.get("container-title", [])
    parts += [a.get("family", "") for a in rec.get("author", [])]
    return " ".join(parts)


class LoopbackServer:
    """A threaded HTTP server on 127.0.0.1 (a free port), used as a context manager.

    Subclasses set ``self.server`` from ``serve(handler)``; the Crossref stand-ins of
    the tests and of the rate-limit benchmark share this part.
    """

    server: ThreadingHTTPServer
    thread: threading.Thread

    def serve(self, handler: type[BaseHTTPRequestHandler]) -> None:
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self.server.daemon_threads = True
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        host, port = self.server.server_address[:2]
        return f"http://{host}:{port}"

    def __enter__(self) -> Self:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.shutdown()
        self.server.server_close()


class FakeCrossref(LoopbackServer):
    """The server and what it saw (``requests``: request paths with queries)."""

    def __init__(self, records: dict[str, dict[str, Any]] | None = None, fault: str = ""):
        self.records = load_records() if records is None else records
        self.fault = fault
        self.requests: list[str] = []
        self.stall_seconds = 5.0
        self.serve(self._handler())

    def search(self, query: str, rows: int) -> list[dict[str, Any]]:
        wanted = _words(query)
        scored = [(len(wanted & _words(_record_text(r))), doi) for doi, r in self.records.items()]
        scored.sort(key=lambda x: (-x[0], x[1]))
        return [dict(self.records[doi], score=float(s)) for s, doi in scored[:rows] if s > 0]

    def answer(self, path: str, query: dict[str, list[str]]) -> tuple[int, Any]:
        if path.startswith("/works/"):
            doi = unquote(path[len("/works/") :]).lower()
            if doi.endswith("/agency"):
                doi = doi[: -len("/agency")]
                if doi.startswith("10.5281/"):
                    agency = {"id": "datacite", "label": "DataCite"}
                    return 200, _envelope("work-agency", {"DOI": doi, "agency": agency})
                return (200, _envelope("work-agency", {"DOI": doi, "agency": {"id": "crossref"}}))
            if doi in self.records:
                return 200, _envelope("work", self.records[doi])
            return 404, "Resource not found."
        if path == "/works":
            rows = int(query.get("rows", ["20"])[0])
            if "filter" in query:
                wanted = [f[4:].lower() for f in query["filter"][0].split(",")]
                items = [self.records[d] for d in wanted if d in self.records]
            else:
                items = self.search(query.get("query.bibliographic", [""])[0], rows)
            return 200, _envelope("work-list", {"total-results": len(items), "items": items})
        return 404, "Resource not found."

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: object) -> None:  # keep test output clean
                pass

            def do_GET(self) -> None:
                fake.requests.append(self.path)
                parts = urlsplit(self.path)
                if fake.fault == "429":
                    self._send(429, "Too Many Requests", {"Retry-After": "1"})
                    return
                if fake.fault == "500":
                    self._send(500, "Internal Server Error")
                    return
                if fake.fault == "stall":
                    time.sleep(fake.stall_seconds)
                status, body = fake.answer(parts.path, parse_qs(parts.query))
                text = json.dumps(body) if not isinstance(body, str) else body
                if fake.fault == "truncated" and status == 200:
                    text = text[: len(text) // 2]
                self._send(status, text)

            def _send(self, status: int, text: str, extra: dict[str, str] | None = None) -> None:
                data = text.encode("utf-8")
                try:
                    self.send_response(status)
                    kind = "application/json" if text[:1] in "{[" else "text/plain"
                    self.send_header("Content-Type", kind)
                    self.send_header("Content-Length", str(len(data)))
                    for k, v in {**LIMIT_HEADERS, **(extra or {})}.items():
                        self.send_header(k, v)
                    self.end_headers()
                    self.wfile.write(data)
                except (BrokenPipeError, ConnectionResetError):
                    pass  # the client gave up (a timeout test)

        return Handler


def _envelope(kind: str, message: Any) -> dict[str, Any]:
    return {"status": "ok", "message-type": kind, "message-version": "1.0.0", "message": message}
