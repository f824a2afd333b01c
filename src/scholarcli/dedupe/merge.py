"""Merging the records of one work into one: the richest value of each field, sources noted.

The merged record starts from the fullest record (a publication before a preprint, then the
one with the most fields filled), takes each missing field from the others, the longest
author list and abstract, and notes the keys of the records merged into it in
``extra["merged_from"]`` (comma-separated), which the BibTeX and JSON writers keep.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import fields, replace

from scholarcli.dedupe.normalise import Kind, arxiv_of, clean_title, paper_kind
from scholarcli.errors import UsageError
from scholarcli.model import Paper

#: The ``extra`` field that lists the keys a merged record was made from.
MERGED_FROM = "merged_from"
_SIMPLE = ("affiliation", "category", "venue", "doi", "url", "entry_type", "code_url")


def _fullness(paper: Paper) -> tuple[int, int, int]:
    filled = sum(
        1
        for f in fields(Paper)
        if f.name not in ("key", "extra", "source_line")
        and getattr(paper, f.name) not in (None, "", (), False)
    )
    published = paper_kind(paper) is Kind.PUBLISHED
    return (int(published), filled + len(paper.extra), len(paper.authors))


def merge_cluster(papers: Sequence[Paper]) -> Paper:
    """One record for the work that ``papers`` all are (see the module docstring)."""
    if not papers:
        raise UsageError("nothing to merge")
    if len(papers) == 1:
        return papers[0]
    order = sorted(range(len(papers)), key=lambda i: (_fullness(papers[i]), -i), reverse=True)
    ranked = [papers[i] for i in order]
    base = ranked[0]
    changes: dict[str, object] = {}
    for name in _SIMPLE:
        if getattr(base, name) in (None, ""):
            value = next((getattr(p, name) for p in ranked if getattr(p, name)), None)
            if value:
                changes[name] = value
    title = base.title
    if clean_title(title) != title or not title.strip():
        # A title with a database's notes ("[Review] [57 refs]") gives way to a clean one.
        clean = [p.title for p in ranked if p.title.strip() and clean_title(p.title) == p.title]
        title = clean[0] if clean else clean_title(title) or title
    changes["title"] = title
    authors_from = max(ranked, key=lambda p: (len(p.authors), not p.authors_truncated))
    changes["authors"] = authors_from.authors
    changes["authors_truncated"] = authors_from.authors_truncated
    if base.year is None:
        dated = next((p for p in ranked if p.year is not None), None)
        if dated is not None:
            changes.update(year=dated.year, month=dated.month, day=dated.day)
    elif base.month is None:
        dated = next((p for p in ranked if p.year == base.year and p.month is not None), None)
        if dated is not None:
            changes.update(month=dated.month, day=dated.day)
    abstracts = [p.abstract for p in ranked if p.abstract]
    if abstracts:
        changes["abstract"] = max(abstracts, key=len)
    changes["has_code"] = any(p.has_code for p in ranked)
    counts = [p.citations for p in ranked if p.citations is not None]
    if counts:
        changes["citations"] = max(counts)
    extra = dict(base.extra)
    for paper in ranked[1:]:
        for name, value in paper.extra.items():
            if name != MERGED_FROM and value and not extra.get(name):
                extra[name] = value
    if "eprint" not in extra:
        # Keep the arXiv id of a preprint merged into its publication.
        arxiv = next((a for a in (arxiv_of(p) for p in ranked) if a), "")
        if arxiv:
            extra["eprint"] = arxiv
            extra["archiveprefix"] = "arXiv"
    sources: list[str] = []
    for paper in ranked:
        previous = paper.extra.get(MERGED_FROM, "")
        for key in [paper.key, *(k.strip() for k in previous.split(","))]:
            if key and key != base.key and key not in sources:
                sources.append(key)
    extra[MERGED_FROM] = ", ".join(sources)
    changes["extra"] = extra
    return replace(base, **changes)  # type: ignore[arg-type]
