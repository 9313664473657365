"""``--git-tracked``: the documents git tracks, for the pre-commit hook and CI.

A commit holds the tracked files, so that is what the hook checks: not a ``_build/``
folder, drafts never added, or anything ``.gitignore`` names, which a plain folder
walk would lint and fail the commit on. The list comes from ``git ls-files`` and is
filtered as a folder walk filters (document suffixes, no hidden or tool folders, the
configuration's ``exclude``); a file named explicitly is kept whatever its suffix, if
git tracks it.
"""

from __future__ import annotations

import os
import subprocess
from collections.abc import Sequence
from pathlib import PurePosixPath

from refcheck.loaders import FOLDER_SUFFIXES, SKIP_DIRS, InputError, _excluded


def tracked_documents(paths: Sequence[str], exclude: Sequence[str] = ()) -> list[str]:
    """Tracked documents under ``paths`` (files or folders), relative to the cwd, sorted.

    Raises ``InputError`` outside a git work tree or when git is missing.
    """
    try:
        out = subprocess.run(
            ["git", "ls-files", "-z", "--cached", "--", *paths],
            capture_output=True,
            check=False,
            timeout=60,
        )
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise InputError(f"--git-tracked: cannot run git ({exc})") from None
    if out.returncode != 0:
        reason = out.stderr.decode("utf-8", "replace").strip().splitlines()
        raise InputError(f"--git-tracked: {reason[0] if reason else 'git ls-files failed'}")
    named = {os.path.normpath(p) for p in paths if os.path.isfile(p)}
    keep = []
    for name in sorted(set(os.fsdecode(f) for f in out.stdout.split(b"\0") if f)):
        if not os.path.isfile(name):
            continue  # deleted in the work tree, not yet in the index
        if os.path.normpath(name) in named:
            keep.append(name)
            continue
        parts = PurePosixPath(name.replace(os.sep, "/")).parts
        if any(p in SKIP_DIRS or p.startswith(".") for p in parts):
            continue
        if name.lower().endswith(FOLDER_SUFFIXES) and not _excluded(name, exclude):
            keep.append(name)
    return keep
