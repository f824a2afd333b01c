"""Dedupe quality on labelled real data: pairwise precision, recall, F1 and time, beside bib-dedupe.

    python benchmarks/dedupe_quality.py              # every set in ../shared/realdata/dedupe
    python benchmarks/dedupe_quality.py --runs 5 --bib-dedupe /tmp/bibdedupe-venv/bin/python
    python benchmarks/dedupe_quality.py --set stroke --errors   # list the pairs we got wrong

Each set's ``records_pre_merged.csv`` is written as BibTeX (``benchmarks/data/dedupe/``, not
in git) and deduplicated end to end with ``scholar dedupe SET.bib --format json`` (start-up
and reading included). A pair of records is true when both are in one gold group of
``merged_record_ids.csv``; predicted when both are in one of our clusters (``versions`` are
not duplicates and do not count). bib-dedupe runs, when its Python is given (install it
apart: ``python3 -m venv /tmp/bibdedupe-venv && /tmp/bibdedupe-venv/bin/pip install
bib-dedupe``), on the same CSV through its prep -> block -> match -> cluster API, and is
scored the same way ("maybe" pairs are not duplicates, as in bib-dedupe's own cluster step).
"""

from __future__ import annotations

import argparse
import csv
import itertools
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))

from bench import NOT_INSTALLED, load, machine, record, table, tools_dir  # noqa: E402

SETS = ROOT.parent / "shared" / "realdata" / "dedupe"
DATA = ROOT / "benchmarks" / "data" / "dedupe"
BIB_FIELDS = ("title", "author", "year", "journal", "volume", "number", "pages", "doi")

BIB_DEDUPE_DRIVER = """
import json, sys, time
t0 = time.perf_counter()
import pandas as pd
from bib_dedupe.bib_dedupe import block, cluster, match, prep
records = pd.read_csv(sys.argv[1])
groups = cluster(match(block(prep(records, verbosity_level=0), verbosity_level=0),
                       verbosity_level=0), verbosity_level=0)
print(json.dumps({"seconds": time.perf_counter() - t0, "groups": groups}))
"""


def _braced(value: str) -> str:
    """A BibTeX field value in braces; unbalanced braces in the data are dropped."""
    depth = 0
    for ch in value:
        depth += {"{": 1, "}": -1}.get(ch, 0)
        if depth < 0:
            break
    if depth != 0:
        value = value.replace("{", "").replace("}", "")
    return "{" + value.replace("\\", "\\textbackslash{}") + "}"


def csv_to_bibtex(csv_path: Path) -> str:
    """The records of a bib-dedupe CSV as BibTeX entries keyed by their ID."""
    chunks = []
    with csv_path.open(encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f):
            entry_type = (row.get("ENTRYTYPE") or "article").strip() or "article"
            body = [
                f"  {name} = {_braced(row[name].strip())}"
                for name in BIB_FIELDS
                if (row.get(name) or "").strip()
            ]
            chunks.append(f"@{entry_type}{{{row['ID']},\n" + ",\n".join(body) + "\n}\n")
    return "\n".join(chunks)


def gold_pairs(path: Path) -> set[tuple[str, str]]:
    pairs: set[tuple[str, str]] = set()
    with path.open(encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f):
            ids = sorted(x.strip() for x in row["merged_ids"].split(";") if x.strip())
            pairs.update(itertools.combinations(ids, 2))
    return pairs


def predicted_pairs(groups: list[list[str]]) -> set[tuple[str, str]]:
    pairs: set[tuple[str, str]] = set()
    for group in groups:
        pairs.update(itertools.combinations(sorted(group), 2))
    return pairs


def scores(pred: set[tuple[str, str]], gold: set[tuple[str, str]]) -> tuple[float, float, float]:
    tp = len(pred & gold)
    precision = tp / len(pred) if pred else 1.0
    recall = tp / len(gold) if gold else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


def run_scholar(bib: Path, threshold: float | None) -> tuple[float, dict[str, object]]:
    cmd = [sys.executable, "-m", "scholarcli", "dedupe", str(bib), "--format", "json"]
    if threshold is not None:
        cmd += ["--threshold", str(threshold)]
    start = time.perf_counter()
    done = subprocess.run(cmd, capture_output=True, text=True, check=False)
    seconds = time.perf_counter() - start
    if done.returncode not in (0, 1):
        raise SystemExit(f"scholar dedupe failed ({done.returncode}): {done.stderr}")
    return seconds, json.loads(done.stdout)


def run_bib_dedupe(python: str, csv_path: Path) -> tuple[float, list[list[str]]]:
    with tempfile.NamedTemporaryFile("w", suffix=".py", delete=False) as f:
        f.write(BIB_DEDUPE_DRIVER)
        driver = f.name
    try:
        start = time.perf_counter()
        done = subprocess.run(
            [python, driver, str(csv_path)],
            capture_output=True,
            text=True,
            check=False,
            cwd=tempfile.gettempdir(),
        )
        seconds = time.perf_counter() - start
    finally:
        os.unlink(driver)
    if done.returncode != 0:
        raise SystemExit(f"bib-dedupe failed: {done.stderr[-2000:]}")
    last = done.stdout.strip().splitlines()[-1]
    return seconds, json.loads(last)["groups"]


