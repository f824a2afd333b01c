"""BibTeX / BibLaTeX -> papers, through bibtexparser 2.x's splitter.

bibtexparser splits the file into blocks and keeps the ones it cannot parse as
``ParsingFailedBlock`` (they become problems here). Its middlewares are not used: string
resolution and enclosing removal are a few lines here (done once, in one pass with the
rest), and its LaTeX decoding drops text after a bare ``%`` (see ``latex.py``).
"""

from __future__ import annotations

import datetime as dt
import logging
import re
from collections.abc import Mapping
from dataclasses import dataclass

from bibtexparser.library import Library
from bibtexparser.model import (
    DuplicateBlockKeyBlock,
    DuplicateFieldKeyBlock,
    Entry,
    ParsingFailedBlock,
    String,
)
from bibtexparser.splitter import Splitter

from scholarcli.latex import decode
from scholarcli.model import Level, Paper, Problem, ReadResult
from scholarcli.names import bibtex_name_to_display, split_bibtex_names
from scholarcli.urls import find_code_url, is_code_url

# The splitter logs every broken block; we report them as problems instead. Raising the
# level (not just adding a NullHandler) skips building a log record per broken block,
# which was half the time on a file of 100,000 broken entries.
_log = logging.getLogger("bibtexparser")
_log.addHandler(logging.NullHandler())
_log.setLevel(logging.CRITICAL)
_log.propagate = False

MONTH_MACROS: dict[str, int] = {
    m: i
    for i, m in enumerate(
        [
            "jan",
            "feb",
            "mar",
            "apr",
            "may",
            "jun",
            "jul",
            "aug",
            "sep",
            "oct",
            "nov",
            "dec",
        ],
        1,
    )
}
_MONTH_NAMES: dict[str, int] = {
    "january": 1,
    "february": 2,
    "march": 3,
    "april": 4,
    "june": 6,
    "july": 7,
    "august": 8,
    "september": 9,
    "sept": 9,
    "october": 10,
    "november": 11,
    "december": 12,
    **MONTH_MACROS,
}
# Fields the model holds; everything else goes to Paper.extra, decoded.
_MODELLED = frozenset(
    {
        "title",
        "author",
        "year",
        "month",
        "day",
        "date",
        "journal",
        "journaltitle",
        "booktitle",
        "doi",
        "url",
        "abstract",
        "keywords",
        "affiliation",
        "code",
        "citations",
        "crossref",
    }
)
# Values kept exactly as written: identifiers and links, not text to typeset.
_VERBATIM = frozenset({"doi", "url", "eprint", "isbn", "issn", "file", "pmid", "arxivid"})
# Where the venue of an entry is: a part of a book names its book first.
_IN_BOOK = frozenset({"inproceedings", "conference", "incollection", "inbook"})
_BOOK_VENUES = ("booktitle", "journal", "journaltitle")
_JOURNAL_VENUES = ("journal", "journaltitle", "booktitle")
_CATEGORY = re.compile(r"^[A-Z][A-Z0-9\-]{0,11}$")
_YEAR = re.compile(r"^\s*(\d{4})\s*$")
_ISO_DATE = re.compile(r"^(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?")
_CONCAT = re.compile(r'[{}"#]')


@dataclass(frozen=True, slots=True)
class RawField:
    """One field of an entry as written: lower-case name, the value with its delimiters."""

    name: str
    raw: str
    #: 1-based line where the field starts.
    line: int


@dataclass(frozen=True, slots=True)
class RawEntry:
    """An entry as written, for rules that need what decoding loses (used by ``check``)."""

    entry_type: str
    #: The key exactly as written (BibTeX compares keys ignoring case).
    key: str
    #: 1-based line of the ``@``.
    line: int
    #: Every field in source order, a repeated one included.
    fields: tuple[RawField, ...]
    #: Field name -> value with macros resolved and delimiters removed (still LaTeX), the
    #: first of a repeated field, and what a ``crossref``/``xdata`` parent gives.
    values: Mapping[str, str]
    #: The text of the whole entry.
    text: str


@dataclass(frozen=True, slots=True)
class RawFailure:
    """A block bibtexparser could not parse (it becomes a problem and no paper)."""

    line: int
    reason: str
    text: str


@dataclass(frozen=True, slots=True)
class RawBibtex:
    """A BibTeX file read both ways: ``entries[i]`` is the source of ``result.papers[i]``."""

    result: ReadResult
    entries: list[RawEntry]
    failures: list[RawFailure]
    #: Names of the ``@string`` macros defined, in lower case.
    strings: frozenset[str]
    #: Keys of every entry, ``@xdata`` containers included, in lower case.
    keys: frozenset[str] = frozenset()


