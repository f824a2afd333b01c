"""Rules that read BibTeX as written: syntax, braces, fields of each entry type, values, TeX."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterator, Mapping, Sequence

from scholarcli.check.inputs import CheckInput
from scholarcli.check.rules import RULES, Finding
from scholarcli.readers.bibtex import MONTH_MACROS, RawEntry, split_concatenation

# BibTeX's standard data model (btxdoc, "Entry Types"): the fields each type requires.
# "a|b" means either will do. BibLaTeX's names count too (date for year, journaltitle for
# journal), since a biber user writes those.
REQUIRED: dict[str, tuple[str, ...]] = {
    "article": ("author", "title", "journal", "year"),
    "book": ("author|editor", "title", "publisher", "year"),
    "booklet": ("title",),
    "inbook": ("author|editor", "title", "chapter|pages", "publisher", "year"),
    "incollection": ("author", "title", "booktitle", "publisher", "year"),
    "inproceedings": ("author", "title", "booktitle", "year"),
    "conference": ("author", "title", "booktitle", "year"),
    "manual": ("title",),
    "mastersthesis": ("author", "title", "school", "year"),
    "misc": (),
    "phdthesis": ("author", "title", "school", "year"),
    "proceedings": ("title", "year"),
    "techreport": ("author", "title", "institution", "year"),
    "unpublished": ("author", "title", "note"),
}
_ALIASES: dict[str, tuple[str, ...]] = {
    "year": ("year", "date"),
    "journal": ("journal", "journaltitle"),
    "school": ("school", "institution"),
}
# Entry types BibLaTeX (and its aliases and non-standard types) knows beyond BibTeX's.
_BIBLATEX_TYPES = frozenset(
    [
        "mvbook",
        "bookinbook",
        "suppbook",
        "collection",
        "mvcollection",
        "suppcollection",
        "dataset",
        "online",
        "patent",
        "periodical",
        "suppperiodical",
        "mvproceedings",
        "reference",
        "mvreference",
        "inreference",
        "report",
        "set",
        "software",
        "thesis",
        "xdata",
        "electronic",
        "www",
        "artwork",
        "audio",
        "bibnote",
        "commentary",
        "image",
        "jurisdiction",
        "legislation",
        "legal",
        "letter",
        "movie",
        "music",
        "performance",
        "review",
        "standard",
        "video",
    ]
)
KNOWN_TYPES = frozenset(REQUIRED) | _BIBLATEX_TYPES
# Fields whose values are titles typeset as text, where a bare & % # breaks LaTeX.
_TITLE_FIELDS = ("title", "subtitle", "booktitle", "journal", "journaltitle", "series")
_MONTHS = frozenset(
    {
        "january",
        "february",
        "march",
        "april",
        "may",
        "june",
        "july",
        "august",
        "september",
        "sept",
        "october",
        "november",
        "december",
        *MONTH_MACROS,
    }
)
_YEAR = re.compile(r"\d{4}")
_ISO_PART = r"\d{4}(?:-\d{2}(?:-\d{2})?)?"
_DATE = re.compile(rf"{_ISO_PART}(?:/(?:{_ISO_PART})?)?|/{_ISO_PART}")
DOI = re.compile(r"10\.\d{4,9}/\S+")
_DOI_PREFIX = re.compile(r"(?i)^(?:https?://(?:dx\.)?doi\.org/|doi:\s*)")
URL = re.compile(r"(?i)(?:https?|ftp)://[^\s/?#]+(?:[/?#]\S*)?")
# {\noopsort{1973c}}1981: the classic trick to sort by a hidden key, ignored for the year.
_NOOPSORT = re.compile(r"\{\\[A-Za-z]+\{[^{}]*\}\}")
# A page: a word with a digit (12, e4, S12a, eaao4044, 123:4), or a roman numeral; a range
# joins two with one to three hyphens or a dash.
# (Letters first, then the first digit: "[A-Za-z0-9]*\d[A-Za-z0-9]*" could put the digit
# anywhere, and a failing match tried every place: cubic on a long number.)
_PAGE = r"(?:[A-Za-z]*\d[A-Za-z0-9]*(?:[:.]\d+)*|[ivxlcdmIVXLCDM]+)"
_PAGES = re.compile(rf"{_PAGE}(?:\s*(?:-{{1,3}}|–|—)\s*{_PAGE})?\+?")
# A run of spaces is entered at its start only, and taken whole (linear, not quadratic).
_PAGE_LIST = re.compile(r"(?:(?<!\s)\s++)?,\s*")
_RANGE_DASH = re.compile(r"(?:(?<!\s)\s++)?(?:-{1,3}|–|—)\s*")
_COMMAND = re.compile(r"\\(?:[A-Za-z]+|.)")
# found(rule, message, hint): a finding of the entry being checked.
Found = Callable[[str, str, str], Finding]
_PIECE = re.compile(r"[^\W_]+")
_BRACE = re.compile(r"[{}]")


def bibtex_findings(inp: CheckInput, all_keys: frozenset[str]) -> Iterator[Finding]:
    """Findings of every rule that reads one BibTeX input as written."""
    for failure in inp.failures:
        key = _key_of(failure.text)
        # The splitter gives up at the next "@" when a value never closed: the text up to
        # there then has more { than } (an unclosed quote or a missing "=" does not).
        ran_on = failure.reason.startswith(("Unexpected block start", "Unexpectedly reached end"))
        if ran_on and _brace_balance(failure.text) != 0:
            yield make(
                "unbalanced-braces",
                inp.source,
                failure.line,
                key,
                "the braces of this entry do not pair up, so it cannot be read",
                "count the { and } of each field; BibTeX counts \\{ and \\} too",
            )
        else:
            yield make(
                "syntax-error",
                inp.source,
                failure.line,
                key,
                f"cannot parse this entry: {failure.reason}",
                "check the commas between fields and the @type{key, ...} form",
            )
    for entry in inp.entries:
        yield from entry_findings(entry, inp, all_keys)


def make(
    rule: str, file: str, line: int | None, key: str | None, message: str, hint: str
) -> Finding:
    return Finding(file, line, rule, RULES[rule].severity, key, message, hint)


def entry_findings(entry: RawEntry, inp: CheckInput, all_keys: frozenset[str]) -> Iterator[Finding]:
    src, line, key = inp.source, entry.line, entry.key

    def found(rule: str, message: str, hint: str) -> Finding:
        return make(rule, src, line, key, message, hint)

    names = Counter(f.name for f in entry.fields)
    for name, count in names.items():
        if count > 1:
            yield found(
                "duplicate-field",
                f"field {name!r} is given {count} times",
                "keep one; BibTeX uses the first and biber the last",
            )
    for f in entry.fields:
        if _brace_balance(f.raw) != 0:
            yield found(
                "unbalanced-braces",
                f"the braces of field {f.name!r} do not pair up",
                "count the { and } of the value; BibTeX counts \\{ and \\} too",
            )
        elif not _valid_value(f.raw):
            yield found(
                "syntax-error",
                f"the value of field {f.name!r} is not one BibTeX value: {_short(f.raw)}",
                "put the whole value in braces; a comma may be missing before the next field",
            )
        if not _unwrap(f.raw).strip():
            yield found(
                "empty-field",
                f"field {f.name!r} is empty",
                "fill it in or remove it",
            )
        for macro in _undefined_macros(f.raw, inp.strings):
            yield found(
                "undefined-string",
                f"field {f.name!r} uses the @string macro {macro!r}, which is not defined",
                f"define it (@string{{{macro} = {{...}}}}) or put the value in braces",
            )
    yield from _type_findings(entry, found)
    values = entry.values
    own = set(names)
    for link in ("crossref", "xdata"):
        for target in (t.strip() for t in values.get(link, "").split(",") if link in own):
            if target and target.lower() not in all_keys:
                yield found(
                    "missing-crossref",
                    f"{link} names {target!r}, which is not in the input",
                    "add that entry to the bibliography, or remove the field",
                )
    yield from _value_findings(values, own, found)
    yield from _title_findings(values, found)


def _type_findings(entry: RawEntry, found: Found) -> Iterator[Finding]:
    etype = entry.entry_type
    if etype not in KNOWN_TYPES:
        yield found(
            "unknown-type",
            f"@{etype} is not an entry type of BibTeX or BibLaTeX",
            "use a standard type (@article, @inproceedings, @misc, ...); styles treat it as @misc",
        )
        return
    present = set(entry.values)
    missing = []
    for need in REQUIRED.get(etype, ()):
        options = [a for n in need.split("|") for a in _ALIASES.get(n, (n,))]
        if not present.intersection(options):
            missing.append(need.replace("|", " or "))
    if missing:
        yield found(
            "missing-field",
            f"@{etype} needs {', '.join(missing)}",
            f"add {' and '.join(missing)}, or use an entry type that fits (@misc needs none)",
        )


def _value_findings(values: Mapping[str, str], own: set[str], found: Found) -> Iterator[Finding]:
    if "year" in own and not _YEAR.fullmatch(_NOOPSORT.sub("", values["year"]).strip()):
        yield found(
            "bad-year",
            f"year {values['year'].strip()!r} is not a four-digit year",
            "write the year alone (year = 2024); put 'to appear' or 'in press' in note",
        )
    if "date" in own and not _DATE.fullmatch(values["date"].strip()):
        yield found(
            "bad-year",
            f"date {values['date'].strip()!r} is not an ISO date (YYYY, YYYY-MM or YYYY-MM-DD)",
            "write date = 2024-03-29 (a range as 2024-03-29/2024-04-02)",
        )
    if "month" in own:
        month = _COMMAND.sub("", values["month"]).strip().lower().rstrip(".")
        if month not in _MONTHS and not (month.isdigit() and 1 <= int(month) <= 12):
            yield found(
                "bad-month",
                f"month {values['month'].strip()!r} is not a month",
                "write month = mar (no braces: styles then print their own abbreviation)",
            )
    if "doi" in own:
        yield from doi_findings(values["doi"], found)
    if "url" in own:
        yield from url_findings(values["url"], found)
    if "pages" in own:
        pages = values["pages"].strip()
        bad = not pages or not all(_PAGES.fullmatch(p) for p in _PAGE_LIST.split(pages))
        if bad:
            yield found(
                "bad-pages",
                f"pages {pages!r} is not a page or a page range",
                "write pages = {12--34} (no 'pp.'; two hyphens for the range)",
            )
        elif _reversed_range(pages):
            yield found(
                "bad-pages",
                f"pages {pages!r} is a range that ends before it starts",
                "write the first page first: pages = {12--34}",
            )


def doi_findings(raw: str, found: Found) -> Iterator[Finding]:
    doi = _unescape(raw)
    if DOI.fullmatch(doi):
        return
    bare = _DOI_PREFIX.sub("", doi)
    if bare != doi and DOI.fullmatch(bare):
        yield found(
            "bad-doi",
            f"doi {doi!r} is a link or has a prefix, not a bare DOI",
            f"write doi = {{{bare}}}; styles add the https://doi.org/ link themselves",
        )
    else:
        yield found(
            "bad-doi",
            f"doi {doi!r} is not a DOI",
            "a DOI looks like 10.1234/abc.567; put other identifiers in note or url",
        )


def url_findings(raw: str, found: Found) -> Iterator[Finding]:
    url = _unescape(raw)
    if not URL.fullmatch(url):
        yield found(
            "bad-url",
            f"url {url!r} is not a web address",
            "write the full address, e.g. url = {https://example.org/paper.pdf}",
        )


def _unescape(value: str) -> str:
    value = value.strip()
    if "\\" in value:
        for ch in "_%&#~":
            value = value.replace("\\" + ch, ch)
    return value


def _reversed_range(pages: str) -> bool:
    for part in _PAGE_LIST.split(pages):
        ends = _RANGE_DASH.split(part)
        if len(ends) == 2 and ends[0].isdigit() and ends[1].isdigit():
            first, last = int(ends[0]), int(ends[1])
            # 1234--56 is a shorthand some people write for 1234--1256; only a true
            # reversal with as many digits is flagged.
            if len(ends[0]) <= len(ends[1]) and last < first:
                return True
    return False


def _title_findings(values: Mapping[str, str], found: Found) -> Iterator[Finding]:
    for name in _TITLE_FIELDS:
        if name in values:
            specials = unescaped_specials(values[name])
            if specials:
                shown = " ".join(dict.fromkeys(specials))
                yield found(
                    "tex-special",
                    f"{name} has {shown} unescaped: LaTeX reads it as a command, not text",
                    "escape it: \\& \\% \\#",
                )
    title = values.get("title", "")
    if not title.strip():
        return
    if is_all_caps(title):
        yield found(
            "all-caps-title",
            "the title is written in capitals only",
            "write it in title case, with {braces} around acronyms that must stay capital",
        )
        return
    words = unprotected_capitals(title)
    if words:
        shown = ", ".join(dict.fromkeys(words[:6]))
        yield found(
            "unprotected-capitals",
            f"a style that lower-cases titles will change {shown}",
            f"protect them with braces: {{{words[0]}}}",
        )


def unescaped_specials(value: str) -> list[str]:
    """The characters ``& % #`` of ``value`` not escaped by a backslash, in order."""
    if "&" not in value and "%" not in value and "#" not in value:
        return []
    out: list[str] = []
    i, n = 0, len(value)
    while i < n:
        ch = value[i]
        if ch == "\\":
            i += 2  # the escaped character (or the first letter of a command) is skipped
            continue
        if ch in "&%#":
            out.append(ch)
        i += 1
    return out


