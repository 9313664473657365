"""Configuration: defaults < user config < ``[tool.refcheck]`` / ``.refcheck.toml`` < command line.

A repository configures refcheck once, next to its documents; the file is found by
walking up from the first checked path, as ruff and flake8 do, so running refcheck from
any folder gives the same result. Every key is validated: an unknown key or a value of
the wrong type stops the run (exit 2) with a message naming the key and the file,
because a silently ignored typo (``ignroe = [...]``) is worse than no configuration.

**Trust.** A repository's configuration is as untrusted as its documents: refcheck
runs in CI on pull requests and as a pre-commit hook on whatever was checked out. It
decides the repository's lint policy (rules, severities, excludes, its .bib files,
offline, jobs, format), but not where refcheck writes or whom it talks to:
``cache-dir``, ``cache-url`` and ``crossref-url`` (unless it names the public API) set there are
ignored with a warning. Those come only from the command line, the environment, or the
user's own configuration file, ``config.toml`` in platformdirs' user config folder
(``~/.config/refcheck/config.toml`` on Linux), which holds personal settings only
(``USER_KEYS``). ``--config FILE`` names a repository configuration explicitly and is
trusted no more than a discovered one. A ``bib`` the repository's configuration names
must lie inside the project (``refcheck.project``).
"""

from __future__ import annotations

import json
import os
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from refcheck.codes import parse_codes
from refcheck.model import Severity
from refcheck.options import DEFAULT_URL, FAIL_ON, FORMATS
from refcheck.project import inside, project_root
from refcheck.userdirs import user_config_dir

CONFIG_NAMES = (".refcheck.toml", "pyproject.toml")
USER_CONFIG_ENV = "REFCHECK_USER_CONFIG"  # a different user config file (tests, CI)
# Personal settings: the only keys the user's own configuration file may set.
USER_KEYS = frozenset(
    {"mailto", "crossref-url", "cache-dir", "cache-url", "no-cache", "offline", "jobs"}
    | {"format", "sources"}
)
# What a repository's configuration may not decide, and where to set it instead.
PROTECTED = {
    "cache-dir": ("where the response cache is written", "--cache-dir or REFCHECK_CACHE_DIR"),
    "crossref-url": ("which server lookups go to", "--crossref-url or REFCHECK_CROSSREF_URL"),
    "cache-url": ("which shared cache is used", "--cache-url or REFCHECK_CACHE_URL"),
}


class ConfigError(Exception):
    """A configuration problem; the message names the file and the key."""


@dataclass(slots=True)
class Config:
    """Settings from a configuration file; ``None`` means "not set there"."""

    path: str | None = None
    select: list[str] | None = None
    extend_select: list[str] = field(default_factory=list)
    ignore: list[str] = field(default_factory=list)
    per_file_ignores: dict[str, list[str]] = field(default_factory=dict)
    severity: dict[str, Severity] = field(default_factory=dict)
    fail_on: str | None = None
    format: str | None = None
    offline: bool | None = None
    mailto: str | None = None
    crossref_url: str | None = None
    cache_dir: str | None = None
    cache_url: str | None = None  # redis://…: shared by a fleet (user configuration only)
    no_cache: bool | None = None
    jobs: int | None = None
    sources: tuple[str, ...] | None = None  # verification sources (refcheck.sources)
    exclude: list[str] = field(default_factory=list)
    bib: list[str] = field(default_factory=list)
    # Lines for stderr: settings of the repository's configuration that were ignored.
    warnings: list[str] = field(default_factory=list)


def _codes(value: Any, key: str, where: str) -> list[str]:
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise ConfigError(f"{where}: '{key}' must be a list of rule codes, got {value!r}")
    return parse_codes(value)


def _choice(value: Any, key: str, where: str, choices: tuple[str, ...]) -> str:
    if value not in choices:
        raise ConfigError(f"{where}: '{key}' must be one of {', '.join(choices)}, got {value!r}")
    return str(value)


def _typed(value: Any, key: str, where: str, kind: type, label: str) -> Any:
    if not isinstance(value, kind) or (kind is int and isinstance(value, bool)):
        raise ConfigError(f"{where}: '{key}' must be {label}, got {value!r}")
    return value


def _per_file(value: Any, where: str) -> dict[str, list[str]]:
    key = "per-file-ignores"
    if not isinstance(value, dict):
        raise ConfigError(f"{where}: '{key}' must be a table of glob = [codes]")
    return {str(glob): _codes(codes, f"{key}.{glob}", where) for glob, codes in value.items()}


def _severity(value: Any, where: str) -> dict[str, Severity]:
    if not isinstance(value, dict):
        raise ConfigError(f"{where}: 'severity' must be a table of CODE = level")
    levels = tuple(s.value for s in Severity)
    return {
        str(code).upper(): Severity(_choice(level, f"severity.{code}", where, levels))
        for code, level in value.items()
    }


