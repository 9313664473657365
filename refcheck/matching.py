"""Tying citations to reference entries.

Entries are indexed by (first-author key, year) and by first-author key alone, so each
citation is resolved by a few dictionary look-ups whatever the list's length. Near
misses — a year off, a surname misspelt, co-authors that differ — are searched only
among the entries the index returns for the author or for the year, never by comparing
every citation with every entry.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from enum import StrEnum
from functools import cached_property

from refcheck import lazyre as re
from refcheck.model import Citation, Reference
from refcheck.names import family_keys, fold, primary_key


class Status(StrEnum):
    RESOLVED = "resolved"
    AMBIGUOUS = "ambiguous"
    YEAR_MISMATCH = "year-mismatch"
    AUTHOR_MISMATCH = "author-mismatch"
    UNRESOLVED = "unresolved"
    # Cited as "in preparation", "unpublished data", "personal communication": works
    # that style guides keep out of the reference list, so no entry is expected.
    UNLISTED = "unlisted"


UNLISTED_YEARS = frozenset(
    {
        "inpreparation",
        "inprep",
        "inprep.",
        "unpublished",
        "unpublisheddata",
        "unpublishedwork",
        "unpublishedobservations",
        "personalcommunication",
        "pers.comm.",
        "submitted",
        "inrevision",
        "underreview",
        # APA secondary sources: "(Taylor, 2010, as cited in Wu, 2015)" lists only Wu.
        "ascitedin",
        "citedin",
        "quotedin",
    }
)


@dataclass(slots=True)
class Match:
    """The outcome for one citation; ``refs`` are indices into the reference list."""

    status: Status
    refs: list[int] = field(default_factory=list)
    detail: str = ""  # for author mismatches: which name differs, as "cited vs listed"
    misspelt: bool = False  # author mismatch of the first author's spelling, not co-authors
    # For an unresolved author-date citation: entries of its first author under other
    # years, nearest year first (a hint: "the list has Volkow et al. (2019)").
    near: list[int] = field(default_factory=list)


def norm_year(year: str | None) -> str:
    """Years compare as text; "in press" and "forthcoming" are the same promise."""
    if not year:
        return ""
    y = year.casefold().replace(" ", "")
    if y in ("inpress", "forthcoming", "inprint"):
        return "inpress"
    if y in ("n.d.", "nd", "n.d", "nodate"):
        return "n.d."
    return y


def _names_agree(cited: str, listed: str) -> bool:
    return bool(set(family_keys(cited)) & set(family_keys(listed)))


def _near_name(cited: str, listed: str) -> bool:
    """A misspelling rather than another person: small edit distance, same initial."""
    a, b = primary_key(cited), primary_key(listed)
    if not a or not b or a == b:
        return False
    if a[0] != b[0] and len(a) < 6:
        return False
    limit = 1 if min(len(a), len(b)) <= 5 else 2
    from rapidfuzz.distance import Levenshtein  # only for near misses: not at start-up

    return Levenshtein.distance(a, b, score_cutoff=limit) <= limit


@dataclass(slots=True)
class _AuthorFit:
    """How a citation's author list fits an entry's: exact, tolerable, or which name differs."""

    ok: bool
    detail: str = ""


def _author_fit(cit: Citation, ref: Reference) -> _AuthorFit:
    """Compare the co-authors a citation names with the entry's author list.

    The first author has already been matched. ``et al.`` fits any entry with two or
    more authors (styles differ on when to abbreviate); named co-authors must be the
    entry's, in order, and a citation naming every author must not omit any.
    """
    listed = [a.family for a in ref.authors]
    if len(listed) == 1 and "," in listed[0]:
        parts = [p.strip() for p in listed[0].split(",")]
        if all(p and not any(c.isupper() or c.islower() for c in p) for p in parts):
            listed = parts  # "王明, 张伟, 刘洋" read as one name: caseless names, a list
    cited = list(cit.authors)
    if not listed:
        return _AuthorFit(True)  # found by the text before its year: nothing to compare
    firm = fold(listed[0].replace(" and ", " ")) if len(listed) == 1 else ""
    if firm and len(cited) > 1 and fold("".join(cited)) == firm:
        return _AuthorFit(True)  # a firm: "(Johnson & Johnson, 2019)", "(Ernst & Young, 2018)"
    if cit.et_al:
        if len(listed) < 2 and not ref.et_al:
            return _AuthorFit(False, "et al. cited, but the entry has one author")
        for c, name in zip(cited[1:], listed[1:], strict=False):
            if not _names_agree(c, name):
                return _AuthorFit(False, f"'{c}' vs '{name}'")
        return _AuthorFit(True)
    for c, name in zip(cited[1:], listed[1:], strict=False):
        if not _names_agree(c, name):
            return _AuthorFit(False, f"'{c}' vs '{name}'")
    if len(cited) > len(listed) and not ref.et_al:
        extra = ", ".join(cited[len(listed) :])
        return _AuthorFit(False, f"cited co-author {extra} is not in the entry")
    if len(cited) < len(listed) and len(cited) >= 2:
        missing = ", ".join(listed[len(cited) :])
        return _AuthorFit(False, f"entry also lists {missing}")
    if len(cited) == 1 and len(listed) == 2:
        return _AuthorFit(False, f"entry also lists {listed[1]}")
    return _AuthorFit(True)


_LEAD_RE = re.compile(r"^(?P<lead>[^()]{2,120}?)[.,]?\s+\(?(?:1[5-9]|20)\d\d[a-z]?\b")


_ANCIENT_RE = re.compile(r"\d{1,4}(?:bce|bc|ce|ad)$")


def citation_keys(name: str) -> tuple[str, ...]:
    """The keys a cited name is looked up under: its family keys, and for an all-capitals
    abbreviation ("WHO") the initials of organisations."""
    keys = family_keys(name)
    if 2 <= len(name) <= 8 and name.isalpha() and name.isupper():
        keys = (*keys, "=" + name.casefold())
    return keys


# An organisation opening an author list: a number or capitalised words, one of them
# a word groups are named by ("Consortium", "Group", "Project", ...).
_GROUP_LEAD_RE = re.compile(
    r"((?:\d+[ \t]+)?[A-Z][\w&'’-]*(?:[ \t]+(?:[A-Z][\w&'’-]*|of|for|and|on|the)){0,8}?"
    r"[ \t]+(?:Consortium|Collaboration|Group|Project|Network|Initiative|Investigators|Team))"
    r"\s*[,.;]"
)


def entry_keys(ref: Reference) -> tuple[str, ...]:
    """The keys an entry is found under: its first author's, read robustly.

    Organisations are where entry parsers go wrong, and the citation must still find
    the entry: "United Nations, Department of ..." read as a person "Nations, United"
    is also found as "unitednations"; an entry whose author the parser could not read
    at all ("1000 Genomes Project Consortium. (2010). ...") is found under the text
    before its year.
    """
    if ref.authors:
        first = ref.authors[0]
        keys = family_keys(first.family)
        given = first.given.strip()
        if len(given) > 1 and given.isalpha() and given[0].isupper() and " " not in first.family:
            # "Nations, United" and "GlaxoSmithKline, UK": an organisation split in two.
            for joined in (fold(f"{given} {first.family}"), fold(f"{first.family} {given}")):
                if joined not in keys:
                    keys = (*keys, joined)
        if ref.key is None and (group := _GROUP_LEAD_RE.match(ref.raw)):
            # "1000 Genomes Project Consortium, Abecasis GR, ...": a group author the
            # parser left out, then the people.
            lead = fold(group.group(1))
            if lead not in keys:
                keys = (*keys, lead)
        return keys
    lead = _LEAD_RE.match(ref.raw)
    if lead is None or not any(c.isupper() for c in lead.group("lead")[:1] + lead.group("lead")):
        return ()
    return family_keys(lead.group("lead").strip(" .,"))


_FIRST_YEAR_RE = re.compile(r"(?<![\d./-])((?:1[5-9]|20)\d\d)[a-z]?(?![\d/-])")


def _printed_year(ref: Reference, year: str) -> str:
    """The first year printed in a free-text entry when the parser chose another one.

    "... Population Division. 2013. World population prospects: the 2012 revision"
    read with the year 2012: a citation of 2013 names the entry as printed, so it is
    found under both. Only for free text (a .bib entry's year field is explicit).
    """
    if ref.key is not None:
        return ""
    m = _FIRST_YEAR_RE.search(ref.raw)  # with no year read at all, the printed one
    return m.group(1) if m and m.group(1) != year[:4] else ""


def _initials(family: str) -> str:
    """ "World Health Organization" → "who": how an organisation is abbreviated."""
    words = family.replace(",", " ").split()
    caps = [w for w in words if w[:1].isupper()]
    if len(caps) < 2 or len(caps) < len(words) - 3:
        return ""
    return "".join(w[0] for w in caps).casefold()


class ReferenceIndex:
    """Look-up tables over one reference list."""

    def __init__(self, refs: list[Reference]) -> None:
        self.refs = refs
        self.by_author_year: dict[tuple[str, str], list[int]] = defaultdict(list)
        self.by_author: dict[str, list[int]] = defaultdict(list)
        self.by_year: dict[str, list[int]] = defaultdict(list)
        self.by_number: dict[int, list[int]] = defaultdict(list)
        self.by_key: dict[str, list[int]] = defaultdict(list)
        self.by_key_folded: dict[str, list[int]] = defaultdict(list)
        for i, ref in enumerate(refs):
            year = norm_year(ref.year)
            self.by_year[year].append(i)
            also = _printed_year(ref, year)
            for k in entry_keys(ref):
                self.by_author_year[(k, year)].append(i)
                if also:
                    self.by_author_year[(k, also)].append(i)
                self.by_author[k].append(i)
            if ref.authors and (initials := _initials(ref.authors[0].family)):
                # "(WHO, 2020)" for "World Health Organization": under a key no
                # surname folds to, asked for only by an all-capitals citation.
                self.by_author_year[("=" + initials, year)].append(i)
                self.by_author["=" + initials].append(i)
            if ref.number is not None:
                self.by_number[ref.number].append(i)
            if ref.key:
                self.by_key[ref.key].append(i)
                self.by_key_folded[ref.key.casefold()].append(i)

    @cached_property
    def key_list(self) -> list[str]:
        """Citation keys, for a "did you mean" on a misspelt key."""
        return sorted(self.by_key)

    @cached_property
    def author_list(self) -> list[str]:
        """First-author keys as a list, for fuzzy search over names."""
        return sorted(self.by_author)

    def _lookup(self, table: dict, keys: tuple[str, ...], extra: tuple = ()) -> list[int]:
        seen: list[int] = []
        for k in keys:
            for i in table.get((k, *extra) if extra else k, ()):
                if i not in seen:
                    seen.append(i)
        return seen

    def resolve(self, cit: Citation) -> Match:
        """Resolve one citation: by key, by number, or by author and year."""
        if cit.key is not None:
            return self._by_key(cit.key)
        if cit.number is not None:
            hits = self.by_number.get(cit.number, [])
            if not hits:
                return Match(Status.UNRESOLVED)
            return Match(Status.RESOLVED if len(hits) == 1 else Status.AMBIGUOUS, list(hits))
        if not cit.authors:
            return Match(Status.UNRESOLVED)
        keys = citation_keys(cit.authors[0])
        year = norm_year(cit.year)
        if year in UNLISTED_YEARS or norm_year(cit.locator) in UNLISTED_YEARS:
            return Match(Status.UNLISTED)
        suffix = cit.suffix.casefold()
        same = self._lookup(self.by_author_year, keys, (year,))
        if same:
            return self._choose(cit, same, suffix)
        if _ANCIENT_RE.match(year):
            return self._ancient(cit, keys, year)
        # Year differs: the same author(s) under another year.
        others = [
            i for i in self._lookup(self.by_author, keys) if _author_fit(cit, self.refs[i]).ok
        ]
        if others:
            return Match(
                Status.YEAR_MISMATCH, sorted(others, key=lambda i: self._year_gap(i, year))
            )
        # Surname misspelt: entries of the same year whose first author is a near miss.
        near = [
            i
            for i in self.by_year.get(year, ())
            if self.refs[i].authors
            and self.refs[i].suffix.casefold() == suffix
            and _near_name(cit.authors[0], self.refs[i].authors[0].family)
        ]
        if len(near) == 1:
            listed = self.refs[near[0]].authors[0].family
            return Match(
                Status.AUTHOR_MISMATCH, near, f"'{cit.authors[0]}' vs '{listed}'", misspelt=True
            )
        return self._near_name_and_year(cit, year)

    def _ancient(self, cit: Citation, keys: tuple[str, ...], year: str) -> Match:
        """ "(Aristotle, 350 BCE)": the entry is dated by its edition, so the author's
        entry that names the original date, else the author's only entry, is meant."""
        mine = self._lookup(self.by_author, keys)
        digits = year.rstrip("abcdefghijklmnopqrstuvwxyz")
        numeral = re.compile(rf"(?<!\d){digits}(?!\d)")
        dated = [i for i in mine if numeral.search(self.refs[i].raw)]
        hits = dated or (mine if len(mine) == 1 else [])
        if not hits:
            return Match(Status.UNRESOLVED)
        return Match(Status.RESOLVED if len(hits) == 1 else Status.AMBIGUOUS, hits)

    def _near_name_and_year(self, cit: Citation, year: str) -> Match:
        """Both the surname and the year are slightly off (``Hirokarwa 1998`` for
        ``Hirokawa 1989``): one candidate whose name is a near miss and year a typo."""
        first = primary_key(cit.authors[0])
        if len(first) < 5:
            return Match(Status.UNRESOLVED)
        from rapidfuzz import process
        from rapidfuzz.distance import Levenshtein

        hits = process.extract(
            first, self.author_list, scorer=Levenshtein.distance, score_cutoff=2, limit=8
        )
        cands = [
            i
            for key, _, _ in hits
            if key[0] == first[0]
            for i in self.by_author[key]
            if _year_typo(year, self.refs[i].year) and _author_fit(cit, self.refs[i]).ok
        ]
        if len(cands) != 1:
            return Match(Status.UNRESOLVED)
        ref = self.refs[cands[0]]
        detail = f"'{cit.authors[0]}, {cit.year}' vs '{ref.authors[0].family}, {ref.year}'"
        return Match(Status.AUTHOR_MISMATCH, cands, detail, misspelt=True)

    def _by_key(self, key: str) -> Match:
        """A citation key: exact, else case-insensitive (BibTeX ignores case; biber
        does not, so both spellings are accepted rather than guessed between)."""
        hits = self.by_key.get(key)
        if not hits:
            hits = self.by_key_folded.get(key.casefold(), [])
        if len(hits) == 1:
            return Match(Status.RESOLVED, list(hits))
        if hits:
            return Match(Status.AMBIGUOUS, list(hits))
        # A suggestion only for a key long enough that two edits are a typo, not a guess;
        # swapped neighbours ("waltz1997" for "waltz1979") count as one edit.
        limit = 1 if len(key) < 8 else 2
        from rapidfuzz import process
        from rapidfuzz.distance import OSA

        near = (
            process.extractOne(key, self.key_list, scorer=OSA.distance, score_cutoff=limit)
            if self.key_list and len(key) >= 4
            else None
        )
        return Match(Status.UNRESOLVED, detail=near[0] if near else "")

    def same_first_author(self, cit: Citation) -> list[int]:
        """Entries whose first author is the citation's, under another year, nearest
        year first (at most three)."""
        year = norm_year(cit.year)
        found = [
            i
            for i in self._lookup(self.by_author, family_keys(cit.authors[0]))
            if norm_year(self.refs[i].year) != year
        ]
        return sorted(found, key=lambda i: self._year_gap(i, year))[:3]

    def _year_gap(self, i: int, year: str) -> tuple[int, int]:
        y = self.refs[i].year or ""
        try:
            return (abs(int(y[:4]) - int(year[:4])), i)
        except ValueError:
            return (9999, i)

    def _choose(self, cit: Citation, cands: list[int], suffix: str) -> Match:
        """Pick among entries with the right first author and year."""
        if suffix:
            with_suffix = [i for i in cands if self.refs[i].suffix.casefold() == suffix]
            if with_suffix:
                cands = with_suffix
            elif all(self.refs[i].suffix for i in cands):
                return Match(Status.UNRESOLVED)
            else:
                # "(Walt, 2015a)" where the list has only "Walt (2015)": the suffix is wrong.
                plain = [i for i in cands if not self.refs[i].suffix]
                return Match(Status.YEAR_MISMATCH, plain)
        fits = [i for i in cands if _author_fit(cit, self.refs[i]).ok]
        if len(fits) == 1:
            return Match(Status.RESOLVED, fits)
        if len(fits) > 1:
            exact = [i for i in fits if len(self.refs[i].authors) == len(cit.authors)]
            if len(exact) == 1 and not cit.et_al:
                return Match(Status.RESOLVED, exact)
            if cit.et_al:
                # Two authors are always both named, so "et al." means three or more.
                many = [i for i in fits if len(self.refs[i].authors) > 2 or self.refs[i].et_al]
                if len(many) == 1:
                    return Match(Status.RESOLVED, many)
            if (
                not suffix
                and len({self.refs[i].suffix for i in fits}) == len(fits)
                and all(self.refs[i].suffix for i in fits)
            ):
                return Match(Status.AMBIGUOUS, fits)
            if len({fold(self.refs[i].title or self.refs[i].raw) for i in fits}) == 1:
                # The same work listed twice: RC203 reports that; the citation reaches both,
                # so neither copy is also "uncited".
                return Match(Status.RESOLVED, fits)
            return Match(Status.AMBIGUOUS, fits)
        # The first author and year fit but the co-authors do not.
        if len(cands) == 1:
            fit = _author_fit(cit, self.refs[cands[0]])
            return Match(Status.AUTHOR_MISMATCH, cands, fit.detail)
        return Match(Status.AMBIGUOUS, cands)


def _year_typo(cited: str | None, listed: str | None) -> bool:
    """Whether two years differ the way a typo does: one digit, two swapped, or ±2."""
    a, b = norm_year(cited), norm_year(listed)
    if "inpress" in (a, b):
        return True  # cited while in press, listed once published (or the reverse)
    if not (a[:4].isdigit() and b[:4].isdigit()):
        return False
    a, b = a[:4], b[:4]
    return (
        abs(int(a) - int(b)) <= 2
        or sum(x != y for x, y in zip(a, b, strict=True)) == 1
        or sorted(a) == sorted(b)
    )


def match_citations(citations: list[Citation], index: ReferenceIndex) -> list[Match]:
    """One ``Match`` per citation, in order.

    A near miss is only a near miss when it explains the citation better than a missing
    entry does. If the entry it points to is itself cited correctly elsewhere, or its
    year is not a plausible typo of the cited one, the citation most likely names a
    different work that the list lacks: it is then unresolved, not a mismatch (a
    misspelt surname stays a mismatch: one slip among correct spellings is common). This
    keeps "Walt (2016)" for "Walt (2015)" a year mismatch while "(Kessler, 2004)" in
    a list that has only Kessler (2001), cited as such, stays an unresolved citation.
    """
    matches = [index.resolve(c) for c in citations]
    exact = {i for m in matches if m.status is Status.RESOLVED for i in m.refs}
    for cit, m in zip(citations, matches, strict=True):
        if m.status is Status.YEAR_MISMATCH:
            m.refs = [
                i for i in m.refs if i not in exact and _year_typo(cit.year, index.refs[i].year)
            ]
            if not m.refs:
                m.status = Status.UNRESOLVED
        elif m.status is Status.AUTHOR_MISMATCH and not m.misspelt and m.refs[0] in exact:
            m.status, m.refs, m.detail = Status.UNRESOLVED, [], ""
        if m.status is Status.UNRESOLVED and cit.authors and cit.key is None:
            m.near = index.same_first_author(cit)
    return matches
