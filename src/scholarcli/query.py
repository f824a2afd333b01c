"""The search query language: query text -> a tree of words, phrases, qualifiers and operators.

Grammar (OR binds tighter than the implicit AND, as in web search engines)::

    query  := group+                     all groups must match
    group  := unary ("OR" unary)*        any of them
    unary  := "-" unary | atom           "-" excludes
    atom   := WORD | "PHRASE" | NAME:VALUE | NAME:"PHRASE" | "(" query ")"

A word matches case-, accent- and punctuation-insensitively, with typos and inflections;
a quoted phrase matches its words exactly and in order. ``AND`` may be written but is the
default. Qualifiers: ``title:``, ``abstract:`` (search one field), ``author:`` (a name, as
``scholar list --author`` matches it), ``venue:``, ``key:`` (``key:yang2022*`` for a
prefix), ``year:`` (``2023``, ``2021..2023``, ``>=2024``, ``<2020``), ``category:`` or
``cat:`` (``LG``, ``LG,CV``) and ``code:yes|no``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Any, ClassVar

from scholarcli.errors import UsageError
from scholarcli.filters import author_matches
from scholarcli.model import Paper
from scholarcli.text import squash, words

QUERY_HINT = (
    'words must all match; "a phrase", -exclude, a OR b, (groups), title:, abstract:, '
    "author:, venue:, key:, year:2021..2023, cat:LG, code:yes"
)


class Field(StrEnum):
    """The text fields of a paper that words are searched in."""

    TITLE = "title"
    AUTHORS = "authors"
    ABSTRACT = "abstract"


TEXT_FIELDS: tuple[Field, ...] = (Field.TITLE, Field.AUTHORS, Field.ABSTRACT)


@dataclass(frozen=True, slots=True)
class Term:
    """One folded word, found in ``fields`` with typos and inflections tolerated."""

    word: str
    fields: tuple[Field, ...] = TEXT_FIELDS


@dataclass(frozen=True, slots=True)
class Phrase:
    """Folded words that must stand exactly in this order in one of ``fields``."""

    words: tuple[str, ...]
    fields: tuple[Field, ...] = TEXT_FIELDS


class _Condition:
    """A qualifier that tests one attribute of a paper (``attribute``) with ``accepts``."""

    __slots__ = ()
    attribute: ClassVar[str]

    def accepts(self, value: Any) -> bool:
        raise NotImplementedError

    def matches(self, paper: Paper) -> bool:
        return self.accepts(getattr(paper, self.attribute))


@dataclass(frozen=True, slots=True)
class YearIs(_Condition):
    """``year:``: the paper's year lies in ``[low, high]`` (an open end is None)."""

    attribute: ClassVar[str] = "year"
    low: int | None
    high: int | None

    def accepts(self, value: int | None) -> bool:
        if value is None:
            return False
        return (self.low is None or value >= self.low) and (self.high is None or value <= self.high)


@dataclass(frozen=True, slots=True)
class CategoryIs(_Condition):
    """``category:``/``cat:``: the subject code is one of ``codes`` (upper case)."""

    attribute: ClassVar[str] = "category"
    codes: frozenset[str]

    def accepts(self, value: str | None) -> bool:
        return (value or "").upper() in self.codes


@dataclass(frozen=True, slots=True)
class CodeIs(_Condition):
    """``code:yes|no``: code is (or is not) available."""

    attribute: ClassVar[str] = "has_code"
    value: bool

    def accepts(self, value: object) -> bool:
        return bool(value) is self.value


@dataclass(frozen=True, slots=True)
class KeyIs(_Condition):
    """``key:``: the citation key, ignoring case; ``prefix`` when written ``key:abc*``."""

    attribute: ClassVar[str] = "key"
    key: str
    prefix: bool = False

    def accepts(self, value: str) -> bool:
        key = value.lower()
        return key.startswith(self.key) if self.prefix else key == self.key


