"""Token features for the reference-string labeller.

What the features say is what a reader uses to split a reference: the word itself
(lower case), its shape (``Xx.``, ``dddd``), its case, whether it is a year, a page range,
an ordinal or a roman numeral, its punctuation, membership of the word lists in
:mod:`~refcheck.references.parser.lexicon`, and where it stands: position in the string,
inside brackets or quotes, how many sentences precede it, whether a year came before.
The same for the neighbours one and two tokens away (word and case only).

Speed matters more here than anywhere else in the parser, because features are built in
Python and the CRF itself runs in C: everything that depends only on a token's text is
computed once per distinct text and cached, the neighbours' features are prefixed by
prefixed once per distinct text too, and each item is a concatenation of those lists and
a handful of interned strings (a flat list is also what python-crfsuite converts
fastest).
"""

from __future__ import annotations

import re
from functools import lru_cache

from refcheck.references.parser.lexicon import (
    GIVEN_NAMES,
    JOURNAL_WORDS,
    MARKERS,
    MONTHS,
    PLACES,
    PUBLISHER_WORDS,
    STATES,
)
from refcheck.references.parser.tokens import Tokens

__all__ = ["ends_sentence", "sequence_features"]

_YEAR = re.compile(r"^(?:1[5-9]|20)\d\d[a-z]?\.?$")
_YEAR_RANGE = re.compile(r"^(?:1[5-9]|20)\d\d[‐‑–-](?:(?:1[5-9]|20)\d\d|\d\d)\.?$")
_RANGE = re.compile(r"^[A-Za-z]{0,2}\d+[‐‑–-][A-Za-z]{0,2}\d+\.?$")
_ORDINAL = re.compile(r"^\d+(?:st|nd|rd|th|e|er|ème|\.)$", re.I)
_ROMAN = re.compile(
    r"^(?=[ivxlcdm]+\.?$)m{0,3}(?:cm|cd|d?c{0,3})(?:xc|xl|l?x{0,3})(?:ix|iv|v?i{0,3})\.?$", re.I
)
_OPEN, _CLOSE = "([{", ")]}"
_QUOTES_OPEN = "“„«‘‚"
_QUOTES_CLOSE = "”»’"
_YEAR_FLAG, _STOP_FLAG = 1, 2


def _shape(text: str) -> str:
    """``Smith`` → ``Xx``, ``J.`` → ``X.``, ``2014a`` → ``dx``, ``O'Neill`` → ``X'Xx``."""
    out = []
    last = ""
    for ch in text:
        if ch.isdigit():
            c = "d"
        elif ch.isalpha():
            c = "X" if ch.isupper() else "x"
        else:
            c = ch
        if c != last:
            out.append(c)
            last = c
    return "".join(out)


def _case(core: str) -> str:
    if not core:
        return "empty"
    if core.isdigit():
        return "num"
    if not any(ch.isalnum() for ch in core):
        return "punct"
    if core.isalpha():
        if len(core) == 1:
            return "one" if core.isupper() else "onel"
        if core.isupper():
            return "upper"
        if core.islower():
            return "lower"
        if core[0].isupper() and core[1:].islower():
            return "cap"
        return "mixed"
    if any(ch.isdigit() for ch in core):
        return "alnum"
    return "word"


def _base(text: str, ident: str) -> tuple[list[str], list[str], int]:
    """(own features, neighbour features, flags) of a token text.

    The flags say whether the token is a year (``_YEAR_FLAG``) and whether its full stop
    probably ends a sentence (``_STOP_FLAG``: "formalism.", not "J." or "Phys.").
    """
    if ident:
        own = ["id=" + ident, "c=id"]
        return own, own, 0
    dot = text.endswith(".") and len(text) > 1
    core = text[:-1] if dot else text
    low = core.lower()
    case = _case(core)
    if case == "num":
        word = f"w=#{len(core)}"
    elif len(low) > 20:
        word = "w=LONG"
    else:
        word = "w=" + low
    feats = [word, "c=" + case, "s=" + _shape(text)]
    if dot:
        feats.append("dot")
    if case == "punct":
        feats.append("p=" + text)
    if _YEAR.match(text):
        feats.append("yr")
    elif _YEAR_RANGE.match(text):
        feats.append("yrr")
    elif _RANGE.match(text):
        feats.append("rng")
    elif _ORDINAL.match(text) and not core.isdigit():
        feats.append("ord")
    if case in ("upper", "lower", "cap", "one", "onel") and _ROMAN.match(text):
        feats.append("rom")
    if len(low) >= 4 and case not in ("num", "punct"):
        feats.append("x3=" + low[-3:])
    if "-" in core or "–" in core:
        feats.append("hy")
    marker = MARKERS.get(low) or MARKERS.get(text.lower())
    if marker:
        feats.append("m=" + marker)
    if low in MONTHS:
        feats.append("L=mon")
    if low in GIVEN_NAMES:
        feats.append("L=giv")
    if low in JOURNAL_WORDS:
        feats.append("L=jou")
    if low in PUBLISHER_WORDS:
        feats.append("L=pub")
    if low in PLACES or core in STATES:
        feats.append("L=pla")
    nbr = [word, "s=" + feats[2][2:]]
    flags = _YEAR_FLAG if "yr" in feats else 0
    if text == "." or (
        dot
        and len(core) >= 3
        and core[-1].islower()
        and low not in JOURNAL_WORDS
        and low not in MARKERS
        and low not in PUBLISHER_WORDS
    ):
        flags |= _STOP_FLAG
    return feats, nbr, flags


