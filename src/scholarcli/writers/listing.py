"""What the publication-list writers (Markdown, HTML) share: grouping by year, the owner's name."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from urllib.parse import quote, urlsplit

from scholarcli.model import Paper
from scholarcli.names import surname
from scholarcli.text import squash

# Controls would act on a terminal or a browser; bidi overrides reorder what follows them.
_CONTROLS = re.compile(r"[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
UNDATED = "Undated"


def one_line(text: str) -> str:
    """``text`` on one line: control characters become spaces, runs of space one space."""
    if _CONTROLS.search(text):
        text = _CONTROLS.sub(" ", text)
    return " ".join(text.split())


def by_year(papers: Sequence[Paper]) -> list[tuple[str, list[Paper]]]:
    """Papers grouped by year, newest year first, newest paper first; undated ones last."""
    groups: dict[int | None, list[Paper]] = {}
    for paper in papers:
        groups.setdefault(paper.year, []).append(paper)
    years = sorted((y for y in groups if y is not None), reverse=True)
    out = [(str(y), sorted(groups[y], key=lambda p: p.sort_date, reverse=True)) for y in years]
    if None in groups:
        out.append((UNDATED, groups[None]))
    return out


def _given_is_initials(name: str) -> bool:
    given = name.split()[:-1]
    return bool(given) and all(len(w.strip(".")) <= 1 or w.isupper() for w in given)


def _initials(name: str) -> str:
    return "".join(w[0] for w in squash(name).split()[:-1])


def owner_matcher(highlight: str | None) -> Callable[[str], bool]:
    """A test for "is this author the owner": case, accents and punctuation ignored, and
    "Q. Lei" taken as "Qi Lei" (initials against a full given name, same surname)."""
    if not highlight or not highlight.strip():
        return lambda _name: False
    target = squash(highlight)
    target_surname = squash(surname(highlight))
    target_initials = _initials(highlight)
    target_short = _given_is_initials(highlight)

    def matches(name: str) -> bool:
        if squash(name) == target:
            return True
        if squash(surname(name)) != target_surname or not target_surname:
            return False
        if not (target_short or _given_is_initials(name)):
            return False
        mine = _initials(name)
        return bool(mine) and (mine.startswith(target_initials) or target_initials.startswith(mine))

    return matches


def safe_url(url: str | None) -> str | None:
    """``url`` when it is an http(s) link (never ``javascript:``), with spaces and quotes
    percent-encoded; None otherwise."""
    if not url:
        return None
    url = url.strip()
    try:
        scheme = urlsplit(url).scheme.lower()
    except ValueError:
        return None
    if scheme not in ("http", "https"):
        return None
    return quote(url, safe=":/?#[]@!$&'()*+,;=%~-._")


def doi_url(doi: str | None) -> str | None:
    if not doi:
        return None
    return "https://doi.org/" + quote(doi.strip(), safe="/:;()._-")
