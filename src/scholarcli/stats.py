"""Aggregates over papers for `scholar stats`: years, categories, co-authors, owner, citations."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from itertools import chain
from typing import Any

from scholarcli.categories import Category, lookup
from scholarcli.filters import name_matches
from scholarcli.model import Paper
from scholarcli.names import surname
from scholarcli.text import fold, squash

#: A run of at least this many years without papers is one row of the chart, not many.
ZERO_RUN = 4


@dataclass(frozen=True, slots=True)
class YearCount:
    """One year of the per-year chart (years without papers included)."""

    year: int
    papers: int
    #: Co-authors (owner aside) named for the first time this year.
    new_coauthors: int


@dataclass(frozen=True, slots=True)
class CategoryCount:
    #: The code as the input writes it ("LG"), first spelling seen.
    code: str
    papers: int
    #: The arXiv subject of the code, None for codes arXiv does not have.
    subject: Category | None


@dataclass(frozen=True, slots=True)
class AuthorCount:
    #: The name as written (its most frequent spelling in the input).
    name: str
    papers: int


@dataclass(frozen=True, slots=True)
class Owner:
    """The person whose publication list this is, and their place in the author lists.

    Counts see only the names a listing shows: with truncated lists they are lower bounds.
    """

    name: str
    #: True when taken as the most frequent author, False when given (``--owner``).
    inferred: bool
    #: Every spelling in the input counted as the owner ("Qi Lei", "Q. Lei").
    spellings: tuple[str, ...]
    papers: int
    first_author: int
    #: Last of a complete list of two or more authors.
    last_author: int


@dataclass(frozen=True, slots=True)
class CitationMetrics:
    """Figures computed from the papers' own citation counts (not the profile header)."""

    #: Papers that carry a citation count; the others are left out of every figure.
    papers: int
    citations: int
    h_index: int
    i10_index: int
    most_cited: int


@dataclass(frozen=True, slots=True)
class Stats:
    """Every figure of `scholar stats`, computed once and rendered by any format."""

    total: int
    #: Papers in the inputs before filters (compare with ``claimed_count``).
    listed: int
    #: Every year from the first to the last, zeros included.
    years: tuple[YearCount, ...]
    undated: int
    #: Most papers first, ties by code.
    categories: tuple[CategoryCount, ...]
    uncategorised: int
    with_code: int
    #: Every author, the owner included, most papers first; at most ``top`` of them.
    top_authors: tuple[AuthorCount, ...]
    #: The same without the owner.
    top_coauthors: tuple[AuthorCount, ...]
    distinct_authors: int
    owner: Owner | None
    #: Papers whose author list ends in "et al.".
    truncated: int
    #: The profile header's figures (``{"h_index": 15, "papers": 61, ...}``), else empty.
    metrics: Mapping[str, int | float] = field(default_factory=dict)
    #: What the profile's "N Papers" heading claims (else its "Npapers" metric line).
    claimed_count: int | None = None
    citations: CitationMetrics | None = None

    @property
    def by_year(self) -> dict[str, int]:
        """Year string -> papers, years with papers only (DESIGN section 3)."""
        return {str(y.year): y.papers for y in self.years if y.papers}

    @property
    def by_category(self) -> dict[str, int]:
        return {c.code: c.papers for c in self.categories}

    @property
    def code_share(self) -> float:
        return self.with_code / self.total if self.total else 0.0

    @property
    def truncated_share(self) -> float:
        return self.truncated / self.total if self.total else 0.0

    @property
    def missing(self) -> int | None:
        """Papers the header claims that the listing does not hold (None: no claim)."""
        return None if self.claimed_count is None else self.claimed_count - self.listed


def h_index(citations: Iterable[int]) -> int:
    """The largest h such that h papers have at least h citations each."""
    ranked = sorted(citations, reverse=True)
    return sum(1 for rank, count in enumerate(ranked, start=1) if count >= rank)


def i10_index(citations: Iterable[int]) -> int:
    """Papers with at least 10 citations (Google Scholar's i10-index)."""
    return sum(1 for count in citations if count >= 10)


def citation_metrics(papers: Iterable[Paper]) -> CitationMetrics | None:
    """h-index and friends over the papers that carry a count; None when none does."""
    counts = [p.citations for p in papers if p.citations is not None and p.citations >= 0]
    if not counts:
        return None
    return CitationMetrics(
        papers=len(counts),
        citations=sum(counts),
        h_index=h_index(counts),
        i10_index=i10_index(counts),
        most_cited=max(counts),
    )


class _Keys(dict[str, str]):
    """Spelling -> folded key, computed once per spelling (squash() is the costly part)."""

    def __missing__(self, name: str) -> str:
        key = self[name] = squash(name)
        return key


