"""writers/csljson.py: CSL items, and the round trip through readers/csljson.py."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import replace
from pathlib import Path

from tests.conftest import DATA

from scholarcli.keys import assign_keys
from scholarcli.model import Paper
from scholarcli.readers import read_input
from scholarcli.readers.csljson import read_csljson
from scholarcli.writers import WriteOptions, to_string
from scholarcli.writers.csljson import csl_name, csl_title


def test_seed_round_trip_keeps_every_field(seed: Path) -> None:
    papers = assign_keys(read_input(str(seed), as_of=dt.date(2026, 11, 28)).papers)
    back = read_csljson(to_string("csl-json", papers))
    assert back.problems == []
    # A paper without an entry type is written as misc (CSL "article") and read back so.
    assert back.papers == [replace(p, entry_type="misc") for p in papers]


def test_hostile_round_trip() -> None:
    papers = assign_keys(read_input(str(DATA / "hostile.txt"), as_of=dt.date(2026, 11, 28)).papers)
    back = read_csljson(to_string("csl-json", papers)).papers
    assert [p.title for p in back] == [p.title for p in papers]
    assert back == [replace(p, entry_type="misc") for p in papers]


def test_item_shape() -> None:
    paper = Paper(
        key="lee2024x",
        title="X",
        authors=("Jason D. Lee", "Plato", "Martin Luther King Jr."),
        year=2024,
        month=3,
        venue="ICML",
        entry_type="inproceedings",
        doi="10.1/x",
        code_url="https://github.com/a/b",
        has_code=True,
        extra={"pages": "1--2"},
    )
    [item] = json.loads(to_string("csl-json", [paper], WriteOptions(key_map={"lee2024x": "k"})))
    assert item["id"] == "k"
    assert item["type"] == "paper-conference"
    assert item["author"] == [
        {"family": "Lee", "given": "Jason D."},
        {"literal": "Plato"},
        {"family": "King", "given": "Martin Luther", "suffix": "Jr."},
    ]
    assert item["issued"] == {"date-parts": [[2024, 3]]}
    assert item["container-title"] == "ICML"
    assert item["URL"] == "https://github.com/a/b"
    assert item["custom"] == {
        "entry_type": "inproceedings",
        "has_code": True,
        "code_url": "https://github.com/a/b",
        "extra": {"pages": "1--2"},
    }


def test_csl_name_of_a_mononym() -> None:
    assert csl_name("Plato") == {"literal": "Plato"}


def test_empty_is_an_empty_array() -> None:
    assert to_string("csl-json", []) == "[]\n"


def test_titles_keep_their_case_in_nocase_spans() -> None:
    title = "BERT meets GPT-4V: $\\mathcal{O}(n \\log n)$ Title Case"
    [item] = json.loads(to_string("csl-json", [Paper(key="k", title=title)]))
    assert item["title"] == (
        '<span class="nocase">BERT</span> meets <span class="nocase">GPT-4V:</span> '
        '<span class="nocase">$\\mathcal{O}(n \\log n)$</span> Title Case'
    )
    assert read_csljson(json.dumps([item])).papers[0].title == title
    assert csl_title("Plain Title Case") == "Plain Title Case"


def test_terminal_controls_are_escaped_and_read_back() -> None:
    title = "A\x9b31m B\u202eC\x7f"
    text = to_string("csl-json", [Paper(key="k", title=title)])
    assert "\\u009b" in text and "\\u202e" in text and "\\u007f" in text
    assert read_csljson(text).papers[0].title == title
