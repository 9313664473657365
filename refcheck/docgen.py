"""Generate docs/rules.md from the rule registry, so the documentation cannot drift.

    python -m refcheck.docgen > docs/rules.md

A test compares the file with this output.
"""

from __future__ import annotations

from refcheck.rules import RULES


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
        out.append(f"| {link} | {r.name} | {r.severity.value} | {default} | {r.summary} |")
    for code in sorted(RULES):
        r = RULES[code]
        out += ["", f"## {code}", "", f"`{r.name}` — {r.severity.value}", "", r.doc]
    return "\n".join(out) + "\n"


if __name__ == "__main__":
    print(render_rules_markdown(), end="")
