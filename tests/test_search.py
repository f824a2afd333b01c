"""Ranking: variants of a word, the in-memory index, and the order of results on real papers."""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from tests.limits import call_within

from scholarcli.keys import assign_keys
from scholarcli.model import Paper
from scholarcli.query import Field, parse_query
from scholarcli.readers import read_input
from scholarcli.search import (
    EXACT,
    FUZZY,
    INFLECTED,
    MemoryIndex,
    SearchIndex,
    count_words,
    field_texts,
    fold_words,
    max_edits,
    search_papers,
    tokens,
    variants,
)
from scholarcli.text import words

from conftest import AS_OF, shared_path

_WORDS_OF = re.compile(r"[^\W_]+")


def read(path: Path) -> list[Paper]:
    return assign_keys(read_input(str(path), as_of=dt.date.fromisoformat(AS_OF)).papers)


@pytest.fixture(scope="module")
def seed_papers() -> list[Paper]:
    return read(Path(__file__).resolve().parent.parent / "examples" / "profile.txt")


def titles(papers: list[Paper]) -> list[str]:
    return [p.title for p in papers]


# --- variants -------------------------------------------------------------------------------


def test_variants_weigh_exact_over_inflected_over_typos() -> None:
    vocabulary = ["pruning", "pruned", "prune", "prunes", "prudent", "prints", "pruninng"]
    assert variants("pruning", vocabulary) == {
        "pruning": EXACT,
        "pruned": INFLECTED,
        "prune": INFLECTED,
        "prunes": INFLECTED,
        "pruninng": FUZZY[1],
    }


def test_a_typo_finds_the_word() -> None:
    assert variants("prunning", ["pruning", "printing"])["pruning"] == FUZZY[1]
    assert variants("reconstuction", ["reconstruction"])["reconstruction"] == FUZZY[1]
    assert variants("reconsturtcion", ["reconstruction"])["reconstruction"] == FUZZY[2]


def test_exclusions_take_inflections_but_no_typos() -> None:
    assert variants("pruning", ["pruned", "pruninng"], fuzzy=False) == {
        "pruning": EXACT,
        "pruned": INFLECTED,
    }


@pytest.mark.parametrize(
    ("word", "edits"),
    [("gan", 0), ("bert", 0), ("model", 1), ("pruning", 1), ("prunning", 1), ("reconstuction", 2),
     ("gpt4o", 0), ("2021", 0)],
)  # fmt: skip
def test_typos_tolerated_grow_with_the_word(word: str, edits: int) -> None:
    assert max_edits(word) == edits


def test_numbers_match_exactly() -> None:
    assert variants("2021", ["2020", "2022", "20210"]) == {"2021": EXACT}


# --- the in-memory index against a plain tokenizer ------------------------------------------


def naive_postings(papers: list[Paper], fld: Field) -> dict[str, Counter[int]]:
    out: dict[str, Counter[int]] = {}
    for doc, text in enumerate(field_texts(papers, fld)):
        for word in words(text):
            out.setdefault(word, Counter())[doc] += 1
    return out


def check_index(index: SearchIndex, papers: list[Paper], docs: list[int]) -> None:
    """``index`` (``docs[i]`` is the doc of ``papers[i]``) counts as ``text.words`` does."""
    position = {doc: i for i, doc in enumerate(docs)}
    assert index.size() == len(papers)
    for fld in Field:
        truth = naive_postings(papers, fld)
        lengths = [len(words(t)) for t in field_texts(papers, fld)]
        assert index.total_tokens(fld) == sum(lengths)
        assert index.doc_lengths(docs, fld) == dict(zip(docs, lengths, strict=True))
        for word, found in truth.items():
            if len(word) >= 3:
                prefix = word[:3]
                expected = {w for w in truth if w.startswith(prefix)}
                assert set(index.vocabulary(prefix, fld)) == expected
            postings = index.postings([word], fld, None)[word]
            assert {position[d]: c for d, c in postings.items()} == dict(found)
            assert index.doc_count({fld: [word]}) == len(found)
            some = set(docs[: len(docs) // 2])
            restricted = index.postings([word], fld, some).get(word, {})
            assert restricted == {d: c for d, c in postings.items() if d in some}
        pairs = Counter(
            pair
            for text in field_texts(papers, fld)
            for pair in zip(words(text), words(text)[1:], strict=False)
        )
        for pair in list(pairs)[:30]:
            counts = index.phrase_counts(pair, fld, None)
            expected_counts = {
                docs[i]: n
                for i, text in enumerate(field_texts(papers, fld))
                if (
                    n := sum(
                        1 for p in zip(words(text), words(text)[1:], strict=False) if p == pair
                    )
                )
            }
            assert counts == expected_counts
            assert index.phrase_doc_count(pair, [fld]) == len(expected_counts)


def test_index_counts_as_text_words_does_on_the_seed(seed_papers: list[Paper]) -> None:
    check_index(MemoryIndex(seed_papers), seed_papers, list(range(len(seed_papers))))


def test_index_counts_as_text_words_does_on_real_bibtex() -> None:
    path = shared_path(
        "realdata", "bibtex", "bibtex-tidy", "test", "bibliographies", "biblatex",
        "biblatex-examples.bib",
    )  # fmt: skip
    papers = read(path)
    assert len(papers) > 50
    assert any(not p.title.isascii() for p in papers)
    check_index(MemoryIndex(papers), papers, list(range(len(papers))))


texts = st.text(
    alphabet=st.sampled_from(list("abc xyzABÜüé-_.,\n\u0301ßΣæ1")), min_size=0, max_size=30
)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(texts, texts, st.one_of(st.none(), texts)), min_size=1, max_size=6))
def test_index_counts_as_text_words_does_on_any_text(
    fields: list[tuple[str, str, str | None]],
) -> None:
    papers = [
        Paper(key=f"k{i}", title=t, authors=tuple(a.split(",")), abstract=ab)
        for i, (t, a, ab) in enumerate(fields)
    ]
    check_index(MemoryIndex(papers), papers, list(range(len(papers))))


