"""The one place that knows LaTeX: decoding BibTeX values to Unicode (and, for writers, escaping).

Decoding is hand-written rather than pylatexenc (bibtexparser's ``LatexDecodingMiddleware``):
pylatexenc treats a bare ``%`` as a comment and drops the rest of the field ("5% on
ImageNet" becomes "5"), and it is several times slower than the parse itself. BibTeX
gives ``%`` no special meaning inside a field value, so neither do we.
"""

from __future__ import annotations

import re
import unicodedata
from enum import StrEnum
from functools import lru_cache

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
    "textbraceleft": "{",
    "textbraceright": "}",
    "textdollar": "$",
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
    # \( and \[ spans stop at the next opener: ".*?" let each of many unclosed "\(" scan
    # to the end of the text (quadratic).
    r"(?P<math>\$\$.*?\$\$|\$(?:[^$\\]|\\.)+\$"
    r"|\\\((?:(?!\\[()]).)*\\\)|\\\[(?:(?!\\[\[\]]).)*\\\])"
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
                # ``\ensuremath{\beta}`` is how a letter of math prints in text: the letter.
                out.append(_TEXT_MATH_LETTERS.get(raw.strip(), f"${raw}$"))
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
        if kind in ("word", "sym") and tok[1:] in _ACCENTS and len(tok) == 2:
            # A nested accent (``\^{\d{e}}``, Vietnamese): decode the inner one first.
            inner, i = _accent_argument(tokens, i + 1)
            return _accented(inner, tok[1:]), _skip_closers(tokens, i, depth)
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


# --------------------------------------------------------------------------------------
# Writing: Unicode text -> LaTeX source that prints exactly that text and does nothing else.
#
# The text of a Paper is text, not LaTeX: a backslash in a title is a backslash. The only
# markup that survives is a ``$...$`` math span whose every control sequence is on
# MATH_COMMANDS (side-effect free commands of the kernel, amsmath and amssymb); any other
# span, and every other character TeX or BibTeX would act on, is escaped so it prints as
# itself. Braces in the output balance in BibTeX's sense (which, unlike TeX, counts ``\{``),
# so a field can never end early or swallow the next one.


