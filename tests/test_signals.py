"""Killed and interrupted commands, in real processes: old files intact, nothing half-written.

SIGKILL cannot be caught, so ``-o`` must never touch the old file before the final rename.
SIGINT (Ctrl-C) must end with exit 130, ``scholar: interrupted``, no traceback, no temporary
or partial file, and a library as it was; SIGTERM the same with exit 143. A reader that
closes the pipe early ends the command quietly with exit 0.
"""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from scholarcli.library import open_library

from conftest import AS_OF, ROOT, generator

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="needs Linux /proc"),
]

PAPERS = 30_000
OLD = "@misc{old, title = {The previous export, kept whole}}\n"


@pytest.fixture(scope="module")
def big(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A 30,000-paper profile (about 26 MB): long enough to be caught mid-way."""
    gen = generator()
    path = tmp_path_factory.mktemp("big") / "big.txt"
    path.write_text(gen.profile_text(list(gen.make_papers(PAPERS))), encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def planted(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """20,000 records of which some are planted duplicates, for dedupe --merge."""
    gen = generator()
    papers, _ = gen.make_planted(20_000, 0.05, 1)
    path = tmp_path_factory.mktemp("planted") / "planted.txt"
    path.write_text(gen.profile_text(papers), encoding="utf-8")
    return path


def start(
    args: list[str], cwd: Path, *, stdout: int | None = subprocess.DEVNULL
) -> subprocess.Popen[bytes]:
    env = dict(os.environ, SCHOLAR_LIBRARY=str(cwd / "library.sqlite"), SCHOLAR_AS_OF=AS_OF)
    return subprocess.Popen(
        [sys.executable, "-m", "scholarcli", *args],
        cwd=cwd,
        env=env,
        stdout=stdout,
        stderr=subprocess.PIPE,
    )


def wait_for_sigint_handler(proc: subprocess.Popen[bytes]) -> None:
    """Until Python has installed its SIGINT handler (a signal before it would just kill)."""
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        assert proc.poll() is None, "the command ended before it could be interrupted"
        try:
            status = Path(f"/proc/{proc.pid}/status").read_text()
        except OSError:
            status = ""
        caught = next((ln.split()[1] for ln in status.splitlines() if ln.startswith("SigCgt")), "0")
        if int(caught, 16) & (1 << (signal.SIGINT - 1)):
            return
        time.sleep(0.005)
    pytest.fail("Python never installed its SIGINT handler")


def wait_until(proc: subprocess.Popen[bytes], ready: Callable[[], bool], timeout: float) -> bool:
    """Poll ``ready`` while the command runs; False when it ended first."""
    deadline = time.monotonic() + timeout
    while proc.poll() is None and time.monotonic() < deadline:
        if ready():
            return True
        time.sleep(0.001)
    return False


def temp_files(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".tmp"))


def writing(folder: Path) -> bool:
    """A temporary output file exists and has data in it: the command is mid-write."""
    for name in temp_files(folder):
        try:
            if (folder / name).stat().st_size > 0:
                return True
        except OSError:
            pass  # renamed away meanwhile
    return False


def interrupt(proc: subprocess.Popen[bytes]) -> str:
    """Send Ctrl-C and return stderr; the command must stop within a minute."""
    proc.send_signal(signal.SIGINT)
    _, err = proc.communicate(timeout=60)
    return err.decode("utf-8", "replace")


def assert_interrupted(proc: subprocess.Popen[bytes], err: str) -> None:
    assert proc.returncode == 130, err
    assert "Traceback" not in err
    assert err.endswith("scholar: interrupted\n"), err
    assert err.count("scholar:") == 1, err


def test_export_killed_mid_write_leaves_the_previous_file_byte_identical(
    big: Path, tmp_path: Path
) -> None:
    out = tmp_path / "out.bib"
    out.write_text(OLD, encoding="utf-8")
    before = out.read_bytes()
    for _attempt in range(5):
        proc = start(["export", str(big), "-o", "out.bib"], tmp_path)
        caught = wait_until(proc, lambda: writing(tmp_path), timeout=300)
        proc.send_signal(signal.SIGKILL)
        proc.communicate(timeout=60)
        left = temp_files(tmp_path)
        if caught and left:
            # The temporary file outlived the process: the rename had not happened.
            assert proc.returncode == -signal.SIGKILL
            assert out.read_bytes() == before
            assert left[0].startswith(".out.bib.")
            assert (tmp_path / left[0]).stat().st_size > 0  # it was being written
            return
        # The write finished before the kill landed: start over with the old file.
        out.write_text(OLD, encoding="utf-8")
        for name in left:
            (tmp_path / name).unlink()
    pytest.fail("never caught the export between creating its temporary file and the rename")


@pytest.mark.parametrize(
    "args",
    [
        ["list", "{big}", "-f", "json", "-o", "out.json"],
        ["export", "{big}", "-o", "out.bib"],
    ],
    ids=["list -o", "export -o"],
)
def test_ctrl_c_while_reading_leaves_no_output_and_no_temporary_file(
    big: Path, tmp_path: Path, args: list[str]
) -> None:
    proc = start([a.format(big=big) for a in args], tmp_path)
    wait_for_sigint_handler(proc)
    time.sleep(1.0)  # well into reading 26 MB, long before the output is written
    assert proc.poll() is None
    assert_interrupted(proc, interrupt(proc))
    assert sorted(p.name for p in tmp_path.iterdir()) == []


@pytest.mark.parametrize(
    ("signum", "code", "said"),
    [(signal.SIGINT, 130, "interrupted"), (signal.SIGTERM, 143, "terminated")],
    ids=["Ctrl-C", "SIGTERM"],
)
def test_a_signal_while_writing_removes_the_temporary_file_and_keeps_the_old_one(
    big: Path, tmp_path: Path, signum: int, code: int, said: str
) -> None:
    out = tmp_path / "out.json"
    old = '{"previous": "output"}\n'
    for _attempt in range(5):
        out.write_text(old, encoding="utf-8")
        proc = start(["list", str(big), "-f", "json", "-o", "out.json"], tmp_path)
        wait_for_sigint_handler(proc)  # SIGTERM's is installed after it
        caught = wait_until(proc, lambda: writing(tmp_path), timeout=300)
        if not caught:
            proc.communicate(timeout=60)
            continue
        proc.send_signal(signum)
        _, raw = proc.communicate(timeout=60)
        err = raw.decode("utf-8", "replace")
        if proc.returncode == 0:
            continue  # the signal came after the command had finished
        assert proc.returncode == code, err
        assert err == f"scholar: {said}\n"
        assert temp_files(tmp_path) == []
        text = out.read_text(encoding="utf-8")
        # Either the rename had not happened (old file), or it had (whole new file).
        assert text == old or (text.startswith("[") and text.count('"key":') == PAPERS)
        return
    pytest.fail("never caught the command while its temporary file existed")


def library_state(path: Path) -> tuple[int, list[str]]:
    with open_library(path, create=False) as lib:
        assert lib.conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        return lib.count(), sorted(lib.keys())


@pytest.mark.parametrize(
    ("signum", "code"), [(signal.SIGINT, 130), (signal.SIGTERM, 143)], ids=["Ctrl-C", "SIGTERM"]
)
def test_a_signal_mid_import_leaves_the_library_as_it_was(
    big: Path, tmp_path: Path, signum: int, code: int
) -> None:
    library = tmp_path / "library.sqlite"
    seed = start(["import", str(ROOT / "examples" / "profile.txt")], tmp_path)
    seed.communicate(timeout=120)
    assert seed.returncode == 0
    before = library_state(library)
    wal = Path(f"{library}-wal")
    proc = start(["import", str(big)], tmp_path)
    wait_for_sigint_handler(proc)
    # Closing the library removed the WAL; past 1 MiB, the import's transaction is writing.
    assert wait_until(proc, lambda: wal.exists() and wal.stat().st_size > 2**20, timeout=300)
    proc.send_signal(signum)
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == code, err.decode()
    assert b"Traceback" not in err
    assert library_state(library) == before


def test_ctrl_c_during_a_merge_in_the_library_changes_nothing(
    planted: Path, tmp_path: Path
) -> None:
    library = tmp_path / "library.sqlite"
    fill = start(["import", str(planted)], tmp_path)
    fill.communicate(timeout=600)
    assert fill.returncode == 0
    before = library_state(library)
    pristine = library.read_bytes()  # closed: the WAL is checkpointed into the file
    # The merge commits within a second or two on a quiet machine: a Ctrl-C that lands after
    # the commit finds the merge done, whole. Such an attempt is checked for that and the
    # library put back; sooner signals follow until one lands before the commit.
    for delay in (1.5, 0.8, 0.4, 0.2, 0.1):
        for leftover in (Path(f"{library}-wal"), Path(f"{library}-shm")):
            leftover.unlink(missing_ok=True)
        library.write_bytes(pristine)
        proc = start(["dedupe", "--merge"], tmp_path)
        wait_for_sigint_handler(proc)
        time.sleep(delay)  # reading the library and scoring pairs
        assert proc.poll() is None
        err = interrupt(proc)
        assert_interrupted(proc, err)
        if "merged " not in err:
            break
        merged = re.search(r"merged (\d+) records into (\d+) in the library", err)
        assert merged is not None, err
        removed, added = int(merged[1]), int(merged[2])
        assert removed > added > 0
        assert library_state(library)[0] == before[0] - removed + added
    else:
        pytest.fail("every Ctrl-C landed after the merge had committed")
    assert library_state(library) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["library.sqlite"]


def test_a_reader_that_leaves_early_ends_the_command_quietly(big: Path, tmp_path: Path) -> None:
    # `scholar list big.txt | head -1`: head exits after one line; scholar gets EPIPE.
    proc = start(["list", str(big)], tmp_path, stdout=subprocess.PIPE)
    assert proc.stdout is not None
    first = proc.stdout.readline()
    proc.stdout.close()
    _, err = proc.communicate(timeout=300)
    assert first.count(b"\t") >= 3  # a row of the piped table
    assert proc.returncode == 0
    assert err == b""
