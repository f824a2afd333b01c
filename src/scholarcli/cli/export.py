"""`scholar export`: papers as BibTeX, BibLaTeX, CSL-JSON, RIS, Markdown, HTML, CSV, JSON, keys."""

from __future__ import annotations

import sys
from enum import StrEnum
from typing import Annotated, TextIO

import typer

from scholarcli.cli.common import emit, load_papers, read_files, refuse_outputs_over_inputs
from scholarcli.cli.options import EncodingOpt, FilesArg, ForceOpt, OutputOpt, StrictOpt
from scholarcli.errors import ExitCode, UsageError


class ExportFormat(StrEnum):
    BIBTEX = "bibtex"
    BIBLATEX = "biblatex"
    CSLJSON = "csl-json"
    RIS = "ris"
    MARKDOWN = "markdown"
    HTML = "html"
    CSV = "csv"
    JSON = "json"
    JSONL = "jsonl"
    KEYS = "keys"


def export_papers(
    ctx: typer.Context,
    files: FilesArg = None,
    fmt: Annotated[
        ExportFormat | None,
        typer.Option(
            "--format",
            "-f",
            help="Output format (default: from the -o suffix: .bib bibtex, .ris, .md, .html, "
            ".csl.json csl-json, .json, .jsonl, .csv; else bibtex). Example: -f biblatex",
            show_default=False,
        ),
    ] = None,
    output: OutputOpt = None,
    keys_from: Annotated[
        str | None,
        typer.Option(
            "--keys-from",
            help="Keep the citation keys this existing .bib uses for the same papers (same "
            "title, year within one, same first author), so \\cite commands keep working. "
            "Example: --keys-from cv.bib",
            metavar="OLD.bib",
        ),
    ] = None,
    highlight: Annotated[
        str | None,
        typer.Option(
            "--highlight",
            help="Show this author in bold in markdown and html lists (case, accents and "
            'initials ignored). Example: --highlight "Qi Lei"',
            metavar="NAME",
        ),
    ] = None,
    unicode: Annotated[
        bool | None,
        typer.Option(
            "--unicode/--ascii",
            help="Non-ASCII in bibtex/biblatex: all UTF-8 (--unicode, for XeLaTeX/LuaLaTeX), "
            'or LaTeX escapes and ASCII only (--ascii, G{\\"u}rsoy). Default: escapes for '
            "bibtex; UTF-8 for biblatex, with Greek and math symbols as \\ensuremath{...} "
            "so pdfLaTeX can typeset them. Example: -f bibtex --unicode",
            show_default=False,
        ),
    ] = None,
    check: Annotated[
        bool,
        typer.Option(
            "--check",
            help="With -o: write nothing; exit 0 if FILE already holds this export, else "
            "print a unified diff on stderr and exit 1. Example: --check -o refs.bib",
        ),
    ] = False,
    force: ForceOpt = False,
    strict: StrictOpt = False,
    encoding: EncodingOpt = None,
) -> None:
    """Export papers for LaTeX, pandoc, reference managers and web pages.

    Text from the papers never acts as code: TeX specials are escaped, only math made of
    known-safe commands stays math, capitals (BERT, GPT-4V) are protected, HTML and
    Markdown are escaped, CSV cells cannot start a formula.

    Examples:

      scholar export examples/profile.txt -o refs.bib

      scholar export examples/profile.txt -f biblatex -o refs.bib

      scholar export examples/profile.txt -f csl-json -o refs.csl.json

      scholar export profile.txt -o cv.bib --keys-from cv.bib

      scholar export profile.txt -f markdown --highlight "Qi Lei" -o papers.md

      scholar export profile.txt --check -o refs.bib
    """
    from scholarcli.export import choose_format, diff_against, export
    from scholarcli.writers import TexEncoding, WriteOptions

    if check and (output is None or output == "-"):
        raise UsageError("--check needs -o FILE: the file to compare with")
    name = choose_format(fmt.value if fmt else None, output)
    if not check:
        refuse_outputs_over_inputs([output], files, force=force)
    papers = load_papers(ctx, files, strict=strict, encoding=encoding).papers
    old = None
    if keys_from:
        old = [p for r in read_files(ctx, [keys_from], encoding=encoding) for p in r.papers]
    tex = {None: TexEncoding.AUTO, True: TexEncoding.UNICODE, False: TexEncoding.ASCII}[unicode]
    result = export(papers, name, WriteOptions(highlight=highlight, tex_encoding=tex), old=old)
    if keys_from:
        sys.stderr.write(f"kept {result.kept_keys} of {len(papers)} keys from {keys_from}\n")
    if check:
        assert output is not None
        diff = diff_against(output, result.text)
        if diff is None:
            sys.stderr.write(f"{output} is up to date\n")
            return
        from scholarcli.cli.render import visible

        sys.stderr.writelines(visible(line, one_line=False) for line in diff.splitlines(True))
        sys.stderr.write(f"scholar: {output} differs from the export; rerun without --check\n")
        raise typer.Exit(int(ExitCode.FINDINGS))

    def write(out: TextIO) -> None:
        out.write(result.text)

    emit(write, output, inputs=files or (), force=force)
