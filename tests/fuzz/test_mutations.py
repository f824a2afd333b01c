"""Mutation fuzzing (issue 9, acceptance 2): mangled copies of the seed and of real BibTeX
files through ``list``, ``stats``, ``dedupe`` and ``export``.

Hypothesis draws a fixture and a few mutations (byte flips, truncation, a line duplicated
or deleted, a piece of another fixture spliced in, a hostile token inserted); every command
must exit 0, 1 or 2 within 20 s, print no traceback, and name the file when it exits 2.
The commands run in-process through the CliRunner (an uncaught exception fails the test
outright, which is stricter than looking for "Traceback"); a few inputs also run through
a real ``scholar`` process, to show the in-process runs are faithful.

CI runs 200 inputs (SCHOLAR_FUZZ_EXAMPLES changes it); a local run 40.
"""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from functools import cache
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from tests.conftest import AS_OF, DATA, EXAMPLES, SHARED
from typer.testing import CliRunner

from scholarcli.cli.app import app
from scholarcli.writers import WRITERS

pytestmark = pytest.mark.slow

EXAMPLES_COUNT = int(
    os.environ.get("SCHOLAR_FUZZ_EXAMPLES") or (200 if os.environ.get("CI") else 40)
)
TIME_LIMIT = 20  # seconds a command may take on a mutated input (a hang, not a benchmark)
# Real BibTeX files of the shared corpus bigger than this are left out: the harness is about
# malformed structure, and a mutation of a small file finds the same faults faster.
_MAX_SHARED_BYTES = 64_000


@cache
def fixtures() -> tuple[tuple[str, bytes], ...]:
    """(suffix, bytes) of every base input: the seed, the copies in tests/data/fuzz, and the
    real BibTeX files of ../shared/realdata when present."""
    paths = [EXAMPLES / "profile.txt", EXAMPLES / "cv.bib", *sorted((DATA / "fuzz").glob("*.bib"))]
    shared = SHARED / "realdata" / "bibtex"
    if shared.is_dir():
        paths += [p for p in sorted(shared.rglob("*.bib")) if p.stat().st_size <= _MAX_SHARED_BYTES]
    return tuple((p.suffix, p.read_bytes()) for p in paths)


_TOKENS = [
    b"\x00",
    b"\x00" * 64,
    b"\x1b[2J\x1b]8;;http://x\x1b\\",
    b"\x07\x08\r",
    b"{" * 200,
    b"}" * 50,
    b"@article{",
    b'@string{a = "',
    b"\xef\xbb\xbf",
    b"\xff\xfe",
    b"\xc3",
    b"\xe2\x80\xae",
    b"$",
    b"\\",
    b'"',
    b"%",
    b" et al.",
    b"\nLGMar 3, 2024\n",
    b"\n61 Papers\n",
    b"[bold red]x[/]",
    b'=HYPERLINK("x")',
    b"\n\n\n",
    b"author = {and and others}",
    b"month = 13, year = 99999999999999999999",
]


def _mutate(data: bytes, ops: list[tuple[str, int, int]], other: bytes) -> bytes:
    """Apply the drawn operations; positions are taken modulo the current length."""
    out = bytearray(data)
    for op, a, b in ops:
        n = max(len(out), 1)
        if op == "flip" and out:
            out[a % n] ^= b % 255 + 1
        elif op == "truncate":
            del out[a % n :]
        elif op in ("duplicate", "delete"):
            lines = bytes(out).split(b"\n")
            i = a % len(lines)
            if op == "duplicate":
                lines.insert(i, lines[i])
            else:
                del lines[i]
            out = bytearray(b"\n".join(lines))
        elif op == "splice" and other:
            start = b % len(other)
            out[a % n : a % n] = other[start : start + 1 + b % 400]
        elif op == "insert":
            out[a % n : a % n] = _TOKENS[b % len(_TOKENS)]
    return bytes(out)


_OPS = st.lists(
    st.tuples(
        st.sampled_from(["flip", "flip", "truncate", "duplicate", "delete", "splice", "insert"]),
        st.integers(0, 2**20),
        st.integers(0, 2**16),
    ),
    min_size=1,
    max_size=6,
)


