"""Copy the HALLMARK files benchmarks/eval_sources.py needs out of a clone, and check them.

    python benchmarks/hallmark_corpus.py GIT_DIR [--out DIR]

GIT_DIR is a clone (or bare mirror) of github.com/rpatrik96/hallmark; the files listed in
benchmarks/hallmark/MANIFEST.json are read at the manifest's commit with ``git show``
and written under DIR (default: $REFCHECK_HALLMARK or /work/corpus/hallmark), each
checked against its SHA-256. Nothing is fetched from the network and nothing is written
inside the repository: the corpus is not committed, only the manifest.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import subprocess
import sys
from pathlib import Path

MANIFEST = Path(__file__).resolve().parent / "hallmark" / "MANIFEST.json"
DEFAULT_OUT = os.environ.get("REFCHECK_HALLMARK", "/work/corpus/hallmark")


def manifest() -> dict[str, object]:
    return json.loads(MANIFEST.read_text(encoding="utf-8"))


def check(folder: Path) -> list[str]:
    """Files of the manifest that are missing under ``folder`` or differ from it."""
    bad = []
    files = manifest()["files"]
    assert isinstance(files, dict)
    for name, digest in files.items():
        path = folder / name
        if not path.is_file() or hashlib.sha256(path.read_bytes()).hexdigest() != digest:
            bad.append(name)
    return bad


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("git_dir")
    parser.add_argument("--out", default=DEFAULT_OUT)
    args = parser.parse_args()
    m = manifest()
    out = Path(args.out)
    files = m["files"]
    assert isinstance(files, dict)
    for name in files:
        data = subprocess.run(
            ["git", "-C", args.git_dir, "show", f"{m['commit']}:{name}"],
            check=True,
            capture_output=True,
        ).stdout
        target = out / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
    bad = check(out)
    if bad:
        sys.exit(f"hash mismatch for: {', '.join(bad)}")
    print(f"{len(files)} files of {m['repository']}@{m['commit'][:12]} in {out}")


if __name__ == "__main__":
    main()
