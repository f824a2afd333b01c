"""The rule table: ids, and docs/rules.md documenting every rule in the same order."""

from __future__ import annotations

import re
from pathlib import Path

from scholarcli.check.rules import RULES, Severity

DOC = Path(__file__).resolve().parent.parent / "docs" / "rules.md"


def test_rule_ids_are_kebab_case() -> None:
    for rule_id, rule in RULES.items():
        assert rule.id == rule_id
        assert re.fullmatch(r"[a-z]+(-[a-z]+)*", rule_id)


def test_docs_have_a_table_row_and_a_section_per_rule_in_order() -> None:
    text = DOC.read_text(encoding="utf-8")
    rows = re.findall(r"^\| \[`([a-z-]+)`\]\(#[a-z-]+\) \| (error|warning) \|", text, re.M)
    assert [r for r, _ in rows] == list(RULES)
    assert {r: Severity(s) for r, s in rows} == {r.id: r.severity for r in RULES.values()}
    sections = re.findall(r"^## ([a-z-]+)$", text, re.M)
    assert sections == list(RULES)
