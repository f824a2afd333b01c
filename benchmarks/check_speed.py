"""`scholar check` on large generated bibliographies, side by side with other BibTeX checkers.

    python benchmarks/check_speed.py                        # 1,000 and 10,000 entries, 3 runs
    python benchmarks/check_speed.py --sizes 1000 --runs 5 --tidy node_modules/.bin/bibtex-tidy

The alternatives do less than check but are what people run in CI today:

- ``biber --tool --validate-datamodel``: parses the file and validates every entry against
  BibLaTeX's data model (types, required fields, field formats); it exits 0 on findings.
- ``bibtex-tidy --duplicates=key,doi,citation`` (npm): parses, reformats and warns about
  duplicate keys, DOIs and author+title pairs.

Every command runs end to end in a fresh process (start-up and reading included), runs are
interleaved so a noisy neighbour slows every tool alike, and the table gives medians and
the ratio of each tool's time to check's (above 1: check is faster). The files are
``generate.py``'s papers as BibTeX (abstracts included), written to a temporary folder.
biber is slow enough that it runs only up to ``--biber-max`` entries.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from bench import (  # noqa: E402
    NOT_INSTALLED,
    command_seconds,
    find_executable,
    fmt_s,
    load,
    machine,
    median,
    record,
    scholar_cmd,
    table,
)
from generate import bibtex_text, make_papers  # noqa: E402  (benchmarks/ is not a package)


def find_tidy(given: str | None) -> str | None:
    local = HERE.parent / "node_modules" / ".bin" / "bibtex-tidy"
    found = find_executable("bibtex-tidy", given=given)
    return found or (str(local) if local.exists() else None)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--biber-max", type=int, default=1000)
    parser.add_argument("--tidy", help="the bibtex-tidy executable (default: found on PATH)")
    args = parser.parse_args()
    tidy = find_tidy(args.tidy)
    biber = shutil.which("biber")
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        for n in args.sizes:
            bib = folder / f"gen{n}.bib"
            bib.write_text(bibtex_text(list(make_papers(n))), encoding="utf-8")
            tools: dict[str, list[str]] = {
                "scholar check": [*scholar_cmd(), "check", str(bib), "--fail-on", "never"],
            }
            if tidy:
                tools["bibtex-tidy --duplicates"] = [
                    tidy,
                    "--duplicates=key,doi,citation",
                    f"--output={folder / 'tidy.bib'}",
                    str(bib),
                ]
            if biber and n <= args.biber_max:
                tools["biber --validate-datamodel"] = [
                    biber,
                    "--tool",
                    "--validate-datamodel",
                    "--output-file",
                    str(folder / "biber.bib"),
                    str(bib),
                ]
            times: dict[str, list[float]] = {name: [] for name in tools}
            for run in range(args.runs):
                for name, cmd in tools.items():
                    times[name].append(command_seconds(cmd))
                print(f"{n} entries: run {run + 1}/{args.runs} done", file=sys.stderr)
            base = median(times["scholar check"])
            for name, samples in times.items():
                mid = median(samples)
                ratio = "1.00" if name == "scholar check" else f"{mid / base:.2f}"
                rows.append((f"{n:,}", name, fmt_s(mid), ratio))
                if name != "scholar check":
                    record(
                        "check",
                        f"`scholar check` (every rule) beside {name}",
                        f"generated BibTeX, {n:,} entries",
                        fmt_s(base),
                        f"{name}: {fmt_s(mid)}",
                        f"{base / mid:.2f}x",
                    )
            if not tidy:
                rows.append((f"{n:,}", "bibtex-tidy --duplicates", NOT_INSTALLED, ""))
    print(f"Machine: {machine()}; medians of {args.runs} runs; {load()} at the end\n")
    print(table(rows, ["entries", "tool", "median", "time / check's"]))


if __name__ == "__main__":
    main()
