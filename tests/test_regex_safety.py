"""No regular expression of ours backtracks without bound (issue 9).

Every pattern under src/ was run against long runs of the characters it mentions; the ones
that were quadratic or worse were rewritten (possessive quantifiers, a look-behind that
enters a run of blanks at its start only, tempered openers). Each is driven here through the
public function that uses it, with 100,000 characters of the input that used to blow up:
the call must finish within 5 s of CPU (tests/limits.py runs it in a child process, since a
running match cannot be interrupted). Before the rewrite each of these took minutes. The
small cases beside them pin what the patterns still match.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from tests.limits import call_within

from scholarcli.check.engine import check_files
from scholarcli.dedupe.normalise import about_another, clean_title, pages_of, venue_forms
from scholarcli.latex import decode
from scholarcli.names import bibtex_name_to_display, split_bibtex_names
from scholarcli.readers import InputFormat, read_input, sniff
from scholarcli.readers.csljson import read_csljson
from scholarcli.readers.profile import parse_authors_line

N = 100_000
BOUND = 5.0  # CPU seconds for one call on N characters; linear code takes milliseconds
AS_OF = dt.date(2026, 11, 28)
SPACES = " " * N
NOCASE = '<span class="nocase">'


def _size(value: Any) -> int:
    """A small picklable summary of a result (the result itself can be large)."""
    return len(value) if hasattr(value, "__len__") else 0


def _bounded(fn: Callable[..., Any], *args: Any) -> None:
    call_within(BOUND, lambda: _size(fn(*args)))


# --- latex.decode: math spans \( ... \) and \[ ... \] -------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "\\(" * (N // 2),  # many unclosed openers: each scanned to the end before
        "\\[" * (N // 2),
        "\\(x" * (N // 3) + "\\)",
        "$" + "x" * N,
        "{" * N,
        "\\" * N,
        SPACES + "x",
    ],
    ids=["paren-math", "bracket-math", "one-closer", "dollar", "braces", "backslashes", "spaces"],
)
def test_decode_is_linear(text: str) -> None:
    _bounded(decode, text)


def test_decode_keeps_math_spans() -> None:
    assert decode("a \\(x^2\\) b") == "a \\(x^2\\) b"
    assert decode("a \\[x\\] b") == "a \\[x\\] b"
    assert decode("$\\alpha$ and $$x$$") == "$\\alpha$ and $$x$$"


# --- names: the " and " between BibTeX names -------------------------------------------------


@pytest.mark.parametrize(
    "raw",
    ["A" + SPACES + "B", "{A}" + SPACES + "B", "A" + SPACES + "andB", "and " * (N // 4)],
    ids=["spaces", "spaces-braced", "spaces-and", "many-ands"],
)
def test_name_split_is_linear(raw: str) -> None:
    _bounded(split_bibtex_names, raw)
    _bounded(bibtex_name_to_display, raw)


def test_name_split_still_splits() -> None:
    assert split_bibtex_names("A B  and\tC D and {Barnes and Noble}") == (
        ["A B", "C D", "{Barnes and Noble}"],
        False,
    )
    assert split_bibtex_names("A  and others") == (["A"], True)


# --- profile reader: "et al." and the "·" before an affiliation -----------------------------


@pytest.mark.parametrize(
    "line",
    ["A" + SPACES + "al", "A," + SPACES + "al.", "A" + SPACES + "x · y", "A" + SPACES + "·"],
    ids=["et-al", "comma-et-al", "affiliation", "trailing-dot"],
)
def test_authors_line_is_linear(line: str) -> None:
    _bounded(parse_authors_line, line)


def test_authors_line_still_parses() -> None:
    assert parse_authors_line("Ada Lovelace,  Alan Turing  et al. · Cambridge") == (
        ("Ada Lovelace", "Alan Turing"),
        True,
        "Cambridge",
    )
    assert parse_authors_line("A, B, et al") == (("A", "B"), True, None)
    assert parse_authors_line("Pet al") == (("Pet al",), False, None)


def test_profile_with_a_line_of_spaces_is_linear(tmp_path: Path) -> None:
    path = tmp_path / "p.txt"
    path.write_text(f"1 Papers\n\nLGMar 3, 2024\nTitle\n\nA{SPACES}et al\n")
    result = call_within(BOUND, lambda: len(read_input(str(path), as_of=AS_OF).papers))
    assert result.value == 1


# --- the content sniffer: blank lines before "@" ---------------------------------------------


def test_sniff_over_blank_lines_is_linear() -> None:
    # The head is stripped first, so the blank lines have to sit between two words.
    _bounded(sniff, "x" + "\n" * 65_000 + "y", "-")
    _bounded(sniff, "x" + " \n" * 32_000 + "y", "-")


def test_sniff_still_finds_bibtex() -> None:
    assert sniff("% comment\n\n  @article{a,", "-") is InputFormat.BIBTEX
    assert sniff("x\n\n@ misc (a,", "-") is InputFormat.BIBTEX


# --- CSL-JSON: <span class="nocase"> markup in titles ----------------------------------------


def test_nocase_markup_is_linear() -> None:
    title = NOCASE * (N // len(NOCASE))
    text = '[{"id": "a", "type": "article", "title": "' + title.replace('"', '\\"') + '"}]'
    _bounded(read_csljson, text)


def test_nocase_markup_is_removed_innermost_first() -> None:
    text = (
        '[{"id": "a", "type": "article", "title": '
        '"<span class=\\"nocase\\">a <span class=\\"nocase\\">B</span> c</span> d"}]'
    )
    assert read_csljson(text).papers[0].title == "a B c d"


# --- check: the pages rule -------------------------------------------------------------------


@pytest.mark.parametrize(
    "pages",
    [
        "1" + SPACES + "y",
        "1-" + SPACES + "y",
        "1" * N + "!",
        "a" * N,
        " ," * (N // 2),
        "1a" * N + "!",
    ],
    ids=["space-run", "dash-space-run", "long-number", "letters", "commas", "alnum"],
)
def test_pages_rule_is_linear(tmp_path: Path, pages: str) -> None:
    path = tmp_path / "a.bib"
    path.write_text("@article{a, title={T}, author={A B}, year=2020, pages={" + pages + "}}\n")
    result = call_within(
        BOUND, lambda: sorted({f.rule for f in check_files([str(path)], as_of=AS_OF).findings})
    )
    assert "bad-pages" in result.value


def test_pages_rule_still_reads_ranges(tmp_path: Path) -> None:
    path = tmp_path / "a.bib"
    entries = [
        ("good", "12--34, 56 -- 78, e4, S12a, 123:4, xii"),
        ("bad", "12 -- x!"),
        ("reversed", "34 -- 12"),
    ]
    fields = "title={T}, author={A B}, journal={J}, year=2020"
    path.write_text("".join(f"@article{{{k}, {fields}, pages={{{p}}}}}\n" for k, p in entries))
    found = {
        (f.key, f.message.split(" is ")[-1])
        for f in check_files([str(path)], as_of=AS_OF).findings
        if f.rule == "bad-pages"
    }
    assert found == {
        ("bad", "not a page or a page range"),
        ("reversed", "a range that ends before it starts"),
    }


# --- dedupe: notes after titles, venues, pages -----------------------------------------------


@pytest.mark.parametrize(
    "title",
    [
        "A" + SPACES + "LA: x!",
        "(vol 1 p 1 " * (N // 11),
        "(" * N,
        "[" * N,
        "A" + SPACES + "(x",
        "Title" + " [erratum" * (N // 9),  # every opener scanned to the end
        "Title" + " [a]" * (N // 4),  # one note stripped per pass over the text
    ],
    ids=[
        "language-tag",
        "vol-p-unclosed",
        "parens",
        "brackets",
        "spaces-paren",
        "unclosed-notes",
        "many-notes",
    ],
)
def test_title_notes_are_linear(title: str) -> None:
    _bounded(clean_title, title)
    _bounded(about_another, title, title.lower())


def test_title_notes_still_come_off() -> None:
    assert clean_title("Stroke care [Article in German]  LA: Ger") == "Stroke care"
    assert about_another("Effect of X: Reply", "effect of x reply") == "reply"
    assert about_another("A study (vol 3, pg 12, 2001)", "a study vol 3 pg 12 2001") == "erratum"


@pytest.mark.parametrize(
    "venue", ["A" + SPACES + "x", "A" + SPACES + "-x", "A" + SPACES + ":", ":" * N]
)
def test_venue_forms_are_linear(venue: str) -> None:
    _bounded(venue_forms, venue)


def test_venue_forms_still_split() -> None:
    forms = venue_forms("CMAJ : Canadian Medical Association journal")
    assert ("cmaj",) in forms
    assert ("canadian", "medical", "association", "journal") in forms
    assert ("stroke",) in venue_forms("Stroke  -  Official Journal")


@pytest.mark.parametrize(
    "raw", [SPACES + "x", "1" + SPACES + "x", "1-" + SPACES + "x", "ab" + SPACES + "x"]
)
def test_pages_of_is_linear(raw: str) -> None:
    _bounded(pages_of, raw)


def test_pages_of_still_reads() -> None:
    assert pages_of("  288-97") == ("288", "297")
    assert pages_of("e12 - e15") == ("e12", "e15")
    assert pages_of("S 12 to 14") == ("s12", "s14")
    assert pages_of("x") is None


def _old_and_split(text: str) -> int:
    import re

    return len(re.split(r"\s+and\s+", text))  # the pattern names.py had: quadratic


def test_the_guard_catches_a_quadratic_pattern() -> None:
    """The harness itself: the old " and " pattern on 20,000 spaces takes seconds."""
    with pytest.raises(AssertionError, match=r"took .* s of CPU \(bound 0.2 s\)"):
        call_within(0.2, _old_and_split, "A" + " " * 20_000 + "B")
    assert call_within(BOUND, split_bibtex_names, "A" + " " * 20_000 + "B").value == (
        ["A" + " " * 20_000 + "B"],
        False,
    )
