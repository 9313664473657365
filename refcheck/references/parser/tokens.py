"""Cutting a reference string into the tokens the labeller reads.

A token is a word or number (letters and digits, with inner apostrophes and hyphens or
dashes, and a full stop that closes it: ``Phys.``, ``J.``, ``O'Neill``, ``115-131``,
``2014a``), or any other single non-space character (``,`` ``(`` ``:`` ``“``).
Identifiers whose shape is exact — DOIs, URLs, arXiv ids, ISBNs — are found by rule
first and become one token each, so their dots and digits never look like volumes,
pages or sentence ends; the labeller still sees them (a DOI tells it the entry ends
soon) and the normaliser takes their value from the rule, not from the model.

HTML-like markup (``<i>``, ``<italic>``) is skipped. Offsets always index the string
given, so a label can be mapped back to the exact characters printed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from refcheck import doi
from refcheck.references.entry_fields import trim_identifier

__all__ = ["Tokens", "tokenize"]

# Kinds of identifier token (``Token.ident``); "" for ordinary tokens.
DOI, URL, ARXIV, ISBN = "doi", "url", "arxiv", "isbn"

_DOI = re.compile(
    rf"(?:(?:https?://)?(?:dx\.)?doi\.org/|\bdoi\s*:?\s*)?(?<![\w.]){doi.PREFIX}[^\s\"<>,]+",
    re.I,
)
_URL = re.compile(r"(?:https?://|www\.)[^\s<>\"]+", re.I)
_ARXIV = re.compile(
    r"\b(?:arXiv\s*:?\s*(?:abs/)?(?:\d{4}\.\d{4,5}(?:v\d+)?|[a-z-]+(?:\.[A-Z]{2})?/\d{7}(?:v\d+)?)"
    r"(?:\s*\[[\w.-]+\])?"
    r"|(?:astro-ph|hep-th|hep-ph|hep-ex|hep-lat|gr-qc|cond-mat|quant-ph|math-ph|nucl-th|"
    r"math|physics|cs|nlin)(?:\.[A-Za-z-]{2,})?/\d{7}(?:v\d+)?)",
    re.I,
)
_ISBN = re.compile(r"\bISBN(?:-1[03])?\s*:?\s*(?:97[89][\s-]?)?(?:\d[\s-]?){9}[\dXx]", re.I)
_IDENT_CHEAP = ("10.", "http", "www.", "arxiv", "isbn", "/0", "/1", "/9")

_WORD = r"[^\W_]+(?:['’‐‑–-][^\W_]+)*\.?"
# A run of dashes or underscores is one token: Chicago's "———." for the same authors.
_PIECE = re.compile(rf"</?[A-Za-z]{{1,10}}>|{_WORD}|[—–_-]{{2,}}|\S")
# A series letter glued to a volume: "Phys. Rev. D59", "Phys. Lett. B303".
_SERIES_VOLUME = re.compile(r"^[A-Z]\d{1,5}$")


@dataclass(slots=True)
class Tokens:
    """The tokens of one string as parallel lists: ``texts[i]`` is printed at
    ``starts[i]:ends[i]``; ``idents[i]`` names the kind of identifier a rule found
    there ("doi", "url", "arxiv", "isbn"), else "". Parallel lists rather than one
    object per token, because building tokens is on the hot path of every parse."""

    texts: list[str] = field(default_factory=list)
    starts: list[int] = field(default_factory=list)
    ends: list[int] = field(default_factory=list)
    idents: list[str] = field(default_factory=list)

    def __len__(self) -> int:
        return len(self.texts)


def _identifiers(text: str) -> list[tuple[int, int, str]]:
    """(start, end, kind) of every identifier, earliest first, never overlapping."""
    low = text.lower()
    if not any(c in low for c in _IDENT_CHEAP):
        return []
    found: list[tuple[int, int, str]] = []
    for kind, pattern in ((DOI, _DOI), (URL, _URL), (ARXIV, _ARXIV), (ISBN, _ISBN)):
        for m in pattern.finditer(text):
            start = m.start()
            end = start + len(trim_identifier(m.group(0)))
            if end > start and not any(s < end and start < e for s, e, _ in found):
                found.append((start, end, kind))
    found.sort()
    return found


def tokenize(text: str) -> Tokens:
    """The tokens of ``text`` (module docstring); markup tags are left out."""
    out = Tokens()
    texts, starts, ends, idents = out.texts, out.starts, out.ends, out.idents
    pos = 0
    for id_start, id_end, kind in [*_identifiers(text), (len(text), len(text), "")]:
        # findall and str.find are C loops; match objects would cost more than the rest.
        for piece in _PIECE.findall(text, pos, id_start):
            at = text.find(piece, pos)
            pos = at + len(piece)
            if piece[0] == "<" and len(piece) > 2 and piece[-1] == ">":
                continue
            if _SERIES_VOLUME.match(piece):
                texts += (piece[0], piece[1:])
                starts += (at, at + 1)
                ends += (at + 1, pos)
                idents += ("", "")
                continue
            texts.append(piece)
            starts.append(at)
            ends.append(pos)
            idents.append("")
        if kind:
            texts.append(text[id_start:id_end])
            starts.append(id_start)
            ends.append(id_end)
            idents.append(kind)
        pos = id_end
    return out
