"""Time per MB on pathological documents of 1, 4 and 16 MB: is every input linear?

    python benchmarks/bench_pathological.py                 # every kind, 1/4/16 MB
    python benchmarks/bench_pathological.py --sizes 1 4     # smaller sizes only
    python benchmarks/bench_pathological.py --kinds dna caps --runs 3

refcheck reads files up to 16 MB from repositories it does not control, so a regex that
backtracks quadratically on some run of characters is a denial of service (20 KB of
capitals once took 8 s, 40 KB of DNA 33 s). Each kind below is a run of what such
patterns choke on; each is linted offline, end to end through the pipeline
(``refcheck.engine.run``, as the CLI does), in a fresh subprocess with a time limit so a
quadratic case is reported as "> limit" instead of hanging the benchmark.

Prints seconds per MB for each kind and size (median of ``--runs``) and the ratio of the
16 MB rate to the 1 MB rate: flat (about 1) means linear.
"""

from __future__ import annotations

import argparse
import random
import statistics
import subprocess
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

MB = 1024 * 1024
LIMIT = 16 * MB - 4096  # the loader refuses files over 16 MB


def _fill(unit: Callable[[random.Random], str], size: int, seed: int = 1) -> str:
    rng = random.Random(seed)
    parts, n = [], 0
    while n < size:
        piece = unit(rng)
        parts.append(piece)
        n += len(piece.encode("utf-8"))
    return "".join(parts)


def _with_refs(body: str) -> str:
    """A document: a citing sentence (brackets switch on the alias scans), the
    pathological body, then a small reference list the sentence cites."""
    return (
        "World Health Organization (WHO, 2020) and (Smith, 2001) [WHO] say so.\n\n"
        + body
        + "\n\nReferences\n\n"
        + "Smith, J. (2001). A title of a work. Journal of Studies, 3(2), 1-9.\n"
        + "World Health Organization. (2020). Report on things. WHO.\n"
    )


