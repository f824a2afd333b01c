"""The Typer app: global options, error handling, and the lazily loaded command table.

Commands live one to a module in this package and are imported only when invoked (``--help``
loads them all to list them): Typer otherwise imports every command module and builds the
whole Click command tree on every run. Each module imports the heavy parts it needs (rich,
bibtexparser, rapidfuzz, sqlite3) inside its function, so start-up stays fast.
"""

from __future__ import annotations

import datetime as dt
import signal
import sys
import threading
from collections.abc import Iterator, MutableMapping, Sequence
from importlib import import_module
from typing import Annotated, Any, Literal

import typer
from typer.core import TyperGroup

from scholarcli import __version__
from scholarcli.cli.common import Settings
from scholarcli.errors import ExitCode, ScholarError

INTERNAL_ERROR = 70  # a bug in scholar, not in the input (BSD sysexits' EX_SOFTWARE)
MARKUP_MODE: Literal["rich"] = "rich"

# Command name -> (module, attribute): a command function, or a Typer app of subcommands.
# The order is the order of `scholar --help`.
COMMANDS: dict[str, tuple[str, str]] = {
    "list": ("scholarcli.cli.list_cmd", "list_papers"),
    "stats": ("scholarcli.cli.stats_cmd", "stats"),
    "search": ("scholarcli.cli.search", "search_papers"),
    "export": ("scholarcli.cli.export", "export_papers"),
    "dedupe": ("scholarcli.cli.dedupe", "dedupe_papers"),
    "check": ("scholarcli.cli.check_cmd", "check_bibliography"),
    "import": ("scholarcli.cli.import_cmd", "import_files"),
    "library": ("scholarcli.cli.library_cmd", "library_app"),
}


def load_command(name: str) -> Any:
    """The Click command ``name`` of :data:`COMMANDS`, its module imported now."""
    module, attribute = COMMANDS[name]
    target = getattr(import_module(module), attribute)
    if not isinstance(target, typer.Typer):
        # A one-command Typer app gives a plain command, built exactly as Typer builds the
        # commands of a group (same help, markup and parameter handling).
        single = typer.Typer(
            add_completion=False, pretty_exceptions_enable=False, rich_markup_mode=MARKUP_MODE
        )
        single.command(name)(target)
        target = single
    command = typer.main.get_command(target)
    command.name = name
    _end_start_up()
    return command


def _end_start_up() -> None:
    """Turn garbage collection back on, after the start-up that ``__main__`` runs without it.

    What start-up built lives as long as the process: frozen, the collector never walks it
    again (on a long run every full collection would). Does nothing when collection is on
    (tests, ``--help`` loading its second command).
    """
    import gc

    if not gc.isenabled():
        gc.freeze()
        gc.enable()


class LazyCommands(MutableMapping[str, Any]):
    """The group's ``commands`` mapping: names are known at once, commands built on first use.

    Typer's group reads this mapping to dispatch (one look-up), to suggest a name for a typo
    (names only) and to list commands for ``--help`` (every command): only the last pays
    for importing every command module.
    """

    def __init__(self, table: dict[str, tuple[str, str]], built: dict[str, Any]) -> None:
        self._table = table
        self._built = dict(built)

    def __getitem__(self, name: str) -> Any:
        if name not in self._built:
            if name not in self._table:
                raise KeyError(name)
            self._built[name] = load_command(name)
        return self._built[name]

    def __setitem__(self, name: str, command: Any) -> None:
        self._built[name] = command

    def __delitem__(self, name: str) -> None:
        self._table.pop(name, None)
        del self._built[name]

    def __iter__(self) -> Iterator[str]:
        yield from self._table
        yield from (name for name in self._built if name not in self._table)

    def __len__(self) -> int:
        return len(self._table.keys() | self._built.keys())

    def __contains__(self, name: object) -> bool:
        return name in self._table or name in self._built


