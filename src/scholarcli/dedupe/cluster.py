"""Clustering matched pairs into works, without chaining unrelated records through weak links.

Union-find joins every matched pair; then each group is checked against its best record
(the one with the most and strongest matches): a member that does not itself match the
best record, or that is a different published version of a member, leaves the group and
is clustered again with the other leavers. So A~B and B~C never make A and C duplicates
unless A~C holds too.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable

from scholarcli.dedupe.score import Judgement, Verdict

Pair = tuple[int, int]
JudgeFn = Callable[[int, int], Judgement]


class UnionFind:
    """Disjoint sets over arbitrary integer ids (path halving, union by size)."""

    def __init__(self) -> None:
        self.parent: dict[int, int] = {}
        self.size: dict[int, int] = {}

    def find(self, x: int) -> int:
        parent = self.parent
        if x not in parent:
            parent[x] = x
            self.size[x] = 1
            return x
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    def union(self, a: int, b: int) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra == rb:
            return
        if self.size[ra] < self.size[rb]:
            ra, rb = rb, ra
        self.parent[rb] = ra
        self.size[ra] += self.size[rb]

    def groups(self) -> list[list[int]]:
        out: dict[int, list[int]] = defaultdict(list)
        for x in self.parent:
            out[self.find(x)].append(x)
        return [sorted(members) for members in out.values()]


def components(pairs: Iterable[Pair]) -> list[list[int]]:
    uf = UnionFind()
    for a, b in pairs:
        uf.union(a, b)
    return uf.groups()


def _ordered(a: int, b: int) -> Pair:
    return (a, b) if a < b else (b, a)


#: Larger clusters skip the pairwise check for different versions (it is quadratic).
MAX_VERSION_CHECK = 64


def _best(members: list[int], edges: dict[Pair, Judgement], near: dict[int, list[int]]) -> int:
    if len(members) == 2:
        return members[0]  # a pair: either is the best; the first listed
    member_set = set(members)
    strength: dict[int, float] = {}
    for m in members:
        strength[m] = sum(edges[_ordered(m, o)].score for o in near.get(m, ()) if o in member_set)
    # The strongest-linked record; on a tie, the first one listed.
    return max(members, key=lambda m: (strength[m], -m))


def split_chains(
    group: list[int],
    edges: dict[Pair, Judgement],
    near: dict[int, list[int]],
    judge: JudgeFn,
) -> list[tuple[list[int], dict[int, Judgement]]]:
    """Clusters of a connected group: each member matches the best record.

    ``edges`` are the matched pairs, ``near`` each record's matched partners. Returns
    ``(members, judgement of each non-best member against the best)`` with the best record
    first in ``members``.
    """
    out: list[tuple[list[int], dict[int, Judgement]]] = []
    pending = [group]
    while pending:
        members = pending.pop()
        if len(members) < 2:
            continue
        best = _best(members, edges, near)
        links: dict[int, Judgement] = {}
        leavers: list[int] = []
        for m in members:
            if m == best:
                continue
            pair = _ordered(m, best)
            judgement = edges.get(pair)
            if judgement is None:
                judgement = judge(*pair)
            if judgement.verdict is Verdict.SAME:
                links[m] = judgement
            else:
                leavers.append(m)
        stayers = [best, *sorted(links, key=lambda m: -links[m].score)]
        # Two members that are different versions of one paper cannot both stay: the one
        # less like the best record leaves.
        kept: list[int] = [best]
        check = len(stayers) <= MAX_VERSION_CHECK
        for m in stayers[1:]:
            if check and any(judge(*_ordered(m, k)).verdict is Verdict.VERSION for k in kept[1:]):
                leavers.append(m)
                del links[m]
            else:
                kept.append(m)
        if len(kept) >= 2:
            out.append((kept, links))
        if len(leavers) >= 2:
            leaver_set = set(leavers)
            sub = [(a, b) for a in leavers for b in near.get(a, ()) if b in leaver_set and a < b]
            pending.extend(components(sub))
    return out
