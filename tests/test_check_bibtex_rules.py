"""The rules that read BibTeX as written, on real files in tests/data/check/."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from scholarcli.check import check_files
from scholarcli.check.bibtex_rules import (
    is_all_caps,
    unescaped_specials,
    unprotected_capitals,
)
from scholarcli.check.rules import RULES, Finding, Severity

DATA = Path(__file__).parent / "data" / "check"
AS_OF = dt.date(2026, 11, 28)


def run(*names: str, **kwargs: object) -> list[Finding]:
    paths = [str(DATA / n) for n in names]
    return check_files(paths, as_of=AS_OF, ignore=["duplicate-work"], **kwargs).findings  # type: ignore[arg-type]


def test_clean_file_has_no_findings() -> None:
    assert run("clean.bib") == []


def test_messy_file_reports_each_rule_at_its_entry() -> None:
    got = {(f.line, f.rule, f.key) for f in run("messy.bib")}
    assert got == {
        (3, "bad-doi", "lei2020"),
        (3, "bad-month", "lei2020"),
        (3, "bad-pages", "lei2020"),
        (3, "undefined-string", "lei2020"),
        (3, "unprotected-capitals", "lei2020"),
        (13, "bad-url", "Lei2020"),
        (13, "bad-year", "Lei2020"),
        (13, "duplicate-key", "Lei2020"),
        (13, "empty-field", "Lei2020"),
        (13, "name-conflict", "Lei2020"),
        (13, "tex-special", "Lei2020"),
        (22, "bad-doi", "notitle"),
        (22, "bad-pages", "notitle"),
        (22, "missing-field", "notitle"),
        (30, "duplicate-field", "twice"),
        (30, "missing-crossref", "twice"),
        (39, "all-caps-title", "w"),
        (39, "unknown-type", "w"),
        (41, "unbalanced-braces", "broken"),
    }


def test_findings_carry_severity_file_message_and_hint() -> None:
    findings = run("messy.bib")
    for f in findings:
        assert f.severity is RULES[f.rule].severity
        assert f.file == str(DATA / "messy.bib")
        assert f.message and f.hint
    missing = next(f for f in findings if f.rule == "missing-field")
    assert missing.message == "@article needs title"
    assert missing.severity is Severity.ERROR
    dup = next(f for f in findings if f.rule == "duplicate-key")
    assert "already used as 'lei2020'" in dup.message and "messy.bib:3" in dup.message
    doi = next(f for f in findings if f.rule == "bad-doi" and f.key == "lei2020")
    assert "doi = {10.5555/123.456}" in doi.hint


def test_findings_are_in_line_order() -> None:
    lines = [f.line or 0 for f in run("messy.bib")]
    assert lines == sorted(lines)


def test_not_utf8_is_an_encoding_warning(tmp_path: Path) -> None:
    (finding,) = run("latin1.bib")
    assert (finding.rule, finding.line, finding.severity) == ("encoding", 2, Severity.WARNING)


def bib(tmp_path: Path, text: str) -> str:
    path = tmp_path / "t.bib"
    path.write_text(text, encoding="utf-8")
    return str(path)


def rules_of(tmp_path: Path, text: str) -> list[str]:
    path = bib(tmp_path, text)
    return [f.rule for f in check_files([path], as_of=AS_OF, ignore=["duplicate-work"]).findings]


@pytest.mark.parametrize(
    ("fields", "rule"),
    [
        ("year = {2020a}", "bad-year"),
        ("year = {{\\noopsort{1973c}}1981}", None),
        ("date = {2020-03-29}", None),
        ("date = {29.03.2020}", "bad-year"),
        ("month = mar", None),
        ("month = {March}", None),
        ("month = {12}", None),
        ("month = {13}", "bad-month"),
        ("doi = {10.1000/xyz-123}", None),
        ("doi = {https://doi.org/10.1000/xyz}", "bad-doi"),
        ("url = {https://example.org/a?b=c}", None),
        ("url = {http://localhost/x}", None),
        ("url = {example.org/paper.pdf}", "bad-url"),
        ("pages = {e1234}", None),
        ("pages = {12--34}", None),
        ("pages = {1234--56}", None),
        ("pages = {123, 130--140}", None),
        ("pages = {iv--xii}", None),
        ("pages = {12--}", "bad-pages"),
        ("pages = {pp. 3}", "bad-pages"),
        ("note = {  }", "empty-field"),
        ("note = symbol", "undefined-string"),
        ("note = mar # {~12}", None),
    ],
)
def test_value_rules(tmp_path: Path, fields: str, rule: str | None) -> None:
    got = rules_of(tmp_path, f"@misc{{k,\n  title = {{Title}},\n  {fields},\n}}\n")
    assert got == ([rule] if rule else [])


@pytest.mark.parametrize(
    ("entry_type", "fields", "missing"),
    [
        ("article", "author={A B}, title={T}, journaltitle={J}, date={2020}", None),
        ("book", "editor={A B}, title={T}, publisher={P}, year=2020", None),
        ("book", "title={T}, publisher={P}, year=2020", "@book needs author or editor"),
        ("inbook", "author={A B}, title={T}, publisher={P}, year=2020", "chapter or pages"),
        ("phdthesis", "author={A B}, title={T}, year=2020", "@phdthesis needs school"),
        ("unpublished", "author={A B}, title={T}", "@unpublished needs note"),
        ("misc", "", None),
    ],
)
def test_required_fields(tmp_path: Path, entry_type: str, fields: str, missing: str | None) -> None:
    path = bib(tmp_path, f"@{entry_type}{{k, {fields}}}\n")
    findings = check_files([path], as_of=AS_OF, ignore=["duplicate-work"]).findings
    messages = [f.message for f in findings if f.rule == "missing-field"]
    if missing is None:
        assert messages == []
    else:
        assert len(messages) == 1 and missing in messages[0]


def test_crossref_parent_supplies_required_fields(tmp_path: Path) -> None:
    text = (
        "@inproceedings{child, author={A B}, title={T}, crossref={conf}}\n"
        "@proceedings{conf, title={Proceedings of Things}, year=2020}\n"
    )
    assert rules_of(tmp_path, text) == []


def test_duplicate_keys_across_files_and_case(tmp_path: Path) -> None:
    a = tmp_path / "a.bib"
    b = tmp_path / "b.bib"
    a.write_text("@misc{Key1, title={One}}\n", encoding="utf-8")
    b.write_text("@misc{key1, title={Two}}\n@misc{key1, title={Three}}\n", encoding="utf-8")
    findings = check_files([str(a), str(b)], as_of=AS_OF, ignore=["duplicate-work"]).findings
    assert [(f.file, f.line, f.rule) for f in findings] == [
        (str(b), 1, "duplicate-key"),
        (str(b), 2, "duplicate-key"),
    ]
    assert f"{a}:1" in findings[0].message


def test_a_field_with_unbalanced_braces_in_quotes(tmp_path: Path) -> None:
    assert rules_of(tmp_path, '@misc{k, title = "Open { brace"}\n') == ["unbalanced-braces"]


@pytest.mark.parametrize(
    "text",
    [
        "@misc{k, title {T}}\n@misc{ok, title={Fine}}\n",
        '@misc{k, title = "T}\n@misc{ok, title={Fine}}\n',
        "@misc{k, title = {T} year = 2020}\n@misc{ok, title={Fine}}\n",
    ],
)
def test_an_entry_that_cannot_be_parsed_is_a_syntax_error(tmp_path: Path, text: str) -> None:
    path = bib(tmp_path, text)
    findings = check_files([path], as_of=AS_OF, ignore=["duplicate-work"]).findings
    assert [(f.rule, f.line, f.key) for f in findings] == [("syntax-error", 1, "k")]


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("R&D", ["&"]),
        ("R\\&D, 5\\% and \\#1", []),
        ("100% #1 & more", ["%", "#", "&"]),
        ("\\\\&", ["&"]),
    ],
)
def test_unescaped_specials(value: str, expected: list[str]) -> None:
    assert unescaped_specials(value) == expected


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        ("Deep Learning for Graphs", []),
        ("BERT: Pre-training of Deep Bidirectional Transformers", ["BERT"]),
        ("{BERT}: Pre-training on {ImageNet}", []),
        ("Learning on ImageNet and 3D Scenes", ["ImageNet", "3D"]),
        ("K-Means: A Study of Q-Learning", ["Q"]),
        ("Time $O(n)$ and \\emph{GPU}", []),
        ("{\\em NP} and NP-Hard Problems", ["NP"]),
        ("Self-Supervised Learning", []),
    ],
)
def test_unprotected_capitals(title: str, expected: list[str]) -> None:
    assert unprotected_capitals(title) == expected


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        ("DEEP LEARNING FOR ALL THE THINGS", True),
        ("Deep Learning for All the Things", False),
        ("BERT GPT", False),
        ("THE $\\alpha$-DIVERGENCE OF RANDOM GRAPHS", True),
    ],
)
def test_all_caps(title: str, expected: bool) -> None:
    assert is_all_caps(title) is expected
