"""`scholar dedupe` end to end: JSON contract, --check, table, --threshold, --merge, errors."""

from __future__ import annotations

import io
import json
import sys
from pathlib import Path

import pytest

from conftest import DATA, ROOT, Scholar

sys.path.insert(0, str(ROOT / "benchmarks"))
from generate import make_planted, profile_text

TRAPS = DATA / "dedupe" / "traps.bib"


@pytest.fixture(scope="module")
def planted(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[tuple[int, int]]]:
    """A profile of 2,000 papers, 5% of them listed a second time with a small title edit."""
    records, pairs = make_planted(2000, 0.05, seed=3)
    path = tmp_path_factory.mktemp("planted") / "planted.txt"
    path.write_text(profile_text(records), encoding="utf-8")
    return path, pairs


def test_seed_json_reports_no_clusters_and_check_passes(scholar: Scholar, seed: Path) -> None:
    result = scholar("dedupe", seed, "--format", "json")
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout) == {"records": 50, "clusters": [], "versions": []}
    assert "0 cluster(s) of duplicates" in result.stderr
    checked = scholar("dedupe", seed, "--check")
    assert checked.exit_code == 0
    assert checked.stdout == ""


def test_planted_pairs_are_reported_and_check_fails(
    scholar: Scholar, planted: tuple[Path, list[tuple[int, int]]]
) -> None:
    path, pairs = planted
    keys = scholar("list", path, "-f", "keys").stdout.split()
    assert len(keys) == 2000
    result = scholar("dedupe", path, "-f", "json", "--check")
    assert result.exit_code == 1, result.stderr
    report = json.loads(result.stdout)
    assert report["records"] == 2000
    found = {tuple(sorted(keys.index(k) for k in c["keys"])) for c in report["clusters"]}
    assert found == set(pairs)
    assert report["versions"] == []
    assert "100 cluster(s) of duplicates (200 records)" in result.stderr


def test_merge_leaves_one_record_a_work_and_then_checks_clean(
    scholar: Scholar, planted: tuple[Path, list[tuple[int, int]]], tmp_path: Path
) -> None:
    path, pairs = planted
    before = path.read_bytes()
    merged = tmp_path / "merged.bib"
    result = scholar("dedupe", path, "--merge", "-o", merged)
    assert result.exit_code == 0, result.stderr
    assert result.stdout == ""
    assert path.read_bytes() == before  # the input is never modified
    papers = json.loads(scholar("list", merged, "-f", "json").stdout)
    assert len(papers) == 2000 - len(pairs)
    assert sum(1 for p in papers if p["extra"].get("merged_from")) == len(pairs)
    assert f"wrote {2000 - len(pairs)} records ({len(pairs)} merged away)" in result.stderr
    again = scholar("dedupe", merged, "--check")
    assert again.exit_code == 0, again.stdout


def test_table_in_a_pipe_is_one_line_a_finding(scholar: Scholar) -> None:
    result = scholar("dedupe", TRAPS)
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert len(lines) == 8
    kind, score, keys, reasons = lines[0].split("\t")
    assert (kind, score, keys) == ("duplicate", "0.970", "lee2020predicting lee2021predicting")
    assert reasons == "title 1.00; authors 4/4; year +1; preprint and publication"
    assert lines[-1].startswith("versions\t0.970\tdu2021fewshot du2022fewshot\t")


def test_related_versions_never_fail_check(scholar: Scholar, tmp_path: Path) -> None:
    text = TRAPS.read_text(encoding="utf-8")
    start = text.index("@inproceedings{du2021fewshot")
    end = text.index("% One work, listed by two databases")
    versions_only = tmp_path / "versions.bib"
    versions_only.write_text(text[start:end], encoding="utf-8")
    result = scholar("dedupe", versions_only, "--check", "-f", "json")
    assert result.exit_code == 0
    report = json.loads(result.stdout)
    assert report["clusters"] == []
    assert [v["keys"] for v in report["versions"]] == [["du2021fewshot", "du2022fewshot"]]


def test_threshold_option(scholar: Scholar, tmp_path: Path) -> None:
    bib = tmp_path / "near.bib"
    bib.write_text(
        "@misc{a, author={Lee, Ann}, title={Learning sparse networks for speech}, year=2020}\n"
        "@misc{b, author={Lee, Ann}, title={Learning sparse networks for speech recognition},"
        " year=2020}\n",
        encoding="utf-8",
    )
    loose = scholar("dedupe", bib, "--threshold", "0.8", "-f", "json")
    assert [c["keys"] for c in json.loads(loose.stdout)["clusters"]] == [["a", "b"]]
    strict = scholar("dedupe", bib, "-t", "0.95", "-f", "json")
    assert json.loads(strict.stdout)["clusters"] == []
    bad = scholar("dedupe", bib, "--threshold", "1.5")
    assert bad.exit_code == 2
    assert "1.5" in bad.stderr


def test_several_inputs_and_stdin(scholar: Scholar, seed: Path) -> None:
    text = seed.read_text(encoding="utf-8")
    result = scholar("dedupe", seed, "-", "-f", "json", input=text)
    assert result.exit_code == 0, result.stderr
    report = json.loads(result.stdout)
    assert report["records"] == 100
    assert len(report["clusters"]) == 50
    first = report["clusters"][0]
    assert first["score"] == 1.0
    assert first["reasons"] == ["title 1.00", f"authors {first['reasons'][1][8:]}", "same year"]


