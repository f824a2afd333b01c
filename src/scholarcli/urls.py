"""URLs in free text: find them, trim the punctuation around them, tell code repositories."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

# \url{...} and \href{...}{...} (their braces delimit the URL), bare URLs, and repository
# links written without a scheme. Three patterns, each run only when its literal is in the
# text: one alternation would be tried at every position of every abstract.
_BRACED = re.compile(r"\\(?:url|href)\s*\{\s*([^{}\s]+)\s*\}")
_BARE = re.compile(r"\b[Hh][Tt][Tt][Pp][Ss]?://[^\s<>\"'{}\\]+")
_SCHEMELESS = re.compile(
    r"(?<![/\w.])(?:github\.com|gitlab\.com|bitbucket\.org|codeberg\.org)/[^\s<>\"'{}\\]+",
    re.IGNORECASE,
)
_SCHEMELESS_HOSTS = ("github.com/", "gitlab.com/", "bitbucket.org/", "codeberg.org/")
_TRAILING = ".,;:!?'\"*"
# Hosts whose URLs point at source code (not at a paper or a project page).
_CODE_HOSTS = (
    "github.com",
    "gitlab.com",
    "bitbucket.org",
    "codeberg.org",
    "sourceforge.net",
    "git.sr.ht",
    "anonymous.4open.science",
    "gitee.com",
)


def trim_url(url: str) -> str:
    """Drop punctuation that ends the sentence rather than the URL ("...repo)." -> "...repo")."""
    while url:
        last = url[-1]
        if last in _TRAILING or (
            last in ")]" and url.count(last) > url.count("(" if last == ")" else "[")
        ):
            url = url[:-1]
        else:
            break
    return url


def find_urls(text: str) -> list[str]:
    """Every URL in ``text``, in order of appearance, trimmed."""
    found: list[tuple[int, str]] = []
    braced: set[int] = set()  # where the URL inside a \url{...} starts: not found twice
    if "\\url" in text or "\\href" in text:
        for m in _BRACED.finditer(text):
            found.append((m.start(1), m.group(1)))
            braced.add(m.start(1))
    if "://" in text:
        found += [(m.start(), m.group()) for m in _BARE.finditer(text) if m.start() not in braced]
    lowered = text.lower()
    if any(host in lowered for host in _SCHEMELESS_HOSTS):
        found += [
            (m.start(), "https://" + m.group())
            for m in _SCHEMELESS.finditer(text)
            if m.start() not in braced
        ]
    if not found:
        return []
    urls = (trim_url(url) for _, url in sorted(found))
    return [url for url in urls if url]


def is_code_url(url: str) -> bool:
    """Does ``url`` point into a source code repository host?"""
    lowered = url.lower()
    if not any(h in lowered for h in _CODE_HOSTS):
        # Every URL of a BibTeX file passes here: most name no code host at all, and
        # this test is what splitting them would conclude, for a tenth of the time.
        return False
    try:
        host = (urlsplit(url).hostname or "").lower()
    except ValueError:
        return False
    return any(host == h or host.endswith("." + h) for h in _CODE_HOSTS)


def find_code_url(text: str) -> str | None:
    """The first code repository URL in ``text``, if any."""
    for url in find_urls(text):
        if is_code_url(url):
            return url
    return None
