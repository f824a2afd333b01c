"""Ranked search: BM25 over title, authors and abstract, with typo and inflection tolerance.

The ranking needs only a few corpus statistics, asked of a :class:`SearchIndex`:
:class:`MemoryIndex` computes them from papers read from files, ``search_library`` from a
library's FTS5 index. Both count words as ``text.words`` does (case, accents and
punctuation folded), so the same papers rank the same, with the same scores.

How a query word matches (its *variants*, each with a weight):

- the word itself (1.0);
- a word of the same English stem, ``pruned``/``prune`` for ``pruning`` (0.8);
- a word one edit away (0.5) for words of 5 letters or more, two edits (0.3) from 9
  letters: ``prunning`` finds pruning, ``reconstuction`` reconstruction. An edit is a
  letter inserted, deleted, replaced or two swapped; the first three letters must be right
  (that keeps the look-up a prefix scan, fast on a large library).

Words with digits match exactly. A quoted phrase matches its words exactly and in order.
Exclusions (``-word``) match the word and its inflections, never its typos.

Score: BM25F. A word's weighted occurrences are summed over fields, each field with its
weight (title 3, authors 2, abstract 1) and its own length normalisation, then saturated
once (k1 1.2, b 0.75) and multiplied by the word's IDF. Scores of the query's words and
phrases add up. A paper whose whole title is the query gets a boost larger than any other
score can be, so it ranks first. Ties go to the newest paper, then to input order.
"""

from __future__ import annotations

import heapq
import math
import re
from bisect import bisect_right
from collections import Counter
from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import cache, lru_cache
from itertools import accumulate
from typing import Protocol

from scholarcli.model import Paper
from scholarcli.query import (
    FILTER_TYPES,
    All,
    AnyOf,
    AuthorIs,
    Field,
    Filter,
    Node,
    Not,
    Phrase,
    Query,
    Term,
    VenueHas,
)
from scholarcli.text import fold, words

K1 = 1.2
B = 0.75
FIELD_WEIGHTS: Mapping[Field, float] = {Field.TITLE: 3.0, Field.AUTHORS: 2.0, Field.ABSTRACT: 1.0}
EXACT = 1.0
INFLECTED = 0.8
FUZZY = {1: 0.5, 2: 0.3}
#: Letters a variant must share with the query word (the look-up is a prefix scan).
PREFIX = 3
#: Scores equal to this many decimals are ties (sums in another order differ in the last bits).
SCORE_DIGITS = 9
#: A look-up is put off while pruning (_Ranker.pruned) when it reads at least this many
#: occurrences, and this many times more than there are candidate papers.
PUT_OFF_MIN = 20_000
PUT_OFF_RATIO = 2
# Lower bounds within this of the cut-off are scored in full: the bounds sum their floats in
# another order than full scoring does, and may differ from it in the last bits.
_MARGIN = 1e-6

SortKey = tuple[int, int, int, int]  # year, month, day, input position


