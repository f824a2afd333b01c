"""The embedded library: papers kept in SQLite, with migrations, a full-text index and undo.

One file (``library.sqlite``) holds every imported paper. Layout (schema version 1):

``papers``
    One row a paper, in first-import order: ``id`` is an AUTOINCREMENT rowid, so an id is
    never handed out twice and undo can put a paper back where it was. ``key`` is the
    citation key (UNIQUE, compared ignoring ASCII case as BibTeX does), ``identity`` the
    upsert identity (see :func:`paper_identity`) and ``identity_hash`` its 64-bit hash,
    which carries the UNIQUE index (an index of long text strings cost an import a tenth
    of its time; the text stays for people and SQL), ``abstract`` the abstract, and
    ``data`` every other field as scholar JSON (``writers.jsonio.paper_to_dict`` without
    ``key``, ``source_line`` and ``abstract``, which have columns of their own; the
    abstract is most of a paper's text, and keeping it out of the JSON makes an import
    about a quarter cheaper). ``source`` is the input the paper last came from.
    ``title``, ``authors`` (a JSON array of names), ``venue`` and ``year`` are VIRTUAL
    generated columns read out of ``data``: stored once, usable in SQL and indexes.
``papers_fts``
    An FTS5 index (tokenizer ``unicode61 remove_diacritics 2``) over key, title, authors,
    abstract and venue, with ``papers`` as its external content (``rowid`` = ``papers.id``).
    Triggers on ``papers`` keep it in step with every insert, update and delete, whoever
    writes; :func:`create_fts` is the one place that defines it (a later migration can
    drop it and call that function with more columns, or add a second index beside it).
``meta``
    ``metrics`` (the header figures of the last imported profile) and ``last_import``.
``undo_batches`` / ``undo_log``
    What :meth:`Library.replace` removed and added, so :meth:`Library.undo_last` can
    restore it.

The file is marked with ``PRAGMA application_id`` and carries its schema version in
``PRAGMA user_version``; a file that is not marked (another program's SQLite database, or
no database at all) is refused with exit 2 and never written to. Migrations are functions
applied in order inside one transaction. Every write is one ``BEGIN IMMEDIATE`` transaction
in WAL mode, so a killed import leaves the library as it was before, and a second writer
waits (busy timeout) instead of failing with "database is locked".
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import os
import re
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from functools import cache, lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from scholarcli.errors import LibraryError
from scholarcli.model import Paper
from scholarcli.names import surname
from scholarcli.text import squash

if TYPE_CHECKING:
    import sqlite3
    from concurrent.futures import Future

#: "SCHL" in ASCII: marks a SQLite file as a scholar library (``PRAGMA application_id``).
APPLICATION_ID = 0x5343484C
#: Seconds a writer waits for another one to finish before giving up.
BUSY_TIMEOUT = 60.0
#: Name and columns of the full-text index; the columns are columns of ``papers``.
FTS_TABLE = "papers_fts"
FTS_COLUMNS = ("key", "title", "authors", "abstract", "venue")
FTS_TOKENIZER = "unicode61 remove_diacritics 2"
# Big pages suit rows of a kilobyte and a full-text index: fewer pages to write and merge
# (measured: the index costs about 15% less CPU than with 4 KiB pages). FTS5's own page
# size ("pgsz") is set to fit in one of them.
_PAGE_SIZE = 16384
_FTS_PGSZ = 16000
# FTS5 writes its pending terms out as a new segment whenever they pass this size (default
# 1 MB) and merges segments as they pile up. 16 MB: a 100,000-paper import leaves 3 segments
# instead of 8 (fewer for a search to read) and indexes with less merging.
_FTS_HASHSIZE = 16 * 2**20
# Rows written a statement: the FTS index flushes its pending terms at the end of each
# statement, so one INSERT ... SELECT per chunk (not one INSERT per row) keeps indexing fast.
_CHUNK = 20000
# The first chunk is small: SQLite waits, idle, until Python has prepared it.
_FIRST_CHUNK = 2000
_SQLITE_MAGIC = b"SQLite format 3\x00"
_SURROGATE = re.compile("[\ud800-\udfff]")
_COLUMNS = (
    "id, key, identity, identity_hash, source_line, abstract, data, source, added_at, updated_at"
)

#: ``progress(done, total)``: rows written so far, of the rows this import writes.
Progress = Callable[[int, int], None]


# --- identity and storage form ----------------------------------------------------------


def paper_identity(paper: Paper) -> str:
    """What makes two records the same paper for an upsert.

    The normalised title (``text.squash``: case, accents and punctuation folded), the year,
    and the first author's surname, folded the same way, joined by ``|``: ``"nearly minimax
    algorithms for linear bandits with shared representation|2022|yang"``. A listing that
    moved, a key that changed, or an abstract that was edited does not change it; a new
    year or a different first author makes it another paper. A record without a title
    has nothing to be recognised by: its identity is its whole content.
    """
    title = squash(paper.title)
    year = "" if paper.year is None else str(paper.year)
    first = _folded_surname(paper.authors[0]) if paper.authors else ""
    if not title:
        data, abstract = _stored(paper)
        return "|" + year + "|" + first + "|" + data + (abstract or "")
    return title + "|" + year + "|" + first


@lru_cache(maxsize=65536)
def _folded_surname(name: str) -> str:
    # People publish many papers: the same names come back again and again.
    return squash(surname(name))


@cache
def _encoder() -> json.JSONEncoder:
    return json.JSONEncoder(ensure_ascii=False, separators=(",", ":"), check_circular=False)


def _stored(paper: Paper) -> tuple[str, str | None]:
    """The ``data`` and ``abstract`` columns of a paper (its key and line are columns too)."""
    from scholarcli.writers.jsonio import paper_to_dict

    data = paper_to_dict(paper)
    del data["key"], data["source_line"], data["abstract"]
    return _encoder().encode(data), paper.abstract


def _paper_from_row(key: str, source_line: int | None, abstract: str | None, data: str) -> Paper:
    from scholarcli.readers.jsonio import paper_from_dict

    values = json.loads(data)
    values["key"] = key
    values["source_line"] = source_line
    values["abstract"] = abstract
    return paper_from_dict(values)


# A JSON input can smuggle lone surrogates ("\ud800") into a string; SQLite stores UTF-8,
# which cannot hold them, so they become U+FFFD rather than crash the import.
def _has_surrogates(text: str | None) -> bool:
    return text is not None and not text.isascii() and _SURROGATE.search(text) is not None


def _without_surrogates(paper: Paper) -> Paper:
    from dataclasses import fields, replace

    def clean(value: Any) -> Any:
        if isinstance(value, str):
            return _SURROGATE.sub("\ufffd", value)
        if isinstance(value, tuple):
            return tuple(clean(v) for v in value)
        if isinstance(value, Mapping):
            return {clean(k): clean(v) for k, v in value.items()}
        return value

    return replace(paper, **{f.name: clean(getattr(paper, f.name)) for f in fields(paper)})


def identity_hash(identity: str) -> int:
    """The 64-bit hash of an identity that the library indexes (BLAKE2b, signed)."""
    import hashlib  # here, not at the top: only imports hash, and it loads OpenSSL

    digest = hashlib.blake2b(identity.encode("utf-8"), digest_size=8).digest()
    return int.from_bytes(digest, "big", signed=True)


def _identified(paper: Paper) -> tuple[Paper, str, int]:
    """The paper (surrogates replaced if its key or identity had any), identity and hash."""
    ident = paper_identity(paper)
    if _has_surrogates(ident) or _has_surrogates(paper.key):
        paper = _without_surrogates(paper)
        ident = paper_identity(paper)
    return paper, ident, identity_hash(ident)


def completed(new: Paper, old: Paper) -> Paper:
    """``new``, with what it leaves empty taken from ``old`` (the record it updates).

    Fields: a value of ``new`` wins unless it is empty (None, "", no authors). Extra
    fields are united (``new``'s win). Code availability is kept once known. An author
    list comes whole from one side: ``old``'s when ``new`` has none, or when ``new`` is
    cut short ("et al.") and ``old`` names more people.
    """
    changes: dict[str, Any] = {}
    for name in _FILLABLE:
        if getattr(new, name) in (None, "") and getattr(old, name) not in (None, ""):
            changes[name] = getattr(old, name)
    # The date is one value: only what new leaves unsaid *within the same date* is taken.
    if new.year is None:
        changes.update(year=old.year, month=old.month, day=old.day)
    elif new.year == old.year and new.month is None:
        changes.update(month=old.month, day=old.day)
    elif (new.year, new.month) == (old.year, old.month) and new.day is None:
        changes["day"] = old.day
    if old.has_code and not new.has_code:
        changes["has_code"] = True
    if not new.authors or (new.authors_truncated and len(old.authors) > len(new.authors)):
        changes["authors"] = old.authors
        changes["authors_truncated"] = old.authors_truncated
    if old.extra and any(name not in new.extra for name in old.extra):
        changes["extra"] = {**old.extra, **new.extra}
    return replace(new, **changes) if changes else new


# Scalar fields an update fills from the stored record when the new one leaves them empty.
_FILLABLE = (
    "affiliation",
    "category",
    "code_url",
    "abstract",
    "venue",
    "doi",
    "url",
    "entry_type",
    "citations",
)


def _prepared(paper: Paper) -> tuple[Paper, str, str | None]:
    """The paper (surrogates replaced if it had any), its ``data`` and ``abstract``."""
    data, abstract = _stored(paper)
    if _has_surrogates(data) or _has_surrogates(abstract):
        paper = _without_surrogates(paper)
        data, abstract = _stored(paper)
    return paper, data, abstract


# --- schema and migrations --------------------------------------------------------------


def create_fts(
    conn: sqlite3.Connection,
    *,
    table: str = FTS_TABLE,
    columns: Sequence[str] = FTS_COLUMNS,
    tokenizer: str = FTS_TOKENIZER,
) -> None:
    """Create the FTS5 index over ``papers`` and the triggers that keep it in step.

    The index uses ``papers`` as external content, so it stores only the index; the
    triggers run inside every statement that writes ``papers``. A migration that changes
    the index drops it and its triggers (:func:`drop_fts`), calls this, then fills it with
    ``INSERT INTO <table>(<table>) VALUES('rebuild')``.
    """
    cols = ", ".join(columns)
    new = ", ".join(f"new.{c}" for c in columns)
    old = ", ".join(f"old.{c}" for c in columns)
    conn.execute(
        f"CREATE VIRTUAL TABLE {table} USING fts5({cols}, content='papers', "
        f"content_rowid='id', tokenize='{tokenizer}')"
    )
    conn.execute(f"INSERT INTO {table}({table}, rank) VALUES ('pgsz', {_FTS_PGSZ})")
    conn.execute(f"INSERT INTO {table}({table}, rank) VALUES ('hashsize', {_FTS_HASHSIZE})")
    conn.execute(
        f"CREATE TRIGGER {table}_insert AFTER INSERT ON papers BEGIN "
        f"INSERT INTO {table}(rowid, {cols}) VALUES (new.id, {new}); END"
    )
    conn.execute(
        f"CREATE TRIGGER {table}_delete AFTER DELETE ON papers BEGIN "
        f"INSERT INTO {table}({table}, rowid, {cols}) VALUES ('delete', old.id, {old}); END"
    )
    conn.execute(
        f"CREATE TRIGGER {table}_update AFTER UPDATE OF key, abstract, data ON papers BEGIN "
        f"INSERT INTO {table}({table}, rowid, {cols}) VALUES ('delete', old.id, {old}); "
        f"INSERT INTO {table}(rowid, {cols}) VALUES (new.id, {new}); END"
    )


def drop_fts(conn: sqlite3.Connection, *, table: str = FTS_TABLE) -> None:
    """Drop an index made by :func:`create_fts`, triggers included."""
    for suffix in ("insert", "delete", "update"):
        conn.execute(f"DROP TRIGGER IF EXISTS {table}_{suffix}")
    conn.execute(f"DROP TABLE IF EXISTS {table}")


def _migrate_1(conn: sqlite3.Connection) -> None:
    """Papers (JSON plus columns), the full-text index, metadata and the undo log."""
    conn.execute("CREATE TABLE meta (name TEXT PRIMARY KEY, value TEXT NOT NULL)")
    conn.execute(
        """
        CREATE TABLE papers (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            key TEXT NOT NULL UNIQUE COLLATE NOCASE,
            identity TEXT NOT NULL,
            identity_hash INTEGER NOT NULL UNIQUE,
            source_line INTEGER,
            abstract TEXT,
            data TEXT NOT NULL,
            source TEXT,
            added_at TEXT NOT NULL,
            updated_at TEXT NOT NULL,
            title TEXT GENERATED ALWAYS AS (json_extract(data, '$.title')) VIRTUAL,
            authors TEXT GENERATED ALWAYS AS (json_extract(data, '$.authors')) VIRTUAL,
            venue TEXT GENERATED ALWAYS AS (json_extract(data, '$.venue')) VIRTUAL,
            year INTEGER GENERATED ALWAYS AS (json_extract(data, '$.year')) VIRTUAL
        )
        """
    )
    create_fts(conn)
    conn.execute(
        "CREATE TABLE undo_batches (id INTEGER PRIMARY KEY AUTOINCREMENT, "
        "note TEXT NOT NULL, created_at TEXT NOT NULL)"
    )
    # kind 'removed': a copy of a row the batch deleted; kind 'added': a row it inserted.
    conn.execute(
        """
        CREATE TABLE undo_log (
            batch INTEGER NOT NULL REFERENCES undo_batches(id) ON DELETE CASCADE,
            kind TEXT NOT NULL CHECK (kind IN ('removed', 'added')),
            id INTEGER NOT NULL,
            key TEXT, identity TEXT, identity_hash INTEGER, source_line INTEGER,
            abstract TEXT, data TEXT,
            source TEXT, added_at TEXT, updated_at TEXT
        )
        """
    )
    conn.execute("CREATE INDEX undo_log_batch ON undo_log(batch)")


def _migrate_2(conn: sqlite3.Connection) -> None:
    """The small table of facts search filters and orders by (see search_library)."""
    from scholarcli.search_library import add_search_facts

    add_search_facts(conn)


#: Schema migrations: the function at index ``i`` takes a library from version ``i`` to
#: ``i + 1``. Append, never edit: libraries out there were made by the old ones.
MIGRATIONS: list[Callable[[sqlite3.Connection], None]] = [_migrate_1, _migrate_2]


def schema_version() -> int:
    """The schema version this scholar writes."""
    return len(MIGRATIONS)


# --- results ----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ImportReport:
    """What an import did, counted in distinct papers (by identity)."""

    added: int
    updated: int
    unchanged: int
    #: Records of the input that repeat an earlier record of the same input (same
    #: identity); the later record's fields were kept, at the earlier one's place and key.
    repeated: int = 0


@dataclass(frozen=True, slots=True)
class LibraryInfo:
    """What ``scholar library info`` shows."""

    path: Path
    #: False when no library file exists yet (nothing has been imported).
    exists: bool
    #: The file's schema version; None when there is no file.
    schema_version: int | None
    papers: int
    #: Bytes on disk: the database and its write-ahead log.
    size_bytes: int
    #: ``{"source", "at", "added", "updated", "unchanged"}`` of the last import, if any.
    last_import: dict[str, Any] | None = None
    #: Merges (``replace``) that ``undo_last`` can still take back.
    undo_batches: int = 0
    metrics: dict[str, int | float] = field(default_factory=dict)


# --- opening ----------------------------------------------------------------------------


@contextlib.contextmanager
def open_library(path: Path, *, create: bool) -> Iterator[Library]:
    """Open the library at ``path`` for the duration of a ``with`` block.

    ``create=True`` (commands that write) makes the file and its folder when missing.
    ``create=False`` (commands that only read) never creates anything: a missing file
    behaves as an empty library. A file that is not a scholar library, or is corrupt, or
    was made by a newer scholar raises :class:`LibraryError` (exit 2) and is left as it
    was. SQLite errors raised inside the block become :class:`LibraryError` too.
    """
    import sqlite3

    path = Path(path)
    conn, on_disk = _connect(path, create=create)
    try:
        yield Library(path, conn, exists=on_disk)
    except sqlite3.Error as exc:
        raise _library_error(path, exc) from None
    finally:
        conn.close()


def _connect(path: Path, *, create: bool) -> tuple[sqlite3.Connection, bool]:
    """An open connection, and whether it is to the file (else an empty one in memory)."""
    import sqlite3

    if path.is_dir():
        raise LibraryError(f"{path}: is a directory, not a library file")
    if path.exists():
        _check_header(path)
    elif not create:
        return _memory_library(), False
    else:
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise LibraryError(
                f"{path}: cannot create the library's folder ({exc.strerror or exc})"
            ) from None
    try:
        # check_same_thread=False: an import writes from a worker thread (see _Pipeline).
        conn = sqlite3.connect(
            path, timeout=BUSY_TIMEOUT, isolation_level=None, check_same_thread=False
        )
    except sqlite3.Error as exc:
        raise _library_error(path, exc) from None
    try:
        if _state(conn, path) == "new":
            if not create:
                conn.close()
                return _memory_library(), False
            _begin_wal(conn, path)
        _migrate(conn, path)
        _tune(conn)
    except BaseException as exc:
        conn.close()
        if isinstance(exc, sqlite3.Error):
            raise _library_error(path, exc) from None
        raise
    return conn, True


def _check_header(path: Path) -> None:
    """Refuse a file that is not SQLite at all, before SQLite gets to touch it."""
    try:
        with path.open("rb") as f:
            head = f.read(len(_SQLITE_MAGIC))
    except OSError as exc:
        raise LibraryError(f"{path}: cannot read the library ({exc.strerror or exc})") from None
    if head and head != _SQLITE_MAGIC:
        raise _not_ours(path, "not an SQLite database")


def _not_ours(path: Path, what: str) -> LibraryError:
    return LibraryError(
        f"{path}: not a scholar library ({what}); left unchanged",
        hint="name another file with --library or SCHOLAR_LIBRARY",
    )


def _begin_wal(conn: sqlite3.Connection, path: Path) -> None:
    """Give a new file its page size and WAL mode, before the first table fixes them.

    Changing the journal mode needs the file to itself and SQLite does not wait for that
    (no busy handler), so when several scholar commands create the library at once the
    losers retry until the winner has made it (then there is nothing left to do).
    """
    import sqlite3
    import time

    deadline = time.monotonic() + BUSY_TIMEOUT
    while True:
        try:
            conn.execute(f"PRAGMA page_size = {_PAGE_SIZE}")
            mode = conn.execute("PRAGMA journal_mode = WAL").fetchone()[0]
        except sqlite3.OperationalError as exc:
            if "locked" not in str(exc).lower() or time.monotonic() > deadline:
                raise
            mode = None
        if mode == "wal" or _state(conn, path) == "ours":
            return
        if time.monotonic() > deadline:
            raise LibraryError(f"{path}: cannot put the library in WAL mode (journal: {mode})")
        time.sleep(0.01)


def _state(conn: sqlite3.Connection, path: Path) -> str:
    """'new' (an empty database), 'ours' (a scholar library), else LibraryError."""
    # One statement, so one snapshot: another process may be creating the library.
    app_id, version, objects = conn.execute(
        "SELECT (SELECT application_id FROM pragma_application_id), "
        "(SELECT user_version FROM pragma_user_version), (SELECT count(*) FROM sqlite_schema)"
    ).fetchone()
    if app_id == APPLICATION_ID:
        if version > schema_version():
            raise LibraryError(
                f"{path}: made by a newer scholar (schema {version}; this one knows up to "
                f"{schema_version()}); left unchanged",
                hint="upgrade scholar",
            )
        return "ours"
    if app_id == 0 and version == 0 and objects == 0:
        return "new"
    raise _not_ours(path, "an SQLite database of another program")


def _migrate(conn: sqlite3.Connection, path: Path) -> None:
    """Bring the schema up to date in one transaction (a new file gets every migration)."""
    if conn.execute("PRAGMA user_version").fetchone()[0] == schema_version():
        return
    conn.execute("BEGIN IMMEDIATE")
    try:
        # Look again under the write lock: another process may have got here first.
        if _state(conn, path) == "new":
            conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        for number, migration in enumerate(MIGRATIONS[version:], start=version + 1):
            migration(conn)
            conn.execute(f"PRAGMA user_version = {number}")
        conn.execute("COMMIT")
    except BaseException:
        with contextlib.suppress(Exception):
            conn.execute("ROLLBACK")
        raise


def _tune(conn: sqlite3.Connection) -> None:
    # NORMAL is safe in WAL mode against a killed process; only a power cut can lose the
    # last commits (never corrupt the file).
    conn.execute("PRAGMA synchronous = NORMAL")
    conn.execute("PRAGMA foreign_keys = ON")
    conn.execute("PRAGMA temp_store = MEMORY")


def _memory_library() -> sqlite3.Connection:
    """An empty library in memory: what reading commands see before the first import."""
    import sqlite3

    conn = sqlite3.connect(":memory:", isolation_level=None, check_same_thread=False)
    _migrate(conn, Path(":memory:"))
    return conn


def _library_error(path: Path, exc: Exception) -> LibraryError:
    message = str(exc)
    lowered = message.lower()
    if "locked" in lowered or "busy" in lowered:
        return LibraryError(
            f"{path}: the library is busy (another scholar command is writing to it)",
            hint="try again when it has finished",
        )
    if "not a database" in lowered:
        return _not_ours(path, "not an SQLite database")
    if "malformed" in lowered or "corrupt" in lowered:
        return LibraryError(
            f"{path}: the library is corrupt ({message})",
            hint="restore it from a backup, or move it away and import again",
        )
    if "no such module: fts5" in lowered:
        return LibraryError("this Python's SQLite has no FTS5 full-text index")
    return LibraryError(f"{path}: cannot use the library ({message})")


def _now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds").replace("+00:00", "Z")


# --- the library ------------------------------------------------------------------------


class Library:
    """An open library. Reads are plain queries; every write is one transaction.

    ``conn`` is the open ``sqlite3`` connection (autocommit mode), for read queries of
    other core modules (e.g. ranking with ``papers_fts``); write through the methods.
    """

    def __init__(self, path: Path, conn: sqlite3.Connection, *, exists: bool) -> None:
        self.path = path
        self.conn = conn
        #: False for the empty in-memory stand-in of a library not created yet.
        self.exists = exists

    # -- reading

    def papers(self) -> list[Paper]:
        """Every paper, in first-import order, with its library key."""
        rows = self.conn.execute("SELECT key, source_line, abstract, data FROM papers ORDER BY id")
        return [_paper_from_row(*row) for row in rows]

    def papers_by_id(self, ids: Sequence[int]) -> list[Paper]:
        """The papers with these ``papers.id`` (= ``papers_fts.rowid``), in the order given."""
        found: dict[int, Paper] = {}
        for pid, *row in self.conn.execute(
            "SELECT id, key, source_line, abstract, data FROM papers "
            "WHERE id IN (SELECT value FROM json_each(?))",
            (json.dumps(list(ids)),),
        ):
            found[pid] = _paper_from_row(*row)
        return [found[i] for i in ids if i in found]

    def keys(self) -> list[str]:
        """The keys of all papers, in first-import order."""
        return [k for (k,) in self.conn.execute("SELECT key FROM papers ORDER BY id")]

    def count(self) -> int:
        return int(self.conn.execute("SELECT count(*) FROM papers").fetchone()[0])

    def metrics(self) -> dict[str, int | float]:
        """The header metrics of the last imported profile (``{"h_index": 15, ...}``), or ``{}``."""
        value = self._meta("metrics")
        return dict(value) if isinstance(value, dict) else {}

    def info(self) -> LibraryInfo:
        """Path, schema version, paper count and size on disk."""
        size = 0
        if self.exists:
            for suffix in ("", "-wal"):
                with contextlib.suppress(OSError):
                    size += os.stat(str(self.path) + suffix).st_size
        last = self._meta("last_import")
        version = self.conn.execute("PRAGMA user_version").fetchone()[0]
        undo = self.conn.execute("SELECT count(*) FROM undo_batches").fetchone()[0]
        return LibraryInfo(
            path=self.path,
            exists=self.exists,
            schema_version=int(version) if self.exists else None,
            papers=self.count(),
            size_bytes=size,
            last_import=last if isinstance(last, dict) else None,
            undo_batches=int(undo),
            metrics=self.metrics(),
        )

    def _meta(self, name: str) -> Any:
        row = self.conn.execute("SELECT value FROM meta WHERE name = ?", (name,)).fetchone()
        return json.loads(row[0]) if row else None

    # -- writing

    @contextlib.contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """``BEGIN IMMEDIATE`` ... ``COMMIT``; any exception (Ctrl-C too) rolls back."""
        self.conn.execute("BEGIN IMMEDIATE")
        try:
            yield self.conn
        except BaseException:
            with contextlib.suppress(Exception):
                self.conn.execute("ROLLBACK")
            raise
        self.conn.execute("COMMIT")

    def _require_file(self) -> None:
        # A library opened with create=False on a missing file lives in memory: adding
        # papers to it would silently lose them.
        if not self.exists:
            raise LibraryError(f"{self.path}: no library here yet (open it with create=True)")

    def import_papers(
        self,
        papers: Sequence[Paper],
        *,
        source: str,
        metrics: Mapping[str, int | float] | None = None,
        progress: Progress | None = None,
    ) -> ImportReport:
        """Upsert ``papers`` by identity (:func:`paper_identity`) in one transaction.

        A paper the library lacks is added at the end, keeping the key its source gave it
        or getting one from ``keys.assign_keys`` (never one the library already uses). A
        paper the library has keeps its library key and place; when any field differs it
        is updated (``source_line`` alone does not count: a moved listing is no change).
        An update never erases: a field the new record leaves empty keeps its stored value
        (:func:`completed`), so importing a CV's BibTeX and a profile listing of the same
        papers keeps the venue of the one and the abstract of the other.
        ``metrics``, when not empty, replace the stored profile metrics. ``progress`` is
        called with ``(done, total)`` rows written.
        """
        self._require_file()
        # Identities first, outside the transaction: no lock is held while Python works.
        unique: dict[int, tuple[str, Paper]] = {}
        repeated = 0
        for paper in papers:
            paper, ident, hashed = _identified(paper)
            earlier = unique.get(hashed)
            if earlier is not None:
                repeated += 1
                paper = paper.with_key(earlier[1].key or paper.key)
            unique[hashed] = (ident, paper)

        with self.transaction() as conn:
            existing = self._existing(list(unique))
            new: list[tuple[str, int, Paper]] = []
            changed: list[tuple[Any, ...]] = []
            for hashed, (ident, paper) in unique.items():
                old = existing.get(hashed)
                if old is None:
                    new.append((ident, hashed, paper))
                    continue
                paper, data, abstract = _prepared(paper)
                if (abstract, data) == old[1:]:
                    continue  # the common re-import: nothing to decode
                stored = _paper_from_row("", None, *old[1:])
                paper, data, abstract = _prepared(completed(paper, stored))
                if (abstract, data) != old[1:]:
                    changed.append((old[0], None, None, None, paper.source_line, abstract, data))
            report = ImportReport(
                added=len(new),
                updated=len(changed),
                unchanged=len(unique) - len(new) - len(changed),
                repeated=repeated,
            )
            keys: list[str] = []
            if new:
                from scholarcli.keys import unique_keys

                taken = {k for (k,) in conn.execute("SELECT key FROM papers")}
                keys = unique_keys([p for _, _, p in new], taken=taken)
            now = _now()
            total = len(new) + len(changed)
            insert = (
                "INSERT INTO papers (key, identity, identity_hash, source_line, abstract, data, "
                "source, added_at, updated_at) SELECT key, identity, identity_hash, "
                "source_line, abstract, data, ?, ?, ? FROM temp.staging ORDER BY rowid"
            )
            update = (
                "UPDATE papers SET abstract = s.abstract, data = s.data, "
                "source_line = s.source_line, source = ?, updated_at = ? "
                "FROM temp.staging AS s WHERE papers.id = s.id"
            )
            # SQLite inserts one chunk (without the GIL) while Python prepares the next.
            with _Pipeline(conn) as pipeline:
                for start, stop in _chunks(len(new)):
                    rows: list[tuple[Any, ...]] = []
                    for (ident, hashed, paper), key in zip(
                        new[start:stop], keys[start:stop], strict=True
                    ):
                        # The key is a column of its own: no need to copy the paper for it.
                        paper, data, abstract = _prepared(paper)
                        row = (None, key, ident, hashed, paper.source_line, abstract, data)
                        rows.append(row)
                    pipeline.wait()
                    self._stage(rows)
                    pipeline.run(conn.execute, insert, (source, now, now))
                    if progress:
                        progress(start + len(rows), total)
                for start in range(0, len(changed), _CHUNK):
                    updates = changed[start : start + _CHUNK]
                    pipeline.wait()
                    self._stage(updates)
                    pipeline.run(conn.execute, update, (source, now))
                    if progress:
                        progress(len(new) + start + len(updates), total)
            if metrics:
                self._set_meta("metrics", dict(metrics))
            self._set_meta(
                "last_import",
                {
                    "source": source,
                    "at": now,
                    "added": report.added,
                    "updated": report.updated,
                    "unchanged": report.unchanged,
                },
            )
        return report

    def _existing(self, hashes: list[int]) -> dict[int, tuple[int, str | None, str]]:
        """identity hash -> (id, abstract, data) of the papers the library has among these."""
        if not hashes or self.conn.execute("SELECT 1 FROM papers LIMIT 1").fetchone() is None:
            return {}
        rows = self.conn.execute(
            "SELECT identity_hash, id, abstract, data FROM papers "
            "WHERE identity_hash IN (SELECT value FROM json_each(?))",
            (json.dumps(hashes),),
        )
        return {hashed: (pid, abstract, data) for hashed, pid, abstract, data in rows}

    def _stage(self, rows: Sequence[tuple[Any, ...]]) -> None:
        """Put rows (id, key, identity, hash, source_line, abstract, data) in ``temp.staging``.

        Done in the calling thread while no statement runs: ``executemany`` takes the GIL
        for every row, so in the worker it would wait on the thread preparing rows.
        """
        self.conn.execute(
            "CREATE TEMP TABLE IF NOT EXISTS staging (id INTEGER, key TEXT, identity TEXT, "
            "identity_hash INTEGER, source_line INTEGER, abstract TEXT, data TEXT)"
        )
        self.conn.execute("DELETE FROM temp.staging")
        self.conn.executemany("INSERT INTO temp.staging VALUES (?, ?, ?, ?, ?, ?, ?)", rows)

    def _set_meta(self, name: str, value: Any) -> None:
        self.conn.execute(
            "INSERT INTO meta (name, value) VALUES (?, ?) "
            "ON CONFLICT(name) DO UPDATE SET value = excluded.value",
            (name, json.dumps(value, ensure_ascii=False)),
        )

    def remove(self, keys: Iterable[str]) -> list[str]:
        """Delete the papers with these keys (case ignored) in one transaction.

        Returns their keys as the library spells them. If any key is not in the library,
        nothing is removed and :class:`LibraryError` names the missing ones.
        """
        with self.transaction() as conn:
            rows = self._rows_by_key(keys)
            conn.executemany("DELETE FROM papers WHERE id = ?", [(row[0],) for row in rows])
        return [row[1] for row in rows]

    def _rows_by_key(self, keys: Iterable[str]) -> list[tuple[Any, ...]]:
        """Rows of ``papers`` (``_COLUMNS``) with these keys; LibraryError if one is missing."""
        rows: dict[int, tuple[Any, ...]] = {}
        missing: list[str] = []
        for key in dict.fromkeys(keys):
            row = self.conn.execute(
                f"SELECT {_COLUMNS} FROM papers WHERE key = ?", (key,)
            ).fetchone()
            if row is None:
                missing.append(key)
            else:
                rows[row[0]] = row
        if missing:
            shown = ", ".join(missing[:5])
            if len(missing) > 5:
                shown += f" and {len(missing) - 5} more"
            raise LibraryError(
                f"no paper with key {shown} in the library; nothing changed",
                hint="`scholar list -f keys` shows the keys",
            )
        return list(rows.values())

    def replace(
        self, removed_keys: Iterable[str], added_papers: Sequence[Paper], *, note: str
    ) -> list[Paper]:
        """Remove some papers and add others in ONE transaction that :meth:`undo_last` reverses.

        For ``scholar dedupe --merge``: the records of a duplicate cluster out, the merged
        record in. The removed rows are copied to the undo log first. Added papers take the
        places (first-import positions) of the removed ones, in order, and keep their own
        key when it is free (else ``keys.assign_keys`` gives one). An added paper whose
        identity a remaining paper already has, or a key not in the library, raises
        :class:`LibraryError` and changes nothing. Returns the added papers with their keys.
        """
        from scholarcli.keys import assign_keys

        self._require_file()
        with self.transaction() as conn:
            removed = self._rows_by_key(removed_keys)
            now = _now()
            batch = conn.execute(
                "INSERT INTO undo_batches (note, created_at) VALUES (?, ?)", (note, now)
            ).lastrowid
            conn.executemany(
                f"INSERT INTO undo_log (batch, kind, {_COLUMNS}) "
                "VALUES (?, 'removed', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [(batch, *row) for row in removed],
            )
            conn.executemany("DELETE FROM papers WHERE id = ?", [(row[0],) for row in removed])
            taken = {k for (k,) in conn.execute("SELECT key FROM papers")}
            keyed = assign_keys(list(added_papers), taken=taken)
            slots = sorted(row[0] for row in removed)
            stored: list[Paper] = []
            for i, original in enumerate(keyed):
                paper, ident, hashed = _identified(original)
                paper, data, abstract = _prepared(paper)
                clash = conn.execute(
                    "SELECT key FROM papers WHERE identity_hash = ?", (hashed,)
                ).fetchone()
                if clash is not None:
                    raise LibraryError(
                        f"{paper.key}: the library already has this paper as {clash[0]}; "
                        "nothing changed"
                    )
                pid = conn.execute(
                    f"INSERT INTO papers ({_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    (
                        slots[i] if i < len(slots) else None,
                        paper.key,
                        ident,
                        hashed,
                        paper.source_line,
                        abstract,
                        data,
                        note,
                        now,
                        now,
                    ),
                ).lastrowid
                conn.execute(
                    "INSERT INTO undo_log (batch, kind, id) VALUES (?, 'added', ?)", (batch, pid)
                )
                stored.append(paper)
        return stored

    def undo_last(self) -> str:
        """Reverse the last :meth:`replace`: drop what it added, restore what it removed.

        Returns the note the batch was recorded with. :class:`LibraryError` when there is
        nothing to undo, or when a paper imported since then now holds a restored key or
        identity (nothing is changed then).
        """
        import sqlite3

        with self.transaction() as conn:
            row = conn.execute(
                "SELECT id, note FROM undo_batches ORDER BY id DESC LIMIT 1"
            ).fetchone()
            if row is None:
                raise LibraryError("nothing to undo in the library")
            batch, note = row
            conn.execute(
                "DELETE FROM papers WHERE id IN "
                "(SELECT id FROM undo_log WHERE batch = ? AND kind = 'added')",
                (batch,),
            )
            try:
                conn.execute(
                    f"INSERT INTO papers ({_COLUMNS}) SELECT {_COLUMNS} FROM undo_log "
                    "WHERE batch = ? AND kind = 'removed' ORDER BY id",
                    (batch,),
                )
            except sqlite3.IntegrityError:
                raise LibraryError(
                    f"cannot undo {note!r}: papers imported since then hold the keys or "
                    "identities of the papers it removed; nothing changed"
                ) from None
            conn.execute("DELETE FROM undo_batches WHERE id = ?", (batch,))
        return str(note)


def _chunks(total: int) -> Iterator[tuple[int, int]]:
    """``(start, stop)`` of the chunks of ``total`` rows: a small one, then _CHUNK each."""
    start, size = 0, _FIRST_CHUNK
    while start < total:
        yield start, min(start + size, total)
        start, size = start + size, _CHUNK


class _Pipeline:
    """Runs one statement at a time in a worker thread, so the caller can prepare the next.

    ``run`` waits for the previous statement before starting one, so they run in order;
    ``wait`` waits for the running one (do so before using the connection). Leaving the
    block waits for the last; on an exception (Ctrl-C too) the running statement is
    interrupted first, so the caller's rollback finds the connection idle.
    """

    def __init__(self, conn: sqlite3.Connection) -> None:
        from concurrent.futures import ThreadPoolExecutor

        self._conn = conn
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="scholar-write")
        self._pending: Future[object] | None = None

    def run(self, call: Callable[..., object], *args: Any) -> None:
        self.wait()
        self._pending = self._pool.submit(call, *args)

    def wait(self) -> None:
        pending, self._pending = self._pending, None
        if pending is not None:
            pending.result()

    def __enter__(self) -> _Pipeline:
        return self

    def __exit__(self, kind: type[BaseException] | None, *_: object) -> None:
        try:
            if kind is None:
                self.wait()
            elif self._pending is not None:
                self._conn.interrupt()
                with contextlib.suppress(BaseException):
                    self._pending.result()
        finally:
            self._pool.shutdown(wait=True)