def read_bibtex(text: str, *, source: str = "<bibtex>", as_of: dt.date | None = None) -> ReadResult:
    """Read BibTeX; broken entries become problems, the rest become papers."""
    return read_bibtex_raw(text, source=source, as_of=as_of, keep_entries=False).result


def read_bibtex_raw(
    text: str,
    *,
    source: str = "<bibtex>",
    as_of: dt.date | None = None,
    keep_entries: bool = True,
) -> RawBibtex:
    """Read BibTeX into papers, and keep each entry as written beside its paper.

    ``keep_entries=False`` leaves ``entries`` empty: building them is about a tenth of the
    reading time, and only ``check`` looks at them.
    """
    library: Library = Splitter(text).split()
    problems: list[Problem] = []
    strings: dict[str, str] = {}
    entries: list[Entry] = []
    failures: list[RawFailure] = []
    for block in library.blocks:
        line = (block.start_line or 0) + 1
        if isinstance(block, String):
            strings[block.key.strip().lower()] = _evaluate(
                block.value, strings, source, line, problems
            )
        elif isinstance(block, Entry):
            entries.append(block)
        elif isinstance(block, DuplicateFieldKeyBlock):
            repeated = ", ".join(sorted(block.duplicate_keys))
            problems.append(
                Problem(
                    source,
                    line,
                    f"field repeated in one entry ({repeated}); the first value is used",
                    Level.WARNING,
                )
            )
            entry = block.ignore_error_block
            if isinstance(entry, Entry):
                entries.append(entry)
        elif isinstance(block, DuplicateBlockKeyBlock):
            dup = block.ignore_error_block
            if isinstance(dup, Entry):
                entries.append(dup)  # both are kept: `check` reports the key, `dedupe` the work
            elif isinstance(dup, String):
                strings[dup.key.strip().lower()] = _evaluate(
                    dup.value, strings, source, line, problems
                )
        elif isinstance(block, ParsingFailedBlock):
            reason = (
                getattr(block.error, "abort_reason", None) or str(block.error) or "syntax error"
            )
            problems.append(Problem(source, line, f"cannot parse entry: {reason.strip()}; skipped"))
            failures.append(RawFailure(line, reason.strip(), str(block.raw or "")))
    raw_entries = [_raw_fields(e, strings, source, problems) for e in entries]
    by_key = {e.key.lower(): fields for e, fields in zip(entries, raw_entries, strict=False)}
    papers = []
    kept: list[RawEntry] = []
    for entry, fields in zip(entries, raw_entries, strict=False):
        if entry.entry_type.strip().lower() == "xdata":
            continue  # a BibLaTeX data container for other entries, not a work
        line = (entry.start_line or 0) + 1
        if "crossref" in fields or "xdata" in fields:
            fields = _inherit(fields, by_key, source, line, problems)
        papers.append(_paper(entry, fields, source, line, problems))
        if keep_entries:
            kept.append(_raw_entry(entry, fields, line))
    return RawBibtex(
        result=ReadResult(source=source, papers=papers, problems=problems),
        entries=kept,
        failures=failures,
        strings=frozenset(strings),
        keys=frozenset(by_key),
    )


def _raw_entry(entry: Entry, values: dict[str, str], line: int) -> RawEntry:
    fields = tuple(
        RawField(
            f.key.strip().lower(),
            str(f.value),
            (f.start_line if f.start_line is not None else line - 1) + 1,
        )
        for f in entry.fields
    )
    return RawEntry(
        entry_type=entry.entry_type.strip().lower(),
        key=entry.key.strip(),
        line=line,
        fields=fields,
        values=values,
        text=str(entry.raw or ""),
    )


def split_concatenation(raw: str) -> list[str]:
    """The pieces of a raw value joined with ``#`` (``"a" # macro # {b}``), as written."""
    return _split_concat(raw.strip())


_DELIMITERS = {"{": "}", '"': '"'}


def _raw_fields(
    entry: Entry, strings: Mapping[str, str], source: str, problems: list[Problem]
) -> dict[str, str]:
    """Field name (lower case) -> value, macros resolved, delimiters removed (still LaTeX)."""
    fields: dict[str, str] = {}
    for field in entry.fields:
        name = field.key.strip().lower()
        if name in fields or not name:
            continue
        raw = str(field.value).strip()
        if (
            len(raw) > 1
            and raw[0] in _DELIMITERS
            and raw[-1] == _DELIMITERS[raw[0]]
            and "#" not in raw
        ):
            # The common cases, {...} and "...", without the general machinery.
            fields[name] = raw[1:-1]
            continue
        line = (field.start_line or entry.start_line or 0) + 1
        fields[name] = _evaluate(raw, strings, source, line, problems)
    return fields


