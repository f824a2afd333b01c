"""Small helpers every benchmark shares: timed runs in fresh processes, medians, ratios, tables.

Each measurement runs in a new Python process, so one run's caches and garbage do not
leak into the next, and alternatives are interleaved run by run, so a noisy neighbour on
the machine slows both sides alike.
"""

from __future__ import annotations

import json
import os
import platform
import resource
import shutil
import statistics
import subprocess
import sys
import textwrap
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "benchmarks" / "data"

# Runs a snippet in a child and reports its own wall time and peak memory as JSON, so the
# interpreter's start-up is outside the measurement when that is what we want.
_CHILD = textwrap.dedent(
    """
    import json, resource, sys, time
    setup, body = sys.argv[1], sys.argv[2]
    env = {}
    exec(setup, env)
    start = time.perf_counter()
    exec(body, env)
    elapsed = time.perf_counter() - start
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(json.dumps({"seconds": elapsed, "max_rss_kib": rss, "result": repr(env.get("result"))}))
    """
)


@dataclass
class Sample:
    seconds: float
    max_rss_kib: int
    result: str


def in_child(setup: str, body: str, *, python: str = sys.executable) -> Sample:
    """Time ``body`` (after ``setup``) in a fresh interpreter; ``result`` is what body set."""
    proc = subprocess.run(
        [python, "-c", _CHILD, setup, body], capture_output=True, text=True, check=False
    )
    if proc.returncode != 0:
        raise RuntimeError(f"benchmark child failed:\n{proc.stderr}")
    data = json.loads(proc.stdout.strip().splitlines()[-1])
    return Sample(data["seconds"], data["max_rss_kib"], data["result"])


def command_seconds(
    cmd: Sequence[str], *, stdin: str | None = None, env: dict[str, str] | None = None
) -> float:
    """Wall time of a whole command, start-up included; its output is discarded."""
    start = time.perf_counter()
    proc = subprocess.run(
        list(cmd),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        stdin=open(stdin, "rb") if stdin else subprocess.DEVNULL,  # noqa: SIM115
        env={**os.environ, **(env or {})},
        check=False,
    )
    elapsed = time.perf_counter() - start
    if proc.returncode not in (0, 1):
        raise RuntimeError(f"{' '.join(cmd)} failed: {proc.stderr.decode()[-2000:]}")
    return elapsed


def median(values: Sequence[float]) -> float:
    return statistics.median(values)


def machine() -> str:
    cpus = os.cpu_count()
    python = platform.python_version()
    return f"{platform.machine()}, {cpus} cores, Python {python}, {platform.system()}"


def table(rows: Sequence[Sequence[object]], header: Sequence[str]) -> str:
    """A Markdown table."""
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(str(c) for c in row) + " |" for row in rows]
    return "\n".join(lines)


def fmt_s(seconds: float) -> str:
    return f"{seconds:.3f} s" if seconds < 10 else f"{seconds:.1f} s"


def fmt_mib(kib: int) -> str:
    return f"{kib / 1024:.0f} MiB"


def scholar_cmd() -> list[str]:
    """The scholar of this checkout, run the way users run it."""
    exe = Path(sys.executable).with_name("scholar")
    return [str(exe)] if exe.exists() else [sys.executable, "-m", "scholarcli"]


# --- what run_all.py collects -------------------------------------------------------------

SUMMARY_ENV = "SCHOLAR_BENCH_SUMMARY"
TOOLS_ENV = "SCHOLAR_BENCH_TOOLS"
NOT_INSTALLED = "not installed"


def record(
    capability: str,
    what: str,
    data: str,
    scholar: str,
    alternative: str,
    ratio: str,
) -> None:
    """One row of BENCHMARKS.md's summary table, kept when run_all.py runs the benchmark.

    ``ratio`` is scholar's figure over the alternative's (below 1: scholar is faster) unless
    the row says otherwise.
    """
    path = os.environ.get(SUMMARY_ENV)
    if not path:
        return
    row = {
        "capability": capability,
        "what": what,
        "data": data,
        "scholar": scholar,
        "alternative": alternative,
        "ratio": ratio,
    }
    with open(path, "a", encoding="utf-8") as f:
        f.write(json.dumps(row) + "\n")


def tools_dir() -> Path | None:
    """Where the alternatives were installed apart (``benchmarks/tools.py install``)."""
    given = os.environ.get(TOOLS_ENV)
    if given:
        return Path(given)
    default = ROOT.parent / "tools"
    return default if default.is_dir() else None


