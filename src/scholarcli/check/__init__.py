"""``scholar check``: lint rules for bibliographies kept in git, with findings CI can act on."""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from scholarcli.check.engine import CheckReport, check_files
    from scholarcli.check.rules import RULES, Finding, Rule, Severity

__all__ = ["RULES", "CheckReport", "Finding", "Rule", "Severity", "check_files"]

# Names imported on first use: the engine pulls in the BibTeX reader (and bibtexparser),
# which `scholar check --help` and `scholar --help` (they import check.report) do not need.
_HOMES = {
    "CheckReport": "scholarcli.check.engine",
    "check_files": "scholarcli.check.engine",
    "RULES": "scholarcli.check.rules",
    "Finding": "scholarcli.check.rules",
    "Rule": "scholarcli.check.rules",
    "Severity": "scholarcli.check.rules",
}


def __getattr__(name: str) -> object:
    if name in _HOMES:
        return getattr(import_module(_HOMES[name]), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
