"""The lint rules of ``scholar check``: ids, default severities, and what each finding holds."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Severity(StrEnum):
    """How bad a finding is; ``--fail-on`` picks the lowest one that fails the run."""

    ERROR = "error"
    WARNING = "warning"

    @property
    def rank(self) -> int:
        return 2 if self is Severity.ERROR else 1


class Applies(StrEnum):
    """Which inputs a rule looks at: rules that need BibTeX as written skip the other formats."""

    BIBTEX = "bibtex"
    ALL = "all"
    AGAINST = "against"  # only with --against


@dataclass(frozen=True, slots=True)
class Rule:
    id: str
    severity: Severity
    applies: Applies
    summary: str


@dataclass(frozen=True, slots=True)
class Finding:
    """One thing wrong with a bibliography, located at the entry it is about."""

    file: str
    #: 1-based line of the entry (of the profile paper, for ``missing-from-cv``).
    line: int | None
    rule: str
    severity: Severity
    #: Citation key of the entry, when it has one.
    key: str | None
    message: str
    #: How to fix it.
    hint: str

    def to_dict(self) -> dict[str, object]:
        return {
            "rule": self.rule,
            "severity": self.severity.value,
            "file": self.file,
            "line": self.line,
            "key": self.key,
            "message": self.message,
            "hint": self.hint,
        }


E, W = Severity.ERROR, Severity.WARNING
B, A = Applies.BIBTEX, Applies.ALL

# The table docs/rules.md documents, in the order it does (tests keep the two in step).
RULES: dict[str, Rule] = {
    r.id: r
    for r in (
        Rule("syntax-error", E, B, "an entry BibTeX tools cannot parse"),
        Rule("unbalanced-braces", E, B, "an entry or field whose braces do not pair up"),
        Rule("duplicate-key", E, A, "two entries with one citation key (case ignored)"),
        Rule("duplicate-work", E, A, "two entries for one work (the dedupe engine)"),
        Rule("duplicate-field", W, B, "a field given twice in one entry"),
        Rule("unknown-type", W, B, "an entry type neither BibTeX nor BibLaTeX knows"),
        Rule("missing-field", E, B, "a field the entry type requires is missing"),
        Rule("empty-field", W, B, "a field with an empty value"),
        Rule("undefined-string", W, B, "a value uses an @string macro never defined"),
        Rule("missing-crossref", W, B, "crossref or xdata names an entry not in the input"),
        Rule("bad-year", E, B, "year (or date) is not a year"),
        Rule("bad-month", W, B, "month is not a month"),
        Rule("bad-doi", E, A, "doi is not a bare DOI (10.NNNN/...)"),
        Rule("bad-url", E, A, "url is not an http(s) or ftp address"),
        Rule("bad-pages", W, B, "pages is not a page or page range"),
        Rule("tex-special", E, B, "& % or # unescaped in a title"),
        Rule("all-caps-title", W, A, "a title written in capitals only"),
        Rule("unprotected-capitals", W, B, "capitals a style will lower-case (BERT, ImageNet)"),
        Rule("name-conflict", W, A, "one person's name written in conflicting ways"),
        Rule("encoding", W, A, "an input that is not valid UTF-8"),
        Rule("input-problem", W, A, "a problem the reader of a non-BibTeX input found"),
        Rule("missing-from-cv", E, Applies.AGAINST, "a paper of --against missing from the CV"),
        Rule("not-in-profile", W, Applies.AGAINST, "a CV entry that --against does not list"),
    )
}
