"""The learned reference-string parser: tokens and features, the CRF, normalisation.

``parse_entry(raw, span)`` labels every token of one free-text reference entry with a
linear-chain CRF (python-crfsuite; the model ships in this package and is trained by
``benchmarks/train_parser.py``), then turns the labelled spans into a
:class:`~refcheck.model.Reference` with a confidence for each field.

- :mod:`.tokens` cuts the string into tokens; DOIs, URLs, arXiv ids, ISBNs are one
  token each, found by rule;
- :mod:`.features` and :mod:`.lexicon` describe each token to the model;
- :mod:`.labeller` loads the model on first use and labels a string;
- :mod:`.people` and :mod:`.normalise` turn spans into names and field values.
"""

from __future__ import annotations

import os

from refcheck.model import Reference, Span

__all__ = ["parse_entry"]

# Longer "entries" are mis-split text; parse their start only. Genome papers list
# hundreds of authors (5,000 characters), so the limit is generous.
_MAX_LENGTH = 8000


def parse_entry(raw: str, span: Span) -> Reference:
    """Parse one reference entry into fields. Never raises: on unexpected input an
    entry with what could be read (at worst only ``raw``) is returned."""
    from refcheck.references.parser.labeller import labelled
    from refcheck.references.parser.normalise import to_reference

    text = " ".join(raw[:_MAX_LENGTH].split())
    try:
        return labelled(text, lambda lab: to_reference(lab, span, raw))
    except Exception:  # a linter must survive any input
        if os.environ.get("REFCHECK_DEBUG"):
            raise
        return Reference(span=span, raw=raw)
