"""The name-conflict rule: swapped names and re-spelled family names, and what is fine."""

from __future__ import annotations

from scholarcli.check.located import Located
from scholarcli.check.name_rules import name_conflict_findings
from scholarcli.model import Paper


def located(*author_lists: tuple[str, ...]) -> list[Located]:
    return [
        Located(Paper(key=f"k{i}", title="T", authors=authors), "cv.bib", 10 * i + 1, f"k{i}")
        for i, authors in enumerate(author_lists)
    ]


def test_one_person_written_in_compatible_forms_is_fine() -> None:
    # "Lei, Qi" reads as "Qi Lei"; "Q. Lei" is the same name abbreviated.
    entries = located(("Qi Lei", "Jason D. Lee"), ("Q. Lei",), ("Qi Lei", "Jason Lee"))
    assert list(name_conflict_findings(entries)) == []


def test_swapped_given_and_family_name_is_a_finding() -> None:
    entries = located(("Qi Lei",), ("Qi Lei", "Zihan Wang"), ("Lei Qi",))
    (finding,) = name_conflict_findings(entries)
    assert (finding.key, finding.line, finding.rule) == ("k2", 21, "name-conflict")
    assert finding.message == "author 'Lei Qi' is written 'Qi Lei' in k0 (cv.bib:1)"


def test_the_less_used_spelling_is_the_one_flagged() -> None:
    entries = located(("Gamze Gursoy",), ("Gamze Gürsoy",), ("G. Gürsoy",))
    (finding,) = name_conflict_findings(entries)
    assert finding.key == "k0"
    assert "'Gamze Gursoy' is written 'Gamze Gürsoy'" in finding.message


def test_given_names_may_vary_in_form() -> None:
    entries = located(("Hung-wei Shiu",), ("Hung-Wei Shiu",), ("H. Shiu",))
    assert list(name_conflict_findings(entries)) == []


def test_different_people_sharing_a_surname_are_not_confused() -> None:
    entries = located(("Jason Lee",), ("Qi Lee",), ("Lee Jason",))
    rules = [(f.key, f.message) for f in name_conflict_findings(entries)]
    assert rules == [("k2", "author 'Lee Jason' is written 'Jason Lee' in k0 (cv.bib:1)")]
