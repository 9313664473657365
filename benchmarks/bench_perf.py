"""Speed at every size, as ratios, in one run (issue 11). Run on demand:

    python benchmarks/bench_perf.py                 # everything, 5 runs (3 for 16/64 MB)
    python benchmarks/bench_perf.py --only startup,crossref --runs 7
    python benchmarks/bench_perf.py --sizes 1,4     # skip the 16 and 64 MB points

Everything goes through the installed ``refcheck`` command (the one next to this
Python), as a user runs it, with bytecode compiled first (as a normal install has it).
Each figure is the median of several runs; besides wall time it gives CPU time (user +
sys of the child, from its rusage), which a machine loaded by others disturbs much
less. Sections:

- **startup**: ``refcheck --version`` and the seed essay offline, against a bare
  ``python -c pass``.
- **offline**: an author-date document and a .bib document (a LaTeX paper citing a
  fifth of a .bib's entries) at 1, 4, 16 and 64 MB: seconds per MB, and each size's
  per-MB figure against the 1 MB one (flat = linear). A single file may not exceed the
  loader's limit (``refcheck.loaders.MAX_BYTES``, 16 MiB), so 64 MB is a folder of
  four 16 MB documents, which is how such a volume reaches refcheck. Also the issue's
  two fixed targets: a 2 MB author-date document, and a paper with a 5,000-entry .bib.
- **crossref**: a 400-entry document (200 with DOIs, 200 without) against
  benchmarks/crossref_server.py (Crossref's polite limits ×10, announced in its
  headers, 429 beyond them): requests, 429s, and wall time against the ideal (the
  offline run plus the least time the limits allow); then a rerun from the cache
  against the offline run, and its requests (should be 0).
- **fleet**: 4 processes check that document at once against one stand-in, sharing a
  real redis-server (``--cache-url redis://…``): 429s, lookups made more than once,
  and wall time against the offline run plus the least time the limits allow for the
  union of their lookups. Without ``--cache-url`` support (refcheck before issue 11)
  the processes run with separate caches, as they would have.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import random
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(HERE))

from bench_lint import make_document  # noqa: E402
from crossref_server import POLITE, LimitedCrossref, family  # noqa: E402

SEED = ROOT.parent.parent / "shared" / "seed-essay.txt"
SEED_FALLBACKS = (Path("/work/shared/seed-essay.txt"), ROOT / "fixtures" / "essay.txt")
MB = 1_000_000
WORDS = "security alliance theory balance power institutions cooperation war peace".split()


# --- running and timing ----------------------------------------------------------------------


def refcheck_exe() -> str:
    exe = Path(sys.executable).parent / "refcheck"
    if not exe.exists():
        sys.exit("install refcheck in this Python's environment first (see README.md)")
    return str(exe)


def timed(cmd: list[str], env: dict[str, str] | None = None) -> tuple[float, float, int]:
    """(wall, cpu) seconds of one run of ``cmd`` and its exit code; 2 is a failure."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    out = subprocess.run(cmd, capture_output=True, env=env)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    if out.returncode not in (0, 1):
        sys.exit(f"{' '.join(cmd[:4])}… failed ({out.returncode}): {out.stderr.decode()[-600:]}")
    return wall, cpu, out.returncode


def medians(fn: Callable[[], tuple[float, float, int]], runs: int) -> tuple[float, float]:
    got = [fn() for _ in range(runs)]
    return statistics.median(g[0] for g in got), statistics.median(g[1] for g in got)


def seed_essay() -> Path:
    for p in (SEED, *SEED_FALLBACKS):
        if p.exists():
            return p
    sys.exit("no seed essay found")


# --- documents -------------------------------------------------------------------------------


def author_date_text(target: int, seed: int) -> str:
    """An author-date document of about ``target`` bytes (bench_lint's generator: four
    citations per entry, an APA list)."""
    probe = len(make_document(500, 2000, seed).encode())
    refs = max(50, round(500 * target / probe))
    return make_document(refs, refs * 4, seed)


