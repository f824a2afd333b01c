"""`scholar stats` end to end: the seed, a BibTeX CV with citation counts, hostile input."""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from scholarcli.cli.dashboard import WIDTH

from conftest import DATA, ROOT, Scholar

CITATIONS = DATA / "citations.bib"
HOSTILE = DATA / "hostile_stats.txt"
# Box drawing (U+2500-U+257F) and block elements (U+2580-U+259F): a terminal's, not a pipe's.
BOX_OR_BLOCK = re.compile("[\u2500-\u259f]")


def stats_json(scholar: Scholar, *args: object) -> dict[str, object]:
    result = scholar("stats", *args, "--format", "json")
    assert result.exit_code == 0, result.stderr
    data: dict[str, object] = json.loads(result.stdout)
    return data


def test_acceptance_1_seed_as_json(scholar: Scholar, seed: Path) -> None:
    result = scholar("--as-of", "2026-11-28", "stats", seed, "--format", "json")
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["total"] == 50
    assert data["by_year"] == {
        "2018": 2, "2020": 7, "2021": 7, "2022": 7, "2023": 5, "2024": 9, "2025": 11, "2026": 2,
    }  # fmt: skip
    assert data["by_category"] == {"LG": 39, "CV": 4, "ML": 3, "CL": 2, "AI": 1, "CR": 1}
    assert data["with_code"] == 3
    assert data["top_authors"][:3] == [["Qi Lei", 25], ["Jason D. Lee", 9], ["Yijun Dong", 7]]
    assert data["metrics"]["h_index"] == 15
    assert data["metrics"]["papers"] == 61
    assert data["metrics"]["citations"] == 2414
    # The further figures.
    assert {"year": 2019, "papers": 0, "new_coauthors": 0} in data["years"]
    assert data["categories"][0] == {
        "code": "LG", "arxiv": "cs.LG", "name": "Machine Learning", "papers": 39,
    }  # fmt: skip
    assert data["owner"]["name"] == "Qi Lei" and data["owner"]["inferred"] is True
    assert (data["claimed_papers"], data["listed"]) == (61, 50)
    assert data["truncated_author_lists"] == 36
    assert data["author_counts_are_lower_bounds"] is True
    assert data["citation_metrics"] is None
    assert "claims 61 papers; the listing holds 50" in result.stderr


def test_acceptance_2_svg_is_well_formed(scholar: Scholar, seed: Path, tmp_path: Path) -> None:
    target = tmp_path / "stats.svg"
    result = scholar("stats", seed, "--svg", target)
    assert result.exit_code == 0, result.stderr
    root = ET.parse(target).getroot()
    assert root.tag == "{http://www.w3.org/2000/svg}svg"
    shown = "".join(root.itertext()).replace("\xa0", " ")
    assert "Machine Learning (cs.LG)" in shown
    assert "Jason D. Lee" in shown
    assert f"saved the dashboard to {target}" in result.stderr
    assert "Papers per year" in result.stdout  # the dashboard still goes to stdout


def test_readme_shows_the_dashboard_of_the_seed() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "](docs/stats.svg)" in readme
    root = ET.parse(ROOT / "docs" / "stats.svg").getroot()
    shown = "".join(root.itertext()).replace("\xa0", " ")
    assert "50 papers · 2018–2026" in shown
    assert "The header claims 61 papers; the listing holds 50" in shown


def test_acceptance_3_bibtex_citations_give_h_and_i10(scholar: Scholar) -> None:
    data = stats_json(scholar, CITATIONS)
    # Hand count in tests/test_stats.py: h-index 7, i10-index 5, 246 citations in 10 papers.
    assert data["citation_metrics"] == {
        "papers": 10, "citations": 246, "h_index": 7, "i10_index": 5, "most_cited": 120,
    }  # fmt: skip
    assert data["metrics"] == {}  # a BibTeX file has no profile header
    result = scholar("stats", CITATIONS)
    assert "h-index 7, i10-index 5, 246 citations" in result.stdout
    assert "citations is not a whole number" in result.stderr


