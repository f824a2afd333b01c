"""Matching forms of a paper's fields: titles, names, venues, pages and identifiers.

Everything here folds case, accents, punctuation and spacing so that two spellings of one
thing compare equal, and keeps the letters of every script: a Russian, Chinese or Korean
title keeps its letters (and the marks that make them different letters), so it never
collapses to an empty or a shared key.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from enum import IntEnum
from functools import lru_cache

from scholarcli.model import Paper
from scholarcli.names import surname
from scholarcli.text import FOLD_LETTERS

_NON_WORD = re.compile(r"[\W_]+")
_TEX_MATH_OR_COMMAND = re.compile(r"\\[A-Za-z]+\*?|[{}$]")


def _drops_marks(base: str) -> bool:
    """Do accents on ``base`` only decorate it (Latin, Greek), rather than make a new letter?

    In Cyrillic (й, ё), Devanagari, Thai, Japanese kana (ガ) and others a combining mark
    makes another letter, so it stays.
    """
    code = ord(base)
    return code < 0x0250 or 0x1E00 <= code < 0x2000 or 0x0370 <= code < 0x0400


def match_fold(text: str) -> str:
    """Case-folded ``text`` (NFKC) with the accents of Latin and Greek letters removed."""
    if text.isascii():
        return text.lower()
    text = unicodedata.normalize("NFKC", text).translate(FOLD_LETTERS)
    out: list[str] = []
    base = " "
    for ch in unicodedata.normalize("NFD", text):
        if unicodedata.combining(ch):
            if not _drops_marks(base):
                out.append(ch)
            continue
        base = ch
        out.append(ch)
    return unicodedata.normalize("NFC", "".join(out)).casefold()


def squash(text: str) -> str:
    """Folded words of ``text`` joined by single spaces (all punctuation is a space).

    Combining marks belong to their word: the vowel signs and viramas of Devanagari, Thai
    or Tamil are letters of the word, not punctuation (``\\W`` would split on them).
    """
    folded = match_fold(text)
    if folded.isascii():
        return _NON_WORD.sub(" ", folded).strip()
    kept = [ch if ch.isalnum() or unicodedata.category(ch)[0] == "M" else " " for ch in folded]
    return " ".join("".join(kept).split())


# --- titles -------------------------------------------------------------------------------

# Notes that literature databases add to a title besides bracketed ones ("[Review] [57
# refs]", "[Chinese]", "[Erratum appears in ... [added]]"): an erratum note cut off before
# its bracket closes, "(Provisional abstract)", "(author's transl)".
_TITLE_NOTE = re.compile(
    r"(?:\[\s*(?:erratum|comment|retraction|retracted|corrected|update|republished|published)"
    r"[^\]]*$"
    r"|\((?:provisional|structured)?\s*abstract\)"
    r"|\((?:author'?s?'?\s+transl?|english\s+abstract)[^()]*\))\s*[.]?\s*$",
    re.IGNORECASE,
)
_MIN_TITLE_LEFT = 8  # a title that is all brackets ("[Stroke rehabilitation]") keeps them
_LEADING_ARTICLE = re.compile(r"^(?:the|a|an) (?=\S)")
_DIGITS = re.compile(r"\d+")
_ROMAN_WORD = re.compile(r"\b[ivx]{1,4}\b")
_THOUSANDS = re.compile(r"(?<=\d) (?=\d{3}\b)")
_ROMAN_VALUE = {r: str(i) for i, r in enumerate("i ii iii iv v vi vii viii ix x xi xii".split(), 1)}
# A roman numeral counts as a number after these words ("Part II", "Type I", "Phase III"),
# and anywhere when it has two letters or more (but "vi" is also a word).
_NUMBERED = frozenset(
    "part parts phase type types grade stage class volume vol chapter section study trial "
    "book series level war".split()
)
# Words of titles that say what kind of item it is, not what it is about.
_GENERIC_WORDS = frozenset(
    """
    editorial editorials introduction introductions preface prefaces foreword forward chair
    chairs chairman chairmen chairperson message messages welcome letter letters editor editors
    reply replies response responses rejoinder comment comments commentary commentaries
    erratum errata correction corrections corrigendum corrigenda retraction retractions notice
    notices index indexes indices author authors subject contents content table book books
    review reviews abstract abstracts news announcement announcements obituary obituaries
    conclusion conclusions discussion keynote keynotes address addresses invited talk talks
    panel front back matter cover title page pages issue issues this volume note notes
    summary summaries overview guest special section acknowledgement acknowledgment
    acknowledgements acknowledgments reviewer reviewers referee referees committee committees
    organizing organising program programme proceedings workshop conference symposium session
    sessions poster posters highlight highlights update updates report reports general
    information miscellaneous calendar events perspective perspectives viewpoint opinion reader
    readers president presidential column memoriam in of the and to a an for from on by with
    at our your s message preliminary remarks opening closing list nr no
    """.split()
)
# First words that make a record an item *about* another work (its erratum, a reply to it).
_ABOUT_ANOTHER = re.compile(
    r"^(?:erratum|errata|correction|corrigendum|corrigenda|retraction|retracted|expression of "
    r"concern|reply|replies|response|responses|author s reply|authors reply|authors response"
    r"|rejoinder|comment|comments|commentary|re|discussion of)\b",
)
# The same said at the end ("... - Reply", "...: Authors' response"), and Web of Science's
# erratum notice, the corrected paper's title with "(vol 142, pg 310, 2003)" after it.
_ABOUT_AT_END = re.compile(
    r"[-–—:.(]\s*(?:the\s+)?(?:authors?'?s?'?\s+)?(reply|replies|response|rejoinder"
    r"|erratum|corrigendum|correction)\)?[.\s]*$"
    r"|\(\s*(vol)\.?\s+\d+[^()]*\bp[pg]?\.?\s+\d+[^()]*\)[.\s]*$",
    re.IGNORECASE,
)
_ABOUT_KIND = {
    "errata": "erratum",
    "correction": "erratum",
    "corrigendum": "erratum",
    "corrigenda": "erratum",
    "vol": "erratum",
    "retracted": "retraction",
    "expression": "retraction",
    "replies": "reply",
    "response": "reply",
    "responses": "reply",
    "rejoinder": "reply",
    "author": "reply",
    "authors": "reply",
    "comments": "comment",
    "commentary": "comment",
    "re": "comment",
    "discussion": "comment",
}
# Ovid's language tag after a title ("[...] LA: Chi").
_LANGUAGE_TAG = re.compile(r"\s+LA:\s*\w{2,4}\s*$")


def clean_title(title: str) -> str:
    """``title`` without the notes databases append ("[Review] [57 refs]", "[Chinese]")."""
    text = title.strip()
    if "[" not in text and "(" not in text and "LA:" not in text:
        return text  # the common case: nothing appended
    text = _LANGUAGE_TAG.sub("", text)
    while True:
        end = text.rstrip(" .;,")
        if end.endswith("]"):
            start = _bracket_start(end)
            if start < _MIN_TITLE_LEFT:
                return text  # no bracket, or a title that is all brackets: keep it
            text = end[:start].rstrip(" .;,")
            continue
        m = _TITLE_NOTE.search(end)
        if m is None or m.start() < _MIN_TITLE_LEFT:
            return text
        text = end[: m.start()].rstrip(" .;,")


def _bracket_start(text: str) -> int:
    """Where the bracket group that ends ``text`` opens (nested groups count), or -1."""
    depth = 0
    for k in range(len(text) - 1, -1, -1):
        ch = text[k]
        if ch == "]":
            depth += 1
        elif ch == "[":
            depth -= 1
            if depth == 0:
                return k
    return -1


def title_key(title: str) -> str:
    """The matching form of a title: notes dropped, TeX markup gone, folded, one space."""
    text = clean_title(title)
    if "\\" in text or "{" in text or "$" in text:
        text = _TEX_MATH_OR_COMMAND.sub(" ", text)
    key = squash(text)
    if key.startswith(("the ", "a ", "an ")):
        key = _LEADING_ARTICLE.sub("", key)
    return key


def title_numbers(key: str) -> str:
    """The numbers a title names ("part 2", "phase iii", "covid 19" -> "2 19 | 3").

    Digits first, then roman numerals; thousands written with a separator ("10,000",
    "10 000") are one number.
    """
    digits = _DIGITS.findall(key)
    if len(digits) > 1 and any(len(d) == 3 for d in digits[1:]):
        digits = _DIGITS.findall(_THOUSANDS.sub("", key))
    out = " ".join([d.lstrip("0") or "0" for d in digits]) if digits else ""
    # Every roman numeral starts with i, v or x: look for one only when a word does.
    if (" i" in key or " v" in key or " x" in key or key[:1] in ("i", "v", "x")) and (
        _ROMAN_WORD.search(key)
    ):
        romans = []
        prev = ""
        for word in key.split():
            if word in _ROMAN_VALUE and (prev in _NUMBERED or (len(word) > 1 and word != "vi")):
                romans.append(_ROMAN_VALUE[word])
            prev = word
        if romans:
            out += " | " + " ".join(romans)
    return out


def is_generic_title(key: str) -> bool:
    """Is the title only words like "Editorial", "Preface", "Chair's Message"?

    Such a title names a kind of item that every issue has, so it takes more than the title
    to match two of them.
    """
    words = [w for w in key.split() if not w.isdigit()]
    return not any(w not in _GENERIC_WORDS for w in words)


def about_another(title: str, key: str) -> str:
    """ "erratum", "reply", "comment" or "retraction" when the item is about another work.

    ``title`` is the title as written (for the punctuation before a trailing "Reply"),
    ``key`` its :func:`title_key`.
    """
    m = _ABOUT_ANOTHER.match(key)
    if m is not None:
        word = m.group().split()[0]
        return _ABOUT_KIND.get(word, word)
    m = _ABOUT_AT_END.search(clean_title(title))
    if m is not None:
        word = (m.group(1) or m.group(2)).lower()
        return _ABOUT_KIND.get(word, word)
    return ""


# --- people -------------------------------------------------------------------------------

_LETTERS = re.compile(r"[\W\d_]+")
_SUFFIX_WORDS = frozenset({"jr", "sr", "ii", "iii", "iv"})
# Words that make an author a group rather than a person ("ALTS Study Group").
_GROUP_WORDS = frozenset(
    """
    group groups study studies consortium committee collaboration collaborative
    collaborators investigators investigator society association organization organisation
    council network team trial trialists working panel board task force foundation
    institute department centre center university project initiative writing
    """.split()
)


@dataclass(frozen=True, slots=True)
class Name:
    """One author in matching form."""

    #: Folded family name, letters only ("Kotaniemi-Talonen" -> "kotaniemitalonen").
    family: str
    #: First given initial, folded ("" when none).
    initial: str
    #: Every folded word of the name of two or more letters (catches swapped parts).
    words: frozenset[str]


@lru_cache(maxsize=1 << 16)
def name_key(name: str) -> Name | None:
    """The matching form of a person's name; None for a group ("ALTS Study Group")."""
    words = [_LETTERS.sub("", match_fold(p)) for p in name.replace(",", " ").split()]
    if any(w in _GROUP_WORDS for w in words):
        return None
    parts = name.replace(",", " ").split()
    while len(parts) > 1 and parts[-1].lower().rstrip(".") in _SUFFIX_WORDS:
        parts.pop()
    family = _LETTERS.sub("", match_fold(parts[-1])) if parts else ""
    given = [p for p in parts[:-1] if p.lower().rstrip(".") not in _SUFFIX_WORDS]
    initial = next((ch for ch in match_fold(given[0]) if ch.isalpha()), "") if given else ""
    return Name(
        family=family,
        initial=initial,
        words=frozenset(w for w in words if len(w) > 1),
    )


