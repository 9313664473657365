"""refcheck: a bibliography and reference-integrity linter.

Kept import-free on purpose: ``refcheck --version`` must start fast, so nothing heavy
(and nothing networked) is imported at package level.
"""

__version__ = "0.1.0"
