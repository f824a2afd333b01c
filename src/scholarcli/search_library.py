"""Search in the library: the ranking's look-ups answered by its FTS5 index, in SQL.

:class:`LibraryIndex` is the :class:`~scholarcli.search.SearchIndex` of a library. Its
numbers come from FTS5 itself, so a search costs what its matches cost, not what the
library holds:

- the vocabulary of a prefix and a word's occurrences: ``fts5vocab`` tables (``col`` and
  ``instance``), which read only those words' entries of the index;
- a common word's occurrences in a few papers (those pruning leaves, see
  ``search._Ranker.pruned``): counted in the papers' text, as files count them, instead
  of reading all its occurrences from the index;
- document frequencies, the candidates of a query and phrase candidates: ``MATCH`` queries;
- the number of papers and the words of each field summed over all papers: FTS5's
  "averages" record (row 1 of ``<index>_data``), which FTS5 keeps for its own BM25;
- field lengths: the ``<index>_docsize`` table, one varint per column and paper.

Those two records are FTS5's on-disk format (``fts5_index.c``, ``fts5_storage.c``), stable as
SQLite's file format is; tests check them against counting the words in Python. FTS5
tokenizes with ``unicode61 remove_diacritics 2``, which folds as ``text.words`` does for
Latin, Greek and Cyrillic text, so papers rank as they do when read from a file.
"""

from __future__ import annotations

import itertools
import json
from collections import Counter
from collections.abc import Callable, Collection, Iterator, Mapping, Sequence
from collections.abc import Set as AbstractSet
from typing import TYPE_CHECKING, Any, TypeGuard

from scholarcli.model import Paper
from scholarcli.query import Field, Filter, Query
from scholarcli.search import (
    PREFIX,
    SearchResult,
    SortKey,
    count_words,
    phrase_occurrences,
    search,
    tokens,
)

if TYPE_CHECKING:
    import sqlite3

    from scholarcli.library import Library

#: The column of the library's FTS index that holds each searched field.
FIELD_COLUMNS: Mapping[Field, str] = {
    Field.TITLE: "title",
    Field.AUTHORS: "authors",
    Field.ABSTRACT: "abstract",
}
#: Up to this many candidate papers, a phrase is counted in their text, not the index.
_FEW = 200
#: Counting a word in one paper's text costs about what reading this many of its
#: occurrences from the index does: a look-up among fewer papers counts in their text.
_TEXT_COST = 64
# Above any character a term can hold: the end of a prefix range of terms.
_TOP = "\U0010ffff"


def read_varints(blob: bytes) -> Iterator[int]:
    """The SQLite varints of ``blob`` (big-endian 7-bit groups; a 9th byte adds 8 bits)."""
    i, size = 0, len(blob)
    while i < size:
        value = 0
        for n in range(9):
            byte = blob[i]
            i += 1
            if n == 8:
                value = (value << 8) | byte
                break
            value = (value << 7) | (byte & 0x7F)
            if byte < 0x80:
                break
        yield value


def _column_varint(blob: bytes, column: int) -> int:
    """The ``column``-th varint of a docsize record (word counts: never the 9-byte form)."""
    i = 0
    for _ in range(column):
        while blob[i] & 0x80:
            i += 1
        i += 1
    value = 0
    while True:
        byte = blob[i]
        i += 1
        value = (value << 7) | (byte & 0x7F)
        if byte < 0x80:
            return value


def _quoted_terms(terms: Collection[str]) -> str:
    # Terms are letters and digits (a phrase: terms and spaces): quoted, FTS5 reads them as
    # they are, never as operators.
    return " OR ".join(f'"{t}"' for t in sorted(terms))


# The letters FTS5 keeps that text.fold spells out, by our spelling.
_UNFOLD: Mapping[str, str] = {
    "ss": "ß",
    "ae": "æ",
    "oe": "œ",
    "th": "þ",
    "o": "ø",
    "l": "ł",
    "d": "đð",
    "i": "ı",
    "j": "ȷ",
    "n": "ŋ",
}


