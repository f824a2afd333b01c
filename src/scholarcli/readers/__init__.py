"""Text -> papers: pick a reader by suffix or by sniffing, and read any input safely.

Every reader is a function ``(text, source=..., as_of=...) -> ReadResult`` that never raises
on bad content: unreadable records become problems. Only an input that cannot be opened or
decoded at all raises :class:`~scholarcli.errors.InputError`.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import stat
import sys
from collections.abc import Callable
from dataclasses import replace
from enum import StrEnum
from importlib import import_module
from pathlib import Path
from typing import BinaryIO

from scholarcli.errors import InputError
from scholarcli.model import Level, Problem, ReadResult


class InputFormat(StrEnum):
    """The formats scholar reads."""

    PROFILE = "profile"
    BIBTEX = "bibtex"
    CSLJSON = "csl-json"
    JSON = "json"
    JSONL = "jsonl"


Reader = Callable[..., ReadResult]

# Module and function of each reader, imported only when a file of that format is read.
_READERS: dict[InputFormat, tuple[str, str]] = {
    InputFormat.PROFILE: ("scholarcli.readers.profile", "read_profile"),
    InputFormat.BIBTEX: ("scholarcli.readers.bibtex", "read_bibtex"),
    InputFormat.CSLJSON: ("scholarcli.readers.csljson", "read_csljson"),
    InputFormat.JSON: ("scholarcli.readers.jsonio", "read_json"),
    InputFormat.JSONL: ("scholarcli.readers.jsonio", "read_jsonl"),
}

_SUFFIXES: dict[str, InputFormat] = {
    ".txt": InputFormat.PROFILE,
    ".profile": InputFormat.PROFILE,
    ".bib": InputFormat.BIBTEX,
    ".bibtex": InputFormat.BIBTEX,
    ".biblatex": InputFormat.BIBTEX,
    ".jsonl": InputFormat.JSONL,
    ".ndjson": InputFormat.JSONL,
}

STDIN = "-"
STDIN_NAME = "<stdin>"
_MAX_BYTES = 2**31  # refuse absurd inputs up front rather than exhausting memory
_BIBTEX_SNIFF = re.compile(r"^\s*@\s*[A-Za-z]+\s*[{(]", re.MULTILINE)


def get_reader(fmt: InputFormat) -> Reader:
    module, name = _READERS[fmt]
    reader: Reader = getattr(import_module(module), name)
    return reader


def display_name(path: str) -> str:
    return STDIN_NAME if path == STDIN else path


def read_bytes(path: str, *, stdin: BinaryIO | None = None) -> bytes:
    """The bytes of a file, or of stdin for ``-``; InputError for anything that is not a file."""
    if path == STDIN:
        stream = stdin if stdin is not None else sys.stdin.buffer
        return stream.read()
    try:
        mode = os.stat(path).st_mode
    except FileNotFoundError:
        raise InputError(path, "no such file", hint="check the path") from None
    except PermissionError:
        raise InputError(path, "permission denied") from None
    except OSError as exc:
        raise InputError(path, exc.strerror or str(exc)) from None
    if stat.S_ISDIR(mode):
        raise InputError(path, "is a directory, not a file", hint="name the files inside it")
    if not (stat.S_ISREG(mode) or stat.S_ISFIFO(mode) or stat.S_ISCHR(mode)):
        raise InputError(path, "is not a regular file")
    try:
        with open(path, "rb") as f:
            data = f.read(_MAX_BYTES + 1)
    except PermissionError:
        raise InputError(path, "permission denied") from None
    except OSError as exc:
        raise InputError(path, exc.strerror or str(exc)) from None
    if len(data) > _MAX_BYTES:
        raise InputError(path, "is larger than 2 GiB; split it first")
    return data


def decode_bytes(data: bytes, name: str, encoding: str | None = None) -> tuple[str, list[Problem]]:
    """Bytes -> text with Unix line ends: a forced encoding, a BOM, UTF-8, else Latin-1."""
    problems: list[Problem] = []
    if encoding:
        try:
            text = data.decode(encoding)
        except LookupError:
            raise InputError(name, f"unknown encoding {encoding!r}") from None
        except UnicodeDecodeError as exc:
            line = data.count(b"\n", 0, exc.start) + 1
            raise InputError(name, f"not valid {encoding}: {exc.reason}", line=line) from None
        text = text.removeprefix("\ufeff")
    elif data.startswith((b"\xff\xfe\x00\x00", b"\x00\x00\xfe\xff")):
        text = _decode_bom(data, "utf-32", name)
    elif data.startswith((b"\xff\xfe", b"\xfe\xff")):
        text = _decode_bom(data, "utf-16", name)
    else:
        if data.startswith(b"\xef\xbb\xbf"):
            data = data[3:]
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError as exc:
            line = data.count(b"\n", 0, exc.start) + 1
            problems.append(
                Problem(
                    name,
                    line,
                    f"not valid UTF-8 (byte 0x{data[exc.start]:02x}); read as Latin-1 "
                    "(use --encoding to choose another)",
                    Level.WARNING,
                )
            )
            text = data.decode("latin-1")
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text, problems


def _decode_bom(data: bytes, codec: str, name: str) -> str:
    try:
        return data.decode(codec).removeprefix("\ufeff")
    except UnicodeDecodeError as exc:
        raise InputError(name, f"not valid {codec.upper()}: {exc.reason}") from None


def sniff(text: str, path: str) -> InputFormat | None:
    """The format of ``text``: from the suffix of ``path``, else from the content."""
    suffix = Path(path).suffix.lower() if path != STDIN else ""
    if suffix in _SUFFIXES:
        return _SUFFIXES[suffix]
    head = text[:65536].lstrip()
    if suffix == ".json" or head.startswith(("[", "{")):
        if suffix != ".json" and head.startswith("{") and "\n{" in head.strip():
            return InputFormat.JSONL
        return _sniff_json_flavour(head)
    if _BIBTEX_SNIFF.search(head):
        return InputFormat.BIBTEX
    from scholarcli.readers.profile import looks_like_profile

    if looks_like_profile(head):
        return InputFormat.PROFILE
    return None


def _sniff_json_flavour(head: str) -> InputFormat:
    # CSL-JSON names people in "author" objects and dates in "issued"; ours uses "authors".
    if '"authors"' in head:
        return InputFormat.JSON
    if re.search(r'"(author|issued|container-title|type)"\s*:', head):
        return InputFormat.CSLJSON
    return InputFormat.JSON


def read_input(
    path: str,
    *,
    as_of: dt.date,
    encoding: str | None = None,
    fmt: InputFormat | None = None,
    stdin: BinaryIO | None = None,
) -> ReadResult:
    """Read one input (``-`` is stdin) into papers and problems."""
    name = display_name(path)
    data = read_bytes(path, stdin=stdin)
    text, problems = decode_bytes(data, name, encoding)
    fmt = fmt or sniff(text, path)
    if fmt is None:
        if not text.strip():
            return ReadResult(source=name, papers=[], problems=problems)
        raise InputError(
            name,
            "cannot tell the format (not a profile listing, BibTeX, CSL-JSON or JSON)",
            hint="name the file .txt, .bib, .json or .jsonl",
        )
    result = get_reader(fmt)(text, source=name, as_of=as_of)
    if problems:
        result = replace(result, problems=problems + result.problems)
    return result
