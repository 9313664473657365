"""Numbered-style entries: a second pass over ``parse_entry`` for journal tails.

``parse_entry`` already reads IEEE (``A. Smith, "Title," IEEE Trans. X, vol. 12, no. 3,
pp. 45–67, 2020``) and Vancouver (``Smith AB. Title. N Engl J Med. 2020;382(3):245-53``)
entries correctly. What it misses are the title-less journal tails common in physics,
chemistry and astronomy lists, where the container, volume and pages are told apart
only by their order:

- ``K. Osterwalder and E. Seiler, Annals Phys. 110, 440 (1978).`` (APS, AIP, ACS);
- ``Mahdavi, A., et al. 2013, ApJ, 767, 116`` (AAS/MNRAS);
- ``Robert et al., Plant Cell, 1 : 569-578, 1989`` and ``J. Cell. Physiol. 206:
  807–813, 2006.`` (older biomedical).

``parse_numbered_entry`` runs ``parse_entry`` and, when the entry ends in one of
these tails and ``parse_entry`` did not find all of container, volume and pages, takes
container, volume, pages and year from the tail (and drops a "title" that was really
the container). Every other entry comes back exactly as ``parse_entry`` made it.
"""

from __future__ import annotations

from refcheck import lazyre as re
from refcheck.model import Name, Reference, Span
from refcheck.references.entry import parse_entry

__all__ = ["parse_numbered_entry"]

_DASH = r"\s*[-–—]+\s*"
_PAGES = rf"(?P<pages>[A-Z]?\d{{1,7}}(?:{_DASH}[A-Z]?\d{{1,7}})?)"
_YEAR = r"(?P<year>(?:1[6-9]|20)\d\d)[a-z]?"
_END = r"[\s.;,]*(?:$|arXiv|\[|doi\b|https?:)"
# A container: starts with a capital, no digits or commas (abbreviation dots allowed).
_CONTAINER = r"(?P<container>[A-Z][^,;()\d\[\]\"“”]{0,100}?)"
_START = r"(?:^|(?<=[,.;:])\s*|\s(?=[A-Z]))"
_TAILS = (
    # Annals Phys. 110, 440 (1978)   Phys. Rev. B 12, 345 (2020)   Physica 24, 751 (1958)
    re.compile(
        rf"{_START}{_CONTAINER}\s*,?\s*(?P<volume>[A-Z]?\d{{1,5}})\s*[,:]\s*{_PAGES}"
        rf"\s*[(\[]\s*{_YEAR}\s*[)\]]{_END}"
    ),
    # 2013, ApJ, 767, 116
    re.compile(rf"{_YEAR}\s*,\s*{_CONTAINER}\s*,\s*(?P<volume>\d{{1,5}})\s*,\s*{_PAGES}{_END}"),
    # Plant Cell, 1 : 569-578, 1989   J. Cell. Physiol. 206: 807–813, 2006.
    re.compile(
        rf"{_START}{_CONTAINER}\s*,?\s*(?P<volume>\d{{1,5}})\s*:\s*{_PAGES}\s*,\s*{_YEAR}{_END}"
    ),
)
# Initials and a surname at the start of a title-less entry: "J. P. COLLMAN. ".
_LEADING_AUTHOR = re.compile(
    r"^(?:(?:[A-Z]\.[\s-]?){1,4}\s?[A-Z][^\s.,]+(?:,|\s+(?:and|&|et)\s+)?\s*)+\.\s+"
)


def parse_numbered_entry(raw: str, span: Span) -> Reference:
    """``parse_entry``, then physics/astronomy/biomedical journal tails (module doc).

    Never raises; the number of a ``[n]``/``n.`` label is kept as ``parse_entry`` sets it.
    """
    ref = parse_entry(raw, span)
    if ref.container and ref.volume and ref.pages:
        return ref  # a complete journal reading: trust it
    text = " ".join(raw.split())
    for tail in _TAILS:
        m = tail.search(text, max(0, len(text) - 300))
        if m is not None:
            _apply(ref, m)
            break
    return ref


def _apply(ref: Reference, m: re.Match[str]) -> None:
    container = m.group("container").strip(" ,:")
    lead = _LEADING_AUTHOR.match(container + " ")
    if lead is not None and lead.end() < len(container):
        if not ref.authors:
            ref.authors = _initials_names(container[: lead.end()])
        container = container[lead.end() :].strip(" ,:")
    if not container or not container[0].isupper():
        return
    volume = m.group("volume")
    if volume[0].isalpha():
        container, volume = f"{container} {volume[0]}", volume[1:]  # "Phys. Lett. B303"
    if ref.title and _overlaps(ref.title, m.group()):
        ref.title = None
    elif ref.title:
        cut = ref.title.rfind(", " + container.split()[0])
        ref.title = ref.title[:cut].strip() if cut > 0 else ref.title
    ref.container = container.rstrip(".")
    # "Annals Phys." read as an author "Phys, Annals": drop names from the container.
    ref.authors = [a for a in ref.authors if f"{a.given} {a.family}".strip() not in container]
    ref.volume = volume
    ref.pages = re.sub(_DASH, "-", m.group("pages"))
    ref.year = ref.year or m.group("year")
    ref.kind = "article"


def _overlaps(title: str, tail: str) -> bool:
    """Whether ``parse_entry``'s title was cut from the journal tail (``ApJ``, ``110``)."""
    t = title.strip(" .,")
    return bool(t) and (t in tail or (any(ch.isdigit() for ch in t) and t.split()[-1] in tail))


_INITIALS_NAME = re.compile(r"(?P<given>(?:[A-Z]\.[\s-]?){1,4})\s?(?P<family>[A-Z][^\s.,]+)")


def _initials_names(run: str) -> list[Name]:
    """``J. P. COLLMAN and B. IVERSON.`` → names, for entries ``parse_entry`` read none of."""
    return [Name(m.group("family"), m.group("given").strip()) for m in _INITIALS_NAME.finditer(run)]
