"""Normalisation rules, one by one, in both scripts."""

from __future__ import annotations

import pytest

from registry.matching import detect_script, name_key, parse_name
from registry.matching.text import clean, tokenize


@pytest.mark.parametrize(
    ("variant", "plain"),
    [
        ("أحمد", "احمد"),
        ("إبراهيم", "ابراهيم"),
        ("آمال", "امال"),
        ("ٱلنور", "النور"),
        ("مدرسة", "مدرسه"),
        ("مصطفى", "مصطفي"),
        ("کويت", "كويت"),
        ("ی", "ي"),
        ("ھ", "ه"),
        ("مسؤول", "مسوول"),
        ("شيئ", "شيي"),
    ],
)
def test_arabic_letter_folding(variant, plain):
    assert clean(variant) == plain


def test_gleif_letter_variants_fold_like_plain_arabic():
    assert clean("الشركات غیر الھادفة للربح") == clean("الشركات غير الهادفة للربح")


@pytest.mark.parametrize(
    ("marked", "plain"),
    [
        ("المُطَيْرِيّ", "المطيري"),
        ("شَرِكَةٌ", "شركه"),
        ("التجــــارة", "التجاره"),
        ("المطيري\u200f", "المطيري"),
        ("\u200eAl\u200b Mutairi", "al mutairi"),
        ("\u202bشركة\u202c", "شركه"),
        ("\u2067شركة\u2069", "شركه"),
        ("\ufeffCo", "co"),
        ("Al\u00adMutairi", "almutairi"),
    ],
)
def test_marks_tatweel_bidi_and_zero_width_are_removed(marked, plain):
    assert clean(marked) == plain


@pytest.mark.parametrize(
    ("digits", "ascii_digits"), [("٠١٢٣٤٥٦٧٨٩", "0123456789"), ("۰۱۲۳۴۵۶۷۸۹", "0123456789")]
)
def test_arabic_indic_and_persian_digits_become_ascii(digits, ascii_digits):
    assert clean(digits) == ascii_digits


def test_nfkc_case_and_latin_accents():
    assert clean("ＡＬ ＭＵＴＡＩＲＩ") == "al mutairi"
    assert clean("Société Générale") == "societe generale"
    assert clean("STRASSE ß") == "strasse ss"
    assert clean("ﻻ") == "لا"


def test_punctuation_apostrophes_and_possessive():
    assert tokenize("Sa'ad & Sons (Kuwait)") == ["saad", "&", "sons", "kuwait"]
    assert tokenize("Deutsche Bank's") == ["deutsche", "bank"]
    assert tokenize("A&B") == ["a", "&", "b"]


@pytest.mark.parametrize(
    ("dotted", "joined"),
    [
        ("W.L.L.", ["wll"]),
        ("W L L", ["wll"]),
        ("K.S.C.C.", ["kscc"]),
        ("ذ.م.م", ["ذمم"]),
        ("ش.م.ك.م", ["شمكم"]),
    ],
)
def test_dotted_abbreviations_become_one_word(dotted, joined):
    assert tokenize(dotted) == joined


def test_other_scripts_are_transliterated():
    assert tokenize("ООО Ромашка") == ["ooo", "romashka"]
    assert tokenize("中国银行股份有限公司")[0] == "zhongguoyinxing"


@pytest.mark.parametrize(
    "form",
    [
        "W.L.L.",
        "WLL",
        "K.S.C.",
        "K.S.C.C.",
        "K.S.C.P.",
        "S.P.C.",
        "S.A.K.",
        "Co.",
        "Company",
        "Est.",
        "Establishment",
        "LLC",
        "Ltd",
        "GmbH",
        "AG",
        "OOO",
        "JSC",
        "S.A.",
        "PLC",
        "Inc",
        "Corp",
    ],
)
def test_latin_legal_forms_are_stripped_but_remembered(form):
    parsed = parse_name(f"Al-Mutairi Trading {form}")
    assert name_key(f"Al-Mutairi Trading {form}") == "mutairi trading"
    assert parsed.legal_forms


@pytest.mark.parametrize(
    "form", ["ذ.م.م", "ش.م.ك", "ش.م.ك.م", "ش.ش.و", "ذات مسؤولية محدودة", "ش.م.ك (مقفلة)"]
)
def test_arabic_legal_forms_are_stripped(form):
    assert name_key(f"المطيري للتجارة {form}") == "مطيري تجاره"


@pytest.mark.parametrize("kind", ["شركة", "شركه", "مؤسسة", "مكتب"])
def test_arabic_entity_words_are_legal_forms(kind):
    parsed = parse_name(f"{kind} المطيري")
    assert [t.text for t in parsed.content] == ["مطيري"]
    assert parsed.legal_forms


def test_gleif_forms_are_known():
    assert name_key("المطيري شركة التوصية البسيطة") == "مطيري"
    assert name_key("المطيري الشركات غیر الھادفة للربح") == "مطيري"


def test_short_ambiguous_forms_only_at_the_edges():
    assert name_key("Nukhba Sa Trading") == "nukhba sa trading"
    assert name_key("Nukhba Trading SA") == "nukhba trading"
    assert name_key("As Sabah Trading AS") == "sabah trading"


@pytest.mark.parametrize(
    ("short", "full"),
    [
        ("Gen.", "general"),
        ("Trdg.", "trading"),
        ("Trd", "trading"),
        ("Cont.", "contracting"),
        ("Contg.", "contracting"),
        ("Svcs.", "services"),
        ("Servs.", "services"),
        ("Intl.", "international"),
        ("Mfg.", "manufacturing"),
        ("Mgmt", "management"),
        ("Dom.", "domestic"),
        ("Recruit.", "recruitment"),
        ("Rec.", "recruitment"),
        ("Manpwr", "manpower"),
    ],
)
def test_abbreviations_expand(short, full):
    assert name_key(f"Nukhba {short}") == f"nukhba {full}"


