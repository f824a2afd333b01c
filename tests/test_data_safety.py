"""No command writes to its inputs; -o is refused onto an input, atomic, and fails cleanly;
--encoding reaches every reader."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

from conftest import AS_OF, DATA, EXAMPLES, Scholar

BIB = EXAMPLES / "cv.bib"
PROFILE = EXAMPLES / "profile.txt"


@pytest.fixture
def inputs(tmp_path: Path) -> dict[str, Path]:
    """Copies of the example inputs, and a check configuration, in a folder of their own."""
    folder = tmp_path / "in"
    folder.mkdir()
    bib = folder / "cv.bib"
    shutil.copyfile(BIB, bib)
    profile = folder / "profile.txt"
    shutil.copyfile(PROFILE, profile)
    config = folder / "scholar.toml"
    config.write_text("[check]\nfail-on = 'never'\n", encoding="utf-8")
    return {"bib": bib, "profile": profile, "config": config}


def snapshot(folder: Path) -> dict[str, tuple[bytes, int]]:
    """Every file of a folder: its bytes and modification time (to the nanosecond)."""
    return {p.name: (p.read_bytes(), p.stat().st_mtime_ns) for p in sorted(folder.iterdir())}


# Each command that writes a file, with the option that names it; {bib}, {profile} and
# {config} are the inputs, {target} the file the output option points at.
WRITERS = {
    "list -o": ["list", "{bib}", "-o", "{target}"],
    "search -o": ["search", "learning", "{bib}", "-o", "{target}"],
    "export -o": ["export", "{bib}", "-o", "{target}"],
    "stats -o": ["stats", "{profile}", "-o", "{target}"],
    "stats --svg": ["stats", "{profile}", "--svg", "{target}"],
    "stats --html": ["stats", "{profile}", "--html", "{target}"],
    "dedupe -o": ["dedupe", "{bib}", "-o", "{target}"],
    "dedupe --merge -o": ["dedupe", "{bib}", "--merge", "-o", "{target}"],
    "check -o": ["check", "{bib}", "-o", "{target}"],
    "check --against, -o": ["check", "{bib}", "--against", "{profile}", "-o", "{target}"],
    "check --config, -o": ["check", "{bib}", "--config", "{config}", "-o", "{target}"],
}
# Which input each case points its output at.
VICTIM = {
    "stats -o": "profile",
    "stats --svg": "profile",
    "stats --html": "profile",
    "check --against, -o": "profile",
    "check --config, -o": "config",
}


def fill(args: list[str], inputs: dict[str, Path], target: Path | str) -> list[str]:
    values = {name: str(path) for name, path in inputs.items()}
    return [a.format(target=target, **values) for a in args]


@pytest.mark.parametrize("case", WRITERS)
@pytest.mark.parametrize("how", ["same path", "symbolic link", "hard link", "other spelling"])
def test_output_onto_an_input_is_refused_and_the_input_is_untouched(
    scholar: Scholar, inputs: dict[str, Path], case: str, how: str
) -> None:
    victim = inputs[VICTIM.get(case, "bib")]
    folder = victim.parent
    if how == "same path":
        target: Path | str = victim
    elif how == "symbolic link":
        target = folder / f"link-{victim.name}"
        target.symlink_to(victim)
    elif how == "hard link":
        target = folder / f"hard-{victim.name}"
        os.link(victim, target)
    else:
        target = f"{folder}/../{folder.name}/./{victim.name}"
    before = snapshot(folder)
    result = scholar(*fill(WRITERS[case], inputs, target))
    assert result.exit_code == 2, result.stderr
    assert "is also an input; refusing to overwrite it" in result.stderr
    assert "--force" in result.stderr
    assert "Traceback" not in result.stderr
    assert result.stdout == ""  # refused before any work, so nothing went to stdout either
    assert snapshot(folder) == before


@pytest.mark.parametrize("case", ["export -o", "list -o", "stats -o", "dedupe --merge -o"])
def test_force_replaces_the_input_atomically(
    scholar: Scholar, inputs: dict[str, Path], case: str
) -> None:
    victim = inputs[VICTIM.get(case, "bib")]
    before = victim.read_bytes()
    result = scholar(*fill(WRITERS[case], inputs, victim), "--force")
    assert result.exit_code == 0, result.stderr
    assert victim.read_bytes() != before
    assert [p.name for p in victim.parent.iterdir() if p.name.endswith(".tmp")] == []


@pytest.mark.parametrize(
    "args",
    [
        ["list", "{bib}", "{profile}", "-f", "json"],
        ["search", "learning", "{bib}", "{profile}"],
        ["export", "{bib}", "{profile}", "-f", "biblatex"],
        ["export", "{profile}", "--keys-from", "{bib}"],
        ["stats", "{bib}", "{profile}", "-f", "markdown"],
        ["dedupe", "{bib}", "{profile}", "-f", "json"],
        ["check", "{bib}", "--against", "{profile}", "--config", "{config}"],
        ["import", "{bib}", "{profile}"],
    ],
    ids=lambda args: " ".join(a for a in args if not a.startswith("{")),
)
def test_no_command_writes_to_its_inputs(
    scholar: Scholar, inputs: dict[str, Path], args: list[str]
) -> None:
    folder = inputs["bib"].parent
    before = snapshot(folder)
    result = scholar(*fill(args, inputs, ""))
    assert result.exit_code in (0, 1), result.stderr
    assert snapshot(folder) == before


@pytest.mark.parametrize("case", WRITERS)
def test_output_into_a_missing_folder_is_a_clean_error(
    scholar: Scholar, inputs: dict[str, Path], tmp_path: Path, case: str
) -> None:
    target = tmp_path / "no" / "such" / "folder" / "out.json"
    result = scholar(*fill(WRITERS[case], inputs, target))
    assert result.exit_code == 2, result.stderr
    assert result.stderr.splitlines()[-1] == (
        f"scholar: {target}: the folder {target.parent} does not exist"
    )
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "no").exists()


@pytest.mark.parametrize("case", ["export -o", "stats --svg", "dedupe --merge -o", "check -o"])
def test_output_into_a_folder_that_refuses_files_is_a_clean_error(
    scholar: Scholar, inputs: dict[str, Path], tmp_path: Path, case: str
) -> None:
    folder = tmp_path / "locked"
    folder.mkdir()
    folder.chmod(0o555)
    try:
        if os.access(folder, os.W_OK):
            pytest.skip("this user (root?) may write into a read-only folder")
        result = scholar(*fill(WRITERS[case], inputs, folder / "out.json"))
    finally:
        folder.chmod(0o755)
    assert result.exit_code == 2
    assert result.stderr.splitlines()[-1] == (
        f"scholar: {folder / 'out.json'}: cannot write here (Permission denied)"
    )
    assert list(folder.iterdir()) == []


@pytest.mark.parametrize("case", ["export -o", "list -o", "stats --html", "check -o"])
def test_a_refused_temporary_file_is_a_clean_error(
    scholar: Scholar,
    inputs: dict[str, Path],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    case: str,
) -> None:
    # The read-only-folder test is skipped under root, who may write anywhere: this one
    # makes the file system say no in any case.
    def refuse(*_args: object, **_kwargs: object) -> tuple[int, str]:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(tempfile, "mkstemp", refuse)
    target = tmp_path / "out.json"
    result = scholar(*fill(WRITERS[case], inputs, target))
    assert result.exit_code == 2
    assert result.stderr.splitlines()[-1] == (
        f"scholar: {target}: cannot write here (Permission denied)"
    )
    assert not target.exists()


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full")
@pytest.mark.parametrize("case", ["list -o", "stats -o", "stats --svg", "check --against, -o"])
def test_a_full_device_is_a_clean_error(
    scholar: Scholar, inputs: dict[str, Path], case: str
) -> None:
    result = scholar(*fill(WRITERS[case], inputs, "/dev/full"))
    assert result.exit_code == 2
    assert result.stderr.splitlines()[-1] == (
        "scholar: /dev/full: cannot write (No space left on device)"
    )


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full")
@pytest.mark.parametrize(
    "args",
    [["list", str(BIB)], ["export", str(BIB)], ["stats", str(BIB)], ["library", "path"]],
    ids=" ".join,
)
def test_a_full_stdout_is_a_clean_error(tmp_path: Path, args: list[str]) -> None:
    env = dict(os.environ, SCHOLAR_LIBRARY=str(tmp_path / "l.sqlite"), SCHOLAR_AS_OF=AS_OF)
    with open("/dev/full", "w") as full:
        done = subprocess.run(
            [sys.executable, "-m", "scholarcli", *args],
            stdout=full,
            stderr=subprocess.PIPE,
            env=env,
            text=True,
            timeout=120,
            check=False,
        )
    assert done.returncode == 2
    assert done.stderr == "scholar: stdout: cannot write (No space left on device)\n"


def test_an_empty_output_name_or_a_folder_is_refused(scholar: Scholar, tmp_path: Path) -> None:
    empty = scholar("export", BIB, "-f", "bibtex", "-o", "")
    assert (empty.exit_code, empty.stderr) == (2, "scholar: the output file name is empty\n")
    folder = scholar("export", BIB, "-f", "bibtex", "-o", tmp_path)
    assert folder.exit_code == 2
    assert folder.stderr.endswith(f"scholar: {tmp_path}: is a directory\n")


# --encoding: the same forced decoding through every command that reads files.
ENCODED = {
    "latin1.bib": ("latin-1", "Café au lait", "Jürgen Müller"),
    "gbk.bib": ("gbk", "深度学习的剪枝方法研究", "王伟"),
}


def _titles(text: str) -> list[str]:
    data = json.loads(text)
    return [p["title"] for p in data]


@pytest.mark.parametrize("name", ENCODED)
def test_encoding_is_honoured_by_every_reading_command(
    scholar: Scholar, tmp_path: Path, name: str
) -> None:
    encoding, title, author = ENCODED[name]
    path = DATA / name
    forced = ["--encoding", encoding]

    listed = scholar("list", path, *forced, "-f", "json")
    assert (listed.exit_code, listed.stderr) == (0, "")
    assert _titles(listed.stdout) == [title]

    found = scholar("search", author, path, *forced, "-f", "json")
    assert (found.exit_code, found.stderr) == (0, "")
    assert _titles(found.stdout) == [title]

    exported = scholar("export", path, *forced, "-f", "csl-json")
    assert (exported.exit_code, exported.stderr) == (0, "")
    assert _titles(exported.stdout) == [title]

    stats = scholar("stats", path, *forced, "-f", "json")
    assert (stats.exit_code, stats.stderr) == (0, "")
    assert json.loads(stats.stdout)["owner"]["name"] == author

    merged = tmp_path / "merged.json"
    dedupe = scholar("dedupe", path, path, *forced, "--merge", "-o", merged)
    assert dedupe.exit_code == 0
    assert "read as" not in dedupe.stderr
    assert _titles(merged.read_text(encoding="utf-8")) == [title]

    checked = scholar("check", path, *forced, "-f", "json")
    assert checked.exit_code in (0, 1)
    assert "read as" not in checked.stderr
    assert "not valid" not in checked.stderr

    imported = scholar("import", path, *forced)
    assert (imported.exit_code, imported.stderr) == (0, "added 1, updated 0, unchanged 0\n")
    assert _titles(scholar("list", "-f", "json").stdout) == [title]


@pytest.mark.parametrize(
    "command",
    [["list"], ["search", "x"], ["export"], ["stats"], ["dedupe"], ["check"], ["import"]],
    ids=" ".join,
)
@pytest.mark.parametrize("name", ENCODED)
def test_a_wrong_or_unknown_encoding_is_exit_2(
    scholar: Scholar, command: list[str], name: str
) -> None:
    path = DATA / name
    wrong = scholar(*command, path, "--encoding", "utf-8")
    assert wrong.exit_code == 2
    assert wrong.stderr.startswith(f"scholar: {path}:")
    assert "not valid utf-8" in wrong.stderr
    unknown = scholar(*command, path, "--encoding", "klingon")
    assert unknown.exit_code == 2
    assert unknown.stderr == f"scholar: {path}: unknown encoding 'klingon'\n"
    assert "Traceback" not in wrong.stderr + unknown.stderr
