"""Export speed: `scholar export BIG.bib -f bibtex` beside bibtexparser's parse_file + write_file.

    python benchmarks/export_speed.py [--papers 100000] [--runs 3]

Both sides are whole commands on the same generated .bib (benchmarks/generate.py), each
in a fresh process, start-up included, interleaved run by run so a noisy neighbour slows
both alike. Reports the median wall time and the median CPU time (user + system: what the
process itself spent, less sensitive to a busy machine) of each, and their ratios. The
issue asks for scholar <= 1.3x bibtexparser.
"""

from __future__ import annotations

import argparse
import resource
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench import DATA, command_seconds, fmt_s, load, machine, median, record, scholar_cmd, table
from generate import bibtex_text, make_papers

# What a bibtexparser user writes to do the same job: parse the file, write it back.
BIBTEXPARSER = (
    "import sys, bibtexparser\n"
    "library = bibtexparser.parse_file(sys.argv[1])\n"
    "bibtexparser.write_file(sys.argv[2], library)\n"
)


def ensure_bib(n: int) -> Path:
    DATA.mkdir(parents=True, exist_ok=True)
    bib = DATA / f"gen{n}_export.bib"
    if not bib.exists():
        bib.write_text(bibtex_text(list(make_papers(n))), encoding="utf-8")
    return bib


def timed(cmd: list[str]) -> tuple[float, float]:
    """Wall and CPU seconds of one run of ``cmd``."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    wall = command_seconds(cmd)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--papers", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    bib = ensure_bib(args.papers)
    jobs = {
        "scholar export -f bibtex": [
            *scholar_cmd(),
            "export",
            str(bib),
            "-f",
            "bibtex",
            "-o",
            str(DATA / "export_scholar.bib"),
        ],
        "bibtexparser parse_file + write_file": [
            sys.executable,
            "-c",
            BIBTEXPARSER,
            str(bib),
            str(DATA / "export_bibtexparser.bib"),
        ],
    }
    walls: dict[str, list[float]] = {name: [] for name in jobs}
    cpus: dict[str, list[float]] = {name: [] for name in jobs}
    for run in range(args.runs):
        for name, cmd in jobs.items():
            wall, cpu = timed(cmd)
            walls[name].append(wall)
            cpus[name].append(cpu)
            print(f"run {run + 1}: {name}: wall {fmt_s(wall)}, CPU {fmt_s(cpu)}", file=sys.stderr)
    ours, theirs = jobs
    rows = [[name, fmt_s(median(walls[name])), fmt_s(median(cpus[name]))] for name in jobs]
    rows.append(
        [
            "ratio of the medians",
            f"{median(walls[ours]) / median(walls[theirs]):.2f}x",
            f"{median(cpus[ours]) / median(cpus[theirs]):.2f}x",
        ]
    )
    # Each run's two commands ran back to back: their ratio is less exposed to the load
    # of the machine drifting between runs.
    rows.append(
        [
            "median of per-run ratios",
            f"{median([a / b for a, b in zip(walls[ours], walls[theirs], strict=True)]):.2f}x",
            f"{median([a / b for a, b in zip(cpus[ours], cpus[theirs], strict=True)]):.2f}x",
        ]
    )
    print(f"Exporting {args.papers:,} BibTeX entries; median of {args.runs} runs; {machine()}")
    print(f"{load()} at the end.\n")
    print(table(rows, ["command", "median wall", "median CPU"]))
    record(
        "export",
        "BibTeX in, BibTeX out (scholar decodes and safely re-encodes LaTeX)",
        f"generated, {args.papers:,} papers",
        f"{fmt_s(median(walls[ours]))} (CPU {fmt_s(median(cpus[ours]))})",
        f"bibtexparser parse + write: {fmt_s(median(walls[theirs]))} "
        f"(CPU {fmt_s(median(cpus[theirs]))})",
        f"{median(walls[ours]) / median(walls[theirs]):.2f}x "
        f"(CPU {median(cpus[ours]) / median(cpus[theirs]):.2f}x; bound 1.3x)",
    )


if __name__ == "__main__":
    main()
