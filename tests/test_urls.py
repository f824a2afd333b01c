"""Finding URLs in abstracts and telling code repositories."""

from __future__ import annotations

import pytest

from scholarcli.urls import find_code_url, find_urls, is_code_url


@pytest.mark.parametrize(
    ("text", "urls"),
    [
        (
            "at \\url{https://github.com/PKU-ML/Beyond_Interpretability}.",
            ["https://github.com/PKU-ML/Beyond_Interpretability"],
        ),
        (
            "at { \\url{https://github.com/IBM/RandomWarpingSeries}}.",
            ["https://github.com/IBM/RandomWarpingSeries"],
        ),
        (
            "see https://x.org/a_(b) and (https://y.org/c).",
            ["https://x.org/a_(b)", "https://y.org/c"],
        ),
        ("code: github.com/a/b, thanks", ["https://github.com/a/b"]),
        ("no links here", []),
    ],
)
def test_find_urls(text: str, urls: list[str]) -> None:
    assert find_urls(text) == urls


def test_code_hosts() -> None:
    assert is_code_url("https://github.com/a/b")
    assert is_code_url("https://anonymous.4open.science/r/x")
    assert not is_code_url("https://a.github.io/project")
    assert not is_code_url("https://arxiv.org/abs/1234")
    assert (
        find_code_url("paper https://arxiv.org/abs/1 code https://gitlab.com/a/b.")
        == "https://gitlab.com/a/b"
    )
