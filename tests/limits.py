"""Time guards for tests of pathological input: a call or a program must finish in bounded time.

A regular expression that backtracks cannot be interrupted (``re`` does not look at signals
while it matches), so an alarm in the test process would only fire once the match is over.
The work runs in a child process instead, which is killed when the wall-clock guard runs
out; the bound is then checked on the child's own CPU time, so other work on a busy
2-core machine does not make the test flaky. The bounds are generous: they catch a hang or
a quadratic blow-up, not a slowdown.
"""

from __future__ import annotations

import os
import pickle
import signal
import subprocess
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import pytest


@dataclass(frozen=True)
class Finished:
    """How a bounded run ended: its CPU seconds, and the value or the program's outputs."""

    cpu: float
    value: Any = None
    code: int = 0
    stdout: str = ""
    stderr: str = ""


def _wait(pid: int, cpu_limit: float, what: str) -> tuple[int, float]:
    """Wait for ``pid``: (exit status, CPU seconds); kill it and fail past the guard."""
    # Wall-clock guard: the CPU bound, with room for a machine busy with other work.
    deadline = time.monotonic() + max(60.0, 4 * cpu_limit)
    while True:
        done, status, usage = os.wait4(pid, os.WNOHANG)
        if done:
            cpu = usage.ru_utime + usage.ru_stime
            assert cpu < cpu_limit, f"{what} took {cpu:.1f} s of CPU (bound {cpu_limit} s)"
            return status, cpu
        if time.monotonic() > deadline:
            os.kill(pid, signal.SIGKILL)
            os.wait4(pid, 0)
            pytest.fail(f"{what} still running after {deadline:.0f} s; killed")
        time.sleep(0.02)


def call_within(cpu_limit: float, fn: Callable[..., Any], *args: Any) -> Finished:
    """``fn(*args)`` in a forked child; its (picklable) value, or the test fails."""
    with tempfile.NamedTemporaryFile(suffix=".pickle") as out:
        pid = os.fork()
        if pid == 0:  # the child: never returns into pytest
            code = 0
            try:
                result: Any = ("ok", fn(*args))
            except BaseException as exc:  # report any failure to the parent
                result, code = ("error", f"{type(exc).__name__}: {exc}"), 1
            try:
                with open(out.name, "wb") as f:
                    try:
                        pickle.dump(result, f)
                    except Exception as exc:  # a value that cannot travel is a failure too
                        f.seek(0)
                        f.truncate()
                        pickle.dump(("error", f"unpicklable result: {exc}"), f)
                        code = 1
            finally:
                os._exit(code)
        name = getattr(fn, "__name__", repr(fn))
        status, cpu = _wait(pid, cpu_limit, name)
        with open(out.name, "rb") as f:
            kind, value = pickle.load(f)
    assert os.waitstatus_to_exitcode(status) == 0 and kind == "ok", f"{name} failed: {value}"
    return Finished(cpu, value=value)


def run_within(cpu_limit: float, args: Sequence[str], env: dict[str, str]) -> Finished:
    """A program run with stdin closed; its exit code and outputs (decoded leniently)."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        proc = subprocess.Popen(args, stdin=subprocess.DEVNULL, stdout=out, stderr=err, env=env)
        status, cpu = _wait(proc.pid, cpu_limit, " ".join(args[-3:]))
        proc.returncode = os.waitstatus_to_exitcode(status)  # reaped here, not by Popen
        out.seek(0)
        err.seek(0)
        return Finished(
            cpu,
            code=proc.returncode,
            stdout=out.read().decode("utf-8", "replace"),
            stderr=err.read().decode("utf-8", "replace"),
        )
