"""Finding the same work listed twice: blocking, pair scoring, clustering, merging, reasons.

The pipeline, one module a stage:

- :mod:`~scholarcli.dedupe.normalise`: matching forms of titles, names, venues, pages, ids;
- :mod:`~scholarcli.dedupe.block`: candidate pairs (sorted neighbourhoods, shared ids);
- :mod:`~scholarcli.dedupe.score`: batch similarity (rapidfuzz), then the rules and reasons;
- :mod:`~scholarcli.dedupe.cluster`: union-find without chaining through weak links;
- :mod:`~scholarcli.dedupe.merge`: one record for each cluster.

numpy and rapidfuzz are imported when a comparison runs, not when this package is imported.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol

from scholarcli.dedupe.merge import MERGED_FROM, merge_cluster
from scholarcli.dedupe.score import DEFAULT_THRESHOLD, Judgement, Verdict
from scholarcli.errors import UsageError
from scholarcli.model import Paper

__all__ = [
    "DEFAULT_THRESHOLD",
    "MERGED_FROM",
    "Cluster",
    "DedupeResult",
    "find_duplicates",
    "match_across",
    "merge_all",
    "merge_cluster",
    "merge_into",
]

Pair = tuple[int, int]


@dataclass(frozen=True, slots=True)
class Cluster:
    """Records that are one work (or, in ``versions``, related versions of one paper)."""

    #: Positions of the records in the input sequence, in input order.
    indices: tuple[int, ...]
    #: Their keys, in the same order.
    keys: tuple[str, ...]
    #: How sure: the weakest member's match with the cluster's best record (0..1).
    score: float
    #: Why, e.g. ``("title 0.98", "authors 3/3", "year +1")``; one line a member when the
    #: cluster has more than two ("key: title 0.98, authors 3/3, same year").
    reasons: tuple[str, ...]

    def to_json(self) -> dict[str, Any]:
        return {"keys": list(self.keys), "score": self.score, "reasons": list(self.reasons)}


@dataclass(frozen=True, slots=True)
class DedupeResult:
    """Everything ``find_duplicates`` found in a collection."""

    records: int
    clusters: list[Cluster] = field(default_factory=list)
    versions: list[Cluster] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        """The Dedupe JSON of DESIGN section 3."""
        return {
            "records": self.records,
            "clusters": [c.to_json() for c in self.clusters],
            "versions": [c.to_json() for c in self.versions],
        }


def check_threshold(threshold: float | None) -> float:
    if threshold is None:
        return DEFAULT_THRESHOLD
    if not 0.0 < threshold <= 1.0:
        raise UsageError(f"threshold {threshold} is not between 0 and 1")
    return float(threshold)


class _Matcher:
    """Judges pairs of one collection, each pair once."""

    def __init__(self, papers: Sequence[Paper], threshold: float) -> None:
        from scholarcli.dedupe.score import Records

        self.records = Records(papers)
        self.threshold = threshold
        self.cache: dict[Pair, Judgement] = {}

    def candidates(self, split: int | None = None) -> tuple[Any, Any, Any]:
        """Pairs worth judging and their title similarity; with ``split``, only the pairs
        with one record before ``split`` and one from it on."""
        from scholarcli.dedupe.block import candidate_pairs
        from scholarcli.dedupe.score import batch_filter

        r = self.records
        left, right = candidate_pairs(r.titles, r.firsts, (r.dois, r.arxivs))
        if split is not None:
            across = (left < split) != (right < split)
            left, right = left[across], right[across]
        return batch_filter(r, left, right)

    def judge(self, i: int, j: int, title_sim: float | None = None) -> Judgement:
        from scholarcli.dedupe.score import judge, title_similarity

        pair = (i, j) if i < j else (j, i)
        found = self.cache.get(pair)
        if found is None:
            a, b = self.records.detail(pair[0]), self.records.detail(pair[1])
            if title_sim is None:
                title_sim = title_similarity(a.title, b.title)
            found = self.cache[pair] = judge(a, b, title_sim, self.threshold)
        return found


def find_duplicates(papers: Sequence[Paper], *, threshold: float | None = None) -> DedupeResult:
    """Clusters of records that are the same work, and groups of related versions.

    ``threshold`` (0..1, default :data:`DEFAULT_THRESHOLD`) is the least pair score that
    counts as a match (:func:`scholarcli.dedupe.score.pair_score`: the title similarity,
    discounted for authors not in common and for years apart), after the guards (see
    :func:`scholarcli.dedupe.score.judge`).
    """
    from scholarcli.dedupe.cluster import components, split_chains

    limit = check_threshold(threshold)
    if len(papers) < 2:
        return DedupeResult(records=len(papers))
    matcher = _Matcher(papers, limit)
    left, right, sims = matcher.candidates()
    same: dict[Pair, Judgement] = {}
    related: dict[Pair, Judgement] = {}
    for i, j, sim in zip(left.tolist(), right.tolist(), sims.tolist(), strict=True):
        judgement = matcher.judge(i, j, sim)
        if judgement.verdict is Verdict.SAME:
            same[(i, j)] = judgement
        elif judgement.verdict is Verdict.VERSION:
            related[(i, j)] = judgement
    near: dict[int, list[int]] = defaultdict(list)
    for a, b in same:
        near[a].append(b)
        near[b].append(a)
    clusters: list[Cluster] = []
    work_of: dict[int, int] = {}
    for group in components(same):
        for members, links in split_chains(group, same, near, matcher.judge):
            best = members[0]
            for m in members:
                work_of[m] = best
            clusters.append(_cluster(papers, members, links))
    clusters.sort(key=lambda c: c.indices[0])
    return DedupeResult(
        records=len(papers),
        clusters=clusters,
        versions=_versions(papers, related, work_of),
    )


def _cluster(papers: Sequence[Paper], members: list[int], links: dict[int, Judgement]) -> Cluster:
    indices = tuple(sorted(members))
    score = min(j.score for j in links.values())
    if len(links) == 1:
        reasons = next(iter(links.values())).reasons
    else:
        reasons = tuple(
            f"{papers[m].key}: {', '.join(links[m].reasons)}" for m in indices if m in links
        )
    return Cluster(
        indices=indices,
        keys=tuple(papers[i].key for i in indices),
        score=round(score, 3),
        reasons=reasons,
    )


def _versions(
    papers: Sequence[Paper], related: dict[Pair, Judgement], work_of: dict[int, int]
) -> list[Cluster]:
    """Groups of works (a record, or a cluster's best record) that are versions of a paper."""
    from scholarcli.dedupe.cluster import components

    links: dict[Pair, Judgement] = {}
    for (a, b), judgement in related.items():
        wa, wb = work_of.get(a, a), work_of.get(b, b)
        if wa == wb:
            continue
        pair = (wa, wb) if wa < wb else (wb, wa)
        if pair not in links or links[pair].score < judgement.score:
            links[pair] = judgement
    groups = components(links)
    group_of = {m: g for g, members in enumerate(groups) for m in members}
    edges: list[dict[Pair, Judgement]] = [{} for _ in groups]
    for pair, judgement in links.items():
        edges[group_of[pair[0]]][pair] = judgement
    out: list[Cluster] = []
    for group, inside in zip(groups, edges, strict=True):
        if len(inside) == 1:
            reasons = next(iter(inside.values())).reasons
        else:
            reasons = tuple(
                f"{papers[a].key} ~ {papers[b].key}: {', '.join(j.reasons)}"
                for (a, b), j in sorted(inside.items())
            )
        out.append(
            Cluster(
                indices=tuple(group),
                keys=tuple(papers[i].key for i in group),
                score=round(min(j.score for j in inside.values()), 3),
                reasons=reasons,
            )
        )
    out.sort(key=lambda c: c.indices[0])
    return out


def match_across(
    left: Sequence[Paper],
    right: Sequence[Paper],
    *,
    threshold: float | None = None,
    versions: bool = False,
) -> list[tuple[int, int, float]]:
    """Pairs ``(i, j, score)``: ``left[i]`` and ``right[j]`` are the same work.

    For comparing two lists (a profile and a CV). With ``versions=True``, related published
    versions (a conference paper and its journal extension) count too. Sorted by ``i``,
    then best score first.
    """
    limit = check_threshold(threshold)
    if not left or not right:
        return []
    matcher = _Matcher([*left, *right], limit)
    n = len(left)
    a, b, sims = matcher.candidates(split=n)
    out: list[tuple[int, int, float]] = []
    wanted = {Verdict.SAME, Verdict.VERSION} if versions else {Verdict.SAME}
    for i, j, sim in zip(a.tolist(), b.tolist(), sims.tolist(), strict=True):
        judgement = matcher.judge(i, j, sim)
        if judgement.verdict in wanted:
            lo, hi = (i, j) if i < n else (j, i)
            out.append((lo, hi - n, judgement.score))
    out.sort(key=lambda t: (t[0], -t[2], t[1]))
    return out


def merge_all(papers: Sequence[Paper], result: DedupeResult) -> list[Paper]:
    """The whole collection with each cluster merged into one record, in input order.

    A merged record takes the place of the first record of its cluster.
    """
    replaced: dict[int, Paper] = {}
    dropped: set[int] = set()
    for cluster in result.clusters:
        first, *rest = cluster.indices
        replaced[first] = merge_cluster([papers[i] for i in cluster.indices])
        dropped.update(rest)
    return [replaced.get(i, p) for i, p in enumerate(papers) if i not in dropped]


class Replacing(Protocol):
    """A store that swaps records in one transaction (the library's ``Library.replace``)."""

    def replace(
        self, removed_keys: Sequence[str], added_papers: Sequence[Paper], *, note: str
    ) -> object: ...


def merge_into(
    store: Replacing, papers: Sequence[Paper], result: DedupeResult
) -> tuple[list[str], list[Paper]]:
    """Merge each cluster in ``store``: its records out, the merged record in, at once.

    Returns the keys removed and the records added (each keeps the key of one of the
    records it replaces). Nothing is called when there is nothing to merge.
    """
    removed = [papers[i].key for c in result.clusters for i in c.indices]
    added = [merge_cluster([papers[i] for i in c.indices]) for c in result.clusters]
    if removed:
        store.replace(
            removed,
            added,
            note=f"dedupe --merge: {len(removed)} records merged into {len(added)}",
        )
    return removed, added
