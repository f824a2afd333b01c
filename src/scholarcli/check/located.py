"""A paper together with where it was read: the unit the cross-entry rules work on."""

from __future__ import annotations

from dataclasses import dataclass

from scholarcli.model import Paper


@dataclass(frozen=True, slots=True)
class Located:
    paper: Paper
    file: str
    line: int | None
    #: The key as the input gave it (BibTeX), or as assigned (a profile listing).
    key: str

    @property
    def where(self) -> str:
        return self.file if self.line is None else f"{self.file}:{self.line}"
