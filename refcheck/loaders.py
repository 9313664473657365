"""Reading documents from disk: decoding, kind detection, folder expansion.

This is one of the few modules allowed to do I/O. Every way a file can be unreadable
ends here as an ``InputError`` with a one-line message naming the file, so the CLI can
print it and exit 2 instead of showing a traceback or, worse, linting garbage.
"""

from __future__ import annotations

import fnmatch
import os
import stat
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from refcheck import lazyre as re
from refcheck.project import inside, project_root

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


def expand_paths(
    paths: list[str],
    exclude: Sequence[str] = (),
    warnings: list[str] | None = None,
    config_dir: str | None = None,
) -> list[str]:
    """Files to lint, in a stable order: files as given, folders searched recursively.

    Raises ``InputError`` for a path that does not exist; hidden and tool folders are
    skipped, and so are files found in folders that match an ``exclude`` glob.
    Duplicates are dropped so a file named twice is linted once.

    A folder scan never leaves the project (``refcheck.project``): symbolic links to
    folders are not followed, and a linked file whose target lies outside the project
    root is not read; both are told in ``warnings`` (when the target is outside the
    scanned folder, so a link within it, whose files are read anyway, is silent).
    """
    out: list[str] = []
    seen: set[str] = set()
    for raw in paths:
        p = Path(raw)
        if p.is_dir():
            candidates = _scan(raw, exclude, [] if warnings is None else warnings, config_dir)
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


def _scan(
    folder: str, exclude: Sequence[str], warnings: list[str], config_dir: str | None
) -> list[str]:
    """The document files under ``folder`` that lie inside its project."""
    root = project_root(os.path.join(folder, "any"), config_dir, folder)  # for files in it
    found: list[str] = []
    for here, dirs, files in os.walk(folder):  # does not descend into linked folders
        dirs[:] = sorted(
            d
            for d in dirs
            if d not in SKIP_DIRS
            and not d.startswith(".")
            and not _excluded(os.path.join(here, d), exclude)
        )
        for d in dirs:
            link = os.path.join(here, d)
            if os.path.islink(link) and not inside(link, folder):
                warnings.append(f"{link}: a symbolic link to a folder elsewhere; not followed")
        for name in files:
            if name.lower().endswith(FOLDER_SUFFIXES) and not name.startswith("."):
                path = os.path.join(here, name)
                if os.path.islink(path) and not inside(path, root):
                    warnings.append(f"{path}: a symbolic link out of the project {root}; not read")
                    continue
                found.append(path)
    return sorted(f for f in found if not _excluded(f, exclude))


def detect_kind(path: str) -> str:
    """The document kind from the suffix; unknown suffixes are read as plain text."""
    return SUFFIX_KINDS.get(Path(path).suffix.lower(), "text")


# Byte-order marks and their encodings; UTF-32's before UTF-16's, whose LE mark it starts with.
_BOMS = (
    (b"\xef\xbb\xbf", "utf-8"),
    (b"\xff\xfe\x00\x00", "utf-32-le"),
    (b"\x00\x00\xfe\xff", "utf-32-be"),
    (b"\xff\xfe", "utf-16-le"),
    (b"\xfe\xff", "utf-16-be"),
)


_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f]")


def decode(data: bytes, path: str) -> str:
    """UTF-8 (with or without BOM), or UTF-16/UTF-32 with a BOM, to text with ``\\n`` line ends.

    Binary content (a NUL anywhere in the file) and undecodable bytes are refused with
    the byte offset of the first bad byte, so the user can find it with ``xxd -s``.
    (Windows editors save "Unicode" text as UTF-16 with a BOM; without one, UTF-16 is
    indistinguishable from binary and is refused as such.)
    """
    bom, encoding = next(((b, e) for b, e in _BOMS if data.startswith(b)), (b"", "utf-8"))
    if encoding == "utf-8" and b"\x00" in data:
        raise InputError(
            f"{path}: binary file (NUL byte at offset {data.index(0)}), not a text document"
        )
    try:
        text = data[len(bom) :].decode(encoding)
    except UnicodeDecodeError as exc:
        offset = len(bom) + exc.start
        bad = data[offset : offset + 1].hex()
        name = encoding.upper().replace("-LE", "").replace("-BE", "")
        raise InputError(
            f"{path}: not valid {name} (byte 0x{bad} at offset {offset}); save the file as UTF-8"
        ) from None
    if bom and encoding != "utf-8" and _CONTROL.search(text):
        # Bytes after an FF FE that happen to decode: binary, not a Windows text file.
        raise InputError(f"{path}: binary file (control characters in {encoding}), not text")
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
        if not stat.S_ISREG(os.stat(path).st_mode):
            raise InputError(f"{path}: not a regular file")  # a FIFO or device: never ends
        with open(path, "rb") as fh:
            data = fh.read(MAX_BYTES + 1)  # the size may have changed since it was asked
        if len(data) > MAX_BYTES:
            raise InputError(f"{path}: file too large (the limit is {MAX_BYTES // 1048576} MB)")
    except IsADirectoryError:
        raise InputError(f"{path}: is a directory") from None
    except FileNotFoundError:
        raise InputError(f"{path}: no such file or directory") from None
    except PermissionError:
        raise InputError(f"{path}: permission denied") from None
    except OSError as exc:
        raise InputError(f"{path}: cannot read ({exc.strerror or exc})") from None
    return Document(path=path, text=decode(data, path), kind=kind)
