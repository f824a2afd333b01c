"""read(write(papers)) == papers for every format scholar reads back (issue 9).

JSON and JSONL keep any data exactly. BibTeX, BibLaTeX and CSL-JSON keep every field of a
paper whose text is printable (names of any script, TeX specials, braces, math, "et al.");
what they cannot carry is listed in ``_NOT_CARRIED`` and checked separately.
"""

from __future__ import annotations

from dataclasses import replace

import pytest
from hypothesis import given
from hypothesis import strategies as st
from tests.strategies import any_paper, typeset_papers
from tests.test_writers_bibtex import tex_carried

from scholarcli.model import Paper
from scholarcli.readers.bibtex import read_bibtex
from scholarcli.readers.csljson import read_csljson
from scholarcli.readers.jsonio import read_json, read_jsonl
from scholarcli.writers import TexEncoding, WriteOptions, to_string
from scholarcli.writers.bibtex import entry_type

# What each format cannot carry, and why:
# - source_line: where the record was in the *original* input; the reader of the export
#   records where it is in the export instead.
# - entry_type when there is none: BibTeX writes @misc and CSL-JSON a type, which read back
#   as "misc" or the type's BibTeX name.
# - an empty abstract, venue... in CSL-JSON: "" and a missing field are one there.
_NOT_CARRIED = ("source_line",)
# --ascii is lossy by design: a letter with no LaTeX escape becomes "?" (tested below).
_LOSSLESS_TEX = [e for e in TexEncoding if e is not TexEncoding.ASCII]


@given(papers=st.lists(any_paper(), max_size=3))
def test_json_keeps_any_data_exactly(papers: list[Paper]) -> None:
    text = to_string("json", papers)
    back = read_json(text)
    assert back.problems == []
    assert back.papers == papers


@given(papers=st.lists(any_paper(), max_size=3))
def test_jsonl_keeps_any_data_exactly(papers: list[Paper]) -> None:
    text = to_string("jsonl", papers)
    assert text.count("\n") == len(papers)  # one line a paper, whatever the text holds
    back = read_jsonl(text)
    assert back.problems == []
    assert back.papers == papers


@given(papers=st.lists(any_paper(), max_size=3))
def test_json_output_holds_no_terminal_controls(papers: list[Paper]) -> None:
    for fmt in ("json", "jsonl", "csl-json"):
        text = to_string(fmt, papers)
        assert not any(0x7F <= ord(c) <= 0x9F or 0x202A <= ord(c) <= 0x202E for c in text)
        assert all(ord(c) >= 0x20 or c == "\n" for c in text)


def _comparable(paper: Paper, original: Paper) -> Paper:
    paper = replace(paper, **dict.fromkeys(_NOT_CARRIED))
    return paper if original.entry_type else replace(paper, entry_type=None)


@pytest.mark.parametrize("fmt", ["bibtex", "biblatex"])
@given(papers=typeset_papers(), encoding=st.sampled_from(_LOSSLESS_TEX))
def test_bibtex_round_trip_keeps_every_field(
    fmt: str, papers: list[Paper], encoding: TexEncoding
) -> None:
    text = to_string(fmt, papers, WriteOptions(tex_encoding=encoding))
    back = read_bibtex(text)
    assert back.problems == []
    assert len(back.papers) == len(papers)
    for a, b in zip(papers, back.papers, strict=True):
        # The type is the target's name for it (BibLaTeX: a misc with no venue is @online).
        a_typed = replace(a, entry_type=a.entry_type and entry_type(a, biblatex=fmt == "biblatex"))
        assert _comparable(b, a) == _comparable(a_typed, a)


@given(papers=typeset_papers())
def test_csljson_round_trip_keeps_every_field(papers: list[Paper]) -> None:
    back = read_csljson(to_string("csl-json", papers))
    assert back.problems == []
    assert len(back.papers) == len(papers)
    for a, b in zip(papers, back.papers, strict=True):
        assert _comparable(b, a) == _comparable(a, a)


@given(papers=st.lists(any_paper(), max_size=3))
def test_csljson_keeps_any_text(papers: list[Paper]) -> None:
    """CSL-JSON is JSON: any text survives, only what CSL models differently changes."""
    back = read_csljson(to_string("csl-json", papers))
    assert back.problems == []
    for a, b in zip(papers, back.papers, strict=True):
        # An empty name is no person: CSL-JSON has no item for it.
        authors = tuple(name for name in a.authors if name)
        assert (b.title, b.authors, b.abstract) == (a.title, authors, a.abstract or None)


@given(papers=st.lists(any_paper(), max_size=3))
def test_bibtex_carries_what_tex_can_print(papers: list[Paper]) -> None:
    """Any text in, BibTeX out: it reads back as one entry a paper, with the printable
    text of every title (controls print as spaces, bidi and zero-width are dropped)."""
    papers = [replace(p, key=f"k{i}") for i, p in enumerate(papers)]
    back = read_bibtex(to_string("bibtex", papers))
    assert [p.key for p in back.papers] == [p.key for p in papers]
    for a, b in zip(papers, back.papers, strict=True):
        # BibTeX is TeX: white space is a separator, not data ("up to white space").
        assert b.title.split() == tex_carried(a.title).split()


@given(papers=typeset_papers())
def test_ascii_bibtex_is_ascii_and_keeps_the_structure(papers: list[Paper]) -> None:
    text = to_string("bibtex", papers, WriteOptions(tex_encoding=TexEncoding.ASCII))
    assert text.isascii()
    back = read_bibtex(text)
    assert back.problems == []
    for a, b in zip(papers, back.papers, strict=True):
        assert (b.key, len(b.authors), b.authors_truncated, b.year, b.month, b.day) == (
            a.key,
            len(a.authors),
            a.authors_truncated,
            a.year,
            a.month,
            a.day,
        )
