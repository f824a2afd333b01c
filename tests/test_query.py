"""The search query language: what a query means, and what is wrong with a malformed one."""

from __future__ import annotations

import contextlib

import pytest
from hypothesis import given
from hypothesis import strategies as st

from scholarcli.errors import ExitCode, UsageError
from scholarcli.model import Paper
from scholarcli.query import (
    TEXT_FIELDS,
    All,
    AnyOf,
    AuthorIs,
    CategoryIs,
    CodeIs,
    Field,
    KeyIs,
    Not,
    Phrase,
    Term,
    VenueHas,
    YearIs,
    parse_query,
)


def root(text: str) -> object:
    return parse_query(text).root


def test_free_words_must_all_match_folded() -> None:
    assert root("Pruning GÜRSOY") == All((Term("pruning"), Term("gursoy")))


def test_one_word_is_a_term_in_every_text_field() -> None:
    assert root("pruning") == Term("pruning", TEXT_FIELDS)


def test_quotes_make_an_exact_phrase_even_of_one_word() -> None:
    assert root('"Self-Supervised Learning"') == Phrase(("self", "supervised", "learning"))
    assert root('"pruning"') == Phrase(("pruning",))


def test_a_hyphenated_word_is_a_phrase_of_its_parts() -> None:
    assert root("self-supervised") == Phrase(("self", "supervised"))


def test_or_binds_tighter_than_the_implicit_and() -> None:
    assert root("llm pruning OR quantization") == All(
        (Term("llm"), AnyOf((Term("pruning"), Term("quantization"))))
    )


def test_explicit_and_and_parentheses() -> None:
    assert root("(a1 AND b1) OR c1") == AnyOf((All((Term("a1"), Term("b1"))), Term("c1")))


def test_minus_excludes_words_phrases_qualifiers_and_groups() -> None:
    assert root('pruning -survey -"large language" -cat:CV -(x1 OR y1)') == All(
        (
            Term("pruning"),
            Not(Term("survey")),
            Not(Phrase(("large", "language"))),
            Not(CategoryIs(frozenset({"CV"}))),
            Not(AnyOf((Term("x1"), Term("y1")))),
        )
    )


def test_lower_case_or_is_a_word() -> None:
    assert root("this or that") == All((Term("this"), Term("or"), Term("that")))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("title:pruning", Term("pruning", (Field.TITLE,))),
        ('title:"robust pruning"', Phrase(("robust", "pruning"), (Field.TITLE,))),
        ("abstract:gradient", Term("gradient", (Field.ABSTRACT,))),
        ('author:"Jason D. Lee"', AuthorIs("Jason D. Lee")),
        ("authors:gursoy", AuthorIs("gursoy")),
        ("venue:NeurIPS", VenueHas(("neurips",))),
        ('venue:"Neural Information"', VenueHas(("neural", "information"))),
        ("key:Yang2022Nearly", KeyIs("yang2022nearly")),
        ("key:yang*", KeyIs("yang", prefix=True)),
        ("category:lg", CategoryIs(frozenset({"LG"}))),
        ("cat:LG,CV", CategoryIs(frozenset({"LG", "CV"}))),
        ("Cat:CV", CategoryIs(frozenset({"CV"}))),
        ("code:yes", CodeIs(True)),
        ("code:no", CodeIs(False)),
        ("year:2023", YearIs(2023, 2023)),
        ("year:2021..2023", YearIs(2021, 2023)),
        ("year:>=2024", YearIs(2024, None)),
        ("year:>2023", YearIs(2024, None)),
        ("year:<2020", YearIs(None, 2019)),
        ("year:<=2020", YearIs(None, 2020)),
        ("year:2021..", YearIs(2021, None)),
        ("year:..2019", YearIs(None, 2019)),
    ],
)
def test_qualifiers(text: str, expected: object) -> None:
    assert root(text) == expected


