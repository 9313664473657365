"""Numbered reference lists: entry markers and numbering checks.

``entry_number`` reads the same markers as the free-text splitter
(``refcheck.references.reflist._LIST_MARKER``: ``[1]``, ``1.``, ``1)``) plus ``(1)``,
which ``parse_entry`` also strips. ``numbering_problems`` reports what a reader of a
numbered list notices: a number skipped, repeated or out of order.
"""

from __future__ import annotations

from refcheck import lazyre as re

__all__ = ["entry_number", "numbering_problems"]

# Kept in step with reflist._LIST_MARKER (up to five digits; "n." and "n)" need a space
# after them so "2019. Title" at a line start is read the same way by both).
_MARKER = re.compile(r"^(?:\[(\d{1,5})\]|\((\d{1,5})\)(?=\s)|(\d{1,5})[.)](?=\s))\s*")


def entry_number(raw: str) -> tuple[int | None, str]:
    """The list number of an entry and the entry without its marker.

    ``"[12] A. Smith, …"`` → ``(12, "A. Smith, …")``; ``"3. Smith AB. …"``,
    ``"3) …"`` and ``"(3) …"`` likewise. Leading whitespace is ignored. Without a
    marker: ``(None, raw)`` unchanged.
    """
    s = raw.lstrip()
    m = _MARKER.match(s)
    if m is None:
        return None, raw
    digits = m.group(1) or m.group(2) or m.group(3)
    return int(digits), s[m.end() :]


def numbering_problems(numbers: list[int | None]) -> list[tuple[int, str]]:
    """Gaps, repeats and disorder in a list's entry numbers, as (entry index, message).

    ``numbers`` holds each entry's number in list order (None for an unnumbered
    entry, which is skipped). The index is 0-based into ``numbers``; it names the
    entry where the problem shows: the entry after a gap, the second of a repeat, the
    entry that goes backwards. A list is expected to start at 1. Messages:

    - ``"numbering starts at 3, not 1"`` (index of the first numbered entry);
    - ``"number 4 is missing (between 3 and 5)"`` / ``"numbers 4–6 are missing
      (between 3 and 7)"``;
    - ``"number 5 is repeated (first at entry 5)"``: entries counted from 1;
    - ``"number 2 is out of order (after 5)"``.
    """
    problems: list[tuple[int, str]] = []
    first_at: dict[int, int] = {}
    top: int | None = None  # the largest number so far
    for i, n in enumerate(numbers):
        if n is None:
            continue
        if n in first_at:
            problems.append((i, f"number {n} is repeated (first at entry {first_at[n] + 1})"))
            continue
        first_at[n] = i
        if top is not None and n < top:
            problems.append((i, f"number {n} is out of order (after {top})"))
        top = n if top is None else max(top, n)
    problems += _gaps(first_at)
    problems.sort(key=lambda p: p[0])
    return problems


def _gaps(first_at: dict[int, int]) -> list[tuple[int, str]]:
    """Missing runs among the numbers used, each reported at the number after it.

    Judged over the set of numbers, not their order, so a list that is merely out of
    order ("1, 3, 2") has no gap.
    """
    out: list[tuple[int, str]] = []
    prev = 0
    for n in sorted(first_at):
        if n > prev + 1:
            at = first_at[n]
            if prev == 0:
                out.append((at, f"numbering starts at {n}, not 1"))
            elif n == prev + 2:
                out.append((at, f"number {prev + 1} is missing (between {prev} and {n})"))
            else:
                out.append((at, f"numbers {prev + 1}–{n - 1} are missing (between {prev} and {n})"))
        prev = n
    return out