def ends_sentence(text: str) -> bool:
    """Whether a token's full stop probably ends a sentence ("formalism.", not "J.")."""
    return bool(_cached(text, "")[5] & _STOP_FLAG)


_POS = tuple(f"k:pos={i}" for i in range(11))
_SEG = tuple(f"k:seg={i}" for i in range(7))
_SEGR = tuple(f"k:segr={i}" for i in range(4))
_EDGES = {key: [f"{key}:BOS"] for key in "ac"} | {key: [f"{key}:EOS"] for key in "bd"}


@lru_cache(maxsize=1 << 16)
def _cached(
    text: str, ident: str
) -> tuple[list[str], list[str], list[str], list[str], list[str], int]:
    """A token text's features as python-crfsuite attribute names, ready to concatenate:
    its own (``:w=smith``), and as the neighbour before (``a:``), after (``b:``), two
    before (``c:``) and two after (``d:``); and its flags. Cached per distinct text."""
    own, nbr, flags = _base(text, ident)
    return (
        [":" + f for f in own],
        ["a:" + f for f in nbr],
        ["b:" + f for f in nbr],
        ["c:" + nbr[0]],
        ["d:" + nbr[0]],
        flags,
    )


def sequence_features(tokens: Tokens, names_end: int = -1) -> list[list[str]]:
    """One crfsuite item (a list of attribute names) per token; see the module doc.

    ``names_end`` is where the rule-based name scanner
    (:func:`refcheck.references.entry_names.scan_names`) ends its reading of the
    author list at the start of the string (-1 if it read none): tokens inside get
    ``nm``, the first token after it ``nme``.
    """
    texts = tokens.texts
    starts = tokens.starts
    n = len(texts)
    cached = [_cached(t, k) for t, k in zip(texts, tokens.idents, strict=True)]
    stops = sum(1 for c in cached if c[5] & _STOP_FLAG)
    bos_a, bos_c, eos_b, eos_d = _EDGES["a"], _EDGES["c"], _EDGES["b"], _EDGES["d"]
    items: list[list[str]] = []
    paren = square = quote = 0
    seg = 0
    year_seen = straight_open = quote_closed = False
    after_names = names_end >= 0
    for i in range(n):
        text = texts[i]
        own = cached[i]
        left = stops - seg - (1 if own[5] & _STOP_FLAG else 0)
        ctx = [_POS[i * 10 // n], _SEG[seg if seg < 6 else 6], _SEGR[left if left < 3 else 3]]
        if i == 0:
            ctx.append("k:first")
        elif i == n - 1:
            ctx.append("k:last")
        if paren:
            ctx.append("k:in(")
        if square:
            ctx.append("k:in[")
        if quote or straight_open:
            ctx.append("k:inq")
        if year_seen:
            ctx.append("k:yb")
        if quote_closed:
            ctx.append("k:qc")
        if after_names:
            if starts[i] < names_end:
                ctx.append("k:nm")
            else:
                ctx.append("k:nme")
                after_names = False
        items.append(
            own[0]
            + ctx
            + (cached[i - 1][1] if i > 0 else bos_a)
            + (cached[i + 1][2] if i + 1 < n else eos_b)
            + (cached[i - 2][3] if i > 1 else bos_c)
            + (cached[i + 2][4] if i + 2 < n else eos_d)
        )
        # State after this token, for the next one.
        if len(text) == 1:
            if text in _OPEN:
                if text == "[":
                    square += 1
                else:
                    paren += 1
            elif text in _CLOSE:
                if text == "]":
                    square = max(0, square - 1)
                else:
                    paren = max(0, paren - 1)
            elif text in _QUOTES_OPEN:
                quote += 1
            elif text in _QUOTES_CLOSE:
                quote = max(0, quote - 1)
                quote_closed = quote_closed or (quote == 0 and text != "’")
            elif text == '"':
                straight_open = not straight_open
                quote_closed = quote_closed or not straight_open
        flags = own[5]
        if flags & _STOP_FLAG:
            seg += 1
        if flags & _YEAR_FLAG:
            year_seen = True
    return items
