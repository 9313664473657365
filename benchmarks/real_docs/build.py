"""Rebuild the real-document corpus (/work/corpus/docs) from fetched mirrors.

The documents are public files from public repositories; they are never committed.
manifest.tsv names, for each document, the repository, the commit and the paths to
take; this script copies them with ``git show COMMIT:PATH`` out of the bare mirror
that the search tool's ``fetch`` leaves under /work/.mirror/OWNER+NAME/repo, keeping
each project's relative layout so that ``\\input`` and bibliography paths still work.

A row whose ``render`` column is ``jats-text`` is a JATS XML article (PLOS) that is
rendered to plain text the way a reader copies an article out of a journal page:
body paragraphs with bracketed citation numbers, then a numbered "References" list.

Usage: python benchmarks/real_docs/build.py [--mirrors DIR] [--corpus DIR] [--doc ID]
It says which mirrors are missing and exits 1 if any document could not be built.
"""

from __future__ import annotations

import argparse
import csv
import re
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

HERE = Path(__file__).resolve().parent
MANIFEST = HERE / "manifest.tsv"
TEXT_SUFFIXES = {
    ".md",
    ".markdown",
    ".qmd",
    ".rmd",
    ".tex",
    ".bib",
    ".bbl",
    ".yml",
    ".yaml",
    ".json",
    ".csl",
    ".toml",
    ".txt",
    ".cls",
    ".sty",
    ".xml",
}
MAX_BYTES = 4_000_000


def read_manifest(path: Path = MANIFEST) -> list[dict[str, str]]:
    """Rows of the manifest, comment lines (``#``) skipped."""
    with path.open(encoding="utf-8") as fh:
        lines = [ln for ln in fh if ln.strip() and not ln.startswith("#")]
    return list(csv.DictReader(lines, delimiter="\t"))


def mirror_dir(mirrors: Path, repo: str) -> Path:
    return mirrors / repo.replace("/", "+") / "repo"


def git(gitdir: Path, *args: str) -> bytes:
    return subprocess.run(
        ["git", f"--git-dir={gitdir}", *args], check=True, capture_output=True
    ).stdout


def list_files(gitdir: Path, commit: str, prefixes: list[str]) -> list[tuple[str, int]]:
    """(path, size) of the text files at COMMIT under any of the prefixes."""
    out = git(gitdir, "ls-tree", "-r", "-l", commit).decode("utf-8", "replace")
    files = []
    for line in out.splitlines():
        meta, _, path = line.partition("\t")
        parts = meta.split()
        if len(parts) < 4 or parts[1] != "blob" or parts[3] == "-":
            continue
        if not any(p == "." or path == p or path.startswith(p.rstrip("/") + "/") for p in prefixes):
            continue
        if Path(path).suffix.lower() not in TEXT_SUFFIXES:
            continue
        files.append((path, int(parts[3])))
    return files


# ---------------------------------------------------------------- JATS rendering
def _text(el: ET.Element | None) -> str:
    return "" if el is None else re.sub(r"\s+", " ", "".join(el.itertext())).strip()


def _para(el: ET.Element) -> str:
    """A paragraph's text with <xref ref-type="bibr"> rendered as [n]."""
    parts: list[str] = [el.text or ""]
    for child in el:
        tag = child.tag.split("}")[-1]
        if tag == "xref" and child.get("ref-type") == "bibr":
            label = _text(child).strip("[]")
            parts.append(f"[{label}]")
        elif tag in SKIP:
            pass
        else:
            parts.append(_para(child))
        parts.append(child.tail or "")
    text = re.sub(r"\s+", " ", "".join(parts)).strip()
    return re.sub(r"\]\s*[,–-]\s*\[", lambda m: m.group(0).replace(" ", ""), text)


def _name(n: ET.Element) -> str:
    sur, giv = _text(n.find("surname")), _text(n.find("given-names"))
    return f"{sur} {giv.replace('.', '').replace(' ', '')}".strip()


