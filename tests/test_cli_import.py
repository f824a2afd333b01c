"""`scholar import` end to end, and every reading command's fallback to the library."""

from __future__ import annotations

import io
import json
import sqlite3
from pathlib import Path

import pytest

from scholarcli.cli import render

from conftest import DATA, EXAMPLES, Scholar


def test_importing_the_seed_twice_lists_exactly_the_file(
    scholar: Scholar, seed: Path, tmp_path: Path
) -> None:
    first = scholar("import", seed)
    assert (first.exit_code, first.stdout) == (0, "")
    assert first.stderr.endswith("added 50, updated 0, unchanged 0\n")
    second = scholar("import", seed)
    assert second.exit_code == 0
    assert second.stderr.endswith("added 0, updated 0, unchanged 50\n")

    from_library = scholar("list", "--format", "json")
    from_file = scholar("list", seed, "--format", "json")
    assert from_library.exit_code == from_file.exit_code == 0
    assert len(json.loads(from_library.stdout)) == 50
    assert from_library.stdout == from_file.stdout
    assert from_library.stderr == ""
    assert (tmp_path / "library.sqlite").is_file()


def test_a_bibtex_cv_survives_the_library_field_for_field(scholar: Scholar) -> None:
    cv = EXAMPLES / "cv.bib"
    assert scholar("import", cv).stderr == "added 10, updated 0, unchanged 0\n"
    from_library = scholar("list", "-f", "json")
    from_file = scholar("list", cv, "-f", "json")
    assert from_library.stdout == from_file.stdout
    papers = {p["key"]: p for p in json.loads(from_library.stdout)}
    assert papers["chen2024optimal"]["authors"][1] == "Gamze Gürsoy"
    assert papers["chen2024optimal"]["extra"]["eprint"] == "2411.03746"
    assert papers["lei2019thesis"]["extra"]["school"] == "The University of Texas at Austin"
    assert papers["muller2021robust"]["extra"]["issn"] == "1533-7928"


def test_a_changed_and_a_grown_profile_update_and_add(
    scholar: Scholar, seed: Path, tmp_path: Path
) -> None:
    text = seed.read_text(encoding="utf-8")
    cut = text.index("CRFeb 13, 2024\n")  # a paper header part-way through the listing
    shorter = tmp_path / "early.txt"
    shorter.write_text(text[:cut], encoding="utf-8")
    assert scholar("import", shorter).stderr.endswith("added 18, updated 0, unchanged 0\n")

    edited = tmp_path / "later.txt"
    changed = text.replace("We give novel algorithms", "We give new algorithms")
    edited.write_text(changed, encoding="utf-8")
    result = scholar("import", edited)
    assert result.exit_code == 0
    assert result.stderr.endswith("added 32, updated 1, unchanged 17\n")
    listed = json.loads(scholar("list", "-f", "json").stdout)
    assert listed[0]["abstract"].startswith("We give new algorithms")


def test_import_reads_stdin(scholar: Scholar, seed: Path) -> None:
    result = scholar("import", "-", input=seed.read_bytes())
    assert result.exit_code == 0
    assert result.stderr.endswith("added 50, updated 0, unchanged 0\n")
    info = json.loads(scholar("library", "info", "-f", "json").stdout)
    assert info["last_import"]["source"] == "<stdin>"
    assert info["metrics"]["h_index"] == 15


def test_several_files_are_one_import(scholar: Scholar, seed: Path) -> None:
    result = scholar("import", seed, EXAMPLES / "cv.bib")
    assert result.exit_code == 0
    # Four papers of the CV are in the profile too: the CV's record replaces them.
    assert result.stderr.endswith(
        "added 56, updated 0, unchanged 0\n"
        "note: 4 record(s) repeat an earlier one of this input (same title, year and first "
        "author); the last one's fields were kept\n"
    )
    listed = json.loads(scholar("list", "-f", "json").stdout)
    assert len(listed) == 56
    by_key = {p["key"]: p for p in listed}
    assert by_key["chen2024optimal"]["venue"] == "Advances in Neural Information Processing Systems"


def test_strict_refuses_an_input_with_problems_and_writes_nothing(
    scholar: Scholar, tmp_path: Path
) -> None:
    result = scholar("import", DATA / "broken.bib", "--strict")
    assert result.exit_code == 2
    assert result.stdout == ""
    assert "broken.bib:8: cannot parse entry" in result.stderr
    assert "scholar: " in result.stderr and "Traceback" not in result.stderr
    assert not (tmp_path / "library.sqlite").exists()
    lenient = scholar("import", DATA / "broken.bib")
    assert lenient.exit_code == 0
    assert lenient.stderr.endswith("added 1, updated 0, unchanged 0\n")


def test_a_missing_input_is_exit_2_and_no_library(scholar: Scholar, tmp_path: Path) -> None:
    result = scholar("import", tmp_path / "nope.bib")
    assert result.exit_code == 2
    assert "nope.bib: no such file" in result.stderr
    assert not (tmp_path / "library.sqlite").exists()


def test_an_empty_library_lists_nothing_and_says_how_to_fill_it(
    scholar: Scholar, tmp_path: Path
) -> None:
    result = scholar("list", "--format", "json")
    assert (result.exit_code, result.stdout) == (0, "[]\n")
    assert "is empty; add papers with: scholar import FILE" in result.stderr
    keys = scholar("list", "-f", "keys")
    assert (keys.exit_code, keys.stdout) == (0, "")
    assert not (tmp_path / "library.sqlite").exists()


def foreign_sqlite(path: Path) -> bytes:
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE moz_places (url TEXT)")
    conn.execute("INSERT INTO moz_places VALUES ('https://example.org')")
    conn.commit()
    conn.close()
    return path.read_bytes()


def garbage(path: Path) -> bytes:
    path.write_bytes(bytes(range(256)) * 64)
    return path.read_bytes()


@pytest.mark.parametrize("make", [foreign_sqlite, garbage])
@pytest.mark.parametrize(
    "command", [["import", str(EXAMPLES / "cv.bib")], ["list"], ["library", "info"]]
)
def test_a_file_that_is_not_a_library_is_exit_2_and_untouched(
    scholar: Scholar, tmp_path: Path, make: object, command: list[str]
) -> None:
    path = tmp_path / "papers.sqlite"
    before = make(path)  # type: ignore[operator]
    result = scholar("--library", path, *command)
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr.startswith(f"scholar: {path}: not a scholar library (")
    assert "left unchanged" in result.stderr and "Traceback" not in result.stderr
    assert path.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["papers.sqlite"]


def test_import_help_has_examples(scholar: Scholar) -> None:
    result = scholar("import", "--help")
    assert result.exit_code == 0
    assert "scholar import examples/profile.txt" in result.stdout
    assert "--strict" in result.stdout and "--encoding" in result.stdout


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_the_progress_bar_shows_only_on_a_terminal_for_large_inputs() -> None:
    piped = io.StringIO()
    with render.progress_bar("importing", expected=100_000, stream=piped) as progress:
        progress(50_000, 100_000)
    assert piped.getvalue() == ""

    small = Terminal()
    with render.progress_bar("importing", expected=10, stream=small) as progress:
        progress(10, 10)
    assert small.getvalue() == ""

    terminal = Terminal()
    with render.progress_bar("importing", expected=100_000, stream=terminal) as progress:
        progress(50_000, 100_000)
    assert "importing" in terminal.getvalue()
