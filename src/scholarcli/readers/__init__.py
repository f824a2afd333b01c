"""Text -> papers: pick a reader by suffix or by sniffing, and read any input safely.

Every reader is a function ``(text, source=..., as_of=...) -> ReadResult`` that never raises
on bad content: unreadable records become problems. Only an input that cannot be opened or
decoded at all raises :class:`~scholarcli.errors.InputError`.
"""

from __future__ import annotations

import codecs
import datetime as dt
import gc
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
_SURROGATE = re.compile("[\ud800-\udfff]")
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
        except (UnicodeError, ValueError) as exc:
            # Codecs like idna or punycode fail in their own ways.
            raise InputError(name, f"not valid {encoding}: {exc}") from None
        text = text.removeprefix("\ufeff")
        lone = _SURROGATE.search(text)
        if lone:
            # Codecs such as unicode_escape make lone surrogates, which no output could
            # encode later.
            line = text.count("\n", 0, lone.start()) + 1
            text = _SURROGATE.sub("\ufffd", text)
            problems.append(
                Problem(name, line, "lone surrogates replaced with U+FFFD", Level.WARNING)
            )
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
            text, problem = _decode_legacy(data, name, exc)
            problems.append(problem)
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text, problems


# An editor's note of the file's encoding: Emacs "-*- coding: latin-9 -*-", Vim
# "vim: set fileencoding=...", JabRef "% Encoding: windows-1252", TeXShop "% !TEX encoding =".
_CODING_COOKIE = re.compile(
    rb"(?:coding[:=]|fileencoding=|%\s*Encoding:|!TEX\s+encoding\s*=)\s*([-\w.]+)", re.IGNORECASE
)
# Runs of bytes >= 0x80: CJK text is written in long runs, Latin accents stand alone.
_HIGH_RUN = re.compile(rb"[\x80-\xff]+")


def _cookie_encoding(data: bytes) -> str | None:
    m = _CODING_COOKIE.search(data[:1024])
    if not m:
        return None
    name = m.group(1).decode("ascii").lower()
    name = re.sub(r"-(unix|dos|mac)$", "", name)  # Emacs end-of-line suffixes
    name = re.sub(r"^latin-(\d+)$", r"latin\1", name)
    try:
        return codecs.lookup(name).name
    except LookupError:
        return None


def _looks_chinese(data: bytes) -> bool:
    runs = _HIGH_RUN.findall(data)
    high = sum(len(r) for r in runs)
    return high > 0 and sum(len(r) for r in runs if len(r) >= 4) >= 0.6 * high


def _decode_legacy(data: bytes, name: str, exc: UnicodeDecodeError) -> tuple[str, Problem]:
    """Text of a file that is not UTF-8: its declared encoding, GB18030 when it reads as
    Chinese, else Windows-1252 / Latin-1; always with a warning that names the file."""
    line = data.count(b"\n", 0, exc.start) + 1
    candidates = [c for c in (_cookie_encoding(data),) if c]
    if _looks_chinese(data):
        candidates.append("gb18030")
    candidates += ["cp1252", "latin-1"]
    for codec in candidates:
        try:
            text = data.decode(codec)
        except UnicodeDecodeError:
            continue
        message = (
            f"not valid UTF-8 (byte 0x{data[exc.start]:02x}); read as {codec} "
            "(use --encoding to choose another)"
        )
        return text, Problem(name, line, message, Level.WARNING)
    raise AssertionError("latin-1 decodes any bytes")  # pragma: no cover


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
    reader = get_reader(fmt)
    # Readers allocate millions of small objects and create no reference cycles; the cyclic
    # collector would scan them over and over (a fifth of the time on a large BibTeX file).
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        result = reader(text, source=name, as_of=as_of)
    finally:
        if was_enabled:
            gc.enable()
    if problems:
        result = replace(result, problems=problems + result.problems)
    return result