def unfolded(prefix: str) -> set[str]:
    """The FTS5 spellings a word starting with ``prefix`` (our spelling) may start with."""
    if not prefix:
        return {""}
    out = {prefix[0] + rest for rest in unfolded(prefix[1:])}
    for ours, letters in _UNFOLD.items():
        if prefix.startswith(ours):
            out |= {letter + rest for letter in letters for rest in unfolded(prefix[len(ours) :])}
        elif ours.startswith(prefix):  # "a" may begin "ae", that is æ
            out |= set(letters)
    return out


class LibraryIndex:
    """A :class:`~scholarcli.search.SearchIndex` over a library's ``papers`` and FTS5 index.

    ``conn`` is the library's connection; ``table`` its FTS5 index (external content
    ``papers``, rowid = ``papers.id``) with ``columns`` in order; ``fetch`` gives the
    papers of row ids, in the order asked.
    """

    def __init__(
        self,
        conn: sqlite3.Connection,
        *,
        table: str,
        columns: Sequence[str],
        fetch: Callable[[Sequence[int]], list[Paper]],
    ) -> None:
        self.conn = conn
        self.table = table
        self._fetch = fetch
        self._column = {fld: columns.index(name) for fld, name in FIELD_COLUMNS.items()}
        averages = conn.execute(f"SELECT block FROM {table}_data WHERE id = 1").fetchone()
        numbers = list(read_varints(averages[0])) if averages and averages[0] else []
        self._size = numbers[0] if numbers else 0
        self._phrase_docs: dict[tuple[tuple[str, ...], Field], set[int]] = {}
        self._spellings: dict[str, dict[str, dict[str, dict[str, int]]]] = {}
        self._short: dict[tuple[str, Field], dict[str, int]] = {}
        self._lengths: dict[Field, dict[int, int]] = {}
        self._sizes: dict[int, bytes] = {}
        self._within: Collection[int] | None = None
        self._term_counts: dict[str, tuple[Collection[int] | None, dict[str, dict[int, int]]]] = {}
        self._within_table = f"temp.{table}_search_within"
        conn.execute(
            f"CREATE TEMP TABLE IF NOT EXISTS {table}_search_within (id INTEGER PRIMARY KEY)"
        )
        self._has_facts = bool(
            conn.execute(
                "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", (FACTS_TABLE,)
            ).fetchone()
        )
        self._facts_table = FACTS_TABLE if self._has_facts else "papers"
        self._totals = numbers[1:]
        # Vocabulary views of the index, in this connection's temp schema (never the file).
        self._vocab = f"temp.{table}_search_col"
        self._instances = f"temp.{table}_search_instance"
        conn.execute(
            f"CREATE VIRTUAL TABLE IF NOT EXISTS {self._vocab} USING fts5vocab(main, {table}, col)"
        )
        conn.execute(
            f"CREATE VIRTUAL TABLE IF NOT EXISTS {self._instances} "
            f"USING fts5vocab(main, {table}, instance)"
        )

    # -- statistics and look-ups

    def size(self) -> int:
        return self._size

    def total_tokens(self, field: Field) -> int:
        column = self._column[field]
        return self._totals[column] if column < len(self._totals) else 0

    # FTS5 keeps a few letters that text.fold spells out (ß, æ, ø, ...): its terms are put
    # in our spelling for ranking, and our words looked up under every FTS spelling seen.

    def _terms_from(self, prefix: str) -> dict[str, dict[str, dict[str, int]]]:
        """Column -> our spelling -> FTS5 term -> occurrences, for the terms whose spelling
        starts with ``prefix`` (one scan of the vocabulary for all columns)."""
        if prefix not in self._spellings:
            found: dict[str, dict[str, dict[str, int]]] = {}
            for start in sorted(unfolded(prefix)):
                rows = self.conn.execute(
                    f"SELECT term, col, cnt FROM {self._vocab} WHERE term >= ? AND term < ?",
                    (start, start + _TOP),
                )
                for term, col, cnt in rows:
                    ours = term if term.isascii() else "".join(tokens(term))
                    if ours.startswith(prefix):
                        found.setdefault(col, {}).setdefault(ours, {})[term] = cnt
            self._spellings[prefix] = found
        return self._spellings[prefix]

    def _fts_counts(self, word: str, field: Field) -> dict[str, int]:
        """The FTS5 terms of ``field`` that are ``word`` in our spelling, with occurrences."""
        column = FIELD_COLUMNS[field]
        if len(word) >= PREFIX:
            return self._terms_from(word[:PREFIX]).get(column, {}).get(word, {})
        # Short words: no prefix scan (it would read every term starting with "a").
        key = (word, field)
        if key not in self._short:
            spellings = sorted(t for t in unfolded(word) if "".join(tokens(t)) == word)
            self._short[key] = {
                term: cnt
                for term in spellings
                for (cnt,) in self.conn.execute(
                    f"SELECT cnt FROM {self._vocab} WHERE term = ? AND col = ?", (term, column)
                )
            }
        return self._short[key]

    def _fts_terms(self, word: str, field: Field) -> Collection[str]:
        """The FTS5 terms of ``field`` that are ``word`` in our spelling."""
        return self._fts_counts(word, field).keys()

    def vocabulary(self, prefix: str, field: Field) -> Collection[str]:
        return self._terms_from(prefix).get(FIELD_COLUMNS[field], {}).keys()

    def occurrences(self, words: Collection[str], field: Field) -> int:
        return sum(sum(self._fts_counts(w, field).values()) for w in words)

    def _match_count(self, expression: str) -> int:
        row = self.conn.execute(
            f"SELECT count(*) FROM {self.table} WHERE {self.table} MATCH ?", (expression,)
        ).fetchone()
        return int(row[0])

    def _clause(self, words: Mapping[Field, Collection[str]]) -> str | None:
        """A MATCH expression: one of ``words[field]`` in that field (None: no such term)."""
        parts = []
        for fld, ws in words.items():
            terms = {t for w in ws for t in self._fts_terms(w, fld)}
            if terms:
                parts.append(f"({FIELD_COLUMNS[fld]} : ({_quoted_terms(terms)}))")
        return " OR ".join(parts) if parts else None

    def doc_count(self, words: Mapping[Field, Collection[str]]) -> int:
        clause = self._clause(words)
        return self._match_count(clause) if clause else 0

    def matching_docs(self, clauses: Sequence[Mapping[Field, Collection[str]]]) -> set[int]:
        parts = [self._clause(clause) for clause in clauses]
        if not parts or None in parts:
            return set()
        expression = " AND ".join(f"({part})" for part in parts)
        (docs,) = self.conn.execute(
            f"SELECT json_group_array(rowid) FROM {self.table} WHERE {self.table} MATCH ?",
            (expression,),
        ).fetchone()
        return set(json.loads(docs))

    def _instance_rows(self, columns: str, term: str, field: Field) -> Iterator[tuple[Any, ...]]:
        sql = f"SELECT {columns} FROM {self._instances} WHERE term = ? AND col = ?"
        yield from self.conn.execute(sql, (term, FIELD_COLUMNS[field]))

    def _load_within(self, within: Collection[int]) -> None:
        """Put ``within`` in the temp table that look-ups join (unless it is there)."""
        if within is not self._within:
            self._within = within
            self.conn.execute(f"DELETE FROM {self._within_table}")
            # One statement over a JSON list: executemany pays a statement step a row
            # (about 5 us each: a third of a common-word search in 100k papers).
            self.conn.execute(
                f"INSERT INTO {self._within_table} SELECT value FROM json_each(?)",
                (json.dumps(sorted(within)),),
            )

    def _counts(self, term: str, within: Collection[int] | None) -> dict[str, dict[int, int]]:
        """Column -> doc -> occurrences of ``term``, among ``within``: one scan for all fields.

        A scan reads every occurrence of the term (fts5vocab cannot seek to a paper); the
        candidates are joined from a temp table, cheaper than ``IN`` over a JSON list. A
        scan's result answers later look-ups among a subset of its papers too.
        """
        if term in self._term_counts:
            scope, found = self._term_counts[term]
            if scope is within:
                return found
            if scope is None or (_is_set(within) and _is_set(scope) and within <= scope):
                assert within is not None
                return {col: _restricted(counts, within) for col, counts in found.items()}
        # A column's occurrences come as one JSON list of docs (a doc once per occurrence),
        # counted by Counter in C: a row an occurrence, or GROUP BY doc, costs three times
        # as much in Python's sqlite3 and SQLite's sorter.
        sql = f"SELECT v.col, json_group_array(v.doc) FROM {self._instances} AS v"
        if within is not None:
            self._load_within(within)
            sql += f" JOIN {self._within_table} AS w ON w.id = v.doc"
        found = {
            col: dict(Counter(json.loads(docs)))
            for col, docs in self.conn.execute(sql + " WHERE v.term = ? GROUP BY v.col", (term,))
        }
        self._term_counts[term] = (within, found)
        return found

    def postings(
        self, words: Collection[str], field: Field, within: Collection[int] | None
    ) -> dict[str, dict[int, int]]:
        column = FIELD_COLUMNS[field]
        if within is not None and len(within) * _TEXT_COST < self.occurrences(words, field):
            return self._text_postings(words, column, within)
        out: dict[str, dict[int, int]] = {}
        for word in words:
            spellings = sorted(self._fts_terms(word, field))
            if len(spellings) == 1:  # nearly always: one spelling, nothing to add up
                out[word] = self._counts(spellings[0], within).get(column, {})
                continue
            counts: dict[int, int] = {}
            for term in spellings:
                for doc, count in self._counts(term, within).get(column, {}).items():
                    counts[doc] = counts.get(doc, 0) + count
            out[word] = counts
        return out

    def _text_postings(
        self, words: Collection[str], column: str, within: Collection[int]
    ) -> dict[str, dict[int, int]]:
        """:meth:`postings` counted in the papers' text, as files are (for a few papers)."""
        out: dict[str, dict[int, int]] = {word: {} for word in words}
        for doc, text in self._rows("papers", column, within):
            for word, count in count_words(text or "", words).items():
                out[word][doc] = count
        return out

    def _phrase_match(self, words: Sequence[str], fields: Sequence[Field]) -> str | None:
        """A MATCH expression for the phrase, in every FTS spelling of its words."""
        parts = []
        for fld in fields:
            spellings = [sorted(self._fts_terms(w, fld)) for w in words]
            if all(spellings):
                phrases = {" ".join(p) for p in itertools.product(*spellings)}
                parts.append(f"({FIELD_COLUMNS[fld]} : ({_quoted_terms(phrases)}))")
        return " OR ".join(parts) if parts else None

    def phrase_doc_count(self, words: Sequence[str], fields: Sequence[Field]) -> int:
        expression = self._phrase_match(words, fields)
        return self._match_count(expression) if expression else 0

    def phrase_counts(
        self, words: Sequence[str], field: Field, within: Collection[int] | None
    ) -> dict[int, int]:
        if within is not None and len(within) <= _FEW:
            # A few papers: count in their text, exactly as files are counted.
            return {
                doc: count
                for doc, text in self._rows("papers", FIELD_COLUMNS[field], within)
                if (count := phrase_occurrences(tokens(text or ""), words))
            }
        # FTS5 finds the papers with the phrase (rowids alone: a MATCH joined with a set of
        # ids runs once per id); the token offsets of its words in those papers then count
        # how often it stands there, as files count it.
        key = (tuple(words), field)
        if key not in self._phrase_docs:
            expression = self._phrase_match(words, [field])
            rows = (
                self.conn.execute(
                    f"SELECT rowid FROM {self.table} WHERE {self.table} MATCH ?", (expression,)
                )
                if expression
                else ()
            )
            self._phrase_docs[key] = {doc for (doc,) in rows}
        docs = self._phrase_docs[key]
        if within is not None:
            docs = docs.intersection(within)
        if not docs:
            return {}
        offsets: dict[int, dict[str, set[int]]] = {d: {} for d in docs}
        for word in set(words):
            for term in self._fts_terms(word, field):
                for doc, offset in self._instance_rows("doc, offset", term, field):
                    if doc in offsets:
                        offsets[doc].setdefault(word, set()).add(offset)
        first, rest = words[0], list(enumerate(words))[1:]
        counts: dict[int, int] = {}
        for doc, found in offsets.items():
            count = sum(
                1
                for start in found.get(first, ())
                if all(start + i in found.get(w, ()) for i, w in rest)
            )
            if count:
                counts[doc] = count
        return counts

    def doc_lengths(self, docs: Collection[int], field: Field) -> dict[int, int]:
        column = self._column[field]
        known = self._lengths.setdefault(field, {})
        missing = [doc for doc in docs if doc not in known]
        if missing:
            sizes = self._sizes
            unread = [doc for doc in missing if doc not in sizes]
            if unread:
                # The record holds every column: kept, it answers the other fields too. The
                # records come as two JSON lists (in hex): a row a paper costs more.
                ids, records = self.conn.execute(
                    "SELECT json_group_array(id), json_group_array(hex(sz)) "
                    f"FROM {self.table}_docsize WHERE id IN (SELECT value FROM json_each(?))",
                    (json.dumps(sorted(unread)),),
                ).fetchone()
                sizes.update(
                    zip(json.loads(ids), map(bytes.fromhex, json.loads(records)), strict=True)
                )
            for doc in missing:
                blob = sizes.get(doc)
                if blob is not None:
                    # One-byte counts up to the column (nearly every paper) are read inline.
                    fast = len(blob) > column and max(blob[: column + 1]) < 0x80
                    known[doc] = blob[column] if fast else _column_varint(blob, column)
        return {doc: known.get(doc, 0) for doc in docs}

    # -- papers

    def all_docs(self) -> Collection[int]:
        return _Everything(self)

    def _ids(self) -> Iterator[int]:
        for (doc,) in self.conn.execute(f"SELECT id FROM {self._facts_table}"):
            yield doc

    def _rows(self, table: str, columns: str, docs: Collection[int]) -> Iterator[tuple[Any, ...]]:
        """``SELECT id, columns FROM table`` for ``docs`` (every row when they are all)."""
        if isinstance(docs, _Everything) or len(docs) >= self._size:
            yield from self.conn.execute(f"SELECT id, {columns} FROM {table}")
            return
        yield from self.conn.execute(
            f"SELECT id, {columns} FROM {table} WHERE id IN (SELECT value FROM json_each(?))",
            (json.dumps(sorted(docs)),),
        )

    def filter_docs(self, docs: Collection[int], condition: Filter) -> set[int]:
        # Only the field the condition reads is read, into a stand-in paper, so the test is
        # the very one files get (condition.matches).
        attribute = condition.attribute
        if self._has_facts and attribute in FACTS:
            table, column = FACTS_TABLE, attribute
        else:
            table, column = "papers", _PAPER_COLUMNS.get(attribute, attribute)
        accepts = condition.accepts
        if attribute == "authors":  # a JSON array in the library
            accepts = lambda value: condition.accepts(json.loads(value or "[]"))  # noqa: E731
        wanted = docs if isinstance(docs, set | frozenset | dict) else set(docs)
        return {
            doc
            for doc, value in self._rows(table, column, docs)
            if doc in wanted and accepts(value)
        }

    def sort_keys(self, docs: Collection[int]) -> dict[int, SortKey]:
        if self._has_facts:
            rows = self._rows(FACTS_TABLE, "year, month, day", docs)
        else:
            rows = self._rows("papers", ", ".join(FACTS[c] for c in ("year", "month", "day")), docs)
        return {doc: (y or 0, m or 0, d or 0, doc) for doc, y, m, d in rows}

    def papers(self, docs: Sequence[int]) -> list[Paper]:
        return self._fetch(docs)