def bib_entry(i: int, rng: random.Random) -> str:
    title = " ".join(rng.choice(WORDS) for _ in range(7)).capitalize()
    return (
        f"@article{{key{i},\n"
        f'  author = {{{family(i)}, Anna and M{{\\"u}}ller, Jan}},\n'
        f"  title = {{{title}}},\n"
        f"  journal = {{Journal of {rng.choice(WORDS).capitalize()} Studies}},\n"
        f"  year = {{{rng.randint(1950, 2024)}}},\n"
        f"  volume = {{{rng.randint(1, 90)}}},\n"
        f"  number = {{{rng.randint(1, 6)}}},\n"
        f"  pages = {{{rng.randint(1, 400)}--{rng.randint(401, 800)}}},\n"
        f"  doi = {{10.5555/bench.{i}}},\n"
        "}\n"
    )


def write_bib_project(folder: Path, entries: int, seed: int) -> Path:
    """paper.tex citing every fifth of ``entries`` .bib entries (twice each), and refs.bib."""
    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "refs.bib").write_text("\n".join(bib_entry(i, rng) for i in range(entries)))
    paras = []
    cited = list(range(0, entries, 5)) * 2
    rng.shuffle(cited)
    for start in range(0, len(cited), 6):
        keys = cited[start : start + 6]
        words = " ".join(rng.choice(WORDS) for _ in range(12))
        paras.append(
            f"The {words} \\citep{{key{keys[0]}}}. "
            + " ".join(f"As argued by \\citet{{key{k}}}, {words}." for k in keys[1:])
        )
    body = "\n\n".join(paras)
    tex = (
        "\\documentclass{article}\n\\begin{document}\n"
        f"{body}\n\\bibliography{{refs}}\n\\end{{document}}\n"
    )
    path = folder / "paper.tex"
    path.write_text(tex)
    return path


def bib_entries_for(target: int) -> int:
    """Entries that make a project of about ``target`` bytes (calibrated on 1,000)."""
    with tempfile.TemporaryDirectory() as tmp:
        paper = write_bib_project(Path(tmp), 1000, 1)
        size = paper.stat().st_size + (paper.parent / "refs.bib").stat().st_size
    return max(100, round(1000 * target / size))


def folder_size(path: Path) -> int:
    if path.is_file():
        return path.stat().st_size + sum(
            p.stat().st_size for p in path.parent.glob("*.bib") if path.suffix == ".tex"
        )
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())


PER_FILE = 16 * MB  # within the loader's 16 MiB limit