def test_merge_needs_an_output_and_refuses_to_overwrite_an_input(
    scholar: Scholar, tmp_path: Path
) -> None:
    refs = tmp_path / "refs.json"
    assert scholar("list", TRAPS, "-f", "json", "-o", refs).exit_code == 0
    before = refs.read_bytes()
    no_output = scholar("dedupe", refs, "--merge")
    assert no_output.exit_code == 2
    assert "--merge needs -o OUT" in no_output.stderr
    onto_input = scholar("dedupe", refs, "--merge", "-o", refs)
    assert onto_input.exit_code == 2
    assert "is also an input; refusing to overwrite it" in onto_input.stderr
    assert "cluster(s)" not in onto_input.stderr  # refused before any work
    assert refs.read_bytes() == before
    unknown = scholar("dedupe", refs, "--merge", "-o", tmp_path / "merged.xyz")
    assert unknown.exit_code == 2
    assert "cannot tell the output format" in unknown.stderr
    forced = scholar("dedupe", refs, "--merge", "-o", refs, "--force")
    assert forced.exit_code == 0, forced.stderr
    assert len(json.loads(refs.read_text(encoding="utf-8"))) == 31 - 7


def test_report_to_a_file(scholar: Scholar, tmp_path: Path) -> None:
    out = tmp_path / "report.json"
    result = scholar("dedupe", TRAPS, "-f", "json", "-o", out, "--check")
    assert result.exit_code == 1
    assert result.stdout == ""
    assert len(json.loads(out.read_text(encoding="utf-8"))["clusters"]) == 7


def test_unreadable_input_is_a_usage_error(scholar: Scholar, tmp_path: Path) -> None:
    missing = scholar("dedupe", tmp_path / "nope.bib")
    assert missing.exit_code == 2
    assert "nope.bib: no such file" in missing.stderr
    assert "Traceback" not in missing.stderr


def test_hostile_text_stays_text(scholar: Scholar, tmp_path: Path) -> None:
    bib = tmp_path / "evil.bib"
    title = "Owned \x1b]8;;http://evil.example\x07link\x1b[2J and [bold]markup[/bold]"
    bib.write_text(
        f"@misc{{evil1, author={{Doe, Jane}}, title={{{title}}}, year=2020}}\n"
        f"@misc{{evil2, author={{Doe, Jane}}, title={{{title}}}, year=2020}}\n",
        encoding="utf-8",
    )
    result = scholar("dedupe", bib)
    assert result.exit_code == 0
    assert "\x1b" not in result.stdout
    assert result.stdout.startswith("duplicate\t")


def test_merge_in_the_library_and_undo(scholar: Scholar, tmp_path: Path) -> None:
    records, _ = make_planted(300, 0.05, seed=5)
    profile = tmp_path / "planted.txt"
    profile.write_text(profile_text(records), encoding="utf-8")
    assert scholar("import", profile).exit_code == 0
    # The import already folded copies whose title differs only in case or punctuation
    # (one identity); copies with a dropped letter are left for dedupe.
    before = scholar("list", "-f", "jsonl").stdout
    found = json.loads(scholar("dedupe", "-f", "json").stdout)
    clusters = found["clusters"]
    assert clusters and all(len(c["keys"]) == 2 for c in clusters)
    assert scholar("dedupe", "--check").exit_code == 1

    merged = scholar("dedupe", "--merge")
    assert merged.exit_code == 0
    assert f"merged {2 * len(clusters)} records into {len(clusters)} in the library" in (
        merged.stderr
    )
    after = [json.loads(line) for line in scholar("list", "-f", "jsonl").stdout.splitlines()]
    assert len(after) == found["records"] - len(clusters)
    # A merged record keeps one key and lists the others it was made from.
    merged_groups = sorted(
        sorted([p["key"], *p["extra"]["merged_from"].split(", ")])
        for p in after
        if "merged_from" in p["extra"]
    )
    assert merged_groups == sorted(sorted(c["keys"]) for c in clusters)
    assert scholar("dedupe", "--check").exit_code == 0

    undone = scholar("dedupe", "--undo")
    assert undone.exit_code == 0 and "undone: dedupe --merge" in undone.stderr
    assert scholar("list", "-f", "jsonl").stdout == before
    nothing = scholar("dedupe", "--undo")
    assert nothing.exit_code == 2 and "nothing to undo" in nothing.stderr


def test_undo_takes_no_files(scholar: Scholar) -> None:
    result = scholar("dedupe", str(TRAPS), "--undo")
    assert result.exit_code == 2 and "give it no files" in result.stderr


def test_help_has_examples(scholar: Scholar) -> None:
    result = scholar("dedupe", "--help")
    assert result.exit_code == 0
    for text in ("--check", "--threshold", "--merge", "scholar dedupe cv.bib --check"):
        assert text in result.stdout


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_rich_table_on_a_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    from scholarcli.cli.render import print_dedupe
    from scholarcli.model import Paper

    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.setenv("COLUMNS", "120")
    papers = [
        Paper(key="a2020", title="Attention \x1b[31mis\x1b[0m all you need", year=2020),
        Paper(key="b2020", title="Attention is all you need.", year=2020),
    ]
    out = _Terminal()
    print_dedupe(papers, [("duplicate", 0.97, (0, 1), ("title 0.97", "same year"))], out)
    text = out.getvalue()
    assert "\x1b[31m" not in text  # the title's escape is shown, not obeyed
    assert "\\x1b[31m" in text
    for cell in ("duplicate", "0.97", "a2020", "b2020", "title 0.97", "same year", "why"):
        assert cell in text
