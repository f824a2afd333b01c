"""The stats dashboard's renderers: terminal, narrow terminal, SVG with any text, markdown."""

from __future__ import annotations

import datetime as dt
import io
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from rich.console import Console
from rich.text import Text

from scholarcli.cli.dashboard import (
    WIDTH,
    dashboard,
    export_dashboard,
    markdown_text,
    print_dashboard,
)
from scholarcli.model import Paper
from scholarcli.readers import read_input
from scholarcli.stats import Stats, compute_stats

from conftest import EXAMPLES


class Terminal(io.StringIO):
    """A stream that says it is a terminal, as a user's shell would."""

    def isatty(self) -> bool:
        return True


@pytest.fixture(scope="module")
def seed_stats() -> Stats:
    result = read_input(str(EXAMPLES / "profile.txt"), as_of=dt.date(2026, 11, 28))
    return compute_stats(result.papers, metrics=result.metrics, claimed_count=result.claimed_count)


def cell_widths(ansi: str) -> list[int]:
    return [Text.from_ansi(line).cell_len for line in ansi.splitlines()]


def test_terminal_dashboard_fits_80_columns_in_colour(
    seed_stats: Stats, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("NO_COLOR", raising=False)
    monkeypatch.setenv("COLUMNS", "200")  # a wide terminal still gets the 80-column layout
    out = Terminal()
    print_dashboard(seed_stats, out)
    text = out.getvalue()
    assert "\x1b[" in text  # colour on a terminal
    assert max(cell_widths(text)) <= WIDTH
    assert "╭─ scholar stats" in text
    assert "█" in text
    assert "Machine Learning (stat.ML)" in text


def test_no_color_on_a_terminal_keeps_the_layout(
    seed_stats: Stats, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("NO_COLOR", "1")
    out = Terminal()
    print_dashboard(seed_stats, out)
    text = out.getvalue()
    assert "\x1b[3" not in text and "\x1b[9" not in text  # no foreground colour codes
    assert "╭─ scholar stats" in text


@pytest.mark.parametrize("width", [40, 60, 72])
def test_narrow_terminals_stack_the_tables(seed_stats: Stats, width: int) -> None:
    console = Console(file=io.StringIO(), width=width, color_system=None, force_terminal=True)
    with console.capture() as capture:
        console.print(dashboard(seed_stats, width=width))
    text = capture.get()
    assert max(cell_widths(text)) <= width
    assert "Categories" in text and "Top co-authors" in text
    assert not any("Categories" in line and "Top co-authors" in line for line in text.splitlines())


def test_side_by_side_at_80(seed_stats: Stats) -> None:
    out = io.StringIO()
    print_dashboard(seed_stats, out)
    assert any(
        "Categories" in line and "Top co-authors" in line for line in out.getvalue().splitlines()
    )


def test_long_names_are_cut_not_wrapped(tmp_path: Path) -> None:
    name = "Wolfeschlegelsteinhausenbergerdorff Hubert Blaine"
    papers = [
        Paper(key="", title="t", authors=(name, "Ann Bee"), year=2020, category="DC"),
        Paper(key="", title="t", authors=("Ann Bee",), year=2021, category="DC"),
    ]
    out = io.StringIO()
    print_dashboard(compute_stats(papers), out)
    text = out.getvalue()
    assert max(len(line) for line in text.splitlines()) <= WIDTH
    assert "Wolfeschlegel" in text and "…" in text


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("Jason D. Lee", "Jason D. Lee"),
        ("<script>", "&lt;script&gt;"),
        ("[x](javascript:alert(1))", r"\[x\](javascript:alert(1))"),
        ("a|b", r"a\|b"),
        ("*_`~$#", r"\*\_\`\~\$\#"),
        ("back\\slash", "back\\\\slash"),
        ("Tom & Jerry", "Tom &amp; Jerry"),
        ("\x1b[31mred", r"\\x1b\[31mred"),
    ],
)
def test_markdown_text_is_never_markup(text: str, shown: str) -> None:
    assert markdown_text(text) == shown


names = st.text(
    alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)), min_size=1, max_size=30
)


@settings(max_examples=40, deadline=None)
@given(authors=st.lists(names, min_size=1, max_size=4), code=names)
def test_any_text_makes_a_well_formed_svg_and_clean_plain_text(
    authors: list[str], code: str
) -> None:
    paper = Paper(key="", title="t", authors=tuple(authors), year=2024, category=code)
    stats = compute_stats([paper], owner=authors[0])
    ET.fromstring(export_dashboard(stats, "svg"))  # raises on a malformed document
    out = io.StringIO()
    print_dashboard(stats, out)
    assert "\x1b" not in out.getvalue()


def test_characters_xml_forbids_are_shown_as_escapes() -> None:
    paper = Paper(key="", title="t", authors=("Bad\ufffeName",), year=2024)
    svg = export_dashboard(compute_stats([paper]), "svg")
    ET.fromstring(svg)
    assert "Bad\\ufffeName" in svg.replace("&#160;", " ")
