"""Papers -> a Markdown publication list: years as headings, newest first, one item a paper."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from typing import TextIO

from scholarcli.model import Paper
from scholarcli.writers import WriteOptions
from scholarcli.writers.listing import by_year, doi_url, one_line, owner_matcher, safe_url

# Characters Markdown (CommonMark, GFM and pandoc's extensions: math, citations,
# sub/superscript, attributes) may act on. Any ASCII punctuation may be backslash-escaped.
_SPECIAL = re.compile(r"([\\`*_\[\]<>#|$~^@&{}!])")


def md_text(text: str) -> str:
    """Plain text that Markdown shows as written: specials escaped, on one line."""
    return _SPECIAL.sub(r"\\\1", one_line(text))


def md_link(label: str, url: str) -> str:
    # The <...> destination form takes any URL whose <, > and spaces are encoded.
    return f"[{label}](<{url.replace('<', '%3C').replace('>', '%3E')}>)"


def paper_line(paper: Paper, is_owner: Callable[[str], bool]) -> str:
    """One list item: authors, title, venue, links."""
    names = [f"**{md_text(a)}**" if is_owner(a) else md_text(a) for a in paper.authors]
    authors = ", ".join(names) + (" et al." if paper.authors_truncated else "")
    parts = []
    if authors:
        parts.append(authors.rstrip(".") + ".")
    title = md_text(paper.title).rstrip(".") or "Untitled"
    parts.append(f"*{title}*" + ("" if title.endswith(("?", "\\!")) else "."))
    if paper.venue:
        parts.append(md_text(paper.venue).rstrip(".") + ".")
    links = []
    code = safe_url(paper.code_url)
    if code:
        links.append(md_link("code", code))
    elif paper.has_code:
        links.append("code available")
    doi = doi_url(paper.doi)
    if doi:
        links.append(md_link("doi", doi))
    url = safe_url(paper.url)
    if url:
        links.append(md_link("link", url))
    if links:
        parts.append(" · ".join(links))
    return "- " + " ".join(parts) + "\n"


def write_markdown(papers: Sequence[Paper], out: TextIO, options: WriteOptions) -> None:
    """``## YEAR`` headings, newest first, a bullet a paper; ``--highlight`` names in bold."""
    is_owner = owner_matcher(options.highlight)
    first = True
    for year, group in by_year(papers):
        out.write(("" if first else "\n") + f"## {year}\n\n")
        first = False
        out.writelines(paper_line(p, is_owner) for p in group)
