"""Reading speed: scholar's readers beside bibtexparser 2.x and pybtex on the same papers.

    python benchmarks/read_speed.py                          # 1k, 10k and 100k papers, 5 runs
    python benchmarks/read_speed.py --sizes 100000 --runs 3
    python benchmarks/read_speed.py --sizes 1000000 --runs 1 --no-pybtex

Measures, each in a fresh process (the reading alone: interpreter start-up and imports are
outside the timing) and interleaved run by run:
- scholar reading a profile listing of N papers (DESIGN section 4),
- scholar reading the same N papers as BibTeX (split, macros, LaTeX and names decoded),
- ``bibtexparser.parse_file`` on that BibTeX (its default stack: no LaTeX or name decoding),
- pybtex's ``parse_file`` on it (names split into parts, no LaTeX decoding), when installed;
  it is slow, so it runs ``--slow-runs`` times.
Prints medians, peak memory and the ratios the speed issue bounds: the profile at least 3x
faster than ``bibtexparser.parse_file`` of the same papers, the BibTeX at most 1.3x.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench import (
    DATA,
    NOT_INSTALLED,
    fmt_mib,
    fmt_s,
    has_module,
    in_child,
    load,
    machine,
    median,
    record,
    table,
)
from generate import bibtex_text, make_papers, profile_text

BASE = "bibtexparser.parse_file"


def ensure_data(n: int) -> tuple[Path, Path]:
    DATA.mkdir(parents=True, exist_ok=True)
    profile, bib = DATA / f"gen{n}.txt", DATA / f"gen{n}.bib"
    if not profile.exists() or not bib.exists():
        papers = list(make_papers(n))
        profile.write_text(profile_text(papers), encoding="utf-8")
        bib.write_text(bibtex_text(papers), encoding="utf-8")
    return profile, bib


def measure_size(n: int, runs: int, slow_runs: int, pybtex: bool) -> list[list[str]]:
    profile, bib = ensure_data(n)
    # The readers and their libraries are imported before the timing, as bibtexparser is.
    ours_setup = (
        "import datetime as dt; from scholarcli.readers import read_input\n"
        "import scholarcli.readers.profile, scholarcli.readers.bibtex"
    )
    jobs = {
        "scholar: profile": (
            ours_setup,
            f"result = len(read_input({str(profile)!r}, as_of=dt.date(2026, 11, 28)).papers)",
        ),
        "scholar: BibTeX": (
            ours_setup,
            f"result = len(read_input({str(bib)!r}, as_of=dt.date(2026, 11, 28)).papers)",
        ),
        BASE: (
            "import bibtexparser",
            f"result = len(bibtexparser.parse_file({str(bib)!r}).entries)",
        ),
        "pybtex parse_file": (
            "import pybtex.errors; pybtex.errors.set_strict_mode(False)\n"
            "from pybtex.database import parse_file",
            f"result = len(parse_file({str(bib)!r}, bib_format='bibtex').entries)",
        ),
    }
    if not pybtex:
        del jobs["pybtex parse_file"]
    times: dict[str, list[float]] = {name: [] for name in jobs}
    rss: dict[str, int] = {}
    for run in range(runs):
        for name, (setup, body) in jobs.items():
            if name.startswith("pybtex") and run >= slow_runs:
                continue
            sample = in_child(setup, body)
            assert sample.result == str(n), (name, sample.result)
            times[name].append(sample.seconds)
            rss[name] = max(rss.get(name, 0), sample.max_rss_kib)
        print(f"{n:,} papers: run {run + 1}/{runs} done ({load()})", file=sys.stderr)
    med = {name: median(values) for name, values in times.items()}
    base = med[BASE]
    rows = [
        [name, f"{n:,}", fmt_s(med[name]), fmt_mib(rss[name]), f"{med[name] / base:.2f}x"]
        for name in jobs
    ]
    if not pybtex:
        why = NOT_INSTALLED if not has_module("pybtex") else "not run (--no-pybtex)"
        rows.append(["pybtex parse_file", f"{n:,}", why, "", ""])
    data = f"generated, {n:,} papers"
    profile_ratio = base / med["scholar: profile"]
    bib_ratio = med["scholar: BibTeX"] / base
    record(
        "reading",
        "profile listing beside the same papers as BibTeX",
        data,
        fmt_s(med["scholar: profile"]),
        f"{BASE}: {fmt_s(base)}",
        f"{1 / profile_ratio:.2f}x ({profile_ratio:.1f}x faster; bound: 3x faster)",
    )
    record(
        "reading",
        "BibTeX, LaTeX and names decoded",
        data,
        fmt_s(med["scholar: BibTeX"]),
        f"{BASE}: {fmt_s(base)}",
        f"{bib_ratio:.2f}x (bound 1.3x)",
    )
    if pybtex:
        theirs = med["pybtex parse_file"]
        record(
            "reading",
            "BibTeX, LaTeX and names decoded",
            data,
            fmt_s(med["scholar: BibTeX"]),
            f"pybtex parse_file: {fmt_s(theirs)}",
            f"{med['scholar: BibTeX'] / theirs:.2f}x",
        )
    print(
        f"{n:,} papers: the profile is {profile_ratio:.1f}x faster than {BASE} (bound: >= 3x); "
        f"BibTeX read+decode costs {bib_ratio:.2f}x {BASE} (bound: <= 1.3x)",
        file=sys.stderr,
    )
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--sizes", type=int, nargs="+", default=[1_000, 10_000, 100_000])
    parser.add_argument("--papers", type=int, help="one size (same as --sizes N)")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--slow-runs", type=int, default=3, help="runs of pybtex (slow)")
    parser.add_argument("--no-pybtex", action="store_true", help="leave pybtex out")
    args = parser.parse_args()
    sizes = [args.papers] if args.papers else args.sizes
    pybtex = not args.no_pybtex and has_module("pybtex")
    start = load()
    rows = [row for n in sizes for row in measure_size(n, args.runs, args.slow_runs, pybtex)]
    print(f"Medians of {args.runs} runs (pybtex: {min(args.runs, args.slow_runs)}); {machine()}")
    print(f"{start} at the start, {load()} at the end.\n")
    print(table(rows, ["reader", "papers", "median", "peak memory", f"vs {BASE}"]))


if __name__ == "__main__":
    main()
