"""scholar JSON / JSONL and CSL-JSON readers: lossless round trips, located problems."""

from __future__ import annotations

import json
from pathlib import Path

from scholarcli.readers.csljson import read_csljson
from scholarcli.readers.jsonio import read_json, read_jsonl

from conftest import DATA, Scholar


def test_list_json_round_trips_losslessly(scholar: Scholar, seed: Path, tmp_path: Path) -> None:
    first = scholar("list", seed, "-f", "json")
    saved = tmp_path / "papers.json"
    saved.write_text(first.stdout, encoding="utf-8")
    again = scholar("list", saved, "-f", "json")
    assert again.exit_code == 0 and again.stderr == ""
    assert again.stdout == first.stdout


def test_jsonl_round_trips_and_bibtex_extra_fields_survive(
    scholar: Scholar, tmp_path: Path
) -> None:
    first = scholar("list", DATA / "reader_cases.bib", "-f", "jsonl")
    saved = tmp_path / "papers.jsonl"
    saved.write_text(first.stdout, encoding="utf-8")
    again = scholar("list", saved, "-f", "jsonl")
    assert again.stdout == first.stdout
    rows = [json.loads(line) for line in again.stdout.splitlines()]
    assert rows[0]["extra"]["pages"] == "1--10"


def test_bad_records_are_problems_with_lines() -> None:
    text = '[\n  {"key": "a", "title": "Fine"},\n  {"key": "b", "authors": "not a list"},\n  3\n]\n'
    result = read_json(text, source="x.json")
    assert [p.key for p in result.papers] == ["a"]
    assert [str(p) for p in result.problems] == [
        "x.json:3: not a paper: 'authors' must be an array of strings; skipped",
        "x.json:4: not a paper: expected an object, found int; skipped",
    ]


def test_truncated_json_keeps_what_came_before() -> None:
    result = read_json('[{"title": "One"},\n {"title": "Tw', source="x.json")
    assert [p.title for p in result.papers] == ["One"]
    assert result.problems[0].line == 2 and "invalid JSON" in result.problems[0].message


def test_jsonl_bad_line() -> None:
    result = read_jsonl('{"title": "A"}\nnot json\n\n{"title": "B"}\n', source="x.jsonl")
    assert [p.title for p in result.papers] == ["A", "B"]
    assert next(str(p) for p in result.problems).startswith("x.jsonl:2: invalid JSON")


def test_deep_nesting_is_a_problem_not_a_crash() -> None:
    result = read_json("[" * 100_000, source="x.json")
    assert result.papers == [] and result.problems


def test_csljson_from_pandoc() -> None:
    text = (DATA / "pandoc.csl.json").read_text(encoding="utf-8")
    result = read_csljson(text, source="c.json")
    papers = {p.key: p for p in result.papers}
    doe = papers["doe2020"]
    assert doe.authors == ("Jane Doe", "The Consortium")
    assert (doe.date, doe.venue, doe.doi, doe.entry_type) == (
        "2020-05-17",
        "Journal of Things",
        "10.1000/things",
        "article",
    )
    assert doe.extra == {"volume": "3", "page": "10-20"}
    roe = papers["roe2019"]
    assert roe.authors == ("Richard de Roe",) and roe.year == 2019
    assert roe.code_url == "https://github.com/roe/everything" and roe.url is None
    ours = papers["ours"]
    assert ours.authors_truncated and ours.category == "LG" and ours.has_code
    assert (ours.year, ours.month, ours.day) == (2023, 7, None)
    assert [str(p) for p in result.problems] == [
        "c.json:22: not a CSL-JSON item: 'author' must be an array; skipped"
    ]


def test_csljson_is_sniffed_from_json_suffix(scholar: Scholar) -> None:
    result = scholar("list", DATA / "pandoc.csl.json", "-f", "keys")
    assert result.stdout.split() == ["doe2020", "roe2019", "ours"]
