"""The ``name-conflict`` rule: one person written in ways that disagree across entries.

"Lei, Qi", "Q. Lei" and "Qi Lei" agree (the same surname, compatible given names). "Qi Lei"
and "Lei Qi" do not: the same words with the family name swapped, so a style sorts and
abbreviates them as two people. Nor do "Gamze Gürsoy" and "G. Gursoy": one family name
with its accents or capitals written two ways.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterator, Sequence

from scholarcli.check.located import Located
from scholarcli.check.rules import RULES, Finding
from scholarcli.names import surname
from scholarcli.text import fold, words

_LETTERS = re.compile(r"[^\W\d_]+")

# group -> variant -> [(entry index, name as written)]
_Variants = dict[str, list[tuple[int, str]]]


def name_conflict_findings(located: Sequence[Located]) -> Iterator[Finding]:
    """One finding per entry and name written differently from most entries."""
    by_order: dict[tuple[str, ...], _Variants] = defaultdict(lambda: defaultdict(list))
    by_spelling: dict[str, _Variants] = defaultdict(lambda: defaultdict(list))
    for i, loc in enumerate(located):
        for name in dict.fromkeys(loc.paper.authors):
            tokens = words(name)
            if len(tokens) < 2:
                continue  # a single word: nothing to compare
            family = " ".join(words(surname(name)))
            if all(len(t) > 1 for t in tokens):  # initials tell no order apart
                by_order[tuple(sorted(tokens))][family].append((i, name))
            # Only the family name's spelling is compared: given names legitimately come
            # in fuller and shorter forms ("Hung-wei", "Hung-Wei", "H.").
            family_letters = "".join(_LETTERS.findall(surname(name)))
            group = f"{fold(family_letters)} {tokens[0][0]}"
            by_spelling[group][family_letters].append((i, name))
    flagged: dict[int, dict[str, tuple[str, int]]] = defaultdict(dict)
    for variants in (*by_order.values(), *by_spelling.values()):
        if len(variants) > 1:
            _flag(variants, flagged)
    rule = RULES["name-conflict"]
    for i in sorted(flagged):
        loc = located[i]
        for written, (usual, other) in flagged[i].items():
            ref = located[other]
            yield Finding(
                loc.file,
                loc.line,
                rule.id,
                rule.severity,
                loc.key,
                f"author {written!r} is written {usual!r} in {ref.key} ({ref.where})",
                "write a person's name one way everywhere; 'Last, First' leaves no doubt "
                "which name is the family name",
            )


def _flag(variants: _Variants, flagged: dict[int, dict[str, tuple[str, int]]]) -> None:
    """Flag the uses of every variant but the most used one (the earliest on a tie)."""
    order = sorted(variants, key=lambda v: (-len(variants[v]), variants[v][0][0]))
    ref, usual = variants[order[0]][0]
    for variant in order[1:]:
        for i, written in variants[variant]:
            flagged[i].setdefault(written, (usual, ref))