class SearchIndex(Protocol):
    """The statistics and look-ups ranking needs from a collection of papers.

    Documents are ints (a position in a list, or a library row id). ``within``, where
    taken, is the set of docs still in the running (None: all): an index may use it to do
    less work, and returns nothing outside it.
    """

    def size(self) -> int:
        """How many papers there are."""
        ...

    def total_tokens(self, field: Field) -> int:
        """Words in ``field`` summed over all papers (for the average field length)."""
        ...

    def vocabulary(self, prefix: str, field: Field) -> Collection[str]:
        """The distinct words of ``field`` that start with ``prefix``."""
        ...

    def doc_count(self, words: Mapping[Field, Collection[str]]) -> int:
        """How many papers have one of ``words[field]`` in one of those fields."""
        ...

    def matching_docs(self, clauses: Sequence[Mapping[Field, Collection[str]]]) -> set[int]:
        """The papers that every clause matches (one of its ``words[field]`` in that field)."""
        ...

    def occurrences(self, words: Collection[str], field: Field) -> int:
        """How many occurrences a :meth:`postings` look-up of ``words`` reads whatever its
        ``within``; 0 when a look-up among a few papers costs no less than among all."""
        ...

    def postings(
        self, words: Collection[str], field: Field, within: Collection[int] | None
    ) -> dict[str, dict[int, int]]:
        """Papers with each of ``words`` in ``field``: word -> doc -> occurrences (a word
        found in no paper may be left out)."""
        ...

    def phrase_doc_count(self, words: Sequence[str], fields: Sequence[Field]) -> int:
        """How many papers have ``words`` in a row in one of ``fields``."""
        ...

    def phrase_counts(
        self, words: Sequence[str], field: Field, within: Collection[int] | None
    ) -> dict[int, int]:
        """Papers with ``words`` in a row in ``field``: doc -> occurrences."""
        ...

    def doc_lengths(self, docs: Collection[int], field: Field) -> dict[int, int]:
        """Words in ``field`` of each of ``docs``."""
        ...

    def all_docs(self) -> Collection[int]:
        """Every paper."""
        ...

    def filter_docs(self, docs: Collection[int], condition: Filter) -> set[int]:
        """The ``docs`` whose paper meets ``condition``."""
        ...

    def sort_keys(self, docs: Collection[int]) -> dict[int, SortKey]:
        """Date and input position of ``docs``, to order equal scores."""
        ...

    def papers(self, docs: Sequence[int]) -> list[Paper]:
        """The papers of ``docs``, in that order."""
        ...


@dataclass(frozen=True, slots=True)
class SearchResult:
    """The best matches, best first, with their scores and the words to highlight."""

    papers: list[Paper]
    scores: dict[str, float]
    #: Every paper that matched (``papers`` holds at most ``limit`` of them).
    total: int
    #: Folded words that made papers match, for highlighting.
    highlight: frozenset[str]


# --- variants -------------------------------------------------------------------------------


def max_edits(word: str) -> int:
    """Typos tolerated in a query word: none below 5 letters or with digits, 2 from 9 letters."""
    if len(word) < 5 or not word.isalpha():
        return 0
    return 1 if len(word) < 9 else 2


def scan_prefix(word: str) -> str | None:
    """The prefix whose words are checked as variants of ``word``; None: ``word`` only."""
    return word[:PREFIX] if len(word) >= PREFIX else None


def variants(word: str, vocabulary: Iterable[str], *, fuzzy: bool = True) -> dict[str, float]:
    """The words of ``vocabulary`` that count as ``word``, each with its weight."""
    found = {word: EXACT}
    stem = _stem(word)
    edits = max_edits(word) if fuzzy else 0
    for other in vocabulary:
        if other == word:
            continue
        if stem is not None and _stem(other) == stem:
            found[other] = INFLECTED
        elif edits and abs(len(other) - len(word)) <= edits:
            # The length difference is a lower bound of the distance: words it rules out
            # need no rapidfuzz, which then is not imported at all (about 20 ms).
            d = _osa_distance()(word, other, score_cutoff=edits)
            if d <= edits:
                found[other] = FUZZY[d]
    return found


@cache
def _osa_distance() -> Callable[..., int]:
    from rapidfuzz.distance import OSA

    distance: Callable[..., int] = OSA.distance
    return distance


@cache
def _stemmer() -> Callable[[str], str]:
    import Stemmer  # PyStemmer: the Snowball stemmers in C, cheap to import

    stem_word: Callable[[str], str] = Stemmer.Stemmer("english").stemWord
    return stem_word


def _stem(word: str) -> str | None:
    """The English (Porter 2) stem of an ASCII word of three letters or more, else None."""
    if len(word) < 3 or not (word.isascii() and word.isalpha()):
        return None
    return _stemmer()(word)


# --- ranking --------------------------------------------------------------------------------