@st.composite
def mutated_inputs(draw: st.DrawFn) -> tuple[str, bytes]:
    """(suffix, bytes) of a mutated fixture; now and then without a suffix (sniffed)."""
    bases = fixtures()
    suffix, data = draw(st.sampled_from(bases))
    _, other = draw(st.sampled_from(bases))
    if draw(st.integers(0, 9)) == 0:
        suffix = ""
    return suffix, _mutate(data, draw(_OPS), other)


class Hang(BaseException):
    """Raised by the alarm: a BaseException, so the CLI's own handlers do not catch it."""


@contextlib.contextmanager
def time_limit(seconds: int) -> Iterator[None]:
    def on_alarm(signum: int, frame: object) -> None:
        raise Hang(f"still running after {seconds} s")

    previous = signal.signal(signal.SIGALRM, on_alarm)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


def _commands(path: str, fmt: str) -> list[list[str]]:
    return [["list", path], ["stats", path], ["dedupe", path], ["export", path, "-f", fmt]]


def _check_run(args: list[str], code: int, stdout: str, stderr: str, path: str) -> None:
    assert code in (0, 1, 2), (args, code, stderr[-2000:])
    assert "Traceback" not in stderr and "Traceback" not in stdout, (args, stderr[-2000:])
    if code == 2:
        assert path in stderr, (args, stderr[-2000:])


@settings(
    max_examples=EXAMPLES_COUNT,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(case=mutated_inputs(), fmt=st.sampled_from(sorted(WRITERS)))
def test_mutated_inputs_never_crash_a_command(case: tuple[str, bytes], fmt: str) -> None:
    suffix, data = case
    runner = CliRunner()
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "mutated" + suffix)
        Path(path).write_bytes(data)
        env = {
            "SCHOLAR_LIBRARY": os.path.join(tmp, "library.sqlite"),
            "SCHOLAR_AS_OF": AS_OF,
            "TERM": "dumb",
            "NO_COLOR": "1",
        }
        for args in _commands(path, fmt):
            started = time.monotonic()
            with time_limit(TIME_LIMIT):
                result = runner.invoke(app, args, env=env, catch_exceptions=False)
            assert time.monotonic() - started < TIME_LIMIT
            _check_run(args, result.exit_code, result.stdout, result.stderr, path)


@settings(max_examples=6, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(case=mutated_inputs())
def test_mutated_inputs_in_a_real_process(case: tuple[str, bytes]) -> None:
    """The same promise, kept by the installed program: real exit codes, real stderr."""
    suffix, data = case
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "mutated" + suffix)
        Path(path).write_bytes(data)
        env = {
            **os.environ,
            "SCHOLAR_LIBRARY": os.path.join(tmp, "lib.sqlite"),
            "SCHOLAR_AS_OF": AS_OF,
        }
        for args in _commands(path, "bibtex"):
            proc = subprocess.run(
                [sys.executable, "-m", "scholarcli", *args],
                capture_output=True,
                text=True,
                errors="replace",
                timeout=TIME_LIMIT,
                stdin=subprocess.DEVNULL,
                env=env,
            )
            _check_run(args, proc.returncode, proc.stdout, proc.stderr, path)


def test_the_harness_mutates() -> None:
    """The operations change their input as drawn (a harness that did not would pass)."""
    data = b"line one\nline two\nline three"
    assert _mutate(data, [("truncate", 4, 0)], b"") == b"line"
    assert _mutate(data, [("delete", 1, 0)], b"") == b"line one\nline three"
    assert _mutate(data, [("duplicate", 0, 0)], b"").count(b"line one") == 2
    assert _mutate(data, [("flip", 0, 0)], b"")[:1] == b"m"
    assert _mutate(data, [("splice", 0, 0)], b"XY") == b"X" + data
    assert _mutate(b"ab", [("insert", 1, 4)], b"") == b"a" + b"{" * 200 + b"b"