def _groups(inner: str) -> Callable[[int], str]:
    """Bracket groups of about 4 KB (the longest the extractor reads) around ``inner``."""
    unit = "(Smith, 2001" + (inner * (3900 // len(inner) + 1))[:3900] + ")\n"
    return lambda n: _with_refs(unit * (n // len(unit)))


def _caps_words(rng: random.Random) -> str:
    return "".join(rng.choice("ABCDEFGHIJKLMNOPQRSTUVWXYZ") for _ in range(rng.randint(1, 9))) + " "


def _cap_words(rng: random.Random) -> str:
    w = rng.choice(["World", "Health", "Organization", "Of", "The", "Smith", "And", "Union"])
    return w + " "


def _dna(rng: random.Random, n: int = 4096) -> str:
    return "".join(rng.choices("ACGT", k=n))


def _author(rng: random.Random) -> str:
    family = rng.choice(["Smith", "Jones", "García", "van der Berg", "O'Neill", "Lee"])
    return f"{family}, {rng.choice('ABCDEFGHJK')}. {rng.choice('ABCDEFGHJK')}., "


def _etal(rng: random.Random) -> str:
    return rng.choice(["Smith et al. ", "Smith et al., 2001 ", "(Smith et al., 2001) ", "et al. "])


def _prose_line(rng: random.Random) -> str:
    words = ["the", "security", "Smith", "(2001)", "argued", "and", "dilemma", "of", "alliances"]
    return " ".join(rng.choice(words) for _ in range(12)) + " "


# kind → (file suffix, document of about ``size`` bytes)
KINDS: dict[str, tuple[str, Callable[[int], str]]] = {
    "caps": (".txt", lambda n: _with_refs("A" * n)),
    "caps-words": (".txt", lambda n: _with_refs(_fill(_caps_words, n))),
    "capitalised-words": (".txt", lambda n: _with_refs(_fill(_cap_words, n))),
    "dna": (".txt", lambda n: _with_refs(_fill(_dna, n))),
    "dna-lines": (".txt", lambda n: _with_refs(_fill(lambda r: _dna(r, 60) + "\n", n))),
    "open-parens": (".txt", lambda n: _with_refs("(" * n)),
    "paren-pairs": (".txt", lambda n: _with_refs("()" * (n // 2))),
    "paren-nest": (".txt", lambda n: _with_refs("(" * (n // 2) + ")" * (n // 2))),
    "brackets": (".md", lambda n: _with_refs("[" * n)),
    "one-line": (".txt", lambda n: _with_refs(_fill(_prose_line, n))),
    "1mb-lines": (
        ".txt",
        lambda n: _with_refs("\n".join(_fill(_prose_line, MB, s) for s in range(n // MB + 1))),
    ),
    "author-list": (
        ".txt",
        lambda n: (
            "Text (Smith, 2001).\n\nReferences\n\n" + _fill(_author, n) + "(2001). T. J, 1.\n"
        ),
    ),
    "etal": (".txt", lambda n: _with_refs(_fill(_etal, n))),
    "commas": (".txt", lambda n: _with_refs("Smith, " * (n // 7))),
    "ands": (".txt", lambda n: _with_refs("Smith and " * (n // 10))),
    "initials": (".txt", lambda n: _with_refs("A. " * (n // 3))),
    "years": (".txt", lambda n: _with_refs("2001, " * (n // 6))),
    "digits": (".txt", lambda n: _with_refs("1" * n)),
    "dots": (".txt", lambda n: _with_refs("." * n)),
    "spaces": (".txt", lambda n: _with_refs(" " * n)),
    "blank-lines": (".txt", lambda n: _with_refs("\n" * n)),
    "latex-braces": (".tex", lambda n: "\\cite{" + "{" * (n - 20) + "}\n"),
    "latex-cites": (".tex", lambda n: "\\cite{a," + "b," * (n // 2) + "}\n"),
    "latex-backslashes": (".tex", lambda n: "\\" * n),
    "markdown-at": (".md", lambda n: _with_refs("@" * n)),
    "group-spaces": (".txt", _groups(" ")),
    "group-words": (".txt", _groups("Aa ")),
    "group-names": (".txt", _groups("Smith, J., ")),
    "group-commas": (".txt", _groups(", ")),
    "group-initials": (".txt", _groups("A. ")),
    "group-years": (".txt", _groups(", 2001")),
    "lookback-words": (
        ".txt",
        lambda n: _with_refs(("Aa Bb Cc Dd " * 40 + "(2001) ") * (n // 487)),
    ),
    "bib-field": (".bib", lambda n: "@article{k, author = {" + "Smith, J. and " * (n // 14) + "}}"),
}

CHILD = """
import sys, time
from refcheck.engine import run
from refcheck.rules import select_rules
rules = [r for r in select_rules() if not r.needs_crossref]
t = time.perf_counter()
run([sys.argv[1]], rules)
print(time.perf_counter() - t)
"""


def measure(kind: str, mb: int, folder: Path, limit: float) -> float | None:
    """Seconds for one lint of a ``mb``-MB document of ``kind``; ``None`` past ``limit``."""
    suffix, make = KINDS[kind]
    size = min(mb * MB, LIMIT) - 1024
    path = folder / f"{kind}-{mb}{suffix}"
    if not path.exists():
        data = make(size).encode("utf-8")
        if len(data) > LIMIT:
            data = data[:LIMIT].decode("utf-8", "ignore").encode("utf-8")
        path.write_bytes(data)
    try:
        out = subprocess.run(
            [sys.executable, "-c", CHILD, str(path)],
            capture_output=True,
            text=True,
            timeout=limit,
            check=True,
        )
    except subprocess.TimeoutExpired:
        return None
    except subprocess.CalledProcessError as exc:
        raise SystemExit(f"{kind} {mb} MB failed:\n{exc.stderr}") from None
    return float(out.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1, 4, 16])
    parser.add_argument("--kinds", nargs="+", default=list(KINDS))
    parser.add_argument("--runs", type=int, default=1)
    parser.add_argument("--limit", type=float, default=120.0, help="seconds per lint")
    args = parser.parse_args()
    head = "".join(f"{f'{mb} MB s/MB':>13}" for mb in args.sizes)
    print(f"{'kind':<20}{head}{'ratio':>8}")
    with tempfile.TemporaryDirectory() as tmp:
        for kind in args.kinds:
            rates: list[float | None] = []
            for mb in args.sizes:
                times = [measure(kind, mb, Path(tmp), args.limit) for _ in range(args.runs)]
                done = [t for t in times if t is not None]
                rates.append(statistics.median(done) / mb if len(done) == len(times) else None)
                if rates[-1] is None:
                    break  # a larger size would only take longer
            cells = "".join(
                f"{r:>13.3f}" if r is not None else f"{'>' + format(args.limit / mb, '.0f'):>13}"
                for r, mb in zip(rates, args.sizes, strict=False)
            )
            cells += " " * 13 * (len(args.sizes) - len(rates))
            whole = len(rates) == len(args.sizes) and None not in rates
            ratio = rates[-1] / rates[0] if whole and rates[0] else None  # type: ignore[operator]
            print(f"{kind:<20}{cells}{ratio:>8.2f}" if ratio else f"{kind:<20}{cells}", flush=True)


if __name__ == "__main__":
    main()
