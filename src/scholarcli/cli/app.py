"""The Typer app: global options, error handling, and the command table.

Commands live one to a module in this package; each imports the heavy parts it needs
(rich, bibtexparser, rapidfuzz, sqlite3) inside its function, so start-up stays fast.
"""

from __future__ import annotations

import datetime as dt
import signal
import sys
import threading
import traceback
from collections.abc import Sequence
from typing import Annotated, Any

import typer
from typer.core import TyperGroup

from scholarcli import __version__
from scholarcli.cli import (
    check_cmd,
    dedupe,
    export,
    import_cmd,
    library_cmd,
    list_cmd,
    search,
    stats_cmd,
)
from scholarcli.cli.common import Settings
from scholarcli.errors import ExitCode, ScholarError

INTERNAL_ERROR = 70  # a bug in scholar, not in the input (BSD sysexits' EX_SOFTWARE)


class ScholarGroup(TyperGroup):
    """Turns errors into one line on stderr and an exit code: no traceback unless --debug."""

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
    # Usage errors of the vendored Click pass through so Typer formats them (exit 2).
    return type(exc).__module__.startswith(("typer", "click"))


def _debug(ctx: Any) -> bool:
    obj = ctx.find_root().obj
    return isinstance(obj, Settings) and obj.debug


def _print_error(message: str, hint: str | None, ctx: Any) -> None:
    from scholarcli.cli.render import error_line

    if _debug(ctx):
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
    rich_markup_mode="rich",
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


app.command("list")(list_cmd.list_papers)
app.command("stats")(stats_cmd.stats)
app.command("search")(search.search_papers)
app.command("export")(export.export_papers)
app.command("dedupe")(dedupe.dedupe_papers)
app.command("check")(check_cmd.check_bibliography)
app.command("import")(import_cmd.import_files)
app.add_typer(library_cmd.library_app, name="library")
