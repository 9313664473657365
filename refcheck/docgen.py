"""Rule documentation from the registry: docs/rules.md, ``--explain`` and SARIF help.

    python -m refcheck.docgen > docs/rules.md

A rule's docstring is its documentation, written once in a small Markdown subset, the
way ruff documents its rules:

    One-sentence summary.

    ## What it does
    ## Why it matters
    ## How to fix
    ## Example          (a fenced block that the rule reports)
    ## Use instead      (the same document, fixed)

Inline code is in single backticks; examples are fenced blocks tagged with the kind of
document (text, markdown, latex, bibtex), so a test can run each one through refcheck.
This module turns that text into Markdown for the docs, and into plain terminal text
(no backticks, no fences, no markup) for ``--explain`` and SARIF's text fields. A test
compares docs/rules.md with this output, so the documentation cannot drift.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from refcheck import lazyre as re
from refcheck.rules import RULES, Rule

SECTIONS = ("What it does", "Why it matters", "How to fix", "Example", "Use instead")
_FENCE = re.compile(r"^```(\w*)\n(.*?)^```\s*$", re.M | re.S)
_CODE = re.compile(r"`([^`\n]+(?:\n[^`\n]+)?)`")


@dataclass(frozen=True, slots=True)
class RuleDoc:
    """A rule docstring cut into its parts."""

    summary: str
    sections: dict[str, str]  # heading → body (Markdown subset), in docstring order

    def examples(self, section: str) -> list[tuple[str, str]]:
        """The fenced blocks of a section as (kind, text)."""
        return [
            (m.group(1) or "text", m.group(2))
            for m in _FENCE.finditer(self.sections.get(section, ""))
        ]


def parse(doc: str) -> RuleDoc:
    """Split a docstring into its summary (first paragraph) and ``## `` sections.

    A ``## `` line inside a fenced example (a Markdown document's own heading) is part
    of the example, not a section.
    """
    chunks: list[tuple[str, list[str]]] = [("", [])]
    fenced = False
    for line in doc.strip().split("\n"):
        if line.startswith("```"):
            fenced = not fenced
        heading = re.match(r"## +(.+?)\s*$", line)
        if heading and not fenced:
            chunks.append((heading.group(1), []))
        else:
            chunks[-1][1].append(line)
    head = "\n".join(chunks[0][1]).strip()
    paragraphs = head.split("\n\n")
    sections: dict[str, str] = {}
    if len(paragraphs) > 1:  # prose before the first heading belongs to "What it does"
        sections["What it does"] = "\n\n".join(paragraphs[1:]).strip()
    for name, lines in chunks[1:]:
        body = "\n".join(lines).strip()
        sections[name] = (sections.get(name, "") + "\n\n" + body).strip()
    return RuleDoc(" ".join(paragraphs[0].split()), sections)


def plain(markdown: str) -> str:
    """Inline Markdown as plain text: code spans lose their backticks."""
    return _CODE.sub(r"\1", markdown)


def summary(rule: Rule) -> str:
    """The one-sentence summary as plain text (``--list-rules``, SARIF shortDescription)."""
    return plain(parse(rule.doc).summary)


Style = Callable[..., str]


def _unstyled(text: str, **_: object) -> str:
    return text


def render_terminal(rule: Rule, style: Style = _unstyled) -> str:
    """``--explain``: headings, paragraphs and indented examples; no markup left."""
    doc = parse(rule.doc)
    flags = "" if rule.default else " — off by default"
    flags += " — needs Crossref (skipped with --offline)" if rule.needs_crossref else ""
    out = [
        style(f"{rule.code} ({rule.name})", bold=True) + f" — {rule.severity.value}{flags}",
        "",
        plain(doc.summary),
    ]
    for name, body in doc.sections.items():
        out += ["", style(name, bold=True, underline=True), ""]
        out.append(_terminal_body(body))
    return "\n".join(out).rstrip() + "\n"


def _terminal_body(body: str) -> str:
    parts: list[str] = []
    pos = 0
    for m in _FENCE.finditer(body):
        parts.append(plain(body[pos : m.start()]))
        parts.append("\n".join("    " + line if line else "" for line in m.group(2).splitlines()))
        parts.append("\n")
        pos = m.end()
    parts.append(plain(body[pos:]))
    return re.sub(r"\n{3,}", "\n\n", "".join(parts)).strip("\n")


def render_plain(rule: Rule) -> str:
    """The whole documentation as plain text (SARIF ``fullDescription``/``help.text``)."""
    return render_terminal(rule).split("\n", 2)[2]


def render_markdown(rule: Rule, level: int = 3) -> str:
    """The documentation as Markdown, section headings at ``level``."""
    doc = parse(rule.doc)
    out = [doc.summary]
    for name, body in doc.sections.items():
        out += ["", f"{'#' * level} {name}", "", body]
    return "\n".join(out) + "\n"


def render_rules_markdown() -> str:
    out = [
        "# refcheck rules",
        "",
        "Generated from the rule registry by `python -m refcheck.docgen > docs/rules.md`;",
        "do not edit by hand. `refcheck --explain CODE` prints the same text.",
        "",
        "| code | name | severity | default | summary |",
        "|---|---|---|---|---|",
    ]
    for code in sorted(RULES):
        r = RULES[code]
        default = "yes" if r.default else "no"
        if r.needs_crossref:
            default += " (online)"
        link = f"[{code}](#{code.lower()})"
        out.append(f"| {link} | {r.name} | {r.severity.value} | {default} | {summary(r)} |")
    for code in sorted(RULES):
        r = RULES[code]
        flags = "" if r.default else ", off by default"
        if r.needs_crossref:
            flags += ", needs Crossref (skipped with `--offline`)"
        out += ["", f"## {code}", "", f"`{r.name}` — {r.severity.value}{flags}", ""]
        out.append(render_markdown(r).rstrip("\n"))
    return "\n".join(out) + "\n"


if __name__ == "__main__":
    print(render_rules_markdown(), end="")
