"""The shape of the Crossref answers refcheck uses, checked before anything reads them.

Every byte a server sends is untrusted: a mirror, a proxy or a broken deployment can
answer with ``"type": ["journal-article"]``, ``"updated-by": true`` or items that are
not objects. Such an answer is not evidence about the entry at all, so it must end as
"could not be verified" (RC390) — never as a finding, never cached, never a crash.

Only the fields refcheck reads are checked (a record carries dozens more: references,
licences, funders), and only their types: which *values* agree with an entry is the
comparison's business. ``null`` for a field is accepted as "absent" (Crossref writes
``"date-parts": [[null]]`` for unknown dates). The checks are a few dozen lines of
plain code rather than a JSON Schema document because they run on every answer of a
run and a validator library would be a new runtime dependency for that.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from refcheck.crossref.compare import DATE_FIELDS

# No title, name or page field of a real record comes near this; a longer string is not
# metadata, and bounding it bounds what every text comparison can cost.
MAX_TEXT = 10_000


class SchemaError(ValueError):
    """An answer of the wrong shape; the message names the field, for the RC390 reason."""


Check = Callable[[Any, str], None]


def _fail(where: str, expected: str, value: Any) -> None:
    raise SchemaError(f"{where}: expected {expected}, got {type(value).__name__}")


def _string(value: Any, where: str) -> None:
    if not isinstance(value, str):
        _fail(where, "a string", value)
    if len(value) > MAX_TEXT:
        raise SchemaError(f"{where}: {len(value)} characters, more than {MAX_TEXT}")


def _strings(value: Any, where: str) -> None:
    """Crossref's list-of-strings fields (``title``, ``container-title``, …)."""
    if not isinstance(value, list):
        _fail(where, "a list of strings", value)
    for i, item in enumerate(value):
        _string(item, f"{where}[{i}]")


def _string_or_strings(value: Any, where: str) -> None:
    if not isinstance(value, str):
        _strings(value, where)


def _object_fields(value: Any, where: str, fields: dict[str, Check]) -> None:
    if not isinstance(value, dict):
        _fail(where, "an object", value)
    for name, check in fields.items():
        if value.get(name) is not None:
            check(value[name], f"{where}.{name}")


def _objects(fields: dict[str, Check]) -> Check:
    """A list of objects whose named fields have the given shapes."""

    def check(value: Any, where: str) -> None:
        if not isinstance(value, list):
            _fail(where, "a list of objects", value)
        for i, item in enumerate(value):
            _object_fields(item, f"{where}[{i}]", fields)

    return check


def _date(value: Any, where: str) -> None:
    """``{"date-parts": [[2015, 3, 1]]}``; parts may be ints, digit strings or null."""
    if not isinstance(value, dict):
        _fail(where, "a date object", value)
    parts = value.get("date-parts")
    if parts is None:
        return
    if not isinstance(parts, list):
        _fail(f"{where}.date-parts", "a list of lists", parts)
    for i, part in enumerate(parts):
        if not isinstance(part, list):
            _fail(f"{where}.date-parts[{i}]", "a list", part)
        for j, number in enumerate(part):
            ok = number is None or (isinstance(number, int) and not isinstance(number, bool))
            if not ok and not (isinstance(number, str) and number.isdigit()):
                _fail(f"{where}.date-parts[{i}][{j}]", "a number", number)


_PERSON = {"family": _string, "given": _string, "name": _string}
_LINK = {"DOI": _string, "id": _string, "type": _string}
WORK_FIELDS: dict[str, Check] = {
    "DOI": _string,
    "type": _string,
    "title": _strings,
    "subtitle": _strings,
    "short-title": _strings,
    "original-title": _strings,
    "container-title": _strings,
    "short-container-title": _strings,
    "author": _objects(_PERSON),
    "editor": _objects(_PERSON),
    "volume": _string,
    "issue": _string,
    "page": _string,
    "article-number": _string_or_strings,
    "update-to": _objects(_LINK),
    "updated-by": _objects(_LINK),
    "relation": lambda v, w: _object_fields(v, w, {"is-retracted-by": _objects(_LINK)}),
    "journal-issue": lambda v, w: _object_fields(
        v, w, {"published-print": _date, "published-online": _date, "issue": _string}
    ),
    **dict.fromkeys(DATE_FIELDS, _date),
}


def check_work(record: Any, where: str = "message") -> None:
    """One work record: an object with a DOI and the fields above of the right types."""
    _object_fields(record, where, WORK_FIELDS)
    if not isinstance(record.get("DOI"), str) or not record["DOI"].strip():
        raise SchemaError(f"{where}.DOI: missing")


def _message(answer: Any) -> dict[str, Any]:
    if not isinstance(answer, dict):
        _fail("answer", "an object", answer)
    message = answer.get("message")
    if not isinstance(message, dict):
        _fail("message", "an object", message)
    return message


def work_answer(answer: Any) -> None:
    """``/works/{doi}``: ``{"message": {work}}``."""
    check_work(_message(answer))


def list_answer(answer: Any) -> None:
    """``/works?filter=…`` and ``/works?query…``: ``{"message": {"items": [work, …]}}``.

    One bad item spoils the whole answer: it may have been the entry's record, so a
    search without it could call a registered work "not found".
    """
    items = _message(answer).get("items")
    if not isinstance(items, list):
        _fail("message.items", "a list", items)
    for i, item in enumerate(items):
        check_work(item, f"message.items[{i}]")


def agency_answer(answer: Any) -> None:
    """``/works/{doi}/agency``: ``{"message": {"agency": {"id": …, "label": …}}}``."""
    agency = _message(answer).get("agency")
    _object_fields(agency, "message.agency", {"id": _string, "label": _string})
    if not isinstance(agency.get("id"), str):
        raise SchemaError("message.agency.id: missing")


__all__ = ["SchemaError", "agency_answer", "check_work", "list_answer", "work_answer"]