@lru_cache(maxsize=1 << 17)
def family_key(name: str) -> str:
    """The folded family name of a display name, letters only ("Gürsoy" -> "gursoy")."""
    return _LETTERS.sub("", match_fold(surname(name)))


def author_string(paper: Paper, limit: int = 12) -> str:
    """The family names of the first authors, space-separated (for batch scoring)."""
    return " ".join(filter(None, map(family_key, paper.authors[:limit])))


# --- venues -------------------------------------------------------------------------------


class Kind(IntEnum):
    """Where a record says it appeared, for telling a preprint from a publication."""

    NO_VENUE = 0
    PREPRINT = 1
    PUBLISHED = 2


_PREPRINT_VENUE = re.compile(
    r"\b(?:arxiv|corr|preprints?|biorxiv|medrxiv|chemrxiv|psyarxiv|socarxiv|ssrn|research "
    r"square|researchgate|openreview|submitted|under review|in press|to appear|unpublished|"
    r"working paper|manuscript|e-?prints?)\b",
    re.IGNORECASE,
)
_PREPRINT_DOI = ("10.48550/", "10.1101/", "10.2139/", "10.21203/", "10.31219/", "10.31234/")
_VENUE_PARENS = re.compile(r"\([^()]*\)|\[[^\[\]]*\]")
_VENUE_SPLIT = re.compile(r"\s*[:;=/]\s*|\.(?=[A-Z])|\s+-\s+")
_VENUE_STOP = frozenset(
    "of the and in on for de la le du des der die und & a an proceedings proc".split()
)
_ORDINAL = re.compile(r"^\d+(?:st|nd|rd|th)?$")


