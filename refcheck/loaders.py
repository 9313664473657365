"""Reading documents from disk: decoding, kind detection, folder expansion.

This is one of the few modules allowed to do I/O. Every way a file can be unreadable
ends here as an ``InputError`` with a one-line message naming the file, so the CLI can
print it and exit 2 instead of showing a traceback or, worse, linting garbage.
"""

from __future__ import annotations

import fnmatch
import os
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

# Documents are prose, not corpora. Past this size a file is refused with a message
# instead of being linted for minutes; the benchmark document (20,000 citations) is 2 MB.
MAX_BYTES = 16 * 1024 * 1024

SUFFIX_KINDS = {
    ".txt": "text",
    ".text": "text",
    ".md": "markdown",
    ".markdown": "markdown",
    ".mdown": "markdown",
    ".qmd": "markdown",
    ".rmd": "markdown",
    ".rmarkdown": "markdown",
    ".tex": "latex",
    ".ltx": "latex",
    ".bib": "bibtex",
}
# Pandoc documents by their suffix: Quarto, R Markdown, and Pandoc's own ".markdown".
# (Any other Markdown file is one too when its front matter names a bibliography.)
PANDOC_SUFFIXES = (".qmd", ".rmd", ".rmarkdown", ".markdown")
# Suffixes a folder is searched for.
FOLDER_SUFFIXES = (".txt", ".md", ".markdown", ".tex", ".qmd", ".rmd", ".rmarkdown")
SKIP_DIRS = frozenset({".git", ".hg", ".svn", ".venv", "venv", "node_modules", "__pycache__"})


class InputError(Exception):
    """A file that cannot be linted; the message is shown to the user as is."""


@dataclass(slots=True)
class Document:
    """A decoded document. ``text`` has ``\\n`` line ends and no BOM."""

    path: str  # as shown in findings
    text: str
    kind: str  # "text", "markdown", "latex" or "bibtex"


def _excluded(path: str, patterns: Sequence[str]) -> bool:
    """A glob matches the path, its tail, or one of its folder names (``drafts``)."""
    posix = Path(path).as_posix()
    parts = PurePosixPath(posix).parts
    return any(
        fnmatch.fnmatch(posix, p)
        or PurePosixPath(posix).match(p)
        or any(fnmatch.fnmatch(part, p.rstrip("/")) for part in parts)
        for p in patterns
    )


def expand_paths(paths: list[str], exclude: Sequence[str] = ()) -> list[str]:
    """Files to lint, in a stable order: files as given, folders searched recursively.

    Raises ``InputError`` for a path that does not exist; hidden and tool folders are
    skipped, and so are files found in folders that match an ``exclude`` glob.
    Duplicates are dropped so a file named twice is linted once.
    """
    out: list[str] = []
    seen: set[str] = set()
    for raw in paths:
        p = Path(raw)
        if p.is_dir():
            found: list[str] = []
            for root, dirs, files in os.walk(p):
                dirs[:] = sorted(
                    d
                    for d in dirs
                    if d not in SKIP_DIRS
                    and not d.startswith(".")
                    and not _excluded(os.path.join(root, d), exclude)
                )
                for name in files:
                    if name.lower().endswith(FOLDER_SUFFIXES) and not name.startswith("."):
                        found.append(os.path.join(root, name))
            candidates = sorted(f for f in found if not _excluded(f, exclude))
        elif p.exists():
            candidates = [raw]
        else:
            raise InputError(f"{raw}: no such file or directory")
        for c in candidates:
            key = os.path.normpath(c)
            if key not in seen:
                seen.add(key)
                out.append(c)
    return out


def detect_kind(path: str) -> str:
    """The document kind from the suffix; unknown suffixes are read as plain text."""
    return SUFFIX_KINDS.get(Path(path).suffix.lower(), "text")


def decode(data: bytes, path: str) -> str:
    """UTF-8 (with or without BOM) to text with ``\\n`` line ends.

    Binary content (a NUL byte) and invalid UTF-8 are refused with the byte offset of
    the first bad byte, so the user can find it with ``xxd -s``.
    """
    if b"\x00" in data[:65536]:
        raise InputError(
            f"{path}: binary file (NUL byte at offset {data.index(0)}), not a text document"
        )
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        bad = data[exc.start : exc.start + 1].hex()
        raise InputError(
            f"{path}: not valid UTF-8 (byte 0x{bad} at offset {exc.start}); save the file as UTF-8"
        ) from None
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text


def load_document(path: str) -> Document:
    """Read and decode one file; every failure is an ``InputError``."""
    kind = detect_kind(path)
    try:
        size = os.path.getsize(path)
        if size > MAX_BYTES:
            raise InputError(
                f"{path}: file too large ({size / 1048576:.1f} MB; the limit is "
                f"{MAX_BYTES // 1048576} MB)"
            )
        with open(path, "rb") as fh:
            data = fh.read()
    except IsADirectoryError:
        raise InputError(f"{path}: is a directory") from None
    except FileNotFoundError:
        raise InputError(f"{path}: no such file or directory") from None
    except PermissionError:
        raise InputError(f"{path}: permission denied") from None
    except OSError as exc:
        raise InputError(f"{path}: cannot read ({exc.strerror or exc})") from None
    return Document(path=path, text=decode(data, path), kind=kind)
