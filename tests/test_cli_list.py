"""`scholar list` end to end, on the real seed listing."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

from conftest import Scholar


def test_seed_as_json_matches_the_listing(scholar: Scholar, seed: Path) -> None:
    result = scholar("list", seed, "--format", "json")
    assert result.exit_code == 0, result.stderr
    papers = json.loads(result.stdout)
    assert len(papers) == 50
    assert sum(p["authors_truncated"] for p in papers) == 36
    assert Counter(p["category"] for p in papers) == {
        "LG": 39,
        "CV": 4,
        "ML": 3,
        "CL": 2,
        "AI": 1,
        "CR": 1,
    }
    assert Counter(p["year"] for p in papers) == {
        2018: 2,
        2020: 7,
        2021: 7,
        2022: 7,
        2023: 5,
        2024: 9,
        2025: 11,
        2026: 2,
    }
    assert "claims 61 papers; the listing holds 50" in result.stderr
