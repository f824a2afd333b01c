"""export.py: choosing the format, keeping old keys, diffing against a file."""

from __future__ import annotations

from pathlib import Path

import pytest

from scholarcli.errors import UsageError
from scholarcli.export import choose_format, diff_against, export, keys_from
from scholarcli.model import Paper
from scholarcli.writers import WriteOptions


def test_choose_format() -> None:
    assert choose_format("ris", "refs.bib") == "ris"
    assert choose_format(None, "refs.bib") == "bibtex"
    assert choose_format(None, "out/papers.html") == "html"
    assert choose_format(None, None) == "bibtex"
    assert choose_format(None, "-") == "bibtex"
    with pytest.raises(UsageError, match="cannot tell the format"):
        choose_format(None, "refs.txt")
    with pytest.raises(UsageError, match="unknown format"):
        choose_format("docx", None)


def _paper(key: str, title: str, year: int | None, *authors: str) -> Paper:
    return Paper(key=key, title=title, year=year, authors=authors)


def test_keys_from_matches_title_year_and_first_author() -> None:
    new = [
        _paper("lee2020a", "Deep Nets: A Study", 2020, "Jason Lee"),
        _paper("lee2021b", "Another One", 2021, "Jason Lee"),
        _paper("lee2022c", "Third Paper", 2022, "Jason Lee"),
        _paper("old1", "Unmatched", 2019, "X Y"),
    ]
    old = [
        _paper("old1", "deep nets -- a study", 2021, "J. Lee"),  # year +1, same surname
        _paper("old2", "Another One", 2023, "Jason Lee"),  # two years off
        _paper("old3", "Third Paper", 2022, "Someone Else"),  # other first author
    ]
    papers, kept = keys_from(new, old)
    assert kept == 1
    # "old1" went to the matching paper; the unmatched paper that had it moves aside.
    assert [p.key for p in papers] == ["old1", "lee2021b", "lee2022c", "old1a"]


def test_keys_from_gives_each_old_key_once() -> None:
    new = [_paper("a", "Same Title", 2020, "A B"), _paper("b", "Same Title", 2020, "A B")]
    old = [_paper("OLD", "Same Title", 2020, "A B")]
    papers, kept = keys_from(new, old)
    assert kept == 1
    assert [p.key for p in papers] == ["OLD", "b"]


def test_keys_from_without_years_or_authors() -> None:
    papers, kept = keys_from([_paper("a", "T", None)], [_paper("old", "t", 1999, "A B")])
    assert (kept, papers[0].key) == (1, "old")


def test_diff_against(tmp_path: Path) -> None:
    path = tmp_path / "refs.bib"
    path.write_text("a\nb\n", encoding="utf-8")
    assert diff_against(str(path), "a\nb\n") is None
    diff = diff_against(str(path), "a\nc\n")
    assert diff is not None
    assert diff.splitlines()[2:] == ["@@ -1,2 +1,2 @@", " a", "-b", "+c"]
    missing = diff_against(str(tmp_path / "none.bib"), "x\n")
    assert missing is not None and "+x" in missing
    assert diff_against(str(path), "a\nb") is not None  # a missing final newline counts


def test_export_renders_under_the_old_keys() -> None:
    papers = [_paper("new", "A Title", 2020, "Ann Lee")]
    plain = export(papers, "keys", WriteOptions())
    assert (plain.text, plain.kept_keys) == ("new\n", 0)
    old = [_paper("Lee:2020", "a title", 2020, "A. Lee")]
    kept = export(papers, "keys", WriteOptions(), old=old)
    assert (kept.text, kept.kept_keys) == ("Lee:2020\n", 1)
