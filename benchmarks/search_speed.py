"""Search speed: `scholar search` beside `scholar list` on a large file, and on libraries.

    python benchmarks/search_speed.py [--papers 100000] [--small 50] [--runs 5]

Measures whole commands (start-up included), each in a fresh process, interleaved run by
run so a noisy neighbour slows both sides alike:

(a) ``scholar search QUERY big.txt`` beside ``scholar list big.txt`` on a generated profile
    listing of ``--papers`` papers: what ranking adds to reading (issue 4 asks <= 1.3x);
(b) ``scholar search QUERY`` on a library of ``--papers`` papers beside the same search on a
    library of ``--small`` papers (issue 4 asks <= 2x). Needs ``scholar import``; skipped
    (and said so) when this checkout has no library yet.

Prints medians and ratios as Markdown tables for BENCHMARKS.md. The commands may write
and use bytecode caches (``PYTHONDONTWRITEBYTECODE`` is dropped), as an installed scholar does.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench import DATA, command_seconds, fmt_s, machine, median, record, scholar_cmd, table
from generate import make_papers, profile_text

QUERIES = ["pruning", "prunning", "efficient learning", 'author:"Jason Lee" year:2021..2023']
ENV = {"SCHOLAR_AS_OF": "2026-11-28", "NO_COLOR": "1"}


def ensure_profile(n: int) -> Path:
    DATA.mkdir(parents=True, exist_ok=True)
    path = DATA / f"gen{n}.txt"
    if not path.exists():
        path.write_text(profile_text(list(make_papers(n))), encoding="utf-8")
    return path


def has_library() -> bool:
    proc = subprocess.run(
        [*scholar_cmd(), "import", "--help"], capture_output=True, text=True, check=False
    )
    return proc.returncode == 0


def ensure_library(profile: Path) -> Path:
    """A library holding the papers of ``profile`` (imported once, then reused)."""
    library = DATA / f"{profile.stem}.sqlite"
    if not library.exists():
        command_seconds(
            [*scholar_cmd(), "--library", str(library), "import", str(profile)], env=ENV
        )
    return library


def interleaved(jobs: dict[str, list[str]], runs: int) -> dict[str, float]:
    """Median wall time of each command, the commands taking turns run by run."""
    times: dict[str, list[float]] = {name: [] for name in jobs}
    for _ in range(runs):
        for name, cmd in jobs.items():
            times[name].append(command_seconds(cmd, env=ENV))
    return {name: median(values) for name, values in times.items()}


def file_search(big: Path, runs: int) -> str:
    scholar = scholar_cmd()
    jobs = {"list": [*scholar, "list", str(big)]}
    jobs |= {q: [*scholar, "search", q, str(big)] for q in QUERIES}
    med = interleaved(jobs, runs)
    base = med["list"]
    record(
        "search",
        "`scholar search pruning FILE` beside `scholar list FILE` (ranking vs reading)",
        f"generated, {big.stem[3:]} papers",
        fmt_s(med[QUERIES[0]]),
        f"scholar list FILE: {fmt_s(base)}",
        f"{med[QUERIES[0]] / base:.2f}x (bound 1.3x)",
    )
    rows = [["`scholar list FILE`", fmt_s(base), "1.00x"]]
    rows += [
        [f"`scholar search '{q}' FILE`", fmt_s(med[q]), f"{med[q] / base:.2f}x"] for q in QUERIES
    ]
    return table(rows, ["command", "median", "vs list"])


def library_search(big: Path, small: Path, runs: int) -> str:
    scholar = scholar_cmd()
    libs = {"big": ensure_library(big), "small": ensure_library(small)}
    jobs = {
        f"{size} {q}": [*scholar, "--library", str(lib), "search", q]
        for q in QUERIES
        for size, lib in libs.items()
    }
    med = interleaved(jobs, runs)
    rows = [
        [
            f"`scholar search '{q}'`",
            fmt_s(med[f"small {q}"]),
            fmt_s(med[f"big {q}"]),
            f"{med[f'big {q}'] / med[f'small {q}']:.2f}x",
        ]
        for q in QUERIES
    ]
    q = QUERIES[2]
    record(
        "search",
        f"`scholar search '{q}'` in a library of {big.stem[3:]} vs of {small.stem[3:]} papers",
        "generated, imported",
        fmt_s(med[f"big {q}"]),
        f"same, small library: {fmt_s(med[f'small {q}'])}",
        f"{med[f'big {q}'] / med[f'small {q}']:.2f}x (bound 2x)",
    )
    header = ["command", f"library of {small.stem[3:]}", f"library of {big.stem[3:]}", "ratio"]
    return table(rows, header)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--papers", type=int, default=100_000)
    parser.add_argument("--small", type=int, default=50)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--only", choices=["file", "library"], help="run one part alone")
    args = parser.parse_args()
    os.environ.pop("PYTHONDONTWRITEBYTECODE", None)
    big, small = ensure_profile(args.papers), ensure_profile(args.small)
    print(f"Median of {args.runs} runs, start-up included; {machine()}")
    print()
    if args.only != "library":
        print(f"(a) a profile listing of {args.papers:,} papers")
        print(file_search(big, args.runs))
        print()
    if args.only == "file":
        return
    if not has_library():
        print("(b) skipped: this checkout has no `scholar import` (the library) yet")
        return
    print(f"(b) libraries of {args.small:,} and {args.papers:,} papers")
    print(library_search(big, small, args.runs))


if __name__ == "__main__":
    main()
