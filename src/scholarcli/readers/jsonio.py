"""scholar's own JSON (an array of paper objects) and JSONL (one object a line) -> papers.

The lossless twin of ``writers/jsonio.py``: what it writes, this reads back unchanged.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Iterator, Mapping
from dataclasses import replace
from typing import Any

from scholarcli.model import Level, Paper, Problem, ReadResult, checked_date, date_from_iso

_STR_FIELDS = (
    "key",
    "title",
    "affiliation",
    "category",
    "code_url",
    "abstract",
    "venue",
    "doi",
    "url",
    "entry_type",
)
_INT_FIELDS = ("year", "month", "day", "citations", "source_line")


class RecordError(ValueError):
    """A JSON value that is not a valid paper object."""


def paper_from_dict(data: Any) -> Paper:
    """A paper object (DESIGN section 3 keys) -> Paper; RecordError says what is wrong."""
    if not isinstance(data, Mapping):
        raise RecordError(f"expected an object, found {type(data).__name__}")
    values: dict[str, Any] = {}
    for name in _STR_FIELDS:
        value = data.get(name)
        if value is not None and not isinstance(value, str):
            raise RecordError(f"{name!r} must be a string")
        if value is not None:
            values[name] = value
    values.setdefault("key", "")
    values.setdefault("title", "")
    for name in _INT_FIELDS:
        value = data.get(name)
        if value is None:
            continue
        if isinstance(value, bool) or not isinstance(value, int):
            raise RecordError(f"{name!r} must be an integer")
        values[name] = value
    authors = data.get("authors", [])
    if not isinstance(authors, list) or not all(isinstance(a, str) for a in authors):
        raise RecordError("'authors' must be an array of strings")
    values["authors"] = tuple(authors)
    for name in ("authors_truncated", "has_code"):
        flag = data.get(name, False)
        if not isinstance(flag, bool):
            raise RecordError(f"{name!r} must be true or false")
        values[name] = flag
    extra = data.get("extra", {})
    if not isinstance(extra, Mapping) or not all(isinstance(v, str) for v in extra.values()):
        raise RecordError("'extra' must be an object of strings")
    values["extra"] = dict(extra)
    date = data.get("date")
    if date is not None:
        parsed = date_from_iso(date) if isinstance(date, str) else None
        if parsed is None:
            raise RecordError(f"'date' must be YYYY-MM-DD, found {date!r}")
        values.setdefault("year", parsed.year)
        values.setdefault("month", parsed.month)
        values.setdefault("day", parsed.day)
    return Paper(**values)


# A \uD800-\uDFFF escape: the only way JSON text can hold a lone surrogate, which no
# writer could encode as UTF-8 later.
_SURROGATE_ESCAPE = re.compile(r"\\u[dD][89a-fA-F][0-9a-fA-F]{2}")
_SURROGATE = re.compile("[\ud800-\udfff]")


def _replace_surrogates(value: Any) -> tuple[Any, bool]:
    """``value`` with every lone surrogate in its strings (keys too) replaced by U+FFFD."""
    if isinstance(value, str):
        if _SURROGATE.search(value):
            return _SURROGATE.sub("\ufffd", value), True
        return value, False
    if isinstance(value, list):
        items = [_replace_surrogates(v) for v in value]
        return [v for v, _ in items], any(c for _, c in items)
    if isinstance(value, dict):
        changed = False
        out = {}
        for k, v in value.items():
            k2, c1 = _replace_surrogates(k)
            v2, c2 = _replace_surrogates(v)
            out[k2] = v2
            changed = changed or c1 or c2
        return out, changed
    return value, False


def clean_value(value: Any, text: str, line: int, source: str, problems: list[Problem]) -> Any:
    """A decoded JSON value made writable: lone surrogates (``"\\ud800"``) become U+FFFD,
    with a warning. ``text`` is the JSON the value came from (checked first, cheaply)."""
    if not _SURROGATE_ESCAPE.search(text):
        return value
    value, changed = _replace_surrogates(value)
    if changed:
        problems.append(
            Problem(
                source,
                line,
                "a lone surrogate escape (\\ud800-\\udfff) is not a character; "
                "replaced with U+FFFD",
                Level.WARNING,
            )
        )
    return value


def _line_of(text: str, index: int) -> int:
    return text.count("\n", 0, index) + 1


def array_items(text: str, source: str, problems: list[Problem]) -> Iterator[tuple[int, Any]]:
    """(line, value) for each element of a top-level JSON array, or of a single object.

    Decodes element by element so a record's line is known, and a syntax error keeps the
    records before it.
    """
    decoder = json.JSONDecoder()
    i = len(text) - len(text.lstrip())
    if i == len(text):
        return
    if text[i] != "[":
        try:
            value, _ = decoder.raw_decode(text, i)
        except json.JSONDecodeError as exc:
            problems.append(Problem(source, exc.lineno, f"invalid JSON: {exc.msg}"))
            return
        except RecursionError:
            problems.append(Problem(source, _line_of(text, i), "JSON nested too deeply"))
            return
        line = _line_of(text, i)
        yield line, clean_value(value, text[i:], line, source, problems)
        return
    i += 1
    line = _line_of(text, i)
    pos_line = i  # `line` is the line number at index `pos_line`
    n = len(text)
    while True:
        while i < n and text[i] in " \t\n\r":
            i += 1
        if i < n and text[i] == "]":
            return
        try:
            value, end = decoder.raw_decode(text, i)
        except json.JSONDecodeError as exc:
            problems.append(Problem(source, exc.lineno, f"invalid JSON: {exc.msg}"))
            return
        except RecursionError:
            problems.append(Problem(source, _line_of(text, i), "JSON nested too deeply"))
            return
        line += text.count("\n", pos_line, i)
        pos_line = i
        yield line, clean_value(value, text[i:end], line, source, problems)
        i = end
        while i < n and text[i] in " \t\n\r":
            i += 1
        if i < n and text[i] == ",":
            i += 1
        elif i < n and text[i] == "]":
            return
        else:
            where = _line_of(text, i)
            problems.append(Problem(source, where, "invalid JSON: expected ',' or ']'"))
            return


def read_json(text: str, *, source: str = "<json>", as_of: dt.date | None = None) -> ReadResult:
    """A JSON array of paper objects (or one object) -> papers; bad records become problems."""
    problems: list[Problem] = []
    papers: list[Paper] = []
    for line, value in array_items(text, source, problems):
        _add(value, line, source, papers, problems)
    return ReadResult(source=source, papers=papers, problems=problems)


def read_jsonl(text: str, *, source: str = "<jsonl>", as_of: dt.date | None = None) -> ReadResult:
    """One paper object a line -> papers; blank lines are skipped, bad lines are problems."""
    problems: list[Problem] = []
    papers: list[Paper] = []
    for lineno, line in enumerate(text.split("\n"), start=1):
        if not line.strip():
            continue
        try:
            value = json.loads(line)
        except json.JSONDecodeError as exc:
            problems.append(Problem(source, lineno, f"invalid JSON: {exc.msg}"))
            continue
        except RecursionError:
            problems.append(Problem(source, lineno, "JSON nested too deeply"))
            continue
        value = clean_value(value, line, lineno, source, problems)
        _add(value, lineno, source, papers, problems)
    return ReadResult(source=source, papers=papers, problems=problems)


def _add(value: Any, line: int, source: str, papers: list[Paper], problems: list[Problem]) -> None:
    try:
        paper = paper_from_dict(value)
    except (RecordError, TypeError) as exc:
        problems.append(Problem(source, line, f"not a paper: {exc}; skipped"))
        return
    paper = checked_paper_date(paper, source, line, problems)
    papers.append(paper if paper.source_line is not None else replace(paper, source_line=line))


def checked_paper_date(paper: Paper, source: str, line: int, problems: list[Problem]) -> Paper:
    """``paper`` with a date part that is no date (year 10**14, month 13) moved to ``extra``
    as text, with a warning."""
    year, month, day, dropped = checked_date(paper.year, paper.month, paper.day)
    if not dropped:
        return paper
    why = {"year": "is not a year (0-9999)", "month": "is not a month (1-12)"}
    for name, value in dropped.items():
        reason = why.get(name, "is not a day of that month")
        message = f"{name} {value} {reason}; kept as text in extra"
        problems.append(Problem(source, line, message, Level.WARNING))
    extra = {**dropped, **paper.extra}
    return replace(paper, year=year, month=month, day=day, extra=extra)
