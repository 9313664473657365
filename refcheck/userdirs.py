"""The user's configuration and cache folders for refcheck.

platformdirs is a declared dependency and gives them, but refcheck looks up the user's
config on every run, offline too: an environment where it is missing (installed with
``--no-deps``, vendored, a broken upgrade) must still lint the document, not stop with
an ImportError. The fallback computes the same folders platformdirs does by default.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

APP = "refcheck"


def _fallback(kind: str) -> Path:
    home = Path.home()
    if sys.platform == "win32":
        base = Path(os.environ.get("LOCALAPPDATA") or home / "AppData" / "Local") / APP / APP
        return base / "Cache" if kind == "cache" else base
    if sys.platform == "darwin":
        lib = home / "Library"
        return lib / ("Caches" if kind == "cache" else "Application Support") / APP
    var, default = (
        ("XDG_CACHE_HOME", ".cache") if kind == "cache" else ("XDG_CONFIG_HOME", ".config")
    )
    root = os.environ.get(var, "").strip()
    return (Path(root) if os.path.isabs(root) else home / default) / APP


def user_config_dir() -> Path:
    """Where the user's own ``config.toml`` lives."""
    try:
        import platformdirs  # only when asked: an import costs start-up time
    except ImportError:
        return _fallback("config")
    return Path(platformdirs.user_config_dir(APP))


def user_cache_dir() -> Path:
    """Where the answer caches live unless ``--cache-dir`` names another folder."""
    try:
        import platformdirs
    except ImportError:
        return _fallback("cache")
    return Path(platformdirs.user_cache_dir(APP))


__all__ = ["user_cache_dir", "user_config_dir"]
