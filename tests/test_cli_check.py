"""`scholar check` through the CLI: exit codes, formats, options, configuration, real data."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from conftest import DATA, Scholar, shared_path

CHECK = DATA / "check"
CLEAN = CHECK / "clean.bib"
MESSY = CHECK / "messy.bib"


def test_clean_file_exits_0_with_nothing_on_stdout(scholar: Scholar) -> None:
    result = scholar("check", CLEAN)
    assert result.exit_code == 0
    assert result.stdout == ""
    assert "no findings in 1 file" in result.stderr


def test_findings_exit_1_text_on_stdout_summary_on_stderr(scholar: Scholar) -> None:
    result = scholar("check", MESSY, "--ignore", "duplicate-work")
    assert result.exit_code == 1
    lines = [line for line in result.stdout.splitlines() if not line.startswith("    hint:")]
    assert len(lines) == 19
    assert f"{MESSY}:22: error: @article needs title [missing-field]" in lines
    for line in lines:
        assert re.fullmatch(rf"{re.escape(str(MESSY))}:\d+: (error|warning): .+ \[[a-z-]+\]", line)
    assert "8 errors, 11 warnings in 1 file" in result.stderr
    assert "hint" not in result.stderr


def test_json_format(scholar: Scholar) -> None:
    result = scholar("check", MESSY, "-f", "json", "--ignore", "duplicate-work")
    assert result.exit_code == 1
    data = json.loads(result.stdout)
    assert len(data) == 19
    assert set(data[0]) == {"rule", "severity", "file", "line", "key", "message", "hint"}


def test_github_format_one_annotation_a_finding(scholar: Scholar) -> None:
    result = scholar("check", MESSY, "-f", "github", "--ignore", "duplicate-work")
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    assert len(lines) == 19
    assert all(re.match(r"::(error|warning) file=[^,]+,line=\d+,title=[a-z-]+::", x) for x in lines)


def test_sarif_to_a_file(scholar: Scholar, tmp_path: Path) -> None:
    out = tmp_path / "check.sarif"
    result = scholar("check", MESSY, "-f", "sarif", "-o", out, "--ignore", "duplicate-work")
    assert result.exit_code == 1
    assert result.stdout == ""
    log = json.loads(out.read_text(encoding="utf-8"))
    assert len(log["runs"][0]["results"]) == 19


def test_fail_on_warning_and_never(scholar: Scholar, tmp_path: Path) -> None:
    warn_only = tmp_path / "w.bib"
    warn_only.write_text("@misc{k, title = {Title}, note = {}}\n", encoding="utf-8")
    assert scholar("check", warn_only).exit_code == 0
    assert scholar("check", warn_only, "--fail-on", "warning").exit_code == 1
    assert scholar("check", MESSY, "--fail-on", "never").exit_code == 0
    bad = scholar("check", warn_only, "--fail-on", "sometimes")
    assert bad.exit_code == 2
    assert "--fail-on: 'sometimes' is not one of error, warning, never" in bad.stderr


def test_ignore_is_repeatable_and_comma_separated(scholar: Scholar) -> None:
    result = scholar(
        "check",
        MESSY,
        "-f",
        "json",
        "--ignore",
        "duplicate-work,bad-doi",
        "--ignore",
        "bad-pages",
    )
    rules = {f["rule"] for f in json.loads(result.stdout)}
    assert not rules & {"bad-doi", "bad-pages"}
    assert "missing-field" in rules


def test_unknown_rule_is_a_usage_error(scholar: Scholar) -> None:
    result = scholar("check", CLEAN, "--ignore", "no-such-rule")
    assert result.exit_code == 2
    assert result.stderr.startswith("scholar: --ignore: no rule 'no-such-rule'")


def test_configuration_beside_the_bibliography(scholar: Scholar, tmp_path: Path) -> None:
    bib = tmp_path / "cv.bib"
    bib.write_text(MESSY.read_text(encoding="utf-8"), encoding="utf-8")
    (tmp_path / ".git").mkdir()
    (tmp_path / "pyproject.toml").write_text(
        "[tool.scholar.check]\n"
        'rules = { missing-field = "warning", duplicate-work = "off" }\n'
        'ignore = ["bad-doi", "bad-url", "bad-year", "duplicate-key", "tex-special"]\n'
        'ignore-more = "x"\n',
        encoding="utf-8",
    )
    broken = scholar("check", bib)
    assert broken.exit_code == 2
    assert "unknown setting 'ignore-more'" in broken.stderr
    text = (tmp_path / "pyproject.toml").read_text(encoding="utf-8")
    (tmp_path / "pyproject.toml").write_text(text.replace('ignore-more = "x"\n', ""))
    result = scholar("check", bib, "-f", "json", "--ignore", "unbalanced-braces")
    data = json.loads(result.stdout)
    assert {f["severity"] for f in data} == {"warning"}
    assert result.exit_code == 0
    explicit = tmp_path / "strict.toml"
    explicit.write_text('[check]\nfail-on = "warning"\nignore = ["duplicate-work"]\n')
    assert scholar("check", bib, "--config", explicit).exit_code == 1


def test_stdin(scholar: Scholar) -> None:
    result = scholar("check", "-", input="@article{k, title={T}}\n")
    assert result.exit_code == 1
    assert result.stdout.startswith("<stdin>:1: error: @article needs author, journal, year")


def test_unreadable_input_exits_2_with_file_and_no_traceback(
    scholar: Scholar, tmp_path: Path
) -> None:
    missing = scholar("check", tmp_path / "nope.bib")
    assert missing.exit_code == 2
    assert (
        missing.stderr
        == f"scholar: {tmp_path / 'nope.bib'}: no such file\n  hint: check the path\n"
    )
    assert missing.stdout == ""
    folder = scholar("check", tmp_path)
    assert folder.exit_code == 2
    assert "is a directory" in folder.stderr
    no_files = scholar("check")
    assert no_files.exit_code == 2


def test_bad_encoding_name_exits_2(scholar: Scholar) -> None:
    result = scholar("check", CLEAN, "--encoding", "klingon")
    assert result.exit_code == 2
    assert "unknown encoding 'klingon'" in result.stderr


def test_a_profile_listing_gets_the_rules_that_apply(scholar: Scholar, seed: Path) -> None:
    result = scholar("check", seed, "-f", "json", "--ignore", "duplicate-work")
    assert result.exit_code == 0, result.stdout
    rules = {f["rule"] for f in json.loads(result.stdout)}
    assert rules <= {"name-conflict", "all-caps-title", "input-problem"}


def test_json_input_with_a_repeated_key(scholar: Scholar, tmp_path: Path) -> None:
    papers = [
        {"key": "a2020", "title": "One", "authors": ["A B"], "doi": "10.1234/x"},
        {"key": "A2020", "title": "Two", "authors": ["A B"], "doi": "https://doi.org/10.1234/y"},
    ]
    path = tmp_path / "p.json"
    path.write_text(json.dumps(papers), encoding="utf-8")
    result = scholar("check", path, "-f", "json", "--ignore", "duplicate-work")
    assert result.exit_code == 1
    assert sorted(f["rule"] for f in json.loads(result.stdout)) == ["bad-doi", "duplicate-key"]


def test_hostile_text_stays_text(scholar: Scholar, tmp_path: Path) -> None:
    bib = tmp_path / "evil.bib"
    bib.write_text("@misc{k\x1b[2J, title = {\x1b]0;pwned\x07 R&D \u202e}}\n", encoding="utf-8")
    text = scholar("check", bib).stdout
    assert "\x1b" not in text and "\x07" not in text and "\u202e" not in text
    github = scholar("check", bib, "-f", "github", "--ignore", "unprotected-capitals").stdout
    assert "\x1b" not in github and "\x07" not in github
    assert github.count("\n") == 1 and github.startswith("::error ")


def test_every_realdata_bib_without_a_traceback(scholar: Scholar) -> None:
    """Acceptance 3: exit 0, 1 or 2, never a traceback; exit 2 names FILE:LINE or FILE."""
    root = shared_path("realdata", "bibtex")
    files = sorted(root.rglob("*.bib"))
    assert len(files) > 100
    for path in files:
        result = scholar("check", path, "-f", "json", "--ignore", "duplicate-work")
        assert result.exit_code in (0, 1, 2), (path, result.stderr)
        assert "Traceback" not in result.stderr, path
        if result.exit_code == 2:
            assert result.stderr.startswith(f"scholar: {path}"), result.stderr
        else:
            for finding in json.loads(result.stdout):
                assert finding["line"] is None or finding["line"] >= 1


def test_every_realdata_bib_with_the_dedupe_engine(scholar: Scholar) -> None:
    root = shared_path("realdata", "bibtex")
    for path in sorted(root.rglob("*.bib")):
        result = scholar("check", path, "-f", "json")
        assert result.exit_code in (0, 1, 2), (path, result.stderr)
        assert "Traceback" not in result.stderr, path


def _has_export() -> bool:
    from scholarcli.writers import WRITERS

    return "bibtex" in WRITERS


def test_acceptance_1_export_of_the_seed_passes(
    scholar: Scholar, seed: Path, tmp_path: Path
) -> None:
    clean = tmp_path / "clean.bib"
    assert scholar("export", seed, "-f", "bibtex", "-o", clean).exit_code == 0
    result = scholar("check", clean)
    assert result.exit_code == 0, result.stdout
    assert result.stdout == ""


def _cv_from_export(scholar: Scholar, seed: Path, tmp_path: Path) -> tuple[Path, list[str]]:
    """The exported seed minus entries 2 and 3, plus a reused key and an untitled @article."""
    clean = tmp_path / "clean.bib"
    assert scholar("export", seed, "-f", "bibtex", "-o", clean).exit_code == 0
    entries = [e for e in clean.read_text(encoding="utf-8").split("\n\n") if e.strip()]
    dropped = [re.match(r"@\w+\{([^,]+),", e).group(1) for e in entries[1:3]]  # type: ignore[union-attr]
    first_key = re.match(r"@\w+\{([^,]+),", entries[0]).group(1)  # type: ignore[union-attr]
    kept = [e for i, e in enumerate(entries) if i not in (1, 2)]
    kept.append(
        f"@article{{{first_key},\n  author = {{Lei, Qi and Lee, Jason D.}},\n"
        "  title = {A Later Paper That Reuses a Key},\n"
        "  journal = {Journal of Machine Learning Research},\n  year = {2024},\n}"
    )
    kept.append(
        "@article{lei2025untitled,\n  author = {Lei, Qi},\n"
        "  journal = {Journal of Machine Learning Research},\n  year = {2025},\n}"
    )
    cv = tmp_path / "cv.bib"
    cv.write_text("\n\n".join(kept) + "\n", encoding="utf-8")
    return cv, dropped


def test_acceptance_2_cv_against_the_profile(scholar: Scholar, seed: Path, tmp_path: Path) -> None:
    cv, dropped = _cv_from_export(scholar, seed, tmp_path)
    result = scholar("check", cv, "--against", seed, "--format", "json")
    assert result.exit_code == 1
    findings = json.loads(result.stdout)
    for f in findings:
        assert isinstance(f["line"], int) and f["line"] >= 1
    missing = [f for f in findings if f["rule"] == "missing-from-cv"]
    assert sorted(f["key"] for f in missing) == sorted(dropped)
    assert {f["file"] for f in missing} == {str(seed)}
    (dup,) = [f for f in findings if f["rule"] == "duplicate-key"]
    (untitled,) = [f for f in findings if f["rule"] == "missing-field"]
    assert untitled["message"] == "@article needs title"
    assert untitled["key"] == "lei2025untitled"
    lines = cv.read_text(encoding="utf-8").splitlines()
    assert lines[dup["line"] - 1].startswith(f"@article{{{dup['key']},")
    assert lines[untitled["line"] - 1].startswith("@article{lei2025untitled,")
    errors = {f["rule"] for f in findings if f["severity"] == "error"}
    assert errors == {"missing-from-cv", "duplicate-key", "missing-field"}
    github = scholar("check", cv, "--against", seed, "--format", "github")
    assert github.exit_code == 1
    annotations = github.stdout.splitlines()
    assert len(annotations) == len(findings)
    assert all(a.startswith(("::error file=", "::warning file=")) for a in annotations)


@pytest.mark.parametrize("source", ["examples/profile.txt", "tests/data/check/clean.bib"])
def test_the_export_of_a_valid_input_has_no_findings(
    scholar: Scholar, tmp_path: Path, source: str
) -> None:
    from conftest import ROOT

    out = tmp_path / "out.bib"
    assert scholar("export", ROOT / source, "-f", "bibtex", "-o", out).exit_code == 0
    result = scholar("check", out, "--ignore", "duplicate-work")
    assert (result.exit_code, result.stdout) == (0, "")
