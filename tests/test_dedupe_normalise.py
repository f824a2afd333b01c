"""Matching forms: titles, numbers, kinds of item, names, venues, pages and identifiers."""

from __future__ import annotations

import pytest

from scholarcli.dedupe.normalise import (
    Kind,
    Name,
    about_another,
    arxiv_of,
    clean_title,
    doi_of,
    is_generic_title,
    name_key,
    pages_conflict,
    pages_of,
    paper_kind,
    title_key,
    title_numbers,
    venues_agree,
)
from scholarcli.model import Paper
from scholarcli.names import bibtex_name_to_display


def test_title_key_folds_case_accents_punctuation_and_tex() -> None:
    assert title_key("Self-Supervised   Learning: A Survey.") == "self supervised learning a survey"
    assert title_key("Gürsoy's $\\widetilde{O}(d)$ bound") == title_key("Gursoy's O(d) bound")
    assert title_key("The Role of HPV Testing") == "role of hpv testing"


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        (
            "Human papillomavirus and cervical cancer. [Review] [133 refs]",
            "Human papillomavirus and cervical cancer",
        ),
        ("Batroxobin for cognitive impairment. [Chinese]", "Batroxobin for cognitive impairment"),
        (
            "Ecologically-oriented neurorehabilitation of memory.[Erratum appears in Brain Inj. "
            "2013;27(3):377 Note: Small, Sarah K [added]]",
            "Ecologically-oriented neurorehabilitation of memory",
        ),
        ("Risk of CIN 3.[Erratum appears in Int J Cancer. 2007 Ja", "Risk of CIN 3"),
        ("Surveillance after treatment (Provisional abstract)", "Surveillance after treatment"),
        (
            "[Research on fast track surgery in lung cancer] LA: Chi",
            "[Research on fast track surgery in lung cancer]",
        ),
        (
            "[Clinical aspects of the complement system]",
            "[Clinical aspects of the complement system]",
        ),
        ("Plain title", "Plain title"),
    ],
)
def test_clean_title_drops_database_notes(raw: str, clean: str) -> None:
    assert clean_title(raw) == clean


def test_non_latin_titles_keep_their_letters() -> None:
    russian = title_key("Платформенная занятость: масштабы и признаки")
    chinese = title_key("平台劳动市场的求职期限")
    korean = title_key("플랫폼 노동시장의 구직기간 단축 결정요인")
    assert russian == "платформенная занятость масштабы и признаки"
    assert chinese == "平台劳动市场的求职期限"
    assert korean == "플랫폼 노동시장의 구직기간 단축 결정요인"
    # Marks that make another letter stay: й is not и, ガ is not カ.
    assert title_key("Мой") != title_key("Мои")
    assert title_key("ガラス") != title_key("カラス")
    assert title_key("Ελληνικά") == title_key("ελληνικα")  # Greek accents only decorate
    # Vowel signs and viramas are letters of their word: "कल" (tomorrow) is not "काल".
    assert title_key("कल") != title_key("काल")
    assert title_key("नमस्ते दुनिया") == "नमस्ते दुनिया"
    assert title_key("ภาษาไทย") == "ภาษาไทย"
    assert all(k.strip() for k in (russian, chinese, korean, title_key("ガラス")))


@pytest.mark.parametrize(
    ("key", "numbers"),
    [
        ("stroke rehabilitation part 1", "1"),
        ("stroke rehabilitation part ii", " | 2"),
        ("type i diabetes", " | 1"),
        ("a randomized phase iii trial", " | 3"),
        ("among 10 000 women", "10000"),
        ("p16ink4a expression in cin 2", "16 4 2"),
        ("deep learning for vision", ""),
        ("vi an editor", ""),
    ],
)
def test_title_numbers(key: str, numbers: str) -> None:
    assert title_numbers(key) == numbers


@pytest.mark.parametrize(
    ("title", "generic"),
    [
        ("Editorial", True),
        ("Chair's Message", True),
        ("Preface to the special issue", True),
        ("Letter to the editor", True),
        ("Introduction", True),
        ("Introduction to stroke rehabilitation", False),
        ("Editorial: deep learning in radiology", False),
    ],
)
def test_generic_titles(title: str, generic: bool) -> None:
    assert is_generic_title(title_key(title)) is generic


@pytest.mark.parametrize(
    ("title", "about"),
    [
        ("Erratum: Deep networks for counting cells", "erratum"),
        ("Correction to: Deep networks for counting cells", "erratum"),
        ("Deep networks for counting cells - Reply", "reply"),
        ("Deep networks for counting cells: authors' response", "reply"),
        ("Reply to Smith et al.", "reply"),
        ("Comment on deep networks for counting cells", "comment"),
        ("Eculizumab for atypical HUS (vol 360, pg 542, 2009)", "erratum"),
        ("The immune response to vaccination", ""),
        ("Deep networks for counting cells", ""),
    ],
)
def test_items_about_another_work(title: str, about: str) -> None:
    assert about_another(title, title_key(title)) == about


