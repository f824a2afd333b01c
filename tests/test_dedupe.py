"""find_duplicates and match_across on real and generated listings, and on the trap fixtures."""

from __future__ import annotations

import datetime as dt
import sys
from dataclasses import replace
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from scholarcli.dedupe import (
    DEFAULT_THRESHOLD,
    Cluster,
    DedupeResult,
    find_duplicates,
    match_across,
)
from scholarcli.errors import UsageError
from scholarcli.keys import assign_keys
from scholarcli.model import Paper
from scholarcli.readers import read_input

from conftest import DATA, ROOT

sys.path.insert(0, str(ROOT / "benchmarks"))
from generate import make_planted, profile_text

AS_OF = dt.date(2026, 11, 28)


def read(path: Path) -> list[Paper]:
    return assign_keys(read_input(str(path), as_of=AS_OF).papers)


@pytest.fixture(scope="module")
def traps() -> list[Paper]:
    return read(DATA / "dedupe" / "traps.bib")


@pytest.fixture(scope="module")
def traps_result(traps: list[Paper]) -> DedupeResult:
    return find_duplicates(traps)


def keysets(clusters: list[Cluster]) -> set[frozenset[str]]:
    return {frozenset(c.keys) for c in clusters}


def test_seed_has_no_duplicates_despite_near_topic_titles(seed: Path) -> None:
    papers = read(seed)
    result = find_duplicates(papers)
    assert result.records == 50
    assert result.clusters == []
    assert result.versions == []
    titles = {p.title for p in papers}
    assert "Data Reconstruction: Identifiability and Optimization with Sample Splitting" in titles
    assert "Data Reconstruction Attacks and Defenses: A Systematic Evaluation" in titles


def test_planted_pairs_and_nothing_else(tmp_path: Path) -> None:
    records, planted = make_planted(2000, 0.05, seed=7)
    path = tmp_path / "planted.txt"
    path.write_text(profile_text(records), encoding="utf-8")
    papers = read(path)
    assert len(papers) == 2000 and len(planted) == 100
    result = find_duplicates(papers)
    found = {c.indices for c in result.clusters}
    assert found == set(planted)
    assert result.versions == []


def test_the_same_work(traps_result: DedupeResult) -> None:
    assert keysets(traps_result.clusters) == {
        frozenset({"lee2020predicting", "lee2021predicting"}),
        frozenset({"zuna2006comparison", "zuna2006comparison-ovid"}),
        frozenset({"yang2012afatinib", "yang2012afatinib-embase"}),
        frozenset({"brown2011editorial", "brown2011editorial-pubmed"}),
        frozenset({"kim2018graphs", "kim2018graphs-doi"}),
        frozenset({"vaswani2017attention", "vaswani2017attention-full"}),
        frozenset({"li2021platform", "li2021platform-again"}),
    }


def test_reasons_and_scores(traps_result: DedupeResult) -> None:
    by_first = {c.keys[0]: c for c in traps_result.clusters}
    preprint = by_first["lee2020predicting"]
    assert preprint.reasons == (
        "title 1.00",
        "authors 4/4",
        "year +1",
        "preprint and publication",
    )
    assert preprint.score == pytest.approx(0.97)
    assert by_first["kim2018graphs"].reasons == ("same DOI", "title 1.00")
    assert by_first["kim2018graphs"].score == 1.0
    assert by_first["zuna2006comparison"].reasons == (
        "title 1.00",
        "same venue, volume and pages",
    )
    assert by_first["vaswani2017attention"].reasons == ("title 1.00", "authors 1/1", "same year")
    for cluster in traps_result.clusters:
        assert DEFAULT_THRESHOLD <= cluster.score <= 1.0
        assert cluster.indices == tuple(sorted(cluster.indices))


def test_related_versions_are_reported_apart(traps_result: DedupeResult) -> None:
    assert keysets(traps_result.versions) == {frozenset({"du2021fewshot", "du2022fewshot"})}
    (versions,) = traps_result.versions
    assert versions.reasons[-1] == "different venues"
    assert "year +1" in versions.reasons


@pytest.mark.parametrize(
    "keys",
    [
        ("smith2019cells", "smith2019erratum"),  # an erratum
        ("smith2019cells", "smith2019reply"),  # a reply
        ("green2015rehab1", "green2015rehab2"),  # parts 1 and 2
        ("brown2009editorial", "brown2010editorial"),  # generic titles, other issues
        ("ortiz2017intro", "ortiz2017methods"),  # chapters sharing their book's DOI
        ("wang2016tracking-s", "wang2016tracking-j"),  # same family name, other people
        ("ivanov2019a", "ivanov2019b"),  # different Russian titles
        ("sato2020kana", "sato2020kana-other"),  # kana differing by a voicing mark
    ],
)
def test_look_alikes_are_not_matched(traps_result: DedupeResult, keys: tuple[str, str]) -> None:
    for group in traps_result.clusters + traps_result.versions:
        assert not set(keys) <= set(group.keys)


