"""The hostile corpus through every command and format (issue 9, acceptance 3).

tests/data/hostile.txt holds rich markup, ANSI/OSC escapes and BEL, C1 controls, bidi
overrides, HTML, spreadsheet formulas and TeX primitives in titles, names, affiliations
and abstracts. Whatever the command: no ESC, BEL or C1 byte reaches piped table output (a
control character is shown as its escape, ``\\x1b``), markup prints literally, HTML is
escaped, no CSV cell starts a formula, JSON gives back exactly the input, and the BibTeX
export compiles with pdflatex + bibtex and prints the primitives as text. Other test files
check pieces of this for their own command; this module is where the whole line is proved.
"""

from __future__ import annotations

import csv
import io
import json
import re
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from tests.conftest import DATA, Scholar
from tests.test_writers_toolchain import build_bibtex, need, run

from scholarcli.writers import WRITERS

HOSTILE = DATA / "hostile.txt"
# Raw terminal controls: ESC, BEL, and the C1 block (U+0080-U+009F, e.g. CSI U+009B).
RAW_CONTROL = re.compile(r"[\x07\x1b\x80-\x9f]")
# What rich itself writes on a colour terminal: SGR colour codes and nothing else.
RICH_SGR = re.compile(r"\x1b\[[0-9;]*m")
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_HEADER = re.compile(r"^[A-Z]{2}[A-Z][a-z]{2} \d{1,2}, \d{4}$")
# Literal strings of the corpus that a renderer could take for its own markup.
MARKUP = "[bold red]Markup[/] in a [link=https://evil.example/]title[/link] and [/] alone"
SCRIPT = "<script>alert('x')</script>"


def corpus_titles() -> list[str]:
    """The titles as the file has them (the line after each category-and-date line)."""
    lines = HOSTILE.read_text(encoding="utf-8").split("\n")
    return [lines[i + 1] for i, line in enumerate(lines) if _HEADER.match(line)]


def assert_inert(text: str, where: str) -> None:
    """No raw ESC, BEL or C1 byte; what was one is shown as its escape instead."""
    found = RAW_CONTROL.search(text)
    assert found is None, f"{where}: raw {found.group()!r} at {found.start()}"


