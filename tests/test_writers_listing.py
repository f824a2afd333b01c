"""writers/markdown.py and writers/html.py: publication lists by year, data never markup."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from scholarcli.model import Paper
from scholarcli.writers import WriteOptions, to_string
from scholarcli.writers.listing import by_year, owner_matcher, safe_url

HOSTILE = Paper(
    key='x"><script>',
    title="<script>alert(1)</script> *bold* [link](javascript:x) @cite $x$ &amp; \x1b[31m",
    authors=("Ann <b>Bold</b>", "Qi Lei"),
    authors_truncated=True,
    year=2024,
    venue="<i>Venue</i>",
    code_url="javascript:alert(1)",
    has_code=True,
    url='https://example.org/a b"onmouseover=x',
)


def test_years_newest_first_undated_last() -> None:
    papers = [
        Paper(key="a", title="A", year=2020, month=1),
        Paper(key="b", title="B"),
        Paper(key="c", title="C", year=2024),
        Paper(key="d", title="D", year=2020, month=5),
    ]
    groups = by_year(papers)
    assert [(y, [p.key for p in ps]) for y, ps in groups] == [
        ("2024", ["c"]),
        ("2020", ["d", "a"]),
        ("Undated", ["b"]),
    ]


def test_owner_matcher() -> None:
    is_owner = owner_matcher("Qi Lei")
    assert is_owner("Qi Lei") and is_owner("Q. Lei") and is_owner("QI LEI")
    assert not is_owner("Qian Lei") and not is_owner("Qi Li")
    by_initial = owner_matcher("J. D. Lee")
    assert by_initial("Jason D. Lee") and not by_initial("Jiaqi Yang")
    assert owner_matcher("Gursoy, Gamze")("Gamze Gürsoy") is False  # "Last, First" is not taken
    assert owner_matcher("gamze gursoy")("Gamze Gürsoy")
    assert not owner_matcher(None)("Qi Lei")


def test_safe_url_only_http() -> None:
    assert safe_url("javascript:alert(1)") is None
    assert safe_url("data:text/html,x") is None
    assert safe_url("https://a.org/x y") == "https://a.org/x%20y"


def test_markdown_escapes_everything() -> None:
    md = to_string("markdown", [HOSTILE], WriteOptions(highlight="Qi Lei"))
    assert md == (
        "## 2024\n\n"
        "- Ann \\<b\\>Bold\\</b\\>, **Qi Lei** et al. "
        "*\\<script\\>alert(1)\\</script\\> \\*bold\\* \\[link\\](javascript:x) \\@cite "
        "\\$x\\$ \\&amp; \\[31m*. \\<i\\>Venue\\</i\\>. code available · "
        "[link](<https://example.org/a%20b%22onmouseover=x>)\n"
    )


def test_html_escapes_everything() -> None:
    html = to_string("html", [HOSTILE], WriteOptions(highlight="Qi Lei"))
    assert "<script>" not in html and "<b>" not in html and "<i>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "&amp;amp;" in html
    assert 'id="x&quot;&gt;&lt;script&gt;"' in html
    assert 'href="javascript' not in html
    assert 'href="https://example.org/a%20b%22onmouseover=x"' in html
    assert '<strong class="owner">Qi Lei</strong>' in html
    assert "\x1b" not in html


def test_empty_lists() -> None:
    assert to_string("markdown", []) == ""
    assert to_string("html", []) == '<section class="publications">\n</section>\n'


_ANY = st.text(max_size=40)
_OUR_TAGS = re.compile(r'</?(?:section|h2|ul|li|span|strong|em|a)(?: [a-z]+="[^"<>]*")*>')


@settings(max_examples=200, deadline=None)
@given(title=_ANY, author=_ANY, venue=_ANY, key=_ANY, url=_ANY)
def test_no_data_becomes_html(title: str, author: str, venue: str, key: str, url: str) -> None:
    paper = Paper(
        key=key,
        title=title,
        authors=(author, "Qi Lei"),
        venue=venue or None,
        year=2020,
        url=url or None,
        code_url=url or None,
    )
    html = to_string("html", [paper], WriteOptions(highlight=author or None))
    assert not re.search(r"[<>]", _OUR_TAGS.sub("", html))
    assert not re.search(r"[\x00-\x08\x0b-\x1f\x7f]", html)
    md = to_string("markdown", [paper], WriteOptions(highlight=author or None))
    assert md.count("\n") == 3  # heading, blank line, one item: data cannot add lines
    assert not re.search(r"[\x00-\x08\x0b-\x1f\x7f]", md)
    for fmt in ("ris", "csl-json"):
        assert not re.search("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e]", to_string(fmt, [paper]))