TRICKY = "aeAE æǽ\u0301\u0308ßẞΣςİ\u1100\u1161\u11a8가ꭰ_-½ﬁ’“ø"


@settings(max_examples=500)
@given(st.one_of(st.text(), st.text(alphabet=st.sampled_from(list(TRICKY)))))
def test_fold_words_tokenizes_as_text_words(text: str) -> None:
    assert _WORDS_OF.findall(fold_words(text)) == words(text)


@settings(max_examples=500)
@given(
    st.one_of(st.text(), st.text(alphabet=st.sampled_from(list(TRICKY + "ab a")))),
    st.lists(st.sampled_from(["a", "ab", "b", "ae", "ss", "strasse", "1"]), max_size=4),
)
def test_count_words_counts_as_tokens_do(text: str, wanted: list[str]) -> None:
    expected = Counter(w for w in tokens(text) if w in wanted)
    assert count_words(text, set(wanted)) == dict(expected)


def _count_in_long_words() -> dict[str, int]:
    # 10 MB of one word, and a word inside it at every letter: one step, not 10 million.
    return count_words("a" * 10_000_000 + " aaa", ["aaa"])


def test_count_words_skips_whole_words_it_is_inside() -> None:
    assert call_within(5.0, _count_in_long_words).value == {"aaa": 1}


def test_phrase_counts_need_the_words_in_a_row(seed_papers: list[Paper]) -> None:
    index = MemoryIndex(seed_papers)
    found = index.phrase_counts(("self", "supervised"), Field.TITLE, None)
    assert sorted(seed_papers[d].title for d in found) == [
        "Efficient Medical Image Assessment via Self-supervised Learning",
        "Predicting What You Already Know Helps: Provable Self-Supervised Learning",
    ]
    assert index.phrase_counts(("supervised", "self"), Field.TITLE, None) == {}


# --- ranking on the seed listing ------------------------------------------------------------


PRUNING_TITLES = {
    "Towards Robust Pruning: An Adaptive Knowledge-Retention Pruning Strategy for Language Models",
    "Greedy Output Approximation: Towards Efficient Structured Pruning for LLMs Without Retraining",
    "Breaking through Deterministic Barriers: Randomized Pruning Mask Generation and Selection",
}
GRADIENT_DEFENSES = "Optimal Defenses Against Gradient Reconstruction Attacks"


@pytest.mark.parametrize("text", ["pruning", "prunning", "pruned", "prune", "PRUNING"])
def test_pruning_titles_first_then_the_abstract_mention(
    seed_papers: list[Paper], text: str
) -> None:
    found = search_papers(seed_papers, parse_query(text))
    assert set(titles(found.papers[:3])) == PRUNING_TITLES
    assert found.papers[3].title == GRADIENT_DEFENSES
    assert found.total == 4


def test_scores_fall_from_best_to_worst(seed_papers: list[Paper]) -> None:
    found = search_papers(seed_papers, parse_query("learning"), limit=None)
    scores = [found.scores[p.key] for p in found.papers]
    assert scores == sorted(scores, reverse=True)
    assert all(s > 0 for s in scores)
    assert found.total == len(found.papers) > 20


def test_a_title_match_beats_an_abstract_match(seed_papers: list[Paper]) -> None:
    found = search_papers(seed_papers, parse_query("reconstruction"))
    in_title = [i for i, p in enumerate(found.papers) if "reconstruction" in p.title.lower()]
    assert in_title == [0, 1, 2]


