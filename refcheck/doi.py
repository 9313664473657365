"""What a DOI looks like: ``10.`` + a registrant code of 4–9 digits + ``/`` + a suffix.

One definition for the parser, the BibTeX loader, the entry rules and the Crossref
client, so they agree on what counts as a DOI.
"""

from __future__ import annotations

import re

PREFIX = r"10\.\d{4,9}/"
# A DOI inside text: the suffix runs to whitespace.
IN_TEXT = re.compile(PREFIX + r"\S+")
_SHAPE = re.compile(rf"^{PREFIX}\S+$")


def is_doi(text: str) -> bool:
    """Whether ``text`` is exactly one well-formed DOI."""
    return _SHAPE.match(text) is not None
