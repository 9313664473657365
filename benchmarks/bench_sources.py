"""Pacing of the second sources against a stand-in that enforces their published limits.

    python benchmarks/bench_sources.py [--runs 3] [--speedup 1]

tests/sources_server.py serves every source; here each one enforces its published
limit (the table in docs/usage.md) with a token bucket (no burst beyond one second's
worth) and a cap on requests in flight, and answers 429 with Retry-After beyond them,
as the real services do. By default at real speed: at ten times the speed (as
bench_crossref.py runs) a request every 0.1 s meets the jitter of a busy machine, which
at the real one request per second is a tenth as large. ``--speedup`` scales the limits
and the client's starting rates together; the client otherwise runs unchanged (pools,
arXiv batches, rounds). Entries: arXiv ids and arXiv preprints without one, computing
papers for DBLP (with their venue listings), Zenodo DOIs for DataCite, ISBNs and book
titles for Open Library, and DOIs and searches for OpenAlex (with a key).

Reports per run and source: requests, 429s; the run's wall time against the time the
busiest source alone needs at its limit (a lower bound: the rounds add up); a second run
from the cache. Prints medians over the runs.
"""

from __future__ import annotations

import argparse
import hashlib
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from refcheck.model import Name, Reference, Span
from refcheck.sources import (
    ARXIV,
    DATACITE,
    DBLP,
    OPENALEX,
    OPENLIBRARY,
    SourceSettings,
)
from refcheck.sources.client import SOURCE_LIMITS, SourcesVerifier
from tests.sources_server import FakeSources, Work

NAMES = (OPENALEX, DATACITE, ARXIV, DBLP, OPENLIBRARY)
LIMITS = {n: SOURCE_LIMITS[n]["polite"] for n in NAMES}  # identified: --mailto given
N = 40  # entries per kind


def word(i: int, salt: str = "") -> str:
    """A distinct made-up word per number: names and titles that differ in one digit
    would be taken for one another (rightly, by the fuzzy comparison)."""
    digest = hashlib.sha256(f"{salt}{i}".encode()).hexdigest()
    consonants, vowels = "bcdfghklmnprstvz", "aeiou"
    return "".join(
        (consonants if k % 2 == 0 else vowels)[int(digest[k], 16) % (16 if k % 2 == 0 else 5)]
        for k in range(7)
    ).capitalize()


def world() -> list[Work]:
    works = []
    for i in range(N):
        works.append(
            Work(
                f"Learning sparse routing for {word(i, 't')} mixtures",
                [f"Alice {word(i, 'a')}", "Bob Second"],
                2021,
                kind="conference",
                venue="NeurIPS",
                stream="conf/nips",
                arxiv=f"2101.{10000 + i}",
                sources=frozenset({"dblp", "arxiv", "openalex"}),
            )
        )
        works.append(
            Work(
                f"Coastal sediment survey of {word(i, 'c')}",
                [f"Carol {word(i, 'd')}"],
                2020,
                kind="dataset",
                doi=f"10.5281/zenodo.{700000 + i}",
                sources=frozenset({"datacite"}),
            )
        )
        works.append(
            Work(
                f"A history of the {word(i, 'r')} railways",
                [f"Dan {word(i, 'w')}"],
                1999,
                kind="book",
                isbns=[f"9780000{i:05d}0"],  # check digit fixed below
                publishers=["Some Press"],
                edition_years=[1999],
                sources=frozenset({"openlibrary"}),
            )
        )
        works.append(
            Work(
                f"Cooperation among {word(i, 'i')} institutions",
                [f"Eve {word(i, 's')}"],
                2010,
                kind="article",
                journal="Journal of Regional Studies",
                volume=str(i + 1),
                pages=f"{i + 1}-{i + 20}",
                doi=f"10.9999/jrs.{i}",
                sources=frozenset({"openalex"}),
            )
        )
    return works


def _ref(i: int, **fields: object) -> Reference:
    r = Reference(Span("bench.bib", i + 1, 1, i + 1, 2), str(fields.get("raw", "")))
    for k, v in fields.items():
        setattr(r, k, v)
    return r