def search(index: SearchIndex, query: Query, *, limit: int | None = 20) -> SearchResult:
    """The papers of ``index`` that match ``query``, best first (at most ``limit``)."""
    n = index.size()
    if n == 0:
        return SearchResult([], {}, 0, frozenset())
    ranker = _Ranker(index, n)
    matched = ranker.pruned(query, limit) if limit else None
    if matched is None:
        matched = ranker.match(query.root, None, negated=False)
        ranker.boost_exact_title(query, matched)
    if not matched:
        return SearchResult([], {}, 0, frozenset(ranker.highlight))
    contenders = matched
    if limit and len(matched) > limit:
        # Rounded, no score below the limit-th best (less a margin) can reach it.
        floor = heapq.nlargest(limit, matched.values())[-1] - _MARGIN
        contenders = {doc: score for doc, score in matched.items() if score >= floor}
    scores = {doc: round(score, SCORE_DIGITS) for doc, score in contenders.items()}
    docs = _best(index, scores, limit)
    papers = index.papers(docs)
    return SearchResult(
        papers=papers,
        scores={p.key: scores[d] for p, d in zip(papers, docs, strict=True)},
        total=len(matched),
        highlight=frozenset(ranker.highlight),
    )


def _best(index: SearchIndex, scores: dict[int, float], limit: int | None) -> list[int]:
    """The ``limit`` best docs: score, then newest, then input order."""
    ranked = sorted(scores, key=scores.__getitem__, reverse=True)
    if limit and len(ranked) > limit:
        # Only the docs that tie with the last one kept need their dates compared.
        cutoff = scores[ranked[limit - 1]]
        ranked = [d for d in ranked if scores[d] >= cutoff]
    keys = index.sort_keys(ranked)

    def order(doc: int) -> tuple[float, int, int, int, int]:
        year, month, day, position = keys[doc]
        return (-scores[doc], -year, -month, -day, position)

    ranked.sort(key=order)
    return ranked[:limit] if limit else ranked


@dataclass(frozen=True, slots=True)
class _LeafStats:
    """What a word or phrase matches across the whole collection."""

    #: For a word: its variants and their weights, by field (a phrase has none).
    variants: Mapping[Field, Mapping[str, float]]
    df: int
    idf: float


