"""A loopback Crossref that enforces the polite pool's limits, for bench_crossref.py.

Crossref's polite pool (a mailto given): 10 single-record requests per second with 3
in flight, and 3 list/query requests per second with 3 in flight. This server enforces
them ``speedup`` times faster (default 10×, so a benchmark takes seconds, not
minutes): one token bucket per pool (capacity = the per-second limit, refilled
``limit × speedup`` per second) and a count of requests in flight; a request beyond
either is answered 429 with Retry-After, as Crossref does. Every answer carries the
``x-rate-limit-limit`` / ``x-rate-limit-interval`` / ``x-concurrency-limit`` headers
(scaled by ``speedup``). Latency is simulated per route (also scaled).

Records are synthetic but Crossref-shaped: work ``i`` has DOI ``10.5555/bench.i`` and
first author ``family(i)``. ``seen`` counts each request URL, so a benchmark can tell
that every lookup was made once.
"""

from __future__ import annotations

import json
import re
import threading
import time
from collections import Counter
from http.server import BaseHTTPRequestHandler
from typing import Any
from urllib.parse import parse_qs, unquote, urlsplit

from tests.crossref_server import LoopbackServer
from tests.sources_server import Bucket

POLITE = {"single": (10, 3), "list": (3, 3)}  # per second, in flight
LATENCY = {"single": 0.25, "list": 0.5}  # seconds at real speed (Crossref is slower)


def family(i: int) -> str:
    """An author's family name for work ``i`` that a reference parser reads as a name
    (letters only): 0 → "Benchaa", 27 → "Benchbb"."""
    return "Bench" + "".join("abcdefghijklmnopqrstuvwxyz"[int(d)] for d in f"{i:02d}")


def work(i: int) -> dict[str, Any]:
    """Synthetic work ``i``: an article, online a year before print."""
    return {
        "DOI": f"10.5555/bench.{i}",
        "type": "journal-article",
        "title": [f"Synthetic study {i} of <i>bench</i> marks"],
        "subtitle": ["Pacing and caching"] if i % 3 == 0 else [],
        "author": [{"given": "A.", "family": family(i), "sequence": "first"}],
        "container-title": ["Journal of Benchmarks"],
        "short-container-title": ["J. Bench."],
        "volume": str(i % 40 + 1),
        "issue": str(i % 4 + 1),
        "page": f"{i + 1}-{i + 9}",
        "issued": {"date-parts": [[2019, 5]]},
        "published-online": {"date-parts": [[2019, 5, 2]]},
        "published-print": {"date-parts": [[2020, 1]]},
        "relation": {},
    }


class LimitedCrossref(LoopbackServer):
    def __init__(self, speedup: float = 10.0, works: int = 1000):
        self.speedup = speedup
        self.works = works
        self.lock = threading.Lock()
        self.buckets = {p: Bucket(n, n * speedup) for p, (n, _) in POLITE.items()}
        self.in_flight = dict.fromkeys(POLITE, 0)
        self.requests = 0
        self.throttled = 0
        self.first = self.last = 0.0  # monotonic times of the first and last request
        self.seen: Counter[str] = Counter()  # request path with query → times asked
        self.serve(self._handler())

    def headers(self, pool: str) -> dict[str, str]:
        limit, conc = POLITE[pool]
        return {
            "x-api-pool": "polite",
            "x-rate-limit-limit": str(int(limit * self.speedup)),
            "x-rate-limit-interval": "1s",
            "x-concurrency-limit": str(conc),
        }

    def admit(self, pool: str) -> bool:
        with self.lock:
            self.requests += 1
            self.first = self.first or time.monotonic()
            self.last = time.monotonic()
            if self.in_flight[pool] >= POLITE[pool][1] or not self.buckets[pool].take():
                self.throttled += 1
                return False
            self.in_flight[pool] += 1
            return True

    def done(self, pool: str) -> None:
        with self.lock:
            self.in_flight[pool] -= 1

    def answer(self, path: str, query: dict[str, list[str]]) -> tuple[int, Any]:
        if path.startswith("/works/"):
            m = re.fullmatch(r"10\.5555/bench\.(\d+)", unquote(path[7:]).lower())
            if m and int(m.group(1)) < self.works:
                return 200, {
                    "status": "ok",
                    "message-type": "work",
                    "message": work(int(m.group(1))),
                }
            return 404, "Resource not found."
        if "filter" in query:
            ids = [re.search(r"bench\.(\d+)$", f) for f in query["filter"][0].split(",")]
            items = [work(int(m.group(1))) for m in ids if m and int(m.group(1)) < self.works]
        else:
            m = re.search(r"study (\d+)", query.get("query.bibliographic", [""])[0])
            i = int(m.group(1)) if m else 0
            items = [work(j) for j in (i, i + 1, i + 2) if j < self.works]
        msg = {"total-results": len(items), "items": items}
        return 200, {"status": "ok", "message-type": "work-list", "message": msg}

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        fake = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args: object) -> None:
                pass

            def do_GET(self) -> None:
                parts = urlsplit(self.path)
                with fake.lock:
                    fake.seen[self.path] += 1
                pool = "single" if parts.path.startswith("/works/") else "list"
                if not fake.admit(pool):
                    self._send(429, "Too Many Requests", {**fake.headers(pool), "Retry-After": "1"})
                    return
                try:
                    time.sleep(LATENCY[pool] / fake.speedup)
                    status, body = fake.answer(parts.path, parse_qs(parts.query))
                finally:
                    fake.done(pool)
                text = body if isinstance(body, str) else json.dumps(body)
                self._send(status, text, fake.headers(pool))

            def _send(self, status: int, text: str, headers: dict[str, str]) -> None:
                data = text.encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                for k, v in headers.items():
                    self.send_header(k, v)
                self.end_headers()
                self.wfile.write(data)

        return Handler
