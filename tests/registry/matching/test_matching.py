"""Cross-script pairs, ambiguity, the index and the decisions, with property tests."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from registry.matching import (
    MATCH,
    NONE,
    REVIEW,
    InvalidName,
    Matcher,
    MatchThresholds,
    NameIndex,
    compare,
    compare_names,
    name_key,
    parse_name,
)
from registry.matching.evaluate import evaluate

REGISTRY = [
    (1, "KW-1", "Al-Mutairi General Trading & Contracting Co. W.L.L."),
    (2, "KW-2", "Al-Mutairi Cleaning Services"),
    (3, "KW-3", "Al-Nukhba Domestic Labour Recruitment Office"),
    (4, "KW-4", "Behbehani Cleaning Co."),
    (5, "KW-5", "مؤسسة العتيبي للقوى العاملة"),
    (6, "KW-6", "Golden Star Transport K.S.C.C."),
    (7, "KW-7", "شركة القحطاني للحراسة والأمن"),
    (8, "KW-8", "Al Ghanim Real Estate"),
]


@pytest.fixture(scope="module")
def matcher() -> Matcher:
    return Matcher.from_rows(REGISTRY)


@pytest.mark.parametrize(
    ("arabic", "english"),
    [
        ("مكتب النخبة لاستقدام العمالة المنزلية", "Al-Nukhba Domestic Labour Recruitment Office"),
        ("شركة بهبهاني للتنظيف", "Behbehani Cleaning Co."),
        ("شركة المطيري للتجارة العامة والمقاولات", "Al-Mutairi General Trading & Contracting"),
    ],
)
def test_cross_script_pairs_match(arabic, english):
    assert compare_names(arabic, english)[1] == MATCH
    assert compare_names(english, arabic)[1] == MATCH
    assert any("cross-script" in reason for reason in compare(arabic, english).reasons)


@pytest.mark.parametrize(
    ("arabic", "latin"),
    [
        ("المطيري", "Al-Mutairi"),
        ("المطيري", "Almutairy"),
        ("المطيري", "El Mutairi"),
        ("بهبهاني", "Behbehani"),
        ("النخبة", "Al-Nukhba"),
        ("العتيبي", "Al-Otaibi"),
        ("العتيبي", "Al Otaibi"),
        ("العتيبي", "Oteibi"),
        ("القحطاني", "Al-Qahtani"),
        ("القحطاني", "Kahtani"),
    ],
)
def test_transliterations_share_a_skeleton(arabic, latin):
    assert compare(arabic, latin).score >= 0.85


def test_different_family_names_with_one_skeleton_stay_apart():
    assert compare("المطيري", "Matar").score < 0.6


@pytest.mark.parametrize(
    ("mention", "company"),
    [
        ("almutairy gen trdg & contg", "KW-1"),
        ("شركة المطيري للتجارة العامة والمقاولات", "KW-1"),
        ("Company Al-Mutairi for general trading", "KW-1"),
        ("مكتب النخبة لاستقدام العمالة المنزلية", "KW-3"),
        ("شركة بهبهاني للتنظيف", "KW-4"),
        ("Al Otaibi Manpower Est.", "KW-5"),
        ("Al-Qahtani Security & Guarding", "KW-7"),
        ("النجمة الذهبية للنقل", "KW-6"),
    ],
)
def test_mentions_match_their_company(matcher, mention, company):
    result = matcher.match(mention)
    assert (result.decision, result.company_key) == (MATCH, company)
    assert 0.0 <= result.score <= 1.0
    assert result.reasons


@pytest.mark.parametrize("mention", ["Almutairi co", "شركه المطيري", "Al Mutairi W.L.L."])
def test_family_name_alone_is_ambiguous(matcher, mention):
    result = matcher.match(mention)
    assert result.decision == REVIEW
    assert any("ambiguous" in reason for reason in result.reasons)


# Several companies known by the same short trade name, beside their different official names.
SHARED_TRADE_NAMES = [
    (1, "A", "Al-Mutairi Cleaning & Maintenance Co. W.L.L."),
    (2, "A", "almutairi co"),
    (3, "B", "Almutairi Gulf Domestic Labour Recruitment Office"),
    (4, "B", "almutairi co"),
    (5, "C", "Al-Khalidi Security Guards Co."),
    (6, "C", "شركة الخالدي"),
    (7, "D", "شركة الخالدي العربية لتوريد العمالة ذ.م.م"),
    (8, "D", "شركة الخالدي"),
    (9, "E", "شركة الخالدي الحديثة لخدمات التنظيف ذ.م.م"),
    (10, "E", "شركة الخالدي"),
]


@pytest.mark.parametrize("mention", ["Al Mutairi", "Almutairi Co.", "المطيري", "شركة الخالدي"])
def test_a_name_several_companies_hold_word_for_word_is_ambiguous(mention):
    # One company's other names add nothing the mention lacks, the other's add a qualifier: that does
    # not make the mention the first company's name rather than the second's trade name.
    result = Matcher.from_rows(SHARED_TRADE_NAMES).match(mention)
    assert result.decision == REVIEW
    assert any("ambiguous" in reason for reason in result.reasons)
    assert len(result.candidates) >= 2


def test_a_stated_form_still_tells_apart_companies_known_by_one_trade_name():
    # B is an office: a W.L.L. can only be A.
    result = Matcher.from_rows(SHARED_TRADE_NAMES).match("Al Mutairi Co. W.L.L.")
    assert (result.decision, result.company_key) == (MATCH, "A")


def test_other_activity_of_the_same_family_is_not_matched(matcher):
    result = matcher.match("Al-Mutairi Cleaning")
    assert result.company_key == "KW-2"
    wrong = matcher.match("Al-Mutairi Transport")
    assert wrong.decision != MATCH


def test_activity_conflict_is_explained():
    result = compare("Al-Mutairi General Trading", "Al-Mutairi Cleaning Services")
    assert result.score < 0.6
    assert any("activity differs" in reason for reason in result.reasons)


def test_legal_form_difference_is_ignored_and_said():
    result = compare("Al Mutairi Co. W.L.L.", "Al-Mutairi K.S.C.")
    assert result.score == 1.0
    assert "legal form differs (WLL vs KSC) — ignored" in result.reasons


def test_unknown_mention_is_none(matcher):
    assert matcher.match("Zebra Aviation Holding").decision == NONE


def test_index_add_remove_and_replace():
    index = NameIndex()
    index.add(1, "A", "Al-Sayer Trading")
    index.add(2, "B", "Boodai Trading")
    assert len(index) == 2 and 1 in index
    assert index.search("Alsayer Trading")[0].company_key == "A"
    index.add(1, "C", "Al-Sayer Trading")
    assert index.search("Alsayer Trading")[0].company_key == "C"
    index.remove(1)
    assert all(c.company_key != "C" for c in index.search("Alsayer Trading"))
    with pytest.raises(KeyError):
        index.remove(1)
    assert index.company_count == 1


def test_thresholds_are_validated():
    with pytest.raises(ValueError, match="thresholds"):
        MatchThresholds(match=0.5, review=0.7)


BAD_INPUTS = ["", "   ", "\x00\x00", "😀🎉", "\u200f\u202b\u2067", "...,,,", "ـــ"]


@pytest.mark.parametrize("text", BAD_INPUTS)
def test_bad_input_raises_invalid_name(text):
    with pytest.raises(InvalidName):
        parse_name(text)
    assert name_key(text) == ""
    assert compare_names(text, "Al-Mutairi") == (0.0, NONE)


@pytest.mark.parametrize("text", BAD_INPUTS)
def test_bad_input_gives_none_decision(matcher, text):
    result = matcher.match(text)
    assert result.decision == NONE and result.reasons


def test_non_string_is_invalid():
    with pytest.raises(InvalidName):
        parse_name(42)  # type: ignore[arg-type]


def test_long_mixed_and_control_input_is_capped(matcher):
    long_text = ("Al-Mutairi المطيري \x00 \u202e Trading 😀 " * 400)[:10240]
    assert len(long_text) == 10240
    assert len(parse_name(long_text).tokens) <= 24
    assert matcher.match(long_text).decision in (MATCH, REVIEW, NONE)


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=80))
def test_name_key_is_idempotent(text):
    key = name_key(text)
    assert name_key(key) == key


WORDS = [
    "Al-Mutairi",
    "المطيري",
    "Trading",
    "للتجارة",
    "W.L.L.",
    "ذ.م.م",
    "Co",
    "&",
    "و",
    "Gen.",
    "Nukhba",
    "Ad Dawsari",
    "للقوى",
    "العاملة",
    "Golden",
    "A",
    "B",
    "S.A.",
    "Est",
    "١٢",
    "Abdul",
    "Rahman",
]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(WORDS), min_size=1, max_size=8))
def test_name_key_is_idempotent_on_name_words(words):
    key = name_key(" ".join(words))
    assert name_key(key) == key
    if key:
        assert parse_name(key).key == name_key(key)


FAMILIES = ["Al-Mutairi", "Behbehani", "Al-Otaibi", "Al-Ghanim", "Boodai", "Al-Kharafi"]
ACTIVITIES = ["General Trading", "Cleaning Services", "Manpower", "Real Estate", "Transport"]
FORMS = ["W.L.L.", "ذ.م.م", "Co."]


@pytest.fixture(scope="module")
def vocab_index() -> NameIndex:
    index = NameIndex()
    for n, (family, activity) in enumerate((f, a) for f in FAMILIES for a in ACTIVITIES):
        index.add(n, f"{family}/{activity}", f"{family} {activity}")
    return index


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.sampled_from(FAMILIES), st.sampled_from(ACTIVITIES), st.sampled_from(FORMS))
def test_legal_form_does_not_change_the_best_match(vocab_index, family, activity, form):
    plain = vocab_index.search(f"{family} {activity}")[0].company_key
    assert plain == f"{family}/{activity}"
    assert vocab_index.search(f"{family} {activity} {form}")[0].company_key == plain
    assert vocab_index.search(f"{form} {family} {activity}")[0].company_key == plain


PAIRS = Path(__file__).resolve().parents[3].parent / "shared" / "benchmarks" / "data" / "org-name-pairs.csv"


@pytest.mark.skipif(not PAIRS.exists(), reason="shared benchmark file not present")
def test_org_name_pairs_f1_at_the_default_threshold():
    strict, loose = evaluate(PAIRS)
    print(
        f"\norg-name-pairs at default: match F1 {strict.f1:.3f} "
        f"(P {strict.precision:.3f} R {strict.recall:.3f}); "
        f"match-or-review F1 {loose.f1:.3f}"
    )
    with PAIRS.open(encoding="utf-8") as handle:
        assert strict.pairs == sum(1 for _ in csv.DictReader(handle))
    # Measured 0.83 (P 0.97, R 0.72) at the untuned default; this guards against regressions, it is
    # not the 0.90 goal (see registry/matching/README.md for what stands between the two).
    assert strict.f1 >= 0.8
    assert strict.precision >= 0.95
