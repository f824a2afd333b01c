"""The one place that knows LaTeX: decoding BibTeX values to Unicode (and, for writers, escaping).

Decoding is hand-written rather than pylatexenc (bibtexparser's ``LatexDecodingMiddleware``):
pylatexenc treats a bare ``%`` as a comment and drops the rest of the field ("5% on
ImageNet" becomes "5"), and it is several times slower than the parse itself. BibTeX
gives ``%`` no special meaning inside a field value, so neither do we.
"""

from __future__ import annotations

import re
import unicodedata

# Accent commands and the combining character each one adds to its argument.
_ACCENTS: dict[str, str] = {
    '"': "\u0308",
    "'": "\u0301",
    "`": "\u0300",
    "^": "\u0302",
    "~": "\u0303",
    "=": "\u0304",
    ".": "\u0307",
    "u": "\u0306",
    "v": "\u030c",
    "H": "\u030b",
    "c": "\u0327",
    "k": "\u0328",
    "r": "\u030a",
    "d": "\u0323",
    "b": "\u0331",
    "t": "\u0361",
}

# Control words that stand for one character or a short text.
_SYMBOLS: dict[str, str] = {
    "i": "ı",
    "j": "ȷ",
    "o": "ø",
    "O": "Ø",
    "l": "ł",
    "L": "Ł",
    "ss": "ß",
    "SS": "SS",
    "ae": "æ",
    "AE": "Æ",
    "oe": "œ",
    "OE": "Œ",
    "aa": "å",
    "AA": "Å",
    "dh": "ð",
    "DH": "Ð",
    "th": "þ",
    "TH": "Þ",
    "ng": "ŋ",
    "NG": "Ŋ",
    "dj": "đ",
    "DJ": "Đ",
    "textbackslash": "\\",
    "textasciitilde": "~",
    "textasciicircum": "^",
    "textunderscore": "_",
    "textbar": "|",
    "textless": "<",
    "textgreater": ">",
    "textendash": "–",
    "textemdash": "—",
    "textquoteleft": "‘",
    "textquoteright": "’",
    "textquotedblleft": "“",
    "textquotedblright": "”",
    "textquotesingle": "'",
    "textquotedbl": '"',
    "textbullet": "•",
    "textperiodcentered": "·",
    "textdegree": "°",
    "textregistered": "®",
    "texttrademark": "™",
    "textcopyright": "©",
    "copyright": "©",
    "textsection": "§",
    "S": "§",
    "P": "¶",
    "dag": "†",
    "ddag": "‡",
    "pounds": "£",
    "euro": "€",
    "texteuro": "€",
    "ldots": "…",
    "dots": "…",
    "textellipsis": "…",
    "LaTeX": "LaTeX",
    "TeX": "TeX",
    "BibTeX": "BibTeX",
    "LaTeXe": "LaTeX2e",
    "guillemotleft": "«",
    "guillemotright": "»",
    "quad": " ",
    "qquad": " ",
    "space": " ",
    "par": " ",
    "newline": " ",
    "relax": "",
}

# Control symbols (a backslash and one non-letter).
_CONTROL_SYMBOLS: dict[str, str] = {
    "&": "&",
    "%": "%",
    "$": "$",
    "#": "#",
    "_": "_",
    "{": "{",
    "}": "}",
    " ": " ",
    "\n": " ",
    "\\": " ",
    "-": "",  # discretionary hyphen
    "/": "",  # italic correction
    ",": " ",
    ";": " ",
    ":": " ",
    "!": "",
    "@": "",
}

# Commands whose argument is shown as it is: the command itself only changes the font.
_TRANSPARENT = frozenset(
    {
        "emph",
        "textit",
        "textbf",
        "textsc",
        "texttt",
        "textrm",
        "textsf",
        "textup",
        "textsl",
        "textmd",
        "textnormal",
        "mbox",
        "hbox",
        "text",
        "NoCaseChange",
        "MakeUppercase",
        "uppercase",
        "lowercase",
        "MakeLowercase",
        "em",
        "it",
        "bf",
        "sc",
        "tt",
        "rm",
        "sf",
        "sl",
        "itshape",
        "bfseries",
        "scshape",
        "ttfamily",
        "rmfamily",
        "sffamily",
        "upshape",
        "normalfont",
        "selectlanguage",
        "protect",
    }
)

# Math spans are kept exactly as written; the rest is split into tokens.
_TOKEN = re.compile(
    r"(?P<math>\$\$.*?\$\$|\$(?:[^$\\]|\\.)+\$|\\\(.*?\\\)|\\\[.*?\\\])"
    r"|(?P<word>\\[A-Za-z]+)"
    r"|(?P<sym>\\[^A-Za-z]|\\$)"
    r"|(?P<open>\{)"
    r"|(?P<close>\})"
    r"|(?P<text>[^\\{}$]+|\$)",
    re.DOTALL,
)
_SPACES = re.compile(r"\s+")


