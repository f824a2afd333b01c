"""Errors a user can cause, each carrying the exit code the CLI turns it into."""

from __future__ import annotations

from enum import IntEnum


class ExitCode(IntEnum):
    """The exit statuses of DESIGN section 3, plus 130 for Ctrl-C and 143 for SIGTERM."""

    OK = 0
    FINDINGS = 1  # the command ran and found what it was asked to fail on
    USAGE = 2  # bad arguments, or input that cannot be read
    INTERRUPTED = 130
    TERMINATED = 143  # SIGTERM: 128 + 15, as a shell reports a process killed by it


class ScholarError(Exception):
    """Base of every error a user can cause; the CLI prints ``scholar: <message>``."""

    exit_code: ExitCode = ExitCode.USAGE

    def __init__(self, message: str, *, hint: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint


class UsageError(ScholarError):
    """Arguments or options that make no sense together, or a malformed query."""


class InputError(ScholarError):
    """An input that cannot be read at all (missing, a directory, undecodable...)."""

    def __init__(
        self,
        file: str,
        message: str,
        *,
        line: int | None = None,
        hint: str | None = None,
    ) -> None:
        where = file if line is None else f"{file}:{line}"
        super().__init__(f"{where}: {message}", hint=hint)
        self.file = file
        self.line = line


class LibraryError(ScholarError):
    """The library database is not a scholar library, is corrupt, or cannot be written."""


class OutputError(ScholarError):
    """An output file that cannot be written, or would overwrite an input."""