def test_establishment_abbreviation_is_a_legal_form():
    assert parse_name("Nukhba Est.").legal_forms == ("establishment",)


@pytest.mark.parametrize("text", ["Mutairi & Sons", "Mutairi and Sons", "Mutairi And Sons"])
def test_and_in_latin_is_a_stop_word(text):
    assert name_key(text) == "mutairi sons"


def test_arabic_conjunction_prefix_is_split():
    parsed = parse_name("التجارة والمقاولات")
    assert [t.text for t in parsed.tokens] == ["تجاره", "و", "مقاولات"]
    assert [t.concept for t in parsed.content] == ["trading", "contracting"]


def test_waw_that_belongs_to_the_word_stays():
    assert name_key("وليد") == "وليد"
    assert name_key("وفرة") == "وفره"


@pytest.mark.parametrize(
    "spelling",
    [
        "Al-Mutairi",
        "Al Mutairi",
        "El Mutairi",
        "El-Mutairi",
        "AL MUTAIRI",
        "Al-mutairi",
    ],
)
def test_separate_latin_article_is_dropped(spelling):
    assert name_key(spelling) == "mutairi"


@pytest.mark.parametrize(
    ("spelling", "stem"),
    [
        ("Ad Dawsari", "dawsari"),
        ("Ad-Dawsari", "dawsari"),
        ("As-Sabah", "sabah"),
        ("Ash Shammari", "shammari"),
        ("Ar-Rashidi", "rashidi"),
        ("At-Tamimi", "tamimi"),
        ("Az-Zamil", "zamil"),
        ("An-Nisf", "nisf"),
    ],
)
def test_sun_letter_articles_are_dropped(spelling, stem):
    assert name_key(spelling) == stem


def test_sun_letter_article_words_are_english_elsewhere():
    assert name_key("Bank at Home") == "bank at home"


@pytest.mark.parametrize(
    ("spelling", "stem"),
    [
        ("AAl-Hajraf", "hajraf"),
        ("l-Fulaij", "fulaij"),
        ("Ax-Qatan", "qatan"),
        ("Ml-Essa", "essa"),
        ("As-Fares", "fares"),
        ("A-Itqan", "itqan"),
    ],
)
def test_an_article_typed_with_a_slip_is_dropped(spelling, stem):
    assert name_key(spelling) == stem


@pytest.mark.parametrize(
    ("spelling", "key"),
    [
        ("All Seasons Trading", "all seasons trading"),
        ("sa ad albusairi", "ad albusairi"),
        ("Abdulaziz A Salih", "abdulaziz a salih"),
        ("Al-Ab", "ab"),
        ("Faysal Al-Hamdan ew Domestic", "faysal hamdan ew domestic"),
        ("Ali-Reza Trading", "ali reza trading"),
        ("Ali Hassan Ali-Mutairi", "ali hassan ali mutairi"),
        ("Ala-Eddin Trading", "ala eddin trading"),
        ("E-Mart", "e mart"),
        ("All-Star Trading", "all star trading"),
        ("Ex-Pro Co.", "ex pro"),
        ("At-Home Services", "at home services"),
        ("yousif aa rubaian", "yousif aa rubaian"),
    ],
)
def test_a_short_word_that_is_not_written_as_an_article_stays(spelling, key):
    # Only joined by a hyphen: apart, a short word may be another word slipped ("ew" of "New").
    assert name_key(spelling) == key


def test_glued_latin_article_gives_a_second_form():
    token = parse_name("Almutairi").tokens[0]
    assert token.forms == ("almutairi", "mutairi")
    assert parse_name("Addawsari").tokens[0].forms == ("addawsari", "dawsari")


def test_arabic_article_and_prepositions():
    assert name_key("المطيري") == "مطيري"
    assert name_key("للتجارة") == "تجاره"
    assert name_key("لاستقدام العمالة") == "استقدام عماله"
    assert name_key("بالكويت") == "كويت"
    assert name_key("بالقاسم") == "بالقاسم"
    assert name_key("آل سعود") == "سعود"
    assert name_key("عبد الله") == "عبدالله"


def test_latin_abd_names_are_joined():
    assert name_key("Abdul Rahman") == "abdulrahman"
    assert name_key("Abd Al-Rahman") == "abdalrahman"


def test_for_and_of_are_stop_words():
    assert name_key("Company Al-Mutairi for General Trading") == "mutairi general trading"
    assert name_key("Bank of Kuwait") == "bank kuwait"


def test_detect_script():
    assert detect_script("Al Mutairi") == "latin"
    assert detect_script("المطيري") == "arabic"
    assert detect_script("Al Mutairi المطيري") == "mixed"
    assert detect_script("١٢٣") == "other"


def test_token_roles():
    parsed = parse_name("Al-Mutairi Golden General Trading Co. W.L.L.")
    assert [t.text for t in parsed.distinctive] == ["mutairi"]
    assert [t.concept for t in parsed.generic] == ["golden", "general", "trading"]
    assert parsed.legal_forms == ("company", "wll")


def test_name_made_only_of_legal_words_keeps_them():
    assert name_key("The Company") == "the company"


def test_key_is_capped():
    assert len(name_key("Mutairi " * 200)) <= 300
