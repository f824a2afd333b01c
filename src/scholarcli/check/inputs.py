"""Reading the inputs of ``scholar check``: papers, and for BibTeX each entry as written."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from scholarcli.errors import InputError
from scholarcli.model import Level, Paper, Problem
from scholarcli.readers.bibtex import RawEntry, RawFailure


@dataclass(frozen=True, slots=True)
class CheckInput:
    """One input file: its papers and, for BibTeX, each paper's entry as written."""

    source: str
    papers: list[Paper]
    #: For BibTeX, ``entries[i]`` is the entry of ``papers[i]``; empty for other formats.
    entries: list[RawEntry] = field(default_factory=list)
    failures: list[RawFailure] = field(default_factory=list)
    strings: frozenset[str] = frozenset()
    #: Keys of every BibTeX entry, @xdata containers included, in lower case.
    keys: frozenset[str] = frozenset()
    #: What the reader of a non-BibTeX input said (for BibTeX the rules say it).
    problems: list[Problem] = field(default_factory=list)
    #: The input is not UTF-8 and was read as Latin-1.
    encoding_problems: list[Problem] = field(default_factory=list)
    is_bibtex: bool = False


def read_check_input(path: str, *, as_of: dt.date, encoding: str | None = None) -> CheckInput:
    """Read one input; InputError (exit 2) only when it cannot be read at all."""
    from scholarcli.readers import (
        InputFormat,
        decode_bytes,
        display_name,
        get_reader,
        read_bytes,
        sniff,
    )

    name = display_name(path)
    text, decode_problems = decode_bytes(read_bytes(path), name, encoding)
    fmt = sniff(text, path)
    if fmt is InputFormat.BIBTEX:
        from scholarcli.readers.bibtex import read_bibtex_raw

        raw = read_bibtex_raw(text, source=name, as_of=as_of)
        return CheckInput(
            source=name,
            papers=raw.result.papers,
            entries=raw.entries,
            failures=raw.failures,
            strings=raw.strings,
            keys=raw.keys,
            encoding_problems=decode_problems,
            is_bibtex=True,
        )
    if fmt is None:
        if not text.strip():
            return CheckInput(source=name, papers=[], encoding_problems=decode_problems)
        raise InputError(
            name,
            "cannot tell the format (not a profile listing, BibTeX, CSL-JSON or JSON)",
            hint="name the file .txt, .bib, .json or .jsonl",
        )
    result = get_reader(fmt)(text, source=name, as_of=as_of)
    errors = [p for p in result.problems if p.level is Level.ERROR]
    if errors and not result.papers:
        raise InputError(name, f"{errors[0].message}; no papers read", line=errors[0].line)
    return CheckInput(
        source=name,
        papers=result.papers,
        problems=result.problems,
        encoding_problems=decode_problems,
    )
