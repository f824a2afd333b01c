"""The options and arguments that several commands share, as Typer parameter types."""

from __future__ import annotations

from typing import Annotated

import typer

# Options shared by the commands that read papers.
FilesArg = Annotated[
    list[str] | None,
    typer.Argument(
        help="Input files: a profile listing (.txt), BibTeX (.bib), CSL-JSON or scholar JSON "
        "(.json), JSONL (.jsonl); '-' reads stdin. None: the library.",
        show_default=False,
        metavar="[FILES]...",
    ),
]
StrictOpt = Annotated[
    bool,
    typer.Option("--strict", help="Exit 2 if any record of the input has a problem."),
]
EncodingOpt = Annotated[
    str | None,
    typer.Option(
        "--encoding",
        help="Read the inputs in this encoding (e.g. latin-1, gbk) instead of detecting it.",
        metavar="NAME",
    ),
]
OutputOpt = Annotated[
    str | None,
    typer.Option(
        "--output",
        "-o",
        help="Write to FILE (atomically: a temporary file, then a rename) instead of stdout.",
        metavar="FILE",
    ),
]
ForceOpt = Annotated[
    bool, typer.Option("--force", help="Allow -o to replace one of the input files.")
]
LimitOpt = Annotated[
    int | None,
    typer.Option("--limit", "-n", min=0, help="Show at most N papers.", metavar="N"),
]