MATH_COMMANDS = frozenset(
    """
    alpha beta gamma delta epsilon varepsilon zeta eta theta vartheta iota kappa varkappa
    lambda mu nu xi omicron pi varpi rho varrho sigma varsigma tau upsilon phi varphi chi psi
    omega Gamma Delta Theta Lambda Xi Pi Sigma Upsilon Phi Psi Omega digamma
    sqrt frac dfrac tfrac binom dbinom tbinom widetilde widehat tilde hat bar overline
    underline vec dot ddot check breve acute grave mathring overrightarrow overleftarrow
    overbrace underbrace left right middle big Big bigg Bigg bigl bigr Bigl Bigr biggl biggr
    Biggl Biggr ell log ln lg exp sin cos tan cot sec csc arcsin arccos arctan sinh cosh tanh
    min max sup inf lim liminf limsup arg argmin argmax det dim ker hom Pr deg gcd mod bmod
    pmod operatorname mathcal mathbb mathrm mathbf mathit mathsf mathtt mathfrak mathscr
    boldsymbol bm text textrm textit textbf mbox
    le leq ge geq ne neq approx sim simeq equiv propto ll gg lesssim gtrsim subset subseteq
    supset supseteq in notin ni to gets rightarrow leftarrow Rightarrow Leftarrow
    leftrightarrow Leftrightarrow longrightarrow Longrightarrow mapsto implies iff mid nmid
    perp parallel cong prec succ preceq succeq asymp doteq vdash models
    times cdot pm mp div ast star circ bullet cap cup setminus wedge vee land lor lnot oplus
    ominus otimes odot nabla partial infty sum prod coprod int iint iiint oint bigcup bigcap
    bigoplus bigotimes bigvee bigwedge forall exists nexists neg emptyset varnothing
    langle rangle lfloor rfloor lceil rceil lvert rvert lVert rVert vert Vert lbrace rbrace
    backslash cdots ldots dots dotsc dotsb vdots ddots prime top bot dagger ddagger hbar
    imath jmath aleph beth Re Im wp triangle square Box diamond colon quad qquad limits
    nolimits displaystyle textstyle scriptstyle scriptscriptstyle
    """.split()
)
# Control symbols that are harmless in math: spacing and escaped specials.
_MATH_SYMBOLS = frozenset(",;:! {}|%#&_$")
# Characters allowed in a math span besides letters, digits and control sequences.
# Not ``%`` (a comment eats the closing ``$``), ``#``, ``&``, ``~`` or a ``^^`` pair
# (TeX reads ``^^5c`` as a backslash, a way to smuggle in any command).
_MATH_PLAIN = frozenset("+-*/=<>()[]|,.;:!?'^_{} ")
# Unicode letters and symbols in math become their commands: pdfLaTeX has no glyphs for
# them in math, and every engine knows the command.
_MATH_UNICODE: dict[str, str] = {
    "α": "alpha", "β": "beta", "γ": "gamma", "δ": "delta", "ε": "varepsilon", "ϵ": "epsilon",
    "ζ": "zeta", "η": "eta", "θ": "theta", "ϑ": "vartheta", "ι": "iota", "κ": "kappa",
    "λ": "lambda", "μ": "mu", "ν": "nu", "ξ": "xi", "π": "pi", "ρ": "rho", "σ": "sigma",
    "ς": "varsigma", "τ": "tau", "υ": "upsilon", "φ": "varphi", "ϕ": "phi", "χ": "chi",
    "ψ": "psi", "ω": "omega", "Γ": "Gamma", "Δ": "Delta", "Θ": "Theta", "Λ": "Lambda",
    "Ξ": "Xi", "Π": "Pi", "Σ": "Sigma", "Υ": "Upsilon", "Φ": "Phi", "Ψ": "Psi", "Ω": "Omega",
    "ℓ": "ell", "∞": "infty", "≤": "le", "≥": "ge", "≠": "ne", "≈": "approx", "∼": "sim",
    "≡": "equiv", "∝": "propto", "≪": "ll", "≫": "gg", "⊂": "subset", "⊆": "subseteq",
    "⊃": "supset", "⊇": "supseteq", "∈": "in", "∉": "notin", "→": "to", "←": "leftarrow",
    "⇒": "Rightarrow", "⇐": "Leftarrow", "↔": "leftrightarrow", "⇔": "Leftrightarrow",
    "↦": "mapsto", "×": "times", "·": "cdot", "⋅": "cdot", "±": "pm", "∓": "mp", "÷": "div",
    "∘": "circ", "∩": "cap", "∪": "cup", "∖": "setminus", "∧": "wedge", "∨": "vee",
    "⊕": "oplus", "⊗": "otimes", "∇": "nabla", "∂": "partial", "∑": "sum", "∏": "prod",
    "∫": "int", "∀": "forall", "∃": "exists", "¬": "neg", "∅": "emptyset", "⟨": "langle",
    "⟩": "rangle", "⌊": "lfloor", "⌋": "rfloor", "⌈": "lceil", "⌉": "rceil", "…": "ldots",
    "⋯": "cdots", "′": "prime", "⊤": "top", "⊥": "perp", "†": "dagger", "ℏ": "hbar",
    "ℵ": "aleph", "−": "-",
}  # fmt: skip
# A math span as pandoc finds one: the opening $ has a non-space on its right, the closing
# $ a non-space on its left and no digit after it ("costs $5 and $10" is not math).
_MATH_SPAN = re.compile(r"\$(?=[^\s$])((?:[^$\\]|\\.)*?[^\s\\])\$(?!\d)", re.DOTALL)
_MATH_TOKEN = re.compile(r"\\([A-Za-z]+|.?)|(\^\^)|(.)", re.DOTALL)
_ESCAPED_BRACE = re.compile(r"\\[{}]")

