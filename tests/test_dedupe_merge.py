"""merge_cluster and merge_all: one record a work, the richest value of each field kept."""

from __future__ import annotations

from collections.abc import Sequence

from scholarcli.dedupe import (
    Cluster,
    DedupeResult,
    find_duplicates,
    merge_all,
    merge_cluster,
    merge_into,
)
from scholarcli.model import Paper

PREPRINT = Paper(
    key="lee2020predicting",
    title="Predicting What You Already Know Helps: Provable Self-Supervised Learning",
    authors=("Jason D. Lee", "Qi Lei", "Nikunj Saunshi", "Jiacheng Zhuo"),
    year=2020,
    month=8,
    day=4,
    abstract="Self-supervised representation learning solves auxiliary prediction tasks.",
    venue="arXiv preprint arXiv:2008.01064",
    has_code=True,
    code_url="https://github.com/example/ssl",
    citations=120,
    extra={"note": "preprint"},
)
PUBLISHED = Paper(
    key="lee2021predicting",
    title="Predicting what you already know helps: provable self-supervised learning. [Review]",
    authors=("J. D. Lee", "Q. Lei", "N. Saunshi", "J. Zhuo"),
    authors_truncated=False,
    year=2021,
    venue="Advances in Neural Information Processing Systems",
    doi="10.5555/3540261.3540286",
    entry_type="inproceedings",
    citations=300,
    extra={"pages": "309--323", "volume": "34"},
)


def test_merge_keeps_the_richest_value_of_each_field() -> None:
    merged = merge_cluster([PREPRINT, PUBLISHED])
    # The publication is the base record; what it lacks comes from the preprint.
    assert merged.key == "lee2021predicting"
    assert merged.venue == "Advances in Neural Information Processing Systems"
    assert merged.year == 2021 and merged.month is None
    assert merged.doi == "10.5555/3540261.3540286"
    assert merged.abstract == PREPRINT.abstract
    assert merged.has_code and merged.code_url == "https://github.com/example/ssl"
    assert merged.citations == 300
    # A title with a database's note gives way to a clean one.
    assert merged.title == PREPRINT.title
    assert merged.extra["pages"] == "309--323"
    assert merged.extra["note"] == "preprint"
    # The preprint's arXiv id is kept, and where the record came from is noted.
    assert merged.extra["eprint"] == "2008.01064"
    assert merged.extra["archiveprefix"] == "arXiv"
    assert merged.extra["merged_from"] == "lee2020predicting"


def test_merge_prefers_the_longest_author_list() -> None:
    short = Paper(key="a", title="T", authors=("Ann Lee",), authors_truncated=True, year=2020)
    full = Paper(key="b", title="T", authors=("Ann Lee", "Bo Chen", "Cy Diaz"))
    merged = merge_cluster([short, full])
    assert merged.authors == ("Ann Lee", "Bo Chen", "Cy Diaz")
    assert merged.authors_truncated is False
    assert merged.year == 2020  # filled in from the other record


def test_merge_of_merged_records_keeps_every_source() -> None:
    first = merge_cluster([PUBLISHED, PREPRINT])
    again = Paper(key="dup", title=PREPRINT.title, authors=PREPRINT.authors, year=2021)
    merged = merge_cluster([again, first])
    assert merged.key == "lee2021predicting"
    assert merged.extra["merged_from"] == "lee2020predicting, dup"
    assert merge_cluster([again]) is again


def test_merge_all_keeps_input_order_and_drops_merged_records() -> None:
    other = Paper(key="other", title="Something else entirely", authors=("Zed Zee",), year=2019)
    papers = [PREPRINT, other, PUBLISHED]
    result = find_duplicates(papers)
    assert [c.keys for c in result.clusters] == [("lee2020predicting", "lee2021predicting")]
    merged = merge_all(papers, result)
    assert [p.key for p in merged] == ["lee2021predicting", "other"]
    assert merge_all(papers, DedupeResult(records=3)) == papers
    lone = Cluster(indices=(1,), keys=("other",), score=1.0, reasons=())
    assert merge_all(papers, DedupeResult(records=3, clusters=[lone])) == papers


class FakeLibrary:
    """Records what ``Library.replace`` was asked to do."""

    def __init__(self) -> None:
        self.calls: list[tuple[list[str], list[Paper], str]] = []

    def replace(
        self, removed_keys: Sequence[str], added_papers: Sequence[Paper], *, note: str
    ) -> None:
        self.calls.append((list(removed_keys), list(added_papers), note))


def test_merge_into_a_library_is_one_replace() -> None:
    other = Paper(key="other", title="Something else entirely", authors=("Zed Zee",), year=2019)
    papers = [PREPRINT, other, PUBLISHED]
    library = FakeLibrary()
    removed, added = merge_into(library, papers, find_duplicates(papers))
    assert removed == ["lee2020predicting", "lee2021predicting"]
    assert [p.key for p in added] == ["lee2021predicting"]
    assert library.calls == [(removed, added, "dedupe --merge: 2 records merged into 1")]
    nothing = FakeLibrary()
    assert merge_into(nothing, [other], find_duplicates([other])) == ([], [])
    assert nothing.calls == []
