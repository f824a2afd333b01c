"""URLs in free text: find them, trim the punctuation around them, tell code repositories."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

# \url{...} and \href{...}{...} first (their braces delimit the URL), then bare URLs.
_URL = re.compile(
    r"\\(?:url|href)\s*\{\s*(?P<braced>[^{}\s]+)\s*\}"
    r"|(?P<bare>\bhttps?://[^\s<>\"'{}\\]+)"
    r"|(?P<schemeless>\b(?:github\.com|gitlab\.com|bitbucket\.org|codeberg\.org)/[^\s<>\"'{}\\]+)",
    re.IGNORECASE,
)
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
    """Every URL in ``text``, in order, trimmed."""
    found = []
    for m in _URL.finditer(text):
        url = m.group("braced") or m.group("bare")
        if url is None:
            url = "https://" + m.group("schemeless")
        url = trim_url(url)
        if url:
            found.append(url)
    return found


def is_code_url(url: str) -> bool:
    """Does ``url`` point into a source code repository host?"""
    try:
        host = (urlsplit(url).hostname or "").lower()
    except ValueError:
        return False
    return any(host == h or host.endswith("." + h) for h in _CODE_HOSTS)


def find_code_url(text: str) -> str | None:
    """The first code repository URL in ``text``, if any."""
    if "://" not in text and "\\url" not in text and ".com/" not in text and ".org/" not in text:
        return None
    for url in find_urls(text):
        if is_code_url(url):
            return url
    return None
