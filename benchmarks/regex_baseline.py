"""The regex reference parser that the learned one replaced, for comparison only.

``refcheck/references/entry.py`` as it was at ``COMMIT`` (the last commit before the
switch-over) is read from git history and loaded as a module, so that benchmarks can
score the old parser beside the new one without the old code living in the package.
It still imports ``refcheck.references.entry_fields`` and ``entry_names``, which the
learned parser keeps using.
"""

from __future__ import annotations

import subprocess
import sys
import types
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
COMMIT = "ff0dffe"
PATH = "refcheck/references/entry.py"


def regex_parse_entry() -> Callable:
    """``parse_entry`` of the regex parser at ``COMMIT``."""
    source = subprocess.run(
        ["git", "-C", str(ROOT), "show", f"{COMMIT}:{PATH}"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    module = types.ModuleType("refcheck_regex_entry")
    sys.modules[module.__name__] = module
    exec(compile(source, f"{COMMIT}:{PATH}", "exec"), module.__dict__)
    return module.parse_entry
