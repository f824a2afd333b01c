"""Papers -> CSL-JSON (for pandoc --citeproc, Zotero and citeproc-js): one array of items.

What CSL has no variable for (category, affiliation, "et al.", code, the BibTeX type and
fields) goes into the item's ``custom`` object, where ``readers/csljson.py`` reads it back.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any, TextIO

from scholarcli.latex import protect_word
from scholarcli.model import Paper
from scholarcli.names import surname
from scholarcli.writers import WriteOptions
from scholarcli.writers.jsonio import dumps

# BibTeX entry type -> CSL item type (the reverse of readers/csljson.CSL_TO_BIBTEX, widened).
BIBTEX_TO_CSL: dict[str, str] = {
    "article": "article-journal",
    "inproceedings": "paper-conference",
    "conference": "paper-conference",
    "proceedings": "book",
    "book": "book",
    "mvbook": "book",
    "booklet": "pamphlet",
    "inbook": "chapter",
    "incollection": "chapter",
    "phdthesis": "thesis",
    "mastersthesis": "thesis",
    "thesis": "thesis",
    "techreport": "report",
    "report": "report",
    "unpublished": "manuscript",
    "online": "webpage",
    "software": "software",
    "dataset": "dataset",
    "manual": "report",
    "patent": "patent",
}
_MATH = re.compile(r"(\$[^$]+\$)")
_NOCASE = '<span class="nocase">{}</span>'
_SUFFIXES = frozenset({"jr", "jr.", "sr", "sr.", "ii", "iii", "iv", "2nd", "3rd"})


def csl_title(title: str) -> str:
    """The title with what a style's title- or sentence-casing would damage ("GPT-4V",
    "BERT", math such as ``$\\mathcal{O}(n)$``, LaTeX) in ``<span class="nocase">``, the CSL
    way of keeping case (citeproc-js and pandoc honour it; ``readers/csljson.py`` removes it)."""
    if not any(_keep_case(w) for w in title.split(" ")):
        return title
    out = []
    for i, part in enumerate(_MATH.split(title)):
        if i % 2:  # a math span, whole
            out.append(_NOCASE.format(part))
            continue
        words = [_NOCASE.format(w) if _keep_case(w) else w for w in part.split(" ")]
        out.append(" ".join(words))
    return "".join(out)


def _keep_case(word: str) -> bool:
    return bool(word) and ("$" in word or "\\" in word or protect_word(word))


def csl_name(display: str) -> dict[str, str]:
    """ "Jason D. Lee" -> ``{"family": "Lee", "given": "Jason D."}`` (suffix kept apart)."""
    words = display.split()
    suffix = ""
    if len(words) > 2 and words[-1].lower() in _SUFFIXES:
        suffix = words.pop()
    if len(words) <= 1:
        return {"literal": display}
    family = surname(" ".join(words))
    given = " ".join(words[:-1])
    name = {"family": family, "given": given}
    if suffix:
        name["suffix"] = suffix
    if " ".join(filter(None, (given, family, suffix))) != display:
        # Odd spacing or a family name that is not the last word: the parts would not give
        # the name back (readers/csljson.py joins them), so the name goes whole.
        return {"literal": display}
    return name


def paper_to_csl(paper: Paper, key: str) -> dict[str, Any]:
    """One CSL-JSON item; keys in a fixed order."""
    kind = paper.entry_type or ("misc" if not paper.venue else "article")
    item: dict[str, Any] = {
        "id": key,
        # CSL's "article" is a preprint or other article without a container.
        "type": BIBTEX_TO_CSL.get(kind, "article"),
        "title": csl_title(paper.title),
    }
    if paper.authors:
        item["author"] = [csl_name(a) for a in paper.authors]
    if paper.year is not None:
        parts = [paper.year]
        if paper.month is not None:
            parts.append(paper.month)
            if paper.day is not None:
                parts.append(paper.day)
        item["issued"] = {"date-parts": [parts]}
    if paper.venue:
        item["container-title"] = paper.venue
    if paper.doi:
        item["DOI"] = paper.doi
    url = paper.url or paper.code_url
    if url:
        item["URL"] = url
    if paper.abstract:
        item["abstract"] = paper.abstract
    custom: dict[str, Any] = {"entry_type": kind}
    if paper.authors_truncated:
        custom["authors_truncated"] = True
    if paper.category:
        custom["category"] = paper.category
    if paper.affiliation:
        custom["affiliation"] = paper.affiliation
    if paper.has_code:
        custom["has_code"] = True
    if paper.code_url:
        custom["code_url"] = paper.code_url
    if paper.citations is not None:
        custom["citations"] = paper.citations
    if paper.extra:
        custom["extra"] = dict(paper.extra)
    if paper.source_line is not None:
        custom["source_line"] = paper.source_line
    item["custom"] = custom
    return item


def write_csljson(papers: Sequence[Paper], out: TextIO, options: WriteOptions) -> None:
    """A JSON array of CSL items (``[]`` when empty), UTF-8, two-space indent."""
    items = [paper_to_csl(p, options.key_map.get(p.key, p.key)) for p in papers]
    out.write(dumps(items, indent=2))
    out.write("\n")
