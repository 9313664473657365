"""What a DOI looks like: ``10.`` + a registrant code of 4–9 digits + ``/`` + a suffix.

One definition for the parser, the BibTeX loader, the entry rules and the Crossref
client, so they agree on what counts as a DOI.
"""

from __future__ import annotations

from refcheck import lazyre as re

PREFIX = r"10\.\d{4,9}/"
# A DOI inside text: the suffix runs to whitespace.
IN_TEXT = re.compile(PREFIX + r"\S+")
_SHAPE = re.compile(rf"^{PREFIX}\S+$")


_RESOLVER = re.compile(r"^(?:https?://(?:dx\.)?doi\.org/|doi:\s*)", re.I)


def normalise(text: str | None) -> str | None:
    """The bare DOI in a field as people write it (``https://doi.org/10.1/x``,
    ``doi:10.1/x``, trailing punctuation), or the value unchanged when it is no DOI —
    RC204 then reports it as malformed."""
    if not text:
        return None
    bare = _RESOLVER.sub("", text.strip()).rstrip(".,;")
    return bare if is_doi(bare) else text.strip() or None


def is_doi(text: str) -> bool:
    """Whether ``text`` is exactly one well-formed DOI."""
    return _SHAPE.match(text) is not None
