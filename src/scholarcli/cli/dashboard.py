"""The `scholar stats` dashboard: rich on a terminal, plain text in a pipe, SVG/HTML, markdown.

Every name and code shown comes from untrusted files: it goes through ``render.visible``
and into ``rich.text.Text`` (never console markup), or through :func:`markdown_text`.
"""

from __future__ import annotations

import io
import os
import re
from collections.abc import Sequence
from typing import TYPE_CHECKING, Literal, TextIO

from scholarcli.cli.render import is_terminal, visible
from scholarcli.stats import AuthorCount, Stats, chart_rows, metric_label, metric_value

if TYPE_CHECKING:
    from rich.console import Console, RenderableType
    from rich.table import Table
    from rich.text import Text

#: The dashboard is laid out for this many columns, whatever the terminal's width.
WIDTH = 80
# Spaces between the category and the co-author tables when side by side.
_GRID_GAP = 3
# Co-author names narrower than this put the two tables one under the other.
_MIN_NAME = 14
# Characters XML 1.0 forbids even as references (visible() already took the C0 controls);
# an SVG holding one is not well-formed.
_NOT_XML = re.compile("[\ud800-\udfff\ufffe\uffff]")
_EIGHTHS = " ▏▎▍▌▋▊▉"
_BAR = "green"


def _safe(text: str) -> str:
    text = visible(text)
    if _NOT_XML.search(text):
        text = _NOT_XML.sub(lambda m: f"\\u{ord(m.group()):04x}", text)
    return text


def _text(text: str, style: str = "") -> Text:
    from rich.text import Text

    return Text(_safe(text), style=style)


def _percent(share: float) -> str:
    return f"{share:.0%}"


def _years_span(stats: Stats) -> str:
    if not stats.years:
        return "no dated papers"
    first, last = stats.years[0].year, stats.years[-1].year
    return str(first) if first == last else f"{first}–{last}"


def summary_lines(stats: Stats) -> list[str]:
    """The dashboard's head: the totals and every caveat, one sentence a line."""
    filtered = f" (of {stats.listed:,} listed; filtered)" if stats.total != stats.listed else ""
    lines = [
        f"{stats.total:,} papers{filtered} · {_years_span(stats)} · {stats.with_code:,} with "
        f"code ({_percent(stats.code_share)}) · {stats.distinct_authors:,} authors"
    ]
    if stats.undated or stats.uncategorised:
        lines.append(
            f"{stats.undated:,} without a year · {stats.uncategorised:,} without a category"
        )
    owner = stats.owner
    if owner is not None:
        how = (
            "inferred: the most frequent author; set it with --owner"
            if owner.inferred
            else "given with --owner"
        )
        lines.append(f"Owner: {owner.name} ({how})")
        lines.append(
            f"  named on {owner.papers:,} papers · first author of {owner.first_author:,} · "
            f"last author of {owner.last_author:,}"
        )
    if stats.truncated:
        lines.append(
            f'{stats.truncated:,} of {stats.total:,} author lists end in "et al." '
            f"({_percent(stats.truncated_share)}): author counts are lower bounds"
        )
    header = [
        f"{metric_label(name)} {metric_value(name, value)}"
        for name, value in stats.metrics.items()
        if name != "papers"
    ]
    if header:
        lines.append("Profile header: " + " · ".join(header))
    if stats.claimed_count is not None:
        missing = stats.missing or 0
        gap = (
            f"{missing:,} not listed"
            if missing > 0
            else f"{-missing:,} more than claimed"
            if missing < 0
            else "all of them"
        )
        lines.append(
            f"The header claims {stats.claimed_count:,} papers; "
            f"the listing holds {stats.listed:,} ({gap})"
        )
    cites = stats.citations
    if cites is not None:
        lines.append(
            f"From the citation counts of {cites.papers:,} papers: h-index {cites.h_index}, "
            f"i10-index {cites.i10_index}, {cites.citations:,} citations"
        )
    return lines


