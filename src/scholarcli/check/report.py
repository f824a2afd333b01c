"""Findings -> text, JSON, GitHub workflow annotations, or SARIF 2.1.0.

Messages quote titles, keys and names from the input, which is untrusted: every format
keeps them text (control characters made visible for terminals, JSON escaping, GitHub's
own escapes so a title cannot end an annotation or start a workflow command).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from enum import StrEnum
from typing import TextIO
from urllib.parse import quote

from scholarcli.check.rules import RULES, Finding
from scholarcli.writers.jsonio import dumps

SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"


class CheckFormat(StrEnum):
    TEXT = "text"
    JSON = "json"
    GITHUB = "github"
    SARIF = "sarif"


def write_text(findings: Sequence[Finding], out: TextIO) -> None:
    """``FILE:LINE: severity: message [rule]``, the hint indented on the next line."""
    from scholarcli.cli.render import visible

    for f in findings:
        where = f.file if f.line is None else f"{f.file}:{f.line}"
        out.write(visible(f"{where}: {f.severity.value}: {f.message} [{f.rule}]") + "\n")
        if f.hint:
            out.write("    hint: " + visible(f.hint) + "\n")


def write_json(findings: Sequence[Finding], out: TextIO) -> None:
    """A JSON array of findings: rule, severity, file, line, key, message, hint."""
    out.write(dumps([f.to_dict() for f in findings], indent=2) + "\n")


def _github_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _github_property(text: str) -> str:
    return _github_data(text).replace(":", "%3A").replace(",", "%2C")


def write_github(findings: Sequence[Finding], out: TextIO) -> None:
    """One workflow command a finding: ``::error file=F,line=N,title=RULE::message``."""
    from scholarcli.cli.render import visible

    for f in findings:
        props = [f"file={_github_property(f.file)}"]
        if f.line is not None:
            props.append(f"line={f.line}")
        props.append(f"title={_github_property(f.rule)}")
        message = f"{f.message}\nhint: {f.hint}" if f.hint else f.message
        # GitHub's escapes first (CR and LF become %0D %0A), then visible() shows any other
        # control character (ESC, BEL) as text.
        text = visible(_github_data(message))
        out.write(f"::{f.severity.value} {','.join(props)}::{text}\n")


def sarif_log(findings: Sequence[Finding], *, version: str) -> dict[str, object]:
    """The SARIF 2.1.0 log of one run: every rule described, every finding a result."""
    index = {rule: i for i, rule in enumerate(RULES)}
    rules = [
        {
            "id": rule.id,
            "name": "".join(part.title() for part in rule.id.split("-")),
            "shortDescription": {"text": rule.summary},
            "help": {"text": f"docs/rules.md, section {rule.id}"},
            "defaultConfiguration": {"level": rule.severity.value},
        }
        for rule in RULES.values()
    ]
    results = []
    for f in findings:
        location: dict[str, object] = {
            "artifactLocation": {"uri": quote(f.file.replace("\\", "/"))}
        }
        if f.line is not None:
            location["region"] = {"startLine": max(1, f.line)}
        result: dict[str, object] = {
            "ruleId": f.rule,
            "ruleIndex": index[f.rule],
            "level": f.severity.value,
            "message": {"text": f"{f.message}. Hint: {f.hint}" if f.hint else f.message},
            "locations": [{"physicalLocation": location}],
        }
        if f.key:
            result["properties"] = {"key": f.key}
        results.append(result)
    return {
        "$schema": SARIF_SCHEMA,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "scholar check",
                        "version": version,
                        "rules": rules,
                    }
                },
                "columnKind": "unicodeCodePoints",
                "results": results,
            }
        ],
    }


def write_sarif(findings: Sequence[Finding], out: TextIO) -> None:
    from scholarcli import __version__

    out.write(dumps(sarif_log(findings, version=__version__), indent=2) + "\n")


WRITERS: dict[CheckFormat, Callable[[Sequence[Finding], TextIO], None]] = {
    CheckFormat.TEXT: write_text,
    CheckFormat.JSON: write_json,
    CheckFormat.GITHUB: write_github,
    CheckFormat.SARIF: write_sarif,
}
