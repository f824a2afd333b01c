"""Candidate pairs by blocking: sorted neighbourhoods on several keys, and shared identifiers.

Comparing every pair is quadratic; instead each record is compared with the few records
next to it when all records are sorted by a key, for several keys, so that an edit that
moves a record away from its twin in one order leaves it beside it in another:

- the title (then the first author, so identical titles by one author sit together),
- the title read backwards (an edit at the start of a title: "The", "Chapter 9:"),
- the first author's family name, then the title (the same author's papers side by side),

and records that share a DOI or an arXiv id are paired whatever their titles. The work is
``records x keys x window``: linear in the number of records.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt

    IntArray = npt.NDArray[np.int64]

#: How many following records each record is compared with in each sorted order.
WINDOW = 4
#: A group sharing one identifier larger than this is paired along a chain, not all pairs.
MAX_ID_GROUP = 40


def _neighbours(order: list[int], window: int) -> tuple[IntArray, IntArray]:
    import numpy as np

    idx = np.asarray(order, dtype=np.int64)
    firsts = [idx[:-d] for d in range(1, min(window, len(idx) - 1) + 1)]
    seconds = [idx[d:] for d in range(1, min(window, len(idx) - 1) + 1)]
    if not firsts:
        empty = np.empty(0, dtype=np.int64)
        return empty, empty
    return np.concatenate(firsts), np.concatenate(seconds)


def _shared(values: Sequence[str]) -> tuple[IntArray, IntArray]:
    """Pairs of records whose non-empty ``values`` are equal."""
    import numpy as np

    groups: dict[str, list[int]] = defaultdict(list)
    for i, value in enumerate(values):
        if value:
            groups[value].append(i)
    left: list[int] = []
    right: list[int] = []
    for members in groups.values():
        if len(members) < 2:
            continue
        if len(members) <= MAX_ID_GROUP:
            for k, a in enumerate(members):
                for b in members[k + 1 :]:
                    left.append(a)
                    right.append(b)
        else:
            left.extend(members[:-1])
            right.extend(members[1:])
    return np.asarray(left, dtype=np.int64), np.asarray(right, dtype=np.int64)


def candidate_pairs(
    titles: Sequence[str],
    firsts: Sequence[str],
    ids: Sequence[Sequence[str]] = (),
    *,
    window: int = WINDOW,
) -> tuple[IntArray, IntArray]:
    """Pairs ``(i, j)``, ``i < j``, each once, of records worth comparing.

    ``titles`` are title keys ("" when a record has none), ``firsts`` the first author's
    family name, ``ids`` lists of identifiers (DOIs, arXiv ids) to pair on exactly.
    """
    import numpy as np

    n = len(titles)
    with_title = [i for i in range(n) if titles[i]]
    parts: list[tuple[IntArray, IntArray]] = []
    # Stable sorts with C-level keys (no per-record tuples): by first author, then by title,
    # gives the title order with one author's identical titles side by side.
    by_author = sorted(with_title, key=firsts.__getitem__)
    by_title = sorted(by_author, key=titles.__getitem__)
    parts.append(_neighbours(by_title, window))
    by_author = sorted(by_title, key=firsts.__getitem__)
    del by_title
    with_author = [i for i in by_author if firsts[i]]
    parts.append(_neighbours(with_author, max(2, window // 2)))
    del by_author, with_author
    backwards = [t[::-1] for t in titles]
    parts.append(_neighbours(sorted(with_title, key=backwards.__getitem__), window))
    del backwards
    for values in ids:
        parts.append(_shared(values))
    left = np.concatenate([p[0] for p in parts])
    right = np.concatenate([p[1] for p in parts])
    lo = np.minimum(left, right)
    hi = np.maximum(left, right)
    del left, right
    keep = lo != hi
    codes = lo[keep] * np.int64(max(n, 1)) + hi[keep]
    del lo, hi, keep
    # Sorting and dropping repeats is several times faster than np.unique's hashing here.
    codes.sort()
    if len(codes):
        codes = codes[np.concatenate(([True], codes[1:] != codes[:-1]))]
    return codes // max(n, 1), codes % max(n, 1)