def _evaluate(
    raw: str,
    strings: Mapping[str, str],
    source: str,
    line: int,
    problems: list[Problem],
) -> str:
    """A raw BibTeX value (``{..}``, ``".."``, a number, a macro, or ``a # b``) -> its text."""
    raw = raw.strip()
    if len(raw) >= 2 and raw[0] == "{" and raw[-1] == "}" and _is_one_group(raw):
        return raw[1:-1]
    if "#" not in raw:
        return _piece(raw, strings, source, line, problems)
    return "".join(_piece(p, strings, source, line, problems) for p in _split_concat(raw))


def _is_one_group(raw: str) -> bool:
    """Is ``raw`` a single ``{...}`` group (and not ``{a} # {b}``)?"""
    if "#" not in raw:
        return True
    depth = 0
    for i, ch in enumerate(raw):
        if ch == "{":
            depth += 1
        elif ch == "}":
            depth -= 1
            if depth == 0 and i != len(raw) - 1:
                return False
    return True


def _split_concat(raw: str) -> list[str]:
    parts: list[str] = []
    depth = 0
    in_quotes = False
    start = 0
    for m in _CONCAT.finditer(raw):
        ch = m.group()
        if ch == "{":
            depth += 1
        elif ch == "}":
            depth = max(0, depth - 1)
        elif ch == '"' and depth == 0:
            in_quotes = not in_quotes
        elif ch == "#" and depth == 0 and not in_quotes:
            parts.append(raw[start : m.start()])
            start = m.end()
    parts.append(raw[start:])
    return parts


def _piece(
    raw: str,
    strings: Mapping[str, str],
    source: str,
    line: int,
    problems: list[Problem],
) -> str:
    raw = raw.strip()
    if not raw:
        return ""
    if (raw[0] == "{" and raw[-1] == "}") or (raw[0] == '"' and raw[-1] == '"' and len(raw) >= 2):
        return raw[1:-1]
    if raw.isdigit():
        return raw
    name = raw.lower()
    if name in strings:
        return strings[name]
    if name in MONTH_MACROS:
        return raw  # resolved when the month is read
    problems.append(
        Problem(
            source,
            line,
            f"undefined @string macro {raw!r}; kept as text",
            Level.WARNING,
        )
    )
    return raw


def _inherit(
    fields: dict[str, str],
    by_key: Mapping[str, dict[str, str]],
    source: str,
    line: int,
    problems: list[Problem],
) -> dict[str, str]:
    """Fields a crossref'd (or xdata'd) parent, and its parents, give a child that lacks them."""
    merged = dict(fields)
    seen: set[str] = set()
    links = [("crossref", fields.get("crossref", "").strip())]
    # BibLaTeX's xdata names several entries, comma-separated.
    links += [("xdata", k.strip()) for k in fields.get("xdata", "").split(",") if k.strip()]
    for link, parent_key in links:
        while parent_key and parent_key.lower() not in seen:
            seen.add(parent_key.lower())
            parent = by_key.get(parent_key.lower())
            if parent is None:
                problems.append(
                    Problem(
                        source,
                        line,
                        f"{link} to {parent_key!r}, which is not in this file",
                        Level.WARNING,
                    )
                )
                break
            for name, value in parent.items():
                if name in ("crossref", "xdata"):
                    continue
                if name == "title" and "booktitle" not in merged:
                    merged["booktitle"] = value  # a proceedings' title is its papers' booktitle
                    continue
                merged.setdefault(name, value)
            parent_key = parent.get("crossref", "").strip()
    return merged


