"""`scholar export`: formats, golden files, -o and its suffix, --check, --keys-from, --highlight."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from tests.conftest import DATA, Scholar

GOLDEN = DATA / "golden"
# format -> golden file name; every format of the issue for the seed.
GOLDEN_FILES = {
    "bibtex": "profile.bib",
    "biblatex": "profile.biblatex.bib",
    "csl-json": "profile.csl.json",
    "ris": "profile.ris",
    "markdown": "profile.md",
    "html": "profile.html",
    "csv": "profile.csv",
    "json": "profile.json",
    "jsonl": "profile.jsonl",
    "keys": "profile.keys",
}


def _golden(name: str, text: str) -> str:
    """The golden file's text; SCHOLAR_UPDATE_GOLDEN=1 rewrites it from ``text`` first."""
    path = GOLDEN / name
    if os.environ.get("SCHOLAR_UPDATE_GOLDEN") == "1":
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8", newline="\n")
    return path.read_text(encoding="utf-8")


@pytest.mark.parametrize("fmt", list(GOLDEN_FILES))
def test_every_format_of_the_seed_matches_its_golden_file(
    scholar: Scholar, seed: Path, fmt: str
) -> None:
    result = scholar("export", seed, "-f", fmt, "--highlight", "Qi Lei")
    assert result.exit_code == 0, result.stderr
    assert result.stdout == _golden(GOLDEN_FILES[fmt], result.stdout)
    assert "the heading claims 61 papers; the listing holds 50" in result.stderr


def test_hostile_titles_match_their_golden_bibtex(scholar: Scholar) -> None:
    result = scholar("export", DATA / "hostile.txt", "-f", "bibtex")
    assert result.exit_code == 0, result.stderr
    assert result.stdout == _golden("hostile.bib", result.stdout)


def test_format_defaults_from_the_output_suffix(
    scholar: Scholar, seed: Path, tmp_path: Path
) -> None:
    for name, first in [
        ("refs.bib", "@misc{yang2022nearly,"),
        ("refs.ris", "TY  - GEN"),
        ("papers.md", "## 2026"),
        ("papers.html", '<section class="publications">'),
        ("refs.csl.json", "["),
    ]:
        out = tmp_path / name
        result = scholar("export", seed, "-o", out)
        assert result.exit_code == 0, result.stderr
        assert result.stdout == ""
        assert out.read_text(encoding="utf-8").startswith(first), name
    items = json.loads((tmp_path / "refs.csl.json").read_text(encoding="utf-8"))
    assert items[0]["type"] == "article"
    assert items[0]["id"] == "yang2022nearly"


def test_unknown_suffix_without_format_is_a_usage_error(
    scholar: Scholar, seed: Path, tmp_path: Path
) -> None:
    result = scholar("export", seed, "-o", tmp_path / "refs.xyz")
    assert result.exit_code == 2
    assert result.stdout == ""
    assert "cannot tell the format" in result.stderr
    assert not (tmp_path / "refs.xyz").exists()


def test_no_format_and_no_output_writes_bibtex(scholar: Scholar, seed: Path) -> None:
    result = scholar("export", seed)
    assert result.exit_code == 0
    assert result.stdout.startswith("@misc{yang2022nearly,\n")
    assert result.stdout.count("\n@misc{") == 49


def test_check_exits_0_when_up_to_date_and_1_with_a_diff(
    scholar: Scholar, seed: Path, tmp_path: Path
) -> None:
    refs = tmp_path / "refs.bib"
    assert scholar("export", seed, "-o", refs).exit_code == 0
    before = refs.read_bytes()

    same = scholar("export", seed, "--check", "-o", refs)
    assert same.exit_code == 0
    assert same.stdout == ""
    assert "is up to date" in same.stderr

    refs.write_text(before.decode().replace("Nearly Minimax", "Nearly Maximin"), encoding="utf-8")
    changed = refs.read_bytes()
    differ = scholar("export", seed, "--check", "-o", refs)
    assert differ.exit_code == 1
    assert differ.stdout == ""
    assert "--- " + str(refs) in differ.stderr
    assert "-  title = {Nearly Maximin Algorithms" in differ.stderr
    assert "+  title = {Nearly Minimax Algorithms" in differ.stderr
    assert refs.read_bytes() == changed  # --check writes nothing


def test_check_on_a_missing_file_differs(scholar: Scholar, seed: Path, tmp_path: Path) -> None:
    result = scholar("export", seed, "--check", "-o", tmp_path / "none.bib")
    assert result.exit_code == 1
    assert "+@misc{yang2022nearly," in result.stderr
    assert not (tmp_path / "none.bib").exists()


def test_check_needs_an_output_file(scholar: Scholar, seed: Path) -> None:
    result = scholar("export", seed, "--check")
    assert result.exit_code == 2
    assert "--check needs -o FILE" in result.stderr


def test_keys_from_keeps_the_keys_of_an_old_bibliography(
    scholar: Scholar, seed: Path, tmp_path: Path
) -> None:
    old = tmp_path / "cv.bib"
    old.write_text((DATA / "old_cv.bib").read_text(encoding="utf-8"), encoding="utf-8")
    result = scholar("export", seed, "--keys-from", old, "-f", "keys")
    assert result.exit_code == 0, result.stderr
    keys = result.stdout.split()
    assert len(keys) == 50
    assert keys[0] == "Yang:2022:bandits"  # same title, other case and braces
    assert keys[1] == "wang-gradient"  # year one off (the preprint)
    assert "lee2020predicting" in keys  # other first author in the old file: no match
    assert "Lee2020predicting" not in keys
    # An old key taken by the paper it names elsewhere: the new paper of that key moves aside.
    assert keys[keys.index("du2020few") - 1] == "du2020fewa"
    assert keys.count("du2020few") == 1
    assert "kept 3 of 50 keys from" in result.stderr


