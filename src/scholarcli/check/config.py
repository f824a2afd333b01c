"""Configuration of ``scholar check``: a table in pyproject.toml or in ``.scholar.toml``.

    [tool.scholar.check]          # in .scholar.toml the table is [check]
    ignore = ["unprotected-capitals"]
    fail-on = "warning"           # error (default), warning or never
    rules = { bad-pages = "error", name-conflict = "off" }
    not-duplicates = [["lee2020a", "lee2020b"]]
    duplicate-threshold = 0.9     # passed to the dedupe engine

The file is looked for beside the first input, then in each folder above it up to the root
of its repository (a folder holding ``.git``); ``--config FILE`` names one instead.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from scholarcli.check.rules import RULES, Severity
from scholarcli.errors import InputError, UsageError

_SETTINGS = frozenset({"ignore", "fail-on", "rules", "not-duplicates", "duplicate-threshold"})
FAIL_ON = ("error", "warning", "never")


@dataclass(frozen=True, slots=True)
class CheckConfig:
    """What the configuration file (and the command line) turn on, off and up."""

    disabled: frozenset[str] = frozenset()
    #: Severities that differ from a rule's default.
    severities: Mapping[str, Severity] = field(default_factory=dict)
    #: The lowest severity that makes the run fail; None: never fail.
    fail_on: Severity | None = Severity.ERROR
    #: Pairs of keys (lower case) reviewed as different works.
    not_duplicates: frozenset[frozenset[str]] = frozenset()
    duplicate_threshold: float | None = None
    #: The file this came from, if any.
    path: str | None = None

    def severity(self, rule: str) -> Severity:
        return self.severities.get(rule, RULES[rule].severity)


def parse_fail_on(value: str, where: str = "--fail-on") -> Severity | None:
    if value not in FAIL_ON:
        raise UsageError(f"{where}: {value!r} is not one of {', '.join(FAIL_ON)}")
    return None if value == "never" else Severity(value)


def check_rule_ids(ids: Iterable[str], where: str) -> frozenset[str]:
    """Rule ids as given (comma-separated allowed); UsageError for an unknown one."""
    out = set()
    for item in ids:
        for rule in (r.strip() for r in item.split(",")):
            if not rule:
                continue
            if rule not in RULES:
                raise UsageError(
                    f"{where}: no rule {rule!r}",
                    hint="the rules are listed in docs/rules.md and by scholar check --help",
                )
            out.add(rule)
    return frozenset(out)


def find_config(start: Path) -> Path | None:
    """``.scholar.toml``, or a pyproject.toml with a scholar check table, nearest ``start``."""
    import tomllib

    folder = start.resolve()
    for here in (folder, *folder.parents):
        own = here / ".scholar.toml"
        if own.is_file():
            return own
        project = here / "pyproject.toml"
        if project.is_file():
            try:
                data = tomllib.loads(project.read_text(encoding="utf-8"))
            except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
                data = {}  # not ours to judge unless it holds our table
            if isinstance(data.get("tool", {}).get("scholar", {}).get("check"), dict):
                return project
        if (here / ".git").exists():
            break
    return None


def load_config(path: Path) -> CheckConfig:
    """Read and validate one configuration file; InputError/UsageError (exit 2) when wrong."""
    import tomllib

    name = str(path)
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise InputError(name, "no such file") from None
    except OSError as exc:
        raise InputError(name, exc.strerror or str(exc)) from None
    except UnicodeDecodeError:
        raise InputError(name, "not valid UTF-8") from None
    except tomllib.TOMLDecodeError as exc:
        raise InputError(name, f"not valid TOML: {exc}") from None
    if path.name == "pyproject.toml":
        table, where = (
            data.get("tool", {}).get("scholar", {}).get("check", {}),
            "[tool.scholar.check]",
        )
    else:
        table, where = (
            data.get("check", data.get("tool", {}).get("scholar", {}).get("check", {})),
            "[check]",
        )
    if not isinstance(table, dict):
        raise UsageError(f"{name}: {where} is not a table")
    return config_from_table(table, f"{name}: {where}", path=name)


def config_from_table(
    table: Mapping[str, Any], where: str, *, path: str | None = None
) -> CheckConfig:
    unknown = sorted(set(table) - _SETTINGS)
    if unknown:
        raise UsageError(
            f"{where}: unknown setting {unknown[0]!r}",
            hint=f"the settings are {', '.join(sorted(_SETTINGS))}",
        )
    ignore = table.get("ignore", [])
    if not isinstance(ignore, list) or not all(isinstance(r, str) for r in ignore):
        raise UsageError(f"{where}: ignore must be a list of rule ids")
    disabled = set(check_rule_ids(ignore, f"{where} ignore"))
    severities: dict[str, Severity] = {}
    rules = table.get("rules", {})
    if not isinstance(rules, dict):
        raise UsageError(f'{where}: rules must be a table of rule = "off" | "warning" | "error"')
    for rule, level in rules.items():
        check_rule_ids([rule], f"{where} rules")
        if level == "off":
            disabled.add(rule)
        elif level in ("warning", "error"):
            severities[rule] = Severity(level)
        else:
            raise UsageError(f"{where}: rules.{rule} = {level!r}; use off, warning or error")
    fail_on = Severity.ERROR
    fail_value: Severity | None = fail_on
    if "fail-on" in table:
        if not isinstance(table["fail-on"], str):
            raise UsageError(f"{where}: fail-on must be error, warning or never")
        fail_value = parse_fail_on(table["fail-on"], f"{where} fail-on")
    pairs = table.get("not-duplicates", [])
    accepted: set[frozenset[str]] = set()
    if not isinstance(pairs, list):
        raise UsageError(f"{where}: not-duplicates must be a list of [key, key] pairs")
    for pair in pairs:
        if (
            not isinstance(pair, list)
            or len(pair) < 2
            or not all(isinstance(k, str) and k for k in pair)
        ):
            raise UsageError(f"{where}: not-duplicates: {pair!r} is not a list of two keys")
        keys = [k.lower() for k in pair]
        # A list of more than two keys accepts every pair among them.
        accepted.update(frozenset((a, b)) for a in keys for b in keys if a != b)
    threshold = table.get("duplicate-threshold")
    if threshold is not None and (
        isinstance(threshold, bool)
        or not isinstance(threshold, int | float)
        or not 0 < threshold <= 1
    ):
        raise UsageError(f"{where}: duplicate-threshold must be a number in (0, 1]")
    return CheckConfig(
        disabled=frozenset(disabled),
        severities=severities,
        fail_on=fail_value,
        not_duplicates=frozenset(accepted),
        duplicate_threshold=float(threshold) if threshold is not None else None,
        path=path,
    )