def parse_table(table: dict[str, Any], where: str) -> Config:
    """Validate one ``[tool.refcheck]`` table (``where`` names it in messages)."""
    cfg = Config(path=where)
    for key, value in table.items():
        if key == "select":
            cfg.select = _codes(value, key, where)
        elif key == "extend-select":
            cfg.extend_select = _codes(value, key, where)
        elif key == "ignore":
            cfg.ignore = _codes(value, key, where)
        elif key == "per-file-ignores":
            cfg.per_file_ignores = _per_file(value, where)
        elif key == "severity":
            cfg.severity = _severity(value, where)
        elif key == "fail-on":
            cfg.fail_on = _choice(value, key, where, FAIL_ON)
        elif key == "format":
            cfg.format = _choice(value, key, where, FORMATS)
        elif key in ("offline", "no-cache"):
            setattr(cfg, key.replace("-", "_"), _typed(value, key, where, bool, "true or false"))
        elif key in ("mailto", "crossref-url", "cache-dir", "cache-url"):
            setattr(cfg, key.replace("-", "_"), _typed(value, key, where, str, "a string"))
        elif key == "jobs":
            jobs = _typed(value, key, where, int, "an integer from 1 to 3")
            if not 1 <= jobs <= 3:
                raise ConfigError(f"{where}: 'jobs' must be an integer from 1 to 3, got {jobs}")
            cfg.jobs = jobs
        elif key == "sources":
            cfg.sources = _sources(value, where)
        elif key == "exclude":
            cfg.exclude = [_typed(v, key, where, str, "a list of globs") for v in _list(value)]
        elif key == "bib":
            cfg.bib = _bib_files(value, where)
        else:
            raise ConfigError(f"{where}: unknown key '{key}' in [tool.refcheck]")
    return cfg


def _sources(value: Any, where: str) -> tuple[str, ...]:
    """``sources = ["crossref", "dblp"]`` (or one comma-separated string)."""
    from refcheck.sources import SourcesError, parse_sources

    names = [_typed(v, "sources", where, str, "a list of source names") for v in _list(value)]
    try:
        return parse_sources(names)
    except SourcesError as exc:
        raise ConfigError(f"{where}: 'sources': {exc}") from None


def _bib_files(value: Any, where: str) -> list[str]:
    """The config's .bib files, relative to the config file and inside its project.

    A file outside is refused outright (exit 2) rather than skipped: documents that
    rely on it would otherwise report every citation as unresolved.
    """
    base = os.path.dirname(os.path.abspath(where))
    files = [_typed(v, "bib", where, str, "a list of .bib files") for v in _list(value)]
    root = project_root(os.path.join(base, CONFIG_NAMES[0]), config_dir=base)
    out = []
    for name in files:
        path = os.path.join(base, name)
        if not inside(path, root):
            raise ConfigError(
                f"{where}: 'bib' names {name}, outside the project {root}; a repository's "
                "configuration reads files only inside it (name the file with --bib instead)"
            )
        out.append(path)
    return out


def _list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else [value]


def _read_toml(path: Path) -> dict[str, Any]:
    try:
        with open(path, "rb") as fh:
            return tomllib.load(fh)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: invalid TOML ({exc})") from None
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read ({exc.strerror or exc})") from None


def load_file(path: Path) -> Config | None:
    """The refcheck settings in ``path``; ``None`` for a pyproject.toml without any."""
    data = _read_toml(path)
    if path.name == "pyproject.toml":
        table = data.get("tool", {}).get("refcheck")
        if table is None:
            return None
    else:
        # .refcheck.toml: top-level keys, or the same [tool.refcheck] table.
        table = data.get("tool", {}).get("refcheck", data)
    if not isinstance(table, dict):
        raise ConfigError(f"{path}: [tool.refcheck] must be a table")
    return parse_table(table, str(path))


def discover(start: Path) -> Config:
    """The nearest configuration above ``start`` (a file or folder), or defaults."""
    here = start.resolve()
    if not here.is_dir():
        here = here.parent
    for folder in (here, *here.parents):
        for name in CONFIG_NAMES:
            candidate = folder / name
            if candidate.is_file():
                cfg = load_file(candidate)
                if cfg is not None:
                    return cfg
    return Config()


def _distrust(cfg: Config) -> Config:
    """Drop what a repository's configuration may not set, with a warning each."""
    for key, (what, instead) in PROTECTED.items():
        attr = key.replace("-", "_")
        value = getattr(cfg, attr)
        if value is None or (key == "crossref-url" and value.rstrip("/") == DEFAULT_URL):
            continue
        setattr(cfg, attr, None)
        cfg.warnings.append(
            f"{cfg.path}: ignored {key} = {json.dumps(value)}: a repository's configuration cannot "
            f"choose {what} (use {instead}, or the user configuration {user_config_path()})"
        )
    return cfg


def user_config_path() -> Path:
    """The user's own configuration file (it need not exist)."""
    override = os.environ.get(USER_CONFIG_ENV)
    if override:
        return Path(override)
    return user_config_dir() / "config.toml"


def load_user() -> Config:
    """The user's configuration: top-level personal keys (``USER_KEYS``) only."""
    path = user_config_path()
    if not path.is_file():
        return Config()
    data = _read_toml(path)
    table = data.get("tool", {}).get("refcheck", data)
    if not isinstance(table, dict):
        raise ConfigError(f"{path}: [tool.refcheck] must be a table")
    for key in table:
        if key not in USER_KEYS and key != "tool":
            raise ConfigError(
                f"{path}: '{key}' is a project setting; put it in the project's "
                f".refcheck.toml (the user configuration takes {', '.join(sorted(USER_KEYS))})"
            )
    return parse_table({k: v for k, v in table.items() if k != "tool"}, str(path))


def _with_user(project: Config, user: Config) -> Config:
    """The project's settings, with the user's personal ones where it sets none."""
    for key in USER_KEYS:
        attr = key.replace("-", "_")
        if getattr(project, attr) is None:
            setattr(project, attr, getattr(user, attr))
    return project


def load(explicit: str | None, paths: list[str]) -> Config:
    """``--config FILE`` if given, else discovery from the first path (or the cwd);
    then the user's configuration under it."""
    if explicit:
        p = Path(explicit)
        if not p.is_file():
            raise ConfigError(f"{explicit}: configuration file not found")
        project = load_file(p) or Config(path=explicit)
    else:
        project = discover(Path(paths[0]) if paths else Path.cwd())
    if project.path:
        project = _distrust(project)
    return _with_user(project, load_user())