def test_an_exact_match_beats_a_typo(seed_papers: list[Paper]) -> None:
    # "bandit" is a word of its own; "bandits" (inflected) and typos like "bandti" rank lower.
    exact = search_papers(seed_papers, parse_query('"bandits"'), limit=None)
    fuzzy = search_papers(seed_papers, parse_query("bandts"), limit=None)
    assert set(titles(exact.papers)) <= set(titles(fuzzy.papers))
    best = max(exact.scores.values())
    assert max(fuzzy.scores.values()) < best


def test_gursoy_finds_gamze_gursoy_first(seed_papers: list[Paper]) -> None:
    for text in ("gursoy", "Gürsoy", "GURSOY", "gamze gürsoy"):
        found = search_papers(seed_papers, parse_query(text))
        assert found.papers[0].title == GRADIENT_DEFENSES
        assert "Gamze Gürsoy" in found.papers[0].authors


def test_author_and_year(seed_papers: list[Paper]) -> None:
    found = search_papers(seed_papers, parse_query('author:"Jason D. Lee" year:2021'))
    assert found.total == 5
    assert all(p.year == 2021 and "Jason D. Lee" in p.authors for p in found.papers)
    expected = [p for p in seed_papers if p.year == 2021 and "Jason D. Lee" in p.authors]
    assert len(expected) == 5


def test_filters_alone_give_newest_first(seed_papers: list[Paper]) -> None:
    found = search_papers(seed_papers, parse_query("cat:CV"))
    assert [p.category for p in found.papers] == ["CV"] * 4
    dates = [p.sort_date for p in found.papers]
    assert dates == sorted(dates, reverse=True)
    assert set(found.scores.values()) == {0.0}


def test_self_supervised_finds_the_hyphenated_word(seed_papers: list[Paper]) -> None:
    found = search_papers(seed_papers, parse_query("self supervised"))
    assert {
        "Efficient Medical Image Assessment via Self-supervised Learning",
        "Predicting What You Already Know Helps: Provable Self-Supervised Learning",
    } == set(titles(found.papers[:2]))


def test_every_seed_title_finds_its_paper_first(seed_papers: list[Paper]) -> None:
    for paper in seed_papers:
        found = search_papers(seed_papers, parse_query(paper.title.replace('"', " ")), limit=3)
        assert found.papers[0].key == paper.key, paper.title


def test_exclusions_or_and_field_qualifiers(seed_papers: list[Paper]) -> None:
    no_attacks = search_papers(seed_papers, parse_query("reconstruction -attacks"), limit=None)
    assert no_attacks.total > 0
    assert not any("attack" in (p.title + (p.abstract or "")).lower() for p in no_attacks.papers)
    either = search_papers(seed_papers, parse_query("pruning OR bandits"), limit=None)
    pruning = search_papers(seed_papers, parse_query("pruning"), limit=None)
    bandits = search_papers(seed_papers, parse_query("bandits"), limit=None)
    assert {p.key for p in either.papers} == {p.key for p in pruning.papers + bandits.papers}
    in_titles = search_papers(seed_papers, parse_query("title:pruning"), limit=None)
    assert set(titles(in_titles.papers)) == PRUNING_TITLES
    in_abstracts = search_papers(seed_papers, parse_query("abstract:pruning"), limit=None)
    assert GRADIENT_DEFENSES in titles(in_abstracts.papers)


def test_limit_and_total(seed_papers: list[Paper]) -> None:
    found = search_papers(seed_papers, parse_query("learning"), limit=3)
    assert len(found.papers) == 3
    assert found.total > 3


def test_no_match(seed_papers: list[Paper]) -> None:
    found = search_papers(seed_papers, parse_query("zyxwvut"))
    assert (found.papers, found.total) == ([], 0)


def test_highlight_lists_title_words_that_matched(seed_papers: list[Paper]) -> None:
    found = search_papers(seed_papers, parse_query("prunning -attacks"))
    assert found.highlight == {"pruning"}


def test_equal_scores_go_newest_first_then_input_order() -> None:
    papers = [
        Paper(key="old", title="Sparse Pruning", year=2020, month=1, day=1),
        Paper(key="new", title="Sparse Pruning", year=2024, month=5, day=1),
        Paper(key="undated", title="Sparse Pruning"),
        Paper(key="new2", title="Sparse Pruning", year=2024, month=5, day=1),
    ]
    found = search_papers(papers, parse_query("pruning"))
    assert [p.key for p in found.papers] == ["new", "new2", "old", "undated"]


def test_no_papers() -> None:
    assert search_papers([], parse_query("pruning")).total == 0
