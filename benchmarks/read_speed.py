"""Reading speed: scholar's readers beside bibtexparser 2.x on the same generated papers.

    python benchmarks/read_speed.py [--papers 100000] [--runs 3]

Measures, each in a fresh process and interleaved run by run:
- scholar reading a profile listing of N papers (DESIGN section 4),
- scholar reading the same N papers as BibTeX (split, macros, LaTeX and names decoded),
- ``bibtexparser.parse_file`` on that BibTeX (its default stack: no LaTeX or name decoding).
Prints medians, peak memory and the ratios the foundation and speed issues ask for.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench import DATA, fmt_mib, fmt_s, in_child, machine, median, table
from generate import bibtex_text, make_papers, profile_text


def ensure_data(n: int) -> tuple[Path, Path]:
    DATA.mkdir(parents=True, exist_ok=True)
    profile, bib = DATA / f"gen{n}.txt", DATA / f"gen{n}.bib"
    if not profile.exists() or not bib.exists():
        papers = list(make_papers(n))
        profile.write_text(profile_text(papers), encoding="utf-8")
        bib.write_text(bibtex_text(papers), encoding="utf-8")
    return profile, bib


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--papers", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    profile, bib = ensure_data(args.papers)
    ours_setup = "import datetime as dt; from scholarcli.readers import read_input"
    jobs = {
        "scholar: profile": (
            ours_setup,
            f"result = len(read_input({str(profile)!r}, as_of=dt.date(2026, 11, 28)).papers)",
        ),
        "scholar: BibTeX": (
            ours_setup,
            f"result = len(read_input({str(bib)!r}, as_of=dt.date(2026, 11, 28)).papers)",
        ),
        "bibtexparser.parse_file": (
            "import bibtexparser",
            f"result = len(bibtexparser.parse_file({str(bib)!r}).entries)",
        ),
    }
    times: dict[str, list[float]] = {name: [] for name in jobs}
    rss: dict[str, int] = {}
    for _ in range(args.runs):
        for name, (setup, body) in jobs.items():
            sample = in_child(setup, body)
            assert sample.result == str(args.papers), (name, sample.result)
            times[name].append(sample.seconds)
            rss[name] = max(rss.get(name, 0), sample.max_rss_kib)
    med = {name: median(values) for name, values in times.items()}
    base = med["bibtexparser.parse_file"]
    rows = [
        [name, f"{args.papers:,}", fmt_s(med[name]), fmt_mib(rss[name]), f"{med[name] / base:.2f}x"]
        for name in jobs
    ]
    print(f"Reading {args.papers:,} papers; median of {args.runs} runs; {machine()}")
    print(table(rows, ["reader", "papers", "median", "peak memory", "vs bibtexparser.parse_file"]))
    print()
    print(f"profile is {base / med['scholar: profile']:.1f}x faster than bibtexparser.parse_file")
    print(f"BibTeX read+decode costs {med['scholar: BibTeX'] / base:.2f}x bibtexparser.parse_file")


if __name__ == "__main__":
    main()
