"""Configuration: pyproject.toml and .scholar.toml found beside the input, validated strictly."""

from __future__ import annotations

from pathlib import Path

import pytest

from scholarcli.check.config import CheckConfig, find_config, load_config
from scholarcli.check.rules import Severity
from scholarcli.errors import InputError, UsageError


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_pyproject_table_is_read(tmp_path: Path) -> None:
    path = write(
        tmp_path / "pyproject.toml",
        "[project]\nname = 'cv'\n\n[tool.scholar.check]\n"
        'ignore = ["unprotected-capitals"]\n'
        'fail-on = "warning"\n'
        'rules = { bad-pages = "error", name-conflict = "off" }\n'
        'not-duplicates = [["Lee2020a", "lee2020b"]]\n'
        "duplicate-threshold = 0.9\n",
    )
    config = load_config(path)
    assert config.disabled == {"unprotected-capitals", "name-conflict"}
    assert config.severity("bad-pages") is Severity.ERROR
    assert config.severity("bad-month") is Severity.WARNING
    assert config.fail_on is Severity.WARNING
    assert config.not_duplicates == {frozenset({"lee2020a", "lee2020b"})}
    assert config.duplicate_threshold == 0.9
    assert config.path == str(path)


def test_scholar_toml_uses_a_check_table(tmp_path: Path) -> None:
    path = write(tmp_path / ".scholar.toml", '[check]\nfail-on = "never"\n')
    assert load_config(path).fail_on is None


def test_found_beside_the_input_then_upwards_to_the_repository(tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    (repo / ".git").mkdir(parents=True)
    bib_dir = repo / "cv" / "refs"
    bib_dir.mkdir(parents=True)
    assert find_config(bib_dir) is None
    write(tmp_path / ".scholar.toml", "[check]\n")  # above the repository: not looked at
    assert find_config(bib_dir) is None
    write(repo / "pyproject.toml", "[project]\nname = 'x'\n")  # no table of ours
    assert find_config(bib_dir) is None
    project = write(repo / "pyproject.toml", "[tool.scholar.check]\nignore = []\n")
    assert find_config(bib_dir) == project
    own = write(repo / "cv" / ".scholar.toml", "[check]\n")
    assert find_config(bib_dir) == own


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("[check]\nignroe = []\n", "unknown setting 'ignroe'"),
        ('[check]\nignore = ["no-such-rule"]\n', "no rule 'no-such-rule'"),
        ('[check]\nrules = { bad-year = "loud" }\n', "rules.bad-year = 'loud'"),
        ('[check]\nfail-on = "sometimes"\n', "'sometimes' is not one of"),
        ('[check]\nnot-duplicates = [["only-one"]]\n', "is not a list of two keys"),
        ("[check]\nduplicate-threshold = 2\n", "duplicate-threshold must be"),
    ],
)
def test_mistakes_are_usage_errors(tmp_path: Path, text: str, message: str) -> None:
    path = write(tmp_path / ".scholar.toml", text)
    with pytest.raises(UsageError) as err:
        load_config(path)
    assert message in err.value.message
    assert str(path) in err.value.message


def test_broken_toml_is_an_input_error_with_its_place(tmp_path: Path) -> None:
    path = write(tmp_path / ".scholar.toml", "[check\n")
    with pytest.raises(InputError) as err:
        load_config(path)
    assert err.value.message.startswith(f"{path}: not valid TOML")
    assert "line 1" in err.value.message


def test_defaults() -> None:
    config = CheckConfig()
    assert config.fail_on is Severity.ERROR
    assert config.disabled == frozenset()
