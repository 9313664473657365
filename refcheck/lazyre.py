"""``re`` with patterns compiled on first use, so start-up compiles only what a run uses.

refcheck's parsers hold a few hundred module-level patterns, some of them 10 KB long
(the upper- and lower-case letter classes are spelled out, since ``re`` has no
``\\p{Lu}``); compiling all of them at import cost more than linting the seed essay.
A module writes ``from refcheck import lazyre as re`` and keeps its code as it was:
``re.compile`` returns a ``LazyPattern`` that compiles when first matched, and every
other name (``re.I``, ``re.escape``, ``re.sub``, ``re.Match``…) is the real module's.
After the first use the compiled pattern's methods are bound on the object itself, so
a hot loop pays one attribute lookup, as with a compiled pattern.
"""

from __future__ import annotations

import re as _re
from typing import Any

_METHODS = (
    "match", "fullmatch", "search", "finditer", "findall", "sub", "subn", "split", "scanner",
)  # fmt: skip


class LazyPattern:
    """A pattern compiled the first time one of its methods (or ``groups``…) is used."""

    def __init__(self, pattern: str | bytes, flags: int = 0) -> None:
        self.pattern = pattern
        self._flags = flags

    def compiled(self) -> _re.Pattern[Any]:
        """The real pattern (compiled now if it was not yet; ``re`` caches it too)."""
        got = self.__dict__.get("_compiled")
        if got is None:
            got = _re.compile(self.pattern, self._flags)
            for name in _METHODS:
                setattr(self, name, getattr(got, name))
            self._compiled = got
        return got

    def __getattr__(self, name: str) -> Any:
        # Only reached for names not bound yet: the methods before the first use, and
        # the compiled pattern's other attributes (flags, groups, groupindex).
        if name.startswith("__"):
            raise AttributeError(name)
        return getattr(self.compiled(), name)

    def __repr__(self) -> str:
        return f"lazyre.compile({self.pattern!r})"


def compile(pattern: str | bytes | LazyPattern | _re.Pattern[Any], flags: int = 0) -> Any:
    """A ``LazyPattern`` (typed ``Any`` so callers keep ``re.Pattern``'s methods)."""
    if isinstance(pattern, LazyPattern):
        return pattern if not flags else LazyPattern(pattern.pattern, pattern._flags | flags)
    if isinstance(pattern, _re.Pattern):
        return pattern
    return LazyPattern(pattern, flags)


def _real(pattern: Any) -> Any:
    return pattern.compiled() if isinstance(pattern, LazyPattern) else pattern


# The module-level functions accept a LazyPattern as well as a string.
def match(pattern: Any, string: Any, flags: int = 0) -> Any:
    return _re.match(_real(pattern), string, flags)


def fullmatch(pattern: Any, string: Any, flags: int = 0) -> Any:
    return _re.fullmatch(_real(pattern), string, flags)


def search(pattern: Any, string: Any, flags: int = 0) -> Any:
    return _re.search(_real(pattern), string, flags)


def sub(pattern: Any, repl: Any, string: Any, count: int = 0, flags: int = 0) -> Any:
    return _re.sub(_real(pattern), repl, string, count=count, flags=flags)


def subn(pattern: Any, repl: Any, string: Any, count: int = 0, flags: int = 0) -> Any:
    return _re.subn(_real(pattern), repl, string, count=count, flags=flags)


def split(pattern: Any, string: Any, maxsplit: int = 0, flags: int = 0) -> Any:
    return _re.split(_real(pattern), string, maxsplit=maxsplit, flags=flags)


def findall(pattern: Any, string: Any, flags: int = 0) -> Any:
    return _re.findall(_real(pattern), string, flags)


def finditer(pattern: Any, string: Any, flags: int = 0) -> Any:
    return _re.finditer(_real(pattern), string, flags)


def __getattr__(name: str) -> Any:
    """Everything else is the real ``re``: flags, ``escape``, ``Match``, ``Pattern``, ``error``."""
    return getattr(_re, name)
