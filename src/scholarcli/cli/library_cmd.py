"""`scholar library info|remove|path`: look after the library database itself."""

from __future__ import annotations

import sys
from enum import StrEnum
from typing import Annotated

import typer

from scholarcli.cli.common import emit, settings

library_app = typer.Typer(
    name="library",
    help="Show, clean up or locate the library (the SQLite file `scholar import` fills).\n\n"
    "Example: scholar library info",
    no_args_is_help=True,
    # Built apart from the main app (cli/app.py loads commands lazily): the same markup,
    # and shell completion stays an option of `scholar` alone.
    rich_markup_mode="rich",
    add_completion=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)


class InfoFormat(StrEnum):
    TEXT = "text"
    JSON = "json"


@library_app.command("info")
def info(
    ctx: typer.Context,
    fmt: Annotated[
        InfoFormat,
        typer.Option("--format", "-f", help="text (one 'name: value' a line) or json."),
    ] = InfoFormat.TEXT,
) -> None:
    """Show the library's path, schema version, paper count and size.

    Examples:

      scholar library info

      scholar library info -f json
    """
    from scholarcli.cli.render import visible
    from scholarcli.library import open_library

    with open_library(settings(ctx).library_path, create=False) as library:
        facts = library.info()
    data = {
        "path": str(facts.path),
        "exists": facts.exists,
        "schema_version": facts.schema_version,
        "papers": facts.papers,
        "size_bytes": facts.size_bytes,
        "last_import": facts.last_import,
        "undo_batches": facts.undo_batches,
        "metrics": facts.metrics,
    }
    if fmt is InfoFormat.JSON:
        from scholarcli.writers.jsonio import dumps

        text = dumps(data, indent=2) + "\n"
        emit(lambda out: out.write(text), None)
        return
    lines = [
        ("path", str(facts.path) + ("" if facts.exists else " (not created yet)")),
        ("schema version", str(facts.schema_version or "-")),
        ("papers", str(facts.papers)),
        ("size", _size(facts.size_bytes)),
    ]
    if facts.last_import:
        last = facts.last_import
        lines.append(
            (
                "last import",
                f"{last.get('at')} from {last.get('source')} (added {last.get('added')}, "
                f"updated {last.get('updated')}, unchanged {last.get('unchanged')})",
            )
        )
    if facts.undo_batches:
        lines.append(("undoable merges", str(facts.undo_batches)))
    emit(lambda out: out.writelines(f"{name}: {visible(value)}\n" for name, value in lines), None)


def _size(n: int) -> str:
    if n < 1024:
        return f"{n} bytes"
    value = n / 1024
    units = ["KiB", "MiB", "GiB", "TiB"]
    while value >= 1024 and len(units) > 1:
        value /= 1024
        units.pop(0)
    return f"{value:.1f} {units[0]} ({n} bytes)"


@library_app.command("remove")
def remove(
    ctx: typer.Context,
    keys: Annotated[
        list[str],
        typer.Argument(
            help="Citation keys of the papers to remove (case ignored); '-' reads keys "
            "from stdin, one a line.",
            show_default=False,
            metavar="KEY...",
        ),
    ],
) -> None:
    """Remove papers from the library by key.

    All or nothing: if one key is not in the library, no paper is removed (exit 2).

    Examples:

      scholar library remove yang2022nearly

      scholar list --until 2015 -f keys | scholar library remove -
    """
    from scholarcli.cli.render import note
    from scholarcli.library import open_library

    wanted = [k for key in keys for k in (_stdin_keys() if key == "-" else [key])]
    if not wanted:
        note("no keys given; nothing removed")
        return
    with open_library(settings(ctx).library_path, create=False) as library:
        removed = library.remove(wanted)
    note(f"removed {len(removed)}")


def _stdin_keys() -> list[str]:
    return [line.strip() for line in sys.stdin.read().splitlines() if line.strip()]


@library_app.command("path")
def path(ctx: typer.Context) -> None:
    """Print the library's path (it may not exist yet), for scripts.

    Examples:

      scholar library path

      cp "$(scholar library path)" backup.sqlite
    """
    where = f"{settings(ctx).library_path}\n"
    emit(lambda out: out.write(where), None)
