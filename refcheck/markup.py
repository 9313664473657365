"""Blanking out the parts of a document that are not prose.

Citations inside a Markdown code block or an HTML comment are not citations, and a URL
such as ``…/report(2019).pdf`` must not look like one. Rather than teach every extractor
about markup, the prose view of a document is made here by replacing such regions with
spaces: lengths and newlines are kept, so offsets, lines and columns stay exact.
"""

from __future__ import annotations

import re

_FENCE_OPEN = re.compile(r"^ {0,3}(`{3,}|~{3,})")
_INLINE_CODE = re.compile(r"(`+)(?!`).+?(?<!`)\1(?!`)", re.S)
_HTML_COMMENT = re.compile(r"<!--.*?(?:-->|\Z)", re.S)
_FRONT_MATTER = re.compile(r"\A---[ \t]*\n.*?\n(?:---|\.\.\.)[ \t]*(?:\n|\Z)", re.S)
_LINK_TARGET = re.compile(r"\]\([^)\s]*(?:\s+\"[^\"\n]*\")?\)")
_TEXT_MARKER = re.compile(r"^[ \t]*(?:#\s*)?refcheck:\s*ignore[^\n]*$", re.M)
_URL = re.compile(r"\b(?:https?://|www\.|doi:\s?10\.)\S+", re.I)


_NOT_NEWLINE = re.compile(r"[^\n]")


def blank(text: str) -> str:
    """Same length, newlines kept, everything else a space: how every view of a
    document hides a region without moving a line or a column."""
    return _NOT_NEWLINE.sub(" ", text)


def _blank(match: re.Match[str]) -> str:
    return blank(match.group(0))


def _blank_fences(text: str) -> str:
    """Blank fenced code blocks; an unclosed fence runs to the end, as in CommonMark."""
    if "```" not in text and "~~~" not in text:
        return text
    out: list[str] = []
    fence = ""
    for line in text.split("\n"):
        m = _FENCE_OPEN.match(line)
        if not fence and m:
            fence = m.group(1)
            out.append(" " * len(line))
        elif fence:
            if line.strip().startswith(fence[0] * len(fence)) and not line.strip().strip(fence[0]):
                fence = ""
            out.append(" " * len(line))
        else:
            out.append(line)
    return "\n".join(out)


def mask_urls(text: str) -> str:
    """Blank URLs and DOIs, which contain parentheses, digits and capitals."""
    return _URL.sub(_blank, text)


def mask_markdown(text: str) -> str:
    """Blank front matter, fenced code, inline code, HTML comments and link targets."""
    text = _FRONT_MATTER.sub(_blank, text)
    text = _blank_fences(text)
    text = _HTML_COMMENT.sub(_blank, text)
    text = _INLINE_CODE.sub(_blank, text)
    text = _LINK_TARGET.sub(lambda m: "]" + _blank(m)[1:], text)
    return mask_urls(text)


def code_view(text: str, kind: str) -> str:
    """``text`` with Markdown code blanked (same length): where markers are looked for.

    A suppression marker shown as an example inside code is not a marker.
    """
    if kind != "markdown":
        return text
    return _INLINE_CODE.sub(_blank, _blank_fences(_FRONT_MATTER.sub(_blank, text)))


def comments_view(text: str, kind: str) -> str:
    """``text`` with comments, code and front matter blanked (same length): what the
    reference list is read from.

    URLs and DOIs stay (entries need them); a suppression marker between entries must
    not be read as an entry.
    """
    if kind == "text":
        # A suppression marker line between entries is not an entry.
        return _TEXT_MARKER.sub(_blank, text) if "refcheck:" in text else text
    if kind != "markdown":
        return text
    text = _blank_fences(_FRONT_MATTER.sub(_blank, text))  # "bibliography:" is no heading
    return _HTML_COMMENT.sub(_blank, text) if "<!--" in text else text


def prose_view(text: str, kind: str) -> str:
    """The text extractors should scan, same length as ``text``."""
    if kind == "markdown":
        return mask_markdown(text)
    return mask_urls(text)
