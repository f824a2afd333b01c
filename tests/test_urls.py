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


@pytest.mark.parametrize(
    ("url", "code"),
    [
        ("HTTPS://GitHub.COM/a/b", True),  # a host in capitals is still that host
        ("https://www.github.com/a", True),
        ("https://example.org/mirror/github.com/a", False),  # the name, but not the host
        ("https://github.com.example.org/a", False),
        ("https://notgithub.com/a", False),
        ("https://aclanthology.org/2021.woah-1.1", False),
        ("not a url [", False),
    ],
)
def test_code_hosts_by_host_only(url: str, code: bool) -> None:
    assert is_code_url(url) is code
