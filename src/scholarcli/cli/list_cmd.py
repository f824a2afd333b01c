"""`scholar list`: show papers, filtered and sorted, as a table, JSON, JSONL, CSV or keys."""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated, TextIO

import typer

from scholarcli.cli.common import emit, load_papers, refuse_outputs_over_inputs
from scholarcli.cli.options import EncodingOpt, FilesArg, ForceOpt, LimitOpt, OutputOpt, StrictOpt
from scholarcli.filters import SortKey, make_filter, sort_papers


class ListFormat(StrEnum):
    TABLE = "table"
    JSON = "json"
    JSONL = "jsonl"
    CSV = "csv"
    KEYS = "keys"


# Filter options, shared with `stats`.
YearOpt = Annotated[
    int | None, typer.Option("--year", help="Only papers of this year. Example: --year 2024")
]
SinceOpt = Annotated[
    str | None,
    typer.Option(
        "--since",
        help="Only papers from this year or date on. Example: --since 2021 or --since 2021-06-01",
        metavar="YEAR|DATE",
    ),
]
UntilOpt = Annotated[
    str | None,
    typer.Option(
        "--until",
        help="Only papers up to this year or date. Example: --until 2023",
        metavar="YEAR|DATE",
    ),
]
CategoryOpt = Annotated[
    list[str] | None,
    typer.Option(
        "--category",
        "-c",
        help="Only papers of this subject code; repeat or comma-separate for several. "
        "Example: --category LG,CV",
        metavar="CODE",
    ),
]
AuthorOpt = Annotated[
    str | None,
    typer.Option(
        "--author",
        "-a",
        help="Only papers with this author (case and accents ignored). "
        'Example: --author "jason d. lee" or --author gursoy',
        metavar="NAME",
    ),
]
HasCodeOpt = Annotated[
    bool | None,
    typer.Option(
        "--has-code/--no-code",
        help="Only papers with (or without) code available. Example: --has-code",
        show_default=False,
    ),
]


def list_papers(
    ctx: typer.Context,
    files: FilesArg = None,
    year: YearOpt = None,
    since: SinceOpt = None,
    until: UntilOpt = None,
    category: CategoryOpt = None,
    author: AuthorOpt = None,
    has_code: HasCodeOpt = None,
    sort: Annotated[
        SortKey,
        typer.Option(
            "--sort",
            help="Order: input (as listed), date, year, title or key. Example: --sort date",
        ),
    ] = SortKey.INPUT,
    reverse: Annotated[
        bool,
        typer.Option("--reverse", "-r", help="Reverse the order (newest first with --sort date)."),
    ] = False,
    limit: LimitOpt = None,
    fmt: Annotated[
        ListFormat,
        typer.Option(
            "--format",
            "-f",
            help="table (rich on a terminal, tab-separated when piped), json, jsonl, csv, keys. "
            "Example: -f json",
        ),
    ] = ListFormat.TABLE,
    output: OutputOpt = None,
    force: ForceOpt = False,
    strict: StrictOpt = False,
    encoding: EncodingOpt = None,
) -> None:
    """List papers, filtered and sorted.

    Examples:

      scholar list examples/profile.txt

      scholar list examples/profile.txt --author "jason d. lee" --since 2021 --until 2021

      scholar list refs.bib --category LG --sort date --reverse -f json -o papers.json

      cat profile.txt | scholar list - -f keys
    """
    refuse_outputs_over_inputs([output], files, force=force)
    # Options are checked before the inputs are read: a typo in --since should not wait
    # for a large file.
    keep = make_filter(
        year=year,
        since=since,
        until=until,
        categories=category or (),
        author=author,
        has_code=has_code,
    )
    loaded = load_papers(ctx, files, strict=strict, encoding=encoding)
    papers = sort_papers(keep.apply(loaded.papers), sort, reverse=reverse)
    if limit is not None:
        papers = papers[:limit]

    def write(out: TextIO) -> None:
        if fmt is ListFormat.TABLE:
            from scholarcli.cli.render import print_papers

            print_papers(papers, out)
        else:
            from scholarcli.writers import WriteOptions, get_writer

            get_writer(fmt.value)(papers, out, WriteOptions())

    emit(write, output, inputs=files or (), force=force)
