"""Citation keys: the pattern, ASCII folding, collisions resolved the same whatever the order."""

from __future__ import annotations

from scholarcli.keys import assign_keys, base_key, suffix
from scholarcli.model import Paper


def paper(
    title: str, authors: tuple[str, ...] = ("Gamze Gürsoy",), year: int | None = 2024, key: str = ""
) -> Paper:
    return Paper(key=key, title=title, authors=authors, year=year)


def test_base_key_pattern() -> None:
    assert base_key(paper("Nearly Minimax Algorithms", ("Jiaqi Yang",), 2022)) == "yang2022nearly"
    assert base_key(paper("On the Theory of $\\ell_1$ Things")) == "gursoy2024theory"
    assert base_key(paper("A Study", (), None)) == "anonstudy"
    assert base_key(paper("量子", ("王 伟",), 2020)) == "anon2020"


def test_suffixes() -> None:
    assert [suffix(i) for i in (0, 1, 2, 26, 27)] == ["", "a", "b", "z", "aa"]


def test_collisions_get_suffixes_independent_of_order() -> None:
    a = paper("Pruning Networks Fast")
    b = paper("Pruning Networks Slowly")
    forward = {p.title: p.key for p in assign_keys([a, b])}
    backward = {p.title: p.key for p in assign_keys([b, a])}
    assert (
        forward
        == backward
        == {
            "Pruning Networks Fast": "gursoy2024pruning",
            "Pruning Networks Slowly": "gursoy2024pruninga",
        }
    )


def test_given_keys_are_kept_and_repeats_suffixed_case_insensitively() -> None:
    papers = [paper("X", key="Smith2020"), paper("Y", key="smith2020"), paper("Z", key="other")]
    assert [p.key for p in assign_keys(papers)] == ["Smith2020", "smith2020a", "other"]


def test_taken_keys_are_avoided() -> None:
    assert (
        assign_keys([paper("Pruning")], taken={"gursoy2024pruning"})[0].key == "gursoy2024pruninga"
    )
