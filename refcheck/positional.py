"""Numeric citations against a reference list printed without numbers.

PMC and publisher pages often drop the numbers of a Vancouver list when the article is
copied or exported as text: the prose still says ``[13]``, the list is just the entries
in citation order. The n-th entry is then number n, and that is all there is to it
while the list is complete.

When entries are missing, the text cites numbers beyond the list's length and every
entry after the gap has moved up one place. Which number lost its entry is read from
what the prose says around each citation: an author named before it ("John et al.
[13]") and rare title words in the citing sentence. The alignment is a small dynamic
programme over (number, entries missing so far); a number is reported as missing only
when every alignment that keeps it scores clearly worse. When the evidence cannot
place the gap, the citations it could concern are left unjudged and one note says
that the list is short: a guess would be a false finding.
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from refcheck import lazyre as re
from refcheck.model import Citation, Reference
from refcheck.names import fold
from refcheck.text import LineIndex

__all__ = ["MAX_MISSING", "Positions", "number_by_position"]

MAX_MISSING = 3  # more missing entries than this: the list is not read by position
_MARGIN = 4.0  # how much better (one named author) the best alignment must be
_NAME_SCORE = 4.0
_TITLE_CAP = 3.0  # per citation, so long sentences do not outvote a named author
_NAME_WINDOW = 80  # characters before a citation searched for an author's name
_CONTEXT = 300  # characters before a citation read for title words

_WORD_RE = re.compile(r"[^\W\d_]{3,}")
# An author named right before the bracket: "John et al. [13]", "Smith and Jones [4]",
# "Smith and colleagues [4]". The name must then be the entry's (or it is not).
_NAMED_RE = re.compile(
    r"(?<![\w'’-])([A-Z][^\W\d_]+(?:[-'’][A-Z]?[^\W\d_]+)?)"
    r"(?:\s+et\s+al\.?|\s+(?:and|&)\s+(?:[A-Z][^\W\d_]+|colleagues|co-workers|coworkers))"
    r"(?:['’]s)?\s*(?:\(\d{4}\)\s*)?[\[(]\s*(?:\d+\s*[,–-]\s*)*\Z"
)
_SENTENCE_END_RE = re.compile(r"[.!?]\s+(?=[A-Z])|\n")
_STOP = frozenset(
    """
    about after also among analysis and are based been before between both can cells
    data during effect effects from have into its more most new not other over role
    such than that the their these this those through under using very via was were
    which while with within without study studies patients results review human
    """.split()
)


@dataclass(slots=True)
class Positions:
    """How the entries of an unnumbered list are numbered, and what is missing.

    ``numbers[i]`` is the number of entry ``i``. ``missing`` are cited numbers the
    evidence says have no entry (each is a true unresolved citation). ``unsure`` are
    cited numbers whose entry cannot be told (left unjudged); ``unsure_entries`` are
    entries that may belong to them (not reported as uncited).
    """

    numbers: list[int]
    missing: list[int] = field(default_factory=list)
    unsure: set[int] = field(default_factory=set)
    unsure_entries: set[int] = field(default_factory=set)
    short_by: int = 0


def number_by_position(
    refs: list[Reference], citations: list[Citation], prose: str, index: LineIndex
) -> Positions | None:
    """Number ``refs`` by position against numeric ``citations``; None when the list
    cannot be read that way (more than ``MAX_MISSING`` entries short)."""
    cited = sorted({c.number for c in citations if c.number is not None})
    if not cited or not refs:
        return None
    top, n_refs = cited[-1], len(refs)
    if top <= n_refs:
        return Positions(list(range(1, n_refs + 1)))
    short = top - n_refs
    if short > MAX_MISSING:
        return None
    score = _Scorer(refs, citations, prose, index)
    best, deleted = _align(top, n_refs, short, score, forced=None)
    mapping = _mapping(top, deleted)
    pos = Positions([n for n in range(1, top + 1) if n not in deleted][:n_refs], short_by=short)
    cited_set = set(cited)
    for d in deleted:
        if d not in cited_set:
            continue
        alt, other = _align(top, n_refs, short, score, forced=d)
        if best - alt >= _MARGIN:
            pos.missing.append(d)
            continue
        # As good an alignment keeps d: every number the two place differently is unsure.
        alt_map = _mapping(top, other)
        for n in cited:
            if mapping[n] != alt_map[n]:
                pos.unsure.add(n)
                pos.unsure_entries.update(e for e in (mapping[n], alt_map[n]) if e is not None)
    pos.missing = [n for n in pos.missing if n not in pos.unsure]
    return pos


def _mapping(top: int, deleted: list[int]) -> list[int | None]:
    """Entry index of each number 0..top under an alignment (None: no entry)."""
    out: list[int | None] = [None] * (top + 1)
    gone = set(deleted)
    e = 0
    for n in range(1, top + 1):
        if n not in gone:
            out[n] = e
            e += 1
    return out


def _align(
    top: int, n_refs: int, short: int, score: _Scorer, forced: int | None
) -> tuple[float, list[int]]:
    """The best alignment of numbers 1..top to ``n_refs`` entries with ``short`` gaps.

    State (n, j): numbers up to n placed, j of them without an entry; number n kept
    goes to entry n - j - 1 (0-based). ``forced`` is a number that must keep an entry.
    Returns the score and the numbers left without an entry.
    """
    neg = -math.inf
    f = [[neg] * (short + 1) for _ in range(top + 1)]
    f[0][0] = 0.0
    back: dict[tuple[int, int], bool] = {}  # True: n deleted
    for n in range(1, top + 1):
        for j in range(short + 1):
            best, deleted = neg, False
            e = n - j - 1
            if 0 <= e < n_refs and f[n - 1][j] > neg:
                best = f[n - 1][j] + score(n, e)
            if j > 0 and n != forced and f[n - 1][j - 1] > best:
                best, deleted = f[n - 1][j - 1], True
            f[n][j] = best
            back[n, j] = deleted
    total = f[top][short]
    out: list[int] = []
    j = short
    for n in range(top, 0, -1):
        if j > 0 and back.get((n, j)):
            out.append(n)
            j -= 1
    return total, sorted(out)


class _Scorer:
    """Evidence that the citations of number n mean entry e: named authors, title words."""

    def __init__(
        self, refs: list[Reference], citations: list[Citation], prose: str, index: LineIndex
    ) -> None:
        self.names: list[set[str]] = [
            {k for a in r.authors[:1] if len(k := fold(a.family)) >= 3} for r in refs
        ]
        words = [_title_words(r.title or r.raw) for r in refs]
        df = Counter(w for ws in words for w in ws)
        n = len(refs)
        # Only words shared by at most two entries tell entries apart.
        self.words = [{w: math.log(n / df[w]) for w in ws if df[w] <= 2} for ws in words]
        self.contexts: dict[int, list[tuple[str | None, set[str]]]] = defaultdict(list)
        for c in citations:
            if c.number is None:
                continue
            at = index.line_start(c.span.line) + c.span.column - 1
            before = prose[max(0, at - _CONTEXT) : at]
            ends = list(_SENTENCE_END_RE.finditer(before))
            sentence = before[ends[-1].end() :] if ends else before
            named = _NAMED_RE.search(prose, max(0, at - _NAME_WINDOW), at)
            self.contexts[c.number].append(
                (fold(named.group(1)) if named else None, _title_words(sentence))
            )
        self._cache: dict[tuple[int, int], float] = {}

    def __call__(self, n: int, e: int) -> float:
        """Named authors count for or against each time; title words once per number
        (its best citation), so a number cited twenty times does not outvote a name."""
        key = (n, e)
        if key not in self._cache:
            names, title = self.names[e], self.words[e]
            total = best_title = 0.0
            for named, words in self.contexts.get(n, ()):
                if named is not None:
                    total += _NAME_SCORE if named in names else -_NAME_SCORE
                best_title = max(best_title, sum(title[w] for w in words if w in title))
            self._cache[key] = total + min(_TITLE_CAP, best_title)
        return self._cache[key]


def _title_words(text: str) -> set[str]:
    out = set()
    for w in _WORD_RE.findall(text):
        f = fold(w)
        if len(f) >= 4 and f not in _STOP:
            out.add(f[:-1] if f.endswith("s") and len(f) > 4 else f)
    return out
