"""BibTeX name lists and the parts of display names."""

from __future__ import annotations

import pytest

from scholarcli.names import (
    bibtex_name_to_display,
    given_initials,
    split_bibtex_names,
    surname,
)


def test_split_at_top_level_and_only() -> None:
    assert split_bibtex_names("A and {Barnes and Noble} AND C and others") == (
        ["A", "{Barnes and Noble}", "C"],
        True,
    )
    assert split_bibtex_names("  ") == ([], False)
    assert split_bibtex_names("Alexander Anderson") == (["Alexander Anderson"], False)


@pytest.mark.parametrize(
    ("raw", "display"),
    [
        ("Lee, Jason D.", "Jason D. Lee"),
        ("Jason D. Lee", "Jason D. Lee"),
        ("van Beethoven, Ludwig", "Ludwig van Beethoven"),
        ("King, Jr., Martin Luther", "Martin Luther King Jr."),
        ('M{\\"u}ller, Hans', "Hans Müller"),
        ("{Barnes and Noble, Inc.}", "Barnes and Noble, Inc."),
        ("Lee,   Jason\n  D.", "Jason D. Lee"),
    ],
)
def test_display_names(raw: str, display: str) -> None:
    assert bibtex_name_to_display(raw) == display


def test_surname_and_initials() -> None:
    assert surname("Jason D. Lee") == "Lee"
    assert surname("Martin Luther King Jr.") == "King"
    assert given_initials("Jason D. Lee") == "JD"
    assert given_initials("J. D. Lee") == "JD"
    assert given_initials("Ian En-Hsu Yen") == "IEH"
    assert surname("") == ""
