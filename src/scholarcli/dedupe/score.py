"""Scoring candidate pairs: batch similarity with rapidfuzz, then the rules that decide.

Two stages. First every candidate pair gets a title and an author-name similarity from
rapidfuzz's batch scorer (``process.cpdist``, in C, chunk by chunk), and the years are
compared with numpy; pairs that are clearly different stop there. The few that remain
(about one per real duplicate) are judged one by one on the whole record: author names
and initials, the title's numbers, what kind of item it is, venue, volume, issue and pages.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from enum import Enum
from typing import TYPE_CHECKING

from scholarcli.dedupe.normalise import (
    Kind,
    Name,
    about_another,
    arxiv_of,
    author_string,
    doi_of,
    is_generic_title,
    leading_number,
    name_key,
    pages_conflict,
    pages_of,
    paper_kind,
    title_key,
    title_numbers,
    venues_agree,
)
from scholarcli.model import Paper

if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt

    IntArray = npt.NDArray[np.int64]
    FloatArray = npt.NDArray[np.float32]

#: The default threshold on a pair's score, chosen on the labelled sets (see BENCHMARKS.md).
DEFAULT_THRESHOLD = 0.88
#: Below this title similarity a pair is not looked at further (unless it shares an id).
TITLE_FLOOR = 0.70
#: Titles this different are different works even with one DOI (a book's chapters).
SAME_ID_TITLE_FLOOR = 0.60
#: Pairs are scored this many at a time (bounds the memory of the batch scorer).
CHUNK = 1 << 21
#: Author lists longer than this are compared on their first names only.
MAX_NAMES = 30


class Verdict(Enum):
    """What two records are to each other."""

    DIFFERENT = "different"
    SAME = "same"  # the same work: duplicates
    VERSION = "version"  # related published versions (conference paper, journal extension)


@dataclass(frozen=True, slots=True)
class Judgement:
    verdict: Verdict
    score: float
    reasons: tuple[str, ...]


NOT_SAME = Judgement(Verdict.DIFFERENT, 0.0, ())


@dataclass(frozen=True, slots=True)
class Detail:
    """One record in the form the rules compare."""

    title: str
    numbers: str
    generic: bool
    about: str
    names: tuple[Name, ...]
    year: int | None
    kind: Kind
    venue: str
    volume: str
    number: str
    pages: tuple[str, str] | None
    doi: str
    arxiv: str


def detail(paper: Paper, key: str | None = None, numbers: str | None = None) -> Detail:
    """``paper`` in the form :func:`judge` compares (its title key and numbers, if known)."""
    if key is None:
        key = title_key(paper.title)
    if numbers is None:
        numbers = title_numbers(key)
    people = (name_key(n) for n in paper.authors[:MAX_NAMES])
    return Detail(
        title=key,
        numbers=numbers,
        generic=is_generic_title(key),
        about=about_another(paper.title, key),
        names=tuple(n for n in people if n is not None),
        year=paper.year,
        kind=paper_kind(paper),
        venue=paper.venue or "",
        volume=leading_number(paper.extra.get("volume")),
        number=leading_number(paper.extra.get("number") or paper.extra.get("issue")),
        pages=pages_of(paper.extra.get("pages")),
        doi=doi_of(paper),
        arxiv=arxiv_of(paper),
    )


class Records:
    """The papers being compared: the columns batch scoring needs, details made on demand."""

    def __init__(self, papers: Sequence[Paper]) -> None:
        self.papers = papers
        self.titles: list[str] = []
        self.numbers: list[str] = []
        self.authors: list[str] = []
        self.firsts: list[str] = []
        self.years: list[int] = []
        self.dois: list[str] = []
        self.arxivs: list[str] = []
        for paper in papers:
            key = title_key(paper.title)
            self.titles.append(key)
            self.numbers.append(title_numbers(key))
            names = author_string(paper)
            self.authors.append(names)
            self.firsts.append(names.split(" ", 1)[0])
            self.years.append(paper.year or 0)
            self.dois.append(doi_of(paper))
            self.arxivs.append(arxiv_of(paper))
        self._details: dict[int, Detail] = {}

    def __len__(self) -> int:
        return len(self.papers)

    def detail(self, i: int) -> Detail:
        found = self._details.get(i)
        if found is None:
            found = self._details[i] = detail(self.papers[i], self.titles[i], self.numbers[i])
        return found


def batch_filter(
    records: Records, left: IntArray, right: IntArray
) -> tuple[IntArray, IntArray, FloatArray]:
    """The candidate pairs worth judging, with their title similarity (0..1).

    A pair goes on when it shares a DOI or arXiv id, or when its years are at most three
    apart and its titles are similar (``TITLE_FLOOR``) with the same numbers in them; then
    the author names must overlap unless the titles are nearly equal (names garbled by a
    database: "Luis Ferreira, Santos A"). Titles with different numbers go on only when
    nearly equal with overlapping authors (a typo: "p6INK4a" for "p16INK4a").
    """
    import numpy as np
    from rapidfuzz import fuzz, process

    titles = np.array(records.titles, dtype=object)
    numbers = np.array(records.numbers, dtype=object)
    authors = np.array(records.authors, dtype=object)
    years = np.asarray(records.years, dtype=np.int32)
    dois = np.array(records.dois, dtype=object)
    arxivs = np.array(records.arxivs, dtype=object)
    kept_left: list[IntArray] = []
    kept_right: list[IntArray] = []
    kept_sim: list[FloatArray] = []
    for start in range(0, len(left), CHUNK):
        a = left[start : start + CHUNK]
        b = right[start : start + CHUNK]
        same_id = ((dois[a] == dois[b]) & (dois[a] != "")) | (
            (arxivs[a] == arxivs[b]) & (arxivs[a] != "")
        )
        sim = process.cpdist(
            titles[a].tolist(), titles[b].tolist(), scorer=fuzz.ratio, dtype=np.float32
        )
        sim /= np.float32(100.0)
        ya, yb = years[a], years[b]
        keep = (sim >= TITLE_FLOOR) & ((ya == 0) | (yb == 0) | (np.abs(ya - yb) <= 3))
        # Author names only for the pairs still in: most pairs are out by now.
        idx = np.flatnonzero(keep)
        if len(idx):
            names_a = authors[a[idx]]
            names_b = authors[b[idx]]
            overlap = process.cpdist(
                names_a.tolist(), names_b.tolist(), scorer=fuzz.token_set_ratio, dtype=np.float32
            )
            known = (names_a != "") & (names_b != "")
            shared = overlap >= 50.0
            near = sim[idx] >= 0.9
            same_numbers = numbers[a[idx]] == numbers[b[idx]]
            keep[idx] = np.where(same_numbers, shared | ~known | near, shared & known & near)
        keep |= same_id
        kept_left.append(a[keep])
        kept_right.append(b[keep])
        kept_sim.append(sim[keep])
    if not kept_left:
        empty = np.empty(0, dtype=np.int64)
        return empty, empty, np.empty(0, dtype=np.float32)
    return np.concatenate(kept_left), np.concatenate(kept_right), np.concatenate(kept_sim)


def title_similarity(a: str, b: str) -> float:
    from rapidfuzz import fuzz

    return float(fuzz.ratio(a, b)) / 100.0


def _names_match(x: Name, y: Name) -> bool:
    initials_ok = not (x.initial and y.initial and x.initial != y.initial)
    if x.family == y.family:
        return bool(x.family) and initials_ok
    if not x.family or not y.family:
        return False
    if len(x.family) >= 4 and len(y.family) >= 4:
        if x.family.startswith(y.family) or y.family.startswith(x.family):
            return initials_ok  # "kotaniemi" and "kotaniemitalonen"
        if len(x.family) >= 5 and len(y.family) >= 5:
            from rapidfuzz.distance import Levenshtein

            if Levenshtein.normalized_similarity(x.family, y.family) >= 0.8:
                return initials_ok  # "froberg" and "frberg" (a letter lost on export)
    # Family and given names swapped or run together ("Giorgi, Rossi P" for "Rossi, P. G.").
    return x.family in y.words or y.family in x.words


def author_agreement(a: Sequence[Name], b: Sequence[Name]) -> tuple[int, int]:
    """How many names of the shorter list are in the longer one, and of how many.

    A list cut short ("et al.", or a database's first-six rule) is compared on the names it
    has; initials must not contradict ("Wang, S." is not "Wang, J.").
    """
    short, long = (a, b) if len(a) <= len(b) else (b, a)
    used: set[int] = set()
    matched = 0
    for x in short:
        for k, y in enumerate(long):
            if k not in used and _names_match(x, y):
                used.add(k)
                matched += 1
                break
    return matched, len(short)


def pair_score(title_sim: float, author_share: float | None, dy: int | None) -> float:
    """How sure a match is: the title similarity, discounted for doubt about the rest.

    ``title x (0.75 + 0.25 x share of authors in common) x year factor``, where unknown
    authors count as a share of 0.8, and the year factor is 1 for the same year, 0.97 for
    one year apart or an unknown year (a preprint, then its publication) and 0.9 for two.
    A score never exceeds the title similarity, so the threshold bounds it too.
    """
    authors = 0.75 + 0.25 * (author_share if author_share is not None else 0.8)
    years = 0.97 if dy is None else {0: 1.0, 1: 0.97, 2: 0.9}.get(dy, 0.0)
    return title_sim * authors * years


def judge(a: Detail, b: Detail, title_sim: float, threshold: float) -> Judgement:
    """Are two records the same work, related versions of one, or different works?

    In order: the same venue, volume and page range under a near-equal title is one
    article; an item about another work (an erratum, a reply) is not that work; titles
    naming different numbers are different works ("Part 1", "Part 2"); a shared DOI or
    arXiv id is a match unless the titles clearly differ; otherwise the authors must
    mostly agree, the years be close and the score (:func:`pair_score`) reach
    ``threshold``, and then where the two appeared decides (:func:`_by_place`).
    """
    generic = a.generic or b.generic
    # A title that is the start of the other counts only on a real page range: two short
    # items on one page of an abstracts supplement can share the start of a title.
    if (
        not generic
        and _strong_locator(a, b)
        and (title_sim >= 0.9 or (_cut_short(a, b, words=3) and _is_range(a.pages)))
    ):
        how = "" if title_sim >= 0.9 else " (one is the start of the other)"
        return Judgement(
            Verdict.SAME,
            round(max(title_sim, 0.95), 4),
            (f"title {title_sim:.2f}{how}", "same venue, volume and pages"),
        )
    if a.about != b.about:
        return NOT_SAME  # an erratum of, or a reply to, a paper is another item
    if a.numbers != b.numbers and not _cut_short(a, b):
        return NOT_SAME  # "Part 1" and "Part 2", "Phase II" and "Phase III"
    if (a.doi and a.doi == b.doi) or (a.arxiv and a.arxiv == b.arxiv):
        if title_sim < SAME_ID_TITLE_FLOOR:
            return NOT_SAME  # chapters carrying their book's DOI
        tag = "same DOI" if a.doi and a.doi == b.doi else "same arXiv id"
        return Judgement(Verdict.SAME, 1.0, (tag, f"title {title_sim:.2f}"))
    if title_sim < TITLE_FLOOR:
        return NOT_SAME
    reasons = [f"title {title_sim:.2f}"]
    share: float | None = None
    if a.names and b.names:
        matched, compared = author_agreement(a.names, b.names)
        if matched * 2 < compared + (compared == 1):
            return NOT_SAME  # fewer than half of the names in common (one of one)
        share = matched / compared
        reasons.append(f"authors {matched}/{compared}")
    else:
        reasons.append("no authors to compare")
    dy: int | None = None
    if a.year is not None and b.year is not None:
        dy = abs(a.year - b.year)
        if dy > 2:
            return NOT_SAME
        reasons.append("same year" if dy == 0 else f"year {b.year - a.year:+d}")
    score = pair_score(title_sim, share, dy)
    if score < threshold:
        return NOT_SAME
    return _by_place(a, b, round(score, 4), reasons, dy)


def _by_place(a: Detail, b: Detail, score: float, reasons: list[str], dy: int | None) -> Judgement:
    """Decide a pair whose title, authors and years agree, by where the two appeared.

    A preprint, or a record with no venue, is the same work as its publication (a year
    apart at most). Two published records are one work in the same venue (no other
    volume, pages or DOI), and related versions in two venues (two years apart at most).
    A generic title ("Editorial") is one work only with the same venue, volume and pages.
    """
    generic = a.generic or b.generic
    both_published = a.kind is Kind.PUBLISHED and b.kind is Kind.PUBLISHED
    near = dy is None or dy <= 1
    if not both_published:
        if generic or not near:
            return NOT_SAME
        if Kind.PREPRINT in (a.kind, b.kind):
            both = {a.kind, b.kind} == {Kind.PREPRINT, Kind.PUBLISHED}
            reasons.append("preprint and publication" if both else "preprints")
        return Judgement(Verdict.SAME, score, tuple(reasons))
    same_locator = _same_locator(a, b)
    if not (venues_agree(a.venue, b.venue) or same_locator):
        if generic:
            return NOT_SAME
        reasons.append("different venues")
        return Judgement(Verdict.VERSION, score, tuple(reasons))
    if (a.doi and b.doi and a.doi != b.doi) or not near or (generic and not same_locator):
        return NOT_SAME  # another item of the same journal
    if _locator_fields(a, b)[1]:
        # Another volume or other pages under the same title in the same journal: an
        # erratum, a reply, a part 2, a reprint. (Sometimes a typo in one record, but the
        # rule has to hold for the errata.)
        return NOT_SAME
    reasons.append("same venue")
    return Judgement(Verdict.SAME, score, tuple(reasons))


def _cut_short(a: Detail, b: Detail, *, words: int = 0) -> bool:
    """Is one title the start of the other (cut off by a length limit, or a subtitle left out)?

    With ``words``, any start of at least that many words counts; else the shorter title
    must be long (40 characters), as a length limit would leave it.
    """
    short, long = (a.title, b.title) if len(a.title) <= len(b.title) else (b.title, a.title)
    if not short or not long.startswith(short):
        return False
    if words:
        return len(short.split()) >= words
    return len(short) >= 40


def _is_range(pages: tuple[str, str] | None) -> bool:
    return pages is not None and pages[0] != pages[1]


def _strong_locator(a: Detail, b: Detail) -> bool:
    """One venue, volume and page range: one article, whatever its authors are called."""
    return (
        a.kind is Kind.PUBLISHED
        and b.kind is Kind.PUBLISHED
        and bool(a.volume)
        and a.volume == b.volume
        and a.pages is not None
        and a.pages == b.pages
        and venues_agree(a.venue, b.venue)
    )


def _same_locator(a: Detail, b: Detail) -> bool:
    """Same volume and an agreeing first page: one article, whatever the journal is called."""
    return (
        bool(a.volume)
        and a.volume == b.volume
        and a.pages is not None
        and b.pages is not None
        and bool(set(a.pages) & set(b.pages))
    )


def _locator_fields(a: Detail, b: Detail) -> tuple[list[str], list[str]]:
    """The locator fields (volume, issue, pages) two records agree on, and those they don't.

    The issue is the least reliable of them (some databases put record numbers there), so
    it counts only when neither the volume nor the pages can be compared.
    """
    agree: list[str] = []
    conflict: list[str] = []
    if a.volume and b.volume:
        (agree if a.volume == b.volume else conflict).append("volume")
    if a.pages is not None and b.pages is not None:
        if pages_conflict(a.pages, b.pages):
            conflict.append("pages")
        elif set(a.pages) & set(b.pages):
            agree.append("pages")
    if not agree and not conflict and a.number and b.number:
        (agree if a.number == b.number else conflict).append("issue")
    return agree, conflict
