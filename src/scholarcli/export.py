"""Exporting papers: the format to write, keys kept from an old bibliography, up-to-date checks."""

from __future__ import annotations

import difflib
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from scholarcli.errors import UsageError
from scholarcli.keys import suffix
from scholarcli.model import Paper
from scholarcli.names import surname
from scholarcli.text import squash
from scholarcli.writers import WRITERS, WriteOptions, format_for_path, to_string

DEFAULT_FORMAT = "bibtex"


def choose_format(fmt: str | None, output: str | None) -> str:
    """``--format`` if given, else the one ``-o``'s suffix names, else BibTeX."""
    if fmt:
        if fmt not in WRITERS:
            raise UsageError(f"unknown format {fmt!r}", hint="one of " + ", ".join(WRITERS))
        return fmt
    if output and output != "-":
        guessed = format_for_path(output)
        if guessed is None:
            raise UsageError(
                f"cannot tell the format from the name {output!r}",
                hint="give --format, e.g. --format bibtex",
            )
        return guessed
    return DEFAULT_FORMAT


def _match_key(paper: Paper) -> str:
    return squash(paper.title)


def _first_surname(paper: Paper) -> str | None:
    return squash(surname(paper.authors[0])) if paper.authors else None


def _same_work(new: Paper, old: Paper) -> bool:
    if new.year is not None and old.year is not None and abs(new.year - old.year) > 1:
        return False
    a, b = _first_surname(new), _first_surname(old)
    return a is None or b is None or a == b


def keys_from(papers: Sequence[Paper], old: Sequence[Paper]) -> tuple[list[Paper], int]:
    """Papers with the keys ``old`` (an existing bibliography) uses for the same works.

    The same work: the same title once case, accents and punctuation are folded away, a
    year at most one apart (a preprint and its publication), and the same first author's
    surname. Each old key is given once. A paper without a match keeps its key, suffixed
    if an old key took it. Returns the papers and how many kept an old key.
    """
    index: dict[str, list[Paper]] = defaultdict(list)
    for entry in old:
        if entry.key and entry.title.strip():
            index[_match_key(entry)].append(entry)
    given: set[str] = set()
    matched: dict[int, str] = {}
    for i, paper in enumerate(papers):
        for candidate in index.get(_match_key(paper), ()):
            if candidate.key.lower() not in given and _same_work(paper, candidate):
                matched[i] = candidate.key
                given.add(candidate.key.lower())
                break
    used = set(given)
    result: list[Paper] = []
    for i, paper in enumerate(papers):
        if i in matched:
            result.append(paper.with_key(matched[i]))
            continue
        key, n = paper.key, 0
        while key.lower() in used:
            n += 1
            key = paper.key + suffix(n)
        used.add(key.lower())
        result.append(paper if key == paper.key else paper.with_key(key))
    return result, len(matched)


@dataclass(frozen=True, slots=True)
class Export:
    """An export: the text ``-o`` would write, and how many keys ``old`` gave."""

    text: str
    kept_keys: int = 0


def export(
    papers: Sequence[Paper],
    fmt: str,
    options: WriteOptions,
    *,
    old: Sequence[Paper] | None = None,
) -> Export:
    """``papers`` in format ``fmt``; with ``old``, under the keys it uses (:func:`keys_from`)."""
    kept = 0
    if old is not None:
        papers, kept = keys_from(papers, old)
    return Export(to_string(fmt, papers, options), kept)


def diff_against(path: str, text: str) -> str | None:
    """A unified diff from the file at ``path`` to ``text``; None when they are the same."""
    target = Path(path)
    try:
        current = target.read_bytes().decode("utf-8", errors="replace")
    except FileNotFoundError:
        current = ""
    except OSError as exc:
        raise UsageError(f"{path}: cannot read it for --check ({exc.strerror})") from None
    if current == text:
        return None
    lines = difflib.unified_diff(
        current.splitlines(keepends=True),
        text.splitlines(keepends=True),
        fromfile=path,
        tofile=f"{path} (export)",
    )
    return "".join(line if line.endswith("\n") else line + "\n" for line in lines)
