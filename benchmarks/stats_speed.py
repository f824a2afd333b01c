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
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench import DATA, command_seconds, fmt_s, load, machine, median, record, scholar_cmd, table
from generate import make_papers, profile_text

AS_OF = "2026-11-28"


def ensure_profile(n: int) -> Path:
    """The synthetic profile of ``n`` papers (the file read_speed.py makes too)."""
    DATA.mkdir(parents=True, exist_ok=True)
    path = DATA / f"gen{n}.txt"
    if not path.exists():
        path.write_text(profile_text(list(make_papers(n))), encoding="utf-8")
    return path


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
    path = ensure_profile(args.papers)
    scholar = [*scholar_cmd(), "--as-of", AS_OF]
    commands = {
        "`scholar list FILE -f keys` (baseline)": [*scholar, "list", str(path), "-f", "keys"],
        "`scholar stats FILE -f json`": [*scholar, "stats", str(path), "-f", "json"],
        "`scholar stats FILE` (dashboard, piped)": [*scholar, "stats", str(path)],
        "`scholar stats FILE -f json --svg F`": [
            *scholar, "stats", str(path), "-f", "json", "--svg", str(DATA / "stats.svg"),
        ],
    }  # fmt: skip
    env = {"NO_COLOR": "1"}
    for command in commands.values():
        command_seconds(command, env=env)  # warm the page cache and the .pyc files
    times: dict[str, list[float]] = {name: [] for name in commands}
    for _ in range(args.runs):
        for name, command in commands.items():
            times[name].append(command_seconds(command, env=env))

    baseline = median(next(iter(times.values())))
    print(f"{args.papers:,} papers, {path.stat().st_size / 1e6:.1f} MB, {args.runs} runs each")
    print(f"machine: {machine()}; {load()} at the end\n")
    rows = [
        [name, fmt_s(median(runs)), fmt_s(min(runs)), fmt_s(max(runs)),
         f"{median(runs) / baseline:.2f}"]
        for name, runs in times.items()
    ]  # fmt: skip
    print(table(rows, ["command", "median", "min", "max", "ratio to list"]))
    names = list(times)
    record(
        "stats",
        "`scholar stats FILE -f json` beside reading and listing the same file",
        f"generated, {args.papers:,} papers",
        fmt_s(median(times[names[1]])),
        f"scholar list FILE -f keys: {fmt_s(baseline)}",
        f"{median(times[names[1]]) / baseline:.2f}x",
    )
    print("\nIn one process (one run):\n")
    print(table([[step, fmt_s(s)] for step, s in in_process(path).items()], ["step", "time"]))


if __name__ == "__main__":
    main()
