"""Blanking out the parts of a document that are not prose.

Citations inside a Markdown code block or an HTML comment are not citations, and a URL
such as ``…/report(2019).pdf`` must not look like one. Rather than teach every extractor
about markup, the prose view of a document is made here by replacing such regions with
spaces: lengths and newlines are kept, so offsets, lines and columns stay exact.
"""

from __future__ import annotations

from refcheck import lazyre as re

_FENCE_OPEN = re.compile(r"^ {0,3}(`{3,}|~{3,})")
_INLINE_CODE = re.compile(r"(`+)(?!`).+?(?<!`)\1(?!`)", re.S)
_HTML_COMMENT = re.compile(r"<!--.*?(?:-->|\Z)", re.S)
_FRONT_MATTER = re.compile(r"\A---[ \t]*\n.*?\n(?:---|\.\.\.)[ \t]*(?:\n|\Z)", re.S)
_LINK_TARGET = re.compile(r"\]\([^)\s]*(?:\s+\"[^\"\n]*\")?\)")
_TEXT_MARKER = re.compile(r"^[ \t]*(?:#\s*)?refcheck:\s*ignore[^\n]*$", re.M)
# Not a Pandoc key that is a URL or DOI ("@doi:10.1/x", "@url:http://…", Manubot's).
_URL = re.compile(r"\b(?<!@)(?<!@url:)(?<!@raw:)(?:https?://|www\.|doi:\s?10\.)\S+", re.I)


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


_PARAGRAPH_BREAK = re.compile(r"\n[ \t]*\n")


def _blank_multiline_code(m: re.Match[str]) -> str:
    """An inline code span over lines of one paragraph, blanked; others kept."""
    code = m.group()
    if "\n" not in code or _PARAGRAPH_BREAK.search(code):
        return code
    return blank(code)


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
    if "`" in text:  # inline code over several lines (knitr's `r if (html) '# References'`)
        text = _INLINE_CODE.sub(_blank_multiline_code, text)
    return _HTML_COMMENT.sub(_blank, text) if "<!--" in text else text


def prose_view(text: str, kind: str, pandoc: bool = False) -> str:
    """The text extractors should scan, same length as ``text``.

    ``pandoc``: a Pandoc, Quarto or R Markdown document, whose math, shortcodes and
    attributes are not prose either, and whose chunk captions are (see ``mask_pandoc``).
    """
    if kind == "markdown":
        return mask_pandoc(text, mask_markdown(text)) if pandoc else mask_markdown(text)
    return mask_urls(text)


# Pandoc math: "$$…$$", and "$…$" where the opening "$" has no space after it and the
# closing one no space before it and no digit after it ("$5 and $10" is no math).
_DISPLAY_MATH = re.compile(r"(?<!\\)\$\$.{1,20000}?\$\$", re.S)
_INLINE_MATH = re.compile(
    r"(?<![\\$])\$(?=[^\s$])(?:[^$\n\\]|\\.|\n(?![ \t]*\n)){1,2000}?(?<=[^\s\\])\$(?!\d)"
)
_MATH_ENV = re.compile(
    r"\\begin\{(equation|align|gather|multline|eqnarray|displaymath|math)(\*?)\}"
    r".{0,20000}?\\end\{\1\2\}",
    re.S,
)
# Quarto/Hugo shortcodes ("{{< include _a.qmd >}}", "{{< pagebreak >}}") and Pandoc
# attributes ("{#fig-map width=50%}", "{.unnumbered}", "{-}").
_SHORTCODE = re.compile(r"\{\{[<%].{0,500}?[>%]\}\}")
_ATTRIBUTES = re.compile(r"\{(?:[#.][^{}\n]{0,500}|-)\}")
# knitr and Quarto chunks: "```{r label, fig.cap="…"}" and "#| fig-cap: …" lines.
_CHUNK_OPEN = re.compile(r"^ {0,3}(`{3,}|~{3,})[ \t]*\{[ \t]*[A-Za-z]")
_HEADER_CAPTION = re.compile(r"""\b(?:fig|tab)\.(?:cap|scap)[ \t]*=[ \t]*(["'])(?P<cap>.*?)\1""")
_OPTION_CAPTION = re.compile(
    r"""^[ \t]*#\|[ \t]*(?:fig|tbl|lst)-(?:cap|subcap)[ \t]*:[ \t]*"""
    r"""(?P<q>["']?)(?P<cap>.+?)(?P=q)[ \t]*$"""
)


def mask_pandoc(text: str, masked: str) -> str:
    """``masked`` (the Markdown prose view of ``text``) with Pandoc's math, shortcodes
    and attributes blanked too, and the captions of knitr/Quarto chunks shown again.

    A chunk is code, but its caption (``#| fig-cap: "Data from @smith2020"``,
    ``fig.cap="…"``) is rendered as Markdown, citations included, so it is prose.
    """
    if "$" in masked:
        masked = _INLINE_MATH.sub(_blank, _DISPLAY_MATH.sub(_blank, masked))
    if "\\begin" in masked:
        masked = _MATH_ENV.sub(_blank, masked)
    if "{" in masked:
        masked = _ATTRIBUTES.sub(_blank, _SHORTCODE.sub(_blank, masked))
    captions = _chunk_captions(text)
    if not captions:
        return masked
    parts: list[str] = []
    pos = 0
    for start, end in captions:
        parts.append(masked[pos:start])
        parts.append(mask_urls(text[start:end]))
        pos = end
    parts.append(masked[pos:])
    return "".join(parts)


def _chunk_captions(text: str) -> list[tuple[int, int]]:
    """Offsets of the caption texts of knitr/Quarto chunks, in order."""
    if "{" not in text or ("```" not in text and "~~~" not in text):
        return []
    out: list[tuple[int, int]] = []
    fence = ""
    offset = 0
    chunk = False
    for line in text.split("\n"):
        m = _FENCE_OPEN.match(line)
        if not fence and m:
            fence = m.group(1)
            chunk = _CHUNK_OPEN.match(line) is not None
            if chunk:
                out += [
                    (offset + c.start("cap"), offset + c.end("cap"))
                    for c in _HEADER_CAPTION.finditer(line)
                ]
        elif fence:
            if line.strip().startswith(fence[0] * len(fence)) and not line.strip().strip(fence[0]):
                fence = ""
            elif chunk and (c := _OPTION_CAPTION.match(line)):
                out.append((offset + c.start("cap"), offset + c.end("cap")))
        offset += len(line) + 1
    return out
