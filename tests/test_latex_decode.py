"""latex.decode: BibTeX values to the Unicode text they typeset."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from scholarcli.latex import decode


@pytest.mark.parametrize(
    ("source", "text"),
    [
        ('M{\\"u}ller', "Müller"),
        ('M\\"{u}ller', "Müller"),
        ('M\\"uller', "Müller"),
        ('G{\\"u}rsoy', "Gürsoy"),
        ("\\c{C}a\\u{g}lar", "Çağlar"),
        ("Fran\\c cois", "François"),
        ("{\\'\\i}", "í"),
        ("\\'{E}cole", "École"),
        ("Erd\\H{o}s and \\v{S}ime\\v{c}ek", "Erdős and Šimeček"),
        ('\\AA{}ngstr\\"om', "Ångström"),
        ("{\\ss}e \\ss e", "ße ße"),
        ("{\\o}ystein \\L{}ukasz", "øystein Łukasz"),
        ("Improving accuracy by 5% on {ImageNet}", "Improving accuracy by 5% on ImageNet"),
        ("Rock \\& Roll \\% \\$ \\# \\_", "Rock & Roll % $ # _"),
        ("\\emph{Deep} \\textbf{Learning}", "Deep Learning"),
        ("{\\em Deep} learning", "Deep learning"),
        ("$\\widetilde{O}(d\\sqrt{kMT})$ regret", "$\\widetilde{O}(d\\sqrt{kMT})$ regret"),
        ("\\url{https://x.org/a_b%20}", "https://x.org/a_b%20"),
        ("\\href{http://x}{Link text}", "Link text"),
        ("\\unknown{arg} kept", "\\unknown{arg} kept"),
        ("a~b\n   c", "a b c"),
        ("{\\noopsort{1973b}}1973", "1973"),
        ("\\LaTeX{} and \\TeX", "LaTeX and TeX"),
        ("trailing \\", "trailing \\"),
        ('accent on nothing \\"', 'accent on nothing "'),
    ],
)
def test_decode(source: str, text: str) -> None:
    assert decode(source) == text


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("\\{}$~'\"`^cvuHa iOL%&#_\n")), max_size=60))
def test_decode_never_fails(source: str) -> None:
    assert isinstance(decode(source), str)


def test_plain_text_is_untouched() -> None:
    text = "Nearly Minimax Algorithms for Linear Bandits"
    assert decode(text) == text
