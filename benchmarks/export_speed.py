"""Export speed: `scholar export BIG.bib -f bibtex` against bibtexparser's parse_file + write_file.

    python benchmarks/export_speed.py             # 100,000 entries, 3 runs each
    python benchmarks/export_speed.py -n 20000 --runs 5

Both sides run as fresh processes on the same generated .bib (benchmarks/generate.py),
alternating, so a noisy machine slows both alike. Reports the median wall time and the
median CPU time (user + system, what the process itself spent) of each, and their ratios.
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
DATA = HERE / "data"

BIBTEXPARSER = """
import sys, bibtexparser
library = bibtexparser.parse_file(sys.argv[1])
bibtexparser.write_file(sys.argv[2], library)
"""


def timed(args: list[str]) -> tuple[float, float]:
    """Wall and CPU seconds of one run of ``args`` (which must succeed)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run(args, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("-n", type=int, default=100_000, help="entries (default 100000)")
    parser.add_argument("--runs", type=int, default=3, help="runs of each side (default 3)")
    args = parser.parse_args()

    DATA.mkdir(exist_ok=True)
    bib = DATA / f"export_{args.n}.bib"
    if not bib.exists():
        subprocess.run(
            [sys.executable, str(HERE / "generate.py"), str(args.n), "--bibtex", str(bib)],
            check=True,
        )
    scholar = [
        sys.executable,
        "-m",
        "scholarcli",
        "export",
        str(bib),
        "-f",
        "bibtex",
        "-o",
        str(DATA / "export_scholar.bib"),
    ]
    theirs = [sys.executable, "-c", BIBTEXPARSER, str(bib), str(DATA / "export_bibtexparser.bib")]
    env_note = f"{os.cpu_count()} cores, load {os.getloadavg()[0]:.1f} at start"
    results: dict[str, list[tuple[float, float]]] = {"scholar": [], "bibtexparser": []}
    for i in range(args.runs):
        for name, cmd in (("scholar", scholar), ("bibtexparser", theirs)):
            wall, cpu = timed(cmd)
            results[name].append((wall, cpu))
            print(f"run {i + 1} {name:12} wall {wall:7.2f} s  cpu {cpu:7.2f} s", flush=True)

    def med(name: str, k: int) -> float:
        return statistics.median(r[k] for r in results[name])

    print(f"\n{args.n} entries, {args.runs} runs each, {env_note}")
    print("| side | median wall (s) | median CPU (s) |")
    print("|---|---|---|")
    for name in results:
        print(f"| {name} | {med(name, 0):.2f} | {med(name, 1):.2f} |")
    print(
        f"| ratio scholar / bibtexparser | {med('scholar', 0) / med('bibtexparser', 0):.2f}x "
        f"| {med('scholar', 1) / med('bibtexparser', 1):.2f}x |"
    )


if __name__ == "__main__":
    main()
