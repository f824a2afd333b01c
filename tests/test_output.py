"""Atomic output: a regular file is replaced whole; a device or a pipe is written in place."""

from __future__ import annotations

import os
import stat
import threading
from pathlib import Path

import pytest

from scholarcli.errors import OutputError
from scholarcli.output import atomic_open, write_atomically


def test_a_file_is_replaced_whole_and_keeps_its_mode(tmp_path: Path) -> None:
    target = tmp_path / "out.txt"
    target.write_text("old", encoding="utf-8")
    target.chmod(0o640)
    write_atomically(str(target), lambda out: out.write("new\n"))
    assert target.read_text(encoding="utf-8") == "new\n"
    assert stat.S_IMODE(target.stat().st_mode) == 0o640
    assert os.listdir(tmp_path) == ["out.txt"]  # no temporary file left behind


def test_an_error_midway_leaves_the_old_file(tmp_path: Path) -> None:
    target = tmp_path / "out.txt"
    target.write_text("old", encoding="utf-8")
    with pytest.raises(RuntimeError), atomic_open(str(target)) as out:
        out.write("half")
        raise RuntimeError("stop")
    assert target.read_text(encoding="utf-8") == "old"
    assert os.listdir(tmp_path) == ["out.txt"]


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no named pipes here")
def test_a_pipe_is_written_in_place_not_replaced(tmp_path: Path) -> None:
    # The same holds for `-o /dev/null`: renaming over it would replace the device.
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    received: list[str] = []
    reader = threading.Thread(
        target=lambda: received.append(fifo.read_text(encoding="utf-8")), daemon=True
    )
    reader.start()
    write_atomically(str(fifo), lambda out: out.write("through the pipe\n"))
    reader.join(timeout=10)
    assert received == ["through the pipe\n"]
    assert stat.S_ISFIFO(os.stat(fifo).st_mode)


def test_a_directory_or_a_missing_folder_is_refused(tmp_path: Path) -> None:
    with pytest.raises(OutputError, match="is a directory"):
        write_atomically(str(tmp_path), lambda out: None)
    with pytest.raises(OutputError, match="does not exist"):
        write_atomically(str(tmp_path / "no" / "out.txt"), lambda out: None)