def show_errors(csv_path: Path, pred: set[tuple[str, str]], gold: set[tuple[str, str]]) -> None:
    with csv_path.open(encoding="utf-8", newline="") as f:
        rows = {r["ID"]: r for r in csv.DictReader(f)}
    for label, pairs in (("missed", sorted(gold - pred)), ("wrong", sorted(pred - gold))):
        for a, b in pairs:
            print(f"  {label}:")
            for key in (a, b):
                r = rows[key]
                print(
                    f"    {key} | {r['title'][:110]} | {r['author'][:50]} | {r['year']} "
                    f"{r['pages']} v{r['volume']} n{r['number']} | {r['journal'][:45]}"
                )


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--sets", type=Path, default=SETS, help="folder of labelled sets")
    parser.add_argument("--set", action="append", help="only this set (repeatable)")
    parser.add_argument("--runs", type=int, default=3, help="timed runs of scholar (median)")
    parser.add_argument("--threshold", type=float, default=None)
    parser.add_argument("--bib-dedupe", metavar="PYTHON", help="a Python with bib-dedupe")
    parser.add_argument("--bib-dedupe-runs", type=int, default=1)
    parser.add_argument("--errors", action="store_true", help="list missed and wrong pairs")
    args = parser.parse_args()

    DATA.mkdir(parents=True, exist_ok=True)
    names = args.set or sorted(
        p.name for p in args.sets.iterdir() if (p / "records_pre_merged.csv").exists()
    )
    bib_dedupe = args.bib_dedupe
    tools = tools_dir()
    if bib_dedupe is None and tools and (tools / "venvs/bibdedupe/bin/python").exists():
        bib_dedupe = str(tools / "venvs/bibdedupe/bin/python")
    rows: list[list[str]] = []
    for name in names:
        folder = args.sets / name
        csv_path = folder / "records_pre_merged.csv"
        bib = DATA / f"{name}.bib"
        bib.write_text(csv_to_bibtex(csv_path), encoding="utf-8")
        gold = gold_pairs(folder / "merged_record_ids.csv")
        times = []
        report: dict[str, object] = {}
        for _ in range(max(1, args.runs)):
            seconds, report = run_scholar(bib, args.threshold)
            times.append(seconds)
        ours = statistics.median(times)
        clusters = report["clusters"]
        assert isinstance(clusters, list)
        pred = predicted_pairs([c["keys"] for c in clusters])
        p, r, f = scores(pred, gold)
        records = report["records"]
        rows.append(
            [name, f"{records:,}", f"{len(gold):,}", "scholar", f"{p:.4f}", f"{r:.4f}",
             f"{f:.4f}", f"{ours:.2f}", ""]
        )  # fmt: skip
        if args.errors:
            show_errors(csv_path, pred, gold)
        if not bib_dedupe:
            rows.append(["", "", "", "bib-dedupe", NOT_INSTALLED, "", "", "", ""])
            record("dedupe quality", "pairwise F1 and time", f"{name} ({records:,} records)",
                   f"F1 {f:.4f}, {ours:.2f} s", f"bib-dedupe: {NOT_INSTALLED}", "")  # fmt: skip
            continue
        bd_times = []
        groups: list[list[str]] = []
        for _ in range(max(1, args.bib_dedupe_runs)):
            seconds, groups = run_bib_dedupe(bib_dedupe, csv_path)
            bd_times.append(seconds)
        theirs = statistics.median(bd_times)
        bp, br, bf = scores(predicted_pairs(groups), gold)
        rows.append(
            ["", "", "", "bib-dedupe", f"{bp:.4f}", f"{br:.4f}", f"{bf:.4f}", f"{theirs:.2f}",
             f"{theirs / ours:.1f}x"]
        )  # fmt: skip
        record(
            "dedupe quality",
            "pairwise F1 and time (start-up and reading included)",
            f"{name} ({records:,} records, {len(gold):,} true pairs)",
            f"F1 {f:.4f}, {ours:.2f} s",
            f"bib-dedupe: F1 {bf:.4f}, {theirs:.2f} s",
            f"time {ours / theirs:.2f}x; F1 {f - bf:+.4f}",
        )
    print(
        f"scholar: median of {args.runs} runs; bib-dedupe: median of {args.bib_dedupe_runs}; "
        f"{machine()}; {load()} at the end\n"
    )
    header = ["set", "records", "true pairs", "tool", "precision", "recall", "F1"]
    print(table(rows, [*header, "median s", "bib-dedupe / scholar"]))


if __name__ == "__main__":
    main()
