"""writers/bibtex.py: entries, names, types, and the round trip through readers/bibtex.py."""

from __future__ import annotations

import datetime as dt
import unicodedata
from dataclasses import replace
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from tests.conftest import DATA, shared_path

from scholarcli.errors import ScholarError
from scholarcli.keys import assign_keys
from scholarcli.latex import TexCharset
from scholarcli.model import Level, Paper
from scholarcli.readers import read_input
from scholarcli.readers.bibtex import read_bibtex
from scholarcli.writers import TexEncoding, WriteOptions, format_for_path, to_string
from scholarcli.writers.bibtex import bibtex_name, entry_type

AS_OF = dt.date(2026, 11, 28)
# Fields a BibTeX round trip cannot keep: where the record was, and "no type" (-> misc).
_NOT_KEPT = ("source_line", "entry_type")


def _papers(path: Path) -> list[Paper]:
    return assign_keys(read_input(str(path), as_of=AS_OF).papers)


def _same(a: Paper, b: Paper) -> bool:
    return replace(a, source_line=None, entry_type=None) == replace(
        b, source_line=None, entry_type=None
    )


@pytest.mark.parametrize("fmt", ["bibtex", "biblatex"])
@pytest.mark.parametrize("encoding", list(TexEncoding))
def test_seed_round_trip_keeps_every_field(seed: Path, fmt: str, encoding: TexEncoding) -> None:
    papers = _papers(seed)
    text = to_string(fmt, papers, WriteOptions(tex_encoding=encoding))
    back = read_bibtex(text)
    assert back.problems == []
    assert len(back.papers) == 50
    for a, b in zip(papers, back.papers, strict=True):
        assert (a.key, a.title, a.authors, a.authors_truncated, a.year) == (
            b.key,
            b.title,
            b.authors,
            b.authors_truncated,
            b.year,
        )
        if a.abstract and "$" in a.abstract and not a.abstract.isascii():
            # Unicode letters in math become commands ($μ$ -> $\mu$): the one change.
            b = replace(b, abstract=a.abstract)
        assert _same(a, b), a.key


def tex_carried(text: str) -> str:
    """What BibTeX can carry of ``text``: control characters print as spaces, invisible
    formatting (bidi, zero width) is dropped, and a run of spaces is one space."""
    kept = "".join(
        " " if unicodedata.category(c) in ("Cc", "Zl", "Zp") else c
        for c in text
        if unicodedata.category(c) != "Cf" or c in "\u00ad\u200c\ufeff"
    )
    return " ".join(kept.split()) if kept != text else text


def _carried(paper: Paper) -> Paper:
    def one(value: str | None) -> str | None:
        return None if value is None else tex_carried(value)

    return replace(
        paper,
        title=tex_carried(paper.title),
        authors=tuple(tex_carried(a) for a in paper.authors),
        abstract=one(paper.abstract),
        affiliation=one(paper.affiliation),
    )


def test_hostile_round_trip_keeps_every_field() -> None:
    papers = _papers(DATA / "hostile.txt")
    for encoding in (TexEncoding.AUTO, TexEncoding.UNICODE):
        back = read_bibtex(to_string("bibtex", papers, WriteOptions(tex_encoding=encoding)))
        assert back.problems == []
        expected = [_carried(p) for p in papers]
        assert [p.title for p in back.papers] == [p.title for p in expected]
        for a, b in zip(expected, back.papers, strict=True):
            assert _same(a, b), a.key


def test_entry_layout() -> None:
    paper = Paper(
        key="lee2024bert",
        title="BERT for 5% of GPT-4V",
        authors=("Jason D. Lee", "Ludwig van Beethoven", "Martin Luther King Jr."),
        authors_truncated=True,
        year=2024,
        month=3,
        day=9,
        venue="Proceedings of ICML",
        doi="10.1000/x_y",
        url="https://example.org/paper",
        code_url="https://github.com/lee/bert",
        has_code=True,
        category="LG",
        citations=12,
        extra={"note": "Oral & spotlight", "crossref": "icml2024", "pages": "1--10"},
    )
    assert to_string("bibtex", [paper]) == (
        "@inproceedings{lee2024bert,\n"
        "  author = {Lee, Jason D. and van Beethoven, Ludwig and King, Jr., Martin Luther"
        " and others},\n"
        "  title = {{BERT} for 5\\% of {GPT-4V}},\n"
        "  booktitle = {Proceedings of ICML},\n"
        "  year = {2024},\n"
        "  month = mar,\n"
        "  day = {9},\n"
        "  doi = {10.1000/x_y},\n"
        "  url = {https://example.org/paper},\n"
        "  keywords = {LG},\n"
        "  code = {https://github.com/lee/bert},\n"
        "  citations = {12},\n"
        "  note = {Oral \\& spotlight},\n"
        "  pages = {1--10},\n"
        "}\n"
    )
    biblatex = to_string("biblatex", [paper])
    assert "  date = {2024-03-09},\n" in biblatex
    assert "year =" not in biblatex and "month =" not in biblatex
    back = read_bibtex(to_string("bibtex", [paper])).papers[0]
    assert back.code_url == "https://github.com/lee/bert"
    assert back.url == "https://example.org/paper"
    assert back.authors == paper.authors
    assert back.extra == {"note": "Oral & spotlight", "pages": "1--10"}