def decode(value: str) -> str:
    """LaTeX source of a BibTeX value -> the Unicode text it typesets.

    Accents and named symbols become characters, grouping braces and font commands go,
    ``~`` is a space, runs of white space are one space; ``$...$`` math is kept as written,
    and a command we do not know is kept as written too (losing it would lose data).
    """
    if "\\" not in value and "$" not in value:
        if "{" in value or "}" in value or "~" in value:
            value = value.replace("{", "").replace("}", "").replace("~", " ")
        return _collapse_spaces(value)
    return _collapse_spaces(_decode_tokens(value))


def _collapse_spaces(text: str) -> str:
    # Most values have single spaces only; a regex sub over a long abstract that finds
    # nothing to change still costs a match per space, so test first.
    if "  " in text or "\n" in text or "\t" in text or "\r" in text:
        text = _SPACES.sub(" ", text)
    return text.strip()


def _decode_tokens(value: str) -> str:
    tokens = [(m.lastgroup or "text", m.group()) for m in _TOKEN.finditer(value)]
    out: list[str] = []
    i = 0
    n = len(tokens)
    while i < n:
        kind, tok = tokens[i]
        i += 1
        if kind == "text":
            out.append(tok.replace("~", " "))
        elif kind == "math":
            out.append(tok)
        elif kind in ("open", "close"):
            continue
        elif kind == "sym":
            name = tok[1:]
            if name in _ACCENTS:
                base, i = _accent_argument(tokens, i)
                out.append(_accented(base, name))
            else:
                out.append(_CONTROL_SYMBOLS.get(name, name) if name else "\\")
        else:  # a control word
            name = tok[1:]
            # TeX swallows the spaces after a control word.
            if i < n and tokens[i][0] == "text":
                rest = tokens[i][1].lstrip(" \t\n")
                if rest:
                    tokens[i] = ("text", rest)
                else:
                    i += 1
            if name in _ACCENTS and len(name) == 1:
                base, i = _accent_argument(tokens, i)
                out.append(_accented(base, name))
            elif name in _SYMBOLS:
                out.append(_SYMBOLS[name])
            elif name in _TRANSPARENT:
                continue
            elif name in ("url", "path", "nolinkurl"):
                raw, i = _group_raw(tokens, i)
                out.append(raw)
            elif name in ("noopsort", "SortNoop", "sortnoop"):
                _, i = _group_raw(tokens, i)  # a sort key for BibTeX, not text
            elif name == "href":
                _, i = _group_raw(tokens, i)  # the link target; the text follows
            elif name == "ensuremath":
                raw, i = _group_raw(tokens, i)
                out.append(f"${raw}$")
            else:
                raw, j = _group_raw(tokens, i)
                out.append(tok + ("{" + raw + "}" if j != i else " "))
                i = j
    return "".join(out)


def _accent_argument(tokens: list[tuple[str, str]], i: int) -> tuple[str, int]:
    """The character an accent applies to, and the index after it."""
    n = len(tokens)
    depth = 0
    while i < n:
        kind, tok = tokens[i]
        if kind == "open":
            depth += 1
            i += 1
            continue
        if kind == "close" and depth:
            depth -= 1
            i += 1
            continue
        if kind == "text":
            stripped = tok.lstrip() if depth else tok.lstrip(" ")
            if not stripped:
                i += 1
                continue
            base, rest = stripped[0], stripped[1:]
            if rest:
                tokens[i] = ("text", rest)
            else:
                i += 1
            return base, _skip_closers(tokens, i, depth)
        if kind == "word" and tok[1:] in ("i", "j"):
            return tok[1:], _skip_closers(tokens, i + 1, depth)
        if kind == "word" and tok[1:] in _SYMBOLS:
            return _SYMBOLS[tok[1:]], _skip_closers(tokens, i + 1, depth)
        break
    return "", _skip_closers(tokens, i, depth)


def _skip_closers(tokens: list[tuple[str, str]], i: int, depth: int) -> int:
    while depth and i < len(tokens) and tokens[i][0] == "close":
        depth -= 1
        i += 1
    return i


def _group_raw(tokens: list[tuple[str, str]], i: int) -> tuple[str, int]:
    """The raw text of the brace group starting at token ``i`` (if any), and the index after."""
    if i >= len(tokens) or tokens[i][0] != "open":
        return "", i
    depth = 0
    parts: list[str] = []
    while i < len(tokens):
        kind, tok = tokens[i]
        i += 1
        if kind == "open":
            depth += 1
            if depth == 1:
                continue
        elif kind == "close":
            depth -= 1
            if depth == 0:
                break
        parts.append(tok)
    return "".join(parts), i


def _accented(base: str, accent: str) -> str:
    if not base:  # an accent with nothing to sit on prints as itself
        return accent if len(accent) == 1 and not accent.isalpha() else ""
    if base == "ı":
        base = "i"
    elif base == "ȷ":
        base = "j"
    return unicodedata.normalize("NFC", base + _ACCENTS[accent])