@pytest.fixture
def terminal(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Every command believes stdout is a colour terminal: rich tables and the dashboard,
    made by a console with force_terminal, are what a user would see."""
    monkeypatch.setattr("scholarcli.cli.render.is_terminal", lambda stream: True)
    monkeypatch.setattr("scholarcli.cli.dashboard.is_terminal", lambda stream: True)
    monkeypatch.delenv("NO_COLOR", raising=False)
    monkeypatch.setenv("TERM", "xterm-256color")
    monkeypatch.setenv("COLUMNS", "2000")  # wide enough that no cell wraps
    yield


def assert_terminal_safe(text: str, where: str) -> None:
    """Rich's own colour codes are allowed on a terminal; nothing of the data may act."""
    assert RICH_SGR.search(text), f"{where}: expected a colour terminal table"
    assert_inert(RICH_SGR.sub("", text), where)


def test_the_corpus_is_as_hostile_as_promised() -> None:
    text = HOSTILE.read_text(encoding="utf-8")
    for needle in ("\x1b[", "\x1b]", "\x07", "\x9b", "\x85", "\u202e", "[bold", "<script>"):
        assert needle in text, needle
    assert len(corpus_titles()) == 14


# --- list ----------------------------------------------------------------------------------


def test_list_piped_table_is_inert_and_shows_everything(scholar: Scholar) -> None:
    result = scholar("list", HOSTILE)
    assert (result.exit_code, result.stderr) == (0, "")
    assert_inert(result.stdout, "list table")
    assert len(result.stdout.splitlines()) == 14  # no field broke a row (NEL, U+2028)
    assert MARKUP in result.stdout
    assert SCRIPT in result.stdout
    assert "Escapes \\x1b[2J\\x1b[H clear the screen \\x1b[31mred" in result.stdout
    assert "Osc \\x1b]0;pwned\\x07Title" in result.stdout
    assert "Bidi \\u202eevil" in result.stdout  # the override is shown, not obeyed


def test_list_on_a_terminal_shows_markup_literally(scholar: Scholar, terminal: None) -> None:
    result = scholar("list", HOSTILE)
    assert result.exit_code == 0
    assert_terminal_safe(result.stdout, "list on a terminal")
    shown = RICH_SGR.sub("", result.stdout)
    assert MARKUP in shown
    assert "[bold]Eve[/bold] Markup" in shown
    assert SCRIPT in shown
    assert "\\x1b[2J" in shown and "\\x1b]8;;https://evil.example/" in shown


@pytest.mark.parametrize("fmt", ["json", "jsonl"])
def test_list_json_gives_back_exactly_the_input(scholar: Scholar, fmt: str) -> None:
    result = scholar("list", HOSTILE, "-f", fmt)
    assert result.exit_code == 0
    if fmt == "json":
        papers = json.loads(result.stdout)
    else:
        papers = [json.loads(line) for line in result.stdout.split("\n") if line]
    assert [p["title"] for p in papers] == corpus_titles()
    escapes = next(p for p in papers if p["title"].startswith("Escapes"))
    assert escapes["authors"][:2] == ["Ansi \x1b[1mBold\x1b[0m", "Osc \x1b]0;pwned\x07Title"]
    assert escapes["affiliation"] == "\x1b[41mevil-lab\x1b[0m"
    assert "\x08" in escapes["abstract"] and "\x9b31m" in escapes["abstract"]
    # The JSON text itself carries no raw control (they are \u escapes), yet parses back.
    assert_inert(result.stdout, f"list -f {fmt}")


@pytest.mark.parametrize("fmt", ["json", "jsonl"])
def test_json_read_back_is_the_same_data(scholar: Scholar, tmp_path: Path, fmt: str) -> None:
    out = tmp_path / f"papers.{fmt}"
    assert scholar("list", HOSTILE, "-f", fmt, "-o", out).exit_code == 0
    first = scholar("list", HOSTILE, "-f", "json").stdout
    again = scholar("list", out, "-f", "json")
    assert again.exit_code == 0, again.stderr
    assert json.loads(again.stdout) == json.loads(first)


def strings(value: object) -> set[str]:
    """Every string anywhere in parsed JSON."""
    if isinstance(value, str):
        return {value}
    if isinstance(value, dict):
        return {s for k, v in value.items() for s in strings(k) | strings(v)}
    if isinstance(value, list):
        return {s for v in value for s in strings(v)}
    return set()


def csv_cells(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text)))


def assert_no_formula(rows: list[list[str]], where: str) -> None:
    for row in rows:
        for cell in row:
            assert not cell.startswith(FORMULA_START), f"{where}: {cell[:40]!r}"


def test_list_csv_never_starts_a_formula(scholar: Scholar) -> None:
    result = scholar("list", HOSTILE, "-f", "csv")
    assert result.exit_code == 0
    rows = csv_cells(result.stdout)
    assert len(rows) == 15
    assert_no_formula(rows, "list -f csv")
    cells = {c for row in rows for c in row}
    assert '\'=HYPERLINK("https://evil.example/","Click me")' in cells
    assert "'+1+1 is a formula too" in cells


def test_list_keys_are_plain(scholar: Scholar) -> None:
    result = scholar("list", HOSTILE, "-f", "keys")
    keys = result.stdout.split("\n")[:-1]
    assert len(keys) == 14
    assert all(re.fullmatch(r"[a-z0-9]+", k) for k in keys), keys


# --- search --------------------------------------------------------------------------------

QUERY = "markup OR escapes OR script OR formula OR hyperlink OR bidi OR primitives"


def test_search_piped(scholar: Scholar) -> None:
    piped = scholar("search", QUERY, HOSTILE)
    assert piped.exit_code == 0, piped.stderr
    assert_inert(piped.stdout, "search table")
    assert MARKUP in piped.stdout and SCRIPT in piped.stdout
    assert "\\x1b[2J" in piped.stdout


def test_search_on_a_terminal(scholar: Scholar, terminal: None) -> None:
    result = scholar("search", QUERY, HOSTILE)
    assert result.exit_code == 0
    assert_terminal_safe(result.stdout, "search on a terminal")
    shown = RICH_SGR.sub("", result.stdout)
    # The matched word is highlighted (a style around it), the rest prints as written.
    assert "[bold red]" in shown and "[link=https://evil.example/]" in shown
    assert "<img src=x onerror=alert(1)>" in shown
    assert "\\x1b[2J" in shown


