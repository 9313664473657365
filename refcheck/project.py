"""The project a document belongs to: the folder its named files must stay inside.

refcheck runs on repositories it does not control (CI on pull requests, pre-commit
hooks), so a path a document or a repository's configuration names — ``\\input``,
``\\bibliography``, front matter ``bibliography:``, the config key ``bib`` — and a file
a folder scan finds are followed only when they resolve (symbolic links included)
inside the document's project root:

1. the git work tree that contains the document (the nearest folder above it with a
   ``.git`` folder or file), else
2. the folder of the configuration file in use, if that folder contains the document,
   else
3. the folder named on the command line that the document was found in, else the
   document's own folder.

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


def project_root(document: str, config_dir: str | None = None, scan_dir: str | None = None) -> str:
    """The folder ``document``'s named files must stay inside (see the module doc)."""
    folder = os.path.dirname(os.path.abspath(document))
    found = git_root(folder)
    if found:
        return found
    if config_dir and inside(folder, config_dir):
        return real(config_dir)
    if scan_dir and inside(folder, scan_dir):
        return real(scan_dir)
    return real(folder)


__all__ = ["git_root", "inside", "project_root", "real"]
