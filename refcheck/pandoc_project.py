"""The bibliography a Quarto or bookdown project names for every chapter.

A chapter of a Quarto book or website usually names no bibliography of its own: the
project's ``_quarto.yml`` does (or a ``_metadata.yml`` in the chapter's folder or one
above it, Quarto's directory metadata). A bookdown book's chapters share the front
matter of its ``index.Rmd``, the book's first file, marked by ``_bookdown.yml``.

``project_bibliography`` walks up from the chapter's folder to the project's root and
returns the first bibliography found, resolved against the folder of the file that
names it, and the project's root (where includes may reach). It reads files only
through the ``read`` function it is given (the run's ``Linker``), so it is easy to test
and never reads a file twice.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from refcheck.extract.pandoc import front_matter, yaml_names

__all__ = ["MAX_LEVELS", "Project", "project_bibliography"]

MAX_LEVELS = 8  # a chapter sits a few folders below its project's root at most

Reader = Callable[[str], "str | None"]


def _yaml_bibliography(text: str) -> list[str]:
    """``bibliography:`` of a project or directory metadata file: at the top level,
    else under a format (``format: html: bibliography: …``)."""
    from refcheck.yamlload import YamlError, load_yaml

    try:
        meta: Any = load_yaml(text)
    except YamlError:
        return []
    if not isinstance(meta, dict):
        return []
    names = yaml_names(meta.get("bibliography"))
    formats = meta.get("format")
    if not names and isinstance(formats, dict):
        for options in formats.values():
            if isinstance(options, dict) and options.get("bibliography"):
                return yaml_names(options["bibliography"])
    return names


def _resolved(names: list[str], folder: str) -> tuple[str, ...]:
    return tuple(os.path.normpath(os.path.join(folder, n)) for n in names)


@dataclass(frozen=True, slots=True)
class Project:
    """A Quarto or bookdown project: its root folder, and the bibliography it names
    (absolute paths) with the file that names it (``""`` when none does)."""

    root: str = ""
    bibliography: tuple[str, ...] = ()
    origin: str = ""


def project_bibliography(folder: str, read: Reader) -> Project:
    """The project a document in ``folder`` belongs to, and its bibliography.

    Looked for, from ``folder`` up: ``_metadata.yml`` (Quarto directory metadata),
    ``_quarto.yml`` (the project root: the walk stops there), ``_bookdown.yml`` (the
    book's root: its ``index.Rmd`` front matter names the bibliography). An empty
    ``Project`` when the document belongs to none.
    """
    here = os.path.abspath(folder)
    found: tuple[tuple[str, ...], str] = ((), "")
    for _ in range(MAX_LEVELS):
        meta = os.path.join(here, "_metadata.yml")
        text = read(meta)
        if not found[0] and text is not None and (names := _yaml_bibliography(text)):
            found = (_resolved(names, here), meta)
        quarto = os.path.join(here, "_quarto.yml")
        text = read(quarto)
        if text is not None:
            if not found[0] and (names := _yaml_bibliography(text)):
                found = (_resolved(names, here), quarto)
            return Project(here, *found)
        if read(os.path.join(here, "_bookdown.yml")) is not None:
            for first in ("index.Rmd", "index.rmd", "index.md"):
                index = os.path.join(here, first)
                text = read(index)
                fm = front_matter(text) if text is not None else None
                if not found[0] and fm is not None and fm.bibliography:
                    found = (_resolved(fm.bibliography, here), index)
                    break
            return Project(here, *found)
        parent = os.path.dirname(here)
        if parent == here:
            break
        here = parent
    return Project("", *found)