def _is_set(docs: Collection[int] | None) -> TypeGuard[AbstractSet[int]]:
    return isinstance(docs, set | frozenset)


def _restricted(counts: dict[int, int], docs: Collection[int]) -> dict[int, int]:
    """``counts`` of the ``docs`` alone (the smaller of the two is walked)."""
    if len(docs) < len(counts):
        return {doc: counts[doc] for doc in docs if doc in counts}
    return {doc: count for doc, count in counts.items() if doc in docs}


class _Everything(Collection[int]):
    """Every paper of a library, without reading their ids until someone iterates."""

    def __init__(self, index: LibraryIndex) -> None:
        self._index = index

    def __len__(self) -> int:
        return self._index.size()

    def __contains__(self, doc: object) -> bool:
        return True

    def __iter__(self) -> Iterator[int]:
        return self._index._ids()


#: The table of facts filters and ties read, one small row a paper (see add_search_facts).
FACTS_TABLE = "search_facts"
#: Its columns, and how each is read out of a paper's JSON (``papers.data``).
FACTS: Mapping[str, str] = {
    "year": "json_extract(data, '$.year')",
    "month": "json_extract(data, '$.month')",
    # JSON has "date" (YYYY-MM-DD) when the day is known, "day" only when it is not.
    "day": "coalesce(json_extract(data, '$.day'), "
    "CAST(substr(json_extract(data, '$.date'), 9, 2) AS INTEGER))",
    "category": "json_extract(data, '$.category')",
    "has_code": "json_extract(data, '$.has_code')",
}