def is_all_caps(title: str) -> bool:
    """Capitals only, and long enough to be a sentence rather than an acronym."""
    text = _COMMAND.sub(" ", _strip_math(title)) if "$" in title or "\\" in title else title
    if text.upper() != text:
        return False  # a lower-case letter somewhere
    letters = [c for c in text if c.isalpha()]
    words = [w for w in _PIECE.findall(text) if len(w) > 1]
    return len(letters) >= 8 and len(words) >= 3 and not any(c.islower() for c in letters)


def unprotected_capitals(title: str) -> list[str]:
    """Words of ``title`` outside braces and math whose capitals a style would lower-case.

    BibTeX's ``change.case$`` lower-cases everything at brace depth 0 except the first
    letter and the letter after a colon and a space. A word that is capitalised only at
    its start is left alone here (the style's lower-casing is what the user wants for it);
    capitals inside a word (BERT, ImageNet, 3D) and single capital letters are flagged.
    """
    visible = _depth_zero_text(title)
    found: list[str] = []
    for m in _PIECE.finditer(visible):
        word = m.group()
        if word[1:].lower() != word[1:]:
            found.append(word)
        elif len(word) == 1 and word.isupper() and word != "A":
            before = visible[: m.start()].rstrip()
            if before and not before.endswith(":"):
                found.append(word)
    return found


