"""Crossref verification speed against a loopback server enforcing the polite limits.

    python benchmarks/bench_crossref.py [--runs 3] [--speedup 10]

200 entries with DOIs and 200 without, verified through the real client (cache in a
temporary folder) against benchmarks/crossref_server.py, which enforces Crossref's
polite-pool limits ``speedup`` times faster and answers 429 beyond them. The client's
starting limits are scaled by the same factor (as if Crossref itself were that much
faster), then it follows the server's headers as usual.

Reports per run: requests, 429s, wall time against the ideal the limits allow, and a
second run from the cache (requests, time). Prints medians over the runs.

The ideal: every pool sends its requests back to back at exactly its rate, so a pool
with N requests at r per second needs N / r seconds; the pools run side by side, so
the ideal is the slowest pool's time.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from crossref_server import POLITE, LimitedCrossref, family

from refcheck.crossref import CrossrefSettings
from refcheck.crossref.client import BATCH_SIZE, CrossrefVerifier, Http
from refcheck.model import Name, Reference, Span

WITH_DOI = 200
WITHOUT_DOI = 200


def entries() -> list[Reference]:
    """Correct entries for works 0..399: the first 200 give DOIs, the rest do not."""
    refs = []
    for i in range(WITH_DOI + WITHOUT_DOI):
        refs.append(
            Reference(
                Span("bench.txt", i + 1, 1, i + 1, 2),
                f"entry {i}",
                kind="article",
                authors=[Name(family(i), "A.")],
                year="2020",
                title=f"Synthetic study {i} of bench marks",
                container="Journal of Benchmarks",
                volume=str(i % 40 + 1),
                issue=str(i % 4 + 1),
                pages=f"{i + 1}–{i + 9}",
                doi=f"10.5555/bench.{i}" if i < WITH_DOI else None,
            )
        )
    return refs


def make(url: str, cache: str, speedup: float) -> CrossrefVerifier:
    settings = CrossrefSettings(base_url=url, mailto="bench@example.org", cache_dir=cache)
    http = Http(settings)
    for pool in http.pools.values():
        pool.rate *= speedup
    return CrossrefVerifier(settings, http)


def ideal_seconds(speedup: float) -> float:
    batches = -(-WITH_DOI // BATCH_SIZE)
    list_requests = batches + WITHOUT_DOI
    return list_requests / (POLITE["list"][0] * speedup)


def one_run(speedup: float) -> dict[str, float]:
    refs = entries()
    with tempfile.TemporaryDirectory() as cache, LimitedCrossref(speedup) as server:
        start = time.perf_counter()
        out = make(server.url, cache, speedup).verify(refs)
        wall = time.perf_counter() - start
        bad = [v for v in out if v.status != "verified" or v.differences]
        assert not bad, f"{len(bad)} entries not cleanly verified: {bad[:2]}"
        cold = {"requests": server.requests, "throttled": server.throttled, "wall": wall}
        start = time.perf_counter()
        again = make(server.url, cache, speedup).verify(refs)
        cold["warm_wall"] = time.perf_counter() - start
        cold["warm_requests"] = server.requests - cold["requests"]
        assert [v.status for v in again] == ["verified"] * len(refs)
    return cold


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--speedup", type=float, default=10.0)
    args = parser.parse_args()
    ideal = ideal_seconds(args.speedup)
    runs = [one_run(args.speedup) for _ in range(args.runs)]
    for i, r in enumerate(runs, 1):
        print(
            f"run {i}: {r['requests']:.0f} requests, {r['throttled']:.0f} × 429, "
            f"{r['wall']:.2f} s (ideal {ideal:.2f} s, {r['wall'] / ideal:.3f}×); "
            f"from cache: {r['warm_requests']:.0f} requests, {r['warm_wall']:.3f} s"
        )
    med = {k: statistics.median(r[k] for r in runs) for k in runs[0]}
    print(
        f"median of {args.runs} (speed-up {args.speedup:g}×, {WITH_DOI} entries with DOI in "
        f"{-(-WITH_DOI // BATCH_SIZE)} requests, {WITHOUT_DOI} searches): "
        f"{med['requests']:.0f} requests, {med['throttled']:.0f} × 429, wall {med['wall']:.2f} s "
        f"vs ideal {ideal:.2f} s = {med['wall'] / ideal:.3f}×; second run from cache: "
        f"{med['warm_requests']:.0f} requests, {med['warm_wall']:.3f} s"
    )


if __name__ == "__main__":
    main()
