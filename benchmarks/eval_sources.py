"""Real and invented references (HALLMARK) through refcheck and a stand-in of every source.

    python benchmarks/eval_sources.py [--corpus DIR] [--key] [--only dev,test,ww]

The labelled set is HALLMARK's (benchmarks/hallmark/MANIFEST.json; copy it with
benchmarks/hallmark_corpus.py): its public dev and test splits (computer-science
papers, real ones scraped from DBLP, invented ones written by language models, found in
NeurIPS 2025 papers, or made by perturbing real ones) and the Walters & Wilder
supplement (ChatGPT's citations for literature reviews in many fields, each coded by
hand as a real work or a fabrication).

**What the figures are, and are not.** There is no network here, so the sources are
the loopback stand-in (tests/sources_server.py), answering in their documented shapes.
Its world is every work HALLMARK labels real (all splits and its raw pool of scraped
valid entries), each held where it would be held — DBLP for computing venues and CoRR,
arXiv when it has an arXiv id, Crossref under its DOI (a synthetic Crossref DOI for the
Walters & Wilder articles, which give none), DataCite for arXiv's DOIs, OpenAlex for
all — and rendered with the sources' quirks (DBLP's trailing full stop and homonym
numbers where HALLMARK's entries have them and for one first author in ten, arXiv's
version-1 year from the id, OpenAlex's single earliest year). So the real entries are
checked against records made from their own fields: "0 real references called
invented" here shows that the pipeline and the verdict add no false accusation of their
own, under those quirks.
It cannot show what the live services lack (a paper missing from DBLP, an OpenAlex
record with the wrong year, a title DBLP's search misses); that needs a run against
the live services. An invented entry is "caught" when refcheck reports an invention
pattern for it (RC301 as a warning, RC303, RC304, RC307, RC308, RC309, RC310); a
difference (RC302) is counted apart. The Walters & Wilder entries coded as real works
with errors are left out: the real work's true record is not in the data, so the
stand-in cannot hold it. For the same reason, invented entries whose DOI or arXiv id
HALLMARK found to resolve, but whose work the world lacks, are left out: the stand-in
would say "no such DOI" where the live service would name the real work.

Reports, for the default sources (no OpenAlex key) and with ``--key`` (OpenAlex also
searched): real entries called invented, real entries with a difference, invented
entries caught, per HALLMARK type.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
import tempfile
import zlib
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from hallmark_corpus import DEFAULT_OUT, check  # noqa: E402

from refcheck.sources.venues import canonical, is_computing  # noqa: E402
from tests.sources_server import FakeSources, Work  # noqa: E402

INVENTION = {"RC303", "RC304", "RC307", "RC308", "RC309", "RC310"}  # and RC301 warnings
SPLITS = {
    "dev": "data/v1.0/dev_public.jsonl",
    "test": "data/v1.0/test_public.jsonl",
    "ww": "data/v1.0/supplement_chatgpt_citations.jsonl",
}
POOL = "data/raw/valid_entries.jsonl"
_ARXIV = re.compile(r"(?:10\.48550/arxiv\.|arxiv\.org/abs/)(\d{4}\.\d{4,5})", re.I)


def read(corpus: Path, name: str) -> list[dict[str, Any]]:
    return [json.loads(line) for line in (corpus / name).read_text(encoding="utf-8").splitlines()]


def _crc(text: str) -> int:
    return zlib.crc32(text.encode("utf-8"))


def _norm(text: str) -> str:
    return " ".join(re.findall(r"[a-z0-9]+", text.lower()))


_HOMONYM = re.compile(r"\s+(\d{4})$")


def _authors(text: str) -> tuple[list[str], dict[str, str]]:
    """Names without DBLP's homonym numbers (only DBLP prints them), and the numbers."""
    names, numbers = [], {}
    for raw in re.split(r"\s+and\s+", text or ""):
        name = " ".join(raw.split())
        if not name or name.lower() == "others":
            continue
        m = _HOMONYM.search(name)
        if m:
            name = name[: m.start()]
            numbers[name] = m.group(1)
        names.append(name)
    return names, numbers