def _name(bibtex_name: str) -> Name | None:
    return name_key(bibtex_name_to_display(bibtex_name))


def test_names_in_matching_form() -> None:
    lee, jason = _name("Lee, J. D."), name_key("Jason D. Lee")
    assert lee is not None and jason is not None
    assert (lee.family, lee.initial) == (jason.family, jason.initial) == ("lee", "j")
    assert getattr(_name("Gürsoy, Gamze"), "family", None) == "gursoy"
    assert getattr(_name("Kotaniemi-Talonen, L"), "family", None) == "kotaniemitalonen"
    # "Jr" is neither the family name nor an initial.
    wright, wright_jr = _name("Wright Jr., T C"), _name("Wright, Jr")
    assert wright is not None and wright_jr is not None
    assert (wright.family, wright.initial) == ("wright", "t")
    assert (wright_jr.family, wright_jr.initial) == ("wright", "")
    # Groups are not people.
    assert _name("Group, ASCUS-LSIL Triage Study (ALTS)") is None
    assert name_key("ALTS Study Group") is None


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Journal of Clinical Virology", "J Clin Virol"),
        ("Annals of the New York Academy of Sciences", "Ann.New York Acad.Sci."),
        ("British Medical Journal", "BMJ"),
        ("Americas Conference on Information Systems", "AMCIS 2017 Proceedings"),
        (
            "CMAJ : Canadian Medical Association journal = journal de l'Association "
            "medicale canadienne",
            "Canadian Medical Association Journal",
        ),
        ("Stroke; a journal of cerebral circulation", "Stroke (00392499)"),
        ("Obstetrics and Gynecology", "Obstetrics & Gynecology"),
        ("Zhongguo Zhenjiu", "Zhongguo zhen jiu [Chinese acupuncture & moxibustion]"),
        (
            "Revista Panamericana de Salud Publica/Pan American Journal of Public Health",
            "Pan American Journal of Public Health",
        ),
    ],
)
def test_venues_that_agree(a: str, b: str) -> None:
    assert venues_agree(a, b)
    assert venues_agree(b, a)


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Cancer", "Cancer Cytopathology"),
        ("Journal of Clinical Virology", "Journal of Medical Virology"),
        ("Gynecologic Oncology", "International Journal of Gynecological Cancer"),
        ("Stroke", "Canadian Journal of Neurological Sciences"),
    ],
)
def test_venues_that_differ(a: str, b: str) -> None:
    assert not venues_agree(a, b)


def test_pages() -> None:
    assert pages_of("288-97") == ("288", "297")
    assert pages_of("S376-S387") == ("s376", "s387")
    assert pages_of("112--120") == ("112", "120")
    assert pages_of("e12724") == ("e12724", "e12724")
    assert pages_of("Suppl-87") is None
    assert pages_of("") is None
    # Sharing a first or last page is agreeing; an article number never conflicts with pages.
    assert not pages_conflict(pages_of("487-488"), pages_of("488"))
    assert not pages_conflict(pages_of("1014"), pages_of("c1804"))
    assert pages_conflict(pages_of("125-128"), pages_of("2-8"))
    assert not pages_conflict(pages_of("125-128"), None)


def test_identifiers() -> None:
    doi = Paper(key="a", title="t", doi="https://doi.org/10.1093/BIOINFORMATICS/bty123.")
    assert doi_of(doi) == "10.1093/bioinformatics/bty123"
    assert doi_of(Paper(key="b", title="t")) == ""
    by_venue = Paper(key="c", title="t", venue="arXiv preprint arXiv:2008.01064v2")
    assert arxiv_of(by_venue) == "2008.01064"
    by_eprint = Paper(key="d", title="t", extra={"eprint": "2008.01064", "archiveprefix": "arXiv"})
    assert arxiv_of(by_eprint) == "2008.01064"
    by_url = Paper(key="e", title="t", url="https://arxiv.org/abs/hep-th/9901001v3")
    assert arxiv_of(by_url) == "hep-th/9901001"
    corr = Paper(key="f", title="t", venue="CoRR", extra={"volume": "abs/1706.03762"})
    assert arxiv_of(corr) == "1706.03762"
    assert arxiv_of(Paper(key="g", title="t", venue="Nature")) == ""


def test_kinds_of_record() -> None:
    assert paper_kind(Paper(key="a", title="t")) is Kind.NO_VENUE
    assert paper_kind(Paper(key="a", title="t", venue="arXiv preprint arXiv:1")) is Kind.PREPRINT
    assert paper_kind(Paper(key="a", title="t", venue="bioRxiv")) is Kind.PREPRINT
    assert paper_kind(Paper(key="a", title="t", doi="10.48550/arXiv.2008.01064")) is Kind.PREPRINT
    assert paper_kind(Paper(key="a", title="t", venue="NeurIPS")) is Kind.PUBLISHED