def _reference(ref: ET.Element) -> str:
    mixed = ref.find("mixed-citation")
    if mixed is not None:  # already punctuated by the publisher
        for part in mixed.iter():
            if part.tag in {"surname", "given-names"} and not (part.tail or "").strip():
                part.tail = " " + (part.tail or "")
        return re.sub(r"\s+([,.;:)])", r"\1", _text(mixed))
    cit = ref.find("element-citation")
    if cit is None:
        return _text(ref)
    names = [_name(n) for n in cit.iter("name")]
    collab = [_text(c) for c in cit.iter("collab")]
    authors = ", ".join(names + collab)
    if len(cit.findall(".//name")) and cit.find(".//etal") is not None:
        authors += ", et al"
    title = _text(cit.find("article-title")) or _text(cit.find("chapter-title"))
    source = _text(cit.find("source"))
    year = _text(cit.find("year"))
    vol, issue = _text(cit.find("volume")), _text(cit.find("issue"))
    fp, lp = _text(cit.find("fpage")), _text(cit.find("lpage"))
    pub = _text(cit.find("publisher-name"))
    loc = _text(cit.find("publisher-loc"))
    doi = ""
    for pid in cit.iter("pub-id"):
        if pid.get("pub-id-type") == "doi":
            doi = _text(pid)
    out = f"{authors}." if authors else ""
    if title:
        out += f" {title.rstrip('.')}."
    if cit.get("publication-type") == "journal" or vol:
        out += f" {source}." if source else ""
        out += f" {year}" if year else ""
        if vol:
            out += f";{vol}" + (f"({issue})" if issue else "")
        if fp:
            out += f":{fp}" + (f"–{lp}" if lp else "")
        out += "."
    else:
        if source:
            out += f" {source}."
        if loc or pub:
            out += f" {loc}{': ' if loc and pub else ''}{pub};"
        out += f" {year}." if year else ""
    comment = _text(cit.find("comment"))
    if comment:
        out += f" {comment}"
    if doi:
        out += f" doi:{doi}"
    return re.sub(r"\s+", " ", out).strip()


SKIP = {"disp-formula", "supplementary-material", "table", "graphic", "alternatives"}


def _walk(el: ET.Element, lines: list[str]) -> None:
    """Section titles and paragraphs in reading order; of figures and tables only captions."""
    for child in el:
        tag = child.tag.split("}")[-1]
        if tag in SKIP:
            continue
        if tag == "title" and _text(child):
            lines += [_text(child), ""]
        elif tag == "p":
            lines += [_para(child), ""]
        else:
            _walk(child, lines)


def render_jats(xml: bytes) -> str:
    root = ET.fromstring(xml)
    front = root.find("front")
    title = _text(front.find(".//article-title")) if front is not None else ""
    lines = [title, ""]
    body = root.find("body")
    if body is not None:
        _walk(body, lines)
    lines += ["References", ""]
    for i, ref in enumerate(root.iter("ref"), 1):
        label = _text(ref.find("label")) or str(i)
        lines.append(f"{label}. {_reference(ref)}")
    return "\n".join(lines).rstrip() + "\n"


# ---------------------------------------------------------------- build
def build_row(row: dict[str, str], mirrors: Path, corpus: Path) -> str | None:
    """Build one document; returns an error text, or None when built."""
    gitdir = mirror_dir(mirrors, row["repo"])
    if not gitdir.is_dir():
        return f"mirror missing: {row['repo']} (fetch github:{row['repo']})"
    dest = corpus / row["doc_id"]
    if dest.exists():
        shutil.rmtree(dest)
    prefixes = [p.strip() for p in row["paths"].split(",") if p.strip()]
    try:
        files = list_files(gitdir, row["commit"], prefixes)
    except subprocess.CalledProcessError as exc:
        return f"commit {row['commit']} not in mirror of {row['repo']}: {exc.stderr!r}"
    if not files:
        return f"no files under {prefixes} at {row['commit']}"
    for path, size in files:
        if size > MAX_BYTES:
            continue
        data = git(gitdir, "show", f"{row['commit']}:{path}")
        target = dest / path
        target.parent.mkdir(parents=True, exist_ok=True)
        if row.get("render") == "jats-text" and path.endswith(".xml"):
            target.with_suffix(".txt").write_text(render_jats(data), encoding="utf-8")
        else:
            target.write_bytes(data)
    return None


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--mirrors", type=Path, default=Path("/work/.mirror"))
    ap.add_argument("--corpus", type=Path, default=Path("/work/corpus/docs"))
    ap.add_argument("--doc", action="append", help="only this doc-id (repeatable)")
    args = ap.parse_args(argv)
    rows = read_manifest()
    if args.doc:
        rows = [r for r in rows if r["doc_id"] in args.doc]
    args.corpus.mkdir(parents=True, exist_ok=True)
    failed = 0
    missing = set()
    for row in rows:
        err = build_row(row, args.mirrors, args.corpus)
        if err:
            failed += 1
            if err.startswith("mirror missing"):
                missing.add(row["repo"])
            print(f"{row['doc_id']}: {err}", file=sys.stderr)
    print(f"built {len(rows) - failed} of {len(rows)} documents in {args.corpus}")
    if missing:
        print("missing mirrors: " + ", ".join(sorted(missing)), file=sys.stderr)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
