"""``scholar check``: lint rules for bibliographies kept in git, with findings CI can act on."""

from __future__ import annotations

from scholarcli.check.engine import CheckReport, check_files
from scholarcli.check.rules import RULES, Finding, Rule, Severity

__all__ = ["RULES", "CheckReport", "Finding", "Rule", "Severity", "check_files"]