def find_executable(name: str, *, venv: str | None = None, given: str | None = None) -> str | None:
    """An alternative's executable: ``given``, on PATH, or in the tools folder (a venv's bin/
    or node_modules/.bin/); None when it is not installed."""
    if given:
        return given if Path(given).exists() or shutil.which(given) else None
    found = shutil.which(name)
    if found:
        return found
    tools = tools_dir()
    if tools is None:
        return None
    for candidate in (
        tools / "venvs" / (venv or name) / "bin" / name,
        tools / "node" / "node_modules" / ".bin" / name,
    ):
        if candidate.exists():
            return str(candidate)
    return None


def has_module(module: str, python: str = sys.executable) -> bool:
    """Can ``python`` import ``module``?"""
    done = subprocess.run(
        [
            python,
            "-c",
            f"import importlib.util, sys; sys.exit(not importlib.util.find_spec({module!r}))",
        ],
        capture_output=True,
        check=False,
    )
    return done.returncode == 0


@dataclass
class Measured:
    seconds: float
    cpu: float
    peak_mib: float
    code: int


# Runs one command in a child and reports its wall time, CPU time and peak RSS: a fresh
# parent per run, so RUSAGE_CHILDREN's maximum is this command's alone.
_MEASURE = """
import resource, subprocess, sys, time
out = open(sys.argv[1], "wb") if sys.argv[1] != "-" else subprocess.DEVNULL
start = time.perf_counter()
done = subprocess.run(sys.argv[2:], stdout=out, stderr=subprocess.DEVNULL)
seconds = time.perf_counter() - start
usage = resource.getrusage(resource.RUSAGE_CHILDREN)
print(seconds, usage.ru_utime + usage.ru_stime, usage.ru_maxrss, done.returncode)
"""


def measure(
    cmd: Sequence[str], *, stdout: Path | None = None, ok: Sequence[int] = (0, 1)
) -> Measured:
    """Wall seconds, CPU seconds and peak memory of one run of ``cmd`` (output to ``stdout``).

    CPU time goes beside wall time because the benchmark machine is shared: other jobs
    stretch wall time, CPU time much less.
    """
    done = subprocess.run(
        [sys.executable, "-c", _MEASURE, str(stdout) if stdout else "-", *cmd],
        capture_output=True,
        text=True,
        check=True,
    )
    seconds, cpu, peak_kib, code = done.stdout.split()
    result = Measured(float(seconds), float(cpu), int(peak_kib) / 1024, int(code))
    if result.code not in ok:
        raise RuntimeError(f"{' '.join(cmd)} exited {result.code}")
    return result


def bench_env() -> dict[str, str]:
    """The environment for timed commands: bytecode caches allowed (as an installed tool
    has them), no colour, a fixed reference date."""
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env.update({"NO_COLOR": "1", "SCHOLAR_AS_OF": "2026-11-28"})
    return env


def load() -> str:
    """The machine's load averages, to print beside a run's figures."""
    one, five, fifteen = os.getloadavg()
    return f"load average {one:.1f} / {five:.1f} / {fifteen:.1f} (1 / 5 / 15 min)"


def run_once(cmd: list[str], env: dict[str, str]) -> tuple[float, float]:
    """Wall and CPU seconds of one run of ``cmd``."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    done = subprocess.run(
        cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env, check=False
    )
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode != 0:
        raise RuntimeError(f"{' '.join(cmd)} failed: {done.stderr.decode()[-500:]}")
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


#: Rounds each command runs before the timed ones (page cache, .pyc files).
WARM_UP_ROUNDS = 2
K = TypeVar("K")


def interleaved_runs(
    jobs: Mapping[K, list[str]], env: dict[str, str], runs: int
) -> dict[K, list[tuple[float, float]]]:
    """Wall and CPU seconds of ``runs`` runs of each command, the commands taking turns
    round by round (a noisy neighbour slows them alike), after WARM_UP_ROUNDS untimed."""
    times: dict[K, list[tuple[float, float]]] = {key: [] for key in jobs}
    for round_ in range(WARM_UP_ROUNDS + runs):
        for key, cmd in jobs.items():
            sample = run_once(cmd, env)
            if round_ >= WARM_UP_ROUNDS:
                times[key].append(sample)
    return times