def test_dashboard_in_a_pipe_is_plain_text_within_80_columns(scholar: Scholar, seed: Path) -> None:
    result = scholar("stats", seed)
    assert result.exit_code == 0, result.stderr
    out = result.stdout
    assert "\x1b" not in out
    assert not BOX_OR_BLOCK.search(out)
    assert max(len(line) for line in out.splitlines()) <= WIDTH
    assert all(line == line.rstrip() for line in out.splitlines())
    assert re.search(r"^2019 +0$", out, re.MULTILINE)  # a year without papers is in the chart
    assert re.search(r"^2025 +#+ +11 +17$", out, re.MULTILINE)
    assert "Owner: Qi Lei (inferred: the most frequent author" in out
    assert "author counts are lower bounds" in out
    assert "Profile header: h-index 15 · citations 2,414" in out
    assert "The header claims 61 papers; the listing holds 50 (11 not listed)" in out
    assert re.search(r"^ML +Machine Learning \(stat\.ML\) +3 +6%", out, re.MULTILINE)
    assert "Top co-authors" in out and "Jason D. Lee" in out


def test_markdown(scholar: Scholar, seed: Path) -> None:
    result = scholar("stats", seed, "-f", "markdown")
    assert result.exit_code == 0, result.stderr
    out = result.stdout
    assert out.startswith("# Publication statistics\n")
    assert "| 2019 | 0 |  |\n" in out
    assert "| CV | Computer Vision (cs.CV) | 4 | 8% |\n" in out
    assert "| Jason D. Lee | 9 |\n" in out
    assert "  - named on 25 papers · first author of 2 · last author of 8\n" in out


def test_html_page(scholar: Scholar, seed: Path, tmp_path: Path) -> None:
    target = tmp_path / "stats.html"
    result = scholar("stats", seed, "--html", target, "-f", "json")
    assert result.exit_code == 0, result.stderr
    page = target.read_text(encoding="utf-8")
    assert page.lstrip().lower().startswith("<!doctype html>")
    assert "Computation and Language (cs.CL)" in page
    assert json.loads(result.stdout)["total"] == 50


@pytest.mark.parametrize(
    ("args", "total"),
    [
        (("--since", "2024"), 22),
        (("--until", "2020"), 9),
        (("--since", "2021-06", "--until", "2021-12-31"), 5),
        (("--year", "2025"), 11),
        (("--category", "CV,CL"), 6),
        (("--author", "jason d. lee"), 9),
        (("--since", "2030"), 0),
    ],
)
def test_filters_shared_with_list(
    scholar: Scholar, seed: Path, args: tuple[str, ...], total: int
) -> None:
    data = stats_json(scholar, seed, *args)
    listed = scholar("list", seed, *args, "-f", "keys").stdout.split()
    assert data["total"] == total == len(listed)
    assert data["listed"] == 50  # the header is still compared with the whole listing


def test_filters_narrow_every_figure(scholar: Scholar, seed: Path) -> None:
    data = stats_json(scholar, seed, "--category", "CV")
    assert data["by_category"] == {"CV": 4}
    assert sum(data["by_year"].values()) == 4
    assert data["top_authors"][0][1] <= 4


def test_the_dashboard_says_it_is_filtered(scholar: Scholar, seed: Path) -> None:
    out = scholar("stats", seed, "--since", "2024", "--owner", "Qi Lei").stdout
    assert out.splitlines()[1].startswith("22 papers (of 50 listed; filtered) · 2024–2026 · ")
    assert "Owner: Qi Lei (given with --owner)" in out
    assert "the listing holds 50 (11 not listed)" in out


def test_no_paper_left_after_filtering(scholar: Scholar, seed: Path) -> None:
    result = scholar("stats", seed, "--since", "2030")
    assert result.exit_code == 0, result.stderr
    assert "No papers (check the filters)." in result.stdout


def test_owner_option(scholar: Scholar, seed: Path) -> None:
    data = stats_json(scholar, seed, "--owner", "jason d. lee", "--top", "3")
    owner = data["owner"]
    assert (owner["name"], owner["inferred"], owner["papers"]) == ("Jason D. Lee", False, 9)
    # Co-authors are everyone else in the listing, not only the owner's co-authors.
    assert data["top_coauthors"] == [["Qi Lei", 25], ["Yijun Dong", 7], ["Hoang Phan", 6]]
    assert len(data["top_authors"]) == 3


def test_owner_nobody_matches_is_said_on_stderr(scholar: Scholar, seed: Path) -> None:
    result = scholar("stats", seed, "--owner", "Nobody Here", "-f", "json")
    assert result.exit_code == 0
    assert "no author matches --owner 'Nobody Here'" in result.stderr
    assert json.loads(result.stdout)["owner"]["papers"] == 0


