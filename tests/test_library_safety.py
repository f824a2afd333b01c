"""The library under stress, in real processes: SIGKILL mid-import, and imports at once."""

from __future__ import annotations

import multiprocessing
import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

from scholarcli.errors import LibraryError
from scholarcli.library import open_library
from scholarcli.model import Paper

from conftest import AS_OF, ROOT, generator

pytestmark = pytest.mark.slow


def write_profile(path: Path, start: int, stop: int) -> Path:
    gen = generator()
    papers = list(gen.make_papers(stop))[start:]
    path.write_text(gen.profile_text(papers), encoding="utf-8")
    return path


def start_import(library: Path, profile: Path) -> subprocess.Popen[bytes]:
    env = dict(os.environ, SCHOLAR_LIBRARY=str(library), SCHOLAR_AS_OF=AS_OF)
    return subprocess.Popen(
        [sys.executable, "-m", "scholarcli", "import", str(profile)],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )


def check_integrity(library: Path) -> int:
    """The number of papers, after SQLite's and FTS5's own consistency checks."""
    with open_library(library, create=False) as lib:
        assert lib.conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        lib.conn.execute("INSERT INTO papers_fts(papers_fts, rank) VALUES ('integrity-check', 1)")
        count = lib.count()
        indexed = lib.conn.execute("SELECT count(*) FROM papers_fts_docsize").fetchone()[0]
        assert indexed == count
        return count


def test_an_import_killed_mid_way_leaves_nothing_or_everything(tmp_path: Path) -> None:
    profile = write_profile(tmp_path / "p60k.txt", 0, 60_000)
    library = tmp_path / "library.sqlite"
    wal = Path(f"{library}-wal")
    proc = start_import(library, profile)
    deadline = time.monotonic() + 600
    # Creating the schema writes well under 1 MiB; a WAL past 4 MiB means the import's
    # transaction is writing papers and has not committed yet.
    while not (wal.exists() and wal.stat().st_size > 4 * 2**20):
        assert proc.poll() is None, "the import ended before it could be killed"
        assert time.monotonic() < deadline, "the import never started writing"
        time.sleep(0.01)
    proc.send_signal(signal.SIGKILL)
    proc.communicate()
    assert proc.returncode == -signal.SIGKILL

    count = check_integrity(library)
    assert count in (0, 60_000)

    # The library is whole and writable: another import lands on top of what was there.
    done = start_import(library, ROOT / "examples" / "profile.txt")
    _, err = done.communicate(timeout=900)
    assert done.returncode == 0, err.decode()
    assert check_integrity(library) == count + 50


def test_two_imports_at_once_both_land(tmp_path: Path) -> None:
    first = write_profile(tmp_path / "a.txt", 0, 3000)
    second = write_profile(tmp_path / "b.txt", 3000, 6000)
    library = tmp_path / "library.sqlite"
    procs = [start_import(library, first), start_import(library, second)]
    # A reader alongside: it must only ever see whole imports.
    seen: set[int] = set()
    while any(p.poll() is None for p in procs):
        if library.exists():
            with open_library(library, create=False) as lib:
                seen.add(lib.count())
        time.sleep(0.05)
    for proc in procs:
        _, err = proc.communicate(timeout=900)
        assert proc.returncode == 0, err.decode()
        assert err.decode().endswith("added 3000, updated 0, unchanged 0\n")
    assert seen <= {0, 3000, 6000}
    assert check_integrity(library) == 6000
    with open_library(library, create=False) as lib:
        keys = lib.keys()
    assert len({k.lower() for k in keys}) == 6000


def create_and_add(path: str, title: str, barrier: Any) -> str:
    """In a child process: open the library (creating it) the moment all children are ready."""
    barrier.wait()
    try:
        with open_library(Path(path), create=True) as lib:
            lib.import_papers([Paper(key="", title=title, authors=("Ann Lee",))], source="-")
    except LibraryError as exc:
        return exc.message
    return "ok"


def test_commands_creating_the_library_at_once_all_succeed(tmp_path: Path) -> None:
    context = multiprocessing.get_context("spawn")
    for trial in range(5):
        path = tmp_path / str(trial) / "library.sqlite"
        barrier = context.Manager().Barrier(6)
        with context.Pool(6) as pool:
            outcomes = pool.starmap(
                create_and_add, [(str(path), f"Paper {i}", barrier) for i in range(6)]
            )
        assert outcomes == ["ok"] * 6
        assert check_integrity(path) == 6
