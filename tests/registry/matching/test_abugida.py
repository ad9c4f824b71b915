"""Names of foreign agencies in Devanagari, Bengali and Sinhala: read in Latin, matched like any other."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from registry.matching import name_key
from registry.matching.abugida import transliterate
from registry.matching.matcher import Matcher, compare_names
from registry.matching.text import clean


@pytest.mark.parametrize(
    ("written", "reading"),
    [
        ("नेपाल", "nepal"),  # inherent vowel added inside, dropped at the end
        ("मैनपावर", "mainpavar"),  # and dropped between consonants with vowels around (schwa deletion)
        ("प्राइभेट लिमिटेड", "praibhet limited"),  # virama joins consonants
        ("হাসান", "hasan"),
        ("ওভারসিজ", "obharsij"),
        ("ලංකා", "lanka"),  # Sinhala keeps its final vowel; anusvara before k reads n
        ("ශ්‍රී", "sri"),  # al-lakuna and zero-width joiner
        ("भारत", "bharat"),
    ],
)
def test_brahmic_words_read_as_a_clerk_types_them(written: str, reading: str) -> None:
    assert transliterate(written) == reading


def test_vowel_signs_no_longer_split_words() -> None:
    # Before: the vowel signs were kept as marks and dropped, leaving "n p l m np vr ...".
    assert clean("नेपाल मैनपावर प्राइभेट लिमिटेड") == "nepal mainpavar praibhet limited"
    assert clean("Crème Brûlée Co") == "creme brulee co"  # Latin accents still fold as before


@pytest.mark.parametrize(
    ("local", "latin"),
    [
        ("नेपाल मैनपावर प्राइभेट लिमिटेड", "Nepal Manpower Pvt. Ltd."),
        ("हिमालयन ह्युमन रिसोर्स", "Himalayan Human Resource"),
        ("ग्लोबल इन्टरनेशनल मैनपावर", "Global International Manpower"),
        ("হাসান ওভারসিজ লিমিটেড", "Hasan Overseas Limited"),
        ("আল আমিন ট্রাভেলস", "Al Amin Travels"),
        ("সোনার বাংলা ওভারসিজ", "Sonar Bangla Overseas"),
        ("ලංකා මෑන්පවර් ඒජන්සි", "Lanka Manpower Agency"),
    ],
)
def test_local_script_names_match_their_latin_names(local: str, latin: str) -> None:
    assert compare_names(local, latin)[1] == "match"


@pytest.mark.parametrize(
    ("local", "other"),
    [
        ("हिमालयन ह्युमन रिसोर्स", "Everest Human Resource"),
        ("সোনার বাংলা ওভারসিজ", "Hasan Overseas"),
    ],
)
def test_different_agencies_stay_apart(local: str, other: str) -> None:
    assert compare_names(local, other)[1] == "none"


def test_an_index_finds_the_agency_from_its_local_name() -> None:
    matcher = Matcher.from_rows(
        [
            (1, "np-1", "Nepal Manpower Pvt. Ltd."),
            (2, "np-2", "Himalayan Human Resource Pvt. Ltd."),
            (3, "bd-1", "Hasan Overseas Limited"),
        ]
    )
    assert matcher.match("हिमालयन ह्युमन रिसोर्स प्रा. लि.").company_key == "np-2"
    assert matcher.match("হাসান ওভারসিজ").company_key == "bd-1"


_BRAHMIC = st.characters(min_codepoint=0x0900, max_codepoint=0x0DFF)


@given(st.text(alphabet=_BRAHMIC, max_size=30))
def test_any_brahmic_text_becomes_ascii_and_keys_are_stable(text: str) -> None:
    assert transliterate(text).isascii()
    key = name_key(text)
    assert name_key(key) == key