class _Authors:
    """Author names keyed by their folded form, each shown in its most frequent spelling."""

    def __init__(self, papers: Sequence[Paper]) -> None:
        self.papers = papers
        self.keys = _Keys()
        self._spellings: dict[str, list[str]] | None = None

    def keys_of(self, paper: Paper) -> list[str]:
        """The paper's author keys in order, each once (a name listed twice is one author)."""
        # dict.fromkeys and map run in C: this is most of the time on a large input.
        keys = dict.fromkeys(map(self.keys.__getitem__, paper.authors))
        keys.pop("", None)  # a name of punctuation only
        return list(keys)

    def spellings(self, key: str) -> list[str]:
        """The spellings of one author, the most used first (of a tie, the first seen)."""
        if self._spellings is None:
            uses = Counter(chain.from_iterable(p.authors for p in self.papers))
            grouped: dict[str, list[str]] = {}
            for name, folded in self.keys.items():  # in first-seen order
                grouped.setdefault(folded, []).append(name)
            for names in grouped.values():
                names.sort(key=lambda n: -uses[n])  # stable: ties keep first-seen order
            self._spellings = grouped
        return self._spellings[key]

    def shown(self, key: str) -> str:
        return self.spellings(key)[0]


def compute_stats(
    papers: Sequence[Paper],
    *,
    listed: int | None = None,
    metrics: Mapping[str, int | float] | None = None,
    claimed_count: int | None = None,
    owner: str | None = None,
    top: int = 10,
) -> Stats:
    """Every figure of `scholar stats` over ``papers``.

    ``listed`` is how many papers the inputs held before filtering (default: all of
    ``papers``); ``metrics`` and ``claimed_count`` come from a profile header. ``owner`` is
    a name matched like ``--author`` (case, accents and punctuation ignored, "Q. Lei"
    matching "Qi Lei"); without it the most frequent author is taken and said to be inferred.
    """
    authors = _Authors(papers)
    paper_keys = [authors.keys_of(paper) for paper in papers]
    author_papers = Counter(chain.from_iterable(paper_keys))
    # Most papers first; ties by family name, then the whole folded name, so the order
    # never depends on the order of the input.
    ranking = sorted(
        author_papers,
        key=lambda k: (-author_papers[k], fold(surname(authors.shown(k))), k),
    )

    owner_keys, who = _owner(owner, ranking, authors, author_papers)
    years = _years(papers, paper_keys, owner_keys)
    categories, uncategorised = _categories(papers)
    coauthor_ranking = [k for k in ranking if k not in owner_keys]
    if claimed_count is None and metrics and "papers" in metrics:
        # A header line "61papers" without the "61 Papers" heading claims as much.
        claimed_count = int(metrics["papers"])
    return Stats(
        total=len(papers),
        listed=len(papers) if listed is None else listed,
        years=years,
        undated=sum(1 for p in papers if p.year is None),
        categories=categories,
        uncategorised=uncategorised,
        with_code=sum(1 for p in papers if p.has_code),
        top_authors=tuple(AuthorCount(authors.shown(k), author_papers[k]) for k in ranking[:top]),
        top_coauthors=tuple(
            AuthorCount(authors.shown(k), author_papers[k]) for k in coauthor_ranking[:top]
        ),
        distinct_authors=len(author_papers),
        owner=_owner_counts(who, owner_keys, papers, paper_keys) if who else None,
        truncated=sum(1 for p in papers if p.authors_truncated),
        metrics=dict(metrics or {}),
        claimed_count=claimed_count,
        citations=citation_metrics(papers),
    )


def _owner(
    query: str | None,
    ranking: list[str],
    authors: _Authors,
    author_papers: Counter[str],
) -> tuple[frozenset[str], tuple[str, bool, tuple[str, ...]] | None]:
    """(the owner's author keys, (shown name, inferred, spellings)) or no owner at all."""
    if query is None or not query.strip():
        if not ranking:
            return frozenset(), None
        key = ranking[0]
        return frozenset({key}), (authors.shown(key), True, tuple(authors.spellings(key)))
    keys = [k for k in ranking if name_matches(k, query)]
    if not keys:
        return frozenset(), (query.strip(), False, ())
    spellings = tuple(s for k in keys for s in authors.spellings(k))
    # Shown as the matching name with most papers; of a tie the fuller ("Qi Lei", "Q. Lei").
    best = max(keys, key=lambda k: (author_papers[k], len(k)))
    return frozenset(keys), (authors.shown(best), False, spellings)


def _owner_counts(
    who: tuple[str, bool, tuple[str, ...]],
    owner_keys: frozenset[str],
    papers: Sequence[Paper],
    paper_keys: list[list[str]],
) -> Owner:
    named = first = last = 0
    for paper, keys in zip(papers, paper_keys, strict=True):
        if not keys or owner_keys.isdisjoint(keys):
            continue
        named += 1
        first += keys[0] in owner_keys
        # A truncated list hides its real last author, so only complete lists count.
        last += not paper.authors_truncated and len(keys) > 1 and keys[-1] in owner_keys
    name, inferred, spellings = who
    return Owner(name, inferred, spellings, named, first, last)


