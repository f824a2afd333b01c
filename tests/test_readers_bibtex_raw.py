"""read_bibtex_raw: the entries as written, beside the papers read_bibtex gives."""

from __future__ import annotations

from pathlib import Path

from scholarcli.readers.bibtex import read_bibtex, read_bibtex_raw, split_concatenation

DATA = Path(__file__).parent / "data" / "check"


def test_entries_pair_with_papers_and_keep_what_decoding_loses() -> None:
    text = (DATA / "messy.bib").read_text(encoding="utf-8")
    raw = read_bibtex_raw(text, source="messy.bib")
    assert raw.result == read_bibtex(text, source="messy.bib")
    assert [e.key for e in raw.entries] == [p.key for p in raw.result.papers]
    assert [e.line for e in raw.entries] == [p.source_line for p in raw.result.papers]
    assert [e.key for e in raw.entries] == ["lei2020", "Lei2020", "notitle", "twice", "w"]
    first = raw.entries[0]
    assert first.entry_type == "article"
    assert [(f.name, f.line) for f in first.fields][:3] == [
        ("title", 4),
        ("author", 5),
        ("journal", 6),
    ]
    assert first.fields[2].raw == "jmlr"
    assert first.values["title"].endswith("Provable SELF-Supervised Learning")
    assert first.text.startswith("@article{lei2020,")
    twice = raw.entries[3]
    assert [f.name for f in twice.fields].count("title") == 2
    assert twice.values["title"] == "A"  # the first, as the paper has it
    assert raw.strings == {"icml"}
    assert "lei2020" in raw.keys and "w" in raw.keys
    (failure,) = raw.failures
    assert failure.line == 41
    assert failure.text.startswith("@article{broken,")


def test_xdata_containers_have_keys_but_no_paper() -> None:
    text = "@xdata{pub, publisher = {P}}\n@book{b, xdata = {pub}, title = {T}}\n"
    raw = read_bibtex_raw(text)
    assert [e.key for e in raw.entries] == ["b"]
    assert raw.keys == {"pub", "b"}
    assert raw.entries[0].values["publisher"] == "P"


def test_split_concatenation() -> None:
    assert split_concatenation('"a" # jan # {b # c}') == ['"a" ', " jan ", " {b # c}"]


def test_without_entries_the_papers_are_the_same() -> None:
    text = (DATA / "messy.bib").read_text(encoding="utf-8")
    full = read_bibtex_raw(text, source="messy.bib")
    lean = read_bibtex_raw(text, source="messy.bib", keep_entries=False)
    assert lean.entries == []
    assert lean.result == full.result
    assert lean.keys == full.keys
    assert lean.failures == full.failures


def test_quoted_and_braced_values_read_alike() -> None:
    text = '@article{a, title = "A {B} c", year = "2020"}\n@article{b, title = {A {B} c}}\n'
    first, second = read_bibtex(text).papers
    assert first.title == second.title == "A B c"
    assert first.year == 2020
