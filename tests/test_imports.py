"""Start-up hygiene: core modules stay free of the CLI toolkits, commands import only what
they use. Each check runs in a fresh interpreter, whose ``sys.modules`` is the evidence."""

from __future__ import annotations

import json
import pkgutil
import subprocess
import sys
from pathlib import Path

import pytest

import scholarcli

from conftest import AS_OF, DATA, EXAMPLES

HEAVY = ("rich", "bibtexparser", "rapidfuzz", "numpy", "sqlite3", "dateutil")

# Imports each module in turn and says, for each banned top-level package, which module
# brought it in first.
_FIRST_IMPORTER = """
import importlib, json, sys
banned, names = json.loads(sys.argv[1]), json.loads(sys.argv[2])
culprits = {}
for name in names:
    importlib.import_module(name)
    for package in banned:
        if package in sys.modules and package not in culprits:
            culprits[package] = name
print(json.dumps(culprits))
"""

# Runs `scholar ARGS` in this process and prints the top-level packages it imported.
_RUN_SCHOLAR = """
import json, sys
sys.argv = ["scholar", *sys.argv[1:]]
from scholarcli.__main__ import main
try:
    main()
except SystemExit as exc:
    code = exc.code
else:
    code = 0
sys.stdout.flush()
packages = sorted({name.partition(".")[0] for name in sys.modules})
sys.stderr.write("\\n" + json.dumps({"code": code, "packages": packages}) + "\\n")
"""


def core_modules() -> list[str]:
    """Every module of scholarcli outside cli/, and cli/common.py."""
    found = pkgutil.walk_packages([str(Path(scholarcli.__file__).parent)], prefix="scholarcli.")
    names = [info.name for info in found]
    core = sorted(n for n in names if not n.startswith("scholarcli.cli"))
    return ["scholarcli", *core, "scholarcli.cli.common"]


def first_importers(banned: tuple[str, ...], modules: list[str]) -> dict[str, str]:
    done = subprocess.run(
        [sys.executable, "-c", _FIRST_IMPORTER, json.dumps(banned), json.dumps(modules)],
        capture_output=True,
        text=True,
        check=True,
    )
    culprits: dict[str, str] = json.loads(done.stdout)
    return culprits


def packages_imported_by(*args: str, tmp_path: Path) -> set[str]:
    env = {
        "PATH": "/usr/bin:/bin",
        "SCHOLAR_AS_OF": AS_OF,
        "SCHOLAR_LIBRARY": str(tmp_path / "library.sqlite"),
    }
    done = subprocess.run(
        [sys.executable, "-c", _RUN_SCHOLAR, *args],
        capture_output=True,
        text=True,
        check=False,
        env=env,
    )
    report = json.loads(done.stderr.strip().splitlines()[-1])
    assert report["code"] in (0, None), done.stderr
    return set(report["packages"])


def test_the_core_list_is_complete() -> None:
    modules = core_modules()
    assert "scholarcli.readers.profile" in modules
    assert "scholarcli.dedupe.block" in modules
    assert "scholarcli.cli.common" in modules
    assert "scholarcli.cli.app" not in modules


def test_no_core_module_imports_rich_or_typer() -> None:
    assert first_importers(("rich", "typer"), core_modules()) == {}


def test_the_probe_sees_who_imports_first() -> None:
    # The same check on CLI modules does find typer, and names the module: it is not blind.
    culprits = first_importers(("rich", "typer"), ["scholarcli.cli.common", "scholarcli.cli.app"])
    assert culprits == {"typer": "scholarcli.cli.app"}


@pytest.mark.parametrize(
    "args",
    [
        ["list", str(EXAMPLES / "profile.txt")],
        ["list", str(EXAMPLES / "profile.txt"), "--format", "json"],
        ["list", str(EXAMPLES / "profile.txt"), "-f", "csv", "--since", "2021", "--sort", "date"],
        ["stats", str(EXAMPLES / "profile.txt"), "--format", "json"],
        ["export", str(EXAMPLES / "profile.txt"), "--format", "bibtex"],
    ],
    ids=["list", "list-json", "list-csv", "stats-json", "export-bibtex"],
)
def test_reading_a_profile_imports_nothing_heavy(args: list[str], tmp_path: Path) -> None:
    packages = packages_imported_by(*args, tmp_path=tmp_path)
    assert "typer" in packages
    assert packages.isdisjoint(HEAVY), sorted(packages & set(HEAVY))


def test_version_imports_not_even_typer(tmp_path: Path) -> None:
    packages = packages_imported_by("--version", tmp_path=tmp_path)
    assert packages.isdisjoint({"typer", "click", *HEAVY})


def test_a_bibtex_input_imports_bibtexparser_and_no_other(tmp_path: Path) -> None:
    packages = packages_imported_by("list", str(DATA / "citations.bib"), tmp_path=tmp_path)
    assert "bibtexparser" in packages
    assert packages.isdisjoint(set(HEAVY) - {"bibtexparser"})


def test_the_library_imports_sqlite3_and_no_other(tmp_path: Path) -> None:
    packages = packages_imported_by("list", "-f", "keys", tmp_path=tmp_path)
    assert "sqlite3" in packages
    assert packages.isdisjoint(set(HEAVY) - {"sqlite3"})
