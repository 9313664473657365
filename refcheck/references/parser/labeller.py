"""The trained CRF: loaded on first use, then asked for labels and their probabilities.

The model file ships inside the package (``model.crfsuite``, written by
``benchmarks/train_parser.py``). python-crfsuite is imported and the model read only
when the first reference string is labelled, so ``refcheck --version`` and documents
without a free-text reference list never pay for it.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from importlib import resources
from typing import Any, TypeVar

from refcheck.references.entry_names import NameScan, scan_names
from refcheck.references.parser.features import sequence_features
from refcheck.references.parser.tokens import Tokens, tokenize

__all__ = ["Labelled", "label", "labelled"]

MODEL_NAME = "model.crfsuite"
# Labels whose tokens are numbers: only tokens with a digit can carry them.
_NUMERIC = frozenset({"year", "volume", "issue", "pages", "number"})
_LIST_LABEL = re.compile(r"^\s*(?:\[\d{1,4}\]|\(\d{1,4}\)|\d{1,3}[.)](?=\s))\s*")
_lock = threading.Lock()
_tagger: Any = None
# crfsuite reads the model in place: the bytes must live as long as the tagger.
_model_bytes: bytes = b""
T = TypeVar("T")


@dataclass(slots=True)
class Labelled:
    """A string cut into tokens, with the most likely label of each and the model's
    marginal probability of that label at that token.

    ``peak(label)`` is the highest marginal probability any token has of carrying
    ``label``, even where another label won: how nearly a field that was not read was
    there after all. It asks the model, so it is available only inside
    :func:`labelled` (or precomputed by :func:`label`).
    """

    text: str
    tokens: Tokens
    labels: list[str]
    probs: list[float]
    # The rule-based reading of the leading name list (a feature of the model, and
    # reused by the normaliser when the model's author span is the same), and where in
    # ``text`` that reading starts.
    names: NameScan | None = None
    names_start: int = 0
    _tagger: Any = None
    _peaks: dict[str, float] = field(default_factory=dict)

    def relabel(self, i: int, name: str) -> None:
        """Give token ``i`` the label ``name`` (a rule overrides the model); its
        probability becomes the model's marginal for that label (0.5 when the model is no
        longer at hand)."""
        if self.labels[i] == name:
            return
        self.labels[i] = name
        self.probs[i] = self._tagger.marginal(name, i) if self._tagger is not None else 0.5
        self._peaks.pop(name, None)

    def peak(self, name: str) -> float:
        if name in self._peaks:
            return self._peaks[name]
        if name in self.labels:
            value = max(p for y, p in zip(self.labels, self.probs, strict=True) if y == name)
        elif self._tagger is None:
            return 1.0  # unknown: count the field as possibly there
        else:
            texts = self.tokens.texts
            candidates = range(len(texts))
            if name in _NUMERIC:
                candidates = [i for i in candidates if any(c.isdigit() for c in texts[i])]
            value = max((self._tagger.marginal(name, i) for i in candidates), default=0.0)
        self._peaks[name] = value
        return value


def _load() -> Any:
    global _tagger, _model_bytes
    with _lock:
        if _tagger is None:
            import pycrfsuite  # only here: an import costs start-up time

            tagger = pycrfsuite.Tagger()
            _model_bytes = resources.files(__package__).joinpath(MODEL_NAME).read_bytes()
            tagger.open_inmemory(_model_bytes)
            _tagger = tagger
    return _tagger


def _names(text: str) -> tuple[NameScan, int, int]:
    """The rule-based name reading after any list label: (scan, its start, its end or -1)."""
    m = _LIST_LABEL.match(text)
    start = m.end() if m else 0
    names = scan_names(text[start:])
    return names, start, (start + names.end if names.names else -1)


def item_features(text: str, tokens: Tokens) -> list[list[str]]:
    """The model's input for ``text`` (training uses exactly this)."""
    return sequence_features(tokens, _names(text)[2])


def labelled(text: str, use: Callable[[Labelled], T]) -> T:
    """Label ``text`` and hand the result to ``use`` while the model still holds it,
    so that ``use`` may ask for the peaks it needs (and only those)."""
    tokens = tokenize(text)
    if not tokens:
        return use(Labelled(text, tokens, [], []))
    names, start, names_end = _names(text)
    features = sequence_features(tokens, names_end)
    tagger = _load()
    with _lock:  # a Tagger holds the current sequence: one caller at a time
        tagger.set(features)
        labels = tagger.tag()
        probs = [tagger.marginal(y, i) for i, y in enumerate(labels)]
        result = Labelled(text, tokens, labels, probs, names, start, tagger)
        try:
            return use(result)
        finally:
            result._tagger = None


def label(text: str, peaks: tuple[str, ...] = ()) -> Labelled:
    """Label ``text``; the peaks of ``peaks`` are computed before the model moves on."""

    def keep(result: Labelled) -> Labelled:
        for name in peaks:
            result.peak(name)
        return result

    return labelled(text, keep)
