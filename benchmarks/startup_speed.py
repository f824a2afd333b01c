"""Start-up: what a command typed many times a day costs, against `python -c pass`.

    python benchmarks/startup_speed.py                # 20 runs of each, interleaved
    python benchmarks/startup_speed.py --runs 5 --papis PATH --pubs PATH

Every command runs in a fresh process, the commands taking turns run by run (so a noisy
neighbour slows all alike) after two warm-up rounds (page cache, bytecode caches); the
figure is the median wall time, and the ratio is to the floor, `python -c pass` with the
same interpreter. The issue's bounds: `scholar --version` <= 7x, `scholar list
examples/profile.txt --format json` <= 9x, `scholar search pruning` on a library holding
the seed <= 11x. papis and pubs (bibliography managers in Python; each in its own venv,
found on PATH or in the tools folder, see bench.tools_dir) answer `--version` beside them:
what a user of those pays to start. A tool that is not installed is reported as such.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench import (
    NOT_INSTALLED,
    ROOT,
    WARM_UP_ROUNDS,
    bench_env,
    find_executable,
    interleaved_runs,
    load,
    machine,
    median,
    record,
    run_once,
    scholar_cmd,
    table,
)

SEED = ROOT / "examples" / "profile.txt"
BOUNDS = {"scholar --version": 7.0, "scholar list SEED --format json": 9.0}
SEARCH = "scholar search pruning (library: the seed)"
BOUNDS[SEARCH] = 11.0


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--runs", type=int, default=20, help="timed runs of each (median)")
    parser.add_argument("--papis", help="the papis executable (default: found)")
    parser.add_argument("--pubs", help="the pubs executable (default: found)")
    args = parser.parse_args()

    scholar = scholar_cmd()
    with tempfile.TemporaryDirectory() as tmp:
        env = bench_env()
        env["SCHOLAR_LIBRARY"] = str(Path(tmp) / "library.sqlite")
        env["HOME"] = tmp  # papis and pubs look for their configuration there
        run_once([*scholar, "import", str(SEED)], env)
        jobs: dict[str, list[str] | None] = {
            "python -c pass (the floor)": [sys.executable, "-c", "pass"],
            "scholar --version": [*scholar, "--version"],
            "scholar --help": [*scholar, "--help"],
            "scholar list SEED --format json": [*scholar, "list", str(SEED), "--format", "json"],
            SEARCH: [*scholar, "search", "pruning"],
            "scholar stats SEED --format json": [*scholar, "stats", str(SEED), "-f", "json"],
        }
        for tool, given in (("papis", args.papis), ("pubs", args.pubs)):
            exe = find_executable(tool, given=given)
            jobs[f"{tool} --version"] = [exe, "--version"] if exe else None
        runnable = {name: cmd for name, cmd in jobs.items() if cmd is not None}
        broken: dict[str, str] = {}
        for name, cmd in list(runnable.items()):
            if not name.startswith(("scholar", "python")):
                try:
                    run_once(cmd, env)
                except RuntimeError as exc:  # an alternative that does not start
                    broken[name] = str(exc).strip().splitlines()[-1][:80]
                    del runnable[name]
        load_before = load()
        samples = interleaved_runs(runnable, env, args.runs)
        load_after = load()
        walls = {name: [wall for wall, _ in runs] for name, runs in samples.items()}
        cpus = {name: [cpu for _, cpu in runs] for name, runs in samples.items()}

    floor_name = next(iter(runnable))
    floor = median(walls[floor_name])
    floor_cpu = median(cpus[floor_name])
    rows = []
    verdicts = []
    for name in jobs:
        if name not in runnable:
            why = f"fails: {broken[name]}" if name in broken else NOT_INSTALLED
            rows.append([f"`{name}`", why, "", "", "", ""])
            continue
        wall, cpu = median(walls[name]), median(cpus[name])
        ratio = wall / floor
        bound = BOUNDS.get(name)
        verdict = ""
        if bound is not None:
            verdict = f"<= {bound:g}x: {'met' if ratio <= bound else 'NOT met'}"
            verdicts.append(f"{name}: {ratio:.2f}x ({verdict})")
        rows.append(
            [
                f"`{name}`",
                f"{wall * 1000:.1f} ms",
                f"{ratio:.2f}x",
                f"{cpu * 1000:.1f} ms",
                f"{cpu / floor_cpu:.2f}x",
                verdict,
            ]
        )
    print(
        f"Medians of {args.runs} runs each, interleaved, after {WARM_UP_ROUNDS} warm-up rounds; "
        f"{machine()}"
    )
    print(f"{load_before} before, {load_after} after. SEED = examples/profile.txt.\n")
    header = ["command", "median wall", "vs floor", "median CPU", "CPU vs floor", "bound"]
    print(table(rows, header))
    print()
    for line in verdicts:
        print(line)

    def ms(name: str) -> str:
        return f"{median(walls[name]) * 1000:.0f} ms" if name in walls else NOT_INSTALLED

    floor_ms = f"{floor * 1000:.0f} ms"
    for name in ("scholar --version", "scholar list SEED --format json", SEARCH):
        record(
            "start-up",
            f"`{name}`",
            "seed (50 papers)",
            ms(name),
            f"python -c pass: {floor_ms}",
            f"{median(walls[name]) / floor:.2f}x (bound {BOUNDS[name]:g}x)",
        )
    for tool in ("papis", "pubs"):
        name = f"{tool} --version"
        theirs = median(walls[name]) if name in walls else None
        for ours in ("scholar --version", "scholar --help"):
            record(
                "start-up",
                f"`{ours}` beside `{name}`",
                "-",
                ms(ours),
                f"{name}: {ms(name)}",
                f"{median(walls[ours]) / theirs:.2f}x" if theirs else NOT_INSTALLED,
            )


if __name__ == "__main__":
    main()