# TeX specials of plain text and what prints each as itself. ``<``, ``>`` and ``|`` are
# here because the default OT1 font prints them as other glyphs.
_TEXT_ESCAPES: dict[str, str] = {
    "\\": "\\textbackslash{}",
    "{": "\\{",
    "}": "\\}",
    "$": "\\$",
    "&": "\\&",
    "%": "\\%",
    "#": "\\#",
    "_": "\\_",
    "~": "\\textasciitilde{}",
    "^": "\\textasciicircum{}",
    "<": "\\textless{}",
    ">": "\\textgreater{}",
    "|": "\\textbar{}",
}
# C0 and C1 controls and DEL stop TeX or print as garbage: they become spaces. Bidi
# controls, zero-width spaces and joiners, and the line and paragraph separators have no
# definition in pdfLaTeX (a fatal error) and would reorder or hide text: they are dropped.
_TEXT_SPECIAL = re.compile(
    "[\\\\{}$&%#_~^<>|\x00-\x1f\x7f-\x9f\u061c\u200b\u200d-\u200f\u2028-\u202e\u2060\u2066-\u2069]"
)
# Anything but the printable ASCII that needs no escape: controls, non-ASCII, the specials.
# Written as a negated class because ``[...\x7f-\U0010ffff]`` costs about 10 ms to compile
# (at every start-up) and searches no faster.
_NEEDS_WORK = re.compile(r"[^ !\"'()*+,\-./0-9:;=?@A-Z\[\]`a-z]")
# Candidates for case protection: a capital after a letter or digit, or "Q-learning".
_CAPS_HINT = re.compile(r"[^\W_][A-Z]|(?<![\w-])[A-Z]-\w")
_WORD_SEPARATORS = re.compile(r"[-/–—]")


def protect_word(word: str) -> bool:
    """Does a title word need braces to keep its capitals (BERT, GPT-4V, LLaVA, Q-learning)?

    Only capitals that a style's sentence-casing would wrongly lower: one after another
    letter or a digit of the same word part. "Meta-Learning" and "Self-Supervised" are
    plain title case and stay unprotected.
    """
    parts = _WORD_SEPARATORS.split(word)
    for part in parts:
        prev_alnum = False
        for ch in part:
            if ch.isupper() and prev_alnum:
                return True
            prev_alnum = ch.isalnum()
    if len(parts) > 1:
        # A lone capital joined to a word ("Q-learning", "k-NN" aside) is a symbol.
        return any(len(p) == 1 and p.isupper() for p in parts)
    return False


# Anything but what a plain ASCII math span may hold: a control symbol off the list, or a
# character off _MATH_PLAIN (a backslash followed by a letter is checked separately).
_MATH_BAD = re.compile(
    r"\\(?![A-Za-z,;:! {}|%#&_$])"
    r"|(?<!\\)[^A-Za-z0-9 \t\n+\-*/=<>()\[\]|,.;:!?'^_{}\\]"
    r"|\^\^"
)
_MATH_COMMAND = re.compile(r"\\([A-Za-z]+)")


@lru_cache(maxsize=65536)
def _math_or_none(body: str) -> str | None:
    """The LaTeX of a math span's body, or None when it may not stay math (cached: the
    same short spans, ``$d$``, ``$O(\\sqrt{T})$``, recur across a bibliography)."""
    if body.isascii():
        # The common case, checked with two regex scans instead of a token loop.
        if _MATH_BAD.search(body):
            return None
        commands = _MATH_COMMAND.findall(body)
        if not MATH_COMMANDS.issuperset(commands):
            return None
        if commands.count("left") != commands.count("right"):
            return None
        if not _nested(body) or not _nested(_ESCAPED_BRACE.sub("", body)):
            return None
        return body.replace("\t", " ").replace("\n", " ")
    return _math_tokens(body)


def _math_tokens(body: str) -> str | None:
    out: list[str] = []
    depth = 0
    lefts = 0
    for m in _MATH_TOKEN.finditer(body):
        command, carets, char = m.group(1), m.group(2), m.group(3)
        if carets:
            return None
        if command is not None:
            if command.isalpha():
                if command not in MATH_COMMANDS:
                    return None
                lefts += (command == "left") - (command == "right")
            elif command not in _MATH_SYMBOLS or command == "":
                return None
            out.append(m.group())
            continue
        if char.isascii():
            if not (char.isalnum() or char in _MATH_PLAIN or char in "\t\n"):
                return None
            if char == "{":
                depth += 1
            elif char == "}":
                depth -= 1
                if depth < 0:
                    return None
            out.append(" " if char in "\t\n" else char)
            continue
        name = _MATH_UNICODE.get(char)
        if name is None:
            return None
        if not name.isalpha():
            out.append(name)
            continue
        # A space ends the command name; none is needed before a non-letter.
        out.append("\\" + name + " ")
    # BibTeX counts escaped braces too: they must nest as well.
    if depth != 0 or lefts != 0 or not _nested(body):
        return None
    return "".join(out).replace(" ^", "^").replace(" _", "_").rstrip()


