"""Property tests: no input makes the pipeline raise, and JSON output is always valid."""

from __future__ import annotations

import json

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from refcheck.engine import check_document
from refcheck.loaders import Document
from refcheck.reporters import Report
from refcheck.reporters import json as json_reporter
from refcheck.rules import select_rules

ALL = select_rules(["ALL"])

# Text biased towards the shapes the extractor and parser look for.
PIECES = st.sampled_from([
    "(", ")", "[", "]", ";", ",", ".", ":", " ", "\n", "\n\n", "&", " and ", " et al.", "'s",
    "Smith", "Müller", "van der Berg", "O'Neill", "García-Márquez", "NATO", "1978", "2014a",
    "n.d.", "in press", "p. 5", "pp. 3–5", "References\n", "## Bibliography\n", "doi:10.1/x",
    "https://doi.org/10.2307/2009958", "J. J.", "(Eds.)", "In ", "Journal", "93(5)", "77–89",
    "—", "–", "\t", "e.g., ", "see ", "\u00a0", "\u200b", "#", "*", "`", "<!--", "-->",
    "\\cite{", "\\citep[p. 5]{", "}", "{", "%", "\\begin{thebibliography}{9}", "\\bibitem{",
    "@article{k,", "title = {", "author = ", "year = 2020", "[@", "@key", "[1]", "[2–5]",
    "refcheck: ignore[RC101]", "1. ",
])  # fmt: skip
DOCS = st.one_of(st.text(max_size=400), st.lists(PIECES, max_size=120).map("".join))


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(DOCS, st.sampled_from(["text", "markdown", "latex", "bibtex"]))
def test_pipeline_never_raises_and_json_is_valid(text: str, kind: str) -> None:
    text = text.replace("\r", "\n")  # the loader guarantees "\n" line ends
    # A path in an empty folder, so a generated \\input or \\bibliography finds no file.
    result = check_document(Document("/nonexistent-refcheck-dir/doc", text, kind), ALL)
    lines = text.split("\n")
    for f in result.findings:
        assert 1 <= f.span.line <= f.span.end_line <= len(lines)
        assert f.span.column >= 1
    for c in result.citations:
        assert 1 <= c.span.line <= len(lines)
    report = Report(result.findings, 1, len(result.citations), len(result.references))
    doc = json.loads(json_reporter.render(report))
    assert len(doc["findings"]) == len(result.findings)
    json.loads(json_reporter.render_references(result.references))
