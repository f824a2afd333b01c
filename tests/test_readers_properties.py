"""Every reader, fed any bytes or any text, gives papers and problems and never raises
(issue 9): through ``read_input`` with a real file, through ``decode_bytes``, and through
each reader with text shaped like its own format."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from scholarcli.errors import InputError
from scholarcli.model import Paper, ReadResult
from scholarcli.readers import InputFormat, decode_bytes, get_reader, read_input

AS_OF = dt.date(2026, 11, 28)
SUFFIXES = [".txt", ".bib", ".json", ".jsonl", ".csl.json", ""]


def _check(result: ReadResult) -> None:
    """What every reader promises: papers of the model's types, located problems."""
    assert isinstance(result, ReadResult)
    for paper in result.papers:
        assert isinstance(paper, Paper)
        assert isinstance(paper.title, str)
        assert all(isinstance(a, str) for a in paper.authors)
        assert paper.year is None or isinstance(paper.year, int)
        # Every string can be written as UTF-8: no lone surrogate got through.
        for text in (paper.title, *paper.authors, paper.abstract or "", *paper.extra.values()):
            text.encode("utf-8")
    for problem in result.problems:
        assert problem.file
        assert problem.line is None or problem.line >= 1


def _read_file(tmp_path: Path, data: bytes, suffix: str, encoding: str | None = None) -> None:
    path = tmp_path / f"input{suffix}"
    path.write_bytes(data)
    try:
        result = read_input(str(path), as_of=AS_OF, encoding=encoding)
    except InputError as exc:
        # Refusing a whole input is allowed; the message names the file.
        assert exc.message.startswith(str(path))
        return
    _check(result)


# Bytes that look like the formats: their syntax characters, BOMs, NULs, high bytes.
_SYNTAX = [*b'@{}()"=,#%\\[]:\n\r\t $^_~', 0, 0x1B, 0x80, 0x9B, 0xC3, 0xFF, 0xFE, 0xEF]
_bytes = st.one_of(
    st.binary(max_size=400),
    st.lists(st.sampled_from(_SYNTAX + list(b"abcLGMar 2024")), max_size=300).map(bytes),
)


@pytest.mark.parametrize("suffix", SUFFIXES)
@given(data=_bytes)
def test_any_bytes_in_a_file_give_papers_and_problems(
    tmp_path_factory: pytest.TempPathFactory, suffix: str, data: bytes
) -> None:
    _read_file(tmp_path_factory.mktemp("any"), data, suffix)


@given(
    data=st.binary(max_size=300),
    encoding=st.sampled_from([None, "utf-8", "latin-1", "utf-16", "gbk", "utf-8-sig", "cp1252"]),
)
def test_decode_bytes_gives_text_or_a_clear_refusal(data: bytes, encoding: str | None) -> None:
    try:
        text, problems = decode_bytes(data, "in.bib", encoding)
    except InputError as exc:
        assert exc.message.startswith("in.bib")
        return
    assert "\r" not in text
    assert not text.startswith("\ufeff")
    text.encode("utf-8")
    assert all(p.file == "in.bib" for p in problems)


# Text shaped like each format: its skeleton with any text spliced in.
_PROFILE_LINES = st.sampled_from(
    ["", "LGMar 29, 2022", "CVFeb 22, 2018Code", "LGFeb 10", "61 Papers", "h-index15",
     "A Title", "Ann Lee, Bo Li et al. · tsinghua", "Abstract $x$ \\url{y}", "XYZSep 31, 2023"]
)  # fmt: skip
_profile_text = st.lists(st.one_of(_PROFILE_LINES, st.text(max_size=40)), max_size=30).map(
    "\n".join
)
_BIB_PIECES = st.sampled_from(
    ["@article{k,", "@misc(", "title = {", "author = ", "}", "{", "\"", " and ", "others",
     "year = 2020,", "month = jan", "@string{s = \"x\"}", "#", "s", "@comment{", "%", "\\'e",
     "{\\\"o}", "crossref = {k}", ",\n", "@preamble{", "date = {2020-13-45}", "\n"]
)  # fmt: skip
_bibtex_text = st.lists(st.one_of(_BIB_PIECES, st.text(max_size=10)), max_size=60).map("".join)
_json_scalar = st.one_of(
    st.none(), st.booleans(), st.integers(-(2**70), 2**70), st.floats(), st.text(max_size=20)
)
_KEYS = ["key", "title", "authors", "date", "year", "month", "day", "extra", "has_code",
         "authors_truncated", "citations", "source_line", "id", "author", "issued", "type",
         "custom", "date-parts", "literal", "family", "given", "container-title", "URL",
         "citation-count", "abstract", "raw"]  # fmt: skip
