"""Papers -> CSV (safe to open in a spreadsheet) and a plain list of keys."""

from __future__ import annotations

import csv
from collections.abc import Sequence
from typing import TextIO

from scholarcli.model import Paper
from scholarcli.writers import WriteOptions

CSV_COLUMNS = (
    "key",
    "title",
    "authors",
    "authors_truncated",
    "date",
    "year",
    "category",
    "venue",
    "doi",
    "url",
    "has_code",
    "code_url",
    "affiliation",
    "abstract",
)
# A spreadsheet runs a cell that starts with one of these as a formula (CSV injection).
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\n", "|", "%")


def safe_cell(value: str) -> str:
    """Make ``value`` inert in a spreadsheet: a leading formula character gets a ``'``."""
    if value.startswith(_FORMULA_START):
        return "'" + value
    return value


def _cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return safe_cell(str(value))


def write_csv(papers: Sequence[Paper], out: TextIO, options: WriteOptions) -> None:
    """A header row, then one row a paper; authors joined with "; "."""
    writer = csv.writer(out, lineterminator="\n")
    columns = CSV_COLUMNS + (("score",) if options.scores is not None else ())
    writer.writerow(columns)
    for p in papers:
        row = [
            p.key,
            p.title,
            "; ".join(p.authors) + ("; et al." if p.authors_truncated else ""),
            p.authors_truncated,
            p.date,
            p.year,
            p.category,
            p.venue,
            p.doi,
            p.url,
            p.has_code,
            p.code_url,
            p.affiliation,
            p.abstract,
        ]
        if options.scores is not None:
            row.append(round(options.scores.get(p.key, 0.0), 4))
        writer.writerow([_cell(v) for v in row])


def write_keys(papers: Sequence[Paper], out: TextIO, options: WriteOptions) -> None:
    """One citation key a line."""
    out.writelines(p.key + "\n" for p in papers)