def add_search_facts(conn: sqlite3.Connection) -> None:
    """Library migration: ``search_facts``, the facts search filters and orders by.

    Reading a category or a date out of every paper's JSON costs seconds on 100,000 papers;
    this table holds them in small rows (by ``papers.id``), kept in step by triggers on
    ``papers`` like the FTS index, so filters and ties read a few megabytes instead.
    """
    columns = ", ".join(FACTS)
    new = ", ".join(expr.replace("data", "new.data") for expr in FACTS.values())
    conn.execute(
        f"CREATE TABLE {FACTS_TABLE} (id INTEGER PRIMARY KEY, year INTEGER, month INTEGER, "
        "day INTEGER, category TEXT, has_code INTEGER)"
    )
    conn.execute(
        f"INSERT INTO {FACTS_TABLE} (id, {columns}) "
        f"SELECT id, {', '.join(FACTS.values())} FROM papers"
    )
    conn.execute(
        f"CREATE TRIGGER {FACTS_TABLE}_insert AFTER INSERT ON papers BEGIN "
        f"INSERT INTO {FACTS_TABLE} (id, {columns}) VALUES (new.id, {new}); END"
    )
    conn.execute(
        f"CREATE TRIGGER {FACTS_TABLE}_delete AFTER DELETE ON papers BEGIN "
        f"DELETE FROM {FACTS_TABLE} WHERE id = old.id; END"
    )
    conn.execute(
        f"CREATE TRIGGER {FACTS_TABLE}_update AFTER UPDATE OF data ON papers BEGIN "
        f"INSERT OR REPLACE INTO {FACTS_TABLE} (id, {columns}) VALUES (new.id, {new}); END"
    )


# Paper attributes that papers holds only inside its JSON.
_PAPER_COLUMNS: Mapping[str, str] = {"category": FACTS["category"], "has_code": FACTS["has_code"]}


def search_library(library: Library, query: Query, *, limit: int | None = 20) -> SearchResult:
    """Rank the papers of ``library`` for ``query``, as :func:`search.search_papers` ranks
    the same papers read from a file."""
    from scholarcli.library import FTS_COLUMNS, FTS_TABLE

    index = LibraryIndex(
        library.conn, table=FTS_TABLE, columns=FTS_COLUMNS, fetch=library.papers_by_id
    )
    return search(index, query, limit=limit)