_json_value = st.recursive(
    _json_scalar,
    lambda inner: st.one_of(
        st.lists(inner, max_size=4),
        st.dictionaries(st.one_of(st.sampled_from(_KEYS), st.text(max_size=5)), inner, max_size=6),
    ),
    max_leaves=25,
)
# Objects with the keys the readers look at, holding values of any type: every field's
# checks, not only the top level, meet odd data (Infinity in a date, a year of 10**20...).
_record = st.dictionaries(st.sampled_from(_KEYS), _json_value, max_size=8)
_csl_item = st.fixed_dictionaries(
    {},
    optional={
        "issued": st.one_of(
            _json_value,
            st.fixed_dictionaries({"date-parts": st.lists(st.lists(_json_scalar, max_size=4))}),
        ),
        "author": st.lists(st.one_of(_json_scalar, _record), max_size=3),
        "custom": _record,
        "title": _json_scalar,
        "id": _json_scalar,
        "type": _json_scalar,
    },
)
_json_value = st.one_of(_json_value, _record, _csl_item)
_json_text = st.lists(_json_value, max_size=4).map(lambda v: json.dumps(v, allow_nan=True))
_jsonl_text = st.lists(
    st.one_of(_json_value.map(json.dumps), st.text(max_size=20)), max_size=6
).map("\n".join)


@given(text=st.one_of(st.text(), _profile_text))
def test_profile_reader_takes_any_text(text: str) -> None:
    _check(get_reader(InputFormat.PROFILE)(text, source="p.txt", as_of=AS_OF))


@given(text=st.one_of(st.text(), _bibtex_text))
def test_bibtex_reader_takes_any_text(text: str) -> None:
    _check(get_reader(InputFormat.BIBTEX)(text, source="b.bib", as_of=AS_OF))


@pytest.mark.parametrize("fmt", [InputFormat.JSON, InputFormat.CSLJSON])
@given(text=st.one_of(st.text(), _json_text, _json_value.map(json.dumps)))
def test_json_readers_take_any_json(fmt: InputFormat, text: str) -> None:
    _check(get_reader(fmt)(text, source="x.json", as_of=AS_OF))


@given(text=st.one_of(st.text(), _jsonl_text))
def test_jsonl_reader_takes_any_lines(text: str) -> None:
    _check(get_reader(InputFormat.JSONL)(text, source="x.jsonl", as_of=AS_OF))


def test_lone_surrogates_become_replacement_characters_with_a_warning(tmp_path: Path) -> None:
    path = tmp_path / "s.json"
    path.write_text('[{"title": "a\\ud800b", "authors": ["\\udfff"], "extra": {"\\ud801": "x"}}]')
    result = read_input(str(path), as_of=AS_OF)
    (paper,) = result.papers
    assert paper.title == "a\ufffdb"
    assert paper.authors == ("\ufffd",)
    assert paper.extra == {"\ufffd": "x"}
    assert [str(p) for p in result.problems] == [
        f"{path}:1: warning: a lone surrogate escape (\\ud800-\\udfff) is not a character; "
        "replaced with U+FFFD"
    ]
    # A surrogate pair is one character: no warning.
    path.write_text('{"title": "\\ud83d\\ude00"}\n', encoding="utf-8")
    result = read_input(str(path), as_of=AS_OF)
    assert result.papers[0].title == "\U0001f600"
    assert result.problems == []


@pytest.mark.parametrize(
    ("text", "fmt"),
    [
        ('[{"title": "x", "year": 99999999999999, "month": 13, "day": 40}]', InputFormat.JSON),
        ('[{"title": "x", "year": -3}]', InputFormat.JSON),
        ('[{"title": "x", "year": 2023, "month": 2, "day": 30}]', InputFormat.JSON),
        ('[{"title": "x", "issued": {"date-parts": [[Infinity, 1]]}}]', InputFormat.CSLJSON),
        ('[{"title": "x", "issued": {"date-parts": [[123456789012]]}}]', InputFormat.CSLJSON),
    ],
)
def test_dates_that_are_no_dates_are_kept_as_text(text: str, fmt: InputFormat) -> None:
    result = get_reader(fmt)(text, source="d.json", as_of=AS_OF)
    (paper,) = result.papers
    assert paper.year is None or 0 <= paper.year <= 9999
    assert paper.month is None or 1 <= paper.month <= 12
    assert paper.date is None
    if fmt is InputFormat.JSON or "1234" in text:
        assert [p.level.value for p in result.problems] == ["warning"] * len(result.problems)
        assert "kept as text in extra" in str(result.problems[0])
        assert paper.extra