class _Ranker:
    """Evaluates a query tree over an index, summing the BM25F scores of matched words."""

    def __init__(self, index: SearchIndex, n: int) -> None:
        self.index = index
        self.n = n
        self.highlight: set[str] = set()
        self.max_total = 0.0  # the most the scored words together can give a paper
        self._avg: dict[Field, float] = {}
        self._vocab: dict[tuple[str, Field], Collection[str]] = {}
        self._stats: dict[tuple[Term | Phrase, bool], _LeafStats] = {}

    def match(self, node: Node, within: set[int] | None, *, negated: bool) -> dict[int, float]:
        """Docs matching ``node`` (among ``within``; None: all) and the score they earn."""
        if isinstance(node, Term | Phrase):
            return self.leaf(node, within, negated=negated)
        if isinstance(node, FILTER_TYPES):
            docs = self._filter_candidates(node) if within is None else within
            return dict.fromkeys(self.index.filter_docs(docs, node), 0.0)
        if isinstance(node, Not):
            docs = set(self.index.all_docs()) if within is None else within
            excluded = self.match(node.child, docs, negated=not negated)
            return {d: 0.0 for d in docs if d not in excluded}
        if isinstance(node, AnyOf):
            total: dict[int, float] = {}
            for child in node.children:
                for doc, score in self.match(child, within, negated=negated).items():
                    total[doc] = total.get(doc, 0.0) + score
            return total
        assert isinstance(node, All)
        scores: dict[int, float] | None = None
        # The rarest words first: each later child looks only at the docs still in.
        for child in sorted(node.children, key=lambda c: self._cost(c, negated)):
            found = self.match(child, within, negated=negated)
            if scores is None:
                scores = found
            else:
                scores = {d: s + found[d] for d, s in scores.items() if d in found}
            within = set(scores)
            if not scores:
                break
        return scores or {}

    def _cost(self, node: Node, negated: bool) -> tuple[int, int]:
        """Evaluation order inside an AND: look-ups that narrow most first, tests last."""
        if isinstance(node, AuthorIs):
            return (0, 0)  # names are rare words: their look-up narrows a lot
        if isinstance(node, Term | Phrase):
            return (1, self.stats(node, negated=negated).df)
        if isinstance(node, AnyOf | All):
            return (2, 0)
        if isinstance(node, VenueHas):
            return (4, 0)
        return (3, 0) if isinstance(node, FILTER_TYPES) else (5, 0)

    def _filter_candidates(self, node: Filter) -> Collection[int]:
        """All docs, or for ``author:`` only those with the name's words among the authors."""
        if isinstance(node, AuthorIs):
            # author_matches wants each word of two letters or more as a word of the name.
            found: set[int] | None = None
            for word in sorted({w for w in words(node.name) if len(w) > 1}):
                found = set(self.index.postings([word], Field.AUTHORS, found).get(word, ()))
            if found is not None:
                return found
        return self.index.all_docs()

    def stats(self, leaf: Term | Phrase, *, negated: bool) -> _LeafStats:
        """Variants, document frequency and IDF of ``leaf`` (an exclusion takes no typos)."""
        key = (leaf, negated)
        if key not in self._stats:
            if isinstance(leaf, Term):
                found = {f: self._variants(leaf.word, f, fuzzy=not negated) for f in leaf.fields}
                df = self.index.doc_count(found)
            else:
                found = {}
                df = self.index.phrase_doc_count(leaf.words, leaf.fields)
            idf = math.log(1.0 + (self.n - df + 0.5) / (df + 0.5))
            self._stats[key] = _LeafStats(found, df, idf)
        return self._stats[key]

    def _variants(self, word: str, fld: Field, *, fuzzy: bool) -> dict[str, float]:
        prefix = scan_prefix(word)
        if prefix is None:
            return {word: EXACT}
        key = (prefix, fld)
        if key not in self._vocab:
            self._vocab[key] = self.index.vocabulary(prefix, fld)
        return variants(word, self._vocab[key], fuzzy=fuzzy)

    def leaf(
        self, leaf: Term | Phrase, within: set[int] | None, *, negated: bool
    ) -> dict[int, float]:
        """BM25F scores of the docs among ``within`` that ``leaf`` matches (0: exclusions)."""
        stats = self.stats(leaf, negated=negated)
        weighted = self._frequencies(leaf, stats, leaf.fields, within, negated=negated)
        if negated:
            return weighted
        self.max_total += stats.idf * (K1 + 1.0)
        idf = stats.idf
        return {doc: idf * tf * (K1 + 1.0) / (tf + K1) for doc, tf in weighted.items()}

    def _frequencies(
        self,
        leaf: Term | Phrase,
        stats: _LeafStats,
        fields: Iterable[Field],
        within: set[int] | None,
        *,
        negated: bool,
    ) -> dict[int, float]:
        """doc -> BM25F term frequency of ``leaf`` over ``fields`` (0: exclusions)."""
        weighted: dict[int, float] = {}
        for fld in fields:
            counts = self._counts(leaf, stats, fld, within, negated=negated)
            if negated or not counts:
                weighted.update(dict.fromkeys(counts, 0.0))
                continue
            lengths = self.index.doc_lengths(counts.keys(), fld)
            avg = self._average(fld)
            weight = FIELD_WEIGHTS[fld]
            for doc, count in counts.items():
                norm = 1.0 - B + B * lengths[doc] / avg if avg else 1.0
                weighted[doc] = weighted.get(doc, 0.0) + weight * count / norm
        return weighted

    def pruned(self, query: Query, limit: int) -> dict[int, float] | None:
        """The matches of a query of plain words, with only the best ``limit`` scored in full.

        MaxScore, as search engines prune: the look-up of a word in a field that reads far
        more occurrences than there are candidates (a common word in a large library:
        "efficiency" stands in most abstracts) is put off. Every candidate gets a lower
        bound (its score without the put-off fields) and an upper bound (a word with a
        put-off field scores at most idf * (k1 + 1), its saturation). Only a paper whose
        upper bound reaches the ``limit``-th best lower bound can be among the best; those
        papers, and any whose whole title is the query, are scored in full, their look-ups
        restricted to them. The rest keep their lower bound, which lies below every paper
        shown: what is shown, with its scores and order, is what full scoring gives.

        None when this does not apply: not a query of plain words, or nothing to put off.
        """
        root = query.root
        leaves = list(root.children) if isinstance(root, All) else [root]
        terms = [leaf for leaf in leaves if isinstance(leaf, Term)]
        if len(terms) != len(leaves):
            return None
        stats = [self.stats(term, negated=False) for term in terms]
        reads = [
            {fld: self.index.occurrences(s.variants[fld], fld) for fld in term.fields}
            for term, s in zip(terms, stats, strict=True)
        ]
        if max(n for per_field in reads for n in per_field.values()) < PUT_OFF_MIN:
            return None  # no look-up worth putting off (files: none ever is)
        candidates = self.index.matching_docs([s.variants for s in stats])
        if len(candidates) <= limit:
            return None
        put_off = [
            {
                fld
                for fld, n in per_field.items()
                if n >= PUT_OFF_MIN and n >= PUT_OFF_RATIO * len(candidates)
            }
            for per_field in reads
        ]
        if not any(put_off) or all(put_off):
            # Nothing to put off; or every word has a field put off, so every paper would
            # have the same upper bound (the sum of the saturations): none could be left out.
            return None
        lower = dict.fromkeys(candidates, 0.0)  # the score without the put-off fields
        whole = dict.fromkeys(candidates, 0.0)  # the score of the words with none put off
        saturation = 0.0  # the most the words with a field put off can add to that
        for term, s, off in zip(terms, stats, put_off, strict=True):
            kept = [fld for fld in term.fields if fld not in off]
            tf = self._frequencies(term, s, kept, candidates, negated=False)
            if off:
                saturation += s.idf * (K1 + 1.0)
            for doc, t in tf.items():
                score = s.idf * t * (K1 + 1.0) / (t + K1)
                lower[doc] += score
                if not off:
                    whole[doc] += score
        floor = heapq.nlargest(limit, lower.values())[-1] - _MARGIN - saturation
        best = {doc for doc, score in whole.items() if score >= floor}
        best |= self._whole_titles(query, terms, put_off, candidates)
        exact = self.match(root, best, negated=False)
        self.boost_exact_title(query, exact)
        lower.update(exact)
        return lower

    def _whole_titles(
        self,
        query: Query,
        terms: Sequence[Term],
        put_off: Sequence[Collection[Field]],
        candidates: set[int],
    ) -> set[int]:
        """The candidates whose title may be the whole query (the exact-title boost)."""
        wanted = query.title_words()
        if not wanted:
            return set()
        docs = candidates
        for term, off in zip(terms, put_off, strict=True):
            if Field.TITLE not in off:  # such a title holds each word as it is
                titles = self.index.postings([term.word], Field.TITLE, candidates)
                docs = docs & titles.get(term.word, {}).keys()
        lengths = self.index.doc_lengths(docs, Field.TITLE)
        return {doc for doc, length in lengths.items() if length == len(wanted)}

    def _counts(
        self,
        leaf: Term | Phrase,
        stats: _LeafStats,
        fld: Field,
        within: set[int] | None,
        *,
        negated: bool,
    ) -> dict[int, float]:
        """doc -> occurrences of ``leaf`` in ``fld``, each variant counted at its weight."""
        if isinstance(leaf, Phrase):
            found = self.index.phrase_counts(leaf.words, fld, within)
            if found and not negated:
                self.highlight.update(leaf.words)
            return {doc: float(count) for doc, count in found.items()}
        weights = stats.variants[fld]
        postings = self.index.postings(weights.keys(), fld, within)
        if fld is Field.TITLE and not negated:  # the variants found in titles light up
            self.highlight.update(w for w, docs in postings.items() if docs)
        # Each doc's weighted occurrences are summed in the order of the words, so that
        # every index gives the very same float.
        weighted: dict[int, float] = {}
        for word in sorted(postings):
            weight = weights[word]
            if not weighted:  # the first word: a product a doc, nothing to add to
                weighted = {doc: weight * count for doc, count in postings[word].items()}
                continue
            for doc, count in postings[word].items():
                weighted[doc] = weighted.get(doc, 0.0) + weight * count
        return weighted

    def _average(self, fld: Field) -> float:
        if fld not in self._avg:
            self._avg[fld] = self.index.total_tokens(fld) / self.n
        return self._avg[fld]

    def boost_exact_title(self, query: Query, matched: dict[int, float]) -> None:
        """Lift the papers whose whole title is the query above every other match."""
        wanted = query.title_words()
        if not wanted:
            return
        # Titles of the query's length first: few, so the phrase look-up is cheap.
        lengths = self.index.doc_lengths(matched.keys(), Field.TITLE)
        same_length = {doc for doc, length in lengths.items() if length == len(wanted)}
        if not same_length:
            return
        bonus = max(self.max_total, 1.0)
        for doc in self.index.phrase_counts(wanted, Field.TITLE, same_length):
            matched[doc] += bonus