@pytest.mark.parametrize("fmt", ["json", "jsonl", "csv", "keys"])
def test_search_formats(scholar: Scholar, fmt: str) -> None:
    result = scholar("search", QUERY, HOSTILE, "-f", fmt)
    assert result.exit_code == 0
    if fmt != "csv":  # CSV keeps the data as it is, like JSON (only formulas are defused)
        assert_inert(result.stdout, f"search -f {fmt}")
    if fmt == "json":
        titles = {h["title"] for h in json.loads(result.stdout)}
        assert (
            MARKUP in titles
            and SCRIPT + " and <img src=x onerror=alert(1)> & &amp; entities" in titles
        )
    elif fmt == "csv":
        assert_no_formula(csv_cells(result.stdout), "search -f csv")


# --- export --------------------------------------------------------------------------------


@pytest.mark.parametrize("fmt", sorted(WRITERS))
def test_export_every_format_is_inert(scholar: Scholar, fmt: str) -> None:
    result = scholar("export", HOSTILE, "-f", fmt)
    assert (result.exit_code, result.stderr) == (0, "")
    out = result.stdout
    if fmt == "csv":
        # CSV is data, like JSON: it keeps every character, and only formulas are defused.
        assert_no_formula(csv_cells(out), "export -f csv")
    else:
        assert_inert(out, f"export -f {fmt}")
    if fmt == "html":
        assert "<script" not in out.lower() and "<img" not in out and "<iframe" not in out
        assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in out
        hrefs = re.findall(r'href="([^"]*)"', out)
        assert not [h for h in hrefs if h.strip().lower().startswith("javascript:")]
    if fmt == "markdown":
        # Markdown passes raw HTML through to the page: every "<" is escaped as "\<" but
        # the one around a link's address, "](<https://...>)".
        assert re.findall(r"(?<![\\(])<", out) == []
        assert "\\<script\\>alert('x')\\</script\\>" in out


@pytest.mark.parametrize("fmt", ["json", "jsonl", "csl-json"])
def test_export_json_formats_read_back_exactly(scholar: Scholar, tmp_path: Path, fmt: str) -> None:
    out = tmp_path / ("refs.csl.json" if fmt == "csl-json" else f"refs.{fmt}")
    assert scholar("export", HOSTILE, "-f", fmt, "-o", out).exit_code == 0
    back = scholar("list", out, "-f", "json")
    assert back.exit_code == 0, back.stderr
    papers = json.loads(back.stdout)
    assert [p["title"] for p in papers] == corpus_titles()
    original = json.loads(scholar("list", HOSTILE, "-f", "json").stdout)
    assert [p["authors"] for p in papers] == [p["authors"] for p in original]
    assert [p["abstract"] for p in papers] == [p["abstract"] for p in original]


@pytest.mark.toolchain
def test_markdown_export_renders_no_html(scholar: Scholar, tmp_path: Path) -> None:
    need("pandoc")
    out = tmp_path / "papers.md"
    assert scholar("export", HOSTILE, "-f", "markdown", "-o", out).exit_code == 0
    html = run(["pandoc", "-f", "commonmark", "-t", "html", str(out)], tmp_path).stdout
    assert "<script" not in html and "<img" not in html and "<iframe" not in html
    assert "&lt;script&gt;alert(" in html


@pytest.mark.toolchain
def test_export_bibtex_compiles_and_prints_the_primitives(scholar: Scholar, tmp_path: Path) -> None:
    need("pdflatex")
    need("bibtex")
    need("pdftotext")
    need("lmodern.sty")
    result = scholar("export", HOSTILE, "-f", "bibtex", "-o", tmp_path / "refs.bib")
    assert result.exit_code == 0, result.stderr
    # build_bibtex fails on any LaTeX or BibTeX error or warning.
    pdf = build_bibtex(tmp_path, "\\usepackage[T1]{fontenc}\n\\usepackage{lmodern}\n")
    text = run(["pdftotext", "-raw", "-enc", "UTF-8", str(pdf), "-"], tmp_path).stdout
    # Undo what typesetting does: hyphenated line breaks, lines, T1's left quote for "`".
    flat = re.sub(r"\s+", " ", re.sub(r"-\n", "", text)).replace("‘", "`")
    for shown in (
        "\\input{/etc/passwd}",
        "\\write18{touch pwned}",
        "\\csname relax\\endcsname",
        "\\openout1=pwned",
        "\\catcode",
        "\\def\\x{y}\\x",
    ):
        assert shown.lower() in flat.lower(), shown
    # Nothing ran: no file was written, no file was read into the document.
    assert not list(tmp_path.glob("pwned*"))
    assert "root:" not in text


