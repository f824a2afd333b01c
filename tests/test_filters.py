"""Filters and sort orders shared by list and stats."""

from __future__ import annotations

import pytest

from scholarcli.errors import UsageError
from scholarcli.filters import SortKey, author_matches, make_filter, sort_papers
from scholarcli.model import Paper

P = [
    Paper(
        key="a", title="Beta", authors=("Gamze Gürsoy",), year=2021, month=6, day=1, category="LG"
    ),
    Paper(
        key="b", title="alpha", authors=("Jason D. Lee",), year=2021, category="CV", has_code=True
    ),
    Paper(key="c", title="Gamma", authors=("Qi Lei",), year=2023, month=1),
    Paper(key="d", title="Delta", authors=()),
]


@pytest.mark.parametrize(
    ("query", "hit"),
    [
        ("gursoy", True),
        ("GÜRSOY", True),
        ("Gamze Gursoy", True),
        ("G. Gursoy", True),
        ("gursoy gamze", False),
        ("gur", False),
    ],
)
def test_author_matching(query: str, hit: bool) -> None:
    assert author_matches(P[0], query) is hit


def test_since_until_are_as_precise_as_both_sides() -> None:
    assert [p.key for p in make_filter(since="2021", until="2021").apply(P)] == ["a", "b"]
    assert [p.key for p in make_filter(since="2021-07").apply(P)] == ["b", "c"]
    assert [p.key for p in make_filter(until="2021-05-31").apply(P)] == ["b"]


def test_category_has_code_year() -> None:
    assert [p.key for p in make_filter(categories=["lg,cv"]).apply(P)] == ["a", "b"]
    assert [p.key for p in make_filter(has_code=True).apply(P)] == ["b"]
    assert [p.key for p in make_filter(year=2023).apply(P)] == ["c"]


def test_malformed_dates_are_usage_errors() -> None:
    with pytest.raises(UsageError, match="--since 'last year'"):
        make_filter(since="last year")


def test_sorting() -> None:
    assert [p.key for p in sort_papers(P, SortKey.DATE, reverse=True)] == ["c", "a", "b", "d"]
    assert [p.key for p in sort_papers(P, SortKey.TITLE)] == ["b", "a", "d", "c"]
    assert [p.key for p in sort_papers(P, SortKey.INPUT, reverse=True)] == ["d", "c", "b", "a"]
