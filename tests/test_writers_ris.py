"""writers/ris.py: one tagged record a paper, one value a line."""

from __future__ import annotations

from scholarcli.model import Paper
from scholarcli.writers import to_string
from scholarcli.writers.ris import ris_name


def test_record() -> None:
    paper = Paper(
        key="k",
        title="Line one\nline two\x1b[2J",
        authors=("Jason D. Lee", "Martin Luther King Jr."),
        authors_truncated=True,
        year=2022,
        month=3,
        day=9,
        venue="J. ML",
        entry_type="article",
        doi="10.1/x",
        url="https://a.org",
        code_url="https://github.com/a/b",
        category="LG",
    )
    assert to_string("ris", [paper]) == (
        "TY  - JOUR\n"
        "ID  - k\n"
        "TI  - Line one line two [2J\n"
        "AU  - Lee, Jason D.\n"
        "AU  - King, Martin Luther, Jr.\n"
        "N1  - Author list truncated (et al.)\n"
        "PY  - 2022\n"
        "DA  - 2022/03/09/\n"
        "T2  - J. ML\n"
        "KW  - LG\n"
        "DO  - 10.1/x\n"
        "UR  - https://a.org\n"
        "UR  - https://github.com/a/b\n"
        "ER  - \n"
    )


def test_records_are_separated_and_typed() -> None:
    text = to_string("ris", [Paper(key="a", title="A"), Paper(key="b", title="B", year=2020)])
    assert text == (
        "TY  - GEN\nID  - a\nTI  - A\nER  - \n\n"
        "TY  - GEN\nID  - b\nTI  - B\nPY  - 2020\nDA  - 2020///\nER  - \n"
    )


def test_ris_name() -> None:
    assert ris_name("Plato") == "Plato"
    assert ris_name("Ludwig van Beethoven") == "Beethoven, Ludwig van"