def test_owner_matching_several_names_says_which(scholar: Scholar, seed: Path) -> None:
    result = scholar("stats", seed, "--owner", "li", "-f", "json")
    assert result.exit_code == 0
    assert "--owner 'li' matches 6 names, all counted as the owner: Jianwei Li, " in result.stderr
    assert json.loads(result.stdout)["owner"]["name"] == "Jianwei Li"


def test_owner_spelled_two_ways_is_one_name(scholar: Scholar) -> None:
    result = scholar("stats", CITATIONS, "--owner", "Qi Lei", "-f", "json")
    assert json.loads(result.stdout)["owner"]["spellings"] == ["Qi Lei", "QI LEI"]
    assert "--owner" not in result.stderr


def test_output_file_and_stdin(scholar: Scholar, seed: Path, tmp_path: Path) -> None:
    target = tmp_path / "stats.md"
    result = scholar("stats", "-", "-f", "markdown", "-o", target, input=seed.read_bytes())
    assert result.exit_code == 0, result.stderr
    assert result.stdout == ""
    assert "| LG | Machine Learning (cs.LG) | 39 | 78% |" in target.read_text(encoding="utf-8")


def test_refuses_to_overwrite_an_input(scholar: Scholar, seed: Path, tmp_path: Path) -> None:
    copy = tmp_path / "profile.txt"
    copy.write_bytes(seed.read_bytes())
    result = scholar("stats", copy, "--svg", copy)
    assert result.exit_code == 2
    assert "is also an input" in result.stderr
    assert copy.read_bytes() == seed.read_bytes()


def test_strict_fails_on_a_problem(scholar: Scholar) -> None:
    result = scholar("stats", CITATIONS, "--strict")
    assert result.exit_code == 2
    assert result.stdout == ""
    assert "citations.bib:97: " in result.stderr


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("missing.txt",), "missing.txt"),
        (("--since", "last year"), "--since 'last year'"),
        (("--top", "0"), "--top"),
        (("--format", "pdf"), "--format"),
    ],
)
def test_usage_errors_exit_2_without_traceback(
    scholar: Scholar, seed: Path, args: tuple[str, ...], message: str
) -> None:
    inputs = () if args[0] == "missing.txt" else (seed,)
    result = scholar("stats", *inputs, *args)
    assert result.exit_code == 2
    assert message in result.stderr
    assert "Traceback" not in result.stderr


def test_hostile_text_stays_text_everywhere(scholar: Scholar, tmp_path: Path) -> None:
    plain = scholar("stats", HOSTILE)
    assert plain.exit_code == 0, plain.stderr
    assert "\x1b" not in plain.stdout and "\x07" not in plain.stdout
    assert "\u202e" not in plain.stdout
    assert "\\x1b[31mRed" in plain.stdout  # shown, not obeyed
    assert "Owner: <script>alert(1)</script>" in plain.stdout
    assert re.search(r"^1067–2022 +0$", plain.stdout, re.MULTILINE)  # no 956 empty rows

    markdown = scholar("stats", HOSTILE, "-f", "markdown").stdout
    assert "<script>" not in markdown
    assert "&lt;script&gt;" in markdown
    assert r"Eve \[x\](javascript:alert(1))" in markdown
    assert r"Ann \$x\$ \*bold\* \_i\_ \`c\` \| pipe" in markdown

    svg, html = tmp_path / "h.svg", tmp_path / "h.html"
    result = scholar("stats", HOSTILE, "--svg", svg, "--html", html)
    assert result.exit_code == 0, result.stderr
    root = ET.parse(svg).getroot()
    assert not [el for el in root.iter() if el.tag.rpartition("}")[2] == "script"]
    assert "<script>alert" not in svg.read_text(encoding="utf-8")
    assert "<script>alert" not in html.read_text(encoding="utf-8")
    assert "\x1b" not in svg.read_text(encoding="utf-8") + html.read_text(encoding="utf-8")


def test_help_has_examples(scholar: Scholar) -> None:
    result = scholar("stats", "--help")
    assert result.exit_code == 0
    for option in ("--owner", "--top", "--svg", "--html", "--since", "--category", "--format"):
        assert option in result.stdout
    assert "scholar stats examples/profile.txt -f json" in result.stdout
