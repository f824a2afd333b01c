"""Papers -> text: every output format, by name and by file suffix.

A writer is a function ``(papers, out, options) -> None`` that writes to a text stream.
Each lives in its own module and is imported only when used.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from importlib import import_module
from pathlib import Path
from typing import TextIO

from scholarcli.model import Paper


class TexEncoding(StrEnum):
    """How TeX-facing writers write non-ASCII letters."""

    AUTO = "auto"  # LaTeX escapes for bibtex, UTF-8 for biblatex
    UNICODE = "unicode"
    ASCII = "ascii"


@dataclass(frozen=True, slots=True)
class WriteOptions:
    """Options some writers use; the others ignore them."""

    #: Search relevance by paper key; JSON/CSV writers add a ``score`` column when set.
    scores: Mapping[str, float] | None = None
    #: A name to show in bold in publication lists (the owner of a CV).
    highlight: str | None = None
    tex_encoding: TexEncoding = TexEncoding.AUTO
    #: Keys to use instead of the papers' own (``--keys-from``), by paper key.
    key_map: Mapping[str, str] = field(default_factory=dict)


Writer = Callable[[Sequence[Paper], TextIO, WriteOptions], None]

# format name -> (module, function)
WRITERS: dict[str, tuple[str, str]] = {
    "json": ("scholarcli.writers.jsonio", "write_json"),
    "jsonl": ("scholarcli.writers.jsonio", "write_jsonl"),
    "csv": ("scholarcli.writers.tabular", "write_csv"),
    "keys": ("scholarcli.writers.tabular", "write_keys"),
    "bibtex": ("scholarcli.writers.bibtex", "write_bibtex"),
    "biblatex": ("scholarcli.writers.bibtex", "write_biblatex"),
    "csl-json": ("scholarcli.writers.csljson", "write_csljson"),
    "ris": ("scholarcli.writers.ris", "write_ris"),
    "markdown": ("scholarcli.writers.markdown", "write_markdown"),
    "html": ("scholarcli.writers.html", "write_html"),
}

SUFFIXES: dict[str, str] = {
    ".json": "json",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".csv": "csv",
    ".bib": "bibtex",
    ".bibtex": "bibtex",
    ".biblatex": "biblatex",
    ".ris": "ris",
    ".md": "markdown",
    ".markdown": "markdown",
    ".html": "html",
    ".htm": "html",
}


def get_writer(name: str) -> Writer:
    module, func = WRITERS[name]
    writer: Writer = getattr(import_module(module), func)
    return writer


def format_for_path(path: str) -> str | None:
    """The format a file name asks for by its suffix (``refs.bib`` -> ``bibtex``)."""
    name = Path(path).name.lower()
    if name.endswith((".csl.json", ".csljson")):
        return "csl-json"
    return SUFFIXES.get(Path(path).suffix.lower())


def to_string(name: str, papers: Sequence[Paper], options: WriteOptions | None = None) -> str:
    buf = io.StringIO()
    get_writer(name)(papers, buf, options or WriteOptions())
    return buf.getvalue()