def test_keys_from_can_rewrite_the_same_file(scholar: Scholar, seed: Path, tmp_path: Path) -> None:
    cv = tmp_path / "cv.bib"
    cv.write_text((DATA / "old_cv.bib").read_text(encoding="utf-8"), encoding="utf-8")
    result = scholar("export", seed, "--keys-from", cv, "-o", cv)
    assert result.exit_code == 0, result.stderr
    text = cv.read_text(encoding="utf-8")
    assert text.startswith("@misc{Yang:2022:bandits,\n")
    assert "@misc{wang-gradient,\n" in text


def test_highlight_bolds_the_owner(scholar: Scholar, seed: Path) -> None:
    md = scholar("export", seed, "-f", "markdown", "--highlight", "q. lei")
    assert md.exit_code == 0
    assert "Jiaqi Yang, **Qi Lei**, Jason D. Lee et al." in md.stdout
    html = scholar("export", seed, "-f", "html", "--highlight", "Qi Lei")
    assert '<strong class="owner">Qi Lei</strong>' in html.stdout


@pytest.mark.parametrize(
    ("flag", "fmt", "expected"),
    [
        (None, "bibtex", 'G{\\"u}rsoy, Gamze'),
        (None, "biblatex", "Gürsoy, Gamze"),
        ("--unicode", "bibtex", "Gürsoy, Gamze"),
        ("--ascii", "biblatex", 'G{\\"u}rsoy, Gamze'),
    ],
)
def test_unicode_and_ascii(
    scholar: Scholar, seed: Path, flag: str | None, fmt: str, expected: str
) -> None:
    args = ["export", seed, "-f", fmt] + ([flag] if flag else [])
    result = scholar(*args)
    assert result.exit_code == 0
    assert expected in result.stdout
    if flag == "--ascii":
        assert result.stdout.isascii()


def test_output_over_an_input_needs_force(scholar: Scholar, tmp_path: Path) -> None:
    bib = tmp_path / "refs.bib"
    bib.write_text("@misc{a, title={A}, year={2020}}\n", encoding="utf-8")
    refused = scholar("export", bib, "-o", bib)
    assert refused.exit_code == 2
    assert "is also an input" in refused.stderr
    forced = scholar("export", bib, "-o", bib, "--force")
    assert forced.exit_code == 0
    assert bib.read_text(encoding="utf-8") == "@misc{a,\n  title = {A},\n  year = {2020},\n}\n"


def test_unreadable_input_exits_2_without_traceback(scholar: Scholar, tmp_path: Path) -> None:
    result = scholar("export", tmp_path / "missing.txt")
    assert result.exit_code == 2
    assert result.stdout == ""
    assert "missing.txt: no such file" in result.stderr
    assert "Traceback" not in result.stderr


def test_strict_stops_on_a_problem(scholar: Scholar, tmp_path: Path) -> None:
    bib = tmp_path / "bad.bib"
    bib.write_text("@misc{a, title={A}, year={20x0}}\n", encoding="utf-8")
    assert scholar("export", bib).exit_code == 0
    strict = scholar("export", bib, "--strict")
    assert strict.exit_code == 2
    assert strict.stdout == ""


def test_stdin_and_encoding(scholar: Scholar) -> None:
    text = "@misc{a, author={G\xfcrsoy, Gamze}, title={T}, year={2020}}\n"
    result = scholar(
        "export", "-", "--encoding", "latin-1", "-f", "ris", input=text.encode("latin-1")
    )
    assert result.exit_code == 0, result.stderr
    assert "AU  - Gürsoy, Gamze\n" in result.stdout


def test_help_has_an_example_for_every_option(scholar: Scholar) -> None:
    result = scholar("export", "--help")
    assert result.exit_code == 0
    for option in ("--format", "--keys-from", "--highlight", "--unicode", "--check"):
        assert option in result.stdout
    assert result.stdout.count("Example") >= 5


def test_csv_cells_cannot_start_a_formula(scholar: Scholar, tmp_path: Path) -> None:
    bib = tmp_path / "evil.bib"
    bib.write_text(
        '@misc{a, title={=HYPERLINK("http://x","y")}, author={Minus}, abstract={@SUM(A1)}}\n',
        encoding="utf-8",
    )
    result = scholar("export", bib, "-f", "csv")
    assert result.exit_code == 0, result.stderr
    row = result.stdout.splitlines()[1]
    assert row == 'a,"\'=HYPERLINK(""http://x"",""y"")",Minus,false,,,,,,,false,,,\'@SUM(A1)'


def test_keys_from_a_missing_file_exits_2(scholar: Scholar, seed: Path, tmp_path: Path) -> None:
    result = scholar("export", seed, "--keys-from", tmp_path / "old.bib")
    assert result.exit_code == 2
    assert result.stdout == ""
    assert "old.bib: no such file" in result.stderr


def test_output_into_a_missing_folder_exits_2(scholar: Scholar, seed: Path, tmp_path: Path) -> None:
    result = scholar("export", seed, "-o", tmp_path / "nope" / "refs.bib")
    assert result.exit_code == 2
    assert "does not exist" in result.stderr
    assert "Traceback" not in result.stderr
