"""Hypothesis strategies for papers: any data for the lossless formats, and papers whose
every field a TeX-based format (BibTeX, BibLaTeX) and CSL-JSON are meant to carry."""

from __future__ import annotations

import calendar
import string

from hypothesis import strategies as st

from scholarcli.model import Paper

# Letters of many scripts: Latin with accents, Greek, Cyrillic, Hebrew, Arabic, Devanagari,
# Han, Hiragana, Hangul.
_SCRIPTS = [
    string.ascii_letters,
    "áàâäãåçéèêëíìîïñóòôöõøúùûüýÿßæœłŁđĐšŠžŽčČřŘőűĞğİı",
    "αβγδεζηθικλμνξοπρστυφχψωΑΒΓΔΘΛΞΠΣΦΨΩ",
    "абвгдежзийклмнопрстуфхцчшщъыьэюяАБВГДЖЗИЙ",
    "אבגדהוזחטיכלמנסעפצקרשת",
    "ابتثجحخدذرزسشصضطظعغفقكلمنهوي",
    "कखगघचछजझटठडढणतथदधनपफबभमयरलवशषसह",
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈",
    "あいうえおかきくけこさしすせそたちつてとなにぬねの",
    "가나다라마바사아자차카타파하김이박최정강조윤장임",
]
# Every character TeX treats specially, and the ones our escaping handles besides.
TEX_SPECIALS = "\\{}$&%#_~^<>|`'\"@"
# Math spans made of what the writers keep as math.
_MATH = [
    "$x^2$",
    "$\\alpha$",
    "$O(n\\log n)$",
    "$\\mathcal{O}(\\sqrt{T})$",
    "$a_{ij}$",
    "$\\widetilde{O}(d\\sqrt{kMT})$",
    "$k$-means",
]
_TOKENS = [
    "et al.",
    "{Braces}",
    "BERT",
    "GPT-4V",
    "\\input{x}",
    "\\write18{x}",
    "^^5c",
    "100%",
    "C#",
    "A&B",
    "x_y",
    "~home",
    "<b>",
    "Q-learning",
]

word = st.sampled_from(_SCRIPTS).flatmap(
    lambda letters: st.text(st.sampled_from(letters), min_size=1, max_size=10)
)
_token = st.one_of(
    word,
    word,
    st.sampled_from(_MATH),
    st.sampled_from(_TOKENS),
    st.text(st.sampled_from(TEX_SPECIALS), min_size=1, max_size=3),
)
#: Title-like text: words of any script, math, TeX specials, braces, "et al.".
prose = st.lists(_token, min_size=1, max_size=8).map(" ".join)
#: A person's name as written: given names and a family name, any script.
name = st.tuples(
    st.lists(word, min_size=0, max_size=2),
    st.sampled_from(["", "", "", "van ", "de la ", "von "]),
    word,
).map(lambda t: " ".join([*t[0], t[1] + t[2]]))
#: Any text at all, controls and lone surrogates aside (no UTF-8 file can hold those).
any_text = st.text(st.characters(blacklist_categories=("Cs",)), max_size=30)


@st.composite
def dates(draw: st.DrawFn, min_year: int = 1) -> tuple[int | None, int | None, int | None]:
    """(year, month, day): a real date, or a year and month, or a year, or nothing."""
    year = draw(st.one_of(st.none(), st.integers(min_year, 9999)))
    if year is None:
        return None, None, None
    month = draw(st.one_of(st.none(), st.integers(1, 12)))
    if month is None:
        return year, None, None
    last = calendar.monthrange(year, month)[1]
    return year, month, draw(st.one_of(st.none(), st.integers(1, last)))


@st.composite
def any_paper(draw: st.DrawFn) -> Paper:
    """A paper with any data in every field (what the JSON formats must keep exactly)."""
    year, month, day = draw(dates())
    code_url = draw(st.one_of(st.none(), any_text))
    return Paper(
        key=draw(any_text),
        title=draw(st.one_of(any_text, prose)),
        authors=tuple(draw(st.lists(st.one_of(any_text, name), max_size=4))),
        authors_truncated=draw(st.booleans()),
        affiliation=draw(st.one_of(st.none(), any_text)),
        category=draw(st.one_of(st.none(), any_text)),
        year=year,
        month=month,
        day=day,
        has_code=draw(st.booleans()) or code_url is not None,
        code_url=code_url,
        abstract=draw(st.one_of(st.none(), any_text, prose)),
        venue=draw(st.one_of(st.none(), any_text)),
        doi=draw(st.one_of(st.none(), any_text)),
        url=draw(st.one_of(st.none(), any_text)),
        entry_type=draw(st.one_of(st.none(), any_text)),
        citations=draw(st.one_of(st.none(), st.integers(0, 10**9))),
        extra=draw(st.dictionaries(any_text, any_text, max_size=3)),
        source_line=draw(st.integers(1, 10**6)),
    )


_ENTRY_TYPES = ["article", "inproceedings", "book", "incollection", "phdthesis", "misc"]
_CATEGORIES = ["LG", "CV", "CL", "ML", "AI", "CR", "STAT-ML"]
_URLS = st.sampled_from(
    ["https://example.org/p?a=1&b=2#x", "https://arxiv.org/abs/2401.00001", "http://x.y/~a_b%20c"]
)
_CODE_URLS = st.sampled_from(["https://github.com/a/b", "https://gitlab.com/x/y-z"])
_DOIS = st.sampled_from(["10.1000/x_y", "10.1145/3292500.3330701", "10.5555/a%b#c"])
# Fields that are names of Paper attributes or BibTeX fields the writer derives itself.
_FIELD = st.sampled_from(["note", "publisher", "pages", "volume", "series", "howpublished"])


@st.composite
def typeset_paper(draw: st.DrawFn, index: int = 0) -> Paper:
    """A paper whose every field BibTeX and CSL-JSON are meant to carry: real names, text
    of any script with TeX specials, braces and math, a real date."""
    year, month, day = draw(dates(min_year=1000))
    has_code = draw(st.booleans())
    code_url = draw(st.one_of(st.none(), _CODE_URLS)) if has_code else None
    return Paper(
        key=f"key{index}",
        title=draw(prose),
        authors=tuple(draw(st.lists(name, max_size=4))),
        authors_truncated=draw(st.booleans()),
        affiliation=draw(st.one_of(st.none(), word)),
        category=draw(st.one_of(st.none(), st.sampled_from(_CATEGORIES))),
        year=year,
        month=month,
        day=day,
        has_code=has_code,
        code_url=code_url,
        abstract=draw(st.one_of(st.none(), prose)),
        venue=draw(st.one_of(st.none(), prose)),
        doi=draw(st.one_of(st.none(), _DOIS)),
        url=draw(st.one_of(st.none(), _URLS)),
        entry_type=draw(st.one_of(st.none(), st.sampled_from(_ENTRY_TYPES))),
        citations=draw(st.one_of(st.none(), st.integers(0, 10**6))),
        extra=draw(st.dictionaries(_FIELD, prose, max_size=2)),
        source_line=None,
    )


@st.composite
def typeset_papers(draw: st.DrawFn) -> list[Paper]:
    count = draw(st.integers(0, 3))
    return [draw(typeset_paper(i)) for i in range(count)]
