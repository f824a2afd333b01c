"""Writing output files atomically: a crash or Ctrl-C mid-write leaves the old file whole."""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import TextIO

from scholarcli.errors import OutputError


def same_file(a: str, b: str) -> bool:
    """Do two paths name one existing file (through links, `..`, or case-insensitive disks)?"""
    try:
        return os.path.samefile(a, b)
    except OSError:
        return False


def refuse_overwriting_inputs(output: str, inputs: Iterable[str], *, force: bool) -> None:
    """OutputError when ``output`` is one of ``inputs`` and ``force`` is not given."""
    if force:
        return
    for path in inputs:
        if path != "-" and same_file(output, path):
            raise OutputError(
                f"{output}: is also an input; refusing to overwrite it",
                hint="write elsewhere, or pass --force to replace the input",
            )


@contextlib.contextmanager
def atomic_open(path: str) -> Iterator[TextIO]:
    """A text stream whose content replaces ``path`` only when the block ends without error.

    The data goes to a temporary file beside ``path`` (same file system, so the final
    rename is atomic), is flushed to disk, and then renamed over ``path``. On any
    exception, KeyboardInterrupt included, the temporary file is removed.
    """
    if not path:
        raise OutputError("the output file name is empty")
    target = Path(path)
    directory = target.parent if str(target.parent) else Path()
    if target.is_dir():
        raise OutputError(f"{path}: is a directory")
    if target.exists() and not target.is_file():
        # A device or a pipe (-o /dev/null, /dev/stdout, a FIFO): a rename would replace it
        # with a plain file (as root, /dev/null itself), so it is written in place.
        try:
            special = open(target, "w", encoding="utf-8", newline="\n")  # noqa: SIM115
        except OSError as exc:
            raise OutputError(f"{path}: cannot write here ({exc.strerror})") from None
        with _write_errors(path), special:
            yield special
        return
    if not directory.is_dir():
        raise OutputError(f"{path}: the folder {directory} does not exist")
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=directory)
    except OSError as exc:
        raise OutputError(f"{path}: cannot write here ({exc.strerror})") from None
    try:
        with _write_errors(path):
            with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as stream:
                yield stream
                stream.flush()
                os.fsync(stream.fileno())
            with contextlib.suppress(OSError):
                # Keep the permissions of the file being replaced; a new file gets the umask's.
                mode = target.stat().st_mode if target.exists() else 0o666 & ~_umask()
                os.chmod(tmp, mode)
            os.replace(tmp, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


@contextlib.contextmanager
def _write_errors(path: str) -> Iterator[None]:
    """A full disk or a failing device is the user's to fix: OutputError, not a crash.

    A reader that went away (BrokenPipeError, a FIFO given as -o) is left to the CLI,
    which stops quietly then.
    """
    try:
        yield
    except BrokenPipeError:
        raise
    except OSError as exc:
        raise OutputError(f"{path}: cannot write ({exc.strerror or exc})") from exc


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def write_atomically(path: str, write: Callable[[TextIO], None]) -> None:
    with atomic_open(path) as stream:
        write(stream)
