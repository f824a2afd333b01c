"""Citation keys: ``<first author's surname><year><first significant title word>``, unique."""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Sequence

from scholarcli.model import Paper
from scholarcli.names import surname
from scholarcli.text import ascii_slug, fold

# Words a key never starts its title part with (as Google Scholar's keys do).
_STOPWORDS = frozenset(
    [
        "a",
        "an",
        "the",
        "on",
        "of",
        "in",
        "for",
        "to",
        "and",
        "with",
        "at",
        "by",
        "from",
        "is",
        "are",
        "as",
        "via",
        "into",
    ]
)
_MATH_OR_COMMAND = re.compile(r"\$[^$]*\$|\\[A-Za-z]+")
_WORD = re.compile(r"[^\W_]+")


def base_key(paper: Paper) -> str:
    """The key a paper gets before collisions are resolved (``yang2022nearly``)."""
    name = ascii_slug(surname(paper.authors[0])) if paper.authors else ""
    year = str(paper.year) if paper.year is not None else ""
    word = ""
    for candidate in _WORD.findall(fold(_MATH_OR_COMMAND.sub(" ", paper.title))):
        if candidate in _STOPWORDS:
            continue
        word = ascii_slug(candidate)
        if word:
            break
    return (name or "anon") + year + word


def suffix(index: int) -> str:
    """The disambiguating suffix of the ``index``-th paper sharing a key: "", a, b, ..., z, aa."""
    out = ""
    while index > 0:
        index, rem = divmod(index - 1, 26)
        out = chr(ord("a") + rem) + out
    return out


def assign_keys(papers: Sequence[Paper], taken: set[str] | None = None) -> list[Paper]:
    """Give every paper a key unique in the collection (compared as BibTeX does, ignoring case).

    Papers keep a key their source gave them (a second use of one gets a suffix); papers
    without one get :func:`base_key`, and colliding generated keys are suffixed in an order
    that depends on the papers alone (title, date, authors), not on where they were listed,
    so a file and a library holding the same papers agree on keys. ``taken`` holds keys
    already in use elsewhere (e.g. in a library) that must not be handed out.
    """
    keys = unique_keys(papers, taken)
    return [p if k == p.key else p.with_key(k) for p, k in zip(papers, keys, strict=True)]


def unique_keys(papers: Sequence[Paper], taken: set[str] | None = None) -> list[str]:
    """The keys :func:`assign_keys` gives ``papers``, without copying the papers."""
    used: set[str] = {k.lower() for k in taken} if taken else set()
    result: list[str] = [""] * len(papers)
    groups: dict[str, list[int]] = defaultdict(list)
    for i, paper in enumerate(papers):
        if paper.key:
            key = _free(paper.key, used)
            used.add(key.lower())
            result[i] = key
        else:
            groups[base_key(paper)].append(i)
    for base, members in groups.items():
        members.sort(key=lambda i: _collision_order(papers[i]))
        n = 0
        for i in members:
            key = base + suffix(n)
            while key.lower() in used:
                n += 1
                key = base + suffix(n)
            n += 1
            used.add(key.lower())
            result[i] = key
    return result


def _free(key: str, used: set[str]) -> str:
    if key.lower() not in used:
        return key
    n = 1
    while (key + suffix(n)).lower() in used:
        n += 1
    return key + suffix(n)


def _collision_order(paper: Paper) -> tuple[object, ...]:
    return (paper.sort_date, fold(paper.title), paper.authors, paper.abstract or "")
