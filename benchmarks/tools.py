"""Install the alternatives the benchmarks compare with, apart from the project's venv.

    python benchmarks/tools.py install [DIR]     # default: ../tools beside the checkout
    python benchmarks/tools.py status  [DIR]

Each Python tool gets a venv of its own under DIR/venvs/ (their pins clash with ours and
with each other): bib-dedupe, papis, pubs, and two venvs with scholar itself beside typer
0.28 and typer 0.29 (for typer_pin.py). bibtex-tidy is installed with npm into DIR/node/.
The benchmarks find them there (``SCHOLAR_BENCH_TOOLS=DIR`` names another folder), or on
PATH. pybtex is a plain dependency of the benchmarks: it goes into the project's venv.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT = ROOT.parent / "tools"

# venv name -> what pip installs into it. pubs 0.9 needs bibtexparser 1.x and pyparsing but
# does not say so in its metadata.
VENVS: dict[str, list[str]] = {
    "bibdedupe": ["bib-dedupe"],
    "papis": ["papis"],
    "pubs": ["pubs", "bibtexparser<2", "pyparsing"],
    "typer028": ["typer==0.28.0"],
    "typer029": ["typer==0.29.2"],
}
WITH_SCHOLAR = ("typer028", "typer029")


def scholar_dependencies() -> list[str]:
    """scholar's own dependencies but typer (each typer venv brings its version)."""
    import tomllib

    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    return [d for d in project["dependencies"] if not d.startswith("typer")]


def run(cmd: list[str], **kwargs: object) -> bool:
    print("+", " ".join(cmd), file=sys.stderr)
    return subprocess.run(cmd, check=False, **kwargs).returncode == 0  # type: ignore[call-overload]


def install(folder: Path) -> None:
    venvs = folder / "venvs"
    venvs.mkdir(parents=True, exist_ok=True)
    for name, packages in VENVS.items():
        venv = venvs / name
        if not (venv / "bin" / "python").exists():
            run([sys.executable, "-m", "venv", str(venv)])
        pip = [str(venv / "bin" / "python"), "-m", "pip", "install", "-q"]
        ok = run([*pip, *packages])
        if ok and name in WITH_SCHOLAR:
            ok = run([*pip, *scholar_dependencies()]) and run([*pip, "--no-deps", str(ROOT)])
        print(f"{name}: {'installed' if ok else 'FAILED'}", file=sys.stderr)
    if shutil.which("npm"):
        node = folder / "node"
        node.mkdir(exist_ok=True)
        ok = run(["npm", "install", "--silent", "--no-audit", "--no-fund", "bibtex-tidy"], cwd=node)
        print(f"bibtex-tidy: {'installed' if ok else 'FAILED'}", file=sys.stderr)
    else:
        print("bibtex-tidy: npm is not on PATH; not installed", file=sys.stderr)
    run([sys.executable, "-m", "pip", "install", "-q", "pybtex"])


def status(folder: Path) -> None:
    for name in VENVS:
        python = folder / "venvs" / name / "bin" / "python"
        print(f"{name:10} {'yes' if python.exists() else 'no'}  {python.parent.parent}")
    tidy = folder / "node" / "node_modules" / ".bin" / "bibtex-tidy"
    print(f"{'bib-tidy':10} {'yes' if tidy.exists() else 'no'}  {tidy}")


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("action", choices=["install", "status"])
    parser.add_argument("folder", nargs="?", type=Path, default=DEFAULT)
    args = parser.parse_args()
    install(args.folder) if args.action == "install" else status(args.folder)


if __name__ == "__main__":
    main()