def test_a_colon_in_pasted_title_words_is_not_a_qualifier() -> None:
    query = parse_query("Towards Robust Pruning: An Adaptive Strategy")
    assert query.title_words() == ("towards", "robust", "pruning", "an", "adaptive", "strategy")
    # A qualifier's name with nothing after the colon is a word too.
    assert parse_query("CAT: Customized Training").title_words() == (
        "cat",
        "customized",
        "training",
    )
    assert root("arXiv:2101.00001") == Phrase(("arxiv", "2101", "00001"))


def test_punctuation_alone_is_dropped() -> None:
    assert root("pruning & ;") == Term("pruning")


@pytest.mark.parametrize(
    ("text", "says"),
    [
        ("year:abc", "year:abc: expected a year"),
        ("year:2023..2021", "the range is empty"),
        ("code:maybe", "expected code:yes or code:no"),
        ('"pruning', "quote"),
        ("(pruning", "'(' is not closed"),
        ("pruning)", "')' has no '('"),
        ("OR pruning", "OR needs something to match on each side"),
        ("pruning OR", "OR needs something to match on each side"),
        ("a1 OR OR b1", "OR needs something to match on each side"),
        ("AND pruning", "AND needs"),
        ("- pruning", "'-' must stand right before"),
        ("pruning -", "'-' must stand right before"),
        ("cat:,", "needs a subject code"),
        ("key:*", "needs a citation key"),
        ("author:...", "no name"),
        ("auther:lee", "unknown qualifier auther: (did you mean author:?)"),
        ("()", "'()' holds nothing"),
        ("&& ;;", "no word, phrase or qualifier to search for"),
        ("pruning OR ;", "OR needs a word on each side"),
    ],
)
def test_malformed_queries_say_what_is_wrong(text: str, says: str) -> None:
    with pytest.raises(UsageError) as caught:
        parse_query(text)
    assert says in caught.value.message
    assert caught.value.exit_code is ExitCode.USAGE
    assert caught.value.hint and "title:" in caught.value.hint


def test_empty_query() -> None:
    with pytest.raises(UsageError, match="the query is empty"):
        parse_query("   ")


@given(st.text(max_size=40))
def test_any_text_parses_or_is_a_usage_error(text: str) -> None:
    with contextlib.suppress(UsageError):
        parse_query(text)


def test_title_words_only_for_a_plain_query() -> None:
    assert parse_query('nearly "minimax algorithms"').title_words() == (
        "nearly",
        "minimax",
        "algorithms",
    )
    assert parse_query("a1 OR b1").title_words() == ()
    assert parse_query("pruning year:2023").title_words() == ()
    assert parse_query("pruning -survey").title_words() == ()
    assert parse_query("abstract:pruning").title_words() == ()


def test_scored_leaves_leave_out_exclusions() -> None:
    query = parse_query("pruning -survey (x1 OR -y1) cat:LG")
    assert query.scored_leaves() == [Term("pruning"), Term("x1")]


PAPER = Paper(
    key="Lee2021Near",
    title="Near-Optimal Linear Regression",
    authors=("Qi Lei", "Jason D. Lee", "Gamze Gürsoy"),
    category="LG",
    year=2021,
    has_code=True,
    venue="Advances in Neural Information Processing Systems",
)


@pytest.mark.parametrize(
    ("text", "matches"),
    [
        ("year:2021", True),
        ("year:2022..2024", False),
        ("year:<2022", True),
        ("cat:lg", True),
        ("cat:CV,ML", False),
        ("code:yes", True),
        ("code:no", False),
        ("key:lee2021near", True),
        ("key:lee2021", False),
        ("key:lee2021*", True),
        ('author:"J. D. Lee"', True),
        ("author:gursoy", True),
        ('author:"lee jason"', False),
        ('venue:"neural information"', True),
        ('venue:"information neural"', False),
        ("venue:neur", False),
    ],
)
def test_filters_on_a_paper(text: str, matches: bool) -> None:
    condition = root(text)
    assert condition.matches(PAPER) is matches  # type: ignore[attr-defined]


def test_a_paper_without_year_matches_no_year_filter() -> None:
    undated = Paper(key="x", title="x")
    assert not YearIs(None, 2020).matches(undated)
    assert not YearIs(2020, None).matches(undated)
