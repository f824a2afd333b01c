"""Running ``scholar check``: read the inputs, apply the configuration, run every rule."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

from scholarcli.check.config import CheckConfig, find_config, load_config
from scholarcli.check.inputs import CheckInput, read_check_input
from scholarcli.check.located import Located
from scholarcli.check.rules import Finding, Severity
from scholarcli.errors import UsageError
from scholarcli.model import Level


@dataclass(frozen=True, slots=True)
class CheckReport:
    """The findings of one run, in input order, and what decides its exit status."""

    findings: list[Finding]
    files: list[str]
    fail_on: Severity | None
    config_path: str | None = None
    #: Remarks for the user (rules skipped and why).
    notes: list[str] = field(default_factory=list)

    @property
    def failed(self) -> bool:
        """Does any finding reach ``fail_on``?"""
        if self.fail_on is None:
            return False
        return any(f.severity.rank >= self.fail_on.rank for f in self.findings)

    def count(self, severity: Severity) -> int:
        return sum(1 for f in self.findings if f.severity is severity)

    @property
    def summary(self) -> str:
        """``2 errors, 1 warning in 1 file`` (or ``no findings in ...``)."""
        files = f"{len(self.files)} file" + ("" if len(self.files) == 1 else "s")
        if not self.findings:
            return f"no findings in {files}"
        parts = []
        for severity in (Severity.ERROR, Severity.WARNING):
            n = self.count(severity)
            if n:
                parts.append(f"{n} {severity.value}" + ("" if n == 1 else "s"))
        return f"{', '.join(parts)} in {files}"


def check_files(
    paths: Sequence[str],
    *,
    as_of: dt.date,
    against: str | None = None,
    ignore: Iterable[str] = (),
    fail_on: str | None = None,
    config_path: str | None = None,
    encoding: str | None = None,
) -> CheckReport:
    """Check the bibliographies ``paths`` together (keys and works are compared across files).

    ``fail_on`` (error, warning or never) overrides the configuration's; ``ignore`` adds to
    the rules the configuration turns off.
    """
    from scholarcli.check.config import check_rule_ids, parse_fail_on

    if not paths:
        raise UsageError("no input files given", hint="name the bibliography: scholar check cv.bib")
    if list(paths).count("-") > 1:
        raise UsageError("'-' (stdin) can be given only once")
    config = _config(paths, config_path)
    disabled = config.disabled | check_rule_ids(ignore, "--ignore")
    inputs = [read_check_input(p, as_of=as_of, encoding=encoding) for p in paths]
    profile = read_check_input(against, as_of=as_of, encoding=encoding) if against else None
    notes: list[str] = []
    findings = _run_rules(inputs, profile, config, disabled, notes)
    findings = [
        f if config.severity(f.rule) is f.severity else replace(f, severity=config.severity(f.rule))
        for f in findings
        if f.rule not in disabled
    ]
    order = {inp.source: n for n, inp in enumerate(inputs)}
    if profile is not None:
        order.setdefault(profile.source, len(order))
    findings.sort(key=lambda f: (order.get(f.file, len(order)), f.line or 0, f.rule, f.key or ""))
    return CheckReport(
        findings=findings,
        files=[inp.source for inp in inputs],
        fail_on=config.fail_on if fail_on is None else parse_fail_on(fail_on),
        config_path=config.path,
        notes=notes,
    )


def _config(paths: Sequence[str], config_path: str | None) -> CheckConfig:
    if config_path:
        return load_config(Path(config_path))
    first = next((p for p in paths if p != "-"), None)
    start = Path(first).parent if first else Path.cwd()
    found = find_config(start if start.is_dir() else Path.cwd())
    return load_config(found) if found else CheckConfig()


def _run_rules(
    inputs: Sequence[CheckInput],
    profile: CheckInput | None,
    config: CheckConfig,
    disabled: frozenset[str],
    notes: list[str],
) -> list[Finding]:
    from scholarcli.check.bibtex_rules import bibtex_findings, duplicate_key_findings, make
    from scholarcli.check.name_rules import name_conflict_findings

    findings: list[Finding] = []
    all_keys = frozenset().union(*(inp.keys for inp in inputs))
    for inp in inputs:
        for problem in inp.encoding_problems:
            findings.append(
                make("encoding", problem.file, problem.line, None, problem.message, _UTF8)
            )
        for problem in inp.problems:
            if problem.level is not Level.INFO:
                findings.append(
                    make(
                        "input-problem",
                        problem.file,
                        problem.line,
                        None,
                        problem.message,
                        "fix the record there",
                    )
                )
        if inp.is_bibtex:
            findings.extend(bibtex_findings(inp, all_keys))
    findings.extend(duplicate_key_findings(inputs))
    located = _locate(inputs)
    findings.extend(_paper_findings(inputs, located))
    if "name-conflict" not in disabled:
        findings.extend(name_conflict_findings(located))
    from scholarcli.check.work_rules import against_findings, duplicate_work_findings

    if "duplicate-work" not in disabled:
        findings.extend(
            duplicate_work_findings(
                located,
                accepted=config.not_duplicates,
                threshold=config.duplicate_threshold,
            )
        )
    if profile is not None:
        findings.extend(
            against_findings(located, _locate([profile]), threshold=config.duplicate_threshold)
        )
    return findings


def _locate(inputs: Sequence[CheckInput]) -> list[Located]:
    """Every paper with its place; keys as written, or assigned where the input has none."""
    from scholarcli.keys import assign_keys

    out: list[Located] = []
    for inp in inputs:
        papers = inp.papers
        if not inp.is_bibtex and any(not p.key for p in papers):
            papers = assign_keys(papers)
        out.extend(Located(p, inp.source, p.source_line, p.key) for p in papers)
    return out


def _paper_findings(inputs: Sequence[CheckInput], located: Sequence[Located]) -> list[Finding]:
    """The value rules for inputs that are not BibTeX (the BibTeX rules read those as written)."""
    from scholarcli.check.bibtex_rules import doi_findings, is_all_caps, make, url_findings

    bibtex = {inp.source for inp in inputs if inp.is_bibtex}
    findings: list[Finding] = []
    for loc in located:
        if loc.file in bibtex:
            continue

        def found(rule: str, message: str, hint: str, loc: Located = loc) -> Finding:
            return make(rule, loc.file, loc.line, loc.key, message, hint)

        paper = loc.paper
        if is_all_caps(paper.title):
            findings.append(
                found(
                    "all-caps-title",
                    "the title is written in capitals only",
                    "write it in title case",
                )
            )
        if paper.doi:
            findings.extend(doi_findings(paper.doi, found))
        if paper.url:
            findings.extend(url_findings(paper.url, found))
    return findings


_UTF8 = "save the file as UTF-8, or name its encoding with --encoding"