def _depth_zero_text(title: str) -> str:
    """``title`` with braced groups, math and commands blanked out (positions kept)."""
    if "{" not in title and "\\" not in title and "$" not in title:
        return title
    out = list(title)
    depth = 0
    math = False
    i, n = 0, len(title)
    while i < n:
        ch = title[i]
        if ch == "\\":
            m = _COMMAND.match(title, i)
            end = m.end() if m else i + 1
            for j in range(i, end):
                out[j] = " "
            i = end
            continue
        if ch == "{":
            depth += 1
            out[i] = " "
        elif ch == "}":
            depth = max(0, depth - 1)
            out[i] = " "
        elif ch == "$" and depth == 0:
            math = not math
            out[i] = " "
        elif depth > 0 or math:
            out[i] = " "
        i += 1
    return "".join(out)


def _strip_math(text: str) -> str:
    return re.sub(r"\$[^$]*\$", " ", text)


def _brace_balance(text: str) -> int:
    """Opening minus closing braces, or -1 as soon as a ``}`` closes nothing."""
    opened = text.count("{")
    if opened == 0:
        return -1 if "}" in text else 0
    depth = 0
    for m in _BRACE.finditer(text):
        if m.group() == "{":
            depth += 1
        else:
            depth -= 1
            if depth < 0:
                return -1
    return depth


