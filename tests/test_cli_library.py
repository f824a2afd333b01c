"""`scholar library info|remove|path` end to end."""

from __future__ import annotations

import json
from pathlib import Path

from conftest import EXAMPLES, Scholar


def test_path_prints_the_library_path_without_creating_it(scholar: Scholar, tmp_path: Path) -> None:
    result = scholar("library", "path")
    assert (result.exit_code, result.stdout, result.stderr) == (
        0,
        f"{tmp_path / 'library.sqlite'}\n",
        "",
    )
    other = scholar("--library", tmp_path / "cv" / "papers.sqlite", "library", "path")
    assert other.stdout == f"{tmp_path / 'cv' / 'papers.sqlite'}\n"
    assert list(tmp_path.iterdir()) == []


def test_info_before_and_after_an_import(scholar: Scholar, seed: Path, tmp_path: Path) -> None:
    empty = scholar("library", "info")
    assert empty.exit_code == 0
    assert empty.stdout == (
        f"path: {tmp_path / 'library.sqlite'} (not created yet)\n"
        "schema version: -\n"
        "papers: 0\n"
        "size: 0 bytes\n"
    )
    assert not (tmp_path / "library.sqlite").exists()

    scholar("import", seed)
    text = scholar("library", "info").stdout.splitlines()
    assert text[:3] == [f"path: {tmp_path / 'library.sqlite'}", "schema version: 2", "papers: 50"]
    assert text[3].startswith("size: ") and text[3].endswith(" bytes)")
    assert text[4].endswith(f"from {seed} (added 50, updated 0, unchanged 0)")

    info = json.loads(scholar("library", "info", "--format", "json").stdout)
    assert info["exists"] is True
    assert (info["schema_version"], info["papers"]) == (2, 50)
    assert info["size_bytes"] > 0
    assert info["metrics"] == {
        "h_index": 15,
        "papers": 61,
        "citations": 2414,
        "novelty_percent": 59,
        "ai_score": 59,
    }


def test_remove_by_key_ignoring_case(scholar: Scholar) -> None:
    scholar("import", EXAMPLES / "cv.bib")
    result = scholar("library", "remove", "LEI2019THESIS", "lee2019first")
    assert (result.exit_code, result.stdout, result.stderr) == (0, "", "removed 2\n")
    keys = scholar("list", "-f", "keys").stdout.split()
    assert len(keys) == 8
    assert "lei2019thesis" not in keys and "lee2019first" not in keys


def test_remove_with_an_unknown_key_removes_nothing(scholar: Scholar) -> None:
    scholar("import", EXAMPLES / "cv.bib")
    result = scholar("library", "remove", "lee2019first", "nosuch1999")
    assert result.exit_code == 2
    assert result.stderr.startswith("scholar: no paper with key nosuch1999 in the library")
    assert len(scholar("list", "-f", "keys").stdout.split()) == 10


def test_remove_reads_keys_from_stdin(scholar: Scholar) -> None:
    scholar("import", EXAMPLES / "cv.bib")
    old = scholar("list", "--until", "2020", "-f", "keys").stdout
    assert old.split() == ["lee2019first", "lei2020sgd", "lei2019thesis"]
    result = scholar("library", "remove", "-", input=old)
    assert (result.exit_code, result.stderr) == (0, "removed 3\n")
    assert scholar("list", "--until", "2020", "-f", "keys").stdout == ""


def test_remove_on_a_library_not_created_yet(scholar: Scholar, tmp_path: Path) -> None:
    result = scholar("library", "remove", "x2020")
    assert result.exit_code == 2
    assert "no paper with key x2020" in result.stderr
    assert not (tmp_path / "library.sqlite").exists()


def test_library_help_lists_the_subcommands(scholar: Scholar) -> None:
    result = scholar("library", "--help")
    assert result.exit_code == 0
    for name in ("info", "remove", "path"):
        assert name in result.stdout
    assert "Example: scholar library info" in result.stdout
