"""Every benchmark of the project in one go, side by side with the alternatives.

    python benchmarks/run_all.py --write          # the full run; rewrites BENCHMARKS.md's tables
    python benchmarks/run_all.py --quick          # a smaller, faster pass (smoke test)
    python benchmarks/run_all.py --only startup read corpus --write
    python benchmarks/run_all.py --list           # the benchmarks and their arguments

Each benchmark script runs in a child process with the arguments of the mode (full or
``--quick``); its printed tables go to benchmarks/results/NAME.md and the rows it records
(bench.record) to the summary table, one row per capability and data set: what, data,
scholar, the alternative, ratio. ``--write`` puts the summary and each benchmark's tables
into BENCHMARKS.md between its ``<!-- run_all:NAME -->`` and ``<!-- /run_all:NAME -->``
markers (the prose around them stays); without it they are printed, ready to paste, and
kept in benchmarks/results/BENCHMARKS.generated.md.

Alternatives are found on PATH or in the tools folder (``python benchmarks/tools.py
install`` fills it; ``--tools DIR`` or ``SCHOLAR_BENCH_TOOLS`` names it); one that is not
installed shows as "not installed", and a benchmark that fails is reported and the others
go on.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import re
import shlex
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from bench import ROOT, SUMMARY_ENV, TOOLS_ENV, load, machine, table  # noqa: E402

RESULTS = HERE / "results"
DOC = ROOT / "BENCHMARKS.md"


@dataclass(frozen=True)
class Benchmark:
    name: str
    script: str
    full: tuple[str, ...]
    quick: tuple[str, ...]


BENCHMARKS = [
    Benchmark("startup", "startup_speed.py", ("--runs", "20"), ("--runs", "5")),
    Benchmark("typer", "typer_pin.py", ("--runs", "10"), ("--runs", "5")),
    Benchmark(
        "read",
        "read_speed.py",
        ("--sizes", "1000", "10000", "100000", "--runs", "5", "--slow-runs", "3"),
        ("--sizes", "1000", "10000", "--runs", "5", "--slow-runs", "1"),
    ),
    Benchmark(
        "corpus",
        "corpus_speed.py",
        ("--corpora", "acl", "dblp", "--runs", "5", "--slow-runs", "3"),
        ("--corpora", "acl", "--runs", "1", "--slow-runs", "1"),
    ),
    Benchmark(
        "export", "export_speed.py", ("--papers", "100000", "--runs", "5"),
        ("--papers", "10000", "--runs", "3"),
    ),
    Benchmark(
        "search", "search_speed.py", ("--papers", "100000", "--runs", "5"),
        ("--papers", "10000", "--runs", "3"),
    ),
    Benchmark(
        "stats", "stats_speed.py", ("--papers", "100000", "--runs", "5"),
        ("--papers", "10000", "--runs", "3"),
    ),
    Benchmark(
        "dedupe_quality", "dedupe_quality.py", ("--runs", "5", "--bib-dedupe-runs", "5"),
        ("--runs", "3", "--bib-dedupe-runs", "1"),
    ),
    Benchmark(
        "dedupe_scale", "dedupe_scale.py", ("--sizes", "10000", "100000", "1000000", "--runs", "5"),
        ("--sizes", "10000", "--runs", "3"),
    ),
    Benchmark(
        "check", "check_speed.py", ("--sizes", "1000", "10000", "--runs", "5"),
        ("--sizes", "1000", "--runs", "3"),
    ),
    Benchmark(
        "library_import", "library_import.py", ("100000", "--runs", "5"),
        ("10000", "--runs", "3"),
    ),
]  # fmt: skip
NAMES = [b.name for b in BENCHMARKS]


@dataclass
class Outcome:
    benchmark: Benchmark
    args: tuple[str, ...]
    seconds: float
    ok: bool
    output: str


def run(benchmark: Benchmark, args: tuple[str, ...], env: dict[str, str]) -> Outcome:
    """Run one benchmark script; its tables are its stdout, its progress goes to ours."""
    cmd = [sys.executable, str(HERE / benchmark.script), *args]
    print(f"== {benchmark.name}: {' '.join(cmd[1:])} ({load()})", file=sys.stderr)
    start = time.perf_counter()
    done = subprocess.run(cmd, stdout=subprocess.PIPE, text=True, env=env, check=False)
    seconds = time.perf_counter() - start
    output = done.stdout.strip()
    if done.returncode != 0:
        output += f"\n\n**failed** (exit {done.returncode}); see the log of the run."
    print(f"== {benchmark.name}: {seconds:.0f} s, exit {done.returncode}", file=sys.stderr)
    return Outcome(benchmark, args, seconds, done.returncode == 0, output)


def block(outcome: Outcome, stamp: str) -> str:
    """The Markdown that stands for one benchmark in BENCHMARKS.md."""
    command = " ".join(["python", f"benchmarks/{outcome.benchmark.script}", *outcome.args])
    return f"`{command}` ({stamp}; {outcome.seconds:.0f} s)\n\n" + _fence_text(outcome.output)


def _fence_text(output: str) -> str:
    # Tables stay Markdown; other lines of a script's report become a plain-text block.
    lines = output.splitlines()
    out: list[str] = []
    plain: list[str] = []
    for line in lines:
        if line.startswith(("|", "#")) or not line.strip():
            if plain:
                out += ["```text", *plain, "```"]
                plain = []
            out.append(line)
        else:
            plain.append(line)
    if plain:
        out += ["```text", *plain, "```"]
    return "\n".join(out).strip() + "\n"


def summary(rows: list[dict[str, str]], header_note: str) -> str:
    body = [
        [r["capability"], r["what"], r["data"], r["scholar"], r["alternative"], r["ratio"]]
        for r in rows
    ]
    return (
        header_note
        + "\n\n"
        + table(body, ["capability", "what", "data", "scholar", "alternative", "ratio"])
        + "\n"
    )


def write_blocks(doc: Path, blocks: dict[str, str]) -> list[str]:
    """Replace each ``<!-- run_all:NAME -->`` ... ``<!-- /run_all:NAME -->`` block of
    ``doc``; returns the names that have no markers there."""
    text = doc.read_text(encoding="utf-8")
    missing = []
    for name, content in blocks.items():
        pattern = re.compile(
            rf"(<!-- run_all:{re.escape(name)} -->\n).*?(<!-- /run_all:{re.escape(name)} -->)",
            re.DOTALL,
        )
        if not pattern.search(text):
            missing.append(name)
            continue
        found = pattern.search(text)
        assert found is not None
        text = text[: found.end(1)] + content + text[found.start(2) :]
    doc.write_text(text, encoding="utf-8")
    return missing


def rewrite(names: list[str]) -> None:
    """BENCHMARKS.md from benchmarks/results/: each benchmark's last block, and a summary
    of the rows they recorded (runs made apart, e.g. with --only, come together here)."""
    blocks: dict[str, str] = {}
    rows: list[dict[str, str]] = []
    for name in names:
        saved = RESULTS / f"{name}.block.md"
        if saved.exists():
            blocks[name] = saved.read_text(encoding="utf-8")
        rows_file = RESULTS / f"{name}.summary.jsonl"
        if rows_file.exists():
            lines = rows_file.read_text(encoding="utf-8").splitlines()
            rows += [json.loads(line) for line in lines if line.strip()]
    note = (
        f"Collected by `python benchmarks/run_all.py --rewrite` from the runs below (each "
        f"says when it ran and how). Machine: {machine()}. Ratio: scholar's figure over the "
        "alternative's (below 1: scholar is faster) unless the row says otherwise."
    )
    blocks = {"summary": summary(rows, note), **blocks}
    missing = write_blocks(DOC, blocks)
    for name in missing:
        print(f"BENCHMARKS.md has no block for {name}", file=sys.stderr)
    print(f"BENCHMARKS.md: {len(blocks) - len(missing)} blocks written", file=sys.stderr)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--quick", action="store_true", help="smaller data, fewer runs")
    parser.add_argument("--only", nargs="+", choices=NAMES, metavar="NAME", help="run these")
    parser.add_argument("--skip", nargs="+", choices=NAMES, metavar="NAME", default=[])
    parser.add_argument(
        "--args",
        action="append",
        default=[],
        metavar="NAME=ARGS",
        help="other arguments for one benchmark, e.g. --args 'corpus=--corpora acl --runs 5'",
    )
    parser.add_argument("--tools", type=Path, help="the folder of the alternatives")
    parser.add_argument("--write", action="store_true", help="update BENCHMARKS.md")
    parser.add_argument("--list", action="store_true", help="list the benchmarks and stop")
    parser.add_argument(
        "--rewrite",
        action="store_true",
        help="run nothing: write BENCHMARKS.md from the results the last runs left",
    )
    args = parser.parse_args()

    chosen = [b for b in BENCHMARKS if (not args.only or b.name in args.only)]
    chosen = [b for b in chosen if b.name not in args.skip]
    if args.list:
        for b in BENCHMARKS:
            print(f"{b.name:15} {b.script:20} full: {' '.join(b.full)}")
            print(f"{'':15} {'':20} quick: {' '.join(b.quick)}")
        return
    RESULTS.mkdir(parents=True, exist_ok=True)
    if args.rewrite:
        rewrite([b.name for b in chosen])
        return
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    if args.tools:
        env[TOOLS_ENV] = str(args.tools.resolve())
    started = dt.datetime.now().strftime("%Y-%m-%d %H:%M")
    load_before = load()
    outcomes: list[Outcome] = []
    rows: list[dict[str, str]] = []
    total = time.perf_counter()
    overrides = {}
    for item in args.args:
        name, _, rest = item.partition("=")
        if name not in NAMES:
            parser.error(f"--args: no benchmark {name!r}")
        overrides[name] = tuple(shlex.split(rest))
    for benchmark in chosen:
        summary_file = RESULTS / f"{benchmark.name}.summary.jsonl"
        summary_file.unlink(missing_ok=True)
        env[SUMMARY_ENV] = str(summary_file)
        given = overrides.get(benchmark.name)
        outcome = run(benchmark, given or (benchmark.quick if args.quick else benchmark.full), env)
        outcomes.append(outcome)
        (RESULTS / f"{benchmark.name}.md").write_text(outcome.output + "\n", encoding="utf-8")
        # The command line in the block says what ran (full, --quick or --args).
        stamp = f"{'quick run' if args.quick else 'run'} of {started}"
        (RESULTS / f"{benchmark.name}.block.md").write_text(block(outcome, stamp), encoding="utf-8")
        if summary_file.exists():
            lines = summary_file.read_text(encoding="utf-8").splitlines()
            rows += [json.loads(line) for line in lines if line.strip()]
    total = time.perf_counter() - total
    mode = "quick" if args.quick else "full"
    stamp = f"{mode} run of {started}"
    note = (
        f"Generated by `python benchmarks/run_all.py{' --quick' if args.quick else ''}` "
        f"({stamp}, {total / 60:.0f} min for {len(outcomes)} benchmarks). Machine: {machine()}; "
        f"{load_before} at the start, {load()} at the end. Ratio: scholar's figure over the "
        "alternative's (below 1: scholar is faster) unless the row says otherwise."
    )
    blocks = {"summary": summary(rows, note)}
    blocks |= {o.benchmark.name: block(o, stamp) for o in outcomes}
    generated = "\n".join(f"## {name}\n\n{content}" for name, content in blocks.items())
    (RESULTS / "BENCHMARKS.generated.md").write_text(generated, encoding="utf-8")
    if args.write:
        missing = write_blocks(DOC, blocks)
        for name in missing:
            print(f"BENCHMARKS.md has no block for {name}; see {RESULTS}/", file=sys.stderr)
        print(f"BENCHMARKS.md updated ({len(blocks) - len(missing)} blocks)", file=sys.stderr)
    else:
        print(generated)
    failed = [o.benchmark.name for o in outcomes if not o.ok]
    print(f"done in {total / 60:.1f} min; failed: {', '.join(failed) or 'none'}", file=sys.stderr)


if __name__ == "__main__":
    main()
