"""What every command shares: global settings, loading papers, sending output.

It imports neither typer nor rich (a test keeps it so), like the core modules: the shared
option types live in :mod:`scholarcli.cli.options`.
"""

from __future__ import annotations

import datetime as dt
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from scholarcli.errors import ExitCode, InputError, OutputError, UsageError
from scholarcli.model import Level, Paper, Problem, ReadResult

if TYPE_CHECKING:
    import typer


@dataclass
class Settings:
    """Global options (``scholar --library ... --as-of ... COMMAND``), kept in ``ctx.obj``."""

    library: str | None = None
    as_of: dt.date = field(default_factory=dt.date.today)
    debug: bool = False

    @property
    def library_path(self) -> Path:
        """The library database: ``--library``, ``SCHOLAR_LIBRARY``, else the user data folder."""
        if self.library:
            return Path(self.library).expanduser()
        from platformdirs import user_data_path

        return user_data_path("scholar", appauthor=False) / "library.sqlite"


def settings(ctx: typer.Context) -> Settings:
    obj = ctx.find_root().obj
    return obj if isinstance(obj, Settings) else Settings()


@dataclass
class Loaded:
    """Papers of all inputs (keys assigned), and what the readers said about them."""

    papers: list[Paper]
    results: list[ReadResult]
    from_library: bool = False

    @property
    def metrics(self) -> dict[str, int | float]:
        merged: dict[str, int | float] = {}
        for result in self.results:
            for name, value in result.metrics.items():
                merged.setdefault(name, value)
        return merged

    @property
    def claimed_count(self) -> int | None:
        counts = [r.claimed_count for r in self.results if r.claimed_count is not None]
        return sum(counts) if counts else None


def report_problems(problems: Sequence[Problem], stream: TextIO | None = None) -> None:
    from scholarcli.cli.render import visible

    out = stream or sys.stderr
    for problem in problems:
        out.write(visible(str(problem)) + "\n")


def read_files(
    ctx: typer.Context,
    files: Sequence[str],
    *,
    strict: bool = False,
    encoding: str | None = None,
) -> list[ReadResult]:
    """Read every input, print its problems on stderr, and stop (exit 2) when asked to."""
    from scholarcli.readers import read_input

    if list(files).count("-") > 1:
        raise UsageError("'-' (stdin) can be given only once")
    conf = settings(ctx)
    results = []
    for path in files:
        result = read_input(path, as_of=conf.as_of, encoding=encoding)
        report_problems(result.problems)
        results.append(result)
    for result in results:
        failures = [p for p in result.problems if p.level is not Level.INFO]
        errors = [p for p in failures if p.level is Level.ERROR]
        if (strict and failures) or (errors and not result.papers):
            first = (errors or failures)[0]
            raise InputError(
                first.file,
                f"{len(failures)} problem(s) reading this input"
                + ("" if strict else "; no papers read"),
                line=first.line,
                hint=None if strict else "fix the lines reported above",
            )
    return results


def load_papers(
    ctx: typer.Context,
    files: Sequence[str] | None,
    *,
    strict: bool = False,
    encoding: str | None = None,
) -> Loaded:
    """The papers a reading command works on: from FILES, or from the library when none."""
    from scholarcli.keys import assign_keys

    if not files:
        return load_library(ctx)
    results = read_files(ctx, files, strict=strict, encoding=encoding)
    papers = assign_keys([p for r in results for p in r.papers])
    return Loaded(papers=papers, results=results)


def load_library(ctx: typer.Context) -> Loaded:
    """Every paper of the library, in first-import order (an empty list, and a note on
    stderr saying how to fill it, when nothing has been imported)."""
    from scholarcli.library import open_library

    path = settings(ctx).library_path
    with open_library(path, create=False) as library:
        papers = library.papers()
        metrics = library.metrics()
    if not papers:
        say_library_is_empty(path)
    result = ReadResult(source=str(path), papers=papers, metrics=metrics)
    return Loaded(papers=papers, results=[result], from_library=True)


def say_library_is_empty(path: Path) -> None:
    """The note on stderr that tells how to fill an empty library."""
    from scholarcli.cli.render import note

    note(
        f"the library ({path}) is empty; add papers with: scholar import FILE (or name input files)"
    )


def emit(
    write: Callable[[TextIO], object],
    output: str | None,
    *,
    inputs: Sequence[str] = (),
    force: bool = False,
) -> None:
    """Send data to ``-o FILE`` (atomically, never over an input unless forced) or to stdout."""
    if output is None or output == "-":
        try:
            write(sys.stdout)
            sys.stdout.flush()
        except BrokenPipeError:
            raise  # the reader went away (`| head`): the CLI stops quietly
        except OSError as exc:
            raise OutputError(f"stdout: cannot write ({exc.strerror or exc})") from exc
        return
    from scholarcli.output import atomic_open, refuse_overwriting_inputs

    refuse_overwriting_inputs(output, inputs, force=force)
    with atomic_open(output) as stream:
        write(stream)


def refuse_outputs_over_inputs(
    outputs: Sequence[str | None], inputs: Sequence[str] | None, *, force: bool
) -> None:
    """Refuse -o (or --svg, --html) onto an input before any work is done, not after.

    ``emit`` checks again when it writes; this only makes the refusal come first, so
    nothing (a table on stdout, a second output file) is produced before it.
    """
    from scholarcli.output import refuse_overwriting_inputs

    for output in outputs:
        if output and output != "-":
            refuse_overwriting_inputs(output, inputs or (), force=force)


def fail(code: ExitCode) -> typer.Exit:
    import typer

    return typer.Exit(int(code))
