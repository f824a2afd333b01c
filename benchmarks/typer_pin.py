"""The typer pin: start-up with typer 0.28 (our pin, `typer<0.29`) beside typer 0.29.

    python benchmarks/typer_pin.py                         # venvs from the tools folder
    python benchmarks/typer_pin.py --venv 0.28=/tmp/t028 --venv 0.29=/tmp/t029 --runs 10

typer 0.29 made pydantic a dependency and imports it at start-up. Each typer version gets
a venv of its own (``benchmarks/tools.py install`` makes them: typer at that version, the
rest of scholar's dependencies, scholar itself without dependencies), and in each this
measures, in fresh processes taking turns run by run: ``python -c pass``, a two-command
hello-world Typer app, ``scholar --help`` and ``scholar list examples/profile.txt --format
json``; and whether pydantic was imported. A venv that is missing is reported, not fatal.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench import (
    NOT_INSTALLED,
    ROOT,
    WARM_UP_ROUNDS,
    bench_env,
    interleaved_runs,
    load,
    machine,
    median,
    record,
    table,
    tools_dir,
)

HELLO = """
import typer

app = typer.Typer()


@app.command()
def hello(name: str) -> None:
    print(f"Hello {name}")


@app.command()
def goodbye(name: str, formal: bool = False) -> None:
    print(f"Goodbye {name}")


app()
"""
SEED = ROOT / "examples" / "profile.txt"
VERSIONS = {"0.28": "typer028", "0.29": "typer029"}


def venvs(given: list[str]) -> dict[str, Path | None]:
    """typer version -> the venv's folder, None when there is none."""
    found: dict[str, Path | None] = {}
    tools = tools_dir()
    for version, folder in VERSIONS.items():
        path = tools / "venvs" / folder if tools else None
        found[version] = path if path and (path / "bin" / "python").exists() else None
    for item in given:
        version, _, folder = item.partition("=")
        found[version] = Path(folder)
    return found


def typer_version(python: Path) -> str:
    done = subprocess.run(
        [str(python), "-c", "import typer, sys; print(typer.__version__)"],
        capture_output=True,
        text=True,
        check=False,
    )
    return done.stdout.strip() or "?"


def imports_pydantic(python: Path, script: str) -> bool:
    probe = (
        "import runpy, sys\n"
        "sys.argv = ['app', 'hello', 'x']\n"
        "try:\n"
        f"    runpy.run_path({script!r}, run_name='__main__')\n"
        "except SystemExit:\n"
        "    pass\n"
        "sys.stderr.write(str('pydantic' in sys.modules))\n"
    )
    done = subprocess.run([str(python), "-c", probe], capture_output=True, text=True, check=False)
    return done.stderr.strip().endswith("True")


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--runs", type=int, default=10)
    parser.add_argument("--venv", action="append", default=[], metavar="VERSION=DIR")
    args = parser.parse_args()
    found = venvs(args.venv)
    env = bench_env()
    with tempfile.TemporaryDirectory() as tmp:
        hello = Path(tmp) / "hello.py"
        hello.write_text(HELLO, encoding="utf-8")
        jobs: dict[tuple[str, str], list[str]] = {}
        versions: dict[str, str] = {}
        pydantic: dict[str, bool] = {}
        for version, venv in found.items():
            if venv is None:
                continue
            python = venv / "bin" / "python"
            versions[version] = typer_version(python)
            pydantic[version] = imports_pydantic(python, str(hello))
            jobs[(version, "python -c pass")] = [str(python), "-c", "pass"]
            jobs[(version, "hello-world app (2 commands)")] = [
                str(python),
                str(hello),
                "hello",
                "x",
            ]
            scholar = venv / "bin" / "scholar"
            if scholar.exists():
                jobs[(version, "scholar --help")] = [str(scholar), "--help"]
                jobs[(version, "scholar list SEED -f json")] = [
                    str(scholar), "list", str(SEED), "--format", "json",
                ]  # fmt: skip
        load_before = load()
        samples = interleaved_runs(jobs, env, args.runs)
        load_after = load()
        times = {key: [wall for wall, _ in runs] for key, runs in samples.items()}

    print(
        f"Medians of {args.runs} runs, interleaved, after {WARM_UP_ROUNDS} warm-up rounds; "
        f"{machine()}"
    )
    print(f"{load_before} before, {load_after} after.\n")
    what = ["python -c pass", "hello-world app (2 commands)", "scholar --help"]
    what.append("scholar list SEED -f json")
    old, new = "0.28", "0.29"
    header = ["command", f"typer {versions.get(old, NOT_INSTALLED)}"]
    header += [f"typer {versions.get(new, NOT_INSTALLED)}", "0.29 / 0.28"]
    rows = []
    for name in what:
        a, b = times.get((old, name)), times.get((new, name))
        rows.append(
            [
                name,
                f"{median(a) * 1000:.0f} ms" if a else NOT_INSTALLED,
                f"{median(b) * 1000:.0f} ms" if b else NOT_INSTALLED,
                f"{median(b) / median(a):.2f}x" if a and b else "",
            ]
        )
    rows.append(
        [
            "imports pydantic (hello-world app)",
            str(pydantic.get(old, "-")),
            str(pydantic.get(new, "-")),
            "",
        ]
    )
    print(table(rows, header))
    a, b = times.get((old, what[1])), times.get((new, what[1]))
    if a and b:
        record(
            "typer pin",
            "two-command hello-world Typer app",
            "-",
            f"typer {versions[old]}: {median(a) * 1000:.0f} ms",
            f"typer {versions[new]}: {median(b) * 1000:.0f} ms",
            f"{median(a) / median(b):.2f}x",
        )


if __name__ == "__main__":
    main()
