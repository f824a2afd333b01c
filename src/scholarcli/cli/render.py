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
from collections.abc import Callable, Iterator, Mapping, Sequence, Set
from typing import TYPE_CHECKING, TextIO

from scholarcli.model import Paper

if TYPE_CHECKING:
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

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


def paper_table(
    papers: Sequence[Paper],
    *,
    scores: Mapping[str, float] | None = None,
    highlight: Set[str] = frozenset(),
) -> Table:
    """A rich table of papers: key, date, category, title, authors.

    With ``scores`` (search), a score column comes first; title words whose folded form is
    in ``highlight`` are lit (see :func:`highlighted`).
    """
    from rich import box
    from rich.table import Table
    from rich.text import Text

    table = Table(box=box.SIMPLE_HEAD, expand=False, pad_edge=False)
    if scores is not None:
        table.add_column("score", justify="right", no_wrap=True, style="green")
    table.add_column("key", style="cyan", no_wrap=True, overflow="ellipsis", max_width=28)
    table.add_column("date", no_wrap=True)
    table.add_column("cat", no_wrap=True)
    table.add_column("title", overflow="fold", ratio=3)
    table.add_column("authors", overflow="ellipsis", ratio=2, style="dim")
    for paper in papers:
        cells = [
            Text(visible(paper.key)),
            Text(date_cell(paper)),
            Text(visible(paper.category or "")),
            highlighted(paper.title, highlight),
            Text(visible(authors_cell(paper))),
        ]
        if scores is not None:
            cells.insert(0, Text(f"{scores.get(paper.key, 0.0):.2f}"))
        table.add_row(*cells)
    return table


def plain_rows(
    papers: Sequence[Paper], out: TextIO, scores: Mapping[str, float] | None = None
) -> None:
    """The table as tab-separated lines, for pipes: no colour, no box drawing, no truncation.

    With ``scores`` (search), each line ends with the paper's score.
    """
    for p in papers:
        cells = [
            p.key,
            date_cell(p),
            p.category or "",
            p.title,
            authors_cell(p, limit=len(p.authors)),
        ]
        if scores is not None:
            cells.append(f"{scores.get(p.key, 0.0):.4f}")
        out.write("\t".join(visible(c) for c in cells) + "\n")


def print_papers(papers: Sequence[Paper], out: TextIO | None = None) -> None:
    """Papers as a table on a terminal, as plain lines otherwise."""
    stream = out or sys.stdout
    if is_terminal(stream):
        make_console(stream).print(paper_table(papers))
    else:
        plain_rows(papers, stream)


# A word of a title as shown: letters and digits, with any combining accents they carry.
_SHOWN_WORD = re.compile(r"(?:[^\W_]|[\u0300-\u036f])+")
HIGHLIGHT_STYLE = "bold yellow"


def highlighted(text: str, wanted: Set[str]) -> Text:
    """``text`` (made :func:`visible`) as rich Text, its words whose folded form is in
    ``wanted`` styled. The data is never parsed as markup: spans are styled by position."""
    from rich.text import Text

    from scholarcli.text import words

    shown = Text(visible(text))
    if wanted:
        for m in _SHOWN_WORD.finditer(shown.plain):
            if any(w in wanted for w in words(m.group())):
                shown.stylize(HIGHLIGHT_STYLE, m.start(), m.end())
    return shown


def print_hits(
    papers: Sequence[Paper],
    scores: Mapping[str, float],
    wanted: Set[str],
    out: TextIO | None = None,
) -> None:
    """Search results as a table on a terminal; as tab-separated lines, score last, otherwise."""
    stream = out or sys.stdout
    if is_terminal(stream):
        make_console(stream).print(paper_table(papers, scores=scores, highlight=wanted))
    else:
        plain_rows(papers, stream, scores)


def error_line(message: str, *, hint: str | None = None, stream: TextIO | None = None) -> None:
    """``scholar: message`` (and an indented hint) on stderr, control characters made visible."""
    target = stream or sys.stderr
    target.write(f"scholar: {visible(message)}\n")
    if hint:
        target.write(f"  hint: {visible(hint)}\n")


def note(message: str, stream: TextIO | None = None) -> None:
    """A remark for the user on stderr (never on stdout, which carries data)."""
    (stream or sys.stderr).write(visible(message) + "\n")


def print_dedupe(
    papers: Sequence[Paper],
    clusters: Sequence[tuple[str, float, Sequence[int], Sequence[str]]],
    out: TextIO | None = None,
) -> None:
    """Dedupe findings: ``(kind, score, record indices, reasons)`` each, as a table or lines.

    On a terminal, a rich table (key, year and title of each record, the score, the
    reasons); in a pipe, one tab-separated line a finding: kind, score, keys, reasons.
    """
    stream = out or sys.stdout
    if not is_terminal(stream):
        for kind, score, indices, reasons in clusters:
            keys = " ".join(visible(papers[i].key) for i in indices)
            why = "; ".join(visible(r) for r in reasons)
            stream.write(f"{kind}\t{score:.3f}\t{keys}\t{why}\n")
        return
    from rich import box
    from rich.table import Table
    from rich.text import Text

    table = Table(box=box.SIMPLE_HEAD, expand=False, pad_edge=False, show_lines=True)
    table.add_column("#", justify="right", no_wrap=True)
    table.add_column("kind", no_wrap=True)
    table.add_column("score", justify="right", no_wrap=True)
    table.add_column("records", overflow="fold", ratio=3)
    table.add_column("why", overflow="fold", ratio=2, style="dim")
    for n, (kind, score, indices, reasons) in enumerate(clusters, 1):
        records = Text()
        for k, i in enumerate(indices):
            paper = papers[i]
            if k:
                records.append("\n")
            records.append(visible(paper.key), style="cyan")
            records.append(f"  {paper.year or ''}  ")
            records.append(visible(paper.title))
        table.add_row(
            Text(str(n)),
            Text(kind, style="yellow" if kind == "duplicate" else "blue"),
            Text(f"{score:.2f}"),
            records,
            Text("\n".join(visible(r) for r in reasons)),
        )
    make_console(stream).print(table)


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
