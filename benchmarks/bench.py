"""Small helpers every benchmark shares: timed runs in fresh processes, medians, ratios, tables.

Each measurement runs in a new Python process, so one run's caches and garbage do not
leak into the next, and alternatives are interleaved run by run, so a noisy neighbour on
the machine slows both sides alike.
"""

from __future__ import annotations

import json
import os
import platform
import statistics
import subprocess
import sys
import textwrap
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

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
