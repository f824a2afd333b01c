"""The figures of `scholar stats`, computed on the seed, a BibTeX CV and small hand-made lists."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from scholarcli.model import Paper
from scholarcli.readers import read_input
from scholarcli.stats import (
    ChartRow,
    Stats,
    YearCount,
    chart_rows,
    compute_stats,
    h_index,
    i10_index,
    metric_label,
    metric_value,
    to_dict,
)

from conftest import DATA

AS_OF = dt.date(2026, 11, 28)


def paper(
    *authors: str,
    year: int | None = 2024,
    category: str | None = "LG",
    truncated: bool = False,
    code: bool = False,
    citations: int | None = None,
) -> Paper:
    return Paper(
        key="",
        title="t",
        authors=authors,
        authors_truncated=truncated,
        year=year,
        category=category,
        has_code=code,
        citations=citations,
    )


@pytest.mark.parametrize(
    ("counts", "h", "i10"),
    [
        ([], 0, 0),
        ([0, 0], 0, 0),
        ([1], 1, 0),
        ([100], 1, 1),
        ([3, 0, 6, 1, 5], 3, 0),  # Hirsch's own kind of example: 3 papers with >= 3
        ([10, 10, 10], 3, 3),
        ([25, 8, 5, 3, 3], 3, 1),
        ([9, 10, 11, 4, 4, 4, 4, 4], 4, 2),
    ],
)
def test_h_index_and_i10_index(counts: list[int], h: int, i10: int) -> None:
    assert h_index(counts) == h
    assert i10_index(counts) == i10


def test_citation_figures_of_a_bibtex_cv_match_a_hand_count() -> None:
    result = read_input(str(DATA / "citations.bib"), as_of=AS_OF)
    stats = compute_stats(result.papers)
    # By hand: the counts, most first, are 120 45 33 12 10 9 7 7 3 0 (one entry has none,
    # one has "a dozen", which is not a count). Rank r has at least r citations up to
    # r = 7 (7 >= 7) but not at r = 8 (7 < 8): h-index 7. At least 10 citations: 120, 45,
    # 33, 12, 10: i10-index 5. Sum: 246.
    assert stats.citations is not None
    assert stats.citations.h_index == 7
    assert stats.citations.i10_index == 5
    assert stats.citations.citations == 246
    assert stats.citations.papers == 10
    assert stats.citations.most_cited == 120


def test_no_citation_counts_no_citation_figures() -> None:
    assert compute_stats([paper("A B"), paper("C D")]).citations is None


def test_negative_counts_are_not_counts() -> None:
    stats = compute_stats([paper("A B", citations=-3), paper("C D", citations=4)])
    assert stats.citations is not None
    assert (stats.citations.papers, stats.citations.h_index) == (1, 1)


@pytest.fixture(scope="module")
def seed_stats() -> Stats:
    result = read_input(str(Path(DATA).parent.parent / "examples" / "profile.txt"), as_of=AS_OF)
    return compute_stats(result.papers, metrics=result.metrics, claimed_count=result.claimed_count)


def test_seed_totals_years_and_categories(seed_stats: Stats) -> None:
    assert seed_stats.total == 50
    assert seed_stats.by_year == {
        "2018": 2, "2020": 7, "2021": 7, "2022": 7, "2023": 5, "2024": 9, "2025": 11, "2026": 2,
    }  # fmt: skip
    assert [y.year for y in seed_stats.years] == list(range(2018, 2027))
    assert seed_stats.years[1] == YearCount(2019, 0, 0)
    assert seed_stats.by_category == {"LG": 39, "CV": 4, "ML": 3, "CL": 2, "AI": 1, "CR": 1}
    labels = [c.subject.label for c in seed_stats.categories if c.subject]
    assert labels[:3] == [
        "Machine Learning (cs.LG)",
        "Computer Vision (cs.CV)",
        "Machine Learning (stat.ML)",
    ]
    assert seed_stats.with_code == 3
    assert seed_stats.code_share == pytest.approx(0.06)


def test_seed_authors_owner_and_truncation(seed_stats: Stats) -> None:
    assert [(a.name, a.papers) for a in seed_stats.top_authors[:3]] == [
        ("Qi Lei", 25),
        ("Jason D. Lee", 9),
        ("Yijun Dong", 7),
    ]
    owner = seed_stats.owner
    assert owner is not None
    assert (owner.name, owner.inferred, owner.papers) == ("Qi Lei", True, 25)
    assert seed_stats.top_coauthors[0].name == "Jason D. Lee"
    assert all(a.name != "Qi Lei" for a in seed_stats.top_coauthors)
    assert seed_stats.truncated == 36
    assert seed_stats.truncated_share == pytest.approx(0.72)


def test_seed_header_against_the_listing(seed_stats: Stats) -> None:
    assert seed_stats.metrics["h_index"] == 15
    assert seed_stats.metrics["papers"] == 61
    assert seed_stats.metrics["citations"] == 2414
    assert (seed_stats.claimed_count, seed_stats.listed, seed_stats.missing) == (61, 50, 11)
    assert seed_stats.citations is None  # the listing carries no per-paper counts


def test_the_papers_metric_is_a_claim_when_there_is_no_heading() -> None:
    stats = compute_stats([paper("A B")], metrics={"papers": 3, "h_index": 1})
    assert (stats.claimed_count, stats.listed, stats.missing) == (3, 1, 2)
    assert compute_stats([paper("A B")]).missing is None


def test_names_are_one_author_whatever_the_case_and_accents() -> None:
    stats = compute_stats(
        [paper("Gamze Gursoy"), paper("GAMZE GÜRSOY"), paper("Gamze Gürsoy"), paper("Gamze Gursoy")]
    )
    assert stats.distinct_authors == 1
    # Shown as written: the most frequent spelling (the first of a tie would win).
    assert [(a.name, a.papers) for a in stats.top_authors] == [("Gamze Gursoy", 4)]


def test_a_name_twice_on_one_paper_counts_once() -> None:
    stats = compute_stats([paper("Ann Lee", "ann lee", "Bo Chen")])
    assert [(a.name, a.papers) for a in stats.top_authors] == [("Bo Chen", 1), ("Ann Lee", 1)]


def test_ties_are_broken_by_family_name_whatever_the_input_order() -> None:
    papers = [paper("Zoe Adams"), paper("Al Young"), paper("Bea Moss"), paper("Al Young")]
    forward = compute_stats(papers).top_authors
    backward = compute_stats(papers[::-1]).top_authors
    assert forward == backward
    assert [a.name for a in forward] == ["Al Young", "Zoe Adams", "Bea Moss"]


def test_top_limits_the_author_tables() -> None:
    stats = compute_stats([paper("A One", "B Two", "C Three", "D Four")], top=2)
    assert len(stats.top_authors) == 2
    assert len(stats.top_coauthors) == 2
    assert stats.distinct_authors == 4


def test_owner_given_matches_like_author_and_is_not_inferred() -> None:
    papers = [
        paper("Qi Lei", "Jason D. Lee"),
        paper("Jason D. Lee", "Q. Lei"),
        paper("Jason D. Lee", "Ann Bee", truncated=True),
        paper("Ann Bee", "Jason D. Lee"),
    ]
    inferred = compute_stats(papers).owner
    assert inferred is not None and (inferred.name, inferred.inferred) == ("Jason D. Lee", True)

    stats = compute_stats(papers, owner="q lei")
    owner = stats.owner
    assert owner is not None
    assert owner.inferred is False
    assert owner.name == "Qi Lei"  # the most frequent matching name; of a tie, the fuller
    assert set(owner.spellings) == {"Qi Lei", "Q. Lei"}
    assert (owner.papers, owner.first_author, owner.last_author) == (2, 1, 1)
    assert [a.name for a in stats.top_coauthors] == ["Jason D. Lee", "Ann Bee"]


def test_last_author_counts_only_complete_lists_of_two_or_more() -> None:
    papers = [
        paper("Ann Bee", "Jo Kim"),  # last
        paper("Ann Bee", "Jo Kim", truncated=True),  # the real last author is not shown
        paper("Jo Kim"),  # sole author: first, not last
        paper("Jo Kim", "Ann Bee", "Jo Kim"),  # listed twice: one author, first
    ]
    owner = compute_stats(papers, owner="Jo Kim").owner
    assert owner is not None
    assert (owner.papers, owner.first_author, owner.last_author) == (4, 2, 1)


def test_an_owner_nobody_matches_is_said_with_zero_counts() -> None:
    stats = compute_stats([paper("Ann Bee")], owner="Nobody Here")
    assert stats.owner is not None
    assert (stats.owner.name, stats.owner.spellings, stats.owner.papers) == ("Nobody Here", (), 0)
    assert [a.name for a in stats.top_coauthors] == ["Ann Bee"]


def test_new_coauthors_per_year() -> None:
    papers = [
        paper("Me Myself", "Ann Bee", year=2021),
        paper("Me Myself", "Ann Bee", "Bo Chen", year=2020),
        paper("Me Myself", "Cy Dee", "ANN BEE", year=2023),
        paper("Me Myself", "Di Eve", year=None),  # no year: no place in the per-year figures
    ]
    stats = compute_stats(papers, owner="Me Myself")
    assert [(y.year, y.papers, y.new_coauthors) for y in stats.years] == [
        (2020, 1, 2),
        (2021, 1, 0),
        (2022, 0, 0),
        (2023, 1, 1),
    ]
    assert stats.undated == 1


def test_missing_categories_and_unknown_codes() -> None:
    stats = compute_stats(
        [paper("A B", category=None), paper("A B", category="XY"), paper("A B", category="lg")]
    )
    assert stats.uncategorised == 1
    assert [(c.code, c.subject is None) for c in stats.categories] == [("lg", False), ("XY", True)]


def test_chart_rows_fold_long_runs_of_empty_years() -> None:
    stats = compute_stats(
        [paper("A B", year=1066), paper("A B", year=2021), paper("A B", year=2023)]
    )
    assert len(stats.years) == 2023 - 1066 + 1
    assert chart_rows(stats) == [
        ChartRow("1066", 1, 0),
        ChartRow("1067–2020", 0, 0),
        ChartRow("2021", 1, 0),
        ChartRow("2022", 0, 0),  # a short gap keeps its own row
        ChartRow("2023", 1, 0),
    ]


def test_empty_input() -> None:
    stats = compute_stats([])
    assert (stats.total, stats.years, stats.owner, stats.citations) == (0, (), None, None)
    assert stats.code_share == 0.0
    data = to_dict(stats)
    assert data["by_year"] == {} and data["top_authors"] == [] and data["metrics"] == {}


def test_json_shape_keeps_the_contract() -> None:
    stats = compute_stats(
        [paper("Ann Bee", year=2020, code=True, citations=12), paper("Ann Bee", year=2022)],
        metrics={"h_index": 3, "papers": 4},
        claimed_count=4,
        listed=2,
    )
    data = json.loads(json.dumps(to_dict(stats)))
    assert list(data)[:6] == [
        "total",
        "by_year",
        "by_category",
        "with_code",
        "top_authors",
        "metrics",
    ]
    assert data["by_year"] == {"2020": 1, "2022": 1}  # years with papers only
    assert [y["year"] for y in data["years"]] == [2020, 2021, 2022]  # every year
    assert data["top_authors"] == [["Ann Bee", 2]]
    assert data["metrics"] == {"h_index": 3, "papers": 4}
    assert (data["claimed_papers"], data["listed"]) == (4, 2)
    assert data["with_code_share"] == 0.5
    assert data["citation_metrics"] == {
        "papers": 1, "citations": 12, "h_index": 1, "i10_index": 1, "most_cited": 12,
    }  # fmt: skip
    assert data["owner"]["name"] == "Ann Bee" and data["owner"]["inferred"] is True


@pytest.mark.parametrize(
    ("name", "value", "text"),
    [
        ("h_index", 15, "h-index 15"),
        ("citations", 2414, "citations 2,414"),
        ("novelty_percent", 59, "novelty 59%"),
        ("ai_score", 59, "AI score 59"),
        ("rating", 4.5, "rating 4.5"),
    ],
)
def test_metric_labels(name: str, value: int | float, text: str) -> None:
    assert f"{metric_label(name)} {metric_value(name, value)}" == text