def _paper(
    entry: Entry,
    fields: dict[str, str],
    source: str,
    line: int,
    problems: list[Problem],
) -> Paper:
    entry_type = entry.entry_type.strip().lower()
    authors: tuple[str, ...] = ()
    truncated = False
    if "author" in fields:
        names, truncated = split_bibtex_names(fields["author"])
        authors = tuple(bibtex_name_to_display(n) for n in names)
    extra: dict[str, str] = {}
    year, month, day = _date(fields, extra, source, line, problems)
    order = _BOOK_VENUES if entry_type in _IN_BOOK else _JOURNAL_VENUES
    venue_name = next((n for n in order if fields.get(n, "").strip()), None)
    venue = decode(fields[venue_name]) if venue_name else None
    for name in order:
        if name in fields and name != venue_name:
            extra[name] = decode(fields[name])
    category: str | None = None
    keywords = fields.get("keywords")
    if keywords is not None:
        if _CATEGORY.match(keywords.strip()):
            category = keywords.strip()
        else:
            extra["keywords"] = decode(keywords)
    citations: int | None = None
    if "citations" in fields:
        if fields["citations"].strip().isdigit():
            citations = int(fields["citations"])
        else:
            extra["citations"] = decode(fields["citations"])
            problems.append(
                Problem(
                    source,
                    line,
                    "citations is not a whole number; kept as text",
                    Level.WARNING,
                )
            )
    for name, value in fields.items():
        if name not in _MODELLED:
            extra[name] = value.strip() if name in _VERBATIM else decode(value)
    if "crossref" in fields:
        extra["crossref"] = fields["crossref"].strip()
    url = _verbatim(fields.get("url"))
    abstract = decode(fields["abstract"]) if fields.get("abstract") else None
    code_url = find_code_url(abstract) if abstract else None
    if url and is_code_url(url):
        # A link to a repository is the paper's code link; it is written back as `url`.
        code_url, url = url, None
    code_flag = fields.get("code", "").strip().lower()
    code_field = _verbatim(fields.get("code"))
    if code_field and is_code_url(code_field):
        # writers/bibtex.py puts the code link here when `url` holds the paper's own link.
        code_url, code_flag = code_field, "yes"
    elif code_flag and code_flag not in (
        "yes",
        "true",
        "available",
        "1",
        "no",
        "false",
        "0",
    ):
        extra["code"] = fields["code"]
    return Paper(
        key=entry.key.strip(),
        title=decode(fields.get("title", "")),
        authors=authors,
        authors_truncated=truncated,
        affiliation=decode(fields["affiliation"]) or None if "affiliation" in fields else None,
        category=category,
        year=year,
        month=month,
        day=day,
        has_code=code_url is not None or code_flag in ("yes", "true", "available", "1"),
        code_url=code_url,
        abstract=abstract,
        venue=venue or None,
        doi=_verbatim(fields.get("doi")),
        url=url,
        entry_type=entry_type,
        citations=citations,
        extra=extra,
        source_line=line,
    )


def _verbatim(value: str | None) -> str | None:
    if value is None:
        return None
    value = value.strip()
    if "\\" in value:
        value = (
            value.replace("\\_", "_").replace("\\%", "%").replace("\\&", "&").replace("\\#", "#")
        )
    return value or None


def _date(
    fields: Mapping[str, str],
    extra: dict[str, str],
    source: str,
    line: int,
    problems: list[Problem],
) -> tuple[int | None, int | None, int | None]:
    year: int | None = None
    month: int | None = None
    day: int | None = None
    if "date" in fields:  # BibLaTeX: 2022, 2022-03, 2022-03-29
        m = _ISO_DATE.match(fields["date"].strip())
        if m:
            year = int(m.group(1))
            month = int(m.group(2)) if m.group(2) else None
            day = int(m.group(3)) if m.group(3) else None
        if not m or m.end() != len(fields["date"].strip()):
            extra["date"] = fields["date"].strip()
    if "year" in fields:
        m = _YEAR.match(decode(fields["year"]) if "\\" in fields["year"] else fields["year"])
        if m:
            year = int(m.group(1))
        else:
            extra["year"] = decode(fields["year"])
            problems.append(
                Problem(
                    source,
                    line,
                    f"year {fields['year'].strip()!r} is not a year; kept as text",
                    Level.WARNING,
                )
            )
    if "month" in fields:
        raw = decode(fields["month"]).strip().lower().rstrip(".")
        if raw in _MONTH_NAMES:
            month = _MONTH_NAMES[raw]
        elif raw.isdigit() and 1 <= int(raw) <= 12:
            month = int(raw)
        else:
            extra["month"] = decode(fields["month"])
            problems.append(
                Problem(
                    source,
                    line,
                    f"month {fields['month'].strip()!r} is not a month; kept as text",
                    Level.WARNING,
                )
            )
    if "day" in fields:
        raw = fields["day"].strip()
        if raw.isdigit() and 1 <= int(raw) <= 31:
            day = int(raw)
        else:
            extra["day"] = raw
    if month is not None and not 1 <= month <= 12:
        extra.setdefault("month", str(month))
        month = None
    if day is not None and (month is None or year is None or not _valid(year, month, day)):
        extra.setdefault("day", str(day))
        day = None
    return year, month, day


def _valid(year: int, month: int, day: int) -> bool:
    try:
        dt.date(year, month, day)
    except ValueError:
        return False
    return True
