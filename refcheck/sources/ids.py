"""Identifiers an entry carries besides its DOI: arXiv ids and ISBNs (pure functions).

An identifier is the cheapest and surest lookup there is: one request answers "this
work" or "no such work", and several arXiv ids share one request. So the planner
looks for them everywhere an entry may print them: the DOI (``10.48550/arXiv.X`` is
arXiv's own DOI), the URL (``arxiv.org/abs/X``, ``/pdf/X``), the text
(``arXiv:1706.03762``, ``arXiv preprint arXiv:1706.03762v2``) and BibTeX's
``eprint = {X}`` with ``archivePrefix = {arXiv}``.
"""

from __future__ import annotations

import re

from refcheck.model import Reference

# New-style ids (April 2007 on): YYMM.NNNN (to 2014) or YYMM.NNNNN; old style:
# archive(.SUBJ)/YYMMNNN. A version suffix (v2) names one version of the same paper.
_NEW = r"\d{4}\.\d{4,5}"
_OLD = r"[a-z][a-z\-]*(?:\.[A-Z]{2})?/\d{7}"
ARXIV_ID = re.compile(rf"(?:{_NEW}|{_OLD})(?:v\d+)?")
_IN_TEXT = re.compile(rf"\barxiv\s*[:.]?\s*(?:abs/)?({_NEW}|{_OLD})(?:v\d+)?", re.I)
_IN_URL = re.compile(rf"arxiv\.org/(?:abs|pdf|html)/({_NEW}|{_OLD})(?:v\d+)?", re.I)
_IN_DOI = re.compile(rf"^10\.48550/arxiv\.({_NEW}|{_OLD})(?:v\d+)?$", re.I)
_EPRINT = re.compile(r"\beprint\s*=\s*[{\"]\s*(?:arxiv:)?\s*([^}\"\s]+)\s*[}\"]", re.I)
_ARCHIVE = re.compile(r"\b(?:archiveprefix|eprinttype)\s*=\s*[{\"]\s*arxiv\s*[}\"]", re.I)

ARXIV_DOI_PREFIX = "10.48550/"
# DOI prefixes that only DataCite registers (its largest repositories): an entry with
# one is asked of DataCite directly. Any other DataCite DOI is found through Crossref's
# agency check.
DATACITE_PREFIXES = frozenset(
    {
        "10.5281",  # Zenodo
        "10.6084",  # figshare
        "10.5061",  # Dryad
        "10.1594",  # PANGAEA
        "10.17605",  # OSF
        "10.7910",  # Harvard Dataverse
        "10.5517",  # ANDS / Research Data Australia
        "10.25384",  # SAGE figshare
        "10.34740",  # Kaggle
        "10.57967",  # Hugging Face
        ARXIV_DOI_PREFIX.rstrip("/"),  # arXiv
    }
)


def bare_arxiv(text: str) -> str | None:
    """The id without version, if ``text`` is exactly an arXiv id: ``1706.03762v5`` →
    ``1706.03762``."""
    text = text.strip()
    if not ARXIV_ID.fullmatch(text):
        return None
    return re.sub(r"v\d+$", "", text)


def arxiv_id(ref: Reference) -> str | None:
    """The arXiv id (without version) an entry gives, from its DOI, URL or text."""
    if ref.doi:
        m = _IN_DOI.match(ref.doi.strip())
        if m:
            return m.group(1)
    if ref.url:
        m = _IN_URL.search(ref.url)
        if m:
            return m.group(1)
    m = _IN_URL.search(ref.raw) or _IN_TEXT.search(ref.raw)
    if m:
        return m.group(1)
    if _ARCHIVE.search(ref.raw):
        e = _EPRINT.search(ref.raw)
        if e:
            return bare_arxiv(e.group(1))
    return None


def is_arxiv_doi(doi: str | None) -> bool:
    return bool(doi) and _IN_DOI.match(doi.strip()) is not None  # type: ignore[union-attr]


def doi_prefix(doi: str) -> str:
    return doi.split("/", 1)[0].lower()


def is_datacite_doi(doi: str | None) -> bool:
    """A DOI under a prefix only DataCite registers."""
    return bool(doi) and doi_prefix(doi) in DATACITE_PREFIXES  # type: ignore[arg-type]


# --- ISBNs ---------------------------------------------------------------------------------


def _isbn10_ok(digits: str) -> bool:
    total = sum((10 - i) * (10 if c in "Xx" else int(c)) for i, c in enumerate(digits))
    return total % 11 == 0


def _isbn13_ok(digits: str) -> bool:
    total = sum((3 if i % 2 else 1) * int(c) for i, c in enumerate(digits))
    return total % 10 == 0


def isbn13(text: str | None) -> str | None:
    """The ISBN-13 of a printed ISBN (10 or 13 digits, hyphens and spaces allowed), or
    None when it is not one (a wrong check digit is no ISBN to look up)."""
    if not text:
        return None
    digits = re.sub(r"[\s\-]", "", text.strip())
    digits = re.sub(r"^isbn(?:-1[03])?:?", "", digits, flags=re.I)
    if re.fullmatch(r"\d{9}[\dXx]", digits) and _isbn10_ok(digits):
        core = "978" + digits[:9]
        check = (10 - sum((3 if i % 2 else 1) * int(c) for i, c in enumerate(core)) % 10) % 10
        return core + str(check)
    if re.fullmatch(r"97[89]\d{10}", digits) and _isbn13_ok(digits):
        return digits
    return None
