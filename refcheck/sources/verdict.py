"""One verdict per entry from every source's answers: pure functions, no I/O.

The order of evidence, strongest first:

1. **Crossref's own verdict** when it is positive or about the DOI (found, DOI of
   another work, DOI not registered): Crossref registers the DOI, its word stands.
2. **Identifiers at their own registry**: an arXiv id at arXiv, a DataCite DOI at
   DataCite, a DOI at OpenAlex when Crossref could not answer, an ISBN at Open
   Library. The record found is either the entry's work (found, perhaps with
   differences) or plainly another one (RC304, RC308, RC309: its title and authors
   are shown). An id arXiv does not have is RC308; an ISBN or DOI that OpenAlex or
   Open Library lack says nothing (their catalogues are partial).
3. **Searches**, every source's candidates together. A candidate is the entry's work
   when Crossref's acceptance rule holds (``compare.acceptable``); also, so that a real
   work with one misprinted field is never called missing, when title and first
   author agree (another year: RC302), when author and year agree and the title is
   close (RC302 title), or when the title is the same and other authors are shared
   (RC302 authors). A distinctive title matching a record whose authors share no
   name with the entry's is a *chimera* (RC307): a real title under invented authors.
4. **Not found**, a warning only when every source covering the entry (see
   ``plan.covering``) answered, none failed, and — for a DBLP venue — the venue-year's
   full listing holds nothing by the entry's first author with a similar title.
   Otherwise a note that names what was asked and what failed.

A venue check runs on found works (RC310): when DBLP lists the work only at another
conference, or only as an arXiv preprint, while the venue-year the entry names is
indexed and its full listing does not hold it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from refcheck.crossref import FieldDiff, Verification
from refcheck.crossref import compare as cmp
from refcheck.model import Reference
from refcheck.names import fold
from refcheck.sources import ARXIV, CROSSREF, DATACITE, DBLP, SOURCE_NAMES, Answer
from refcheck.sources.plan import Needs
from refcheck.sources.records import Record, describe, families, source_of
from refcheck.sources.venues import canonical

# Title and author agree but nothing else does: the same work, another field wrong.
TITLE_NEAR = 80.0  # author and year agree: the title is misprinted
TITLE_CHIMERA = 95.0  # a title this close under wholly other authors is that work's
CHIMERA_WORDS = 3  # ...if it is distinctive: this many significant words
CHIMERA_CHARS = 20  # ...and characters
LISTED_TITLE = 50.0
WRONG_IDENTIFIER = frozenset(
    {"arxiv-mismatch", "arxiv-not-found", "isbn-mismatch", "doi-mismatch"}
)  # a listed paper by the first author this alike may be a retitling
_PUBLISHER_NOISE = frozenset(
    "the and of press publishing publishers publisher books book inc ltd llc co company "
    "group verlag editions ed gmbh limited plc sa pvt imprint".split()
)
_PUBLISHER_SAME = (
    {"routledge", "taylor", "francis", "crc", "psychology"},
    {"springer", "nature", "verlag", "palgrave", "macmillan", "apress"},
    {"wiley", "blackwell", "sons", "jossey", "bass"},
    {"penguin", "random", "house", "viking", "allen", "lane", "vintage", "knopf"},
)


@dataclass(slots=True)
class Evidence:
    """Everything learned about one entry, for ``decide``."""

    ref: Reference
    needs: Needs
    crossref: Verification | None = None  # None: Crossref was not asked
    crossref_items: list[Record] = field(default_factory=list)  # its search candidates
    answers: list[Answer] = field(default_factory=list)  # every other source's
    listing: Answer | None = None  # DBLP's listing of the entry's venue-year
    covering: set[str] = field(default_factory=set)


# --- small helpers -------------------------------------------------------------------------


def _order(source: str) -> int:
    return SOURCE_NAMES.index(source) if source in SOURCE_NAMES else len(SOURCE_NAMES)


def shared_authors(ref: Reference, rec: Record) -> int:
    """How many of the entry's authors appear among the record's (by family name)."""
    theirs = families(rec)
    return sum(any(cmp._same_family(a.family, t) for t in theirs) for a in ref.authors)


_STOP = frozenset(
    "a an the of and or for in on to with by from via at is are as its into new study "
    "review survey introduction analysis approach paper notes note theory".split()
)


def _distinctive(title: str | None) -> bool:
    """Specific enough that two works rarely share it: "Attention is all you need" is,
    "A review of the literature" is not."""
    text = cmp.clean_text(title or "")
    words = [w for w in re.findall(r"[^\W_]+", text.casefold()) if len(w) > 2]
    return len([w for w in words if w not in _STOP]) >= CHIMERA_WORDS and len(text) >= CHIMERA_CHARS


def _is_preprint(rec: Record) -> bool:
    return rec.get("refcheck-preprint") is True


def _entry_year(ref: Reference) -> int | None:
    y = (ref.year or "")[:4]
    return int(y) if y.isdigit() else None


def _year_really_differs(ref: Reference, rec: Record) -> bool:
    """A year difference worth reporting. A preprint's year precedes the published
    version's, so only an entry dated *before* it differs; a source that keeps one
    date (OpenAlex: often the earliest version's) is allowed a year either way."""
    mine, theirs = _entry_year(ref), cmp.record_years(rec)
    if mine is None or not theirs:
        return False
    if _is_preprint(rec) and ref.kind != "preprint":
        return mine < min(theirs)
    if rec.get("refcheck-single-date"):
        return min(abs(mine - y) for y in theirs) >= 2
    return True


def _publisher_words(name: str) -> set[str]:
    words = {w for w in _words(name) if w not in _PUBLISHER_NOISE}
    for group in _PUBLISHER_SAME:
        if words & group:
            words |= group
    return words


def _words(text: str) -> list[str]:
    """Lower-case, accent-free words: ``Wiley-Blackwell`` → ``wiley``, ``blackwell``."""
    return [w for w in (fold(p) for p in re.findall(r"[^\W\d_]+", text)) if w]


def _initials(name: str) -> str:
    return "".join(w[0] for w in _words(name) if w not in {"of", "the", "and"})


def publisher_agrees(mine: str | None, theirs: list[str]) -> bool | None:
    """A publisher agrees with any edition's when they share a significant word (an
    imprint and its house count as one: Routledge / Taylor & Francis) or one is the
    other's initials (OUP / Oxford University Press)."""
    if not mine or not theirs:
        return None
    words = _publisher_words(mine)
    for other in theirs:
        if words & _publisher_words(other):
            return True
        a, b = fold(mine), fold(other)
        if a and b and (a == _initials(other) or b == _initials(mine)):
            return True
    return False


def differences(ref: Reference, rec: Record) -> list[FieldDiff]:
    """The fields that differ, as Crossref's comparison sees them, less the year
    differences the source cannot vouch for, plus a book's publisher."""
    out = [
        d
        for d in cmp.compare_fields(ref, rec)
        if d.field != "year" or _year_really_differs(ref, rec)
    ]
    pubs = rec.get("refcheck-publishers")
    if ref.kind == "book" and isinstance(pubs, list):
        names = [p for p in pubs if isinstance(p, str)]
        if publisher_agrees(ref.publisher, names) is False:
            out.append(FieldDiff("publisher", ref.publisher or "", "; ".join(names[:3])))
    return out


# --- candidates ----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Candidate:
    tier: int  # 0 accepted, 1 title+author, 2 author+year+near title, 3 shared authors
    venue_match: bool
    rank: float
    order: int
    position: int
    rec: Record

    def key(self) -> tuple[int, int, float, int, int]:
        return (self.tier, 0 if self.venue_match else 1, -self.rank, self.order, self.position)


def _tier(ref: Reference, rec: Record) -> int | None:
    a = cmp.agreement(ref, rec)
    if a.title is None or not cmp._type_compatible(ref, rec):
        return None
    if cmp.acceptable(ref, rec, a):
        return 0
    if a.title >= cmp.TITLE_SAME and a.author is True:
        return 1
    if a.title >= TITLE_NEAR and a.author is True and a.year is True:
        return 2
    if (
        a.title >= cmp.TITLE_SAME
        and a.author is False
        and _distinctive(ref.title)
        and shared_authors(ref, rec) >= 1
    ):
        return 3
    return None


def _venue_of(rec: Record) -> str | None:
    raw = rec.get("refcheck-venue")
    return raw if isinstance(raw, str) else None


def _venue_match(n: Needs, rec: Record) -> bool:
    venue = canonical(_venue_of(rec))
    return n.venue is not None and venue is not None and venue.key == n.venue.key


def _candidates(ref: Reference, n: Needs, pool: list[Record]) -> list[_Candidate]:
    out = []
    for i, rec in enumerate(pool):
        tier = _tier(ref, rec)
        if tier is None:
            continue
        a = cmp.agreement(ref, rec)
        out.append(_Candidate(tier, _venue_match(n, rec), a.rank, _order(source_of(rec)), i, rec))
    return sorted(out, key=_Candidate.key)


def chimera_of(ref: Reference, pool: list[Record]) -> Record | None:
    """A record whose (distinctive) title is the entry's and whose authors share no
    name with the entry's authors."""
    if not ref.authors or not _distinctive(ref.title):
        return None
    for rec in pool:
        if not families(rec) or not cmp._type_compatible(ref, rec):
            continue
        score = cmp.title_score(ref.title, rec)
        if score is not None and score >= TITLE_CHIMERA and shared_authors(ref, rec) == 0:
            return rec
    return None


def listed_nearby(ref: Reference, listing: list[Record]) -> Record | None:
    """A listed paper that may be the entry's work under another title: by the same
    first author with a somewhat alike title, or sharing two of its authors."""
    for rec in listing:
        author = cmp.author_agrees(ref, rec)
        score = cmp.title_score(ref.title, rec) or 0.0
        if (author is True and score >= LISTED_TITLE) or (
            len(ref.authors) >= 2 and shared_authors(ref, rec) >= 2
        ):
            return rec
    return None


# --- the verdict ---------------------------------------------------------------------------


def _record_doi(ref: Reference, rec: Record) -> str | None:
    """The DOI to suggest (RC305): not a preprint's for an entry that is no preprint."""
    doi = cmp.first(rec.get("DOI")).lower() or None
    if doi and _is_preprint(rec) and ref.kind != "preprint":
        return None
    return doi


def _retraction(rec: Record) -> str | None:
    if source_of(rec) == CROSSREF:
        return cmp.retraction_notice(rec)
    return "" if rec.get("refcheck-retracted") is True else None


def _found(ref: Reference, rec: Record, searched: str, **extra: Any) -> Verification:
    return Verification(
        "verified",
        searched=searched,
        doi=_record_doi(ref, rec),
        differences=differences(ref, rec),
        record_title=cmp.record_title(rec),
        retracted_by=_retraction(rec),
        source=source_of(rec),
        **extra,
    )


def _failures(e: Evidence) -> dict[str, str]:
    failed: dict[str, str] = {}
    if e.crossref is not None and e.crossref.status == "unverified":
        failed[CROSSREF] = e.crossref.reason or "lookup failed"
    for a in [*e.answers, *([e.listing] if e.listing else [])]:
        if a.error and a.source not in failed:
            failed[a.source] = a.error
    return failed


def _answered(e: Evidence) -> tuple[str, ...]:
    names = set()
    if e.crossref is not None and e.crossref.status not in ("unverified", "skipped"):
        names.add(CROSSREF)
    names |= {a.source for a in e.answers if a.answered}
    return tuple(n for n in SOURCE_NAMES if n in names)


def _identifier_verdict(e: Evidence, context: dict[str, Any]) -> Verification | None:
    ref, n = e.ref, e.needs
    for a in e.answers:
        if a.lookup not in ("doi", "arxiv", "isbn") or a.error:
            continue
        if not a.records:
            if a.lookup == "arxiv":
                return Verification(
                    "arxiv-not-found", searched=a.asked, identifier=a.asked, source=ARXIV, **context
                )
            crossref_asked = e.crossref is not None
            if a.source == DATACITE and not crossref_asked and n.doi:
                return Verification("doi-not-found", searched=n.doi, source=DATACITE, **context)
            continue  # OpenAlex and Open Library lack many works: silence is no evidence
        rec = a.records[0]
        if cmp.is_other_work(ref, rec):
            status = {"doi": "doi-mismatch", "arxiv": "arxiv-mismatch", "isbn": "isbn-mismatch"}
            return Verification(
                status[a.lookup],
                searched=a.asked,
                doi=n.doi if a.lookup == "doi" else None,
                record_title=cmp.record_title(rec),
                evidence=describe(rec),
                identifier=a.asked,
                source=a.source,
                **context,
            )
        return _found(ref, rec, a.asked, **context)
    return None


def _venue_issue(e: Evidence, chosen: Record, pool: list[Record]) -> FieldDiff | None:
    """RC310: DBLP holds the work, but not at the venue-year the entry names."""
    ref, n = e.ref, e.needs
    if n.venue_year is None or n.venue is None or e.listing is None:
        return None
    listing = e.listing
    if listing.error or listing.total <= 0 or len(listing.records) < listing.total:
        return None  # the venue-year is not indexed, or its listing is incomplete
    versions = [r for r in pool if source_of(r) == DBLP and _tier(ref, r) in (0, 1)]
    if source_of(chosen) == DBLP and chosen not in versions:
        versions.append(chosen)
    if not versions or any(_venue_match(n, r) for r in versions):
        return None
    if listed_nearby(ref, listing.records) is not None:
        return None
    venues, preprints = [], []
    for r in versions:
        v = canonical(_venue_of(r))
        years = sorted(cmp.record_years(r))
        when = f" {years[0]}" if years else ""
        if v is not None and v.key != "CoRR":
            if not (v.stream.startswith("conf/") and n.venue.stream.startswith("conf/")):
                return None  # a journal version may carry another title: no claim
            venues.append(f"{v.key}{when}")
        elif v is not None:
            preprints.append(f"only as an arXiv preprint (CoRR{when})")
    venues = venues or preprints[:1]
    if not venues:
        return None
    return FieldDiff("venue", f"{n.venue.key} {n.year}", ", ".join(dict.fromkeys(venues)))


def decide(e: Evidence) -> Verification:
    """The entry's verdict from all the evidence (see the module docstring)."""
    ref, n, cr = e.ref, e.needs, e.crossref
    failed = _failures(e)
    asked = _answered(e)
    context = {"asked": asked, "failed": failed}
    if cr is not None and cr.status in ("doi-mismatch", "doi-not-found"):
        cr.asked, cr.failed = asked, failed
        return cr
    found = _identifier_verdict(e, context)
    # An arXiv id or ISBN of another work (or of none) is an error of the entry even
    # when Crossref found the work by its title: the identifier misleads all the same.
    if found is not None and found.status in WRONG_IDENTIFIER:
        return found
    if cr is not None and cr.status == "verified":
        cr.asked, cr.failed = asked, failed
        return cr
    if found is not None:
        return found
    searches = [a for a in e.answers if a.lookup == "search"]
    if cr is not None and cr.status == "skipped" and not searches:
        if failed:  # the agency's own registry was asked, and failed
            reason = next(iter(failed.values()))
            return Verification("unverified", searched=cr.searched, reason=reason, **context)
        # A DOI of another agency that no other source could vouch for: as before.
        cr.asked, cr.failed = asked, failed
        return cr
    searched = cr.searched if cr is not None and cr.status == "not-found" else (n.title or "")
    pool = list(e.crossref_items)
    for a in sorted(searches, key=lambda a: _order(a.source)):
        pool += a.records
    listing = e.listing.records if e.listing and e.listing.answered else []
    ranked = _candidates(ref, n, pool + listing)
    if ranked:
        chosen = ranked[0].rec
        verdict = _found(ref, chosen, searched, **context)
        issue = _venue_issue(e, chosen, pool)
        if issue is not None:
            verdict.differences.append(issue)
        return verdict
    if not asked:
        if not failed:  # no source holds this kind of work (a web page, no key…)
            return Verification("skipped", searched=searched, reason="no source to ask", **context)
        reason = next(iter(failed.values()))
        return Verification("unverified", searched=searched, reason=reason, **context)
    if not failed:
        other = chimera_of(ref, pool)
        if other is not None:
            return Verification(
                "chimera",
                searched=searched,
                record_title=cmp.record_title(other),
                evidence=describe(other),
                source=source_of(other),
                **context,
            )
    conclusive = bool(e.covering) and not failed and e.covering <= set(asked)
    if conclusive and DBLP in e.covering:
        complete = e.listing is not None and len(listing) >= e.listing.total > 0
        conclusive = complete and listed_nearby(ref, listing) is None
    return Verification("not-found", searched=searched, conclusive=conclusive, **context)


def settled(e: Evidence) -> bool:
    """Whether Crossref or an identifier already decided the entry (round 1)."""
    cr = e.crossref
    if cr is not None and cr.status in ("verified", "doi-mismatch", "doi-not-found"):
        return True
    return _identifier_verdict(e, {}) is not None


def needs_listing(e: Evidence) -> bool:
    """Would a claim about the entry rest on DBLP's listing of its venue-year? Yes for
    a "not found" DBLP's silence would make a warning, and for a work DBLP holds but
    at no version in the venue the entry names (RC310)."""
    if e.needs.venue_year is None or _failures(e):
        return False
    verdict = decide(e)
    if verdict.status == "not-found":
        return DBLP in e.covering
    if verdict.status != "verified":
        return False
    pool = [r for a in e.answers if a.lookup == "search" for r in a.records]
    versions = [r for r in pool if source_of(r) == DBLP and _tier(e.ref, r) in (0, 1)]
    return bool(versions) and not any(_venue_match(e.needs, r) for r in versions)