# --- papers read from files -----------------------------------------------------------------


def field_texts(papers: Iterable[Paper], fld: Field) -> list[str]:
    """The searched text of ``fld`` of each paper."""
    if fld is Field.TITLE:
        return [p.title for p in papers]
    if fld is Field.AUTHORS:
        return [", ".join(p.authors) for p in papers]
    return [p.abstract or "" for p in papers]


_WORD = re.compile(r"[^\W_]+")
_WORD_CHAR = re.compile(r"[^\W_]")
_NON_ASCII = re.compile(r"([^\x00-\x7f]+)")
_NON_WORD = re.compile(r"[\W_]")


def fold_words(text: str) -> str:
    """``text`` folded as ``text.words`` folds it, with non-ASCII non-word characters as spaces.

    ``_WORD.findall(fold_words(t)) == words(t)``, but ASCII stretches are only lower-cased:
    ``fold``'s Python loop over characters runs on the non-ASCII stretches alone.
    """
    parts = _NON_ASCII.split(text)  # ASCII, non-ASCII, ASCII, ...
    return "".join(_fold_run(p) if i % 2 else p.lower() for i, p in enumerate(parts))


def tokens(text: str) -> list[str]:
    """``text.words(text)``, faster on mostly ASCII text."""
    return _WORD.findall(fold_words(text))


