"""Papers -> scholar JSON (one array) and JSONL (one object a line): DESIGN section 3, lossless."""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from typing import Any, TextIO

from scholarcli.model import Paper
from scholarcli.writers import WriteOptions

# json.dumps escapes only C0 controls. DEL, the C1 controls (0x9b is a terminal's CSI), the
# bidirectional overrides and marks, and the line and paragraph separators would act on a
# terminal or an editor showing the file: they are escaped too (the parsed data is the same).
# A lone surrogate cannot be written as UTF-8 at all; JSON can carry it as an escape.
_INVISIBLE = re.compile(
    "[\x7f-\x9f\ud800-\udfff\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]"
)


def escape_invisible(text: str) -> str:
    """JSON text with the characters above as ``\\uXXXX`` escapes (valid JSON either way)."""
    if not _INVISIBLE.search(text):
        return text
    return _INVISIBLE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


def dumps(value: Any, *, indent: int | None = None) -> str:
    """``json.dumps`` with non-ASCII kept as UTF-8 and invisible characters escaped."""
    return escape_invisible(json.dumps(value, ensure_ascii=False, indent=indent))


def paper_to_dict(paper: Paper, score: float | None = None) -> dict[str, Any]:
    """The JSON object of one paper: the contract's keys first, then the rest."""
    data: dict[str, Any] = {
        "key": paper.key,
        "title": paper.title,
        "authors": list(paper.authors),
        "authors_truncated": paper.authors_truncated,
        "affiliation": paper.affiliation,
        "category": paper.category,
        "date": paper.date,
        "year": paper.year,
        "month": paper.month,
        "has_code": paper.has_code,
        "code_url": paper.code_url,
        "abstract": paper.abstract,
        "venue": paper.venue,
        "doi": paper.doi,
        "url": paper.url,
        "entry_type": paper.entry_type,
        "citations": paper.citations,
        "extra": dict(paper.extra),
        "source_line": paper.source_line,
    }
    if paper.day is not None and paper.date is None:
        data["day"] = paper.day  # cannot happen for valid papers, but never drop data
    if score is not None:
        data["score"] = round(score, 4)
    return data


def _score(paper: Paper, options: WriteOptions) -> float | None:
    return options.scores.get(paper.key) if options.scores is not None else None


def write_json(papers: Sequence[Paper], out: TextIO, options: WriteOptions) -> None:
    """One JSON array, an object a paper, streamed (``[]`` when there are none)."""
    if not papers:
        out.write("[]\n")
        return
    out.write("[\n")
    last = len(papers) - 1
    for i, paper in enumerate(papers):
        text = dumps(paper_to_dict(paper, _score(paper, options)), indent=2)
        out.write("  " + text.replace("\n", "\n  "))
        out.write(",\n" if i < last else "\n")
    out.write("]\n")


def write_jsonl(papers: Sequence[Paper], out: TextIO, options: WriteOptions) -> None:
    """One compact JSON object a line."""
    for paper in papers:
        out.write(dumps(paper_to_dict(paper, _score(paper, options))))
        out.write("\n")