def paper_kind(paper: Paper) -> Kind:
    """A preprint (arXiv, bioRxiv, SSRN... by DOI or venue; "to appear"), no venue, or a
    publication."""
    venue = paper.venue or ""
    doi = (paper.doi or "").lower()
    if doi.startswith(_PREPRINT_DOI) or (venue and _PREPRINT_VENUE.search(venue)):
        return Kind.PREPRINT
    return Kind.PUBLISHED if venue.strip() else Kind.NO_VENUE


@lru_cache(maxsize=1 << 14)
def venue_forms(venue: str) -> tuple[tuple[str, ...], ...]:
    """The word sequences a venue may be known by: the whole name and each of its parts.

    "CMAJ : Canadian Medical Association journal = journal de l'Association médicale
    canadienne" is also "CMAJ" and "Canadian Medical Association journal"; "Stroke (00392499)"
    is "Stroke". Small words ("of", "the", "&") are left out.
    """
    text = _VENUE_PARENS.sub(" ", venue)
    forms: list[tuple[str, ...]] = []
    for part in [text, *_VENUE_SPLIT.split(text)]:
        words = tuple(
            w for w in squash(part).split() if w not in _VENUE_STOP and not _ORDINAL.match(w)
        )
        if words and words not in forms:
            forms.append(words)
    return tuple(forms)


