"""Rules that need the dedupe engine: duplicate works, and a CV held against a profile."""

from __future__ import annotations

from collections.abc import Collection, Iterator, Sequence

from scholarcli.check.located import Located
from scholarcli.check.rules import RULES, Finding


def duplicate_work_findings(
    located: Sequence[Located],
    *,
    accepted: Collection[frozenset[str]] = (),
    threshold: float | None = None,
) -> Iterator[Finding]:
    """Each entry that is the same work as an earlier one, unless the pair was accepted."""
    if len(located) < 2:
        return
    from scholarcli.dedupe import find_duplicates  # rapidfuzz and numpy: only when needed

    result = find_duplicates([loc.paper for loc in located], threshold=threshold)
    rule = RULES["duplicate-work"]
    for cluster in result.clusters:
        members = sorted(cluster.indices)
        reasons = "; ".join(str(r) for r in cluster.reasons)
        for pos, i in enumerate(members):
            loc = located[i]
            twin = next(
                (
                    located[j]
                    for j in members[:pos]
                    if frozenset((loc.key.lower(), located[j].key.lower())) not in accepted
                ),
                None,
            )
            if twin is None:
                continue
            yield Finding(
                loc.file,
                loc.line,
                rule.id,
                rule.severity,
                loc.key,
                f"{loc.key} is the same work as {twin.key} ({twin.where}); "
                f"score {float(cluster.score):.2f}" + (f": {reasons}" if reasons else ""),
                "keep one of the two (scholar dedupe shows the group); if they are "
                f'different works, add ["{twin.key}", "{loc.key}"] to not-duplicates '
                "in the configuration",
            )


def against_findings(
    cv: Sequence[Located],
    profile: Sequence[Located],
    *,
    threshold: float | None = None,
) -> Iterator[Finding]:
    """Profile papers the CV lacks (errors), and CV entries the profile lacks (warnings)."""
    from scholarcli.dedupe import match_across

    matches = match_across([p.paper for p in profile], [c.paper for c in cv], threshold=threshold)
    in_cv = {int(i) for i, _, _ in matches}
    known = {int(j) for _, j, _ in matches}
    missing = RULES["missing-from-cv"]
    for i, loc in enumerate(profile):
        if i not in in_cv:
            yield Finding(
                loc.file,
                loc.line,
                missing.id,
                missing.severity,
                loc.key,
                f"{_cite(loc)} is listed here but missing from the CV",
                f"add it to the CV (scholar export {loc.file} -f bibtex writes its entry "
                f"as {loc.key})",
            )
    unknown = RULES["not-in-profile"]
    for j, loc in enumerate(cv):
        # An untitled entry cannot be matched; missing-field already reports it.
        if j not in known and loc.paper.title.strip():
            yield Finding(
                loc.file,
                loc.line,
                unknown.id,
                unknown.severity,
                loc.key,
                f"{_cite(loc)} is not among the papers of the profile",
                "check the title against the profile; if the work is not on the profile, "
                "ignore this rule for it",
            )


def _cite(loc: Located) -> str:
    title = loc.paper.title.strip() or "(untitled)"
    if len(title) > 80:
        title = title[:77] + "..."
    year = f" ({loc.paper.year})" if loc.paper.year else ""
    return f"{title!r}{year}"
