"""`scholar search` end to end: the issue's acceptance lines, formats, errors, hostile data."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from rich.console import Console

from scholarcli.cli.render import HIGHLIGHT_STYLE, highlighted, paper_table
from scholarcli.model import Paper

from conftest import DATA, Scholar

PRUNING_TITLES = {
    "Towards Robust Pruning: An Adaptive Knowledge-Retention Pruning Strategy for Language Models",
    "Greedy Output Approximation: Towards Efficient Structured Pruning for LLMs Without Retraining",
    "Breaking through Deterministic Barriers: Randomized Pruning Mask Generation and Selection",
}
GRADIENT_DEFENSES = "Optimal Defenses Against Gradient Reconstruction Attacks"


def search_json(scholar: Scholar, *args: object) -> list[dict[str, object]]:
    result = scholar("search", *args, "--format", "json")
    assert result.exit_code == 0, result.stderr
    papers: list[dict[str, object]] = json.loads(result.stdout)
    return papers


def test_acceptance_1_pruning_titles_then_the_abstract_mention(
    scholar: Scholar, seed: Path
) -> None:
    papers = search_json(scholar, "pruning", seed)
    assert {p["title"] for p in papers[:3]} == PRUNING_TITLES
    assert papers[3]["title"] == GRADIENT_DEFENSES
    scores = [p["score"] for p in papers]
    assert all(isinstance(s, float) for s in scores)
    assert scores == sorted(scores, reverse=True)  # type: ignore[type-var]
    # Every key of DESIGN section 3 is there, with "score" added.
    assert {"key", "title", "authors", "authors_truncated", "affiliation", "category", "date",
            "year", "has_code", "code_url", "abstract", "score"} <= set(papers[0])  # fmt: skip


def test_acceptance_2_a_typo_gives_the_same_top_3(scholar: Scholar, seed: Path) -> None:
    exact = search_json(scholar, "pruning", seed)
    typo = search_json(scholar, "prunning", seed)
    assert [p["key"] for p in typo[:3]] == [p["key"] for p in exact[:3]]


def test_acceptance_3_author_and_year(scholar: Scholar, seed: Path) -> None:
    papers = search_json(scholar, 'author:"Jason D. Lee" year:2021', seed)
    assert len(papers) == 5
    for paper in papers:
        assert paper["year"] == 2021
        assert "Jason D. Lee" in paper["authors"]  # type: ignore[operator]


def test_acceptance_4_gursoy_and_cv(scholar: Scholar, seed: Path) -> None:
    papers = search_json(scholar, "gursoy", seed)
    assert papers[0]["title"] == GRADIENT_DEFENSES
    assert "Gamze Gürsoy" in papers[0]["authors"]  # type: ignore[operator]
    cv = search_json(scholar, "cat:CV", seed)
    assert [p["category"] for p in cv] == ["CV"] * 4


def test_plain_table_when_piped_has_the_score_last(scholar: Scholar, seed: Path) -> None:
    result = scholar("search", "pruning", seed, "--limit", "2")
    assert result.exit_code == 0, result.stderr
    lines = result.stdout.splitlines()
    assert len(lines) == 2
    cells = lines[0].split("\t")
    assert cells[0] == "li2023towards"
    assert float(cells[-1]) > float(lines[1].split("\t")[-1])
    assert "showing the best 2 of 4 matches" in result.stderr


def test_keys_jsonl_and_csv(scholar: Scholar, seed: Path) -> None:
    keys = scholar("search", "pruning", seed, "-f", "keys")
    assert keys.stdout.split() == ["li2023towards", "li2024greedy", "li2023breaking",
                                   "chen2024optimal"]  # fmt: skip
    jsonl = scholar("search", "pruning", seed, "-f", "jsonl")
    objects = [json.loads(line) for line in jsonl.stdout.splitlines()]
    assert [o["key"] for o in objects] == keys.stdout.split()
    assert all(o["score"] > 0 for o in objects)
    rows = list(csv.DictReader(io.StringIO(scholar("search", "pruning", seed, "-f", "csv").stdout)))
    assert [r["key"] for r in rows] == keys.stdout.split()
    assert float(rows[0]["score"]) == objects[0]["score"]


def test_limit_zero_shows_all(scholar: Scholar, seed: Path) -> None:
    everything = scholar("search", "learning", seed, "-f", "keys", "--limit", "0")
    default = scholar("search", "learning", seed, "-f", "keys")
    assert len(default.stdout.split()) == 20
    assert len(everything.stdout.split()) > 20
    assert "showing" not in everything.stderr


def test_no_results_is_empty_output_exit_0_and_a_hint(scholar: Scholar, seed: Path) -> None:
    for fmt in ("table", "keys", "jsonl", "csv"):
        result = scholar("search", "zyxwvut", seed, "-f", fmt)
        assert (result.exit_code, result.stdout) == (0, "")
        assert "no papers match 'zyxwvut'" in result.stderr
    as_json = scholar("search", "zyxwvut", seed, "-f", "json")
    assert (as_json.exit_code, json.loads(as_json.stdout)) == (0, [])


@pytest.mark.parametrize(
    ("query", "says"),
    [
        ("year:abc", "year:abc: expected a year (year:2023), a range (year:2021..2023)"),
        ('"open', 'a quote (") is not closed'),
        ("(pruning", "a '(' is not closed"),
        ("code:maybe", "expected code:yes or code:no"),
    ],
)
def test_malformed_query_is_a_usage_error(
    scholar: Scholar, seed: Path, query: str, says: str
) -> None:
    result = scholar("search", query, seed)
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr.startswith("scholar: bad query")
    assert says in result.stderr
    assert "Traceback" not in result.stderr


def test_a_bad_query_fails_before_reading_inputs(scholar: Scholar, tmp_path: Path) -> None:
    result = scholar("search", "year:abc", tmp_path / "missing.bib")
    assert result.exit_code == 2
    assert "bad query" in result.stderr
    assert "missing.bib" not in result.stderr


def test_unreadable_input_is_exit_2(scholar: Scholar, tmp_path: Path) -> None:
    result = scholar("search", "pruning", tmp_path / "missing.bib")
    assert result.exit_code == 2
    assert "missing.bib" in result.stderr
    assert result.stdout == ""


def test_stdin_and_output_file(scholar: Scholar, seed: Path, tmp_path: Path) -> None:
    out = tmp_path / "found.json"
    result = scholar(
        "search", "gursoy", "-", "-f", "json", "-o", out, input=seed.read_text(encoding="utf-8")
    )
    assert (result.exit_code, result.stdout) == (0, "")
    assert json.loads(out.read_text(encoding="utf-8"))[0]["title"] == GRADIENT_DEFENSES


def test_accents_in_bibtex_and_hostile_titles(scholar: Scholar) -> None:
    bib = DATA / "search.bib"
    result = scholar("search", "muller gursoy", bib, "-f", "keys")
    assert result.stdout == "muller2021sparse\n"
    table = scholar("search", "pruning", bib)
    assert table.exit_code == 0
    assert "\x1b" not in table.stdout
    assert "\\x1b[31m" in table.stdout
    assert "[bold red]Pruning[/bold red]" in table.stdout
    rows = list(csv.DictReader(io.StringIO(scholar("search", "pruning", bib, "-f", "csv").stdout)))
    assert {r["title"] for r in rows if r["key"] == "formula2024"} == {
        '\'=HYPERLINK("http://evil") pruning'
    }


def test_inflections_in_abstracts(scholar: Scholar) -> None:
    # "prune" and "Pruned" in the abstract, "Pruning" in the title: one paper, one score.
    result = scholar("search", "abstract:pruning", DATA / "search.bib", "-f", "keys")
    assert result.stdout == "muller2021sparse\n"


def test_highlight_styles_matched_words_and_never_reads_markup() -> None:
    text = highlighted(
        "[bold]Robust[/bold] Pruning of Gürsoy's \x1b[31mNets", {"pruning", "gursoy"}
    )
    assert text.plain == "[bold]Robust[/bold] Pruning of Gürsoy's \\x1b[31mNets"
    lit = sorted(text.plain[s.start : s.end] for s in text.spans if s.style == HIGHLIGHT_STYLE)
    assert lit == ["Gürsoy", "Pruning"]


def test_hits_table_on_a_terminal_lights_up_the_title() -> None:
    paper = Paper(key="k1", title="Robust [red]Pruning[/red]", authors=("A. B",), year=2024)
    console = Console(file=io.StringIO(), force_terminal=True, color_system="standard", width=120)
    console.print(paper_table([paper], scores={"k1": 1.5}, highlight={"pruning"}))
    shown = console.file.getvalue()  # type: ignore[attr-defined]
    assert "[red]" in shown  # the data's markup is printed, not obeyed
    assert "\x1b[1;33mPruning" in shown
    assert "1.50" in shown


def test_strict_and_encoding_as_for_list(scholar: Scholar, tmp_path: Path) -> None:
    bib = tmp_path / "x.bib"
    bib.write_text("@misc{a, title={Pruning}, journal = undefinedmacro}\n")
    lenient = scholar("search", "pruning", bib, "-f", "keys")
    assert (lenient.exit_code, lenient.stdout) == (0, "a\n")
    strict = scholar("search", "pruning", bib, "-f", "keys", "--strict")
    assert (strict.exit_code, strict.stdout) == (2, "")
    assert f"scholar: {bib}:1: 1 problem(s) reading this input" in strict.stderr
    latin = scholar("search", "muller cafe", DATA / "latin1.bib", "-f", "keys")
    assert latin.stdout == "latin\n"
    named = scholar("search", "muller", DATA / "latin1.bib", "-f", "keys", "--encoding", "latin-1")
    assert named.stdout == "latin\n"
    wrong = scholar("search", "muller", DATA / "latin1.bib", "--encoding", "utf-8")
    assert (wrong.exit_code, wrong.stdout) == (2, "")


LIBRARY_QUERIES = [
    "pruning",
    "prunning",
    'author:"Jason D. Lee" year:2021',
    "gursoy",
    "cat:CV",
    "efficient learning",
    '"gradient descent"',
    "reconstuction -attacks",
    "bandits OR pruning code:no",
]


def test_library_search_ranks_as_the_file_does(scholar: Scholar, seed: Path) -> None:
    assert scholar("import", seed).exit_code == 0
    top = json.loads(scholar("search", "pruning", "-f", "json").stdout)
    assert [p["title"].split(":")[0] for p in top[:4]] == [
        "Towards Robust Pruning",
        "Greedy Output Approximation",
        "Breaking through Deterministic Barriers",
        "Optimal Defenses Against Gradient Reconstruction Attacks",
    ]
    for query in LIBRARY_QUERIES:
        from_library = scholar("search", query, "-f", "json", "-n", "0")
        from_file = scholar("search", query, seed, "-f", "json", "-n", "0")
        assert from_library.exit_code == from_file.exit_code == 0
        assert from_library.stdout == from_file.stdout, query


def test_search_on_an_empty_library_says_how_to_fill_it(scholar: Scholar) -> None:
    result = scholar("search", "pruning", "-f", "json")
    assert (result.exit_code, result.stdout) == (0, "[]\n")
    assert "is empty; add papers with: scholar import FILE" in result.stderr
