"""Papers -> BibTeX (classic bibtex) and BibLaTeX (biber): entries the real tools accept.

Every text field goes through :func:`scholarcli.latex.encode`, so nothing from a paper acts
as TeX; titles get case protection. What the model holds beyond the standard fields is
written so that ``readers/bibtex.py`` gets it back: ``keywords`` (the category),
``affiliation``, ``code`` (``yes``, or the code URL when ``url`` is taken), ``day``,
``citations``, and the source's other fields (``extra``).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache
from typing import TextIO

from scholarcli.latex import TexCharset, encode
from scholarcli.model import Paper
from scholarcli.writers import TexEncoding, WriteOptions

MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
# The entry types plain.bst (and every classic style) defines.
BIBTEX_TYPES = frozenset(
    {
        "article",
        "book",
        "booklet",
        "conference",
        "inbook",
        "incollection",
        "inproceedings",
        "manual",
        "mastersthesis",
        "misc",
        "phdthesis",
        "proceedings",
        "techreport",
        "unpublished",
    }
)
# BibLaTeX's types (its data model), the classic ones it takes as aliases included.
BIBLATEX_TYPES = BIBTEX_TYPES | frozenset(
    {
        "online",
        "report",
        "thesis",
        "collection",
        "mvbook",
        "mvcollection",
        "mvproceedings",
        "bookinbook",
        "suppbook",
        "suppcollection",
        "periodical",
        "suppperiodical",
        "patent",
        "reference",
        "inreference",
        "software",
        "dataset",
        "set",
        "xdata",
        "electronic",
        "www",
        "image",
        "audio",
        "video",
        "music",
        "movie",
        "artwork",
        "letter",
        "jurisdiction",
        "legislation",
        "legal",
        "standard",
        "performance",
        "review",
    }
)
# BibLaTeX-only types -> the classic type closest to them.
_TO_BIBTEX = {
    "online": "misc",
    "electronic": "misc",
    "www": "misc",
    "software": "misc",
    "dataset": "misc",
    "report": "techreport",
    "thesis": "phdthesis",
    "collection": "book",
    "mvbook": "book",
    "bookinbook": "inbook",
    "reference": "book",
    "inreference": "incollection",
    "mvproceedings": "proceedings",
    "mvcollection": "book",
}
_IN_BOOK = frozenset({"inproceedings", "conference", "incollection", "inbook"})
_PROCEEDINGS = re.compile(
    r"\b(proceedings|proc\.|conference|workshop|symposium|congress|meeting)\b", re.IGNORECASE
)
# A cross-reference was resolved when reading; the parent may not be in this output.
_NOT_COPIED = frozenset({"crossref", "xdata", "keywords"})
# Identifiers and links: written as they are (no TeX escaping), but made brace-safe.
_VERBATIM = frozenset({"doi", "url", "eprint", "isbn", "issn", "file", "pmid", "arxivid"})
_FIELD_NAME = re.compile(r"^[A-Za-z][A-Za-z0-9_\-:.+]*$")
# Characters a citation key may not hold (BibTeX, biber and \cite all stop on them).
_BAD_KEY_CHARS = re.compile(r"[\s,{}()\"#%=\\~]")
# In a verbatim value these would unbalance the entry or end the TeX argument.
_UNSAFE_VERBATIM = re.compile(r"[{}\\\s]")
_NAME_SUFFIXES = frozenset({"jr", "jr.", "sr", "sr.", "ii", "iii", "iv", "2nd", "3rd"})
_ET_AL_WORDS = frozenset({"others", "et al.", "et al", "etal", "et. al."})
_AND = re.compile(r"\band\b", re.IGNORECASE)


def write_bibtex(papers: Sequence[Paper], out: TextIO, options: WriteOptions) -> None:
    """Classic BibTeX: LaTeX escapes for accents by default, ``year`` + ``month`` macros."""
    _write(papers, out, options, biblatex=False)


def write_biblatex(papers: Sequence[Paper], out: TextIO, options: WriteOptions) -> None:
    """BibLaTeX for biber: UTF-8 by default, ``date`` as ISO, ``@online`` for venue-less papers."""
    _write(papers, out, options, biblatex=True)


def charset_for(encoding: TexEncoding, *, biblatex: bool) -> TexCharset:
    if encoding is TexEncoding.UNICODE:
        return TexCharset.UNICODE
    if encoding is TexEncoding.ASCII:
        return TexCharset.ASCII
    return TexCharset.UTF8 if biblatex else TexCharset.ESCAPE


def _write(papers: Sequence[Paper], out: TextIO, options: WriteOptions, *, biblatex: bool) -> None:
    charset = charset_for(options.tex_encoding, biblatex=biblatex)
    used: set[str] = set()
    first = True
    for paper in papers:
        key = _safe_key(options.key_map.get(paper.key, paper.key) or "anon", used)
        if not first:
            out.write("\n")
        first = False
        out.write(entry_text(paper, key, charset=charset, biblatex=biblatex))


def entry_text(paper: Paper, key: str, *, charset: TexCharset, biblatex: bool) -> str:
    """One entry, fields in a fixed order, each ``  name = {value},`` on its own line."""
    kind = entry_type(paper, biblatex=biblatex)
    lines = [f"@{kind}{{{key},\n"]
    written: set[str] = set()

    def add(name: str, value: str, *, macro: bool = False) -> None:
        written.add(name)
        lines.append(f"  {name} = {value},\n" if macro else f"  {name} = {{{value}}},\n")

    if paper.authors or paper.authors_truncated:
        names = [bibtex_name(a, charset) for a in paper.authors]
        if paper.authors_truncated:
            names.append("others")
        add("author", " and ".join(names))
    add("title", encode(paper.title, charset=charset, protect_case=True))
    if paper.venue:
        name = "booktitle" if kind in _IN_BOOK else "journaltitle" if biblatex else "journal"
        add(name, encode(paper.venue, charset=charset))
    if biblatex:
        if paper.year is not None:
            date = f"{paper.year:04d}"
            if paper.month is not None:
                date += f"-{paper.month:02d}"
                if paper.day is not None:
                    date += f"-{paper.day:02d}"
            add("date", date)
    else:
        if paper.year is not None:
            add("year", f"{paper.year:04d}")
        if paper.month is not None and 1 <= paper.month <= 12:
            add("month", MONTHS[paper.month - 1], macro=True)
        if paper.day is not None:
            add("day", str(paper.day))
    if paper.doi:
        add("doi", _verbatim(paper.doi))
    # A paper's code link is its url when it has no other (readers/bibtex.py maps it back).
    url = paper.url or paper.code_url
    if url:
        add("url", _verbatim(url))
    if paper.abstract:
        add("abstract", encode(paper.abstract, charset=charset))
    keywords = paper.category
    extra_keywords = paper.extra.get("keywords")
    if extra_keywords:
        keywords = f"{keywords}, {extra_keywords}" if keywords else extra_keywords
    if keywords:
        add("keywords", encode(keywords, charset=charset))
    if paper.affiliation:
        add("affiliation", encode(paper.affiliation, charset=charset))
    if paper.code_url and paper.url:
        add("code", _verbatim(paper.code_url))
    elif paper.has_code and not paper.code_url:
        add("code", "yes")
    if paper.citations is not None:
        add("citations", str(paper.citations))
    # The source's other fields, unless a field of that name is written already (one
    # name twice makes biber and bibtexparser complain).
    for name, value in paper.extra.items():
        lower = name.lower()
        if lower in written or lower in _NOT_COPIED or not value or not _FIELD_NAME.match(name):
            continue
        add(lower, _verbatim(value) if lower in _VERBATIM else encode(value, charset=charset))
    lines.append("}\n")
    return "".join(lines)


def entry_type(paper: Paper, *, biblatex: bool) -> str:
    """The entry type: the source's when the target knows it, else one guessed from the venue."""
    kind = (paper.entry_type or "").lower()
    if not kind:
        if not paper.venue:
            return "online" if biblatex else "misc"
        kind = "inproceedings" if _PROCEEDINGS.search(paper.venue) else "article"
    if biblatex:
        if kind == "misc" and not paper.venue:
            return "online"
        return kind if kind in BIBLATEX_TYPES else "misc"
    kind = _TO_BIBTEX.get(kind, kind)
    return kind if kind in BIBTEX_TYPES else "misc"


