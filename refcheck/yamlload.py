"""Reading the YAML that Pandoc, Quarto and R Markdown documents carry.

Front matter, ``_quarto.yml``/``_metadata.yml`` and CSL YAML bibliographies are YAML.
They are read with PyYAML's safe loader, made tolerant of what these tools allow and a
plain safe loader refuses: R Markdown's ``!r``/``!expr`` tags (``date: !r Sys.Date()``)
and any other local tag are read as the plain value they tag. Dates stay strings
(``issued: 2020-03-01`` is a CSL date, not a ``datetime.date``), so every value is
JSON-like: dicts, lists, strings, numbers, booleans, ``None``.
"""

from __future__ import annotations

from typing import Any

import yaml

__all__ = ["YamlError", "load_yaml"]


class YamlError(Exception):
    """Text that is not YAML; the message names the line."""


class _Loader(yaml.SafeLoader):
    """The safe loader, with unknown tags read as untagged values and no date type."""


def _untagged(loader: yaml.SafeLoader, _suffix: str, node: yaml.Node) -> Any:
    if isinstance(node, yaml.MappingNode):
        return loader.construct_mapping(node, deep=True)
    if isinstance(node, yaml.SequenceNode):
        return loader.construct_sequence(node, deep=True)
    return loader.construct_scalar(node)  # type: ignore[arg-type]


_Loader.add_multi_constructor("!", _untagged)
_Loader.add_multi_constructor("tag:", _untagged)
_Loader.add_constructor("tag:yaml.org,2002:timestamp", yaml.SafeLoader.construct_yaml_str)


def load_yaml(text: str) -> Any:
    """The value of one YAML document; ``YamlError`` when it cannot be read."""
    try:
        return yaml.load(text, Loader=_Loader)  # a SafeLoader subclass: no arbitrary objects
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" at line {mark.line + 1}" if mark is not None else ""
        problem = getattr(exc, "problem", None) or "invalid YAML"
        raise YamlError(f"{problem}{where}") from None
    except (RecursionError, ValueError, TypeError) as exc:  # pathological input
        raise YamlError(f"cannot be read ({type(exc).__name__})") from None