def _years(
    papers: Sequence[Paper], paper_keys: list[list[str]], owner_keys: frozenset[str]
) -> tuple[YearCount, ...]:
    by_year: dict[int, list[list[str]]] = {}
    for paper, keys in zip(papers, paper_keys, strict=True):
        if paper.year is not None:
            by_year.setdefault(paper.year, []).append(keys)
    if not by_year:
        return ()
    new: dict[int, int] = {}
    seen: set[str] = set(owner_keys)
    for year in sorted(by_year):
        fresh = set(chain.from_iterable(by_year[year])) - seen
        new[year] = len(fresh)
        seen |= fresh
    return tuple(
        YearCount(year, len(by_year.get(year, ())), new.get(year, 0))
        for year in range(min(by_year), max(by_year) + 1)
    )


def _categories(papers: Sequence[Paper]) -> tuple[tuple[CategoryCount, ...], int]:
    as_given = Counter(paper.category for paper in papers)
    # Codes differing only in case or spaces are one category, shown as first written.
    counts: Counter[str] = Counter()
    spelling: dict[str, str] = {}
    uncategorised = 0
    for code, papers_with in as_given.items():
        written = (code or "").strip()
        if not written:
            uncategorised += papers_with
            continue
        spelling.setdefault(written.upper(), written)
        counts[written.upper()] += papers_with
    ranked = sorted(counts, key=lambda c: (-counts[c], c))
    return (
        tuple(CategoryCount(spelling[c], counts[c], lookup(spelling[c])) for c in ranked),
        uncategorised,
    )


@dataclass(frozen=True, slots=True)
class ChartRow:
    """A row of the per-year chart: one year, or a long run of years without papers."""

    label: str
    papers: int
    new_coauthors: int


def chart_rows(stats: Stats) -> list[ChartRow]:
    """The per-year chart: every year, but a run of ``ZERO_RUN`` or more empty years in one
    row, so a stray year 1066 in the input does not draw a thousand empty bars."""
    rows: list[ChartRow] = []
    run: list[YearCount] = []

    def flush() -> None:
        if len(run) >= ZERO_RUN:
            rows.append(ChartRow(f"{run[0].year}–{run[-1].year}", 0, 0))
        else:
            rows.extend(ChartRow(str(y.year), 0, 0) for y in run)
        run.clear()

    for year in stats.years:
        if year.papers:
            flush()
            rows.append(ChartRow(str(year.year), year.papers, year.new_coauthors))
        else:
            run.append(year)
    flush()
    return rows


# How the header's metric names read in a sentence.
_METRIC_LABELS = {"h_index": "h-index", "i10_index": "i10-index", "ai_score": "AI score"}


def metric_label(name: str) -> str:
    """``h_index`` -> ``h-index``, ``novelty_percent`` -> ``novelty``."""
    if name in _METRIC_LABELS:
        return _METRIC_LABELS[name]
    return name.removesuffix("_percent").replace("_", " ")


def metric_value(name: str, value: int | float) -> str:
    """``2414`` -> ``2,414``; percentages get their sign back."""
    text = f"{value:,}" if isinstance(value, int) else f"{value:,g}"
    return text + ("%" if name.endswith("_percent") else "")


def to_dict(stats: Stats) -> dict[str, Any]:
    """The stats JSON of DESIGN section 3 (its keys first), then the further figures."""
    owner = stats.owner
    cites = stats.citations
    return {
        "total": stats.total,
        "by_year": stats.by_year,
        "by_category": stats.by_category,
        "with_code": stats.with_code,
        "top_authors": [[a.name, a.papers] for a in stats.top_authors],
        "metrics": dict(stats.metrics),
        "listed": stats.listed,
        "claimed_papers": stats.claimed_count,
        "years": [
            {"year": y.year, "papers": y.papers, "new_coauthors": y.new_coauthors}
            for y in stats.years
        ],
        "undated": stats.undated,
        "categories": [
            {
                "code": c.code,
                "arxiv": c.subject.arxiv if c.subject else None,
                "name": c.subject.name if c.subject else None,
                "papers": c.papers,
            }
            for c in stats.categories
        ],
        "uncategorised": stats.uncategorised,
        "with_code_share": round(stats.code_share, 4),
        "top_coauthors": [[a.name, a.papers] for a in stats.top_coauthors],
        "distinct_authors": stats.distinct_authors,
        "owner": None
        if owner is None
        else {
            "name": owner.name,
            "inferred": owner.inferred,
            "spellings": list(owner.spellings),
            "papers": owner.papers,
            "first_author": owner.first_author,
            "last_author": owner.last_author,
        },
        "truncated_author_lists": stats.truncated,
        "truncated_share": round(stats.truncated_share, 4),
        # Author, owner and co-author counts see only the names a listing shows.
        "author_counts_are_lower_bounds": stats.truncated > 0,
        "citation_metrics": None
        if cites is None
        else {
            "papers": cites.papers,
            "citations": cites.citations,
            "h_index": cites.h_index,
            "i10_index": cites.i10_index,
            "most_cited": cites.most_cited,
        },
    }
