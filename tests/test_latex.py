"""latex.py: the writing side (encode) against the reading side (decode), and its safety rules."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from scholarcli.latex import MATH_COMMANDS, TexCharset, decode, encode, protect_word

# Every control word encode may emit outside math: the escapes of specials and letters.
_TEXT_COMMANDS = frozenset(
    {
        "textbackslash",
        "textasciitilde",
        "textasciicircum",
        "textless",
        "textgreater",
        "textbar",
        "textbraceleft",
        "textbraceright",
        "i",
        "j",
        "o",
        "O",
        "l",
        "L",
        "ss",
        "ae",
        "AE",
        "oe",
        "OE",
        "aa",
        "AA",
        "dh",
        "DH",
        "th",
        "TH",
        "ng",
        "NG",
        "dj",
        "DJ",
        "c",
        "k",
        "u",
        "v",
        "H",
        "r",
        "d",
        "b",
        "t",
    }
)
_MATH = re.compile(r"\$(?:[^$\\]|\\.)+\$")
_CONTROL_WORD = re.compile(r"\\([A-Za-z]+)")


def _bibtex_nesting_ok(value: str) -> bool:
    """BibTeX counts every brace, escaped or not: they must never close more than opened."""
    depth = 0
    for ch in value:
        depth += (ch == "{") - (ch == "}")
        if depth < 0:
            return False
    return depth == 0


def _commands_outside_math(value: str) -> set[str]:
    return set(_CONTROL_WORD.findall(_MATH.sub("", value)))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("5% on ImageNet", "5\\% on {ImageNet}"),
        ("A & B # C _ D", "A \\& B \\# C \\_ D"),
        ("{x}", "\\{x\\}"),
        ("~^", "\\textasciitilde{}\\textasciicircum{}"),
        ("a\\b", "a\\textbackslash{}b"),
        ("<a|b>", "\\textless{}a\\textbar{}b\\textgreater{}"),
        ("plain words", "plain words"),
    ],
)
def test_encode_escapes_tex_specials(text: str, expected: str) -> None:
    assert encode(text, protect_case=True) == expected
    assert decode(expected) == text


@pytest.mark.parametrize(
    "primitive",
    [
        "\\input{/etc/passwd}",
        "\\include{x}",
        "\\write18{rm -rf ~}",
        "\\openout1=x",
        "\\def\\x{y}",
        "\\catcode`\\@=11",
        "\\csname relax\\endcsname",
        "\\immediate\\write18{x}",
    ],
)
def test_no_primitive_reaches_the_output(primitive: str) -> None:
    out = encode(f"Title {primitive} end", protect_case=True)
    assert _commands_outside_math(out) <= _TEXT_COMMANDS
    assert decode(out) == f"Title {primitive} end"


def test_math_with_allowed_commands_stays_math() -> None:
    text = "Bounds $\\widetilde{O}\\left(d\\sqrt{kMT}\\right)$ and $\\mathcal{S}$"
    assert encode(text) == text
    assert encode(text, protect_case=True) == (
        "Bounds {$\\widetilde{O}\\left(d\\sqrt{kMT}\\right)$} and {$\\mathcal{S}$}"
    )


@pytest.mark.parametrize(
    "math",
    [
        "$\\input{x}$",
        "$\\def\\a{b}$",
        "$^^5cinput{x}$",  # TeX reads ^^5c as a backslash
        "$a % comment$",
        "$\\left( x$",  # unbalanced \left would stop the build
        "$x}{$",
        "$\\{ x$",  # BibTeX would count the escaped brace
        "$中$",
    ],
)
def test_unsafe_math_is_escaped_as_text(math: str) -> None:
    out = encode(f"see {math} here")
    assert "\\$" in out
    assert _commands_outside_math(out) <= _TEXT_COMMANDS
    assert _bibtex_nesting_ok(out)
    assert decode(out) == f"see {math} here"


def test_dollar_amounts_are_not_math() -> None:
    assert encode("costs $5 and $10") == "costs \\$5 and \\$10"


def test_unicode_greek_in_math_becomes_commands() -> None:
    assert encode("$(η_u - η_\\ell)^2$") == "$(\\eta_u - \\eta_\\ell)^2$"
    assert encode("$μ$P") == "$\\mu$P"


@pytest.mark.parametrize(
    ("word", "protect"),
    [
        ("BERT", True),
        ("GPT-4V", True),
        ("LLaVA", True),
        ("CamelCase", True),
        ("LLMs", True),
        ("Q-learning", True),
        ("Meta-Learning", False),
        ("Self-Supervised", False),
        ("Title", False),
        ("A", False),
        ("lower", False),
    ],
)
def test_protect_word(word: str, protect: bool) -> None:
    assert protect_word(word) is protect


def test_case_protection_wraps_words_and_math() -> None:
    out = encode("BERT and GPT-4V meet LLaVA on $\\mathcal{O}(n)$", protect_case=True)
    assert out == "{BERT} and {GPT-4V} meet {LLaVA} on {$\\mathcal{O}(n)$}"


@pytest.mark.parametrize(
    ("charset", "expected"),
    [
        (TexCharset.UNICODE, "Gamze Gürsoy"),
        (TexCharset.UTF8, "Gamze Gürsoy"),
        (TexCharset.ESCAPE, 'Gamze G{\\"u}rsoy'),
        (TexCharset.ASCII, 'Gamze G{\\"u}rsoy'),
    ],
)
def test_non_ascii_by_charset(charset: TexCharset, expected: str) -> None:
    assert encode("Gamze Gürsoy", charset=charset) == expected
    assert decode(expected) == "Gamze Gürsoy"


def test_escapes_for_special_letters_and_nested_accents() -> None:
    text = "Søren Kierkegaard, Paul Erdős, Łukasz, façade, naïve, Nguyễn, Straße"
    out = encode(text, charset=TexCharset.ESCAPE)
    assert out.isascii()
    assert "{\\o}" in out and "{\\H{o}}" in out and "{\\c{c}}" in out and "{\\ss}" in out
    assert decode(out) == text


def test_greek_in_text_becomes_math_except_in_unicode() -> None:
    assert encode("β-VAE", charset=TexCharset.UNICODE) == "β-VAE"
    for charset in (TexCharset.UTF8, TexCharset.ESCAPE, TexCharset.ASCII):
        out = encode("β-VAE ≤ Gürsoy", charset=charset)
        assert out.startswith("{\\ensuremath{\\beta}}-VAE {\\ensuremath{\\le}} G")
        assert decode(out) == "β-VAE ≤ Gürsoy"
    assert encode("× Gürsoy", charset=TexCharset.UTF8) == "× Gürsoy"


def test_ascii_has_no_non_ascii_left() -> None:
    out = encode("中文 Title", charset=TexCharset.ASCII)
    assert out.isascii()
    assert encode("中文 Title", charset=TexCharset.ESCAPE) == "中文 Title"


def test_unbalanced_braces_use_brace_commands() -> None:
    out = encode("Unbalanced } Braces {")
    assert _bibtex_nesting_ok(out)
    assert "\\textbraceright{}" in out
    assert decode(out) == "Unbalanced } Braces {"


def test_output_is_one_line_so_no_entry_can_start_inside() -> None:
    # bibtexparser's splitter (like BibTeX tools generally) starts an entry at "@name(" on
    # a line of its own; the output never has a line break.
    out = encode("Title\n@misc(evil, x)")
    assert out == "Title @misc(evil, x)"


def test_control_characters_and_line_breaks() -> None:
    out = encode("a\x1b[31mred\nline\tx")
    assert "\x1b" not in out and "\n" not in out
    assert decode(out) == "a [31mred line x"


# Text as a reader would hold it: words separated by single spaces, no math.
_CHARS = st.characters(blacklist_categories=("Cs", "Cc", "Zs", "Zl", "Zp", "Mn", "Me", "Cf"))
_WORD = st.text(_CHARS, min_size=1, max_size=12).filter(lambda w: "$" not in w)
_TEXT = st.lists(_WORD, min_size=1, max_size=8).map(" ".join)


@settings(max_examples=400, deadline=None)
@given(_TEXT, st.sampled_from(list(TexCharset)), st.booleans())
def test_decode_inverts_encode_for_text_without_math(
    text: str, charset: TexCharset, protect: bool
) -> None:
    import unicodedata

    text = unicodedata.normalize("NFC", text)
    out = encode(text, charset=charset, protect_case=protect)
    assert _bibtex_nesting_ok(out)
    assert _commands_outside_math(out) <= _TEXT_COMMANDS | _commands_in(text, charset)
    if charset is TexCharset.ASCII:
        assert out.isascii()
    else:
        assert decode(out) == text


def _commands_in(text: str, charset: TexCharset) -> set[str]:
    # Letter escapes come from _SYMBOLS (textendash, ldots, ...) and, for Greek letters and
    # math symbols, \ensuremath{\beta}; only for non-ASCII input.
    if charset is TexCharset.UNICODE or text.isascii():
        return set()
    return set(MATH_COMMANDS) | {
        "ensuremath",
        "textendash",
        "textemdash",
        "textquoteleft",
        "textquoteright",
        "textquotedblleft",
        "textquotedblright",
        "textbullet",
        "textperiodcentered",
        "textdegree",
        "textregistered",
        "texttrademark",
        "textcopyright",
        "S",
        "P",
        "dag",
        "ddag",
        "pounds",
        "texteuro",
        "ldots",
        "guillemotleft",
        "guillemotright",
    }


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=60), st.booleans())
def test_any_text_gives_balanced_safe_output(text: str, protect: bool) -> None:
    out = encode(text, protect_case=protect)
    assert _bibtex_nesting_ok(out)
    for name in _CONTROL_WORD.findall(out):
        assert name in MATH_COMMANDS or name in _TEXT_COMMANDS, name
    assert not re.search(r"(?<!\\)%", out)
