"""Union-find and the check that keeps weak links from chaining records into one cluster."""

from __future__ import annotations

from collections import defaultdict

from scholarcli.dedupe.cluster import UnionFind, components, split_chains
from scholarcli.dedupe.score import NOT_SAME, Judgement, Verdict

SAME = Judgement(Verdict.SAME, 0.9, ("title 0.95",))
VERSION = Judgement(Verdict.VERSION, 0.9, ("different venues",))


def run(pairs: dict[tuple[int, int], Judgement]) -> list[tuple[list[int], set[int]]]:
    """Clusters of the SAME pairs of ``pairs``; any other pair is what the judge says."""
    same = {p: j for p, j in pairs.items() if j.verdict is Verdict.SAME}
    near: dict[int, list[int]] = defaultdict(list)
    for a, b in same:
        near[a].append(b)
        near[b].append(a)

    def judge(a: int, b: int) -> Judgement:
        return pairs.get((a, b), NOT_SAME)

    out = []
    for group in components(same):
        for members, links in split_chains(group, same, near, judge):
            out.append((members, set(links)))
    return sorted(out)


def test_union_find_groups() -> None:
    uf = UnionFind()
    for a, b in [(1, 2), (3, 4), (2, 3), (7, 8)]:
        uf.union(a, b)
    assert sorted(uf.groups()) == [[1, 2, 3, 4], [7, 8]]
    assert uf.find(4) == uf.find(1)
    assert components([]) == []


def test_a_clique_is_one_cluster_best_first() -> None:
    pairs = {(0, 1): SAME, (0, 2): SAME, (1, 2): SAME}
    assert run(pairs) == [([0, 1, 2], {1, 2})]


def test_a_chain_is_cut_where_the_best_record_does_not_match() -> None:
    # 0-1-2 are one work; 3 matches 2 only, 4 matches 3 only: 1 is the best (most links).
    pairs = {(0, 1): SAME, (1, 2): SAME, (0, 2): SAME, (1, 3): SAME, (3, 4): SAME}
    clusters = run(pairs)
    assert clusters == [([1, 0, 2, 3], {0, 2, 3})]
    assert all(4 not in members for members, _ in clusters)


def test_leavers_cluster_among_themselves() -> None:
    # 0 is the hub (four links); 3 and 4 hang off 2 and match each other, not the hub.
    links = [(0, 1), (0, 2), (0, 5), (0, 6), (1, 2), (2, 3), (2, 4), (3, 4)]
    clusters = run(dict.fromkeys(links, SAME))
    assert [sorted(m) for m, _ in clusters] == [[0, 1, 2, 5, 6], [3, 4]]


def test_two_versions_never_share_a_cluster() -> None:
    # A preprint (0) matches both the conference paper (1) and the journal paper (2), which
    # are related versions of each other: the weaker one leaves.
    strong = Judgement(Verdict.SAME, 0.99, ("title 1.00",))
    pairs = {(0, 1): strong, (0, 2): SAME, (1, 2): VERSION}
    assert run(pairs) == [([0, 1], {1})]
