"""Findings as text, JSON, GitHub annotations and SARIF, with hostile text kept harmless."""

from __future__ import annotations

import io
import json

from scholarcli.check.report import write_github, write_json, write_sarif, write_text
from scholarcli.check.rules import RULES, Finding, Severity

FINDINGS = [
    Finding(
        "cv.bib",
        12,
        "missing-field",
        Severity.ERROR,
        "lee2020",
        "@article needs title",
        "add title",
    ),
    Finding(
        "refs/a,b:c.bib",
        3,
        "tex-special",
        Severity.WARNING,
        "k",
        "title has 50% off\r\nand \x1b[31mred\x1b[0m",
        "escape it",
    ),
]


def render(write: object) -> str:
    out = io.StringIO()
    write(FINDINGS, out)  # type: ignore[operator]
    return out.getvalue()


def test_text_is_one_line_a_finding_with_the_hint_below() -> None:
    lines = render(write_text).splitlines()
    assert lines[0] == "cv.bib:12: error: @article needs title [missing-field]"
    assert lines[1] == "    hint: add title"
    assert (
        lines[2]
        == "refs/a,b:c.bib:3: warning: title has 50% off and \\x1b[31mred\\x1b[0m [tex-special]"
    )
    assert len(lines) == 4


def test_json_is_a_list_of_findings() -> None:
    data = json.loads(render(write_json))
    assert data[0] == {
        "rule": "missing-field",
        "severity": "error",
        "file": "cv.bib",
        "line": 12,
        "key": "lee2020",
        "message": "@article needs title",
        "hint": "add title",
    }
    assert data[1]["message"] == FINDINGS[1].message


def test_github_annotations_escape_what_github_requires() -> None:
    lines = render(write_github).splitlines()
    assert len(lines) == 2
    assert lines[0] == (
        "::error file=cv.bib,line=12,title=missing-field::@article needs title%0Ahint: add title"
    )
    assert lines[1] == (
        "::warning file=refs/a%2Cb%3Ac.bib,line=3,title=tex-special::"
        "title has 50%25 off%0D%0Aand \\x1b[31mred\\x1b[0m%0Ahint: escape it"
    )


def test_sarif_is_a_2_1_0_log() -> None:
    log = json.loads(render(write_sarif))
    assert log["version"] == "2.1.0"
    assert log["$schema"].endswith("sarif-2.1.0.json")
    (run,) = log["runs"]
    driver = run["tool"]["driver"]
    assert [r["id"] for r in driver["rules"]] == list(RULES)
    for rule in driver["rules"]:
        assert rule["shortDescription"]["text"]
        assert rule["defaultConfiguration"]["level"] in ("error", "warning")
    first, second = run["results"]
    assert driver["rules"][first["ruleIndex"]]["id"] == first["ruleId"] == "missing-field"
    assert first["level"] == "error"
    assert first["message"]["text"] == "@article needs title. Hint: add title"
    location = first["locations"][0]["physicalLocation"]
    assert location == {"artifactLocation": {"uri": "cv.bib"}, "region": {"startLine": 12}}
    uri = second["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
    assert uri == "refs/a%2Cb%3Ac.bib"
    assert second["properties"] == {"key": "k"}
