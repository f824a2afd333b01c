"""`scholar list` end to end, on the real seed listing."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

from conftest import Scholar


def test_seed_as_json_matches_the_listing(scholar: Scholar, seed: Path) -> None:
    result = scholar("list", seed, "--format", "json")
    assert result.exit_code == 0, result.stderr
    papers = json.loads(result.stdout)
    assert len(papers) == 50
    assert sum(p["authors_truncated"] for p in papers) == 36
    assert Counter(p["category"] for p in papers) == {
        "LG": 39,
        "CV": 4,
        "ML": 3,
        "CL": 2,
        "AI": 1,
        "CR": 1,
    }
    assert Counter(p["year"] for p in papers) == {
        2018: 2,
        2020: 7,
        2021: 7,
        2022: 7,
        2023: 5,
        2024: 9,
        2025: 11,
        2026: 2,
    }
    assert "claims 61 papers; the listing holds 50" in result.stderr


def test_author_and_year_range(scholar: Scholar, seed: Path) -> None:
    result = scholar(
        "list", seed, "--author", "jason d. lee", "--since", "2021", "--until", "2021", "-f", "json"
    )
    papers = json.loads(result.stdout)
    assert len(papers) == 5
    assert all(p["year"] == 2021 and "Jason D. Lee" in p["authors"] for p in papers)


def test_accent_insensitive_author(scholar: Scholar, seed: Path) -> None:
    result = scholar("list", seed, "--author", "gursoy", "-f", "keys")
    assert result.stdout == "chen2024optimal\n"


def test_piped_table_is_plain_tab_separated(scholar: Scholar, seed: Path) -> None:
    result = scholar("list", seed, "--category", "CR")
    assert result.stdout == (
        "liu2024data\t2024-02-13\tCR\tData Reconstruction Attacks and Defenses: "
        "A Systematic Evaluation\tSheng Liu, Zihan Wang, Yuxiao Chen et al.\n"
    )
    assert "\x1b" not in result.stdout


def test_sort_limit_csv(scholar: Scholar, seed: Path) -> None:
    result = scholar("list", seed, "--sort", "date", "--reverse", "--limit", "2", "-f", "csv")
    lines = result.stdout.splitlines()
    assert lines[0].startswith("key,title,authors,authors_truncated,date,year,category")
    assert [line.split(",")[0] for line in lines[1:]] == ["liu2026task", "shen2026data"]


def test_stdin_and_output_file(scholar: Scholar, seed: Path, tmp_path: Path) -> None:
    out = tmp_path / "keys.txt"
    result = scholar("list", "-", "-f", "keys", "-o", out, input=seed.read_bytes())
    assert result.exit_code == 0 and result.stdout == ""
    assert len(out.read_text().split()) == 50


def test_output_onto_an_input_is_refused(scholar: Scholar, seed: Path, tmp_path: Path) -> None:
    copy = tmp_path / "profile.txt"
    copy.write_bytes(seed.read_bytes())
    result = scholar("list", copy, "-f", "json", "-o", copy)
    assert result.exit_code == 2
    assert "is also an input; refusing to overwrite it" in result.stderr
    assert copy.read_bytes() == seed.read_bytes()
    forced = scholar("list", copy, "-f", "json", "-o", copy, "--force")
    assert forced.exit_code == 0 and copy.read_text().startswith("[")


def test_missing_file_and_directory_exit_2_with_the_name(scholar: Scholar, tmp_path: Path) -> None:
    missing = scholar("list", tmp_path / "nope.bib")
    assert missing.exit_code == 2
    assert missing.stderr.startswith(f"scholar: {tmp_path / 'nope.bib'}: no such file")
    directory = scholar("list", tmp_path)
    assert directory.exit_code == 2 and "is a directory" in directory.stderr
    assert "Traceback" not in missing.stderr + directory.stderr


def test_unknown_format_and_unreadable_content(scholar: Scholar, tmp_path: Path) -> None:
    odd = tmp_path / "notes.dat"
    odd.write_text("just some words\n")
    result = scholar("list", odd)
    assert result.exit_code == 2 and "cannot tell the format" in result.stderr
    nul = tmp_path / "zeros.txt"
    nul.write_bytes(b"\0" * 1000)
    assert scholar("list", nul, "-f", "json").stdout == "[]\n"


def test_strict_fails_on_any_problem(scholar: Scholar, tmp_path: Path) -> None:
    bib = tmp_path / "x.bib"
    bib.write_text("@misc{a, title={A}, journal = undefinedmacro}\n")
    lenient = scholar("list", bib, "-f", "keys")
    assert lenient.exit_code == 0 and lenient.stdout == "a\n"
    assert "x.bib:1: warning: undefined @string macro 'undefinedmacro'" in lenient.stderr
    strict = scholar("list", bib, "-f", "keys", "--strict")
    assert strict.exit_code == 2 and strict.stdout == ""
    assert f"scholar: {bib}:1: 1 problem(s) reading this input" in strict.stderr


def test_a_file_of_nothing_but_errors_exits_2(scholar: Scholar, tmp_path: Path) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text('[{"title": 1}]')
    result = scholar("list", bad)
    assert result.exit_code == 2
    assert f"{bad}:1: not a paper: 'title' must be a string; skipped" in result.stderr


def test_bad_option_values_are_usage_errors(scholar: Scholar, seed: Path) -> None:
    assert scholar("list", seed, "--since", "yesterday").exit_code == 2
    assert scholar("--as-of", "2026-13-01", "list", seed).exit_code == 2
    assert scholar("list", seed, "--format", "yaml").exit_code == 2


def test_version(scholar: Scholar) -> None:
    from scholarcli import __version__

    assert scholar("--version").stdout == f"scholar {__version__}\n"


def test_python_dash_m_and_console_script(seed: Path) -> None:
    import subprocess
    import sys

    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "scholarcli",
            "--as-of",
            "2026-11-28",
            "list",
            str(seed),
            "-f",
            "keys",
            "-n",
            "1",
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert (result.returncode, result.stdout) == (0, "yang2022nearly\n")