def count_words(text: str, wanted: Iterable[str]) -> dict[str, int]:
    """How often each of the ``wanted`` words stands in ``text``: ``Counter(tokens(text))``
    cut down to them, but found with ``str.find`` (a regular-expression scan of a whole
    abstract costs ten times more). Words are folded, letters and digits only.

    A find inside a longer word skips to that word's end (no whole word can start within
    it), so the loop turns at most once a word of the text: "aaaa..." is one step for "aaa".
    """
    folded = text.lower() if text.isascii() else fold_words(text)
    found: dict[str, int] = {}
    for word in wanted:
        count = 0
        start = folded.find(word)
        while start >= 0:
            end = start + len(word)
            if (start and _WORD_CHAR.match(folded, start - 1)) or _WORD_CHAR.match(folded, end):
                gap = _NON_WORD.search(folded, end)  # where the longer word ends
                if gap is None:
                    break
                end = gap.end()
            else:
                count += 1
            start = folded.find(word, end)
        if count:
            found[word] = count
    return found


@lru_cache(maxsize=4096)
def _fold_run(run: str) -> str:
    return _NON_WORD.sub(" ", fold(run))


# Bytes of folded text -> "a" for a letter or digit (any byte >= 0x80 is one: non-ASCII text
# is reduced to words and spaces first), newline kept, " " for the rest: b" a" and b"\na"
# then mark word starts, and C-speed counting gives field lengths.
_WORD_STARTS = bytes(
    ord("a")
    if (chr(b).isascii() and chr(b).isalnum()) or b >= 0x80
    else b
    if b == ord("\n")
    else ord(" ")
    for b in range(256)
)
#: Above this share of all papers, field lengths are counted for every paper at once.
_BULK_LENGTHS = 0.05


