"""The naming vocabularies and the names built from them, in both scripts and back."""

from __future__ import annotations

import random

from hypothesis import given, settings
from hypothesis import strategies as st
from rapidfuzz.distance import OSA

from registry.demo import (
    ACTIVITY_PHRASES,
    ALL_ENTRIES,
    DISTINCTIVE_WORDS,
    FAMILY_NAMES,
    GIVEN_NAMES,
    LEGAL_FORMS,
    QUALIFIERS,
    ActivityPhrase,
    LegalForm,
    NameEntry,
    NameParts,
    Qualifier,
    arabic_name,
    english_name,
    parse_name,
    phrases_for,
)
from registry.demo.variants import arabic_orthography, casing, typo
from registry.matching.normalize import detect_script
from registry.models.company import Activity


def _entry(latin: str) -> NameEntry:
    return next(e for e in ALL_ENTRIES if e.canonical == latin)


def _phrase(english: str) -> ActivityPhrase:
    return next(p for p in ACTIVITY_PHRASES if p.english == english)


def _form(code: str) -> LegalForm:
    return next(f for f in LEGAL_FORMS if f.code == code)


def test_there_are_enough_distinct_naming_words() -> None:
    assert len(FAMILY_NAMES) + len(DISTINCTIVE_WORDS) >= 120
    assert len({e.arabic for e in ALL_ENTRIES}) == len(ALL_ENTRIES)
    assert all(2 <= len(e.latin) <= 5 for e in ALL_ENTRIES)
    assert all(2 <= len(e.latin) <= 3 for e in GIVEN_NAMES)


def test_each_entry_pairs_an_arabic_and_latin_spellings() -> None:
    for entry in (*ALL_ENTRIES, *GIVEN_NAMES):
        assert detect_script(entry.arabic) == "arabic"
        assert all(detect_script(spelling) == "latin" for spelling in entry.latin)


def test_no_latin_spelling_belongs_to_two_entries() -> None:
    spellings = [s.casefold() for e in ALL_ENTRIES for s in e.latin]
    assert len(set(spellings)) == len(spellings)


def test_the_ruling_family_is_not_used() -> None:
    assert not any("الصباح" in e.arabic for e in ALL_ENTRIES)
    assert not any("sabah" in s.casefold() for e in ALL_ENTRIES for s in e.latin)


def test_every_activity_has_phrases_in_both_languages() -> None:
    for activity in Activity:
        phrases = phrases_for(activity)
        assert phrases
        for phrase in phrases:
            assert detect_script(phrase.arabic) == "arabic" and detect_script(phrase.english) == "latin"
            assert phrase.english_short


def test_the_names_of_the_brief() -> None:
    trading = NameParts(_entry("Al-Mutairi"), None, _phrase("General Trading & Contracting"), _form("W.L.L."))
    assert english_name(trading) == "Al-Mutairi General Trading & Contracting Co. W.L.L."
    assert arabic_name(trading) == "شركة المطيري للتجارة العامة والمقاولات ذ.م.م"
    cleaning = NameParts(_entry("Behbehani"), None, _phrase("Cleaning"), _form("Co."))
    assert (english_name(cleaning), arabic_name(cleaning)) == (
        "Behbehani Cleaning Co.",
        "شركة بهبهاني للتنظيف",
    )
    office = NameParts(_entry("Al-Nukhba"), None, _phrase("Domestic Labour Recruitment"), _form("Office"))
    assert english_name(office) == "Al-Nukhba Domestic Labour Recruitment Office"
    assert arabic_name(office) == "مكتب النخبة لاستقدام العمالة المنزلية"


def test_qualifiers_agree_with_the_head_noun() -> None:
    international = next(q for q in QUALIFIERS if q.english == "International")
    office = NameParts(_entry("Al-Nukhba"), international, _phrase("Domestic Workers"), _form("Office"))
    company = NameParts(_entry("Al-Nukhba"), international, _phrase("Cleaning"), _form("W.L.L."))
    assert arabic_name(office) == "مكتب النخبة الدولي للعمالة المنزلية"
    assert arabic_name(company) == "شركة النخبة الدولية للتنظيف ذ.م.م"


@settings(max_examples=200, deadline=None)
@given(
    entry=st.sampled_from(ALL_ENTRIES),
    qualifier=st.one_of(st.none(), st.sampled_from(QUALIFIERS)),
    phrase=st.sampled_from(ACTIVITY_PHRASES),
    form=st.sampled_from(LEGAL_FORMS),
    given_name=st.one_of(st.none(), st.sampled_from(GIVEN_NAMES)),
    data=st.data(),
)
def test_names_parse_back_to_their_parts(
    entry: NameEntry,
    qualifier: Qualifier | None,
    phrase: ActivityPhrase,
    form: LegalForm,
    given_name: NameEntry | None,
    data: st.DataObject,
) -> None:
    spelling = data.draw(st.integers(0, len(entry.latin) - 1))
    given_spelling = data.draw(st.integers(0, len(given_name.latin) - 1)) if given_name else 0
    parts = NameParts(entry, qualifier, phrase, form, spelling, given_name, given_spelling)
    assert parse_name(english_name(parts)) == parts
    from_arabic = parse_name(arabic_name(parts))
    assert from_arabic is not None and from_arabic.full_key == parts.full_key


def test_foreign_names_do_not_parse() -> None:
    assert parse_name("Acme Widgets Ltd") is None
    assert parse_name("شركة أكمي للأدوات") is None


def test_typos_are_one_or_two_edits() -> None:
    rng = random.Random(1)
    for text in ("Al-Mutairi General Trading Co. W.L.L.", "مكتب النخبة لاستقدام العمالة المنزلية"):
        for _ in range(100):
            changed = typo(rng, text)
            assert changed is None or 1 <= OSA.distance(text, changed) <= 2


def test_arabic_orthography_changes_only_the_spelling() -> None:
    rng = random.Random(2)
    text = "شركة الأمانة للتجارة العامة والمقاولات"
    for _ in range(100):
        changed = arabic_orthography(rng, text)
        assert changed is not None and changed != text
        folded = changed.replace("\u0640", "").replace("ه", "ة").replace("ى", "ي")
        folded = "".join(c for c in folded if not "\u064b" <= c <= "\u0652")
        assert folded == text.replace("أ", "ا") or folded == text


def test_casing_keeps_the_letters() -> None:
    rng = random.Random(3)
    text = "Al-Mutairi Gen. Trdg. & Contg. Co. W.L.L."
    letters = "".join(c for c in text.casefold() if c.isalnum())
    for _ in range(50):
        changed = casing(rng, text)
        assert changed is None or "".join(c for c in changed.casefold() if c.isalnum()) == letters
