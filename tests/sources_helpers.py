"""Helpers for the second-source tests: entries built field by field."""

from __future__ import annotations

from typing import Any

from refcheck.model import Name, Reference, Span


def ref(**fields: Any) -> Reference:
    """A Reference with the given fields; ``authors`` as ``"Family, Given; …"`` or names."""
    authors = fields.pop("authors", [])
    if isinstance(authors, str):
        people = []
        for part in authors.split(";"):
            family, _, given = part.strip().partition(",")
            people.append(Name(family.strip(), given.strip()))
        authors = people
    raw = fields.pop("raw", "")
    r = Reference(Span("doc.txt", 1, 1, 1, 2), raw or " ".join(str(v) for v in fields.values()))
    r.authors = list(authors)
    for key, value in fields.items():
        setattr(r, key, value)
    return r