def _bar(value: int, most: int, width: int, *, plain: bool) -> Text:
    """A bar of ``value / most`` of ``width``: ``#`` in plain text, else eighth blocks."""
    from rich.text import Text

    if value <= 0 or most <= 0:
        return Text("")
    if plain:
        return Text("#" * max(1, round(value / most * width)))
    eighths = max(1, round(value / most * width * 8))
    return Text("█" * (eighths // 8) + _EIGHTHS[eighths % 8].strip(), style=_BAR)


def _table(title: str, *, plain: bool) -> Table:
    from rich import box
    from rich.table import Table

    return Table(
        title=title,
        title_justify="left",
        title_style="" if plain else "bold",
        box=None if plain else box.SIMPLE_HEAD,
        header_style="" if plain else "bold dim",
        pad_edge=False,
        show_edge=False,
        expand=False,
    )


def year_chart(stats: Stats, *, width: int, plain: bool) -> Table:
    """Papers per year as a bar chart, every year shown (long empty runs as one row)."""
    rows = chart_rows(stats)
    table = _table("Papers per year", plain=plain)
    most = max((r.papers for r in rows), default=0)
    fixed = (
        max([len("year"), *(len(r.label) for r in rows)])
        + max(len("papers"), len(f"{most:,}"))
        + len("new co-authors")
    )
    # What the bar may use: the width less the other columns and the gaps between the four
    # (two spaces of padding each, plus the rule's separator when boxed).
    bar_width = max(8, width - fixed - 3 * (2 if plain else 3))
    table.add_column("year", no_wrap=True)
    table.add_column("", no_wrap=True, min_width=bar_width)
    table.add_column("papers", justify="right", no_wrap=True)
    table.add_column("new co-authors", justify="right", no_wrap=True)
    for row in rows:
        table.add_row(
            _text(row.label),
            _bar(row.papers, most, bar_width, plain=plain),
            _text(f"{row.papers:,}"),
            _text(f"{row.new_coauthors:,}" if row.papers else ""),
        )
    return table


def category_rows(stats: Stats) -> list[tuple[str, str, int]]:
    """(code, subject, papers): arXiv's codes with their names, unknown and missing ones said."""
    rows = [
        (c.code, c.subject.label if c.subject else "(not an arXiv code)", c.papers)
        for c in stats.categories
    ]
    if stats.uncategorised:
        rows.append(("-", "(no category)", stats.uncategorised))
    return rows


def _category_cells(stats: Stats) -> list[tuple[str, str, str]]:
    return [
        (code, subject, f"{papers:,} {_percent(papers / stats.total if stats.total else 0):>4}")
        for code, subject, papers in category_rows(stats)
    ]


def category_table(
    cells: Sequence[tuple[str, str, str]], widths: Sequence[int], *, plain: bool
) -> Table:
    table = _table("Categories", plain=plain)
    code_width, subject_width, papers_width = widths
    table.add_column("code", no_wrap=True, overflow="ellipsis", width=code_width)
    table.add_column("subject", no_wrap=True, overflow="ellipsis", width=subject_width)
    table.add_column("papers", justify="right", no_wrap=True, width=papers_width)
    for code, subject, papers in cells:
        table.add_row(_text(code, "" if plain else "bold magenta"), _text(subject), _text(papers))
    return table


def author_table(
    authors: Sequence[AuthorCount], title: str, name_width: int, *, plain: bool
) -> Table:
    table = _table(title, plain=plain)
    table.add_column("name", no_wrap=True, overflow="ellipsis", max_width=name_width)
    table.add_column("papers", justify="right", no_wrap=True)
    for author in authors:
        table.add_row(_text(author.name), _text(f"{author.papers:,}"))
    return table


def _widths(
    cells: Sequence[Sequence[str]], headers: Sequence[str], caps: Sequence[int]
) -> list[int]:
    from rich.cells import cell_len

    return [
        min(cap, max([cell_len(header), *(cell_len(_safe(row[i])) for row in cells)]))
        for i, (header, cap) in enumerate(zip(headers, caps, strict=True))
    ]


def dashboard(stats: Stats, *, width: int = WIDTH, plain: bool = False) -> RenderableType:
    """The whole dashboard as one rich renderable, laid out for ``width`` columns.

    ``plain``: for a pipe or a file: no colour, no box drawing, ``#`` bars.
    """
    from rich import box
    from rich.console import Group
    from rich.panel import Panel
    from rich.table import Table
    from rich.text import Text

    head = Text("\n").join(_text(line) for line in summary_lines(stats))
    parts: list[RenderableType] = []
    if plain:
        parts += [Text("scholar stats"), head, Text("")]
    else:
        parts.append(Panel(head, title="scholar stats", title_align="left", box=box.ROUNDED))
    if stats.total == 0:
        parts.append(Text("No papers (check the filters)."))
        return Group(*parts)
    parts += [year_chart(stats, width=width, plain=plain), Text("")]

    gap = 2 if plain else 3  # between two columns of a table: padding, and the rule's gap
    cells = _category_cells(stats)
    # Codes and counts are never cut; a long subject name is, before anything else.
    cat_widths = _widths(cells, ("code", "subject", "papers"), (12, 34, 20))
    cat_width = sum(cat_widths) + 2 * gap
    owner = stats.owner
    authors = stats.top_coauthors if owner else stats.top_authors
    title = "Top co-authors" if owner else "Top authors"
    count_width = max([len("papers"), *(len(f"{a.papers:,}") for a in authors)])
    # Side by side, the co-author names get what the category table leaves.
    name_width = width - cat_width - _GRID_GAP - gap - count_width
    if name_width >= _MIN_NAME:
        grid = Table.grid(padding=(0, _GRID_GAP))
        grid.add_column()
        grid.add_column()
        grid.add_row(
            category_table(cells, cat_widths, plain=plain),
            author_table(authors, title, name_width, plain=plain),
        )
        parts.append(grid)
    else:
        cat_widths[1] = max(8, min(cat_widths[1], width - cat_widths[0] - cat_widths[2] - 2 * gap))
        parts += [
            category_table(cells, cat_widths, plain=plain),
            Text(""),
            author_table(authors, title, max(8, width - gap - count_width), plain=plain),
        ]
    return Group(*parts)


def _console(out: TextIO, *, terminal: bool, record: bool = False) -> Console:
    from rich.console import Console

    console = Console(
        file=out,
        force_terminal=terminal,
        color_system="truecolor" if record else ("auto" if terminal else None),
        no_color=not record and (not terminal or "NO_COLOR" in os.environ),
        record=record,
        highlight=False,
        markup=False,
        emoji=False,
        width=WIDTH if record or not terminal else None,
    )
    if terminal and not record:
        console.width = min(console.width, WIDTH)
    return console


def print_dashboard(stats: Stats, out: TextIO) -> None:
    """The dashboard on a terminal; plain text (no colour, no box drawing) anywhere else."""
    if is_terminal(out):
        console = _console(out, terminal=True)
        console.print(dashboard(stats, width=console.width))
        return
    buffer = io.StringIO()
    console = _console(buffer, terminal=False)
    console.print(dashboard(stats, width=console.width, plain=True))
    # rich pads every line to the full width; a file or a pipe is better without it.
    out.writelines(line.rstrip() + "\n" for line in buffer.getvalue().splitlines())


def export_dashboard(stats: Stats, kind: Literal["svg", "html"]) -> str:
    """The dashboard recorded as an SVG picture or an HTML page, in colour, 80 columns wide."""
    console = _console(io.StringIO(), terminal=True, record=True)
    console.print(dashboard(stats, width=console.width))
    if kind == "svg":
        return console.export_svg(title="scholar stats")
    return console.export_html()


# Markdown: the characters that make markup anywhere in a line (or a table cell) are
# escaped, and < > & become entities, so a name like "<script>" or "[x](javascript:...)"
# is shown, never obeyed. Every line we write starts with our own text, so the characters
# that matter only at a line's start ("-", "+", "1.") need no escape.
_MD_SPECIAL = re.compile(r"([\\`*_\[\]|~$#])")


def markdown_text(text: str) -> str:
    text = _safe(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return _MD_SPECIAL.sub(r"\\\1", text)


def _md_table(
    out: TextIO, header: Sequence[str], rows: Sequence[Sequence[str]], *, left: int = 1
) -> None:
    """A GFM table: the first ``left`` columns read left to right, the counts align right."""
    out.write("| " + " | ".join(header) + " |\n")
    out.write("|" + "|".join("---" if i < left else "---:" for i in range(len(header))) + "|\n")
    for row in rows:
        out.write("| " + " | ".join(row) + " |\n")
    out.write("\n")


def write_markdown(stats: Stats, out: TextIO) -> None:
    """The dashboard as GitHub-flavoured markdown: the summary, then one table a figure."""
    out.write("# Publication statistics\n\n")
    for line in summary_lines(stats):
        # An indented line (the owner's counts) is a sub-item of the line before.
        indent = " " * (len(line) - len(line.lstrip()))
        out.write(f"{indent}- {markdown_text(line.strip())}\n")
    out.write("\n")
    if stats.total == 0:
        return
    out.write("## Papers per year\n\n")
    _md_table(
        out,
        ["year", "papers", "new co-authors"],
        [
            [markdown_text(r.label), f"{r.papers:,}", f"{r.new_coauthors:,}" if r.papers else ""]
            for r in chart_rows(stats)
        ],
    )
    out.write("## Categories\n\n")
    _md_table(
        out,
        ["code", "subject", "papers", "share"],
        [
            [
                markdown_text(code),
                markdown_text(subject),
                f"{papers:,}",
                _percent(papers / stats.total),
            ]
            for code, subject, papers in category_rows(stats)
        ],
        left=2,
    )
    owner = stats.owner
    authors = stats.top_coauthors if owner else stats.top_authors
    out.write(f"## {'Top co-authors' if owner else 'Top authors'}\n\n")
    _md_table(out, ["name", "papers"], [[markdown_text(a.name), f"{a.papers:,}"] for a in authors])
