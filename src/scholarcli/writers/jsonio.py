"""Papers -> scholar JSON (one array) and JSONL (one object a line): DESIGN section 3, lossless."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any, TextIO

from scholarcli.model import Paper
from scholarcli.writers import WriteOptions


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
        text = json.dumps(
            paper_to_dict(paper, _score(paper, options)), ensure_ascii=False, indent=2
        )
        out.write("  " + text.replace("\n", "\n  "))
        out.write(",\n" if i < last else "\n")
    out.write("]\n")


def write_jsonl(papers: Sequence[Paper], out: TextIO, options: WriteOptions) -> None:
    """One compact JSON object a line."""
    for paper in papers:
        out.write(json.dumps(paper_to_dict(paper, _score(paper, options)), ensure_ascii=False))
        out.write("\n")
