"""`scholar search`: papers ranked by relevance to a query, as a table, JSON, JSONL, CSV or keys."""

from __future__ import annotations

from enum import StrEnum
from typing import TYPE_CHECKING, Annotated, TextIO

import typer

from scholarcli.cli.common import (
    emit,
    load_papers,
    refuse_outputs_over_inputs,
    say_library_is_empty,
    settings,
)
from scholarcli.cli.options import EncodingOpt, FilesArg, ForceOpt, OutputOpt, StrictOpt

if TYPE_CHECKING:
    from scholarcli.query import Query
    from scholarcli.search import SearchResult


class SearchFormat(StrEnum):
    TABLE = "table"
    JSON = "json"
    JSONL = "jsonl"
    CSV = "csv"
    KEYS = "keys"


QUERY_HELP = """\
What to find. Words must all match, in any field, ignoring case, accents and punctuation,
forgiving typos and inflections (prunning, pruned -> pruning). "a phrase" matches exactly
and in order; -word excludes; a OR b matches either (OR binds before the implicit AND);
(parentheses) group. Qualifiers: title:WORD, abstract:WORD, author:NAME
(author:"Jason D. Lee"), venue:WORD, key:KEY (key:yang2022*), year:2023, year:2021..2023,
year:>=2024, year:<2020, category:LG or cat:LG,CV, code:yes|no.
Example: 'pruning -survey year:>=2023'"""


def search_papers(
    ctx: typer.Context,
    query: Annotated[str, typer.Argument(help=QUERY_HELP, show_default=False, metavar="QUERY")],
    files: FilesArg = None,
    limit: Annotated[
        int,
        typer.Option(
            "--limit",
            "-n",
            min=0,
            help="Show at most N papers, best first (0: all that match). Example: --limit 5",
            metavar="N",
        ),
    ] = 20,
    fmt: Annotated[
        SearchFormat,
        typer.Option(
            "--format",
            "-f",
            help="table (rich on a terminal, tab-separated when piped, with the score last), "
            "json or jsonl (each paper with its score), csv (a score column), keys. "
            "Example: -f json",
        ),
    ] = SearchFormat.TABLE,
    output: OutputOpt = None,
    force: ForceOpt = False,
    strict: StrictOpt = False,
    encoding: EncodingOpt = None,
) -> None:
    """Search papers: ranked by relevance (BM25, title above abstract), best first.

    Examples:

      scholar search pruning examples/profile.txt

      scholar search prunning examples/profile.txt --limit 3

      scholar search 'author:"Jason D. Lee" year:2021' examples/profile.txt -f json

      scholar search '"self-supervised" (vision OR image) -survey cat:CV' refs.bib -f keys

      scholar search 'title:bandits year:2021..2023' -f csv -o bandits.csv
    """
    from scholarcli.query import parse_query
    from scholarcli.search import search_papers as rank

    parsed = parse_query(query)  # a malformed query fails before any input is read
    refuse_outputs_over_inputs([output], files, force=force)
    if files:
        loaded = load_papers(ctx, files, strict=strict, encoding=encoding)
        found = rank(loaded.papers, parsed, limit=limit or None)
    else:
        found = _search_library(ctx, parsed, limit or None)
    if not found.papers:
        from scholarcli.cli.render import note

        note(
            f"no papers match {query!r}; hint: fewer words, OR between alternatives, or a "
            "wider year: range"
        )
    elif found.total > len(found.papers):
        from scholarcli.cli.render import note

        note(f"showing the best {len(found.papers)} of {found.total} matches (--limit)")

    def write(out: TextIO) -> None:
        if fmt is SearchFormat.TABLE:
            from scholarcli.cli.render import print_hits

            print_hits(found.papers, found.scores, found.highlight, out)
        elif found.papers or fmt is SearchFormat.JSON:
            from scholarcli.writers import WriteOptions, get_writer

            get_writer(fmt.value)(found.papers, out, WriteOptions(scores=found.scores))

    emit(write, output, inputs=files or (), force=force)


def _search_library(ctx: typer.Context, parsed: Query, limit: int | None) -> SearchResult:
    """Search the library through its full-text index (it never loads every paper)."""
    from scholarcli.library import open_library
    from scholarcli.search_library import search_library

    path = settings(ctx).library_path
    with open_library(path, create=False) as library:
        if library.count() == 0:
            say_library_is_empty(path)
        return search_library(library, parsed, limit=limit)