def _escape_char(ch: str) -> str:
    if ch in _TEXT_ESCAPES:
        return _TEXT_ESCAPES[ch]
    if unicodedata.category(ch) == "Cf":
        return ""  # invisible formatting (bidi, zero width): nothing to print
    return " "  # a control character or a line separator: TeX would stop on it


@lru_cache(maxsize=4096)
def _ascii_char(ch: str) -> str:
    """The LaTeX escape of one non-ASCII character, or "" when there is none."""
    if ch in _SYMBOL_OF_CHAR:
        return _SYMBOL_OF_CHAR[ch]
    name = _MATH_UNICODE.get(ch)
    if name and name.isalpha():
        # A Greek letter or a symbol in text ("β-VAE"): pdfLaTeX has no text glyph for it.
        return "{\\ensuremath{\\" + name + "}}"
    decomposed = unicodedata.normalize("NFD", ch)
    base, marks = decomposed[0], decomposed[1:]
    if not marks or not base.isascii() or not all(m in _ACCENT_OF_MARK for m in marks):
        return ""
    # ``\"i``, not ``\"\i``: T1 fonts have the accented letter, and LaTeX picks the
    # dotless i itself where a font needs it.
    out = base
    for mark in marks:
        accent = _ACCENT_OF_MARK[mark]
        out = f"\\{accent}{{{out}}}" if len(marks) > 1 or accent.isalpha() else f"\\{accent}{out}"
    return "{" + out + "}"


def _escape_non_ascii(text: str, strict_ascii: bool) -> str:
    out: list[str] = []
    for ch in text:
        if ch.isascii():
            out.append(ch)
            continue
        escaped = _ascii_char(ch)
        if escaped:
            out.append(escaped)
        elif strict_ascii:
            # No escape exists: keep the letter without its marks, else a visible "?".
            plain = "".join(
                c for c in unicodedata.normalize("NFKD", ch) if c.isascii() and c.isprintable()
            )
            out.append(escape_text(plain, braces_balanced=True) if plain else "?")
        else:
            out.append(ch)
    return "".join(out)


class TexCharset(StrEnum):
    """What a TeX-facing writer does with non-ASCII letters."""

    #: Keep UTF-8, all of it (XeLaTeX, LuaLaTeX; ``--unicode``).
    UNICODE = "unicode"
    #: UTF-8 for the letters pdfLaTeX's UTF-8 support typesets (Latin, accents); Greek
    #: letters and math symbols in text as ``\ensuremath{\beta}`` (biblatex's default).
    UTF8 = "utf8"
    #: LaTeX escapes where one exists (``G{\\"u}rsoy``), UTF-8 for the rest (classic bibtex).
    ESCAPE = "escape"
    #: ASCII only: escapes, else the letter without accents, else "?".
    ASCII = "ascii"


def escape_text(
    text: str,
    *,
    charset: TexCharset = TexCharset.UNICODE,
    braces_balanced: bool | None = None,
) -> str:
    """Plain text -> LaTeX that prints it: TeX specials escaped, no command left active."""
    if text.isascii():
        if not _TEXT_SPECIAL.search(text):
            return text
    elif charset is TexCharset.UTF8:
        special = escape_text(text, braces_balanced=braces_balanced)
        if not _TEXT_MATH_CHAR.search(special):
            return special
        return _TEXT_MATH_CHAR.sub(lambda m: _ascii_char(m.group()), special)
    elif charset is not TexCharset.UNICODE:
        # Specials first (the escapes added for letters are LaTeX already), then letters.
        special = escape_text(text, braces_balanced=braces_balanced)
        return _escape_non_ascii(special, charset is TexCharset.ASCII)
    if braces_balanced is None:
        braces_balanced = _nested(text)
    out = _TEXT_SPECIAL.sub(lambda m: _escape_char(m.group()), text)
    if not braces_balanced and ("{" in text or "}" in text):
        out = out.replace("\\{", "\\textbraceleft{}").replace("\\}", "\\textbraceright{}")
    return out