def make_offline(kind: str, megabytes: int, tmp: Path) -> Path:
    """A document (or, past one file's limit, a folder of documents) of ``megabytes``."""
    target = megabytes * MB
    parts = max(1, -(-target // PER_FILE))
    base = tmp / f"{kind}-{megabytes}mb"
    base.mkdir()
    paths = []
    for n in range(parts):
        share = target // parts
        if kind == "author-date":
            p = base / f"doc{n}.txt"
            p.write_text(author_date_text(share, seed=megabytes * 10 + n), encoding="utf-8")
        else:
            p = write_bib_project(base / f"paper{n}", bib_entries_for(share), seed=n + 1)
        paths.append(p)
    return paths[0] if parts == 1 else base


# --- sections --------------------------------------------------------------------------------


def startup(exe: str, runs: int) -> None:
    seed = seed_essay()
    bare = medians(lambda: timed([sys.executable, "-c", "pass"]), runs)
    version = medians(lambda: timed([exe, "--version"]), runs)
    essay = medians(lambda: timed([exe, str(seed), "--offline"]), runs)
    print(f"\n## start-up (median of {runs}; wall / CPU)")
    print(f"python -c pass                 {bare[0] * 1e3:6.0f} ms / {bare[1] * 1e3:4.0f} ms")
    for name, (w, c) in (("refcheck --version", version), ("seed essay --offline", essay)):
        print(
            f"{name:<30} {w * 1e3:6.0f} ms / {c * 1e3:4.0f} ms   "
            f"{w / bare[0]:5.2f}x / {c / bare[1]:5.2f}x bare python"
        )


def offline_cmd(exe: str, path: Path) -> list[str]:
    return [exe, "--offline", "--format", "json", str(path)]


def offline(exe: str, sizes: list[int], runs: int, big_runs: int) -> None:
    print("\n## offline (CLI --offline --format json; median wall / CPU per MB)")
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        for kind in ("author-date", "bibtex"):
            first = None
            for mb in sizes:
                path = make_offline(kind, mb, tmp)
                size = folder_size(path) / MB
                n = runs if mb < 16 else big_runs
                w, c = medians(lambda p=path: timed(offline_cmd(exe, p)), n)
                first = first or (w / size, c / size)
                what = "folder" if path.is_dir() else "file"
                print(
                    f"{kind:<11} {mb:>3} MB ({size:5.1f} MB {what}, {n} runs): "
                    f"{w:7.2f} s / {c:7.2f} s CPU; per MB {w / size:5.3f} / {c / size:5.3f} s = "
                    f"{w / size / first[0]:4.2f}x / {c / size / first[1]:4.2f}x the first size"
                )
                shutil.rmtree(path if path.is_dir() else path.parent, ignore_errors=True)
        print("targets:")
        doc = tmp / "two.txt"
        doc.write_text(author_date_text(2 * MB, seed=7), encoding="utf-8")
        w, c = medians(lambda: timed([exe, "--offline", "--format", "json", str(doc)]), runs)
        print(
            f"  author-date {doc.stat().st_size / MB:.1f} MB: {w:.2f} s / {c:.2f} s CPU "
            "(target < 1.2 s)"
        )
        paper = write_bib_project(tmp / "bib5000", 5000, seed=3)
        w, c = medians(lambda: timed([exe, "--offline", "--format", "json", str(paper)]), runs)
        mb = folder_size(paper) / MB
        print(f"  paper + 5,000-entry .bib ({mb:.1f} MB): {w:.2f} s / {c:.2f} s CPU (target < 1 s)")


ENTRIES = 400  # the first half with DOIs


def crossref_document(path: Path) -> Path:
    """Prose citing each of 400 works once, and its APA list (DOIs for the first 200)."""
    lines, refs = [], []
    for i in range(ENTRIES):
        lines.append(f"Work {i} was studied before ({family(i)}, 2020).")
        doi = f" https://doi.org/10.5555/bench.{i}" if i < ENTRIES // 2 else ""
        refs.append(
            f"{family(i)}, A. (2020). Synthetic study {i} of bench marks. "
            f"Journal of Benchmarks, {i % 40 + 1}({i % 4 + 1}), {i + 1}–{i + 9}.{doi}"
        )
    path.write_text(" ".join(lines) + "\n\nReferences\n\n" + "\n".join(sorted(refs)) + "\n")
    return path


def minimum_seconds(speedup: float) -> float:
    """The least time the limits allow for the document's lookups: 4 DOI batches and 200
    searches in the list pool, back to back at its rate (the single pool is unused)."""
    list_requests = -(-(ENTRIES // 2) // 50) + ENTRIES // 2
    return list_requests / (POLITE["list"][0] * speedup)


def online_cmd(exe: str, doc: Path, url: str, cache: list[str]) -> list[str]:
    where = ["--sources", "crossref", "--crossref-url", url, "--mailto", "b@x.org"]
    return [exe, str(doc), "-q", *where, *cache]


def crossref(exe: str, runs: int, speedup: float) -> float:
    print(f"\n## crossref stand-in (limits x{speedup:g}; median of {runs})")
    rows = []
    with tempfile.TemporaryDirectory() as tmp_name:
        doc = crossref_document(Path(tmp_name) / "doc.txt")
        off = medians(lambda: timed([exe, str(doc), "--offline", "--format", "json"]), runs)[0]
        for r in range(runs):
            cache = ["--cache-dir", str(Path(tmp_name) / f"cache{r}")]
            with LimitedCrossref(speedup) as server:
                cold = timed(online_cmd(exe, doc, server.url, cache))[0]
                cold_req, throttled = server.requests, server.throttled
                warm = timed(online_cmd(exe, doc, server.url, cache))[0]
                rows.append((cold, cold_req, throttled, warm, server.requests - cold_req))
    ideal = off + minimum_seconds(speedup)
    med = [statistics.median(r[k] for r in rows) for k in range(5)]
    print(f"offline run {off:.2f} s; least time the limits allow {minimum_seconds(speedup):.2f} s")
    print(
        f"cold: {med[1]:.0f} requests, {med[2]:.0f} x 429, {med[0]:.2f} s = "
        f"{med[0] / ideal:.3f}x (offline + minimum = {ideal:.2f} s; target <= 1.10x)"
    )
    print(
        f"cached rerun: {med[4]:.0f} requests, {med[3]:.2f} s = {med[3] / off:.2f}x the "
        "offline run (target <= 1.3x, 0 requests)"
    )
    return off


@contextlib.contextmanager
def redis_url() -> Iterator[str | None]:
    from tests.redis_server import RedisServer, find_redis_server

    if find_redis_server() is None:
        yield None
        return
    with RedisServer() as server:
        yield server.url


def fleet(exe: str, runs: int, speedup: float, processes: int = 4) -> None:
    shared = "--cache-url" in subprocess.run([exe, "--help"], capture_output=True, text=True).stdout
    print(f"\n## fleet: {processes} processes, one document, one stand-in (median of {runs})")
    rows = []
    with tempfile.TemporaryDirectory() as tmp_name, redis_url() as url:
        if shared and url is None:
            print("redis-server not found: skipped")
            return
        doc = crossref_document(Path(tmp_name) / "doc.txt")
        off = medians(lambda: timed([exe, str(doc), "--offline", "--format", "json"]), runs)[0]
        for r in range(runs):
            with LimitedCrossref(speedup) as server:
                procs = []
                start = time.perf_counter()
                for p in range(processes):
                    if shared:
                        # A fresh Redis database per run: nothing cached before it.
                        cache = ["--cache-url", f"{url[:-2]}/{r % 16}"]
                    else:
                        cache = ["--cache-dir", str(Path(tmp_name) / f"c{r}-{p}")]
                    procs.append(
                        subprocess.Popen(
                            online_cmd(exe, doc, server.url, cache),
                            stdout=subprocess.DEVNULL,
                            stderr=subprocess.PIPE,
                        )
                    )
                codes = [p.wait() for p in procs]
                wall = time.perf_counter() - start
                if any(c not in (0, 1) for c in codes):
                    sys.exit(f"a fleet process failed: {procs[0].stderr.read().decode()[-400:]}")
                repeated = sum(n - 1 for n in server.seen.values())
                span = server.last - server.first
                rows.append(
                    (wall, server.requests, server.throttled, repeated, len(server.seen), span)
                )
    ideal = off + minimum_seconds(speedup)
    med = [statistics.median(r[k] for r in rows) for k in range(6)]
    how = "shared Redis" if shared else "separate caches (no --cache-url before issue 11)"
    print(
        f"{how}: {med[1]:.0f} requests for {med[4]:.0f} distinct lookups, {med[2]:.0f} x 429, "
        f"{med[3]:.0f} repeated; wall {med[0]:.2f} s = {med[0] / ideal:.3f}x "
        f"(offline + minimum for the union = {ideal:.2f} s; target <= 1.15x, 0 x 429, 0 repeated)"
    )
    cores = os.cpu_count() or 1
    cpu_bound = off * max(1.0, processes / cores) + minimum_seconds(speedup)
    print(
        f"  first to last request {med[5]:.2f} s = {med[5] / minimum_seconds(speedup):.3f}x the "
        f"minimum {minimum_seconds(speedup):.2f} s; {processes} processes on {cores} cores need "
        f"{processes}/{cores} of the offline work each: wall {med[0] / cpu_bound:.3f}x of "
        f"{cpu_bound:.2f} s"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--big-runs", type=int, default=3, help="runs at 16 and 64 MB")
    parser.add_argument("--sizes", default="1,4,16,64", help="offline sizes in MB")
    parser.add_argument("--speedup", type=float, default=10.0)
    parser.add_argument("--only", default="startup,offline,crossref,fleet")
    args = parser.parse_args()
    only = set(args.only.split(","))
    exe = refcheck_exe()
    subprocess.run(
        [sys.executable, "-m", "compileall", "-q", str(ROOT / "refcheck")],
        check=True,
        stdout=subprocess.DEVNULL,
    )
    for _ in range(2):  # warm the file cache
        subprocess.run([exe, "--version"], capture_output=True)
    print(f"refcheck at {exe}; load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    if "startup" in only:
        startup(exe, args.runs * 2)
    if "offline" in only:
        offline(exe, [int(s) for s in args.sizes.split(",")], args.runs, args.big_runs)
    if "crossref" in only:
        crossref(exe, max(3, args.runs // 2), args.speedup)
    if "fleet" in only:
        fleet(exe, max(3, args.runs // 2), args.speedup)


if __name__ == "__main__":
    main()
