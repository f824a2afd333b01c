"""Decoding inputs: BOMs, UTF-16, declared legacy encodings, Chinese GBK, and --encoding."""

from __future__ import annotations

import datetime as dt

import pytest

from scholarcli.errors import InputError
from scholarcli.model import Level
from scholarcli.readers import decode_bytes, read_input

from conftest import DATA, Scholar

AS_OF = dt.date(2026, 11, 28)


@pytest.mark.parametrize(
    ("name", "title", "warning"),
    [
        ("utf8-bom.bib", "Müller", None),
        ("utf16.bib", "Gürsoy's Ünïcode", None),
        ("latin1.bib", "Café au lait", "cp1252"),
        ("latin9-cookie.bib", "Šome title", "iso8859-15"),  # Š is 0xA6 only in Latin-9
        ("gbk.bib", "深度学习的剪枝方法研究", "gb18030"),
    ],
)
def test_encodings_are_detected(name: str, title: str, warning: str | None) -> None:
    result = read_input(str(DATA / name), as_of=AS_OF)
    assert [p.title for p in result.papers] == [title]
    messages = [p.message for p in result.problems if p.level is Level.WARNING]
    if warning is None:
        assert messages == []
    else:
        assert len(messages) == 1 and f"read as {warning}" in messages[0]


def test_forced_encoding_wins_and_a_wrong_one_is_refused(scholar: Scholar) -> None:
    forced = scholar("list", DATA / "gbk.bib", "--encoding", "gbk", "-f", "keys")
    assert (forced.exit_code, forced.stdout, forced.stderr) == (0, "zh\n", "")
    wrong = scholar("list", DATA / "gbk.bib", "--encoding", "utf-8")
    assert wrong.exit_code == 2
    assert f"scholar: {DATA / 'gbk.bib'}:1: not valid utf-8" in wrong.stderr
    unknown = scholar("list", DATA / "gbk.bib", "--encoding", "klingon")
    assert unknown.exit_code == 2 and "unknown encoding 'klingon'" in unknown.stderr


def test_crlf_and_lone_cr_become_newlines() -> None:
    text, problems = decode_bytes(b"a\r\nb\rc\n", "x")
    assert (text, problems) == ("a\nb\nc\n", [])


def test_broken_utf16_is_refused() -> None:
    with pytest.raises(InputError, match="not valid UTF-16"):
        decode_bytes(b"\xff\xfe\x00\xd8", "x")
