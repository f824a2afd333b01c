"""The plain-text profile listing (DESIGN section 4) -> papers, header metrics and problems.

A listing is a header of metric lines (``h-index15``, ``2,414citations``), a heading
``N Papers``, then papers separated by blank lines::

    LGMar 29, 2022            <- category, date (year optional), optional "Code"
    Title (may wrap onto more lines)

    Name, Name, Name et al. · affiliation

    Abstract paragraph (optional)
"""

from __future__ import annotations

import datetime as dt
import itertools
import re

from scholarcli.model import Level, Paper, Problem, ReadResult
from scholarcli.urls import find_code_url

_MONTHS = {
    name: i
    for i, names in enumerate(
        [
            ("jan", "january"),
            ("feb", "february"),
            ("mar", "march"),
            ("apr", "april"),
            ("may",),
            ("jun", "june"),
            ("jul", "july"),
            ("aug", "august"),
            ("sep", "sept", "september"),
            ("oct", "october"),
            ("nov", "november"),
            ("dec", "december"),
        ],
        start=1,
    )
    for name in names
}
_MONTH_ALT = "|".join(sorted((m.capitalize() for m in _MONTHS), key=len, reverse=True))
# The category is upper-case letters run into the month: "LGMar 29, 2022Code".
HEADER = re.compile(
    rf"^(?P<cat>[A-Z][A-Z0-9\-]{{0,11}}?)?(?P<mon>{_MONTH_ALT})\.? +(?P<day>\d{{1,2}})"
    r"(?:, *(?P<year>\d{4}))?(?P<code> *Code)?$"
)
_MAX_HEADER = 64  # "CATEGORYSeptember 30, 2022Code" and some spaces
HEADING = re.compile(r"^(?P<n>\d[\d,]*) +Papers?$", re.IGNORECASE)
# A metric line runs label and value together either way round: "h-index15", "61papers".
_METRIC_VALUE_LAST = re.compile(
    r"^(?P<label>[A-Za-z][A-Za-z0-9 \-]*?[A-Za-z\-]) *(?P<value>\d[\d,]*(?:\.\d+)?)(?P<pct>%?)$"
)
_METRIC_VALUE_FIRST = re.compile(
    r"^(?P<value>\d[\d,]*(?:\.\d+)?)(?P<pct>%?) *(?P<label>[A-Za-z][A-Za-z \-]*)$"
)
_MAX_METRIC_LINE = 80  # a metric line is short; never run the patterns over a huge line
# A run of blank space is entered at its start only ("(?<!\s)"), and taken whole ("\s*+"):
# a search would otherwise rescan the rest of the run from each of its characters, which
# is quadratic on a line of many spaces (tests/test_regex_safety.py).
_ET_AL = re.compile(r"(?:,|(?<![\s,]))\s*+\bet\s+al\.?\s*$", re.IGNORECASE)
_AFFILIATION_SEP = re.compile(r"(?<!\s)\s++[·•]\s*")


def looks_like_profile(text: str) -> bool:
    """Does ``text`` start like a profile listing (a paper header line, or the heading)?"""
    for line in text.splitlines()[:200]:
        line = line.strip()
        if HEADER.match(line) or HEADING.match(line):
            return True
    return False


def _metric_name(label: str) -> str:
    return re.sub(r"[^a-z0-9]+", "_", label.lower()).strip("_")


def _parse_metric(line: str) -> tuple[str, int | float] | None:
    if len(line) > _MAX_METRIC_LINE:
        return None
    m = _METRIC_VALUE_LAST.match(line) or _METRIC_VALUE_FIRST.match(line)
    if not m:
        return None
    raw = m.group("value").replace(",", "")
    value: int | float = float(raw) if "." in raw else int(raw)
    name = _metric_name(m.group("label"))
    if m.group("pct"):
        name += "_percent"
    return name, value


def resolve_date(
    year: int | None, month: int, day: int, as_of: dt.date
) -> tuple[int | None, int | None, int | None, str | None]:
    """(year, month, day, complaint) for a listed date; a year-less date is the latest one
    that is not after ``as_of``: this year's, unless that is still to come."""
    if year is not None:
        try:
            dt.date(year, month, day)
        except ValueError:
            return year, month, None, f"no such date: {year}-{month:02d}-{day:02d}"
        return year, month, day, None
    for candidate in (
        as_of.year,
        as_of.year - 1,
        as_of.year - 2,
        as_of.year - 3,
        as_of.year - 4,
    ):
        try:
            when = dt.date(candidate, month, day)
        except ValueError:
            continue  # 29 February: go back to the last leap year
        if when <= as_of:
            return candidate, month, day, None
    return None, month, None, f"no such date: {month:02d}-{day:02d}"


