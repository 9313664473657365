"""Baselines: adopt refcheck on a long manuscript without a wall of old findings.

``--write-baseline FILE`` records today's findings; ``--baseline FILE`` then reports
only findings that are not in it. A finding is recognised by a fingerprint of its
file, code and the text it points at (the citation or the entry's first words) —
not its line — so adding a paragraph above does not make old findings "new". Equal
fingerprints are counted, so a second identical unresolved citation is still new.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections import Counter
from pathlib import Path

from refcheck.model import Finding

VERSION = 1


class BaselineError(Exception):
    """An unreadable or malformed baseline file."""


def _snippet(lines: list[str], f: Finding) -> str:
    """The text at the finding, whitespace-collapsed, at most 120 characters."""
    s = f.span
    if not 1 <= s.line <= len(lines):
        return ""
    if s.end_line == s.line:
        text = lines[s.line - 1][s.column - 1 : s.end_column - 1]
    else:
        text = " ".join([lines[s.line - 1][s.column - 1 :], *lines[s.line : s.end_line]])
    return " ".join(text.split())[:120]


def _where(path: str, base: str) -> str:
    """A file's path relative to the baseline's folder, so running from elsewhere (or
    naming ``./essay.txt`` instead of ``essay.txt``) finds the same findings."""
    return os.path.relpath(os.path.abspath(path), base).replace(os.sep, "/")


def fingerprints(findings: list[Finding], texts: dict[str, str], base: str) -> list[str]:
    """One fingerprint per finding; ``texts`` maps each path to its document text."""
    split = {path: text.split("\n") for path, text in texts.items()}
    out = []
    for f in findings:
        where = _where(f.span.path, base)
        key = "\0".join((where, f.code, _snippet(split.get(f.span.path, []), f)))
        out.append(hashlib.sha256(key.encode()).hexdigest()[:20])
    return out


def write(path: str, findings: list[Finding], texts: dict[str, str]) -> None:
    base = os.path.dirname(os.path.abspath(path))
    entries = [
        {"path": _where(f.span.path, base), "code": f.code, "fingerprint": fp,
         "message": f.message}
        for f, fp in zip(findings, fingerprints(findings, texts, base), strict=True)
    ]  # fmt: skip
    doc = {"version": VERSION, "tool": "refcheck", "findings": entries}
    Path(path).write_text(json.dumps(doc, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")


def read(path: str) -> Counter[str]:
    try:
        doc = json.loads(Path(path).read_text(encoding="utf-8"))
        items = doc["findings"]
        if doc.get("version") != VERSION or not isinstance(items, list):
            raise ValueError("unsupported version")
        return Counter(str(item["fingerprint"]) for item in items)
    except FileNotFoundError:
        raise BaselineError(f"{path}: baseline file not found") from None
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise BaselineError(f"{path}: not a refcheck baseline ({exc})") from None


def filter_new(
    findings: list[Finding], texts: dict[str, str], known: Counter[str], path: str
) -> list[Finding]:
    """The findings that the baseline at ``path`` does not account for."""
    base = os.path.dirname(os.path.abspath(path))
    left = Counter(known)
    new = []
    for f, fp in zip(findings, fingerprints(findings, texts, base), strict=True):
        if left[fp] > 0:
            left[fp] -= 1
        else:
            new.append(f)
    return new
