"""Name normalisation shared by the extractor, the reference parser and the matcher.

A citation says ``(Muller, 2019)`` or ``(van der Berg, 2020)``; the list says
``Müller, K.`` or ``Berg, A. van der``. Matching must see these as the same person, so
both sides are reduced to the same keys here and nowhere else.
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache

# Lower-case name particles that may precede a family name (Dutch, German, French,
# Spanish, Portuguese, Italian, Arabic). "Van" capitalised is handled by lower-casing.
PARTICLES = frozenset(
    (
        "van von der den de del della di da dos das du le la lo ter ten te vom zu zum zur "
        "des y e al el bin ibn st st. ó ní nic uí ua"
    ).split()
)

_SPECIAL = str.maketrans(
    {
        "ß": "ss",
        "ø": "o",
        "Ø": "o",
        "ł": "l",
        "Ł": "l",
        "æ": "ae",
        "Æ": "ae",
        "œ": "oe",
        "Œ": "oe",
        "đ": "d",
        "Đ": "d",
        "ı": "i",
        "þ": "th",
    }
)


@lru_cache(maxsize=65536)
def fold(text: str) -> str:
    """Letters and digits only, lower case, no accents: ``García-Márquez`` → ``garciamarquez``."""
    text = unicodedata.normalize("NFKD", text.translate(_SPECIAL))
    return "".join(ch for ch in text if ch.isalnum() and not unicodedata.combining(ch)).casefold()


# How German and Scandinavian letters are written without them: Müller is cited as
# Mueller, Schröder as Schroeder, Ångström as Aangstroem, Sørensen as Soerensen.
_UMLAUTS = {"ä": "ae", "ö": "oe", "ü": "ue", "Ä": "ae", "Ö": "oe", "Ü": "ue"}
_NORDIC = {"å": "aa", "Å": "aa", "ø": "oe", "Ø": "oe"}
# All written out, umlauts only, Nordic letters only: "Ångström" is cited as
# "Aangstroem", "Angstroem" or "Aangstrom".
_TRANSLITS = (
    str.maketrans({**_UMLAUTS, **_NORDIC}),
    str.maketrans(_UMLAUTS),
    str.maketrans(_NORDIC),
)


def transliterations(text: str) -> tuple[str, ...]:
    """``fold`` after writing umlauts and å/ø out: ``Müller`` → (``mueller``,)."""
    out: list[str] = []
    for table in _TRANSLITS:
        key = fold(text.translate(table))
        if key not in out:
            out.append(key)
    return tuple(out)


@lru_cache(maxsize=65536)
def family_keys(family: str) -> tuple[str, ...]:
    """Keys under which a family name is indexed, most specific first.

    ``van der Berg`` → (``vanderberg``, ``berg``); ``de Mesquita`` → (``demesquita``,
    ``mesquita``). The particle-free key lets ``(Berg, 2020)`` find ``van der Berg``
    and ``(Bueno de Mesquita, 2003)`` find ``de Mesquita``.
    """
    words = family.replace("\u2019", "'").split()
    keys: list[str] = []
    full = fold(family)
    if full:
        keys.append(full)
    # "Mueller" and "Müller" share "mueller" (the folded "muller" finds "Muller").
    for spelt_out in transliterations(family) if not family.isascii() else ():
        if spelt_out and spelt_out not in keys:
            keys.append(spelt_out)
    if "," in family:
        # An organisation and its part ("United Nations, Department of ..."), or a
        # name read with its initial ("hooks, b"): the part before the comma leads.
        head = fold(family.split(",", 1)[0])
        if head and head not in keys:
            keys.append(head)
    # Drop leading particles.
    i = 0
    while i < len(words) - 1 and words[i].casefold().rstrip(".") in PARTICLES:
        i += 1
    stripped = fold(" ".join(words[i:]))
    if stripped and stripped not in keys:
        keys.append(stripped)
    # The last word alone (compound Spanish surnames are cited by the first; handled by
    # the full key).
    if len(words) > 1:
        last = fold(words[-1])
        if last and last not in keys and len(last) > 2:
            keys.append(last)
    if "&" in words or "and" in words:
        # A firm ("Ernst & Young") is cited as if two people: its first word leads.
        lead = fold(words[0])
        if lead and lead not in keys:
            keys.append(lead)
    return tuple(keys)


def primary_key(family: str) -> str:
    """The single most specific key of a family name (empty for no letters)."""
    keys = family_keys(family)
    return keys[0] if keys else ""
