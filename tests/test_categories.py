"""arXiv subject codes: short codes of profile listings and full identifiers."""

from __future__ import annotations

import pytest

from scholarcli.categories import lookup


@pytest.mark.parametrize(
    ("code", "arxiv", "label"),
    [
        ("LG", "cs.LG", "Machine Learning (cs.LG)"),
        ("CV", "cs.CV", "Computer Vision (cs.CV)"),
        ("CL", "cs.CL", "Computation and Language (cs.CL)"),
        ("ML", "stat.ML", "Machine Learning (stat.ML)"),
        ("AI", "cs.AI", "Artificial Intelligence (cs.AI)"),
        ("CR", "cs.CR", "Cryptography and Security (cs.CR)"),
        ("RO", "cs.RO", "Robotics (cs.RO)"),
        ("IR", "cs.IR", "Information Retrieval (cs.IR)"),
        ("DS", "cs.DS", "Data Structures and Algorithms (cs.DS)"),
        ("ME", "stat.ME", "Methodology (stat.ME)"),
        ("IV", "eess.IV", "Image and Video Processing (eess.IV)"),
        ("OC", "math.OC", "Optimization and Control (math.OC)"),
        ("QUANT-PH", "quant-ph", "Quantum Physics (quant-ph)"),
    ],
)
def test_short_codes_resolve_cs_first_then_stat(code: str, arxiv: str, label: str) -> None:
    subject = lookup(code)
    assert subject is not None
    assert (subject.code, subject.arxiv, subject.label) == (code, arxiv, label)


def test_full_identifiers_pick_their_own_archive() -> None:
    # "CV" alone is cs.CV; written in full, math.CV is Complex Variables.
    math_cv = lookup("math.CV")
    assert math_cv is not None and math_cv.name == "Complex Variables"
    stat_co = lookup("stat.CO")
    assert stat_co is not None and stat_co.name == "Computation"
    mech = lookup("cond-mat.stat-mech")
    assert mech is not None and mech.label == "Statistical Mechanics (cond-mat.stat-mech)"


def test_case_and_spaces_are_ignored_but_the_code_is_kept_as_written() -> None:
    subject = lookup(" lg ")
    assert subject is not None
    assert (subject.code, subject.arxiv) == ("lg", "cs.LG")


@pytest.mark.parametrize("code", ["XY", "", "cs.XX", "LGX", "<b>"])
def test_unknown_codes_have_no_subject(code: str) -> None:
    assert lookup(code) is None
