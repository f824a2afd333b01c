"""CSL-JSON (what pandoc, citeproc and Zotero exchange) -> papers.

Fields CSL has no place for (category, affiliation, "et al.", code) travel in the item's
``custom`` object, which CSL-JSON reserves for such data; ``writers/csljson.py`` puts them
there, so a round trip loses nothing.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import replace
from typing import Any

from scholarcli.model import Paper, Problem, ReadResult
from scholarcli.readers.jsonio import RecordError, array_items, checked_paper_date
from scholarcli.urls import find_code_url, is_code_url

# CSL item type -> BibTeX entry type, and back (writers/csljson.py uses the reverse).
CSL_TO_BIBTEX: dict[str, str] = {
    "article-journal": "article",
    "article": "article",
    "paper-conference": "inproceedings",
    "book": "book",
    "chapter": "incollection",
    "thesis": "phdthesis",
    "report": "techreport",
    "manuscript": "unpublished",
    "webpage": "online",
    "dataset": "misc",
    "software": "software",
}
# CSL's rich-text markup for "do not change the case of this" (Zotero and we write it).
_NOCASE = re.compile(r'<span class="nocase">(.*?)</span>', re.DOTALL)
_MODELLED = frozenset(
    {
        "id",
        "type",
        "title",
        "author",
        "issued",
        "container-title",
        "DOI",
        "URL",
        "abstract",
        "custom",
        "citation-count",
    }
)


def _name(person: Any) -> str:
    if isinstance(person, str):
        return person
    if not isinstance(person, dict):
        raise RecordError("an author must be an object")
    if isinstance(person.get("literal"), str):
        return str(person["literal"])
    parts = [
        person.get("given"),
        person.get("dropping-particle"),
        person.get("non-dropping-particle"),
        person.get("family"),
        person.get("suffix"),
    ]
    return " ".join(str(p) for p in parts if isinstance(p, str) and p)


def _date(issued: Any) -> tuple[int | None, int | None, int | None]:
    if not isinstance(issued, dict):
        return None, None, None
    parts = issued.get("date-parts")
    if isinstance(parts, list) and parts and isinstance(parts[0], list):
        nums: list[int | None] = []
        for x in parts[0][:3]:
            try:
                nums.append(int(x))
            except (TypeError, ValueError, OverflowError):  # OverflowError: Infinity
                nums.append(None)
        nums += [None] * (3 - len(nums))
        return nums[0], nums[1], nums[2]
    raw = issued.get("raw") or issued.get("literal")
    if isinstance(raw, str) and raw[:4].isdigit():
        return int(raw[:4]), None, None
    return None, None, None


def paper_from_csl(item: Any) -> Paper:
    """One CSL-JSON item -> Paper; RecordError says what is wrong."""
    if not isinstance(item, dict):
        raise RecordError(f"expected an object, found {type(item).__name__}")
    authors_raw = item.get("author", [])
    if not isinstance(authors_raw, list):
        raise RecordError("'author' must be an array")
    authors = tuple(a for a in (_name(p) for p in authors_raw) if a)
    custom = item.get("custom") if isinstance(item.get("custom"), dict) else {}
    assert isinstance(custom, dict)
    year, month, day = _date(item.get("issued"))
    abstract = _str(item.get("abstract"))
    url = _str(item.get("URL"))
    code_url = _str(custom.get("code_url")) or (find_code_url(abstract) if abstract else None)
    if url and is_code_url(url) and code_url in (None, url):
        code_url, url = url, None
    extra = {
        k: v if isinstance(v, str) else json.dumps(v, ensure_ascii=False)
        for k, v in item.items()
        if k not in _MODELLED
    }
    if isinstance(custom.get("extra"), dict):
        extra.update({k: str(v) for k, v in custom["extra"].items()})
    csl_type = _str(item.get("type"))
    citations = item.get("citation-count", custom.get("citations"))
    return Paper(
        key=str(item.get("id", "") or ""),
        title=_plain_title(_str(item.get("title")) or ""),
        authors=authors,
        authors_truncated=custom.get("authors_truncated") is True,
        affiliation=_str(custom.get("affiliation")),
        category=_str(custom.get("category")),
        year=year,
        month=month if month and 1 <= month <= 12 else None,
        day=day if month and day and 1 <= day <= 31 else None,
        has_code=custom.get("has_code") is True or code_url is not None,
        code_url=code_url,
        abstract=abstract,
        venue=_str(item.get("container-title")),
        doi=_str(item.get("DOI")),
        url=url,
        entry_type=_str(custom.get("entry_type")) or CSL_TO_BIBTEX.get(csl_type or "", "misc"),
        citations=citations
        if isinstance(citations, int) and not isinstance(citations, bool)
        else None,
        extra=extra,
        source_line=custom.get("source_line")
        if isinstance(custom.get("source_line"), int)
        else None,
    )


def _plain_title(title: str) -> str:
    """The title without the ``<span class="nocase">`` markup that keeps a word's case."""
    if "nocase" not in title:
        return title
    return _NOCASE.sub(r"\1", title)


def _str(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, str):
        return value or None
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return str(value)
    raise RecordError(f"expected text, found {type(value).__name__}")


def read_csljson(
    text: str, *, source: str = "<csl-json>", as_of: dt.date | None = None
) -> ReadResult:
    """A CSL-JSON array -> papers; bad items become problems."""
    problems: list[Problem] = []
    papers: list[Paper] = []
    for line, item in array_items(text, source, problems):
        try:
            paper = paper_from_csl(item)
        except (RecordError, TypeError, ValueError) as exc:
            problems.append(Problem(source, line, f"not a CSL-JSON item: {exc}; skipped"))
            continue
        paper = checked_paper_date(paper, source, line, problems)
        papers.append(paper if paper.source_line is not None else replace(paper, source_line=line))
    return ReadResult(source=source, papers=papers, problems=problems)
