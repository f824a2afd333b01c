"""Dedupe at scale: time and peak memory on generated collections with planted duplicates.

    python benchmarks/dedupe_scale.py                         # 10k, 100k and 1M records
    python benchmarks/dedupe_scale.py --sizes 10000 100000 --runs 5

Each collection is a profile listing (``benchmarks/data/scale/``, not in git) of N records
of which 5% list another paper a second time with a small title edit (case, a hyphen, a
trailing period, a dropped letter; ``generate.make_planted``), as bare references (no
abstracts: a reference list is what people deduplicate, and it keeps the 1M file at
about 120 MB). For each size it times, end to end in a fresh process (start-up and
reading included), ``scholar list FILE -f keys`` (reading and listing, the baseline) and
``scholar dedupe FILE --format json``, reports the median of the runs, the peak memory
(max RSS) of each, and checks the clusters against the planted pairs.
"""

from __future__ import annotations

import argparse
import itertools
import json
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from bench import load, machine, record, table  # noqa: E402
from generate import make_planted, profile_text  # noqa: E402  (benchmarks/ is not a package)

DATA = HERE / "data" / "scale"
SHARE = 0.05

# Runs one command in a child and reports its wall time and peak RSS: a fresh parent per
# run, so RUSAGE_CHILDREN's maximum is this command's alone.
MEASURE = """
import resource, subprocess, sys, time
start = time.perf_counter()
done = subprocess.run(sys.argv[2:], stdout=open(sys.argv[1], "w"), stderr=subprocess.DEVNULL)
seconds = time.perf_counter() - start
usage = resource.getrusage(resource.RUSAGE_CHILDREN)
print(seconds, usage.ru_utime + usage.ru_stime, usage.ru_maxrss, done.returncode)
"""


def measure(cmd: list[str], out: Path) -> tuple[float, float, float, int]:
    """Wall seconds, CPU seconds, peak MiB and exit code of ``cmd`` (stdout to ``out``).

    CPU time is reported beside wall time because the benchmark machine is shared: other
    jobs stretch wall time, CPU time much less.
    """
    done = subprocess.run(
        [sys.executable, "-c", MEASURE, str(out), *cmd],
        capture_output=True,
        text=True,
        check=True,
    )
    seconds, cpu, peak_kib, code = done.stdout.split()
    return float(seconds), float(cpu), int(peak_kib) / 1024, int(code)


def collection(n: int) -> tuple[Path, list[tuple[int, int]]]:
    records, pairs = make_planted(n, SHARE, abstracts=False)
    path = DATA / f"planted-{n}.txt"
    if not path.exists():
        path.write_text(profile_text(records), encoding="utf-8")
    return path, pairs


def check(report_path: Path, pairs: list[tuple[int, int]], keys_path: Path) -> str:
    """How the clusters compare with the planted pairs (by position in the listing)."""
    keys = keys_path.read_text(encoding="utf-8").split()
    position = {k: i for i, k in enumerate(keys)}
    report = json.loads(report_path.read_text(encoding="utf-8"))
    found = set()
    for cluster in report["clusters"]:
        members = sorted(position[k] for k in cluster["keys"])
        found.update((a, b) for i, a in enumerate(members) for b in members[i + 1 :])
    planted = set(pairs)
    return f"{len(found & planted)}/{len(planted)} planted, {len(found - planted)} other"


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000, 1_000_000])
    parser.add_argument("--runs", type=int, default=3, help="runs per size below 1M (median)")
    args = parser.parse_args()
    DATA.mkdir(parents=True, exist_ok=True)
    scholar = [sys.executable, "-m", "scholarcli"]
    rows: list[list[str]] = []
    dedupe_median: dict[int, float] = {}
    dedupe_cpu: dict[int, float] = {}
    with tempfile.TemporaryDirectory() as tmp:
        keys_out = Path(tmp) / "keys.txt"
        json_out = Path(tmp) / "dedupe.json"
        for n in args.sizes:
            path, pairs = collection(n)
            runs = args.runs if n < 1_000_000 else 1
            list_times, dedupe_times, list_cpus, dedupe_cpus = [], [], [], []
            list_peak = dedupe_peak = 0.0
            for _ in range(runs):
                seconds, cpu, peak, code = measure(
                    [*scholar, "list", str(path), "-f", "keys"], keys_out
                )
                list_times.append(seconds)
                list_cpus.append(cpu)
                list_peak = max(list_peak, peak)
                seconds, cpu, peak, code = measure(
                    [*scholar, "dedupe", str(path), "--format", "json"], json_out
                )
                if code not in (0, 1):
                    raise SystemExit(f"scholar dedupe exited {code} on {path}")
                dedupe_times.append(seconds)
                dedupe_cpus.append(cpu)
                dedupe_peak = max(dedupe_peak, peak)
            listing = statistics.median(list_times)
            dedupe = dedupe_median[n] = statistics.median(dedupe_times)
            list_cpu = statistics.median(list_cpus)
            cpu = dedupe_cpu[n] = statistics.median(dedupe_cpus)
            found = check(json_out, pairs, keys_out)
            rows.append(
                [f"{n:,}", f"{listing:.2f}", f"{dedupe:.2f}", f"{dedupe / listing:.2f}",
                 f"{list_cpu:.2f}", f"{cpu:.2f}", f"{cpu / list_cpu:.2f}", f"{list_peak:,.0f}",
                 f"{dedupe_peak:,.0f}", found]
            )  # fmt: skip
            record(
                "dedupe at scale",
                "`scholar dedupe FILE -f json` beside `scholar list FILE -f keys`",
                f"generated, {n:,} records, 5% planted duplicates",
                f"{dedupe:.2f} s, {dedupe_peak:,.0f} MiB; {found}",
                f"list: {listing:.2f} s, {list_peak:,.0f} MiB",
                f"{dedupe / listing:.2f}x (CPU {cpu / list_cpu:.2f}x; bound 4x)",
            )
    print(f"Medians of {args.runs} runs (1 at 1M); {machine()}; {load()} at the end\n")
    header = ["records", "list s", "dedupe s", "dedupe / list", "list CPU s", "dedupe CPU s"]
    header += ["CPU ratio", "list peak MiB", "dedupe peak MiB", "pairs found"]
    print(table(rows, header))
    print()
    sizes = sorted(dedupe_median)
    for small, big in itertools.pairwise(sizes):
        ratio = dedupe_median[big] / dedupe_median[small]
        cpu_ratio = dedupe_cpu[big] / dedupe_cpu[small]
        print(
            f"dedupe {big} / {small}: {ratio:.1f}x time, {cpu_ratio:.1f}x CPU time "
            f"for {big / small:.0f}x records"
        )


if __name__ == "__main__":
    main()
