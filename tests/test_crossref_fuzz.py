"""Fuzzing the Crossref comparison with mutated real records: it never raises.

The client validates answers first (refcheck.crossref.schema), but the comparison is the
last line: a record of any shape, valid or not, must give an answer, not an exception.
Records are the real samples in fixtures/crossref/, with fields replaced by arbitrary
JSON, removed, or given wrong-typed insides; entries are built from the unmutated record
(so the matching paths run) or are arbitrary.
"""

from __future__ import annotations

import copy
import json
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from refcheck.crossref import compare as cmp
from refcheck.crossref.schema import SchemaError, check_work
from refcheck.model import Name, Reference, Span
from tests.conftest import FIXTURES

RECORDS = [
    json.loads(p.read_text(encoding="utf-8"))["message"]
    for p in sorted((FIXTURES / "crossref").glob("*/*.json"))
]
FIELDS = sorted({k for r in RECORDS for k in r} | set(cmp.DATE_FIELDS) | {"journal-issue"})
KINDS = ["article", "book", "chapter", "conference", "report", "thesis", "web", "unknown"]

json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(-(10**6), 10**6)
    | st.floats(allow_nan=True)
    | st.text(max_size=30),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=12), inner),
    max_leaves=12,
)
# Keys the comparison reads inside nested objects, so mutations reach them.
nested_keys = st.sampled_from(
    ["family", "given", "name", "date-parts", "DOI", "id", "type", "is-retracted-by", "0"]
)


def _mutate_inside(value: Any, key: str, new: Any) -> Any:
    """Put ``new`` under ``key`` in the first object inside ``value`` (lists descended)."""
    if isinstance(value, list) and value:
        return [_mutate_inside(value[0], key, new), *value[1:]]
    if isinstance(value, dict):
        return {**value, key: new}
    return new


@st.composite
def mutated(draw: st.DrawFn) -> tuple[dict[str, Any], dict[str, Any]]:
    original = draw(st.sampled_from(RECORDS))
    rec = copy.deepcopy(original)
    for _ in range(draw(st.integers(1, 4))):
        field = draw(st.sampled_from(FIELDS))
        action = draw(st.sampled_from(["replace", "delete", "inside"]))
        if action == "replace":
            rec[field] = draw(json_values)
        elif action == "delete":
            rec.pop(field, None)
        else:
            rec[field] = _mutate_inside(rec.get(field), draw(nested_keys), draw(json_values))
    return original, rec


def _entry_from(rec: dict[str, Any], kind: str) -> Reference:
    """An entry as a reader would have written the (unmutated) record."""
    people = [p for p in rec.get("author", []) if isinstance(p, dict)]
    return Reference(
        Span("d.txt", 1, 1, 1, 2),
        "raw",
        kind=kind,
        authors=[Name(p.get("family") or p.get("name") or "X", p.get("given", "")) for p in people],
        year=str(sorted(cmp.record_years(rec))[0]) if cmp.record_years(rec) else None,
        title=cmp.record_title(rec) or None,
        container=cmp.first(rec.get("container-title")) or None,
        volume=cmp.first(rec.get("volume")) or None,
        issue=cmp.first(rec.get("issue")) or None,
        pages=cmp.first(rec.get("page")) or None,
        doi=cmp.first(rec.get("DOI")) or None,
    )


entries = st.builds(
    lambda kind, title, family, year, pages, container: Reference(
        Span("d.txt", 1, 1, 1, 2),
        "raw",
        kind=kind,
        authors=[Name(family)] if family else [],
        year=year,
        title=title,
        container=container,
        pages=pages,
    ),
    st.sampled_from(KINDS),
    st.none() | st.text(max_size=40),
    st.none() | st.text(max_size=15),
    st.none() | st.text(max_size=6),
    st.none() | st.text(max_size=12),
    st.none() | st.text(max_size=20),
)


def _compare_everything(ref: Reference, rec: Any, others: list[Any]) -> None:
    cmp.best_candidate(ref, [rec, *others])
    cmp.compare_fields(ref, rec)
    cmp.is_other_work(ref, rec)
    cmp.retraction_notice(rec)
    cmp.notice_for(cmp.first(rec.get("DOI")) or "10.1/x", [rec, *others])
    cmp.record_title(rec)
    cmp.record_first_author(rec)
    cmp.record_years(rec)
    cmp.container_names(rec)


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(mutated(), st.sampled_from(KINDS), st.booleans())
def test_mutated_records_never_raise(pair: tuple[dict, dict], kind: str, own: bool) -> None:
    original, rec = pair
    ref = _entry_from(original, kind)
    _compare_everything(ref, rec, [original] if own else [])


@settings(max_examples=200, deadline=None)
@given(entries, mutated())
def test_arbitrary_entries_against_mutated_records_never_raise(ref: Reference, pair) -> None:
    _compare_everything(ref, pair[1], [pair[0]])


@settings(max_examples=200, deadline=None)
@given(mutated())
def test_the_schema_accepts_or_names_the_field(pair: tuple[dict, dict]) -> None:
    """Validation never raises anything but SchemaError, and passes every real sample."""
    check_work(pair[0])
    try:
        check_work(pair[1])
    except SchemaError as exc:
        assert str(exc).startswith("message")
