"""Shape checks for the sources' answers: what does not fit is no evidence at all.

A mirror, a proxy or a broken deployment can answer with a list where an object
belongs, a number for a title, or HTML. Such an answer says nothing about the entry,
so it must end as "could not be verified" (RC390) — never as a finding, never cached,
never a crash. Each parser checks the fields it reads, as it reads them, with these
helpers; only their types are checked (which values agree is the comparison's job).
"""

from __future__ import annotations

from typing import Any


class SchemaError(ValueError):
    """An answer of the wrong shape; the message names the field, for RC390's reason."""


def expect_object(value: Any, where: str) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise SchemaError(f"{where}: expected an object, got {type(value).__name__}")
    return value


def expect_list(value: Any, where: str) -> list[Any]:
    if not isinstance(value, list):
        raise SchemaError(f"{where}: expected a list, got {type(value).__name__}")
    return value


def optional_str(obj: dict[str, Any], key: str, where: str) -> str | None:
    """A string field, or None when absent or null; numbers are read as text (DBLP
    writes years and volumes as strings, some mirrors as numbers)."""
    value = obj.get(key)
    if value is None:
        return None
    if isinstance(value, bool):
        raise SchemaError(f"{where}.{key}: expected a string, got bool")
    if isinstance(value, int | float):
        return str(value)
    if not isinstance(value, str):
        raise SchemaError(f"{where}.{key}: expected a string, got {type(value).__name__}")
    return value.strip() or None


def strings(value: Any, where: str) -> list[str]:
    """A string or a list of strings (DBLP gives one value bare, several as a list)."""
    if value is None:
        return []
    if isinstance(value, str):
        return [value] if value.strip() else []
    if isinstance(value, int | float) and not isinstance(value, bool):
        return [str(value)]
    items = expect_list(value, where)
    out = []
    for i, item in enumerate(items):
        if isinstance(item, int | float) and not isinstance(item, bool):
            item = str(item)
        if not isinstance(item, str):
            raise SchemaError(f"{where}[{i}]: expected a string, got {type(item).__name__}")
        if item.strip():
            out.append(item)
    return out
