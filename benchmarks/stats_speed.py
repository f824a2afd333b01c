"""`scholar stats` on a large profile, side by side with reading and listing the same file.

    python benchmarks/stats_speed.py                 # 100,000 papers, 5 runs of each
    python benchmarks/stats_speed.py --papers 20000 --runs 3

The baseline is `scholar list FILE -f keys`: it reads and parses the whole file and writes
one line a paper, so the ratio says what the figures and the dashboard cost on top of
reading. The commands run interleaved (one of each, then again), so a noisy machine slows
them alike; the medians and their ratios are printed as a markdown table. Then one
in-process run splits the stats time into reading, computing and rendering.
"""

from __future__ import annotations

import argparse
import datetime as dt
import io
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from generate import make_papers, profile_text  # noqa: E402  (a sibling script, not a package)

AS_OF = "2026-11-28"


def profile(n: int) -> Path:
    """The synthetic profile of ``n`` papers, made once under benchmarks/data/."""
    path = HERE / "data" / f"profile_{n}.txt"
    if not path.exists():
        path.parent.mkdir(exist_ok=True)
        path.write_text(profile_text(list(make_papers(n))), encoding="utf-8")
    return path


def scholar(*args: str) -> list[str]:
    return [sys.executable, "-m", "scholarcli", "--as-of", AS_OF, *args]


def time_once(command: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(
        command,
        check=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env={**os.environ, "NO_COLOR": "1"},
    )
    return time.perf_counter() - start


def in_process(path: Path) -> dict[str, float]:
    """Seconds spent reading, computing the figures, and rendering each output."""
    from scholarcli.cli.dashboard import export_dashboard, print_dashboard, write_markdown
    from scholarcli.readers import read_input
    from scholarcli.stats import compute_stats, to_dict

    marks = {}
    start = time.perf_counter()
    result = read_input(str(path), as_of=dt.date.fromisoformat(AS_OF))
    marks["read the profile"] = time.perf_counter() - start
    start = time.perf_counter()
    stats = compute_stats(result.papers, metrics=result.metrics)
    marks["compute the figures"] = time.perf_counter() - start
    for name, render in [
        ("render: dashboard, plain", lambda: print_dashboard(stats, io.StringIO())),
        ("render: json", lambda: to_dict(stats)),
        ("render: markdown", lambda: write_markdown(stats, io.StringIO())),
        ("render: svg", lambda: export_dashboard(stats, "svg")),
    ]:
        start = time.perf_counter()
        render()
        marks[name] = time.perf_counter() - start
    return marks


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--papers", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    path = profile(args.papers)
    commands = {
        "scholar list FILE -f keys (baseline)": scholar("list", str(path), "-f", "keys"),
        "scholar stats FILE -f json": scholar("stats", str(path), "-f", "json"),
        "scholar stats FILE (dashboard, piped)": scholar("stats", str(path)),
        "scholar stats FILE -f json --svg F": scholar(
            "stats", str(path), "-f", "json", "--svg", str(HERE / "data" / "stats.svg")
        ),
    }
    times: dict[str, list[float]] = {name: [] for name in commands}
    for command in commands.values():
        time_once(command)  # warm the page cache and the .pyc files; not counted
    for _ in range(args.runs):
        for name, command in commands.items():
            times[name].append(time_once(command))

    baseline = statistics.median(next(iter(times.values())))
    print(f"{args.papers:,} papers, {path.stat().st_size / 1e6:.1f} MB; {args.runs} runs each")
    print(f"machine: {os.cpu_count()} cores, Python {sys.version.split()[0]}\n")
    print("| command | median (s) | min (s) | max (s) | ratio to list |")
    print("|---|---:|---:|---:|---:|")
    for name, runs in times.items():
        median = statistics.median(runs)
        print(
            f"| `{name}` | {median:.2f} | {min(runs):.2f} | {max(runs):.2f} "
            f"| {median / baseline:.2f} |"
        )
    print("\nIn one process (one run):\n")
    print("| step | seconds |")
    print("|---|---:|")
    for step, seconds in in_process(path).items():
        print(f"| {step} | {seconds:.3f} |")


if __name__ == "__main__":
    main()
