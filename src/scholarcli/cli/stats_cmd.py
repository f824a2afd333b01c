"""`scholar stats`: a publication dashboard (terminal, JSON, markdown, SVG, HTML)."""

from __future__ import annotations

from collections.abc import Sequence
from enum import StrEnum
from typing import Annotated, Literal, TextIO

import typer

from scholarcli.cli.common import emit, load_papers, refuse_outputs_over_inputs
from scholarcli.cli.list_cmd import AuthorOpt, CategoryOpt, SinceOpt, UntilOpt, YearOpt
from scholarcli.cli.options import EncodingOpt, FilesArg, ForceOpt, OutputOpt, StrictOpt
from scholarcli.filters import make_filter


class StatsFormat(StrEnum):
    TABLE = "table"
    JSON = "json"
    MARKDOWN = "markdown"


def stats(
    ctx: typer.Context,
    files: FilesArg = None,
    owner: Annotated[
        str | None,
        typer.Option(
            "--owner",
            help="Whose publication list this is (default: the most frequent author, and "
            'the output says so); matched like --author. Example: --owner "Qi Lei"',
            metavar="NAME",
        ),
    ] = None,
    top: Annotated[
        int,
        typer.Option("--top", min=1, help="Show this many co-authors. Example: --top 20"),
    ] = 10,
    year: YearOpt = None,
    since: SinceOpt = None,
    until: UntilOpt = None,
    category: CategoryOpt = None,
    author: AuthorOpt = None,
    fmt: Annotated[
        StatsFormat,
        typer.Option(
            "--format",
            "-f",
            help="table (a rich dashboard on a terminal, plain text when piped), json, "
            "markdown. Example: -f json",
        ),
    ] = StatsFormat.TABLE,
    output: OutputOpt = None,
    svg: Annotated[
        str | None,
        typer.Option(
            "--svg",
            help="Also save the dashboard as an SVG picture. Example: --svg docs/stats.svg",
            metavar="FILE",
        ),
    ] = None,
    html: Annotated[
        str | None,
        typer.Option(
            "--html",
            help="Also save the dashboard as an HTML page. Example: --html stats.html",
            metavar="FILE",
        ),
    ] = None,
    force: ForceOpt = False,
    strict: StrictOpt = False,
    encoding: EncodingOpt = None,
) -> None:
    """Summarise a publication list: papers per year and category, code, co-authors, owner,
    the profile header's metrics, h-index and i10-index from citation counts.

    Examples:

      scholar stats examples/profile.txt

      scholar stats examples/profile.txt -f json

      scholar stats examples/profile.txt --since 2022 --category LG --owner "Qi Lei"

      scholar stats refs.bib -f markdown -o stats.md --svg stats.svg --html stats.html
    """
    from scholarcli.cli import dashboard
    from scholarcli.cli.render import note
    from scholarcli.stats import compute_stats
    from scholarcli.text import squash

    refuse_outputs_over_inputs([output, svg, html], files, force=force)
    keep = make_filter(  # before reading: a bad --since fails at once
        year=year, since=since, until=until, categories=category or (), author=author
    )
    loaded = load_papers(ctx, files, strict=strict, encoding=encoding)
    figures = compute_stats(
        keep.apply(loaded.papers),
        listed=len(loaded.papers),
        metrics=loaded.metrics,
        claimed_count=loaded.claimed_count,
        owner=owner,
        top=top,
    )
    names = figures.owner.spellings if owner and figures.owner else ()
    if owner and not names:
        note(f"scholar: no author matches --owner {owner!r}")
    elif len({squash(name) for name in names}) > 1:
        # Several people may hide behind a short query ("li"); spellings of one name do not.
        note(
            f"scholar: --owner {owner!r} matches {len(names)} names, all counted as the owner: "
            + ", ".join(names)
        )

    def write(out: TextIO) -> None:
        if fmt is StatsFormat.JSON:
            from scholarcli.stats import to_dict
            from scholarcli.writers.jsonio import dumps

            out.write(dumps(to_dict(figures), indent=2) + "\n")
        elif fmt is StatsFormat.MARKDOWN:
            dashboard.write_markdown(figures, out)
        else:
            dashboard.print_dashboard(figures, out)

    inputs = files or ()
    emit(write, output, inputs=inputs, force=force)
    pictures: list[tuple[str | None, Literal["svg", "html"]]] = [(svg, "svg"), (html, "html")]
    for path, kind in pictures:
        if path:
            _save(dashboard.export_dashboard(figures, kind), path, inputs=inputs, force=force)
            note(f"scholar: saved the dashboard to {path}")


def _save(page: str, path: str, *, inputs: Sequence[str], force: bool) -> None:
    def write(out: TextIO) -> None:
        out.write(page)

    emit(write, path, inputs=inputs, force=force)