def test_years_two_apart_are_not_one_work() -> None:
    a = Paper(key="a", title="Robust visual tracking", authors=("Ann Lee",), year=2016)
    assert find_duplicates([a, replace(a, key="b", year=2018)]).clusters == []
    assert len(find_duplicates([a, replace(a, key="b", year=2017)]).clusters) == 1


def test_no_chaining_through_a_weak_link() -> None:
    # Three copies of one paper; "q" shares two authors with the fullest copy only, and
    # "r" shares two with "q" only: r matches nobody in the cluster's core.
    title = "Contrastive learning of medical visual representations"
    full = Paper(key="full", title=title, authors=("Ann Lee", "Bo Chen", "Cy Diaz"), year=2020)
    copies = [
        full,
        replace(full, key="short1", authors=("Ann Lee", "Bo Chen")),
        replace(full, key="short2", authors=("Ann Lee", "Bo Chen")),
        replace(full, key="q", authors=("Bo Chen", "Cy Diaz", "Di Egan")),
        replace(full, key="r", authors=("Cy Diaz", "Di Egan", "Ed Ford")),
    ]
    result = find_duplicates(copies)
    assert keysets(result.clusters) == {frozenset({"full", "short1", "short2", "q"})}
    # Each member matches the best record, and the reasons say so member by member.
    (cluster,) = result.clusters
    assert len(cluster.reasons) == 3
    assert all(r.split(": ", 1)[0] in {"short1", "short2", "q"} for r in cluster.reasons)


def test_threshold_trades_recall_for_precision() -> None:
    a = Paper(key="a", title="Learning sparse networks for speech", authors=("Ann Lee",), year=2020)
    b = replace(a, key="b", title="Learning sparse networks for speech recognition")
    assert len(find_duplicates([a, b], threshold=0.8).clusters) == 1
    assert find_duplicates([a, b], threshold=0.95).clusters == []
    with pytest.raises(UsageError):
        find_duplicates([a, b], threshold=1.5)
    with pytest.raises(UsageError):
        find_duplicates([a, b], threshold=0)


def test_tiny_and_empty_inputs() -> None:
    assert find_duplicates([]) == DedupeResult(records=0)
    one = Paper(key="a", title="Only one")
    assert find_duplicates([one]) == DedupeResult(records=1)
    untitled = [Paper(key="a", title=""), Paper(key="b", title="")]
    assert find_duplicates(untitled).clusters == []
    symbols = [Paper(key="a", title="???"), Paper(key="b", title="!!!")]
    assert find_duplicates(symbols).clusters == []


def test_to_json_is_the_contract(traps_result: DedupeResult) -> None:
    data = traps_result.to_json()
    assert set(data) == {"records", "clusters", "versions"}
    assert data["records"] == 31
    first = data["clusters"][0]
    assert set(first) == {"keys", "score", "reasons"}
    assert isinstance(first["keys"], list) and isinstance(first["score"], float)


def test_match_across_a_profile_and_a_cv(seed: Path, traps: list[Paper]) -> None:
    profile = read(seed)
    cv = [
        replace(profile[3], key="cv1", title=profile[3].title.upper(), venue="NeurIPS"),
        replace(profile[10], key="cv2", title=profile[10].title + "."),
        Paper(key="cv3", title="A paper that is not in the profile", authors=("Zed Zee",)),
    ]
    assert match_across(profile, cv) == [(3, 0, pytest.approx(1.0)), (10, 1, pytest.approx(1.0))]
    assert match_across(profile, []) == []
    # Related versions count only when asked for.
    du = [p for p in traps if p.key.startswith("du20")]
    assert match_across(du[:1], du[1:]) == []
    assert [m[:2] for m in match_across(du[:1], du[1:], versions=True)] == [(0, 0)]


_text = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), min_size=0, max_size=40)
_paper = st.builds(
    Paper,
    key=st.text(alphabet="abcdefgh", min_size=1, max_size=6),
    title=st.one_of(_text, st.sampled_from(["Editorial", "Deep learning", "[Review]", "Part II"])),
    authors=st.lists(_text, max_size=4).map(tuple),
    year=st.one_of(st.none(), st.integers(1900, 2030)),
    venue=st.one_of(st.none(), _text, st.just("arXiv preprint")),
    doi=st.one_of(st.none(), st.sampled_from(["10.1/x", "10.1/y", "doi:10.1/X"])),
    extra=st.fixed_dictionaries(
        {}, optional={"pages": _text, "volume": _text, "number": _text, "eprint": _text}
    ),
)


@settings(max_examples=60, deadline=None)
@given(st.lists(_paper, max_size=12))
def test_any_records_give_disjoint_clusters_without_crashing(papers: list[Paper]) -> None:
    papers = assign_keys([replace(p, key="") for p in papers])
    papers = papers + papers[:3]  # some exact copies too
    result = find_duplicates(papers)
    seen: set[int] = set()
    for cluster in result.clusters:
        assert len(cluster.indices) >= 2
        assert not seen & set(cluster.indices)
        seen.update(cluster.indices)
        assert cluster.keys == tuple(papers[i].key for i in cluster.indices)
        assert 0.0 < cluster.score <= 1.0
    for group in result.versions:
        assert len(group.indices) >= 2