@dataclass(frozen=True, slots=True)
class AuthorIs(_Condition):
    """``author:``: one author's name matches, as ``scholar list --author`` matches it."""

    attribute: ClassVar[str] = "authors"
    name: str

    def accepts(self, value: Sequence[str]) -> bool:
        return author_matches(Paper(key="", title="", authors=tuple(value)), self.name)


@dataclass(frozen=True, slots=True)
class VenueHas(_Condition):
    """``venue:``: these folded words stand in this order in the venue."""

    attribute: ClassVar[str] = "venue"
    words: tuple[str, ...]

    def accepts(self, value: str | None) -> bool:
        return f" {' '.join(self.words)} " in f" {squash(value or '')} "


Filter = YearIs | CategoryIs | CodeIs | KeyIs | AuthorIs | VenueHas


@dataclass(frozen=True, slots=True)
class Not:
    """Papers that ``child`` does not match."""

    child: Node


@dataclass(frozen=True, slots=True)
class All:
    """Papers that every child matches."""

    children: tuple[Node, ...]


@dataclass(frozen=True, slots=True)
class AnyOf:
    """Papers that at least one child matches."""

    children: tuple[Node, ...]


Node = Term | Phrase | Filter | Not | All | AnyOf
FILTER_TYPES = (YearIs, CategoryIs, CodeIs, KeyIs, AuthorIs, VenueHas)


@dataclass(frozen=True, slots=True)
class Query:
    """A parsed query: its tree, and the text it came from."""

    text: str
    root: Node

    def scored_leaves(self) -> list[Term | Phrase]:
        """The words and phrases that add to a paper's score (those not under a ``-``)."""
        return [leaf for leaf, negated in _leaves(self.root, False) if not negated]

    def title_words(self) -> tuple[str, ...]:
        """The words a paper's whole title must be for the exact-title boost, or ``()``.

        Those are the query's plain words and phrases, in order, when every group of the
        query is one (a query with an OR, a qualifier or an exclusion is not a title).
        """
        children = self.root.children if isinstance(self.root, All) else (self.root,)
        out: list[str] = []
        for child in children:
            if isinstance(child, Term) and Field.TITLE in child.fields:
                out.append(child.word)
            elif isinstance(child, Phrase) and Field.TITLE in child.fields:
                out.extend(child.words)
            else:
                return ()
        return tuple(out)


def _leaves(node: Node, negated: bool) -> Iterator[tuple[Term | Phrase, bool]]:
    if isinstance(node, Term | Phrase):
        yield node, negated
    elif isinstance(node, Not):
        yield from _leaves(node.child, not negated)
    elif isinstance(node, All | AnyOf):
        for child in node.children:
            yield from _leaves(child, negated)


# --- lexing -------------------------------------------------------------------------------

QUALIFIERS = (
    "title",
    "abstract",
    "author",
    "authors",
    "venue",
    "key",
    "year",
    "category",
    "cat",
    "code",
)
_QUALIFIED = re.compile(r"([A-Za-z]+):(.*)", re.DOTALL)
_BARE_END = re.compile(r'[\s()"]')


@dataclass(frozen=True, slots=True)
class _Token:
    kind: str  # "(", ")", "OR", "AND", "-", "item"
    text: str = ""
    quoted: bool = False
    qualifier: str | None = None