# --- stats ---------------------------------------------------------------------------------


def test_stats_piped_json_and_markdown(scholar: Scholar) -> None:
    table = scholar("stats", HOSTILE, "--owner", "Eve")
    assert table.exit_code == 0, table.stderr
    assert_inert(table.stdout, "stats table")
    as_json = scholar("stats", HOSTILE, "-f", "json").stdout
    assert_inert(as_json, "stats -f json")  # controls are \u escapes in the JSON text...
    assert "Osc \x1b]0;pwned\x07Title" in strings(json.loads(as_json))  # ...the data, parsed
    markdown = scholar("stats", HOSTILE, "-f", "markdown").stdout
    assert_inert(markdown, "stats markdown")
    assert "<script" not in markdown.lower()


def test_stats_dashboard_on_a_terminal(scholar: Scholar, terminal: None, tmp_path: Path) -> None:
    svg, html = tmp_path / "d.svg", tmp_path / "d.html"
    result = scholar("stats", HOSTILE, "--svg", svg, "--html", html)
    assert result.exit_code == 0, result.stderr
    assert_terminal_safe(result.stdout, "stats dashboard")
    for path in (svg, html):
        saved = path.read_text(encoding="utf-8")
        assert_inert(saved, path.name)
        assert "<script" not in saved.lower()
        shown = saved.replace("&#160;", " ")
        assert "Mallory [red]Red[/" in shown  # a co-author, markup and all (cut to fit)
        assert "&lt;b&gt;Bold&lt;/b&gt; Author" in shown
    shown = RICH_SGR.sub("", result.stdout)
    assert "Mallory [red]Red[/" in shown and "<b>Bold</b> Author" in shown
    assert "Ansi \\x1b[1mBold" in shown


# --- dedupe, check, import -----------------------------------------------------------------


@pytest.fixture
def twice(tmp_path: Path) -> Path:
    """The corpus in a second file: every paper is then a duplicate, shown with its title."""
    copy = tmp_path / "copy.txt"
    shutil.copy(HOSTILE, copy)
    return copy


def test_dedupe_piped_and_json(scholar: Scholar, twice: Path) -> None:
    piped = scholar("dedupe", HOSTILE, twice)
    assert piped.exit_code == 0, piped.stderr
    assert_inert(piped.stdout, "dedupe table")
    found = json.loads(scholar("dedupe", HOSTILE, twice, "-f", "json").stdout)
    assert len(found["clusters"]) == 14


def test_dedupe_on_a_terminal(scholar: Scholar, twice: Path, terminal: None) -> None:
    result = scholar("dedupe", HOSTILE, twice)
    assert result.exit_code == 0, result.stderr
    assert_terminal_safe(result.stdout, "dedupe on a terminal")
    shown = RICH_SGR.sub("", result.stdout)
    assert MARKUP in shown and SCRIPT in shown  # the titles of the records
    assert "Escapes \\x1b[2J" in shown


@pytest.mark.parametrize("fmt", ["text", "json", "github", "sarif"])
def test_check_every_format(scholar: Scholar, twice: Path, fmt: str) -> None:
    result = scholar("check", HOSTILE, twice, "-f", fmt)
    assert result.exit_code == 1  # every work is there twice
    assert_inert(result.stdout, f"check -f {fmt}")
    if fmt in ("json", "sarif"):
        json.loads(result.stdout)


def test_import_then_the_library_listed(scholar: Scholar) -> None:
    imported = scholar("import", HOSTILE)
    assert imported.exit_code == 0, imported.stderr
    assert_inert(imported.stderr, "import report")
    listed = scholar("list")
    assert_inert(listed.stdout, "library list")
    assert MARKUP in listed.stdout
    back = json.loads(scholar("list", "-f", "json").stdout)
    assert sorted(p["title"] for p in back) == sorted(corpus_titles())
    info = scholar("library", "info")
    assert info.exit_code == 0
    assert_inert(info.stdout + info.stderr, "library info")
