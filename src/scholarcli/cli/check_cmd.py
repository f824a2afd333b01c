"""`scholar check`: lint bibliographies for CI (exit 1 on findings at --fail-on or above)."""

from __future__ import annotations

from typing import Annotated, TextIO

import typer

from scholarcli.check.report import CheckFormat
from scholarcli.cli.common import emit, fail, refuse_outputs_over_inputs, settings
from scholarcli.cli.options import EncodingOpt, ForceOpt, OutputOpt
from scholarcli.errors import ExitCode


def check_bibliography(
    ctx: typer.Context,
    files: Annotated[
        list[str] | None,
        typer.Argument(
            help="Bibliographies to check together (.bib; profile listings and JSON get the "
            "rules that apply to them); '-' reads stdin. Example: scholar check cv.bib talks.bib",
            show_default=False,
            metavar="FILES...",
        ),
    ] = None,
    against: Annotated[
        str | None,
        typer.Option(
            "--against",
            help="Compare with this profile listing or bibliography: its papers missing from "
            "FILES are errors, entries it lacks are warnings. "
            "Example: --against examples/profile.txt",
            metavar="PROFILE_OR_BIB",
        ),
    ] = None,
    fmt: Annotated[
        CheckFormat,
        typer.Option(
            "--format",
            "-f",
            help="text (FILE:LINE: severity: message \\[rule]), json (a list of findings), "
            "github (workflow annotations), sarif (2.1.0, for code scanning). Example: -f github",
        ),
    ] = CheckFormat.TEXT,
    fail_on: Annotated[
        str | None,
        typer.Option(
            "--fail-on",
            help="Exit 1 when a finding is this bad or worse: error (the default), warning, "
            "or never. Example: --fail-on warning",
            metavar="error|warning|never",
            show_default=False,
        ),
    ] = None,
    ignore: Annotated[
        list[str] | None,
        typer.Option(
            "--ignore",
            help="Turn a rule off; repeat or comma-separate for several. "
            "Example: --ignore unprotected-capitals,name-conflict",
            metavar="RULE",
        ),
    ] = None,
    config: Annotated[
        str | None,
        typer.Option(
            "--config",
            help="Read settings from this file instead of the .scholar.toml or pyproject.toml "
            "found beside the first input. Example: --config ci/scholar.toml",
            metavar="FILE",
        ),
    ] = None,
    output: OutputOpt = None,
    force: ForceOpt = False,
    encoding: EncodingOpt = None,
) -> None:
    """Check bibliographies for what breaks or rots a CV: duplicate keys and works,
    missing and malformed fields, TeX that will not typeset, names written two ways,
    and (with --against) papers the CV forgot. Rules: docs/rules.md.

    Exit status: 0 clean, 1 a finding at --fail-on or above, 2 unreadable input.

    Examples:

      scholar check cv.bib

      scholar check cv.bib --against profile.txt --format github

      scholar check cv.bib --ignore unprotected-capitals --fail-on warning

      scholar check cv.bib -f sarif -o check.sarif
    """
    from scholarcli.check import check_files
    from scholarcli.check.report import WRITERS
    from scholarcli.cli.render import note

    inputs = [*(files or []), *(p for p in (against, config) if p)]
    refuse_outputs_over_inputs([output], inputs, force=force)
    report = check_files(
        files or [],
        as_of=settings(ctx).as_of,
        against=against,
        ignore=ignore or (),
        fail_on=fail_on,
        config_path=config,
        encoding=encoding,
    )

    def write(out: TextIO) -> None:
        WRITERS[fmt](report.findings, out)

    emit(write, output, inputs=inputs, force=force)
    for line in report.notes:
        note(f"scholar check: {line}")
    note(f"scholar check: {report.summary}")
    if report.failed:
        raise fail(ExitCode.FINDINGS)