def work_of(row: dict[str, Any], n: int) -> Work | None:
    """A real entry as a work of the world, held where the live services would hold it."""
    f = row["fields"]
    title, year = f.get("title", "").strip(), f.get("year", "")
    if not title or not year[:4].isdigit():
        return None
    venue = f.get("booktitle") or f.get("journal") or ""
    doi = (f.get("doi") or "").strip()
    m = _ARXIV.search(doi) or _ARXIV.search(f.get("url") or "")
    arxiv = m.group(1) if m else ""
    v = canonical(venue)
    conference = row["bibtex_type"] == "inproceedings"
    preprint = v is not None and v.key == "CoRR"
    sources = {"openalex"}
    if is_computing(venue) or arxiv:
        sources.add("dblp")
    if arxiv:
        sources.add("arxiv")
    if doi.lower().startswith("10.48550/"):
        sources.add("datacite")
    elif doi:
        sources.add("crossref")
    elif row.get("source") == "walters_wilder_2023":
        doi = f"10.5555/ww.{n}"  # a journal article of these fields has a Crossref DOI
        sources.add("crossref")
    crc = _crc(title)
    authors, numbers = _authors(f.get("author", ""))
    if authors and crc % 10 == 0:
        numbers.setdefault(authors[0], "0001")
    # Version 1's year is the id's (YYMM), earlier than the proceedings' for many papers.
    v1 = 2000 + int(arxiv[:2]) if arxiv else None
    return Work(
        title,
        authors,
        int(year[:4]),
        kind="preprint" if preprint else ("conference" if conference else "article"),
        venue="CoRR" if preprint else venue,
        stream=v.stream if v else "",
        journal=venue,
        volume=f.get("volume", ""),
        pages=f.get("pages", ""),
        doi=doi,
        arxiv=arxiv,
        arxiv_year=v1 if v1 and v1 < int(year[:4]) else None,
        sources=frozenset(sources),
        homonyms=numbers,
    )


def build_world(corpus: Path) -> list[Work]:
    rows = [r for name in [*SPLITS.values(), POOL] for r in read(corpus, name)]
    seen: set[str] = set()
    world = []
    for n, row in enumerate(rows):
        if row.get("label") != "VALID":
            continue
        w = work_of(row, n)
        if w is None:
            continue
        key = _norm(w.title) + "|" + _norm(w.authors[0] if w.authors else "")
        if key not in seen:
            seen.add(key)
            world.append(w)
    return world


def names_unknown_work(row: dict[str, Any], held: set[str]) -> bool:
    """Does an invented entry give a DOI or arXiv id that HALLMARK found to resolve (or
    did not test) but that the world does not hold? It names a real work whose record
    the data lacks: the stand-in would answer "no such DOI", which the live service
    would not, so the entry cannot be judged here."""
    doi = (row["fields"].get("doi") or "").strip().lower()
    if row["label"] == "VALID" or not doi or row["subtests"].get("doi_resolves") is False:
        return False
    m = _ARXIV.search(doi)
    return any(ident and ident not in held for ident in (doi, m.group(1) if m else ""))


def _bib_value(text: str) -> str:
    text = " ".join(str(text).split())
    depth = 0
    for ch in text:
        depth += ch == "{"
        depth -= ch == "}"
        if depth < 0:
            break
    return text if depth == 0 else text.replace("{", "").replace("}", "")


def write_bib(rows: list[dict[str, Any]], path: Path) -> dict[int, dict[str, Any]]:
    """The entries as BibTeX; returns the line of each entry's ``@`` → its row."""
    lines: list[str] = []
    at: dict[int, dict[str, Any]] = {}
    for i, row in enumerate(rows):
        at[len(lines) + 1] = row
        lines.append(f"@{row['bibtex_type']}{{e{i},")
        for name, value in row["fields"].items():
            if value:
                lines.append(f"  {name} = {{{_bib_value(value)}}},")
        lines.append("}")
        lines.append("")
    path.write_text("\n".join(lines), encoding="utf-8")
    return at


def labelled(
    corpus: Path, only: list[str], world: list[Work]
) -> tuple[list[dict[str, Any]], Counter[str], Counter[str]]:
    """The entries to judge, and those left out (W&W real works with errors; invented
    entries whose DOI or arXiv id names a real work the world lacks), by type."""
    held = {w.doi.lower() for w in world if w.doi} | {w.arxiv for w in world if w.arxiv}
    rows: list[dict[str, Any]] = []
    ww_out: Counter[str] = Counter()
    id_out: Counter[str] = Counter()
    for split in only:
        for row in read(corpus, SPLITS[split]):
            row["split"] = split
            ww = row.get("source") == "walters_wilder_2023"
            kind = row.get("hallucination_type") or ""
            if ww and row["label"] != "VALID" and kind != "plausible_fabrication":
                ww_out[kind] += 1  # a real work whose record is unknown
            elif names_unknown_work(row, held):
                id_out[kind] += 1
            else:
                rows.append(row)
    return rows, ww_out, id_out