# A BibTeX identifier (a macro name): no spaces, quotes, braces, commas, = # % ( ).
_IDENT = re.compile(r"[^\s\"#%'(),={}]+")


def _valid_value(raw: str) -> bool:
    """Is ``raw`` pieces of ``{...}``, ``"..."``, numbers or macros joined by ``#``?"""
    for piece in split_concatenation(raw):
        piece = piece.strip()
        if not piece:
            return False
        if piece[0] == "{":
            if piece[-1] != "}" or not _one_group(piece):
                return False
        elif piece[0] == '"':
            if len(piece) < 2 or piece[-1] != '"':
                return False
        elif not _IDENT.fullmatch(piece):
            return False
    return True


def _one_group(piece: str) -> bool:
    depth = 0
    for m in _BRACE.finditer(piece):
        depth += 1 if m.group() == "{" else -1
        if depth == 0:
            return m.end() == len(piece)
    return False


def _short(text: str, limit: int = 40) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 3] + "..."


def _unwrap(raw: str) -> str:
    raw = raw.strip()
    if len(raw) >= 2 and (raw[0], raw[-1]) in (("{", "}"), ('"', '"')):
        return raw[1:-1]
    return raw


def _undefined_macros(raw: str, strings: frozenset[str]) -> list[str]:
    raw = raw.strip()
    if not raw or (raw[0] in '{"' and "#" not in raw):
        return []
    out = []
    for piece in split_concatenation(raw):
        piece = piece.strip()
        if not piece or piece[0] in '{"' or piece.isdigit():
            continue
        name = piece.lower()
        if name not in strings and name not in MONTH_MACROS:
            out.append(piece)
    return out


_KEY = re.compile(r"@\s*\w+\s*[{(]\s*([^,\s{}()]+)\s*,")


def _key_of(text: str) -> str | None:
    m = _KEY.match(text.lstrip())
    return m.group(1) if m else None


def duplicate_key_findings(inputs: Sequence[CheckInput]) -> Iterator[Finding]:
    """The second and later entries using a key (compared ignoring case, as BibTeX does)."""
    first: dict[str, tuple[str, int | None, str]] = {}
    for inp in inputs:
        located: list[tuple[str, int | None]]
        if inp.is_bibtex:
            located = [(e.key, e.line) for e in inp.entries]
        else:
            located = [(p.key, p.source_line) for p in inp.papers if p.key]
        for key, line in located:
            folded = key.lower()
            if folded not in first:
                first[folded] = (inp.source, line, key)
                continue
            src, where, other = first[folded]
            same = "" if other == key else f" as {other!r}"
            yield make(
                "duplicate-key",
                inp.source,
                line,
                key,
                f"key {key!r} is already used{same} by the entry at {src}:{where}",
                "give one of the entries another key (BibTeX ignores case in keys)",
            )
