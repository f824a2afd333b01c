"""`scholar import`: read files into the library, adding new papers and updating changed ones."""

from __future__ import annotations

import gc
import os
from typing import Annotated

import typer

from scholarcli.cli.common import read_files, settings
from scholarcli.cli.options import EncodingOpt, StrictOpt

# Inputs larger than this get a spinner while they are read (on a terminal only).
_LARGE_FILE = 5 * 2**20


def import_files(
    ctx: typer.Context,
    files: Annotated[
        list[str],
        typer.Argument(
            help="Files to import: a profile listing (.txt), BibTeX (.bib), CSL-JSON or "
            "scholar JSON (.json), JSONL (.jsonl); '-' reads stdin.",
            show_default=False,
            metavar="FILES...",
        ),
    ],
    strict: StrictOpt = False,
    encoding: EncodingOpt = None,
) -> None:
    """Import papers into the library: add new ones, update changed ones.

    A paper is known by its normalised title, year and first author's surname.

    Importing a file again adds the papers it gained and updates those that changed.

    A paper keeps its library key. Prints "added N, updated N, unchanged N" on stderr.

    One transaction: an interrupted import leaves the library as it was.

    Examples:

      scholar import examples/profile.txt

      scholar import cv.bib refs.json --strict

      scholar --library ~/cv/papers.sqlite import old-cv.bib --encoding latin-1

      curl -s https://example.org/profile.txt | scholar import -
    """
    from scholarcli.cli.render import note, progress_bar, spinner
    from scholarcli.library import open_library

    with spinner(f"reading {', '.join(files)}", show=_large(files)):
        results = read_files(ctx, files, strict=strict, encoding=encoding)
    papers = [p for r in results for p in r.papers]
    # The papers live until the import ends: frozen, the cyclic collector does not walk
    # them again and again while the import allocates (measured: a few full collections,
    # a few percent of a 100,000-paper import). Readers make no cycles: nothing to collect.
    gc.freeze()
    # The library keeps the header figures of the last profile imported.
    metrics = next((r.metrics for r in reversed(results) if r.metrics), {})
    source = ", ".join(r.source for r in results)
    with (
        progress_bar("importing", expected=len(papers)) as progress,
        open_library(settings(ctx).library_path, create=True) as library,
    ):
        report = library.import_papers(papers, source=source, metrics=metrics, progress=progress)
    note(f"added {report.added}, updated {report.updated}, unchanged {report.unchanged}")
    if report.repeated:
        note(
            f"note: {report.repeated} record(s) repeat an earlier one of this input (same "
            "title, year and first author); the last one's fields were kept"
        )


def _large(files: list[str]) -> bool:
    total = 0
    for path in files:
        if path == "-":
            return True
        try:
            total += os.stat(path).st_size
        except OSError:
            continue  # read_files reports it
    return total > _LARGE_FILE
