"""Papers -> an HTML publication list (a fragment to paste into a page), every datum escaped."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from html import escape
from typing import TextIO

from scholarcli.model import Paper
from scholarcli.writers import WriteOptions
from scholarcli.writers.listing import by_year, doi_url, one_line, owner_matcher, safe_url


def _text(text: str) -> str:
    return escape(one_line(text), quote=True)


def _link(label: str, url: str, cls: str) -> str:
    return f'<a class="{cls}" href="{escape(url, quote=True)}">{label}</a>'


def paper_item(paper: Paper, is_owner: Callable[[str], bool]) -> str:
    """One ``<li>``: authors, title, venue, links."""
    names = [
        f'<strong class="owner">{_text(a)}</strong>' if is_owner(a) else _text(a)
        for a in paper.authors
    ]
    authors = ", ".join(names) + (" et al." if paper.authors_truncated else "")
    parts = []
    if authors:
        parts.append(f'<span class="authors">{authors}</span>.')
    title = _text(paper.title).rstrip(".") or "Untitled"
    end = "" if title.endswith(("?", "!")) else "."
    parts.append(f'<span class="title">{title}</span>{end}')
    if paper.venue:
        parts.append(f'<em class="venue">{_text(paper.venue)}</em>.')
    links = []
    code = safe_url(paper.code_url)
    if code:
        links.append(_link("code", code, "code"))
    elif paper.has_code:
        links.append('<span class="code">code available</span>')
    doi = doi_url(paper.doi)
    if doi:
        links.append(_link("doi", doi, "doi"))
    url = safe_url(paper.url)
    if url:
        links.append(_link("link", url, "link"))
    if links:
        parts.append(" · ".join(links))
    return f'  <li id="{_text(paper.key)}">' + " ".join(parts) + "</li>\n"


def write_html(papers: Sequence[Paper], out: TextIO, options: WriteOptions) -> None:
    """``<section class="publications">`` with an ``<h2>`` and a ``<ul>`` per year."""
    is_owner = owner_matcher(options.highlight)
    out.write('<section class="publications">\n')
    for year, group in by_year(papers):
        out.write(f'<h2 id="year-{escape(year)}">{escape(year)}</h2>\n<ul>\n')
        out.writelines(paper_item(p, is_owner) for p in group)
        out.write("</ul>\n")
    out.write("</section>\n")