class ScholarGroup(TyperGroup):
    """The ``scholar`` group: commands loaded lazily, errors turned into one line on stderr
    and an exit code (no traceback unless --debug)."""

    def __init__(self, **attrs: Any) -> None:
        super().__init__(**attrs)
        self.commands = LazyCommands(dict(COMMANDS), dict(self.commands))

    def main(
        self,
        args: Sequence[str] | None = None,
        prog_name: str | None = None,
        complete_var: str | None = None,
        standalone_mode: bool = True,
        windows_expand_args: bool = True,
        **extra: Any,
    ) -> Any:
        """Usage errors as ``scholar: message`` and a hint, like every other error.

        Typer would draw them in a box with the usage line above; a script that reads
        stderr, or a person in a narrow terminal, is better served by one line.
        """
        if not standalone_mode:
            return super().main(args, prog_name, complete_var, False, windows_expand_args, **extra)
        # Typer 0.28 vendors Click; its exceptions are importable only from the private module.
        from typer._click.exceptions import ClickException, NoArgsIsHelpError

        previous = _catch_sigterm()
        try:
            result = super().main(
                args, prog_name, complete_var, False, windows_expand_args, **extra
            )
        except NoArgsIsHelpError as exc:
            sys.exit(exc.exit_code)  # the help was printed already
        except ClickException as exc:
            _print_usage_error(exc)
            sys.exit(exc.exit_code)
        except typer.Abort:
            sys.stderr.write("scholar: aborted\n")
            sys.exit(1)
        finally:
            if previous is not None:
                signal.signal(signal.SIGTERM, previous)
        # Without standalone mode Click returns typer.Exit's code, or the command's None.
        sys.exit(result if isinstance(result, int) else 0)

    def invoke(self, ctx: Any) -> Any:
        try:
            return super().invoke(ctx)
        except ScholarError as exc:
            _print_error(exc.message, exc.hint, ctx)
            raise typer.Exit(int(exc.exit_code)) from None
        except BrokenPipeError:
            # The reader of our stdout went away (`scholar list | head`): stop quietly.
            _silence_stdout()
            raise typer.Exit(0) from None
        except Terminated:
            sys.stderr.write("scholar: terminated\n")
            raise typer.Exit(int(ExitCode.TERMINATED)) from None
        except KeyboardInterrupt:
            sys.stderr.write("scholar: interrupted\n")
            raise typer.Exit(int(ExitCode.INTERRUPTED)) from None
        except (typer.Exit, typer.Abort, typer.BadParameter):
            raise
        except Exception as exc:
            if _exception_from_typer(exc):
                raise
            _print_error(f"internal error: {type(exc).__name__}: {exc}", None, ctx)
            if not _debug(ctx):
                sys.stderr.write("  rerun with --debug for the traceback, and please report it\n")
            raise typer.Exit(INTERNAL_ERROR) from None


class Terminated(KeyboardInterrupt):
    """SIGTERM (a cancelled CI job, ``kill``), unwound like Ctrl-C.

    Python's default for SIGTERM is to die on the spot, which would leave a temporary
    output file behind; raised as an exception, it runs the same clean-up as Ctrl-C
    (temporary file removed, library transaction rolled back).
    """


def _raise_terminated(signum: int, frame: object) -> None:
    raise Terminated


def _catch_sigterm() -> Any:
    """Install the SIGTERM handler; the one it replaced, or None when it left it alone.

    Only a default handler in the main thread is replaced: a program that embeds the app
    (or a test runner) keeps its own.
    """
    if threading.current_thread() is not threading.main_thread():
        return None
    if signal.getsignal(signal.SIGTERM) is not signal.SIG_DFL:
        return None
    return signal.signal(signal.SIGTERM, _raise_terminated)


def _print_usage_error(exc: Exception) -> None:
    from scholarcli.cli.render import error_line

    message = " ".join(str(getattr(exc, "format_message", exc.__str__)()).split())
    ctx = getattr(exc, "ctx", None)
    path = ctx.command_path if ctx is not None else "scholar"
    error_line(message, hint=f"see '{path} --help'")


def _exception_from_typer(exc: Exception) -> bool:
    # Usage errors of the vendored Click pass through to ScholarGroup.main, which prints
    # them as one line (exit 2).
    return type(exc).__module__.startswith(("typer", "click"))


def _debug(ctx: Any) -> bool:
    obj = ctx.find_root().obj
    return isinstance(obj, Settings) and obj.debug


def _print_error(message: str, hint: str | None, ctx: Any) -> None:
    from scholarcli.cli.render import error_line

    if _debug(ctx):
        import traceback

        traceback.print_exc(file=sys.stderr)
    error_line(message, hint=hint)


def _silence_stdout() -> None:
    import os

    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):
        pass


app = typer.Typer(
    name="scholar",
    cls=ScholarGroup,
    help="Read, list, search, export, summarise, de-duplicate and check publication lists.",
    epilog="Example: scholar list examples/profile.txt --since 2024",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=MARKUP_MODE,
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"scholar {__version__}")
        raise typer.Exit()


def _parse_as_of(value: str | None) -> dt.date:
    if not value:
        return dt.date.today()
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise typer.BadParameter(
            f"{value!r} is not a date YYYY-MM-DD", param_hint="'--as-of' / SCHOLAR_AS_OF"
        ) from None


@app.callback()
def main_options(
    ctx: typer.Context,
    library: Annotated[
        str | None,
        typer.Option(
            "--library",
            envvar="SCHOLAR_LIBRARY",
            help="The library database file (default: library.sqlite in your user data "
            "folder). Example: --library ~/cv/papers.sqlite",
            metavar="PATH",
        ),
    ] = None,
    as_of: Annotated[
        str | None,
        typer.Option(
            "--as-of",
            envvar="SCHOLAR_AS_OF",
            help="Reference date for year-less dates in profile listings (default: today). "
            "Example: --as-of 2026-11-28",
            metavar="YYYY-MM-DD",
        ),
    ] = None,
    debug: Annotated[bool, typer.Option("--debug", help="Show the traceback of an error.")] = False,
    version: Annotated[
        bool,
        typer.Option(
            "--version", callback=_version, is_eager=True, help="Print the version and exit."
        ),
    ] = False,
) -> None:
    """Read, list, search, export, summarise, de-duplicate and check publication lists.

    Inputs are profile listings (.txt), BibTeX (.bib), CSL-JSON or scholar JSON (.json)
    and JSONL; '-' is stdin. With no input files, commands read the library.
    """
    ctx.obj = Settings(library=library, as_of=_parse_as_of(as_of), debug=debug)
