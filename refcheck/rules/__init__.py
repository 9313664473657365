"""The rule registry.

A rule is a pure function from a ``CheckContext`` to ``Diagnostic``s, registered with
its code, name and default severity. Its docstring is its documentation: ``--explain``
prints it and docs/rules.md is generated from it, so a rule without one fails the
registry test. The engine stamps code, name and severity onto what a rule yields; rules
never do I/O.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any

from refcheck.codes import any_matches, code_matches
from refcheck.crossref import Verification
from refcheck.matching import Match
from refcheck.model import Citation, Reference, Severity, Span
from refcheck.suppress import Suppression

if TYPE_CHECKING:
    from refcheck.analysis import Problem


@dataclass(slots=True)
class CheckContext:
    """Everything a rule may look at for one document."""

    path: str
    citations: list[Citation]
    matches: list[Match]
    references: list[Reference]
    has_reference_list: bool
    # The document is a bare list (nothing but the list): "never cited" means nothing.
    list_only: bool = False
    today: date = field(default_factory=date.today)
    # One per reference when the run is online, else None (Crossref rules then stay quiet).
    verifications: list[Verification] | None = None
    # Suppression markers that silenced nothing; set by the engine before RC901 runs.
    unused_suppressions: list[Suppression] = field(default_factory=list)
    # Indices of entries from a .bib database, never reported as uncited.
    database: frozenset[int] = frozenset()
    cite_all: bool = False  # \nocite{*}
    # A bibliography the document names could not be read: citations cannot be judged.
    incomplete: bool = False
    # Problems found while loading (RC003 syntax, RC207 numbering).
    problems: list[Problem] = field(default_factory=list)
    # Indices of entries read from bibliography files (.bib, CSL JSON/YAML).
    bib_entries: frozenset[int] = frozenset()
    # Indices of the entries the entry rules judge; None: every entry (see ``entries``).
    scope: frozenset[int] | None = None
    # Indices of bibliography-file entries the document uses: cited, listed in nocite,
    # or the crossref parent of a cited entry.
    used: frozenset[int] = frozenset()

    def entries(self) -> Iterator[tuple[int, Reference]]:
        """The entries the entry rules judge, with their indices.

        In a document check, the entries of its bibliography files that it cites (a
        .bib holds more works than one paper cites, and only the cited ones are
        printed), with every entry of a list printed in the document itself; every
        entry under ``\\nocite{*}`` and when a .bib is checked on its own.
        """
        for i, ref in enumerate(self.references):
            if self.scope is None or i in self.scope:
                yield i, ref


@dataclass(slots=True)
class Diagnostic:
    """What a rule yields; the engine turns it into a ``Finding``."""

    span: Span
    message: str
    hint: str = ""
    data: dict[str, Any] = field(default_factory=dict)
    severity: Severity | None = None  # overrides the rule's default (e.g. RC301)


RuleFunc = Callable[[CheckContext], Iterable[Diagnostic]]


@dataclass(frozen=True, slots=True)
class Rule:
    code: str
    name: str
    severity: Severity
    func: RuleFunc
    default: bool = True  # in the default selection
    needs_crossref: bool = False
    # Runs after the suppressions are applied, to judge them (RC901).
    after_suppressions: bool = False

    @property
    def doc(self) -> str:
        return inspect.getdoc(self.func) or ""

    @property
    def summary(self) -> str:
        """The docstring's first line."""
        return self.doc.split("\n", 1)[0].strip()


RULES: dict[str, Rule] = {}


def rule(
    code: str,
    name: str,
    severity: Severity,
    *,
    default: bool = True,
    needs_crossref: bool = False,
    after_suppressions: bool = False,
) -> Callable[[RuleFunc], RuleFunc]:
    """Register a rule function under ``code``."""

    def register(func: RuleFunc) -> RuleFunc:
        if code in RULES:
            raise ValueError(f"rule {code} registered twice")
        RULES[code] = Rule(code, name, severity, func, default, needs_crossref, after_suppressions)
        return func

    return register


def select_rules(
    select: Iterable[str] | None = None,
    ignore: Iterable[str] = (),
    extend_select: Iterable[str] = (),
) -> list[Rule]:
    """Rules chosen by code prefixes, like ruff: ``select`` replaces the default set,
    ``extend_select`` adds to it, ``ignore`` removes from the result."""
    ignore = list(ignore)
    chosen = []
    for code in sorted(RULES):
        r = RULES[code]
        picked = any_matches(code, select) if select is not None else r.default
        if (picked or any_matches(code, extend_select)) and not any_matches(code, ignore):
            chosen.append(r)
    return chosen


def unknown_codes(patterns: Iterable[str]) -> list[str]:
    """Patterns that select no registered rule (a typo such as ``RC1O1``)."""
    return [p for p in patterns if not any(code_matches(c, p) for c in RULES)]


def label(ref: Reference) -> str:
    """A short human name for an entry: ``Walt (2015)``, ``Keohane & Martin (1995)``."""
    names = [a.family for a in ref.authors]
    if not names:
        who = ref.key or (f"[{ref.number}]" if ref.number is not None else ref.raw[:40])
    elif len(names) == 1:
        who = names[0]
    elif len(names) == 2 and not ref.et_al:
        who = f"{names[0]} & {names[1]}"
    else:
        who = f"{names[0]} et al."
    year = f" ({ref.year}{ref.suffix})" if ref.year else ""
    return f"{who}{year}"


def cite_label(cit: Citation) -> str:
    """A citation as an author-date reader would write it: ``Walt, 2015``."""
    names = list(cit.authors)
    if cit.et_al:
        who = f"{names[0]} et al." if names else "et al."
    elif len(names) == 2:
        who = f"{names[0]} & {names[1]}"
    else:
        who = ", ".join(names)
    if cit.key:
        return cit.key
    if cit.number is not None:
        return f"[{cit.number}]"
    return f"{who}, {cit.year or 'n.d.'}{cit.suffix}"


# Rule modules register themselves on import.
from refcheck.rules import citations, crossref, entries, meta, sources, structure  # noqa: E402, F401
