"""Every command with bad arguments: exit 2, one `scholar: ...` line (and hints), no traceback."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import Result

from scholarcli.library import open_library, schema_version

from conftest import AS_OF, EXAMPLES, Scholar

CLEAN = str(EXAMPLES / "cv.bib")  # reads without a single problem line on stderr

# Every command that reads input files, with the arguments that come before the files.
READERS: dict[str, list[str]] = {
    "list": ["list"],
    "search": ["search", "pruning"],
    "export": ["export"],
    "stats": ["stats"],
    "dedupe": ["dedupe"],
    "check": ["check"],
    "import": ["import"],
}
# Commands that open the library (no input files given).
LIBRARY_READERS: dict[str, list[str]] = {
    "list": ["list"],
    "search": ["search", "pruning"],
    "export": ["export"],
    "stats": ["stats"],
    "dedupe": ["dedupe"],
    "dedupe --merge": ["dedupe", "--merge"],
    "dedupe --undo": ["dedupe", "--undo"],
    "import": ["import", CLEAN],
    "library info": ["library", "info"],
    "library remove": ["library", "remove", "somekey"],
}
COMMANDS = [
    ["list"],
    ["search"],
    ["export"],
    ["stats"],
    ["dedupe"],
    ["check"],
    ["import"],
    ["library"],
    ["library", "info"],
    ["library", "path"],
    ["library", "remove"],
]


def assert_one_error_line(result: Result, code: int = 2, *, says: str = "") -> None:
    """Exit ``code``; stderr is ``scholar: ...`` then only hint lines; nothing on stdout."""
    assert result.exit_code == code, result.stderr
    lines = result.stderr.splitlines()
    assert lines, "no message on stderr"
    assert lines[0].startswith("scholar: "), result.stderr
    assert all(line.startswith("  hint: ") for line in lines[1:]), result.stderr
    assert "Traceback" not in result.stderr
    assert says.lower() in lines[0].lower()
    assert result.stdout == ""


@pytest.fixture
def bad_inputs(tmp_path: Path) -> dict[str, tuple[str, str]]:
    """Inputs that cannot be read, each with a word its error message must contain."""
    folder = tmp_path / "a-folder"
    folder.mkdir()
    garbage = tmp_path / "garbage.dat"
    # Bytes that are no text in any encoding a reader would guess: NULs, controls, 0xFF.
    garbage.write_bytes(bytes(range(256)) * 8 + b"\x00\xff" * 512)
    return {
        "missing": (str(tmp_path / "nowhere.bib"), "no such file"),
        "directory": (str(folder), "directory"),
        "binary garbage": (str(garbage), "garbage.dat"),
    }


@pytest.mark.parametrize("command", READERS)
@pytest.mark.parametrize("case", ["missing", "directory", "binary garbage"])
def test_an_unreadable_input_is_one_line_and_exit_2(
    scholar: Scholar, bad_inputs: dict[str, tuple[str, str]], command: str, case: str
) -> None:
    path, says = bad_inputs[case]
    assert_one_error_line(scholar(*READERS[command], path), says=says)


@pytest.mark.parametrize("command", READERS)
def test_an_empty_input_is_an_empty_bibliography(
    scholar: Scholar, tmp_path: Path, command: str
) -> None:
    # Documented in docs/safety.md: an empty file holds no papers; that is no error.
    empty = tmp_path / "empty.bib"
    empty.write_bytes(b"")
    result = scholar(*READERS[command], empty)
    assert result.exit_code == 0, result.stderr
    assert "Traceback" not in result.stderr
    assert "scholar: " not in result.stderr.replace("scholar check: ", "")


@pytest.mark.parametrize(
    ("args", "says"),
    [
        (["list", CLEAN, "-f", "xml"], "'xml' is not one of"),
        (["search", "x", CLEAN, "-f", "xml"], "'xml' is not one of"),
        (["export", CLEAN, "-f", "xml"], "'xml' is not one of"),
        (["stats", CLEAN, "-f", "xml"], "'xml' is not one of"),
        (["dedupe", CLEAN, "-f", "xml"], "'xml' is not one of"),
        (["check", CLEAN, "-f", "xml"], "'xml' is not one of"),
        (["library", "info", "-f", "xml"], "'xml' is not one of"),
        (["list", CLEAN, "--limit", "-1"], "--limit"),
        (["list", CLEAN, "--limit", "abc"], "--limit"),
        (["search", "x", CLEAN, "--limit", "-1"], "--limit"),
        (["search", "x", CLEAN, "--limit", "abc"], "--limit"),
        (["list", CLEAN, "--since", "abc"], "--since 'abc'"),
        (["list", CLEAN, "--until", "2026-13-45"], "no such date"),
        (["stats", CLEAN, "--since", "abc"], "--since 'abc'"),
        (["list", CLEAN, "--year", "abc"], "--year"),
        (["stats", CLEAN, "--top", "0"], "--top"),
        (["dedupe", CLEAN, "--threshold", "2"], "--threshold"),
        (["dedupe", CLEAN, "--threshold", "abc"], "--threshold"),
        (["check", CLEAN, "--fail-on", "sometimes"], "--fail-on"),
        (["check", CLEAN, "--ignore", "no-such-rule"], "no rule"),
        (["search", "year:abc", CLEAN], "bad query"),
        (["search", "year:abc"], "bad query"),
        (["search", '"open', CLEAN], "not closed"),
        (["search", "(a OR", CLEAN], "OR needs something"),
        (["--as-of", "2026-13-45", "list", CLEAN], "--as-of"),
        (["--as-of", "yesterday", "stats", CLEAN], "--as-of"),
        (["list", CLEAN, "--bogus"], "no such option"),
        (["bogus"], "no such command"),
        (["library", "bogus"], "no such command"),
        (["import"], "missing argument"),
        (["library", "remove"], "missing argument"),
        (["export", CLEAN, "--check"], "--check needs -o"),
        (["export", CLEAN, "-o", "refs.unknown"], "format"),
        (["dedupe", CLEAN, "--merge"], "--merge needs -o"),
        (["dedupe", CLEAN, "--undo"], "--undo"),
        (["list", "-", "-"], "only once"),
    ],
)
def test_a_bad_argument_is_one_line_and_exit_2(
    scholar: Scholar, args: list[str], says: str
) -> None:
    assert_one_error_line(scholar(*args), says=says)


def test_a_bad_reference_date_in_the_environment_is_named(
    scholar: Scholar, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SCHOLAR_AS_OF", "2026-02-30")
    assert_one_error_line(scholar("list", CLEAN), says="SCHOLAR_AS_OF")


@pytest.fixture
def bad_libraries(tmp_path: Path) -> dict[str, tuple[Path, str]]:
    """Library files scholar must refuse, each with a word its error message must contain."""
    garbage = tmp_path / "garbage.sqlite"
    garbage.write_bytes(b"not a database, just words\n" * 200)
    folder = tmp_path / "folder.sqlite"
    folder.mkdir()
    foreign = tmp_path / "foreign.sqlite"
    with sqlite3.connect(foreign) as conn:
        conn.execute("CREATE TABLE notes (body TEXT)")
    conn.close()
    newer = tmp_path / "newer.sqlite"
    with open_library(newer, create=True):
        pass
    with sqlite3.connect(newer) as conn:
        conn.execute(f"PRAGMA user_version = {schema_version() + 1}")
    conn.close()
    return {
        "garbage": (garbage, "not an SQLite database"),
        "directory": (folder, "directory"),
        "another program's": (foreign, "another program"),
        "newer schema": (newer, "newer scholar"),
    }


@pytest.mark.parametrize("command", LIBRARY_READERS)
@pytest.mark.parametrize("case", ["garbage", "directory", "another program's", "newer schema"])
@pytest.mark.parametrize("via", ["--library", "SCHOLAR_LIBRARY"])
def test_an_unusable_library_is_one_line_and_exit_2_and_left_alone(
    scholar: Scholar,
    monkeypatch: pytest.MonkeyPatch,
    bad_libraries: dict[str, tuple[Path, str]],
    command: str,
    case: str,
    via: str,
) -> None:
    library, says = bad_libraries[case]
    before = library.read_bytes() if library.is_file() else None
    args = LIBRARY_READERS[command]
    if via == "--library":
        result = scholar("--library", library, *args)
    else:
        monkeypatch.setenv("SCHOLAR_LIBRARY", str(library))
        result = scholar(*args)
    assert_one_error_line(result, says=says)
    assert str(library.name) in result.stderr
    if before is not None:
        assert library.read_bytes() == before
    assert not Path(f"{library}-wal").exists()
    assert not Path(f"{library}-journal").exists()


def test_library_path_does_not_open_the_library(
    scholar: Scholar, bad_libraries: dict[str, tuple[Path, str]]
) -> None:
    library, _ = bad_libraries["garbage"]
    result = scholar("--library", library, "library", "path")
    assert (result.exit_code, result.stdout, result.stderr) == (0, f"{library}\n", "")


@pytest.mark.parametrize("command", COMMANDS, ids=" ".join)
def test_every_command_has_help_with_an_example(scholar: Scholar, command: list[str]) -> None:
    result = scholar(*command, "--help")
    assert result.exit_code == 0
    assert "Example" in result.stdout
    assert result.stderr == ""


def run_scholar(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    """The real entry point in a child process (what a shell or CI job runs)."""
    env = dict(
        os.environ,
        SCHOLAR_LIBRARY=str(cwd / "library.sqlite"),
        SCHOLAR_AS_OF=AS_OF,
        NO_COLOR="1",
    )
    return subprocess.run(
        [sys.executable, "-m", "scholarcli", *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


@pytest.mark.parametrize(
    ("args", "says"),
    [
        (["list", "nowhere.bib"], "scholar: nowhere.bib: no such file"),
        (["list", CLEAN, "--limit", "abc"], "scholar: Invalid value for '--limit'"),
        (["bogus"], "scholar: No such command 'bogus'"),
    ],
)
def test_a_real_process_prints_no_traceback_and_debug_shows_one(
    tmp_path: Path, args: list[str], says: str
) -> None:
    plain = run_scholar(*args, cwd=tmp_path)
    assert plain.returncode == 2
    assert plain.stderr.startswith(says)
    assert "Traceback" not in plain.stderr
    assert plain.stdout == ""


def test_debug_adds_the_traceback(tmp_path: Path) -> None:
    debug = run_scholar("--debug", "list", "nowhere.bib", cwd=tmp_path)
    assert debug.returncode == 2
    assert debug.stderr.startswith("Traceback (most recent call last):")
    assert "InputError" in debug.stderr
    assert debug.stderr.splitlines()[-2:] == [
        "scholar: nowhere.bib: no such file",
        "  hint: check the path",
    ]