def entries() -> list[Reference]:
    out = []
    for i in range(N):
        paper: dict[str, object] = {
            "kind": "conference",
            "authors": [Name(word(i, "a"), "Alice")],
            "title": f"Learning sparse routing for {word(i, 't')} mixtures",
            "year": "2021",
            "container": "NeurIPS",
            "raw": f"arXiv:2101.{10000 + i}" if i % 2 else "",
        }
        if i % 4 == 0:  # an arXiv preprint that gives no id: searched at arXiv too
            paper.update(kind="preprint", container="arXiv preprint", raw="arXiv preprint")
        out.append(_ref(len(out), **paper))
        out.append(
            _ref(
                len(out),
                kind="unknown",
                authors=[Name(word(i, "d"), "Carol")],
                title=f"Coastal sediment survey of {word(i, 'c')}",
                year="2020",
                doi=f"10.5281/zenodo.{700000 + i}",
            )
        )
        out.append(
            _ref(
                len(out),
                kind="book",
                authors=[Name(word(i, "w"), "Dan")],
                title=f"A history of the {word(i, 'r')} railways",
                year="1999",
            )
        )
        out.append(
            _ref(
                len(out),
                kind="article",
                authors=[Name(word(i, "s"), "Eve")],
                title=f"Cooperation among {word(i, 'i')} institutions",
                year="2010",
                container="Journal of Regional Studies",
                volume=str(i + 1),
                pages=f"{i + 1}-{i + 20}",
                doi=f"10.9999/jrs.{i}" if i % 2 else None,
            )
        )
    return out


def _fix_isbns(works: list[Work]) -> None:
    """Give the synthetic books valid check digits (an invalid ISBN is never looked up)."""
    for w in works:
        if w.isbns:
            core = w.isbns[0][:12]
            check = (10 - sum((3 if k % 2 else 1) * int(c) for k, c in enumerate(core)) % 10) % 10
            w.isbns = [core + str(check)]


def make(server: FakeSources, cache: str, speedup: float) -> SourcesVerifier:
    settings = SourceSettings(
        names=NAMES,
        urls={n: server.base(n) for n in NAMES},
        mailto="bench@example.org",
        openalex_key="bench-key",
        cache_dir=cache,
        use_cache=True,
        timeout=30.0,
        deadline=600.0,
    )
    v = SourcesVerifier(settings, None)
    for h in v.https.values():
        for pool in h.pools.values():
            pool.rate *= speedup
    return v


def one_run(speedup: float) -> dict[str, float]:
    works = world()
    _fix_isbns(works)
    refs = entries()
    books = [w for w in works if w.kind == "book"]
    for i, r in enumerate(r for r in refs if r.kind == "book"):
        r.isbn = books[i].isbns[0] if i % 2 else None  # half are searched by title
    with (
        tempfile.TemporaryDirectory() as cache,
        FakeSources(works, limits=LIMITS, speedup=speedup) as server,
    ):
        start = time.perf_counter()
        out = make(server, cache, speedup).verify(refs)
        wall = time.perf_counter() - start
        failed = [v for v in out if v.failed]
        assert not failed, f"{len(failed)} entries with failures: {failed[:2]}"
        result: dict[str, float] = {"wall": wall}
        ideal = 0.0
        for n in NAMES:
            result[f"{n} requests"] = len(server.requests[n])
            result[f"{n} 429"] = server.throttled[n]
            ideal = max(ideal, len(server.requests[n]) / (LIMITS[n][0] * speedup))
        result["ideal"] = ideal
        before = sum(len(r) for r in server.requests.values())
        start = time.perf_counter()
        again = make(server, cache, speedup).verify(refs)
        result["warm wall"] = time.perf_counter() - start
        result["warm requests"] = sum(len(r) for r in server.requests.values()) - before
        assert [v.status for v in again] == [v.status for v in out]
        result["verified"] = sum(v.status == "verified" for v in out)
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--speedup", type=float, default=1.0)
    args = parser.parse_args()
    runs = [one_run(args.speedup) for _ in range(args.runs)]
    for i, r in enumerate(runs, 1):
        per = ", ".join(
            f"{n} {r[f'{n} requests']:.0f} req / {r[f'{n} 429']:.0f}×429" for n in NAMES
        )
        print(
            f"run {i}: {per}; {r['verified']:.0f} of {len(entries())} verified; "
            f"wall {r['wall']:.2f} s (busiest source alone {r['ideal']:.2f} s); "
            f"from cache: {r['warm requests']:.0f} requests, {r['warm wall']:.3f} s"
        )
    med = {k: statistics.median(r[k] for r in runs) for k in runs[0]}
    per = ", ".join(
        f"{n} {med[f'{n} requests']:.0f} req / {med[f'{n} 429']:.0f}×429" for n in NAMES
    )
    print(
        f"median of {args.runs} (speed-up {args.speedup:g}×): {per}; wall {med['wall']:.2f} s vs "
        f"{med['ideal']:.2f} s for the busiest source alone = {med['wall'] / med['ideal']:.2f}×; "
        f"second run from cache: {med['warm requests']:.0f} requests, {med['warm wall']:.3f} s"
    )


if __name__ == "__main__":
    main()
