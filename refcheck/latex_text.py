"""Plain Unicode from LaTeX-encoded text: names, titles and notes from .bib files and
``\\bibitem`` entries.

A small table-driven decoder rather than ``latexcodec`` (installed as a dependency of
pybtex): latexcodec keeps braces and unknown commands (``{ü}``, ``\\emph {x}``), so a
second cleaning pass would be needed anyway, and the table here is easy to audit. It
lives at the bottom of the package because both the citation extractors (LaTeX
locators) and the reference readers (BibTeX fields) decode with it.
"""

from __future__ import annotations

import re
import unicodedata

__all__ = ["latex_to_text"]

_COMBINING = {
    '"': "\u0308",
    "'": "\u0301",
    "`": "\u0300",
    "^": "\u0302",
    "~": "\u0303",
    "=": "\u0304",
    ".": "\u0307",
    "u": "\u0306",
    "v": "\u030c",
    "H": "\u030b",
    "c": "\u0327",
    "k": "\u0328",
    "b": "\u0331",
    "d": "\u0323",
    "r": "\u030a",
}
_LETTERS = {
    "ss": "ß",
    "o": "ø",
    "O": "Ø",
    "aa": "å",
    "AA": "Å",
    "ae": "æ",
    "AE": "Æ",
    "oe": "œ",
    "OE": "Œ",
    "l": "ł",
    "L": "Ł",
    "i": "ı",
    "j": "ȷ",
    "dh": "ð",
    "DH": "Ð",
    "th": "þ",
    "TH": "Þ",
    "ng": "ŋ",
    "NG": "Ŋ",
}
_SYMBOLS = {
    "&": "&",
    "%": "%",
    "$": "$",
    "#": "#",
    "_": "_",
    "{": "{",
    "}": "}",
    ",": " ",
    ";": " ",
    ":": " ",
    "!": "",
    " ": " ",
    "\\": " ",
    "/": "",
    "-": "",
    "@": "",
}
_WORD_COMMANDS = {
    "textendash": "–",
    "textemdash": "—",
    "textquoteright": "’",
    "textquoteleft": "‘",
    "textquotedblleft": "“",
    "textquotedblright": "”",
    "textasciitilde": "~",
    "textbackslash": "\\",
    "textregistered": "®",
    "texttrademark": "™",
    "textcopyright": "©",
    "textdegree": "°",
    "textsection": "§",
    "S": "§",
    "P": "¶",
    "dag": "†",
    "ddag": "‡",
    "ldots": "…",
    "dots": "…",
    "textellipsis": "…",
    "LaTeX": "LaTeX",
    "TeX": "TeX",
    "BibTeX": "BibTeX",
    "newblock": " ",
    "par": " ",
    "and": " and ",
    "quad": " ",
    "qquad": " ",
    "relax": "",
    "protect": "",
    "noopsort": "",
    "natexlab": "",
}
# Commands whose first braced argument is not text (URLs inside \href, sort keys).
_DROP_ARG = frozenset({"noopsort", "natexlab", "bibinfo", "bibfield", "hskip", "vspace", "hspace"})
_ACCENT_RE = re.compile(
    r"\\(?:(?P<sym>[\"'`^~=.])\s*|(?P<let>[uvHckbdr])(?![a-zA-Z])\s*)"
    r"(?:\{\s*(?P<b>\\[ij](?![a-zA-Z])|[a-zA-Z])?\s*\}|(?P<c>\\[ij](?![a-zA-Z])|[a-zA-Z]))"
)
_CMD_RE = re.compile(
    r"\\(?P<word>[a-zA-Z@]+)\*?(?P<empty>\s*\{\})?(?P<sp>[ \t\n]*)|\\(?P<sym>[^a-zA-Z])"
)
_HREF_RE = re.compile(r"\\href\s*\{[^{}]{0,2000}\}")
_DROP_ARG_RE = re.compile(
    r"\\(?:" + "|".join(sorted(_DROP_ARG)) + r")(?![a-zA-Z])\s*\{(?:[^{}]|\{[^{}]*\}){0,500}\}"
)
_DASHES = (("---", "—"), ("--", "–"), ("``", "“"), ("''", "”"))
_WS = re.compile(r"[ \t\r\n]+")


def latex_to_text(s: str) -> str:
    """Plain Unicode for LaTeX-encoded text: accents decoded, markup and braces dropped.

    ``M{\\"u}ller`` → ``Müller``; ``\\c{C}elik`` → ``Çelik``; ``{\\em Title}`` and
    ``\\emph{Title}`` → ``Title``; ``~`` → space; ``--`` → ``–``; ``\\&`` → ``&``;
    ``\\href{url}{text}`` → ``text``. Unknown commands are dropped, their arguments
    kept. Whitespace runs become one space, the ends are trimmed, the result is NFC. Math ``$``
    signs are dropped. Never raises.
    """
    if "\\" not in s and "{" not in s and "~" not in s and "-" not in s and "`" not in s:
        return _WS.sub(" ", s).strip()
    s = _HREF_RE.sub("", s)
    s = _DROP_ARG_RE.sub("", s)
    s = _ACCENT_RE.sub(_accent, s)
    s = _CMD_RE.sub(_command, s)
    for old, new in _DASHES:
        s = s.replace(old, new)
    s = s.replace("~", " ").replace("{", "").replace("}", "").replace("$", "")
    return unicodedata.normalize("NFC", _WS.sub(" ", s)).strip()


def _accent(m: re.Match[str]) -> str:
    mark = _COMBINING[m.group("sym") or m.group("let")]
    base = m.group("b") or m.group("c") or ""
    if base in ("\\i", "\\j"):
        base = base[1]
    return base + mark if base else ""


def _command(m: re.Match[str]) -> str:
    word = m.group("word")
    if word is not None:
        if word in _LETTERS:
            # TeX swallows the spaces after a control word, but not after "\\o{}".
            return _LETTERS[word] + (m.group("sp") if m.group("empty") else "")
        return _WORD_COMMANDS.get(word, "") + m.group("sp")
    sym = m.group("sym")
    if sym in "{}":
        return ""
    return _SYMBOLS.get(sym, sym)
