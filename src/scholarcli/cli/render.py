"""Terminal output: the only module that imports rich.

Everything shown here comes from untrusted files, so data is always put into
``rich.text.Text`` objects (never parsed as console markup) after :func:`visible` has made
control characters (ANSI/OSC escapes, BEL, bidi overrides) into harmless visible text.
"""

from __future__ import annotations

import contextlib
import os
import re
import sys
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import TYPE_CHECKING, TextIO

from scholarcli.model import Paper

if TYPE_CHECKING:
    from rich.console import Console
    from rich.table import Table

# C0 and C1 controls (tab and newline are handled per context), DEL, and the Unicode
# bidirectional overrides that can make text display differently from what it is.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\u200e\u200f]")


def visible(text: str, *, one_line: bool = True) -> str:
    """``text`` with every control character shown as an escape (``\\x1b``), never obeyed."""
    if one_line and ("\n" in text or "\t" in text):
        text = text.replace("\r\n", " ").replace("\n", " ").replace("\t", " ")
    if _CONTROL.search(text):
        text = _CONTROL.sub(lambda m: repr(m.group())[1:-1], text)
    return text


def is_terminal(stream: TextIO) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False


def make_console(stream: TextIO | None = None, *, stderr: bool = False) -> Console:
    """A console that writes to ``stream`` with colour only on a terminal (NO_COLOR honoured)."""
    from rich.console import Console

    target = stream or (sys.stderr if stderr else sys.stdout)
    terminal = is_terminal(target)
    return Console(
        file=target,
        force_terminal=terminal,
        no_color="NO_COLOR" in os.environ or not terminal,
        highlight=False,
        markup=False,
        emoji=False,
        soft_wrap=not terminal,
    )


def authors_cell(paper: Paper, limit: int = 3) -> str:
    names = list(paper.authors[:limit])
    more = len(paper.authors) > limit or paper.authors_truncated
    return ", ".join(names) + (" et al." if more else "")


def date_cell(paper: Paper) -> str:
    if paper.date:
        return paper.date
    if paper.year and paper.month:
        return f"{paper.year:04d}-{paper.month:02d}"
    return str(paper.year) if paper.year else ""


def paper_table(papers: Sequence[Paper], *, title_styles: Iterable[object] | None = None) -> Table:
    """A rich table of papers: key, date, category, title, authors."""
    from rich import box
    from rich.table import Table
    from rich.text import Text

    table = Table(box=box.SIMPLE_HEAD, expand=False, pad_edge=False)
    table.add_column("key", style="cyan", no_wrap=True, overflow="ellipsis", max_width=28)
    table.add_column("date", no_wrap=True)
    table.add_column("cat", no_wrap=True)
    table.add_column("title", overflow="fold", ratio=3)
    table.add_column("authors", overflow="ellipsis", ratio=2, style="dim")
    for paper in papers:
        table.add_row(
            Text(visible(paper.key)),
            Text(date_cell(paper)),
            Text(visible(paper.category or "")),
            Text(visible(paper.title)),
            Text(visible(authors_cell(paper))),
        )
    return table


def plain_rows(papers: Sequence[Paper], out: TextIO) -> None:
    """The table as tab-separated lines, for pipes: no colour, no box drawing, no truncation."""
    for p in papers:
        cells = (
            p.key,
            date_cell(p),
            p.category or "",
            p.title,
            authors_cell(p, limit=len(p.authors)),
        )
        out.write("\t".join(visible(c) for c in cells) + "\n")


def print_papers(papers: Sequence[Paper], out: TextIO | None = None) -> None:
    """Papers as a table on a terminal, as plain lines otherwise."""
    stream = out or sys.stdout
    if is_terminal(stream):
        make_console(stream).print(paper_table(papers))
    else:
        plain_rows(papers, stream)


def error_line(message: str, *, hint: str | None = None, stream: TextIO | None = None) -> None:
    """``scholar: message`` (and an indented hint) on stderr, control characters made visible."""
    target = stream or sys.stderr
    target.write(f"scholar: {visible(message)}\n")
    if hint:
        target.write(f"  hint: {visible(hint)}\n")


def note(message: str, stream: TextIO | None = None) -> None:
    """A remark for the user on stderr (never on stdout, which carries data)."""
    (stream or sys.stderr).write(visible(message) + "\n")


#: Inputs with at least this many papers get a progress bar (on a terminal only).
LARGE_INPUT = 5000


@contextlib.contextmanager
def progress_bar(
    description: str, *, expected: int, stream: TextIO | None = None
) -> Iterator[Callable[[int, int], None]]:
    """A ``(done, total)`` callback that draws a progress bar on stderr.

    The bar shows only when ``stream`` (stderr) is a terminal and ``expected`` (the size
    of the input) is large; otherwise the callback does nothing, so pipes and logs stay
    clean. The bar is removed when the block ends.
    """
    target = stream or sys.stderr
    if expected < LARGE_INPUT or not is_terminal(target):
        yield _ignore_progress
        return
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeRemainingColumn

    with Progress(
        "{task.description}",
        BarColumn(),
        MofNCompleteColumn(),
        TimeRemainingColumn(),
        console=make_console(target),
        transient=True,
    ) as bar:
        task = bar.add_task(visible(description), total=None)

        def update(done: int, total: int) -> None:
            bar.update(task, completed=done, total=total)

        yield update


def _ignore_progress(done: int, total: int) -> None:
    return None


@contextlib.contextmanager
def spinner(message: str, *, show: bool, stream: TextIO | None = None) -> Iterator[None]:
    """A spinner with ``message`` on stderr while a long step runs (terminal only)."""
    target = stream or sys.stderr
    if not show or not is_terminal(target):
        yield
        return
    with make_console(target).status(visible(message)):
        yield
