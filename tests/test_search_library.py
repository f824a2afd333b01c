"""Search in a library: FTS5 look-ups count as the in-memory index does; same ranking as files."""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

import scholarcli.search as search_module
import scholarcli.search_library as library_module
from scholarcli.keys import assign_keys
from scholarcli.library import FTS_COLUMNS, FTS_TABLE, open_library, paper_identity
from scholarcli.model import Paper
from scholarcli.query import Field, parse_query
from scholarcli.readers import read_input
from scholarcli.search import MemoryIndex, count_words, search
from scholarcli.search_library import FACTS_TABLE, LibraryIndex, _column_varint, read_varints
from scholarcli.writers.jsonio import paper_to_dict
from test_search import check_index

from conftest import AS_OF, EXAMPLES, generator, shared_path

_OPEN = contextlib.ExitStack()


@pytest.fixture(scope="module", autouse=True)
def _close_libraries() -> Iterator[None]:
    with _OPEN:
        yield


def build_library(papers: list[Paper], *, facts: bool = True) -> tuple[LibraryIndex, list[int]]:
    """A real library (library.py) holding ``papers``, and the row id of each paper.

    ``facts=False`` drops the search_facts table, as in a library made before it existed,
    so the fallback to reading facts out of the papers' JSON is tested too.
    """
    path = Path(_OPEN.enter_context(tempfile.TemporaryDirectory())) / "library.sqlite"
    library = _OPEN.enter_context(open_library(path, create=True))
    report = library.import_papers(papers, source="test")
    assert report.added == len(papers)
    if not facts:
        for suffix in ("insert", "delete", "update"):
            library.conn.execute(f"DROP TRIGGER {FACTS_TABLE}_{suffix}")
        library.conn.execute(f"DROP TABLE {FACTS_TABLE}")
    index = LibraryIndex(
        library.conn, table=FTS_TABLE, columns=FTS_COLUMNS, fetch=library.papers_by_id
    )
    return index, [doc for (doc,) in library.conn.execute("SELECT id FROM papers ORDER BY id")]


def read(path: Path) -> list[Paper]:
    return assign_keys(read_input(str(path), as_of=dt.date.fromisoformat(AS_OF)).papers)


@pytest.fixture(scope="module")
def seed_papers() -> list[Paper]:
    return read(EXAMPLES / "profile.txt")


@pytest.mark.parametrize(
    ("blob", "values"),
    [
        (b"\x00\x01\x7f", [0, 1, 127]),
        (b"\x81\x00", [128]),
        (b"\x86\x8d\x20", [100_000]),
        (b"\xff" * 8 + b"\x01", [(2**56 - 1) << 8 | 1]),
    ],
)
def test_varints(blob: bytes, values: list[int]) -> None:
    assert list(read_varints(blob)) == values


@pytest.mark.parametrize(
    "blob",
    [b"\x05\x07\x7f", b"\x05\x81\x00\x07", b"\x86\x8d\x20\x81\x00\x03", b"\x00\x00\x00"],
)
def test_column_varint_reads_each_column_as_read_varints(blob: bytes) -> None:
    # The walk over varints of any length agrees with the full decoder.
    values = list(read_varints(blob))
    assert [_column_varint(blob, column) for column in range(len(values))] == values


def test_fts5_counts_as_text_words_on_the_seed(seed_papers: list[Paper]) -> None:
    index, docs = build_library(seed_papers)
    check_index(index, seed_papers, docs)


def test_fts5_counts_as_text_words_on_real_bibtex() -> None:
    path = shared_path(
        "realdata", "bibtex", "bibtex-tidy", "test", "bibliographies", "biblatex",
        "biblatex-examples.bib",
    )  # fmt: skip
    # The library keeps one paper per identity (title, year, first author): so does this.
    papers = list({paper_identity(p): p for p in reversed(read(path))}.values())[::-1]
    index, docs = build_library(papers)
    check_index(index, papers, docs)


