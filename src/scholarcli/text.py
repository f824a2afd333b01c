"""Text normalisation for matching: case, accents and punctuation folded, scripts kept."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

#: Latin letters that Unicode does not decompose into base + accent, folded by hand.
FOLD_LETTERS = str.maketrans(
    {
        "ø": "o",
        "Ø": "o",
        "ł": "l",
        "Ł": "l",
        "đ": "d",
        "Đ": "d",
        "ð": "d",
        "Ð": "d",
        "þ": "th",
        "Þ": "th",
        "æ": "ae",
        "Æ": "ae",
        "œ": "oe",
        "Œ": "oe",
        "ı": "i",
        "ȷ": "j",
        "ŋ": "n",
        "ß": "ss",
    }
)
# ...and the dashes and quotes that should match their ASCII forms.
_FOLD_EXTRA = {
    **FOLD_LETTERS,
    **str.maketrans({"‐": "-", "‑": "-", "–": "-", "—": "-", "’": "'", "‘": "'"}),
}
_WORD = re.compile(r"\w+")
_NON_WORD = re.compile(r"[\W_]+")


def fold(text: str) -> str:
    """Case- and accent-insensitive form of ``text`` (``"Gürsoy"`` -> ``"gursoy"``).

    NFKD then NFC: combining accents are dropped, but scripts whose letters decompose
    (Hangul into jamo) are put back together, so non-Latin text keeps its letters.
    """
    if text.isascii():
        return text.lower()
    text = text.translate(_FOLD_EXTRA)
    decomposed = unicodedata.normalize("NFKD", text)
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return unicodedata.normalize("NFC", stripped).casefold()


def words(text: str) -> list[str]:
    """The folded words of ``text``; punctuation and hyphens separate words."""
    return _WORD.findall(fold(text).replace("_", " "))


def squash(text: str) -> str:
    """Folded text with every run of punctuation and space made one space."""
    if text.isascii():
        # The same, at C speed: in ASCII, [\W_] is every character but letters and digits.
        return " ".join(text.lower().translate(_ASCII_NON_WORD).split())
    return _NON_WORD.sub(" ", fold(text)).strip()


_ASCII_NON_WORD = str.maketrans(
    {chr(c): " " for c in range(128) if not (chr(c).isascii() and chr(c).isalnum())}
)


@lru_cache(maxsize=65536)
def ascii_slug(text: str) -> str:
    """Lower-case ASCII letters and digits of ``text`` only (for citation keys)."""
    return "".join(ch for ch in fold(text) if ch.isascii() and ch.isalnum())
