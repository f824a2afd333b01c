"""The library core: opening and refusing files, upserts, keys, removal, merge undo, FTS."""

from __future__ import annotations

import datetime as dt
import sqlite3
import tempfile
from dataclasses import replace
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from scholarcli import library as lib
from scholarcli.errors import LibraryError
from scholarcli.keys import assign_keys
from scholarcli.library import open_library, paper_identity
from scholarcli.model import Paper
from scholarcli.readers import read_input

from conftest import EXAMPLES

AS_OF = dt.date(2026, 11, 28)


def read(name: str) -> list[Paper]:
    return read_input(str(EXAMPLES / name), as_of=AS_OF).papers


@pytest.fixture
def db(tmp_path: Path) -> Path:
    return tmp_path / "sub" / "library.sqlite"


def fts_rowids(library: lib.Library, query: str) -> list[int]:
    rows = library.conn.execute(
        "SELECT rowid FROM papers_fts WHERE papers_fts MATCH ? ORDER BY rowid", (query,)
    )
    return [r[0] for r in rows]


def fts_check(library: lib.Library) -> None:
    # Raises sqlite3.DatabaseError when the index and the content table disagree.
    library.conn.execute("INSERT INTO papers_fts(papers_fts, rank) VALUES ('integrity-check', 1)")


# --- identity -----------------------------------------------------------------------


def test_identity_folds_case_accents_and_punctuation() -> None:
    a = Paper(key="", title="Optimal Defenses: Against Gradient-Attacks", year=2024,
              authors=("Gamze Gürsoy", "Qi Lei"))  # fmt: skip
    b = Paper(key="x", title="optimal defenses against gradient attacks.", year=2024,
              authors=("G. Gursoy",), abstract="other")  # fmt: skip
    assert paper_identity(a) == "optimal defenses against gradient attacks|2024|gursoy"
    assert paper_identity(a) == paper_identity(b)
    assert paper_identity(replace(a, year=2025)) != paper_identity(a)
    assert paper_identity(replace(a, authors=("Qi Lei",))) != paper_identity(a)


def test_identity_of_a_title_less_record_is_its_content() -> None:
    a = Paper(key="", title="", year=2020, abstract="one")
    b = Paper(key="", title="", year=2020, abstract="two")
    assert paper_identity(a) != paper_identity(b)
    assert paper_identity(a) == paper_identity(replace(a, key="k"))


# --- opening ----------------------------------------------------------------------------


def test_reading_a_missing_library_creates_nothing(db: Path) -> None:
    with open_library(db, create=False) as library:
        assert library.papers() == []
        assert library.metrics() == {}
        info = library.info()
    assert (info.exists, info.schema_version, info.papers, info.size_bytes) == (False, None, 0, 0)
    assert not db.parent.exists()


def test_creating_makes_folder_marked_file_in_wal_mode(db: Path) -> None:
    with open_library(db, create=True) as library:
        assert library.info().schema_version == lib.schema_version() == 2
    conn = sqlite3.connect(db)
    try:
        assert conn.execute("PRAGMA application_id").fetchone()[0] == lib.APPLICATION_ID
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert conn.execute("PRAGMA page_size").fetchone()[0] == 16384
    finally:
        conn.close()


def test_writing_through_a_missing_library_opened_for_reading_is_refused(db: Path) -> None:
    with open_library(db, create=False) as library, pytest.raises(LibraryError, match="no library"):
        library.import_papers(read("cv.bib"), source="cv.bib")
    assert not db.exists()


@pytest.mark.parametrize("create", [True, False])
def test_a_foreign_sqlite_file_is_refused_and_left_alone(tmp_path: Path, create: bool) -> None:
    path = tmp_path / "other.sqlite"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE notes (body TEXT)")
    conn.execute("INSERT INTO notes VALUES ('keep me')")
    conn.commit()
    conn.close()
    before = path.read_bytes()
    with (
        pytest.raises(LibraryError, match=r"not a scholar library \(an SQLite database of another"),
        open_library(path, create=create),
    ):
        pass
    assert path.read_bytes() == before


@pytest.mark.parametrize("create", [True, False])
def test_a_file_that_is_not_sqlite_is_refused_and_left_alone(tmp_path: Path, create: bool) -> None:
    path = tmp_path / "library.sqlite"
    path.write_bytes(b"@article{x, title={not a database}}\n" * 200)
    before = path.read_bytes()
    with (
        pytest.raises(LibraryError, match="not an SQLite database"),
        open_library(path, create=create),
    ):
        pass
    assert path.read_bytes() == before