QUERIES = [
    "pruning",
    "prunning",
    "reconstuction",
    "gursoy",
    'author:"Jason D. Lee" year:2021',
    "cat:CV",
    "self supervised",
    '"self-supervised learning"',
    "learning -bandits",
    "(pruning OR bandits) year:>=2022",
    "title:representation abstract:linear",
    "code:yes",
    "key:yang2022*",
    "Nearly Minimax Algorithms for Linear Bandits with Shared Representation",
    "-learning",
]


@pytest.mark.parametrize("facts", [True, False], ids=["facts", "json"])
@pytest.mark.parametrize("text", QUERIES)
def test_library_and_file_rank_alike(seed_papers: list[Paper], text: str, facts: bool) -> None:
    index, _ = build_library(seed_papers, facts=facts)
    query = parse_query(text)
    in_library = search(index, query, limit=None)
    in_memory = search(MemoryIndex(seed_papers), query, limit=None)
    assert in_library.total == in_memory.total > 0
    assert [p.key for p in in_library.papers] == [p.key for p in in_memory.papers]
    assert in_library.scores == in_memory.scores
    assert in_library.papers == in_memory.papers


def test_an_empty_library() -> None:
    index, _ = build_library([])
    assert index.size() == 0
    assert search(index, parse_query("pruning")).total == 0


LATIN = [
    Paper(key="a", title="Unzeitgemäße Betrachtungen über die Straße", year=2020),
    Paper(key="b", title="Ærø and Œuvre: a Study of Łódź, Đorđe and Þór", year=2021),
    Paper(key="c", title="Strasse and Lodz without accents", year=2022),
    Paper(key="d", title="Die Straße Bahn", abstract="Straße, strasse, STRASSE.", year=2023),
]


@pytest.mark.parametrize(
    "text",
    ["unzeitgemasse", "strasse", "straße", "aero", "oeuvre", "lodz", "dorde", "thor",
     '"strasse bahn"', "title:strase", "Łódź"],
)  # fmt: skip
def test_letters_fts5_keeps_rank_as_in_files(text: str) -> None:
    # FTS5 indexes "straße", text.fold says "strasse": the library looks up both spellings.
    index, _ = build_library(LATIN)
    query = parse_query(text)
    in_library = search(index, query, limit=None)
    in_memory = search(MemoryIndex(LATIN), query, limit=None)
    assert in_library.total == in_memory.total > 0
    assert [(p.key, in_library.scores[p.key]) for p in in_library.papers] == [
        (p.key, in_memory.scores[p.key]) for p in in_memory.papers
    ]


def test_search_facts_follow_every_write(seed_papers: list[Paper]) -> None:
    index, docs = build_library(seed_papers[:5])
    conn = index.conn
    conn.execute("DELETE FROM papers WHERE id = ?", (docs[0],))
    data = json.dumps(paper_to_dict(Paper(key="x", title="x", category="CV", year=1999)))
    conn.execute("UPDATE papers SET data = ? WHERE id = ?", (data, docs[1]))
    rows = conn.execute("SELECT id, year, category FROM search_facts ORDER BY id").fetchall()
    assert [r[0] for r in rows] == docs[1:]
    assert rows[0][1:] == (1999, "CV")
    assert rows[1][1:] == (seed_papers[2].year, seed_papers[2].category)


# --- pruning: a common word put off, only the best scored in full ---------------------------


@pytest.fixture(scope="module")
def generated() -> tuple[list[Paper], LibraryIndex]:
    """1,500 generated papers ("efficiency" in most abstracts) and a library holding them."""
    gen = generator()
    folder = Path(_OPEN.enter_context(tempfile.TemporaryDirectory()))
    path = folder / "generated.txt"
    path.write_text(gen.profile_text(list(gen.make_papers(1500))), encoding="utf-8")
    papers = read(path)
    index, _ = build_library(papers)
    return papers, index