@lru_cache(maxsize=65536)
def bibtex_name(display: str, charset: TexCharset) -> str:
    """A "First von Last Jr." display name -> ``von Last, Jr., First`` in LaTeX.

    The comma form leaves BibTeX no guessing about which word is the family name. A name
    that BibTeX would split or misread (an ``and`` in it, a comma, the word ``others``)
    is braced whole, which makes it one literal name.
    """
    display = " ".join(display.split())
    if (
        "," in display
        or _AND.search(display)
        or display.lower() in _ET_AL_WORDS
        or "{" in display
        or "}" in display
    ):
        return "{" + encode(display, charset=charset, keep_math=False) + "}"
    words = display.split(" ")
    jr = ""
    if len(words) > 2 and words[-1].lower() in _NAME_SUFFIXES:
        jr = words.pop()
    last = [words.pop()]
    while len(words) > 1 and words[-1][:1].islower():
        last.insert(0, words.pop())  # "van", "de la": the von part goes with the surname
    first = " ".join(words)
    if len(words) == 1 and words[0][:1].islower():
        last.insert(0, words.pop())
        first = ""
    parts = [" ".join(last)]
    if jr:
        parts.append(jr)
    if first:
        parts.append(first)
    if len(parts) == 1:
        return encode(parts[0], charset=charset, keep_math=False)
    return ", ".join(encode(p, charset=charset, keep_math=False) for p in parts)


def _safe_key(key: str, used: set[str]) -> str:
    if _BAD_KEY_CHARS.search(key):
        key = _BAD_KEY_CHARS.sub("-", key)
    base = key
    n = 1
    while key.lower() in used:
        n += 1
        key = f"{base}-{n}"
    used.add(key.lower())
    return key


def _verbatim(value: str) -> str:
    """A link or identifier as written; braces, backslashes and spaces percent-encoded."""
    value = value.strip()
    if not _UNSAFE_VERBATIM.search(value):
        return value
    return _UNSAFE_VERBATIM.sub(lambda m: f"%{ord(m.group()):02X}", value)
