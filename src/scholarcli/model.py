"""What a paper is: the typed records every reader produces and every writer consumes."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from enum import StrEnum
from typing import Any


class Level(StrEnum):
    """How bad a problem found while reading is.

    ``error``: a record could not be read and was skipped (or a field was dropped).
    ``warning``: the data was read, but something about it is doubtful.
    ``info``: worth saying, never a failure (e.g. a listing shorter than its heading).
    """

    ERROR = "error"
    WARNING = "warning"
    INFO = "info"


@dataclass(frozen=True, slots=True)
class Problem:
    """Something wrong with an input, located so a user can find it (``FILE:LINE: message``)."""

    file: str
    line: int | None
    message: str
    level: Level = Level.ERROR

    def __str__(self) -> str:
        where = self.file if self.line is None else f"{self.file}:{self.line}"
        prefix = "" if self.level is Level.ERROR else f"{self.level.value}: "
        return f"{where}: {prefix}{self.message}"


@dataclass(frozen=True, slots=True)
class Paper:
    """One publication, whatever format it came from.

    Text fields hold Unicode as a reader would show it (LaTeX accents decoded, math kept as
    written); writers add whatever escaping their format needs.
    """

    #: Citation key, unique within one collection (``yang2022nearly``); empty until assigned.
    key: str
    #: Title as written in the source (no LaTeX escaping added).
    title: str
    #: Author names in order, "First Last" ("Jason D. Lee").
    authors: tuple[str, ...] = ()
    #: The source listed only some of the authors ("et al.", BibTeX "and others").
    authors_truncated: bool = False
    #: Affiliation tag of a profile listing ("tsinghua").
    affiliation: str | None = None
    #: Subject code as given ("LG", "CV").
    category: str | None = None
    year: int | None = None
    month: int | None = None
    day: int | None = None
    #: The source marks code as available, or the abstract links a code repository.
    has_code: bool = False
    #: The first code repository URL found (abstract, or a ``url`` that is a repository).
    code_url: str | None = None
    abstract: str | None = None
    #: Journal or proceedings title.
    venue: str | None = None
    doi: str | None = None
    url: str | None = None
    #: BibTeX entry type in lower case ("article"); None when the source has no notion of it.
    entry_type: str | None = None
    #: Citation count, when the source carries one (used for h-index).
    citations: int | None = None
    #: Further fields of the source (BibTeX fields we do not model), decoded, in source order.
    extra: Mapping[str, str] = field(default_factory=dict)
    #: Line in the source where the record starts (1-based), when known.
    source_line: int | None = None

    @property
    def date(self) -> str | None:
        """ISO date ``YYYY-MM-DD`` when year, month and day are all known."""
        if self.year is None or self.month is None or self.day is None:
            return None
        return f"{self.year:04d}-{self.month:02d}-{self.day:02d}"

    @property
    def sort_date(self) -> tuple[int, int, int]:
        """A sortable stand-in for the date: unknown parts sort first."""
        return (self.year or 0, self.month or 0, self.day or 0)

    def with_key(self, key: str) -> Paper:
        return replace(self, key=key)


@dataclass(frozen=True, slots=True)
class ReadResult:
    """Everything one reader got out of one input."""

    #: Display name of the input ("examples/profile.txt", or "<stdin>").
    source: str
    papers: list[Paper]
    problems: list[Problem] = field(default_factory=list)
    #: Figures of a profile header (``{"h_index": 15, "papers": 61, ...}``), else empty.
    metrics: dict[str, int | float] = field(default_factory=dict)
    #: The count a profile's "N Papers" heading claims, if there is one.
    claimed_count: int | None = None


def date_from_iso(text: str) -> dt.date | None:
    """Parse ``YYYY-MM-DD`` strictly; None when it is not a real date."""
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        return None


#: The years a paper may have: four digits, as BibTeX, ISO dates and our JSON write them.
MIN_YEAR, MAX_YEAR = 0, 9999


def checked_date(
    year: int | None, month: int | None, day: int | None
) -> tuple[int | None, int | None, int | None, dict[str, str]]:
    """(year, month, day) as far as they make a date, and the parts that do not, as text.

    A year outside 0-9999, a month outside 1-12 or a day the month does not have is
    dropped (the caller keeps it as text and says so): a year 10**14 would otherwise make
    the per-year chart draw that many rows.
    """
    dropped: dict[str, str] = {}
    if year is not None and not MIN_YEAR <= year <= MAX_YEAR:
        dropped["year"] = str(year)
        year = None
    if month is not None and not 1 <= month <= 12:
        dropped["month"] = str(month)
        month = None
    if day is not None:
        try:
            dt.date(year or 0, month or 0, day)
        except (ValueError, OverflowError):  # OverflowError: a day of 10**20
            dropped["day"] = str(day)
            day = None
    return year, month, day, dropped


def paper_from_mapping(data: Mapping[str, Any]) -> Paper:
    """Build a Paper from keyword data, ignoring unknown keys (used by the JSON readers)."""
    allowed = Paper.__dataclass_fields__.keys()
    return Paper(**{k: v for k, v in data.items() if k in allowed})