def _lex(text: str) -> list[_Token]:
    tokens: list[_Token] = []
    i, n = 0, len(text)
    while i < n:
        ch = text[i]
        if ch.isspace():
            i += 1
        elif ch in "()":
            tokens.append(_Token(ch))
            i += 1
        elif ch == "-" and (i + 1 == n or text[i + 1].isspace()):
            raise _error(text, "'-' must stand right before what it excludes, e.g. -survey")
        elif ch == "-":
            tokens.append(_Token("-"))
            i += 1
        elif ch == '"':
            value, i = _quoted(text, i)
            tokens.append(_Token("item", value, quoted=True))
        else:
            m = _BARE_END.search(text, i)
            end = m.start() if m else n
            bare = text[i:end]
            i = end
            qualified = _QUALIFIED.fullmatch(bare)
            if bare in ("OR", "AND"):
                tokens.append(_Token(bare))
            elif qualified and qualified.group(1).lower() in QUALIFIERS:
                name = qualified.group(1).lower()
                value = qualified.group(2)
                if value:
                    tokens.append(_Token("item", value, qualifier=name))
                elif i < n and text[i] == '"':
                    value, i = _quoted(text, i)
                    tokens.append(_Token("item", value, quoted=True, qualifier=name))
                else:
                    # "CAT: Customized Adversarial Training" (a pasted title): a word.
                    tokens.append(_Token("item", bare))
            elif qualified and qualified.group(2) and _near_qualifier(qualified.group(1)):
                guess = _near_qualifier(qualified.group(1))
                raise _error(
                    text,
                    f"unknown qualifier {qualified.group(1)}: (did you mean {guess}:?)",
                )
            else:
                # "Pruning:" of a pasted title, "arXiv:2101.00001": words, not a qualifier.
                tokens.append(_Token("item", bare))
    return tokens


def _quoted(text: str, start: int) -> tuple[str, int]:
    end = text.find('"', start + 1)
    if end < 0:
        raise _error(text, 'a quote (") is not closed')
    return text[start + 1 : end], end + 1


def _near_qualifier(name: str) -> str | None:
    """The qualifier ``name`` is probably a typo of (two edits at most), if any."""
    from rapidfuzz.distance import OSA

    name = name.lower()
    best = min(QUALIFIERS, key=lambda q: OSA.distance(name, q))
    return best if len(name) > 2 and OSA.distance(name, best) <= 2 else None


def _error(text: str, message: str) -> UsageError:
    return UsageError(f"bad query {text!r}: {message}", hint=QUERY_HINT)


# --- parsing ------------------------------------------------------------------------------


class _Parser:
    def __init__(self, text: str) -> None:
        self.text = text
        self.tokens = _lex(text)
        self.pos = 0

    def peek(self) -> _Token | None:
        return self.tokens[self.pos] if self.pos < len(self.tokens) else None

    def take(self) -> _Token:
        token = self.tokens[self.pos]
        self.pos += 1
        return token

    def error(self, message: str) -> UsageError:
        return _error(self.text, message)

    def query(self, depth: int) -> Node | None:
        groups: list[Node] = []
        while (token := self.peek()) is not None:
            if token.kind == ")":
                if depth == 0:
                    raise self.error("a ')' has no '(' before it")
                break
            if token.kind == "AND":
                self.take()
                if not groups or self.peek() is None or self.peek_kind() in ("OR", "AND", ")"):
                    raise self.error("AND needs something to match on each side")
                continue
            if token.kind == "OR":
                raise self.error("OR needs something to match on each side")
            group = self.group()
            if group is not None:
                groups.append(group)
        if not groups:
            return None
        return groups[0] if len(groups) == 1 else All(tuple(groups))

    def peek_kind(self) -> str | None:
        token = self.peek()
        return token.kind if token else None

    def group(self) -> Node | None:
        options = [self.unary()]
        while self.peek_kind() == "OR":
            self.take()
            if self.peek_kind() in (None, "OR", "AND", ")"):
                raise self.error("OR needs something to match on each side")
            options.append(self.unary())
        kept = [o for o in options if o is not None]
        if len(kept) < len(options) and len(options) > 1:
            raise self.error("OR needs a word on each side (punctuation alone matches nothing)")
        if not kept:
            return None
        return kept[0] if len(kept) == 1 else AnyOf(tuple(kept))

    def unary(self) -> Node | None:
        token = self.take()
        if token.kind == "-":
            if self.peek_kind() in (None, "OR", "AND", ")", "-"):
                raise self.error("'-' must stand right before what it excludes, e.g. -survey")
            child = self.unary()
            return Not(child) if child is not None else None
        if token.kind == "(":
            inner = self.query(1)
            if self.peek_kind() != ")":
                raise self.error("a '(' is not closed")
            self.take()
            if inner is None:
                raise self.error("'()' holds nothing to match")
            return inner
        if token.kind == "item":
            return _item(token, self.text)
        raise self.error(f"{token.kind} cannot stand here")  # pragma: no cover - lexer guards


