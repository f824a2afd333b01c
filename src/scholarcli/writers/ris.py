"""Papers -> RIS (Reference Manager tags, read by Zotero, EndNote, Mendeley): one record a paper."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TextIO

from scholarcli.model import Paper
from scholarcli.names import surname
from scholarcli.writers import WriteOptions
from scholarcli.writers.listing import one_line

# BibTeX entry type -> RIS reference type.
RIS_TYPES: dict[str, str] = {
    "article": "JOUR",
    "inproceedings": "CPAPER",
    "conference": "CPAPER",
    "proceedings": "CONF",
    "book": "BOOK",
    "inbook": "CHAP",
    "incollection": "CHAP",
    "phdthesis": "THES",
    "mastersthesis": "THES",
    "thesis": "THES",
    "techreport": "RPRT",
    "report": "RPRT",
    "unpublished": "UNPB",
    "online": "ELEC",
    "software": "COMP",
    "dataset": "DATA",
    "patent": "PAT",
}


def ris_name(display: str) -> str:
    """ "Jason D. Lee" -> "Lee, Jason D." (RIS wants the family name first)."""
    family = surname(display)
    words = display.replace(",", " ").split()  # split the way surname() does
    if len(words) <= 1 or not family:
        return display.strip()
    index = len(words) - 1 - words[::-1].index(family)
    given = " ".join(words[:index])
    rest = " ".join(words[index + 1 :])
    return f"{family}, {given}" + (f", {rest}" if rest else "")


def _line(tag: str, value: str) -> str:
    # A record is one tag a line: a line break inside a value would start a bogus tag.
    return f"{tag}  - {one_line(value)}\n"


def write_ris(papers: Sequence[Paper], out: TextIO, options: WriteOptions) -> None:
    """Records in input order, each ``TY`` ... ``ER``, separated by a blank line."""
    first = True
    for paper in papers:
        if not first:
            out.write("\n")
        first = False
        kind = paper.entry_type or ("article" if paper.venue else "")
        lines = [_line("TY", RIS_TYPES.get(kind, "GEN"))]
        lines.append(_line("ID", options.key_map.get(paper.key, paper.key)))
        lines.append(_line("TI", paper.title))
        lines.extend(_line("AU", ris_name(a)) for a in paper.authors)
        if paper.authors_truncated:
            lines.append(_line("N1", "Author list truncated (et al.)"))
        if paper.year is not None:
            lines.append(_line("PY", str(paper.year)))
            month = f"{paper.month:02d}" if paper.month else ""
            day = f"{paper.day:02d}" if paper.day and paper.month else ""
            lines.append(_line("DA", f"{paper.year:04d}/{month}/{day}/"))
        if paper.venue:
            lines.append(_line("T2", paper.venue))
        if paper.abstract:
            lines.append(_line("AB", paper.abstract))
        if paper.category:
            lines.append(_line("KW", paper.category))
        if paper.affiliation:
            lines.append(_line("AD", paper.affiliation))
        if paper.doi:
            lines.append(_line("DO", paper.doi))
        for url in (paper.url, paper.code_url):
            if url:
                lines.append(_line("UR", url))
        lines.append("ER  - \n")
        out.write("".join(lines))
