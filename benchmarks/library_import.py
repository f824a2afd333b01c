"""Importing into the library vs reading and listing the same file: medians and ratios.

    python benchmarks/library_import.py             # 100,000 papers, 5 runs each
    python benchmarks/library_import.py 20000 --runs 3

Runs, alternately so that machine noise hits both alike:
  list    scholar list FILE --format keys            (read, assign keys, print: the baseline)
  import  scholar --library NEW import FILE          (read, upsert, index, commit)
and once the library is full:
  again   scholar --library FULL import FILE          (the same file again: all unchanged)
  library scholar --library FULL list --format keys  (read the library instead of the file)

The acceptance line asks ``import / list <= 2``. Inputs go to benchmarks/data/ (ignored by
git); every import writes a fresh library there, deleted afterwards.
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from bench import record  # noqa: E402
from generate import make_papers, profile_text  # noqa: E402


def scholar(*args: str, library: Path) -> float:
    """Wall seconds of one `scholar` run (output discarded; a failure stops the benchmark)."""
    env = dict(os.environ, SCHOLAR_AS_OF="2026-11-28", SCHOLAR_LIBRARY=str(library))
    start = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-m", "scholarcli", *args],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        check=False,
    )
    elapsed = time.perf_counter() - start
    if done.returncode != 0:
        sys.exit(f"scholar {' '.join(args)} failed:\n{done.stderr.decode(errors='replace')}")
    return elapsed


def remove_library(path: Path) -> None:
    for suffix in ("", "-wal", "-shm"):
        Path(str(path) + suffix).unlink(missing_ok=True)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("n", type=int, nargs="?", default=100_000, help="papers (100000)")
    parser.add_argument("--runs", type=int, default=5, help="runs of each command (5)")
    args = parser.parse_args()

    data = HERE / "data"
    data.mkdir(exist_ok=True)
    profile = data / f"profile-{args.n}.txt"
    if not profile.exists():
        profile.write_text(profile_text(list(make_papers(args.n))), encoding="utf-8")
    fresh = data / "import-bench.sqlite"
    full = data / "import-bench-full.sqlite"
    remove_library(fresh)
    remove_library(full)

    load_before = os.getloadavg()
    times: dict[str, list[float]] = {"list": [], "import": [], "again": [], "library": []}
    for _ in range(args.runs):
        times["list"].append(scholar("list", str(profile), "--format", "keys", library=fresh))
        times["import"].append(scholar("import", str(profile), library=fresh))
        remove_library(fresh)
    scholar("import", str(profile), library=full)
    for _ in range(args.runs):
        times["again"].append(scholar("import", str(profile), library=full))
        times["library"].append(scholar("list", "--format", "keys", library=full))
    size = full.stat().st_size
    remove_library(full)
    load_after = os.getloadavg()

    med = {name: statistics.median(values) for name, values in times.items()}
    base = med["list"]
    print(
        f"{args.n:,} papers ({profile.stat().st_size / 2**20:.0f} MiB profile), "
        f"{args.runs} runs each, {os.cpu_count()} cores, {platform.python_implementation()} "
        f"{platform.python_version()}, load average {load_before[0]:.1f} -> "
        f"{load_after[0]:.1f}; library {size / 2**20:.0f} MiB\n"
    )
    print("| command | median (s) | runs (s) | vs list FILE |")
    print("|---|---:|---|---:|")
    labels = {
        "list": "`scholar list FILE --format keys`",
        "import": "`scholar import FILE` (empty library)",
        "again": "`scholar import FILE` again (all unchanged)",
        "library": "`scholar list --format keys` (from the library)",
    }
    for name, label in labels.items():
        runs = ", ".join(f"{t:.1f}" for t in times[name])
        print(f"| {label} | {med[name]:.2f} | {runs} | {med[name] / base:.2f}x |")
    ratio = med["import"] / base
    print(f"\nimport / list = {ratio:.2f} (acceptance: <= 2)")
    record(
        "library",
        "`scholar import FILE` (empty library) beside `scholar list FILE`",
        f"generated, {args.n:,} papers",
        f"{med['import']:.2f} s",
        f"scholar list FILE -f keys: {base:.2f} s",
        f"{ratio:.2f}x (bound 2x)",
    )


if __name__ == "__main__":
    main()