def _item(token: _Token, text: str) -> Node | None:
    name = token.qualifier
    value = token.text
    if name is None:
        return _words_node(value, TEXT_FIELDS, exact=token.quoted)
    if name in ("title", "abstract"):
        node = _words_node(value, (Field(name),), exact=token.quoted)
        if node is None:
            raise _error(text, f"{name}:{value} has no word to search for")
        return node
    if name in ("author", "authors"):
        if not squash(value):
            raise _error(text, f"{name}:{value} has no name to search for")
        return AuthorIs(value)
    if name == "venue":
        found = tuple(words(value))
        if not found:
            raise _error(text, f"venue:{value} has no word to search for")
        return VenueHas(found)
    if name == "key":
        key = value.strip().lower()
        prefix = key.endswith("*")
        key = key.rstrip("*")
        if not key:
            raise _error(text, "key: needs a citation key, e.g. key:yang2022nearly or key:yang*")
        return KeyIs(key, prefix=prefix)
    if name == "year":
        return _year(value, text)
    if name in ("category", "cat"):
        codes = frozenset(c.strip().upper() for c in value.split(",") if c.strip())
        if not codes:
            raise _error(text, f"{name}: needs a subject code, e.g. {name}:LG or {name}:LG,CV")
        return CategoryIs(codes)
    if name == "code":
        answer = _YES_NO.get(value.strip().lower())
        if answer is None:
            raise _error(text, f"code:{value}: expected code:yes or code:no")
        return CodeIs(answer)
    raise _error(text, f"unknown qualifier {name}:")  # pragma: no cover - lexer guards


_YES_NO = {"yes": True, "y": True, "true": True, "1": True, "no": False, "n": False}
_YES_NO |= {"false": False, "0": False}
_YEAR = r"(\d{4})"
_YEAR_FORMS = (
    (re.compile(_YEAR), lambda y: (y, y)),
    (re.compile(r"=" + _YEAR), lambda y: (y, y)),
    (re.compile(r">=" + _YEAR), lambda y: (y, None)),
    (re.compile(r">" + _YEAR), lambda y: (y + 1, None)),
    (re.compile(r"<=" + _YEAR), lambda y: (None, y)),
    (re.compile(r"<" + _YEAR), lambda y: (None, y - 1)),
    (re.compile(_YEAR + r"\.\."), lambda y: (y, None)),
    (re.compile(r"\.\." + _YEAR), lambda y: (None, y)),
)
_YEAR_RANGE = re.compile(_YEAR + r"\.\." + _YEAR)


def _year(value: str, text: str) -> YearIs:
    value = value.strip()
    m = _YEAR_RANGE.fullmatch(value)
    if m:
        low, high = int(m.group(1)), int(m.group(2))
        if low > high:
            raise _error(text, f"year:{value}: the range is empty (write {high}..{low})")
        return YearIs(low, high)
    for pattern, bounds in _YEAR_FORMS:
        m = pattern.fullmatch(value)
        if m:
            return YearIs(*bounds(int(m.group(1))))
    raise _error(
        text,
        f"year:{value}: expected a year (year:2023), a range (year:2021..2023) "
        "or a comparison (year:>=2024, year:<2020)",
    )


def _words_node(value: str, fields: tuple[Field, ...], *, exact: bool) -> Node | None:
    found = words(value)
    if not found:
        return None
    if len(found) == 1 and not exact:
        return Term(found[0], fields)
    # A quoted word is exact; "self-supervised" is the phrase "self supervised".
    return Phrase(tuple(found), fields)


def parse_query(text: str) -> Query:
    """Parse ``text``; raise :class:`UsageError` saying what is wrong when it is malformed."""
    if not text.strip():
        raise UsageError("the query is empty", hint=QUERY_HINT)
    parser = _Parser(text)
    root = parser.query(0)
    if root is None:
        raise _error(text, "it has no word, phrase or qualifier to search for")
    return Query(text=text, root=root)
