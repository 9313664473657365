"""Offline lint speed on a generated document, and start-up time. Run on demand:

    python benchmarks/bench_lint.py            # 20,000 citations / 5,000 references
    python benchmarks/bench_lint.py --runs 7

Reports medians of several runs (the machines are noisy):
- the CLI (``refcheck --offline --format json``) on the full document, end to end;
- the pipeline alone (``check_document``) at 1x, 4x and 16x that size, to show that time
  grows linearly (the CLI refuses files over its size limit, the engine does not care);
- ``refcheck --version``, which must not import anything heavy.
"""

from __future__ import annotations

import argparse
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

SURNAMES = [
    "Smith", "Müller", "van der Berg", "O'Neill", "García-Márquez", "de Mesquita", "Jervis",
    "Walt", "Mearsheimer", "Keohane", "Martin", "Nguyen", "Kowalski", "Ødegaard", "Lee",
    "Brown", "Tanaka", "Ivanova", "Dubois", "Rossi",
]  # fmt: skip
WORDS = (
    "security dilemma alliance theory balance power institutions cooperation war peace "
    "deterrence credibility expansion crisis order liberal realism states threat"
).split()


def make_document(n_refs: int, n_cites: int, seed: int = 1) -> str:
    """Prose with ``n_cites`` author-date citations over an APA list of ``n_refs`` entries."""
    rng = random.Random(seed)
    refs = []
    seen = set()
    while len(refs) < n_refs:
        a = rng.choice(SURNAMES) + (
            ""
            if rng.random() < 0.3
            else str(len(refs)).translate(str.maketrans("0123456789", "abcdefghij")).capitalize()
        )
        year = rng.randint(1950, 2024)
        if (a, year) in seen:
            continue
        seen.add((a, year))
        co = rng.random() < 0.4
        refs.append((a, "Baldwin" if co else "", year))
    paras = []
    sentence = 0
    while sentence < n_cites:
        parts = []
        for _ in range(6):
            a, co, year = refs[rng.randrange(n_refs)]
            words = " ".join(rng.choice(WORDS) for _ in range(6))
            who = f"{a} & {co}" if co else a
            if rng.random() < 0.5:
                parts.append(f"The {words} ({who}, {year}).")
            else:
                name = f"{a} and {co}" if co else a
                parts.append(f"{name} ({year}) argued that {words}.")
            sentence += 1
        paras.append(" ".join(parts))
    lines = [*paras, "", "References"]
    for a, co, year in sorted(refs):
        authors = f"{a}, J. K., & {co}, I. T." if co else f"{a}, J. K."
        title = " ".join(rng.choice(WORDS) for _ in range(8)).capitalize()
        lines.append(
            f"{authors} ({year}). {title}. Journal of {rng.choice(WORDS).capitalize()} Studies, "
            f"{rng.randint(1, 90)}({rng.randint(1, 6)}), "
            f"{rng.randint(1, 400)}–{rng.randint(401, 800)}."
        )
    return "\n".join(lines) + "\n"


def median_time(fn, runs: int) -> float:
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--cites", type=int, default=20000)
    ap.add_argument("--refs", type=int, default=5000)
    args = ap.parse_args()
    refcheck = shutil.which("refcheck") or sys.exit("install refcheck first (see README.md)")

    from refcheck.engine import check_document
    from refcheck.loaders import Document
    from refcheck.rules import select_rules

    text = make_document(args.refs, args.cites)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "big.txt"
        path.write_text(text, encoding="utf-8")
        size = path.stat().st_size / 1e6

        def cli() -> None:
            out = subprocess.run(
                [refcheck, "--offline", "--format", "json", str(path)], capture_output=True
            )
            if out.returncode not in (0, 1):
                sys.exit(f"refcheck failed: {out.stderr.decode()[-400:]}")

        t_cli = median_time(cli, args.runs)
        print(
            f"CLI, {args.cites} citations / {args.refs} references ({size:.1f} MB): "
            f"median {t_cli:.2f} s over {args.runs} runs"
        )
    rules = select_rules()
    base = None
    for factor in (1, 4, 16):
        big = make_document(args.refs * factor, args.cites * factor, seed=factor)
        doc = Document("big.txt", big, "text")
        t = median_time(lambda d=doc: check_document(d, rules), max(3, args.runs // 2))
        base = base or t
        print(
            f"pipeline {factor:>2}x ({len(big) / 1e6:5.1f} MB): median {t:6.2f} s, "
            f"{t / base:5.2f}x the 1x time"
        )
    t_ver = median_time(
        lambda: subprocess.run([refcheck, "--version"], capture_output=True, check=True),
        args.runs * 2,
    )
    print(f"refcheck --version: median {t_ver * 1000:.0f} ms over {args.runs * 2} runs")
    mods = subprocess.run(
        [
            sys.executable,
            "-X",
            "importtime",
            "-c",
            "import sys; sys.argv=['refcheck','--version'];from refcheck.cli import main; main()",
        ],
        capture_output=True,
        text=True,
    )
    heavy = [
        m
        for m in ("requests", "requests_cache", "urllib3", "rapidfuzz", "pybtex")
        if f" {m}\n" in mods.stderr or f"| {m}\n" in mods.stderr
    ]
    print(f"heavy modules imported by --version: {heavy or 'none'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