PRUNED = [
    "efficient learning",
    "learning efficient",
    "efficency learning",
    "title:learning efficiency",
    "robust efficient pruning",
    "efficient learning models",
    "efficient",  # one word, put off: nothing to prune, scored in full
]


@pytest.mark.parametrize("text_cost", [0, 10**9], ids=["text", "index"])
@pytest.mark.parametrize("limit", [1, 5, 20])
@pytest.mark.parametrize("text", PRUNED)
def test_pruned_search_shows_what_full_scoring_shows(
    generated: tuple[list[Paper], LibraryIndex],
    monkeypatch: pytest.MonkeyPatch,
    text: str,
    limit: int,
    text_cost: int,
) -> None:
    papers, built = generated
    # Thresholds scaled down to 1,500 papers; the survivors' put-off words are counted in
    # their text (text_cost 0) or read from the index (a cost no look-up reaches).
    monkeypatch.setattr(search_module, "PUT_OFF_MIN", 500)
    monkeypatch.setattr(library_module, "_TEXT_COST", text_cost)
    pruned: list[dict[int, float] | None] = []
    real = search_module._Ranker.pruned

    def spy(ranker: search_module._Ranker, query: Any, most: int) -> dict[int, float] | None:
        pruned.append(real(ranker, query, most))
        return pruned[-1]

    monkeypatch.setattr(search_module._Ranker, "pruned", spy)
    index = LibraryIndex(built.conn, table=FTS_TABLE, columns=FTS_COLUMNS, fetch=built._fetch)
    abstracts_read: list[int] = []  # how many papers each look-up in abstracts was among
    look_up = index.postings

    def counting(words: Any, fld: Field, within: Any) -> dict[str, dict[int, int]]:
        if fld is Field.ABSTRACT:
            abstracts_read.append(index.size() if within is None else len(within))
        return look_up(words, fld, within)

    monkeypatch.setattr(index, "postings", counting)
    query = parse_query(text)
    in_library = search(index, query, limit=limit)
    everything = search(MemoryIndex(papers), query, limit=None)
    assert in_library.total == everything.total > limit
    best = everything.papers[:limit]
    assert [(p.key, in_library.scores[p.key]) for p in in_library.papers] == [
        (p.key, everything.scores[p.key]) for p in best
    ]
    # The pruning ran (or, for one word put off, rightly declined). Where a title word
    # sets the best well apart (the "learning" queries, a few shown), abstracts were read
    # for the papers that could be among them, not for all 180.
    assert (pruned[0] is None) == (text == "efficient")
    if text in PRUNED[:4] and limit <= 5:
        assert min(abstracts_read) < everything.total / 2


def test_count_words_finds_whole_words_only() -> None:
    text = "Efficiency, efficiency_x  EFFICIENCY2 efficiency; ineffiency efficiency-efficiency é"
    # "_" and "-" part words, "é" is "e", "EFFICIENCY2" and "ineffiency" are other words.
    assert count_words(text, ["efficiency", "e", "x"]) == {"efficiency": 5, "e": 1, "x": 1}
    assert count_words("Straße strasse", ["strasse"]) == {"strasse": 2}


def test_with_nothing_to_put_off_nothing_is_pruned(
    generated: tuple[list[Paper], LibraryIndex], monkeypatch: pytest.MonkeyPatch
) -> None:
    # 1,500 papers are far below PUT_OFF_MIN occurrences: the full scoring runs once.
    _, built = generated
    index = LibraryIndex(built.conn, table=FTS_TABLE, columns=FTS_COLUMNS, fetch=built._fetch)
    ranker = search_module._Ranker(index, index.size())
    assert ranker.pruned(parse_query("efficient learning"), 5) is None
    monkeypatch.setattr(search_module, "PUT_OFF_MIN", 500)
    assert ranker.pruned(parse_query("efficient learning"), 5) is not None
