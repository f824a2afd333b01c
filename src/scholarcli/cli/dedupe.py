"""`scholar dedupe`: find the same work listed twice, explain why, merge it, fail CI on it."""

from __future__ import annotations

from collections.abc import Sequence
from enum import StrEnum
from typing import TYPE_CHECKING, Annotated, TextIO

import typer

from scholarcli.cli.common import emit, fail, load_papers, refuse_outputs_over_inputs, settings
from scholarcli.cli.options import EncodingOpt, FilesArg, ForceOpt, OutputOpt, StrictOpt
from scholarcli.errors import ExitCode, UsageError

if TYPE_CHECKING:
    from scholarcli.dedupe import DedupeResult
    from scholarcli.model import Paper


class DedupeFormat(StrEnum):
    TABLE = "table"
    JSON = "json"


def dedupe_papers(
    ctx: typer.Context,
    files: FilesArg = None,
    fmt: Annotated[
        DedupeFormat,
        typer.Option(
            "--format",
            "-f",
            help="table (rich on a terminal, tab-separated lines when piped) or json "
            '({"records": N, "clusters": [...], "versions": [...]}). Example: -f json',
        ),
    ] = DedupeFormat.TABLE,
    check: Annotated[
        bool,
        typer.Option(
            "--check",
            help="Exit 1 when any duplicates are found (related versions do not count), "
            "for CI. Example: scholar dedupe cv.bib --check",
        ),
    ] = False,
    threshold: Annotated[
        float | None,
        typer.Option(
            "--threshold",
            "-t",
            min=0.01,
            max=1.0,
            help="Least pair score (0-1) that counts as a match: title similarity x "
            "(0.75 + 0.25 x share of authors in common) x year factor (1 same year, 0.97 one "
            "apart). Default 0.88, chosen on labelled real data; lower finds more. "
            "Example: --threshold 0.93",
            metavar="T",
        ),
    ] = None,
    merge: Annotated[
        bool,
        typer.Option(
            "--merge",
            help="Merge each cluster into one record (the richest value of each field; extra "
            "field merged_from lists the merged keys). With FILES: write the whole collection "
            "to -o OUT, in the format of its suffix; inputs are never modified. With no FILES: "
            "merge in the library, in one transaction (--undo restores it). "
            "Example: scholar dedupe refs.bib --merge -o merged.bib",
        ),
    ] = False,
    undo: Annotated[
        bool,
        typer.Option(
            "--undo",
            help="Restore the records the last --merge in the library merged away. "
            "Example: scholar dedupe --undo",
        ),
    ] = False,
    output: OutputOpt = None,
    force: ForceOpt = False,
    strict: StrictOpt = False,
    encoding: EncodingOpt = None,
) -> None:
    """Find records that are the same work, explain why, and merge them.

    Titles are compared after folding case, accents, punctuation and database notes
    ("[Review]"); author names by family name and initials ("Lee, J. D." is "Jason D.
    Lee"; "et al." lists compare on the names they have); years may differ by one (a
    preprint, then its publication). A shared DOI or arXiv id is a match unless the titles
    clearly differ. Different pages, volume or issue under one title (errata, replies,
    part 2) are different works, and a conference paper and its journal version are
    reported apart as related versions, never merged and never failing --check.

    Examples:

      scholar dedupe refs.bib

      scholar dedupe cv.bib profile.txt --format json

      scholar dedupe cv.bib --check

      scholar dedupe refs.bib --threshold 0.9

      scholar dedupe refs.bib --merge -o merged.bib

      scholar dedupe --merge          (merge in the library; scholar dedupe --undo restores)
    """
    from scholarcli.dedupe import find_duplicates

    if undo:
        _undo_library_merge(ctx, files, merge)
        return
    in_library = merge and not files and output in (None, "-")
    if merge and output in (None, "-") and not in_library:
        raise UsageError(
            "--merge needs -o OUT (the merged collection is written there; inputs are "
            "never modified)",
            hint="scholar dedupe refs.bib --merge -o merged.bib",
        )
    refuse_outputs_over_inputs([output], files, force=force)
    writer_name = _merge_format(output) if merge and not in_library else None
    loaded = load_papers(ctx, files, strict=strict, encoding=encoding)
    papers = loaded.papers
    result = find_duplicates(papers, threshold=threshold)

    from scholarcli.cli.render import note

    dupes = sum(len(c.indices) for c in result.clusters)
    note(
        f"{len(result.clusters)} cluster(s) of duplicates ({dupes} records) and "
        f"{len(result.versions)} group(s) of related versions among {result.records} records"
    )
    if in_library:
        _merge_in_library(ctx, papers, result)
    elif writer_name is not None:
        _write_merged(papers, result, writer_name, output, files or (), force)
    else:

        def write(out: TextIO) -> None:
            if fmt is DedupeFormat.JSON:
                from scholarcli.writers.jsonio import dumps

                out.write(dumps(result.to_json(), indent=2) + "\n")
            else:
                from scholarcli.cli.render import print_dedupe

                rows = [("duplicate", c.score, c.indices, c.reasons) for c in result.clusters]
                rows += [("versions", c.score, c.indices, c.reasons) for c in result.versions]
                print_dedupe(papers, rows, out)

        emit(write, output, inputs=files or (), force=force)
    if check and result.clusters:
        raise fail(ExitCode.FINDINGS)


def _merge_format(output: str | None) -> str:
    """The writer for ``--merge -o OUT``, checked before any work is done."""
    from scholarcli.writers import SUFFIXES, format_for_path

    assert output is not None
    name = format_for_path(output)
    if name is None:
        raise UsageError(
            f"{output}: cannot tell the output format from the suffix",
            hint="name it " + ", ".join(sorted(SUFFIXES)),
        )
    return name


def _write_merged(
    papers: Sequence[Paper],
    result: DedupeResult,
    writer_name: str,
    output: str | None,
    inputs: Sequence[str],
    force: bool,
) -> None:
    from scholarcli.cli.render import note
    from scholarcli.dedupe import merge_all
    from scholarcli.writers import WriteOptions, get_writer

    merged = merge_all(papers, result)
    writer = get_writer(writer_name)
    emit(lambda out: writer(merged, out, WriteOptions()), output, inputs=inputs, force=force)
    note(f"wrote {len(merged)} records ({len(papers) - len(merged)} merged away) to {output}")


def _merge_in_library(ctx: typer.Context, papers: Sequence[Paper], result: DedupeResult) -> None:
    """Merge the clusters in the library in one transaction; the undo log keeps the rest."""
    from scholarcli.cli.render import note
    from scholarcli.dedupe import merge_into
    from scholarcli.library import open_library

    if not result.clusters:
        note("nothing to merge in the library")
        return
    with open_library(settings(ctx).library_path, create=False) as library:
        removed, added = merge_into(library, papers, result)
    note(
        f"merged {len(removed)} records into {len(added)} in the library; "
        "scholar dedupe --undo restores them"
    )


def _undo_library_merge(ctx: typer.Context, files: Sequence[str] | None, merge: bool) -> None:
    from scholarcli.cli.render import note
    from scholarcli.library import open_library

    if files or merge:
        raise UsageError(
            "--undo restores the last --merge in the library: give it no files and no --merge",
            hint="scholar dedupe --undo",
        )
    with open_library(settings(ctx).library_path, create=False) as library:
        what = library.undo_last()
    note(f"undone: {what}")
