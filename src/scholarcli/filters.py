"""Selecting and ordering papers: the filters and sort orders `list`, `stats` and others share."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import StrEnum

from scholarcli.errors import UsageError
from scholarcli.model import Paper
from scholarcli.text import fold, squash

_DATE_BOUND = re.compile(r"^(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?$")


def parse_date_bound(text: str, option: str) -> tuple[int, int, int]:
    """``2021``, ``2021-03`` or ``2021-03-05`` -> (year, month, day), 0 for unsaid parts."""
    m = _DATE_BOUND.match(text.strip())
    if not m:
        raise UsageError(
            f"{option} {text!r}: expected a year (2021) or a date (2021-03-05)",
            hint=f"e.g. {option} 2021",
        )
    year, month, day = (int(g) if g else 0 for g in m.groups())
    if not 0 <= month <= 12 or not 0 <= day <= 31:
        raise UsageError(f"{option} {text!r}: no such date")
    return year, month, day


@dataclass(frozen=True, slots=True)
class PaperFilter:
    """Conditions a paper must meet; an unset one lets every paper through."""

    year: int | None = None
    since: tuple[int, int, int] | None = None
    until: tuple[int, int, int] | None = None
    categories: tuple[str, ...] = ()
    author: str | None = None
    has_code: bool | None = None

    def __call__(self, paper: Paper) -> bool:
        if self.year is not None and paper.year != self.year:
            return False
        if self.since is not None and not _on_or_after(paper, self.since):
            return False
        if self.until is not None and not _on_or_before(paper, self.until):
            return False
        if self.categories and (paper.category or "").upper() not in self.categories:
            return False
        if self.has_code is not None and paper.has_code != self.has_code:
            return False
        return self.author is None or author_matches(paper, self.author)

    def apply(self, papers: Iterable[Paper]) -> list[Paper]:
        return [p for p in papers if self(p)]


def make_filter(
    *,
    year: int | None = None,
    since: str | None = None,
    until: str | None = None,
    categories: Sequence[str] = (),
    author: str | None = None,
    has_code: bool | None = None,
) -> PaperFilter:
    """Build a filter from option values, raising UsageError on malformed ones."""
    return PaperFilter(
        year=year,
        since=parse_date_bound(since, "--since") if since else None,
        until=parse_date_bound(until, "--until") if until else None,
        categories=tuple(c.upper() for cat in categories for c in cat.split(",") if c.strip()),
        author=author,
        has_code=has_code,
    )


def _on_or_after(paper: Paper, bound: tuple[int, int, int]) -> bool:
    return paper.year is not None and _compare(paper.sort_date, bound) >= 0


def _on_or_before(paper: Paper, bound: tuple[int, int, int]) -> bool:
    return paper.year is not None and _compare(paper.sort_date, bound) <= 0


def _compare(mine: tuple[int, int, int], bound: tuple[int, int, int]) -> int:
    """-1, 0 or 1 as a date is before, within or after ``bound``, compared only as
    precisely as both know (0 is an unknown part): a paper of "2021" is within "2021-06"."""
    for have, want in zip(mine, bound, strict=True):
        if want == 0 or have == 0:
            return 0
        if have != want:
            return 1 if have > want else -1
    return 0


def author_matches(paper: Paper, query: str) -> bool:
    """Does one of the paper's authors match ``query``, ignoring case, accents and punctuation?

    The query's words must appear in one author's name in the same order, a one-letter
    word standing for an initial: "jason d. lee", "Jason Lee", "J. D. Lee", "lee" and
    "gursoy" all match "Jason D. Lee" or "Gamze Gürsoy"; "lee jason" does not.
    """
    wanted = squash(query).split()
    return not wanted or any(_name_matches(squash(name).split(), wanted) for name in paper.authors)


def name_matches(name: str, query: str) -> bool:
    """Does one author name match ``query``, by the rule of :func:`author_matches`?"""
    wanted = squash(query).split()
    return not wanted or _name_matches(squash(name).split(), wanted)


def _name_matches(name: list[str], wanted: list[str]) -> bool:
    i = 0
    for word in name:
        if i < len(wanted) and (
            word == wanted[i] or (len(wanted[i]) == 1 and word.startswith(wanted[i]))
        ):
            i += 1
    return i == len(wanted)


class SortKey(StrEnum):
    INPUT = "input"
    DATE = "date"
    YEAR = "year"
    TITLE = "title"
    KEY = "key"


def sort_papers(papers: Sequence[Paper], by: SortKey, *, reverse: bool = False) -> list[Paper]:
    """Papers in the asked order; ties keep their input order (the sort is stable)."""
    if by is SortKey.INPUT:
        return list(reversed(papers)) if reverse else list(papers)
    keyfunc = {
        SortKey.DATE: lambda p: p.sort_date,
        SortKey.YEAR: lambda p: p.year or 0,
        SortKey.TITLE: lambda p: fold(p.title),
        SortKey.KEY: lambda p: p.key.lower(),
    }[by]
    return sorted(papers, key=keyfunc, reverse=reverse)