def test_a_corrupt_library_is_reported_not_overwritten(db: Path) -> None:
    with open_library(db, create=True) as library:
        library.import_papers(read("profile.txt"), source="profile.txt")
    data = bytearray(db.read_bytes())
    # Keep the 100-byte header (so it is still "ours"), wreck every page after the first.
    data[16384:] = b"\xa5" * (len(data) - 16384)
    db.write_bytes(bytes(data))
    with pytest.raises(LibraryError, match="corrupt"), open_library(db, create=False) as library:
        library.papers()
    assert db.read_bytes() == bytes(data)


def test_a_library_from_a_newer_scholar_is_refused(db: Path) -> None:
    with open_library(db, create=True):
        pass
    conn = sqlite3.connect(db)
    conn.execute("PRAGMA user_version = 99")
    conn.close()
    before = db.read_bytes()
    with (
        pytest.raises(LibraryError, match=r"newer scholar \(schema 99"),
        open_library(db, create=True),
    ):
        pass
    assert db.read_bytes() == before


def test_a_directory_is_not_a_library(tmp_path: Path) -> None:
    with pytest.raises(LibraryError, match="is a directory"), open_library(tmp_path, create=True):
        pass


def test_migrations_upgrade_an_old_library_in_one_transaction(
    db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with open_library(db, create=True) as library:
        library.import_papers(read("cv.bib"), source="cv.bib")
    current = lib.schema_version()

    def add_column(conn: sqlite3.Connection) -> None:
        conn.execute("ALTER TABLE papers ADD COLUMN starred INTEGER NOT NULL DEFAULT 0")

    def broken(conn: sqlite3.Connection) -> None:
        conn.execute("CREATE TABLE half_done (x)")
        raise sqlite3.OperationalError("the last migration failed")

    monkeypatch.setattr(lib, "MIGRATIONS", [*lib.MIGRATIONS, add_column, broken])
    with (
        pytest.raises(LibraryError, match="the last migration failed"),
        open_library(db, create=False),
    ):
        pass
    conn = sqlite3.connect(db)
    try:
        # Both migrations ran in one transaction: the failure took the first back too.
        assert conn.execute("PRAGMA user_version").fetchone()[0] == current
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_schema")}
        assert "half_done" not in tables
    finally:
        conn.close()

    monkeypatch.setattr(lib, "MIGRATIONS", [*lib.MIGRATIONS[: current + 1]])
    with open_library(db, create=False) as library:
        assert library.info().schema_version == current + 1
        assert library.conn.execute("SELECT sum(starred) FROM papers").fetchone()[0] == 0
        assert len(library.papers()) == 10


# --- importing ----------------------------------------------------------------------


def test_import_keeps_every_field_and_the_order(db: Path) -> None:
    papers = read("cv.bib")
    with open_library(db, create=True) as library:
        report = library.import_papers(papers, source="cv.bib")
        assert report == lib.ImportReport(added=10, updated=0, unchanged=0)
        assert library.papers() == assign_keys(papers)
        assert library.keys()[:2] == ["chen2024optimal", "lee2019first"]


def test_import_is_an_upsert_by_identity(db: Path) -> None:
    seed = read("profile.txt")
    with open_library(db, create=True) as library:
        assert library.import_papers(seed[:40], source="p") == lib.ImportReport(40, 0, 0)
        keys_before = library.keys()
        # The listing gained ten papers, moved, and one abstract was edited.
        moved = [replace(p, source_line=(p.source_line or 0) + 7) for p in seed]
        moved[3] = replace(moved[3], abstract="A rewritten abstract about pruning.")
        assert library.import_papers(moved, source="p") == lib.ImportReport(10, 1, 39)
        assert library.keys()[:40] == keys_before
        stored = library.papers()
        assert len(stored) == 50
        assert stored[3].abstract == "A rewritten abstract about pruning."
        assert stored[3].source_line == moved[3].source_line
        assert stored[4].source_line == seed[4].source_line  # unchanged rows are not touched
        assert library.import_papers(moved, source="p") == lib.ImportReport(0, 0, 50)


def test_a_paper_keeps_its_library_key_when_its_source_key_changes(db: Path) -> None:
    paper = read("cv.bib")[0]
    with open_library(db, create=True) as library:
        library.import_papers([paper], source="a.bib")
        renamed = replace(paper, key="Chen:2024", venue="NeurIPS 2024")
        assert library.import_papers([renamed], source="b.bib") == lib.ImportReport(0, 1, 0)
        (stored,) = library.papers()
    assert (stored.key, stored.venue) == ("chen2024optimal", "NeurIPS 2024")


def test_new_papers_never_take_a_key_the_library_uses(db: Path) -> None:
    first = Paper(key="lei2019", title="One", authors=("Qi Lei",), year=2019)
    second = Paper(key="LEI2019", title="Two", authors=("Qi Lei",), year=2019)
    with open_library(db, create=True) as library:
        library.import_papers([first], source="a")
        library.import_papers([second], source="b")
        assert library.keys() == ["lei2019", "LEI2019a"]


def test_records_repeated_in_one_input_are_one_paper(db: Path) -> None:
    paper = Paper(key="a1", title="Same Paper", authors=("Ann Lee",), year=2020)
    again = replace(paper, key="a2", venue="Journal")
    with open_library(db, create=True) as library:
        report = library.import_papers([paper, again], source="dup.bib")
        assert report == lib.ImportReport(added=1, updated=0, unchanged=0, repeated=1)
        (stored,) = library.papers()
    assert (stored.key, stored.venue) == ("a1", "Journal")


def test_metrics_are_those_of_the_last_profile(db: Path) -> None:
    profile = read_input(str(EXAMPLES / "profile.txt"), as_of=AS_OF)
    with open_library(db, create=True) as library:
        library.import_papers(profile.papers, source="p", metrics=profile.metrics)
        library.import_papers(read("cv.bib"), source="cv.bib", metrics={})
        assert library.metrics() == {
            "h_index": 15,
            "papers": 61,
            "citations": 2414,
            "novelty_percent": 59,
            "ai_score": 59,
        }
        assert library.info().last_import == {
            "source": "cv.bib",
            "at": library.info().last_import["at"],  # type: ignore[index]
            "added": 6,
            "updated": 4,
            "unchanged": 0,
        }


def test_the_index_is_configured_for_bulk_writes(db: Path) -> None:
    with open_library(db, create=True) as library:
        config = dict(library.conn.execute(f"SELECT k, v FROM {lib.FTS_TABLE}_config"))
    assert config["pgsz"] == lib._FTS_PGSZ
    assert config["hashsize"] == lib._FTS_HASHSIZE


def test_progress_counts_rows_written(db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(lib, "_FIRST_CHUNK", 5)
    monkeypatch.setattr(lib, "_CHUNK", 20)
    calls: list[tuple[int, int]] = []
    with open_library(db, create=True) as library:
        library.import_papers(
            read("profile.txt"), source="p", progress=lambda d, t: calls.append((d, t))
        )
    assert calls == [(5, 50), (25, 50), (45, 50), (50, 50)]
    with open_library(db, create=False) as library:
        assert library.keys() == [p.key for p in assign_keys(read("profile.txt"))]


def test_lone_surrogates_from_json_input_are_stored_as_replacement_characters(db: Path) -> None:
    paper = Paper(key="k\ud800", title="Bad \udc00 title", authors=("A \ud83d B",),
                  abstract="x \udfff y", extra={"note": "\ud800"})  # fmt: skip
    with open_library(db, create=True) as library:
        library.import_papers([paper], source="-")
        (stored,) = library.papers()
    assert (stored.key, stored.title, stored.authors) == (
        "k\ufffd",
        "Bad \ufffd title",
        ("A \ufffd B",),
    )
    assert (stored.abstract, dict(stored.extra)) == ("x \ufffd y", {"note": "\ufffd"})


_text = st.text(st.characters(blacklist_categories=("Cs",)), max_size=30)
_papers = st.builds(
    Paper,
    key=st.just(""),
    title=_text,
    authors=st.lists(_text, max_size=3).map(tuple),
    authors_truncated=st.booleans(),
    affiliation=st.none() | _text,
    category=st.none() | _text,
    year=st.none() | st.integers(-9999, 99999),
    month=st.none() | st.integers(1, 12),
    has_code=st.booleans(),
    abstract=st.none() | _text,
    venue=st.none() | _text,
    extra=st.dictionaries(_text, _text, max_size=3),
    source_line=st.none() | st.integers(1, 10**6),
)


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(papers=st.lists(_papers, max_size=6))
def test_any_papers_round_trip_through_the_library(tmp_path: Path, papers: list[Paper]) -> None:
    path = Path(tempfile.mkdtemp(dir=tmp_path)) / "library.sqlite"
    unique = list({paper_identity(p): p for p in papers}.values())
    with open_library(path, create=True) as library:
        report = library.import_papers(unique, source="h")
        assert report.added == len(unique)
        assert library.papers() == assign_keys(unique)
        fts_check(library)


# --- full-text index ----------------------------------------------------------------


def test_the_index_follows_every_write(db: Path) -> None:
    papers = read("cv.bib")
    with open_library(db, create=True) as library:
        library.import_papers(papers, source="cv.bib")
        (gursoy,) = fts_rowids(library, "authors:gursoy")  # accents folded
        assert library.papers_by_id([gursoy])[0].key == "chen2024optimal"
        assert fts_rowids(library, "abstract:identifiability") == [7]
        edited = replace(papers[6], abstract="Now about pruning only.")
        library.import_papers([edited], source="cv.bib")
        assert fts_rowids(library, "identifiability") == []
        assert fts_rowids(library, "pruning") == [7, 9]
        library.remove(["li2024greedy"])
        assert fts_rowids(library, "pruning") == [7]
        fts_check(library)


# --- removing, merging, undo --------------------------------------------------------


def test_remove_is_all_or_nothing(db: Path) -> None:
    with open_library(db, create=True) as library:
        library.import_papers(read("cv.bib"), source="cv.bib")
        with pytest.raises(LibraryError, match="no paper with key nosuch2020 in the library"):
            library.remove(["lei2019thesis", "nosuch2020"])
        assert library.count() == 10
        assert library.remove(["LEI2019THESIS", "lee2019first"]) == [
            "lei2019thesis",
            "lee2019first",
        ]
        assert library.count() == 8


def test_replace_then_undo_restores_the_removed_papers(db: Path) -> None:
    papers = read("cv.bib")
    with open_library(db, create=True) as library:
        library.import_papers(papers, source="cv.bib")
        before = library.papers()
        merged = replace(papers[1], key="lee2019first", venue="Math. Program.")
        added = library.replace(["lee2019first", "lei2020sgd"], [merged], note="merge 2 papers")
        assert [p.key for p in added] == ["lee2019first"]
        after = library.papers()
        assert [p.key for p in after][:3] == ["chen2024optimal", "lee2019first", "dong2024sketchy"]
        assert after[1].venue == "Math. Program."
        assert library.info().undo_batches == 1
        assert library.undo_last() == "merge 2 papers"
        assert library.papers() == before
        assert fts_rowids(library, "wgans") == [3]
        fts_check(library)
        with pytest.raises(LibraryError, match="nothing to undo"):
            library.undo_last()


def test_replace_refuses_a_paper_the_library_already_has(db: Path) -> None:
    papers = read("cv.bib")
    with open_library(db, create=True) as library:
        library.import_papers(papers, source="cv.bib")
        with pytest.raises(LibraryError, match="already has this paper as lee2019first"):
            library.replace(["lei2020sgd"], [papers[1]], note="bad merge")
        assert library.papers() == assign_keys(papers)
        assert library.info().undo_batches == 0


def test_undo_refuses_when_a_restored_key_was_taken_since(db: Path) -> None:
    papers = read("cv.bib")
    with open_library(db, create=True) as library:
        library.import_papers(papers, source="cv.bib")
        library.replace(["lei2020sgd"], [], note="drop one")
        library.import_papers([papers[2]], source="cv.bib")  # the same paper comes back
        with pytest.raises(LibraryError, match="cannot undo 'drop one'"):
            library.undo_last()
        assert library.count() == 10


def test_the_identity_is_stored_with_its_indexed_hash(db: Path) -> None:
    with open_library(db, create=True) as library:
        library.import_papers(read("cv.bib")[:1], source="cv.bib")
        row = library.conn.execute("SELECT identity, identity_hash FROM papers").fetchone()
    assert row == (
        "optimal defenses against gradient reconstruction attacks|2024|chen",
        lib.identity_hash("optimal defenses against gradient reconstruction attacks|2024|chen"),
    )


def test_an_update_never_erases_what_the_new_record_leaves_empty() -> None:
    old = Paper(
        key="k", title="T", authors=("A B", "C D", "E F"), year=2024, month=7, day=26,
        venue="NeurIPS", abstract=None, has_code=True, extra={"pages": "1--2"},
    )  # fmt: skip
    new = Paper(
        key="k", title="T", authors=("A B",), authors_truncated=True, year=2024,
        abstract="Now with an abstract.", extra={"note": "n"},
    )  # fmt: skip
    merged = lib.completed(new, old)
    assert merged.venue == "NeurIPS" and merged.abstract == "Now with an abstract."
    assert (merged.year, merged.month, merged.day) == (2024, 7, 26)
    assert merged.authors == ("A B", "C D", "E F") and not merged.authors_truncated
    assert merged.has_code and merged.extra == {"pages": "1--2", "note": "n"}
    # Another year is another date: its month and day are not borrowed.
    moved = lib.completed(Paper(key="k", title="T", year=2025), old)
    assert (moved.year, moved.month, moved.day) == (2025, None, None)


def test_importing_a_cv_and_a_profile_keeps_both_sides(db: Path) -> None:
    with open_library(db, create=True) as library:
        library.import_papers(read("cv.bib"), source="cv.bib")
        report = library.import_papers(read("profile.txt"), source="profile.txt")
        assert (report.added, report.updated) == (46, 4)
        paper = next(p for p in library.papers() if p.key == "chen2024optimal")
    assert paper.venue == "Advances in Neural Information Processing Systems"
    assert paper.extra["pages"] == "10234--10251"
    assert paper.abstract is not None and paper.abstract.startswith("Federated Learning")
    assert paper.category == "LG" and paper.date == "2024-11-06"