class _FieldText:
    """One field of every paper, folded, in one string: docs joined by newlines."""

    def __init__(self, raws: list[str]) -> None:
        joined = "\n".join(raws)
        if joined.count("\n") != len(raws) - 1:
            # A newline inside a field would read as a paper boundary; it is a space.
            raws = [r.replace("\n", " ") for r in raws]
            joined = "\n".join(raws)
        if joined.isascii():
            # Folding ASCII is lower-casing: one call for all, lengths unchanged.
            self.text = joined.lower()
        else:
            raws = [r.lower() if r.isascii() else fold_words(r) for r in raws]
            self.text = "\n".join(raws)
        #: Where each doc begins in text; one more entry for the end.
        self.starts = list(accumulate((len(r) + 1 for r in raws), initial=0))
        self._lengths: list[int] | None = None

    def doc(self, doc: int) -> str:
        return self.text[self.starts[doc] : self.starts[doc + 1] - 1]

    def lengths(self) -> list[int]:
        """The number of words of every doc."""
        if self._lengths is None:
            marks = (b" " + self.text.encode("utf-8")).translate(_WORD_STARTS)
            self._lengths = [
                part.count(b" a") + part.startswith(b"a") for part in marks.split(b"\n")
            ]
        return self._lengths

    def doc_lengths(self, docs: Collection[int]) -> dict[int, int]:
        if self._lengths is None and len(docs) < _BULK_LENGTHS * (len(self.starts) - 1):
            return {doc: len(_WORD.findall(self.doc(doc))) for doc in docs}
        lengths = self.lengths()
        return {doc: lengths[doc] for doc in docs}


