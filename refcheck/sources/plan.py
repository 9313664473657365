"""What to ask whom about an entry, and whose silence would count (pure functions).

Two decisions are made here from the entry alone (plus, for DBLP, whether it indexes
the venue-year the entry names):

1. **Which lookups.** Identifiers first — they are exact and cheap: an arXiv id goes to
   arXiv (all of a run's ids in one request), a DataCite-only DOI prefix to DataCite,
   an ISBN to Open Library. A search goes only to the sources that could hold the
   work: DBLP for computing venues, Open Library for books, arXiv for preprints that
   name arXiv but give no id, OpenAlex (with a key) for anything that says where it
   appeared. Nothing is asked in vain: a monograph is never sent to DBLP.
2. **Which sources cover it.** "Not found" is a warning only when every source that
   would surely hold the work, were it real, was asked, answered, and has no match.
   Crossref covers journal articles that give a volume or pages, and entries with a
   DOI (as RC301 always held); DBLP covers papers at a major computing venue *in a
   year DBLP has indexed* (checked with a venue listing, so a conference whose
   proceedings DBLP has not yet taken in never counts); OpenAlex, when it searches,
   covers journal and conference papers, chapters and preprints that name their venue;
   arXiv covers preprints that say they are on arXiv. Open Library and DataCite
   searches cover nothing: their catalogues are too partial for silence to mean much.
   Books, web pages, magazines, reports and theses are never covered, so their "not
   found" stays a note.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from refcheck.doi import is_doi, normalise
from refcheck.model import Reference
from refcheck.sources import ARXIV, CROSSREF, DATACITE, DBLP, OPENALEX, OPENLIBRARY
from refcheck.sources.ids import arxiv_id, is_arxiv_doi, is_datacite_doi, isbn13
from refcheck.sources.venues import Venue, canonical, is_computing

_ARXIV_WORD = re.compile(r"\b(arxiv|corr)\b", re.I)
_DATA_WORDS = re.compile(
    r"\[(?:data ?set|computer software|software|computer program)\]|\b(zenodo|figshare|"
    r"dryad|dataverse|pangaea)\b",
    re.I,
)
_VENUE_KINDS = frozenset({"article", "conference", "preprint", "chapter"})


def normalise_doi(doi: str | None) -> str | None:
    """Lower-cased bare DOI, or None if not DOI-shaped (as the Crossref client reads it)."""
    bare = normalise(doi)
    return bare.lower() if bare and is_doi(bare) else None


@dataclass(frozen=True, slots=True)
class Needs:
    """What an entry gives that a source can be asked about."""

    doi: str | None
    arxiv: str | None
    isbn: str | None
    title: str | None
    family: str | None
    year: str | None
    venue: Venue | None  # a major venue the entry names
    computing: bool  # its journal or proceedings is a computing venue
    says_arxiv: bool  # it calls itself an arXiv preprint
    data: bool  # a dataset or software

    @property
    def venue_year(self) -> tuple[str, str] | None:
        """(DBLP stream, year) to list, for a major venue other than CoRR."""
        if self.venue is None or self.venue.key == "CoRR" or not self.year:
            return None
        if not self.year.isdigit():
            return None
        return (self.venue.stream, self.year)


def needs(ref: Reference) -> Needs:
    container = ref.container or ""
    venue = canonical(container)
    says_arxiv = bool(_ARXIV_WORD.search(container)) or (
        ref.kind == "preprint" and bool(_ARXIV_WORD.search(ref.raw))
    )
    year = (ref.year or "")[:4]
    return Needs(
        doi=normalise_doi(ref.doi),
        arxiv=arxiv_id(ref),
        isbn=isbn13(ref.isbn),
        title=ref.title.strip() if ref.title and ref.title.strip() else None,
        family=ref.authors[0].family if ref.authors else None,
        year=year if year.isdigit() else None,
        venue=venue,
        computing=is_computing(container),
        says_arxiv=says_arxiv,
        data=bool(_DATA_WORDS.search(ref.raw)),
    )


def identifier_sources(n: Needs, selected: tuple[str, ...]) -> dict[str, str]:
    """Source → identifier to look up first (arXiv id, DataCite DOI, ISBN)."""
    out: dict[str, str] = {}
    if n.arxiv and ARXIV in selected:
        out[ARXIV] = n.arxiv
    if (
        n.doi
        and DATACITE in selected
        and is_datacite_doi(n.doi)
        and not (is_arxiv_doi(n.doi) and ARXIV in selected)
    ):
        out[DATACITE] = n.doi
    if n.isbn and OPENLIBRARY in selected:
        out[OPENLIBRARY] = n.isbn
    return out


def search_sources(
    ref: Reference, n: Needs, selected: tuple[str, ...], openalex_search: bool
) -> list[str]:
    """Sources to search for an entry no identifier settled (in preference order)."""
    if not n.title:
        return []
    out = []
    if ARXIV in selected and n.says_arxiv and not n.arxiv:
        out.append(ARXIV)
    if DBLP in selected and (n.computing or n.says_arxiv):
        out.append(DBLP)
    if OPENALEX in selected and openalex_search:
        out.append(OPENALEX)
    if OPENLIBRARY in selected and ref.kind == "book":
        out.append(OPENLIBRARY)
    return out


def crossref_covers(ref: Reference) -> bool:
    """RC301's rule since the start: articles with volume or pages, entries with a DOI."""
    return bool(ref.doi) or (ref.kind == "article" and bool(ref.volume or ref.pages))


def covering(
    ref: Reference,
    n: Needs,
    selected: tuple[str, ...],
    openalex_search: bool,
    indexed: bool | None,
) -> set[str]:
    """Sources whose silence, with all the others', makes "not found" a warning.

    ``indexed``: whether DBLP lists works for the entry's venue-year (None: not known,
    or no major venue named).
    """
    out: set[str] = set()
    if CROSSREF in selected and crossref_covers(ref):
        out.add(CROSSREF)
    if (
        DBLP in selected
        and n.venue is not None
        and n.venue.key != "CoRR"
        and indexed is True
        and ref.kind in ("article", "conference", "preprint")
    ):
        out.add(DBLP)
    if OPENALEX in selected and openalex_search and ref.kind in _VENUE_KINDS and ref.container:
        out.add(OPENALEX)
    if ARXIV in selected and n.says_arxiv and not n.arxiv:
        out.add(ARXIV)
    return out