def read_profile(text: str, *, source: str = "<profile>", as_of: dt.date) -> ReadResult:
    """Read a profile listing; never raises on bad content."""
    text = text.removeprefix("\ufeff")
    lines = [line.rstrip() for line in text.split("\n")]
    problems: list[Problem] = []
    # A header line is short and follows a blank line; test those cheap facts first.
    starts = [
        i
        for i, line in enumerate(lines)
        if len(line) <= _MAX_HEADER
        and (i == 0 or not lines[i - 1].strip())
        and HEADER.match(line.strip())
    ]
    metrics, claimed = _read_header(lines[: starts[0] if starts else len(lines)])
    papers: list[Paper] = []
    bounds = [*starts, len(lines)]
    for start, end in itertools.pairwise(bounds):
        paper = _read_paper(lines, start, end, source, as_of, problems)
        if paper is not None:
            papers.append(paper)
    if claimed is not None and claimed != len(papers):
        problems.append(
            Problem(
                source,
                None,
                f"the heading claims {claimed} papers; the listing holds {len(papers)}",
                Level.INFO,
            )
        )
    return ReadResult(
        source=source,
        papers=papers,
        problems=problems,
        metrics=metrics,
        claimed_count=claimed,
    )


def _read_header(lines: list[str]) -> tuple[dict[str, int | float], int | None]:
    metrics: dict[str, int | float] = {}
    claimed: int | None = None
    for line in lines:
        line = line.strip().removeprefix("\ufeff")
        if not line:
            continue
        heading = HEADING.match(line)
        if heading:
            claimed = int(heading.group("n").replace(",", ""))
            continue
        metric = _parse_metric(line)
        if metric is not None:
            metrics.setdefault(*metric)
    return metrics, claimed


def _paragraphs(lines: list[str], start: int, end: int) -> list[tuple[int, list[str]]]:
    """Blank-line separated paragraphs of ``lines[start:end]``, with their first line index."""
    paras: list[tuple[int, list[str]]] = []
    current: list[str] = []
    first = start
    for i in range(start, end):
        stripped = lines[i].strip()
        if stripped:
            if not current:
                first = i
            current.append(stripped)
        elif current:
            paras.append((first, current))
            current = []
    if current:
        paras.append((first, current))
    return paras


def _read_paper(
    lines: list[str],
    start: int,
    end: int,
    source: str,
    as_of: dt.date,
    problems: list[Problem],
) -> Paper | None:
    lineno = start + 1
    header = HEADER.match(lines[start].strip())
    assert header is not None  # start was chosen because it matched
    paras = _paragraphs(lines, start + 1, end)
    if not paras:
        problems.append(Problem(source, lineno, "paper header with no title after it; skipped"))
        return None
    title = " ".join(paras[0][1])
    authors: tuple[str, ...] = ()
    truncated = False
    affiliation: str | None = None
    if len(paras) >= 2:
        authors, truncated, affiliation = parse_authors_line(" ".join(paras[1][1]))
    else:
        problems.append(Problem(source, lineno, "paper has no authors line", Level.WARNING))
    abstract = "\n\n".join(" ".join(p) for _, p in paras[2:]) or None

    year_text = header.group("year")
    year, month, day, complaint = resolve_date(
        int(year_text) if year_text else None,
        _MONTHS[header.group("mon").lower()],
        int(header.group("day")),
        as_of,
    )
    if complaint:
        problems.append(Problem(source, lineno, complaint, Level.WARNING))
    code_url = find_code_url(abstract) if abstract else None
    return Paper(
        key="",
        title=title,
        authors=authors,
        authors_truncated=truncated,
        affiliation=affiliation,
        category=header.group("cat") or None,
        year=year,
        month=month,
        day=day,
        has_code=bool(header.group("code")) or code_url is not None,
        code_url=code_url,
        abstract=abstract,
        source_line=lineno,
    )


def parse_authors_line(line: str) -> tuple[tuple[str, ...], bool, str | None]:
    """``"A, B, C et al. · tsinghua"`` -> (names, truncated, affiliation)."""
    affiliation: str | None = None
    if "·" in line or "•" in line:
        parts = _AFFILIATION_SEP.split(line, maxsplit=1)
        if len(parts) == 2:
            line, affiliation = parts[0], parts[1].strip() or None
    truncated = False
    # The pattern is anchored at the end; test the cheap suffix first so the search
    # does not try every position of every authors line.
    if line.rstrip().rstrip(".").lower().endswith("al"):
        m = _ET_AL.search(line)
        if m:
            truncated = True
            line = line[: m.start()]
    names = [n.strip() for n in line.split(",")]
    if names and names[-1].lower().startswith("and "):
        names[-1] = names[-1][4:].strip()
    return tuple(n for n in names if n), truncated, affiliation