class MemoryIndex:
    """A :class:`SearchIndex` over papers in memory (read from files).

    It builds no inverted index: a field of all papers is one folded string, and a look-up
    is one regular-expression scan of it for a word's first letters. On 100,000 papers
    that costs a fraction of reading them, where tokenizing every abstract would not.
    """

    def __init__(self, papers: Sequence[Paper]) -> None:
        self._papers = papers
        self._fields: dict[Field, _FieldText] = {}
        self._scans: dict[tuple[str, Field, bool], dict[str, list[int]]] = {}
        self._docs: dict[tuple[str, Field], Counter[int]] = {}

    def size(self) -> int:
        return len(self._papers)

    def _field(self, fld: Field) -> _FieldText:
        if fld not in self._fields:
            self._fields[fld] = _FieldText(field_texts(self._papers, fld))
        return self._fields[fld]

    def total_tokens(self, field: Field) -> int:
        return sum(self._field(field).lengths())

    def _scan(self, prefix: str, fld: Field, exact: bool) -> dict[str, list[int]]:
        """Positions of the words of ``fld`` that start with (or, exact, are) ``prefix``."""
        key = (prefix, fld, exact)
        if key not in self._scans:
            text = self._field(fld).text
            tail = r"(?![^\W_])" if exact else r"[^\W_]*"
            # The pattern starts with letters (no look-behind), so re finds them fast;
            # a match inside a word is dropped here.
            found: dict[str, list[int]] = {}
            for m in re.finditer(re.escape(prefix) + tail, text):
                start = m.start()
                if start and text[start - 1].isalnum():
                    continue
                found.setdefault(m.group(), []).append(start)
            self._scans[key] = found
        return self._scans[key]

    def vocabulary(self, prefix: str, field: Field) -> Collection[str]:
        return self._scan(prefix, field, exact=False).keys()

    def _positions(self, word: str, fld: Field) -> list[int]:
        prefix = scan_prefix(word)
        if prefix is not None and (prefix, fld, False) in self._scans:
            return self._scans[prefix, fld, False].get(word, [])
        return self._scan(word, fld, exact=True).get(word, [])

    def _docs_of(self, word: str, fld: Field) -> Counter[int]:
        """doc -> occurrences of ``word`` in ``fld``."""
        key = (word, fld)
        if key not in self._docs:
            starts = self._field(fld).starts
            self._docs[key] = Counter(
                bisect_right(starts, pos) - 1 for pos in self._positions(word, fld)
            )
        return self._docs[key]

    def _docs_with(self, words: Mapping[Field, Collection[str]]) -> set[int]:
        return {doc for fld, ws in words.items() for w in ws for doc in self._docs_of(w, fld)}

    def doc_count(self, words: Mapping[Field, Collection[str]]) -> int:
        return len(self._docs_with(words))

    def matching_docs(self, clauses: Sequence[Mapping[Field, Collection[str]]]) -> set[int]:
        found: set[int] | None = None
        for clause in clauses:
            docs = self._docs_with(clause)
            found = docs if found is None else found & docs
        return found or set()

    def occurrences(self, words: Collection[str], field: Field) -> int:
        # A look-up reads a word's cached positions whatever the papers asked about.
        return 0

    def postings(
        self, words: Collection[str], field: Field, within: Collection[int] | None
    ) -> dict[str, dict[int, int]]:
        out: dict[str, dict[int, int]] = {}
        for word in words:
            docs = self._docs_of(word, field)
            if within is None:
                out[word] = docs  # the cached Counter itself: callers only read it
            else:
                out[word] = {doc: count for doc, count in docs.items() if doc in within}
        return out

    def doc_lengths(self, docs: Collection[int], field: Field) -> dict[int, int]:
        return self._field(field).doc_lengths(docs)

    def phrase_doc_count(self, words: Sequence[str], fields: Sequence[Field]) -> int:
        return len({doc for fld in fields for doc in self.phrase_counts(words, fld, None)})

    def phrase_counts(
        self, words: Sequence[str], field: Field, within: Collection[int] | None
    ) -> dict[int, int]:
        candidates: set[int] | None = None if within is None else set(within)
        for word in sorted(set(words), key=lambda w: len(self._docs_of(w, field))):
            docs = self._docs_of(word, field).keys()
            candidates = set(docs) if candidates is None else candidates.intersection(docs)
        text = self._field(field)
        return {
            doc: count
            for doc in candidates or ()
            if (count := phrase_occurrences(_WORD.findall(text.doc(doc)), words))
        }

    def all_docs(self) -> Collection[int]:
        return range(len(self._papers))

    def filter_docs(self, docs: Collection[int], condition: Filter) -> set[int]:
        papers = self._papers
        return {d for d in docs if condition.matches(papers[d])}

    def sort_keys(self, docs: Collection[int]) -> dict[int, SortKey]:
        papers = self._papers
        return {d: (*papers[d].sort_date, d) for d in docs}

    def papers(self, docs: Sequence[int]) -> list[Paper]:
        return [self._papers[d] for d in docs]


def phrase_occurrences(tokens: Sequence[str], phrase: Sequence[str]) -> int:
    """How often ``phrase`` stands in ``tokens`` (overlaps count: "a a" twice in "a a a")."""
    size = len(phrase)
    wanted = list(phrase)
    first = wanted[0]
    return sum(
        1
        for i in range(len(tokens) - size + 1)
        if tokens[i] == first and list(tokens[i : i + size]) == wanted
    )


def search_papers(papers: Sequence[Paper], query: Query, *, limit: int | None = 20) -> SearchResult:
    """Rank ``papers`` (read from files) for ``query``."""
    return search(MemoryIndex(papers), query, limit=limit)
