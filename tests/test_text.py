"""Folding text for matching: case, accents and punctuation go, scripts keep their letters."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from scholarcli.text import ascii_slug, fold, squash, words


@pytest.mark.parametrize(
    ("text", "folded"),
    [
        ("Gürsoy", "gursoy"),
        ("Łódź Ærø Straße", "lodz aero strasse"),
        ("ÉCOLE", "ecole"),
        ("Йошкар-Ола", "иошкар-ола"),  # Cyrillic stays Cyrillic (й loses its breve)
        ("한국어 제목", "한국어 제목"),  # Hangul is recomposed after the accents go
        ("深度学习", "深度学习"),
    ],
)
def test_fold(text: str, folded: str) -> None:
    assert fold(text) == folded


def test_words_and_squash_unify_punctuation() -> None:
    assert words("Self-supervised   Learning: a_b") == ["self", "supervised", "learning", "a", "b"]
    assert squash("Self–Supervised—Learning!") == "self supervised learning"
    assert squash("한국어: 제목") == "한국어 제목"


def test_ascii_slug_keeps_ascii_letters_and_digits_only() -> None:
    assert ascii_slug("Gürsoy-2") == "gursoy2"
    assert ascii_slug("王伟") == ""


@settings(max_examples=500)
@given(st.text(alphabet=st.characters(max_codepoint=127)))
def test_squash_of_ascii_is_the_regular_expression_one(text: str) -> None:
    # The ASCII fast path gives what folding and the [\W_]+ pattern give.
    assert squash(text) == re.sub(r"[\W_]+", " ", fold(text)).strip()