def _abbreviates(short: tuple[str, ...], long: tuple[str, ...]) -> bool:
    """Is every word of ``short`` the start of the next word of ``long``, all words used?

    "j clin virol" abbreviates "journal clinical virology"; "ann new york acad sci"
    abbreviates "annals new york academy sciences".
    """
    if len(short) != len(long):
        return False
    return all(b.startswith(a) for a, b in zip(short, long, strict=True))


def _acronym(short: tuple[str, ...], long: tuple[str, ...]) -> bool:
    """Is ``short`` one word made of the starts of the words of ``long``, in order?

    "bmj" is "british medical journal", "cmaj" "canadian medical association journal",
    "amcis" "americas conference information systems" (two letters from "americas").
    """
    if len(short) != 1 or len(long) < 2 or not 2 <= len(short[0]) <= 10:
        return False
    return _spells(short[0], long)


def _spells(letters: str, words: tuple[str, ...]) -> bool:
    if not words:
        return not letters
    if not letters or letters[0] != words[0][0]:
        return False
    first, rest = words[0], words[1:]
    # Take one or more leading letters of the first word, then spell the rest.
    n = 1
    while n <= len(letters) and n <= len(first) and letters[n - 1] == first[n - 1]:
        if _spells(letters[n:], rest):
            return True
        n += 1
    return False


def venues_agree(a: str, b: str) -> bool:
    """Do two venue names plausibly name one journal or proceedings?"""
    forms_a, forms_b = venue_forms(a), venue_forms(b)
    for fa in forms_a:
        for fb in forms_b:
            if fa == fb or "".join(fa) == "".join(fb):
                return True
            if _abbreviates(fa, fb) or _abbreviates(fb, fa):
                return True
            short, long = (fa, fb) if len(fa) <= len(fb) else (fb, fa)
            if _acronym(short, long):
                return True
            # A name and the same name with more words after it ("Journal of Clinical
            # Virology: the official publication of ..."), when the name is specific.
            if len(short) >= 2 and long[: len(short)] == short:
                return True
    return False


