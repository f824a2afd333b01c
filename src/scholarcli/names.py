"""Person names: BibTeX name lists to "First Last" strings, and the parts other modules need."""

from __future__ import annotations

import re
from functools import lru_cache

# "(?<!\s)\s++": a run of spaces is entered at its start only, and taken whole; "\s+and"
# would rescan the run from each of its characters (quadratic on a field of spaces).
_AND = re.compile(r"(?<!\s)\s++and\s+", re.IGNORECASE)
_AND_OR_BRACE = re.compile(r"[{}]|(?<!\s)\s++and\s+", re.IGNORECASE)
_SUFFIXES = frozenset({"jr", "jr.", "sr", "sr.", "ii", "iii", "iv", "2nd", "3rd"})
_ET_AL = frozenset({"others", "et al.", "et al", "etal", "et. al."})


def split_bibtex_names(raw: str) -> tuple[list[str], bool]:
    """Split a raw BibTeX name list at its top-level ``and``s.

    Returns the raw (still LaTeX) names and whether the list ended in ``and others``.
    An ``and`` inside braces (``{Barnes and Noble}``) belongs to a name.
    """
    raw = raw.strip()
    if not raw:
        return [], False
    if "{" not in raw:
        names = _AND.split(raw)
    else:
        names = []
        depth = 0
        start = 0
        for m in _AND_OR_BRACE.finditer(raw):
            tok = m.group()
            if tok == "{":
                depth += 1
            elif tok == "}":
                depth = max(0, depth - 1)
            elif depth == 0:
                names.append(raw[start : m.start()])
                start = m.end()
        names.append(raw[start:])
    names = [n.strip() for n in names if n.strip()]
    truncated = False
    while names and names[-1].lower() in _ET_AL:
        names.pop()
        truncated = True
    return names, truncated


# Names repeat across a bibliography (the same authors, again and again): a cache of the
# recent ones saves about a third of reading the names of a large file.
@lru_cache(maxsize=65536)
def bibtex_name_to_display(raw: str) -> str:
    """One raw BibTeX name ("Lee, Jason D.", "M{\\"u}ller, Hans") -> "First Last" (decoded)."""
    if "\\" not in raw and "{" not in raw and "~" not in raw:
        # Plain text needs no decoding: split and normalise the spaces only.
        parts = [" ".join(p.split()) for p in raw.split(",")]
    else:
        # Imported here: plain names (every name of a profile listing) need no LaTeX, and
        # the module costs a few milliseconds of start-up.
        from scholarcli.latex import decode

        parts = [decode(p) for p in _top_level_commas(raw)]
    if len(parts) == 1:
        return parts[0]
    # "Last, First" or "Last, Jr, First": the given names go first.
    last, jr, first = (
        (parts[0], "", parts[1]) if len(parts) == 2 else (parts[0], parts[1], " ".join(parts[2:]))
    )
    return " ".join(p for p in (first, last, jr) if p)


def _top_level_commas(raw: str) -> list[str]:
    if "," not in raw:
        return [raw]
    if "{" not in raw:
        return [p.strip() for p in raw.split(",")]
    parts: list[str] = []
    depth = 0
    start = 0
    for i, ch in enumerate(raw):
        if ch == "{":
            depth += 1
        elif ch == "}":
            depth = max(0, depth - 1)
        elif ch == "," and depth == 0:
            parts.append(raw[start:i].strip())
            start = i + 1
    parts.append(raw[start:].strip())
    return parts


def surname(name: str) -> str:
    """The family name of a "First Last" display name (its last word, suffixes like Jr. aside)."""
    words = name.replace(",", " ").split()
    while len(words) > 1 and words[-1].lower() in _SUFFIXES:
        words.pop()
    return words[-1] if words else ""


def given_initials(name: str) -> str:
    """Initials of the given names of a "First Last" name: "Jason D. Lee" -> "JD"."""
    words = name.replace(",", " ").split()
    while len(words) > 1 and words[-1].lower() in _SUFFIXES:
        words.pop()
    initials = []
    for word in words[:-1]:
        for piece in word.split("-"):
            piece = piece.strip(".")
            if piece and piece[0].isalpha():
                initials.append(piece[0].upper())
    return "".join(initials)