def _nested(text: str) -> bool:
    """Do the braces of ``text`` nest properly (never closing more than opened)?"""
    if "{" not in text and "}" not in text:
        return True
    depth = 0
    for ch in text:
        if ch == "{":
            depth += 1
        elif ch == "}":
            depth -= 1
            if depth < 0:
                return False
    return depth == 0


def encode(
    text: str,
    *,
    charset: TexCharset = TexCharset.UNICODE,
    protect_case: bool = False,
    keep_math: bool = True,
) -> str:
    """Unicode text (with ``$...$`` math) -> LaTeX for a BibTeX field or a document.

    ``protect_case`` (for titles) braces words whose capitals must survive a style's
    sentence-casing, and math spans, which BibTeX would lower-case too. The result's braces
    balance, also in BibTeX's counting. For text without math,
    ``decode(encode(text)) == text`` up to white space.
    """
    first = _NEEDS_WORK.search(text)
    if first is None:
        # The common case, found in one scan: plain ASCII with nothing to escape.
        if not (protect_case and _CAPS_HINT.search(text)):
            return text
    elif "\n" in text or "\t" in text or "\r" in text:
        text = text.replace("\r\n", " ").replace("\n", " ").replace("\r", " ").replace("\t", " ")
    if keep_math and "$" in text:
        # Decide which spans stay math first: the literal braces of everything else must
        # nest across the whole value (BibTeX ends a field at its first unmatched brace).
        parts: list[tuple[str, bool]] = []
        start = 0
        for m in _MATH_SPAN.finditer(text):
            math = _math_or_none(m.group(1))
            if math is None:
                continue
            parts.append((text[start : m.start()], False))
            parts.append((math, True))
            start = m.end()
        parts.append((text[start:], False))
        balanced = _nested("".join(t for t, is_math in parts if not is_math))
        return "".join(
            ("{$" + t + "$}" if protect_case else "$" + t + "$")
            if is_math
            else _encode_segment(t, charset, protect_case, balanced)
            for t, is_math in parts
        )
    return _encode_segment(text, charset, protect_case, _nested(text))


def _encode_segment(text: str, charset: TexCharset, protect_case: bool, balanced: bool) -> str:
    if not text:
        return ""
    # The hint is ASCII-only; text with other capitals ("ΣΑ", "ÉCOLE") is checked word by word.
    if not protect_case or (text.isascii() and not _CAPS_HINT.search(text)):
        return escape_text(text, charset=charset, braces_balanced=balanced)
    out: list[str] = []
    for word in text.split(" "):
        escaped = escape_text(word, charset=charset, braces_balanced=balanced)
        out.append("{" + escaped + "}" if word and protect_word(word) else escaped)
    return " ".join(out)


def _reverse_symbols() -> dict[str, str]:
    preferred = {
        "©": "\\textcopyright",
        "§": "\\S",
        "¶": "\\P",
        "†": "\\dag",
        "‡": "\\ddag",
        "£": "\\pounds",
        "€": "\\texteuro",
        "…": "\\ldots",
    }
    out: dict[str, str] = {}
    for name, char in _SYMBOLS.items():
        if len(char) == 1 and not char.isascii() and char not in out:
            out[char] = "{" + preferred.get(char, "\\" + name) + "}"
    for char, command in preferred.items():
        out[char] = "{" + command + "}"
    return out


_SYMBOL_OF_CHAR: dict[str, str] = _reverse_symbols()
_ACCENT_OF_MARK: dict[str, str] = {mark: name for name, mark in _ACCENTS.items()}
# ``\ensuremath{\beta}`` -> "β": what the writer makes of a math letter in text, undone.
_TEXT_MATH_LETTERS: dict[str, str] = {
    "\\" + name: char for char, name in reversed(_MATH_UNICODE.items()) if name.isalpha()
}
# Letters and symbols that pdfLaTeX cannot typeset as UTF-8 text but can as math (Greek,
# relations; not the Latin-1 ones such as "×", which it has text glyphs for).
_TEXT_MATH_CHAR = re.compile(
    "[" + "".join(c for c, n in _MATH_UNICODE.items() if n.isalpha() and ord(c) >= 0x370) + "]"
)