def run(bib: Path, server: FakeSources, key: bool) -> list[dict[str, Any]]:
    env = {
        **os.environ,
        **server.env(),
        "REFCHECK_CROSSREF_DEADLINE": "7200",
        "REFCHECK_CROSSREF_TIMEOUT": "60",
        "REFCHECK_USER_CONFIG": str(bib.parent / "no-user-config.toml"),
    }
    env.pop("REFCHECK_SOURCES", None)
    env.pop("OPENALEX_API_KEY", None)
    if key:
        env["OPENALEX_API_KEY"] = "benchmark-key"
    out = subprocess.run(
        [
            sys.executable,
            "-m",
            "refcheck",
            str(bib),
            "--format",
            "json",
            "--crossref-url",
            server.base("crossref"),
            "--no-cache",
            "--mailto",
            "bench@example.org",
            "--select",
            "RC3",
        ],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=7200,
    )
    if out.returncode not in (0, 1):
        sys.exit(f"refcheck failed ({out.returncode}): {out.stderr[-2000:]}")
    return json.loads(out.stdout)["findings"]


def score(at: dict[int, dict[str, Any]], found: list[dict[str, Any]]) -> dict[str, Any]:
    codes: dict[int, set[str]] = defaultdict(set)
    for f in found:
        code = f["code"]
        if code == "RC301" and f["severity"] != "warning":
            code = "RC301-note"
        codes[f["line"]].add(code)
    table: dict[str, Counter[str]] = defaultdict(Counter)
    accused = []
    for line, row in at.items():
        got = codes.get(line, set())
        invented = bool(got & INVENTION) or "RC301" in got
        kind = "VALID" if row["label"] == "VALID" else row["hallucination_type"]
        t = table[kind]
        t["entries"] += 1
        t["invention finding"] += invented
        t["difference only"] += (not invented) and "RC302" in got
        t["RC390"] += "RC390" in got
        for c in got:
            t[c] += 1
        if row["label"] == "VALID" and invented:
            accused.append((row["fields"].get("title", ""), sorted(got)))
    return {"table": table, "accused": accused}


def report(name: str, result: dict[str, Any]) -> None:
    table = result["table"]
    valid = table.pop("VALID", Counter())
    print(f"\n## {name}")
    print(
        f"real references: {valid['entries']}; called invented: {valid['invention finding']}; "
        f"with a difference (RC302) only: {valid['difference only']}"
    )
    for title, got in result["accused"][:20]:
        print(f"  ACCUSED: {title[:80]!r} {got}")
    total = sum(t["entries"] for t in table.values())
    caught = sum(t["invention finding"] for t in table.values())
    differs = sum(t["difference only"] for t in table.values())
    share = caught / total if total else 0.0
    print(
        f"invented references: {total}; caught (invention finding): {caught} ({share:.1%}); "
        f"difference only: {differs}"
    )
    print(f"{'type':<24} {'n':>5} {'caught':>7} {'diff':>5}  codes")
    for kind in sorted(table):
        t = table[kind]
        shown = ", ".join(f"{c} {t[c]}" for c in sorted(t) if c.startswith("RC"))
        print(
            f"{kind:<24} {t['entries']:>5} {t['invention finding']:>7} {t['difference only']:>5}  "
            f"{shown}"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--corpus", default=DEFAULT_OUT)
    parser.add_argument("--key", action="store_true", help="also with an OpenAlex key")
    parser.add_argument("--only", default="dev,test,ww")
    args = parser.parse_args()
    corpus = Path(args.corpus)
    bad = check(corpus)
    if bad:
        sys.exit(
            f"{corpus}: missing or changed: {', '.join(bad)} (see benchmarks/hallmark_corpus.py)"
        )
    world = build_world(corpus)
    rows, ww_out, id_out = labelled(corpus, args.only.split(","), world)
    print(
        f"world: {len(world)} real works; entries: {len(rows)} "
        f"({sum(r['label'] == 'VALID' for r in rows)} real); left out: {sum(ww_out.values())} "
        f"W&W real works with errors (no true record) {dict(ww_out)}, {sum(id_out.values())} "
        f"invented entries whose DOI or arXiv id names a real work the world lacks "
        f"{dict(sorted(id_out.items()))}"
    )
    configs = [("default sources, no OpenAlex key", False)] + (
        [("with an OpenAlex key", True)] if args.key else []
    )
    with tempfile.TemporaryDirectory() as tmp, FakeSources(world) as server:
        for name, key in configs:
            results = {}
            for split in args.only.split(","):
                part = [r for r in rows if r["split"] == split]
                bib = Path(tmp) / f"{split}.bib"
                at = write_bib(part, bib)
                results[split] = score(at, run(bib, server, key))
            merged: dict[str, Any] = {"table": defaultdict(Counter), "accused": []}
            for res in results.values():
                for kind, t in res["table"].items():
                    merged["table"][kind].update(t)
                merged["accused"] += res["accused"]
            for split, res in results.items():
                report(f"{name} — {split}", res)
            report(f"{name} — all", merged)
            print("requests per source:", {s: len(r) for s, r in server.requests.items()})
            for s in server.requests:
                server.requests[s].clear()


if __name__ == "__main__":
    main()
