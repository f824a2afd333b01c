"""Pathological inputs finish in bounded time through every reader and `scholar list` (issue 9).

A 5 MB single line, 100,000 nested braces (balanced and not), a 10 MB abstract, a file of
NUL bytes, 100,000 entries that never close, and the things that are no file at all: a
directory, a FIFO, a device. Each run must end with exit 0, 1 or 2 and no traceback, an
exit 2 must name the file, and the outcome is the one written down here. The inputs are
made in tmp_path (megabytes do not belong in the repository); each `scholar list` runs in a
child process with a bound of 25 s of CPU (tests/limits.py), generous for a 2-core machine
where these take 1 to 5 s.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import threading
from collections.abc import Callable
from pathlib import Path

import pytest
from tests.conftest import AS_OF, Scholar
from tests.limits import call_within
from typer.testing import CliRunner

from scholarcli.cli.app import app
from scholarcli.errors import InputError
from scholarcli.readers import read_input

pytestmark = pytest.mark.slow

BOUND = 25.0  # CPU seconds for one `scholar list` of a pathological input
MB = 1_000_000
NESTING = 100_000
LONG_TITLE = "word " * (MB - 1) + "end"  # 5 MB on one line
ABSTRACT = "lorem ipsum " * (10 * MB // 12) + "end"  # 10 MB


def profile(title: str, abstract: str = "") -> str:
    return f"1 Papers\n\nLGMar 3, 2024\n{title}\n\nAda Lovelace\n\n{abstract}\n"


def bibtex(title: str, abstract: str = "") -> str:
    head = "@article{a, author={Ada Lovelace}, year=2024"
    return f"{head}, abstract={{{abstract}}},\n title={{{title}}}}}\n"


def csljson(title: str, abstract: str = "") -> str:
    # The names and date come first: the sniffer looks at the first 64 KiB for CSL's keys.
    item = {
        "id": "a",
        "type": "article-journal",
        "author": [{"family": "Lovelace", "given": "Ada"}],
        "issued": {"date-parts": [[2024]]},
        "abstract": abstract,
        "title": title,
    }
    return json.dumps([item])


def our_json(title: str, abstract: str = "") -> str:
    return json.dumps(
        [{"authors": ["Ada Lovelace"], "year": 2024, "abstract": abstract, "title": title}]
    )


def jsonl(title: str, abstract: str = "") -> str:
    return (
        json.dumps(
            {"authors": ["Ada Lovelace"], "year": 2024, "abstract": abstract, "title": title}
        )
        + "\n"
    )


FORMATS: dict[str, tuple[str, Callable[..., str]]] = {
    "profile": (".txt", profile),
    "bibtex": (".bib", bibtex),
    "csljson": (".json", csljson),
    "json": (".json", our_json),
    "jsonl": (".jsonl", jsonl),
}


def list_json(path: str, library: str) -> tuple[int, list[tuple[int, int]], str]:
    """`scholar list -f json PATH`: exit code, (title, abstract) lengths, stderr's end."""
    env = {"SCHOLAR_LIBRARY": library, "SCHOLAR_AS_OF": AS_OF, "TERM": "dumb", "NO_COLOR": "1"}
    result = CliRunner().invoke(app, ["list", "-f", "json", path], env=env, catch_exceptions=False)
    papers = json.loads(result.stdout) if result.exit_code in (0, 1) else []
    sizes = [(len(p["title"] or ""), len(p["abstract"] or "")) for p in papers]
    return result.exit_code, sizes, result.stderr[-3000:]


def run_list(
    tmp_path: Path, name: str, data: str | bytes
) -> tuple[int, list[tuple[int, int]], str]:
    path = tmp_path / name
    if isinstance(data, str):
        path.write_text(data, encoding="utf-8")
    else:
        path.write_bytes(data)
    code, sizes, stderr = call_within(
        BOUND, list_json, str(path), str(tmp_path / "lib.sqlite")
    ).value
    assert code in (0, 1, 2), stderr
    assert "Traceback" not in stderr
    if code == 2:
        assert str(path) in stderr
    return code, sizes, stderr


@pytest.mark.parametrize("fmt", sorted(FORMATS))
def test_a_5_mb_single_line_title(tmp_path: Path, fmt: str) -> None:
    suffix, make = FORMATS[fmt]
    code, sizes, stderr = run_list(tmp_path, "long" + suffix, make(LONG_TITLE))
    assert (code, sizes) == (0, [(len(LONG_TITLE), 0)]), stderr


@pytest.mark.parametrize("fmt", sorted(FORMATS))
def test_a_10_mb_abstract(tmp_path: Path, fmt: str) -> None:
    suffix, make = FORMATS[fmt]
    code, sizes, stderr = run_list(tmp_path, "abstract" + suffix, make("Title", ABSTRACT))
    assert (code, sizes) == (0, [(5, len(ABSTRACT))]), stderr


@pytest.mark.parametrize("fmt", sorted(FORMATS))
def test_100000_nested_balanced_braces(tmp_path: Path, fmt: str) -> None:
    suffix, make = FORMATS[fmt]
    title = "{" * NESTING + "x" + "}" * NESTING
    code, sizes, stderr = run_list(tmp_path, "nested" + suffix, make(title))
    # BibTeX braces are grouping, and go; elsewhere they are characters of the title.
    assert (code, sizes) == (0, [(1 if fmt == "bibtex" else len(title), 0)]), stderr