@pytest.mark.parametrize(
    ("paper", "bibtex", "biblatex"),
    [
        (Paper(key="a", title="T"), "misc", "online"),
        (Paper(key="a", title="T", venue="Journal of ML"), "article", "article"),
        (
            Paper(key="a", title="T", venue="Proc. of the Workshop on X"),
            "inproceedings",
            "inproceedings",
        ),
        (Paper(key="a", title="T", entry_type="online"), "misc", "online"),
        (Paper(key="a", title="T", entry_type="report"), "techreport", "report"),
        (Paper(key="a", title="T", entry_type="misc"), "misc", "online"),
        (Paper(key="a", title="T", entry_type="weird"), "misc", "misc"),
    ],
)
def test_entry_types(paper: Paper, bibtex: str, biblatex: str) -> None:
    assert entry_type(paper, biblatex=False) == bibtex
    assert entry_type(paper, biblatex=True) == biblatex


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Jason D. Lee", "Lee, Jason D."),
        ("Plato", "Plato"),
        ("danah boyd", "danah boyd"),
        ("Barnes and Noble", "{Barnes and Noble}"),
        ("others", "{others}"),
        ("Gamze Gürsoy", 'G{\\"u}rsoy, Gamze'),
        ("Lee, Jason", "{Lee, Jason}"),
    ],
)
def test_bibtex_name(name: str, expected: str) -> None:
    assert bibtex_name(name, TexCharset.ESCAPE) == expected
    back = read_bibtex(f"@misc{{k, author = {{{expected} and X Y}}}}").papers[0]
    assert back.authors == (name, "X Y")
    assert back.authors_truncated is False


def test_keys_are_made_safe_and_unique() -> None:
    papers = [Paper(key="a b,{c}", title="T"), Paper(key="a-b--c-", title="U")]
    text = to_string("bibtex", papers)
    assert "@misc{a-b--c-,\n" in text and "@misc{a-b--c--2,\n" in text


def test_key_map_renames() -> None:
    text = to_string("bibtex", [Paper(key="a", title="T")], WriteOptions(key_map={"a": "old"}))
    assert text.startswith("@misc{old,\n")


def test_unsafe_urls_cannot_break_the_entry() -> None:
    paper = Paper(key="a", title="T", url="https://x.org/a}b{c\\d e")
    text = to_string("bibtex", [paper])
    assert "  url = {https://x.org/a%7Db%7Bc%5Cd%20e},\n" in text


def test_empty_input_writes_nothing() -> None:
    assert to_string("bibtex", []) == ""


def test_suffixes_name_the_formats() -> None:
    assert format_for_path("refs.bib") == "bibtex"
    assert format_for_path("refs.csl.json") == "csl-json"
    assert format_for_path("papers.MD") == "markdown"
    assert format_for_path("refs.json") == "json"
    assert format_for_path("refs.ris") == "ris"
    assert format_for_path("index.html") == "html"


@pytest.mark.slow
def test_real_bibliographies_round_trip() -> None:
    """Every entry of the real BibTeX test files (bibtex-tidy, biber, pybtex, bibtexparser)
    comes back with its key, title, authors, "et al." and year."""
    root = shared_path("realdata", "bibtex")
    checked = 0
    for path in sorted(root.rglob("*.bib")):
        try:
            papers = _papers(path)
        except ScholarError:
            continue  # not decodable at all: the reader's business, not the writer's
        back = read_bibtex(to_string("bibtex", papers), source=str(path))
        assert len(back.papers) == len(papers), path
        for a, b in zip(papers, back.papers, strict=True):
            assert (a.key, a.title, a.authors, a.authors_truncated) == (
                b.key,
                b.title,
                b.authors,
                b.authors_truncated,
            ), (path, a.key)
            # A year the reader kept as text ("{2018}" in braces) is written as the year
            # field, which reads back as the year: more, not less.
            assert a.year == b.year or str(b.year) == a.extra.get("year"), (path, a.key)
            checked += 1
    assert checked > 10_000


_TEXT = st.text(st.characters(blacklist_categories=("Cs",)), max_size=40)
_NAME = st.text(
    st.characters(blacklist_categories=("Cs", "Cc", "Zl", "Zp")), min_size=1, max_size=20
)


@settings(max_examples=200, deadline=None)
@given(
    title=_TEXT,
    authors=st.lists(_NAME, max_size=4),
    truncated=st.booleans(),
    abstract=_TEXT,
    venue=_TEXT,
    note=_TEXT,
    url=_TEXT,
    fmt=st.sampled_from(["bibtex", "biblatex"]),
    encoding=st.sampled_from(list(TexEncoding)),
)
def test_any_paper_gives_entries_that_read_back(
    title: str,
    authors: list[str],
    truncated: bool,
    abstract: str,
    venue: str,
    note: str,
    url: str,
    fmt: str,
    encoding: TexEncoding,
) -> None:
    papers = [
        Paper(
            key="k1",
            title=title,
            authors=tuple(authors),
            authors_truncated=truncated,
            abstract=abstract or None,
            venue=venue or None,
            url=url or None,
            year=2020,
            extra={"note": note},
        ),
        Paper(key="k2", title="After", year=2021),
    ]
    text = to_string(fmt, papers, WriteOptions(tex_encoding=encoding))
    back = read_bibtex(text)
    assert [p.key for p in back.papers] == ["k1", "k2"]  # nothing leaked into the next entry
    assert back.papers[1].title == "After"
    assert [p for p in back.problems if p.level is Level.ERROR] == []
    assert back.papers[0].authors_truncated is (truncated or False)
    assert len(back.papers[0].authors) <= len(authors)
