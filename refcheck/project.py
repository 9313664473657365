"""The project a document belongs to: the folder its named files must stay inside.

refcheck runs on repositories it does not control (CI on pull requests, pre-commit
hooks), so a path a document or a repository's configuration names — ``\\input``,
``\\bibliography``, front matter ``bibliography:``, the config key ``bib`` — and a file
a folder scan finds are followed only when they resolve (symbolic links included)
inside the document's project root:

1. the git work tree that contains the document (the nearest folder above it with a
   ``.git`` folder or file), else
2. the outermost of these that contains the document: the folder of the
   configuration file in use, the folder named on the command line that the document
   was found in, and the Quarto or bookdown project it belongs to (the nearest folder
   above it with ``_quarto.yml`` or ``_bookdown.yml``: a project marker as ``.git`` is,
   so a chapter in ``chapters/`` of a book outside git reads the book's
   ``references.bib``), else
3. the document's own folder.

So ``\\input{../macros}`` in a chapter of a thesis repository is followed, a
``\\bibliography{/etc/passwd}`` or a symlink to ``~/.ssh`` is not, and a document
outside any repository can still use the files next to it. Files named on the
command line (``PATH``, ``--bib``, ``--config``) are the user's choice and are read
wherever they are.
"""

from __future__ import annotations

import os


def real(path: str) -> str:
    """The absolute path with every symbolic link resolved (the file need not exist)."""
    return os.path.realpath(os.path.abspath(path))


def inside(path: str, root: str) -> bool:
    """Does ``path``, links resolved, lie within ``root`` (itself resolved)?"""
    full, base = real(path), real(root)
    return full == base or full.startswith(base.rstrip(os.sep) + os.sep)


def git_root(folder: str) -> str | None:
    """The work tree containing ``folder`` (resolved): nearest ancestor with ``.git``."""
    here = real(folder)
    while True:
        if os.path.exists(os.path.join(here, ".git")):
            return here
        parent = os.path.dirname(here)
        if parent == here:
            return None
        here = parent


PROJECT_FILES = ("_quarto.yml", "_bookdown.yml")


def pandoc_root(folder: str) -> str | None:
    """The Quarto or bookdown project containing ``folder``: the nearest ancestor (links
    resolved) holding one of ``PROJECT_FILES``."""
    here = real(folder)
    while True:
        if any(os.path.isfile(os.path.join(here, name)) for name in PROJECT_FILES):
            return here
        parent = os.path.dirname(here)
        if parent == here:
            return None
        here = parent


def project_root(document: str, config_dir: str | None = None, scan_dir: str | None = None) -> str:
    """The folder ``document``'s named files must stay inside (see the module doc)."""
    folder = os.path.dirname(os.path.abspath(document))
    found = git_root(folder)
    if found:
        return found
    candidates = [real(d) for d in (config_dir, scan_dir) if d and inside(folder, d)]
    candidates += [d for d in (pandoc_root(folder),) if d]
    if candidates:
        return min(candidates, key=len)  # all contain the folder: the shortest is outermost
    return real(folder)


__all__ = ["PROJECT_FILES", "git_root", "inside", "pandoc_root", "project_root", "real"]