# --- locators -----------------------------------------------------------------------------

_PAGES = re.compile(r"^\s*([a-z]{0,2})\s*(\d+)\s*(?:(?:-+|–|—|to)\s*([a-z]{0,2})\s*(\d+))?")
_LEADING_NUMBER = re.compile(r"^\s*(\d+)")


def pages_of(raw: str | None) -> tuple[str, str] | None:
    """First and last page of a page field ("288-97" -> ("288", "297")), None if unusable."""
    if not raw:
        return None
    m = _PAGES.match(raw.lower())
    if m is None:
        return None
    prefix, first = m.group(1), m.group(2).lstrip("0") or "0"
    if m.group(4) is None:
        return prefix + first, prefix + first
    last_prefix, last = m.group(3) or prefix, m.group(4).lstrip("0") or "0"
    if len(last) < len(first) and not last_prefix:
        last = first[: len(first) - len(last)] + last  # "288-97" is 288 to 297
    return prefix + first, (last_prefix or prefix) + last


def pages_conflict(a: tuple[str, str] | None, b: tuple[str, str] | None) -> bool:
    """Do two page ranges surely name different places (no shared page, same numbering)?

    An electronic article number ("e12724", "c1804") and printed pages are two numbering
    schemes, so they never conflict; nor do ranges that share a first or last page
    ("487-488" and "488").
    """
    if a is None or b is None:
        return False
    if set(a) & set(b):
        return False
    letters_a = a[0][:1].isalpha()
    letters_b = b[0][:1].isalpha()
    return letters_a == letters_b


def leading_number(raw: str | None) -> str:
    """The number a volume or issue field starts with ("35 Suppl 1" -> "35"), else ""."""
    if not raw:
        return ""
    m = _LEADING_NUMBER.match(raw)
    return (m.group(1).lstrip("0") or "0") if m else ""


# --- identifiers --------------------------------------------------------------------------

_DOI = re.compile(r"10\.\d{4,9}/\S+", re.IGNORECASE)
_ARXIV = re.compile(
    r"(?:arxiv(?:\.org/(?:abs|pdf)/|[:.]\s*|\s+)|abs/|^)"
    r"(\d{4}\.\d{4,5}|[a-z][a-z.\-]*/\d{7})(?:v\d+)?\b",
    re.IGNORECASE,
)


def doi_of(paper: Paper) -> str:
    """The paper's DOI in lower case without a resolver prefix, or ""."""
    if not paper.doi and not paper.url and not paper.extra:
        return ""
    for raw in (paper.doi, paper.url, paper.extra.get("doi")):
        if raw:
            m = _DOI.search(raw)
            if m:
                return m.group().rstrip(".,;").lower()
    return ""


def arxiv_of(paper: Paper) -> str:
    """The paper's arXiv identifier without its version ("2203.12345"), or ""."""
    extra = paper.extra
    if not extra and not paper.doi and not paper.url and not paper.venue:
        return ""  # a bare reference (most of a big collection): nothing to look at
    eprint = extra.get("eprint", "")
    prefix = (extra.get("archiveprefix", "") + extra.get("eprinttype", "")).lower()
    if eprint and ("arxiv" in prefix or not prefix):
        m = _ARXIV.search(eprint.strip())
        if m:
            return m.group(1).lower()
    doi = (paper.doi or "").lower()
    if doi.startswith("10.48550/arxiv."):
        return doi.removeprefix("10.48550/arxiv.").split("v")[0]
    venue = (paper.venue or "").lower()
    places = [paper.url or "", extra.get("journal", "")]
    if "arxiv" in venue or venue.strip() == "corr":
        places += [paper.venue or "", extra.get("volume", ""), extra.get("number", "")]
    for raw in places:
        if raw and ("arxiv" in raw.lower() or raw.startswith("abs/")):
            m = _ARXIV.search(raw)
            if m:
                return m.group(1).lower()
    return ""