@pytest.mark.parametrize("fmt", sorted(FORMATS))
def test_100000_unclosed_braces(tmp_path: Path, fmt: str) -> None:
    suffix, make = FORMATS[fmt]
    title = "{" * NESTING + "x"
    code, sizes, stderr = run_list(tmp_path, "unclosed" + suffix, make(title))
    if fmt == "bibtex":
        # The entry never closes: it is reported, and nothing is left to list.
        assert (code, sizes) == (2, []), stderr
        assert "cannot parse entry" in stderr
    else:
        assert (code, sizes) == (0, [(len(title), 0)]), stderr


@pytest.mark.parametrize("suffix", [".json", ".jsonl"])
@pytest.mark.parametrize("closed", [True, False], ids=["balanced", "unclosed"])
def test_100000_nested_json_arrays(tmp_path: Path, suffix: str, closed: bool) -> None:
    data = "[" * NESTING + ("]" * NESTING if closed else "") + "\n"
    code, sizes, stderr = run_list(tmp_path, "deep" + suffix, data)
    assert (code, sizes) == (2, []), stderr
    # The parser gives up at its depth limit, before it could see whether the arrays close.
    assert ":1: JSON nested too deeply" in stderr


@pytest.mark.parametrize(
    ("suffix", "expected"), [(".txt", 0), (".bib", 0), (".json", 2), (".jsonl", 2), ("", 2)]
)
def test_a_file_of_nul_bytes(tmp_path: Path, suffix: str, expected: int) -> None:
    # NUL is blank to the text readers (nothing to list), not JSON, and no format at all.
    code, sizes, stderr = run_list(tmp_path, "zeros" + suffix, b"\0" * MB)
    assert (code, sizes) == (expected, []), stderr


@pytest.mark.parametrize(
    ("suffix", "expected"), [(".txt", 0), (".bib", 0), (".json", 2), (".jsonl", 2)]
)
def test_5_mb_of_one_line_without_structure(tmp_path: Path, suffix: str, expected: int) -> None:
    code, sizes, stderr = run_list(tmp_path, "junk" + suffix, "x" * (5 * MB))
    assert (code, sizes) == (expected, []), stderr


def test_100000_bibtex_entries_that_never_close(tmp_path: Path) -> None:
    # bibtexparser's splitter gives each a failed block (about 4 s of CPU here, linear).
    code, sizes, stderr = run_list(tmp_path, "open.bib", "@misc{a,\n" * NESTING)
    assert (code, sizes) == (2, []), stderr
    assert "100000 problem(s) reading this input; no papers read" in stderr


# --- things that are not files -------------------------------------------------------------


def test_a_directory_is_refused(scholar: Scholar, tmp_path: Path) -> None:
    result = scholar("list", tmp_path)
    assert result.exit_code == 2 and result.stdout == ""
    assert result.stderr.startswith(f"scholar: {tmp_path}: is a directory, not a file")


@pytest.mark.parametrize("device", ["/dev/zero", "/dev/urandom"])
def test_a_device_is_refused_not_read(scholar: Scholar, device: str) -> None:
    # A device is no bibliography, and /dev/zero never ends: refused before any read
    # (readers.read_bytes). stdin stays the way to read one.
    if not os.path.exists(device):
        pytest.skip(f"no {device} here")
    result = call_within(BOUND, lambda: _exit_and_stderr(scholar, device)).value
    message = f"scholar: {device}: is a device, not a file\n"
    assert result == (2, message + f"  hint: give it as stdin instead: - < {device}\n")


def _exit_and_stderr(scholar: Scholar, path: str) -> tuple[int, str]:
    result = scholar("list", path)
    return result.exit_code, result.stderr


def test_dev_null_reads_as_an_empty_input(scholar: Scholar) -> None:
    # The one device people name on purpose: nothing to read, no papers, exit 0.
    result = scholar("list", os.devnull, "-f", "json")
    assert (result.exit_code, result.stdout) == (0, "[]\n")


def test_a_device_refused_by_the_reader_too() -> None:
    with pytest.raises(InputError, match="is a device"):
        read_input("/dev/zero", as_of=dt.date(2026, 11, 28))


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no named pipes here")
@pytest.mark.parametrize("fmt", sorted(FORMATS))
def test_a_fifo_is_read_like_a_pipe(scholar: Scholar, tmp_path: Path, fmt: str) -> None:
    suffix, make = FORMATS[fmt]
    fifo = tmp_path / ("pipe" + suffix)
    os.mkfifo(fifo)

    def feed() -> None:
        with open(fifo, "w", encoding="utf-8") as f:  # blocks until the reader opens it
            f.write(make("Through a pipe", "An abstract"))

    writer = threading.Thread(target=feed, daemon=True)
    writer.start()
    result = scholar("list", fifo, "-f", "json")
    writer.join(timeout=10)
    assert result.exit_code == 0, result.stderr
    papers = json.loads(result.stdout)
    assert [(p["title"], p["abstract"], p["authors"]) for p in papers] == [
        ("Through a pipe", "An abstract", ["Ada Lovelace"])
    ]
