"""The index: the exact-name fast path, legal forms as tie-breakers, pruning, add and remove."""

from __future__ import annotations

import random

import pytest

import registry.matching.index as index_module
from registry.matching import MATCH, NONE, REVIEW, Matcher, NameIndex, decide, parse_name
from registry.matching.index import CANDIDATE_FLOOR, _Query
from registry.matching.rank import QueryLinks
from tests.registry.matching.synthetic import make_registry, mention_of, name_rows, negative_mention

SIBLINGS = [
    (1, "A", "Al-Hilal Cleaning Co. W.L.L."),
    (2, "B", "Al-Hilal Cleaning Est."),
    (3, "C", "Al-Najma Golden Transport Co. K.S.C.C."),
    (4, "C", "شركة النجمة الذهبية للنقل ش.م.ك.م"),
    (5, "D", "Behbehani Security Services Co."),
]


@pytest.fixture(scope="module")
def siblings() -> Matcher:
    return Matcher.from_rows(SIBLINGS)


def _exhaustive(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(index_module, "MIN_SCORED", 10_000)
    monkeypatch.setattr(index_module, "MAX_SCORED", 10_000)
    monkeypatch.setattr(index_module, "WINDOW", 10.0)
    monkeypatch.setattr(index_module, "GATHER_FLOOR", 0.0)
    monkeypatch.setattr("registry.matching.rank.GATHER_BUDGET", 10**9)


def test_exact_name_is_answered_without_search(siblings):
    index = siblings.index
    candidates = index.search("Al Najma Golden Transport")
    assert [c.company_key for c in candidates] == ["C"]
    assert candidates[0].score == 1.0 and candidates[0].complete
    assert siblings.match("AL-NAJMA GOLDEN TRANSPORT CO").decision == MATCH


def test_exact_path_gives_the_decision_of_the_full_search(siblings):
    parsed = _Query(parse_name("Behbehani Security Services Co."))
    assert siblings.index._exact_match(parsed) is not None
    full = decide(siblings.index._candidates_for(parsed))
    fast = siblings.match("Behbehani Security Services Co.")
    assert (fast.decision, fast.company_key) == (full.decision, full.company_key) == (MATCH, "D")


def test_exact_path_declines_when_two_companies_share_the_words(siblings):
    assert siblings.index._exact_match(_Query(parse_name("Al-Hilal Cleaning"))) is None
    result = siblings.match("Al-Hilal Cleaning")
    assert result.decision == REVIEW
    assert any("ambiguous" in reason for reason in result.reasons)


@pytest.mark.parametrize(
    ("mention", "company"),
    [
        ("Al Hilal Cleaning Company W.L.L.", "A"),
        ("مؤسسة الهلال للتنظيف", "B"),
        ("Al-Hilal Cleaning Establishment", "B"),
    ],
)
def test_stated_legal_form_tells_apart_names_alike_in_their_words(siblings, mention, company):
    result = siblings.match(mention)
    assert (result.decision, result.company_key) == (MATCH, company)


def test_a_contradicting_form_never_outweighs_the_words():
    matcher = Matcher.from_rows([(1, "A", "Al-Fares Cleaning Co. W.L.L."), (2, "B", "Al-Fajr Cleaning Est.")])
    result = matcher.match("Al-Fares Cleaning Est.")
    assert result.company_key == "A"


def test_remove_and_re_add_keep_postings_consistent():
    index = NameIndex()
    index.add(1, "A", "Al-Sayer Trading")
    index.add(2, "B", "Boodai Trading")
    index.remove(1)
    index.add(3, "C", "Al-Sayer Transport")
    assert {c.company_key for c in index.search("Alsayer Trading")} <= {"B", "C"}
    index.add(1, "A", "Al-Sayer Trading")
    assert index.search("Alsayer Trading")[0].company_key == "A"
    assert len(index) == 3 and index.company_count == 3


def test_names_added_after_a_lookup_are_found_by_the_next_one():
    index = NameIndex()
    index.add(1, "A", "Al-Sayer Golden Cleaning")
    index.add(2, "B", "Boodai Trading")
    # The first lookup remembers the names holding "sayer"; adding one must not leave it stale.
    assert [c.company_key for c in index.search("Alsayer Cleaning")] == ["A"]
    index.add(3, "C", "Al-Sayer Cleaning")
    assert index.search("Alsayer Cleaning")[0].company_key == "C"
    index.remove(3)
    assert [c.company_key for c in index.search("Alsayer Cleaning")] == ["A"]


def test_replacing_a_name_moves_it_to_the_new_company():
    index = NameIndex()
    index.add(1, "A", "Al-Sayer Trading")
    index.add(1, "B", "Al-Sayer Trading")
    assert [c.company_key for c in index.search("Al-Sayer Trading")] == ["B"]
    assert index.company_count == 1


@pytest.fixture(scope="module")
def synthetic_index() -> tuple[NameIndex, list[tuple[str, str | None]]]:
    registry = make_registry(3000, seed=5)
    index = NameIndex()
    index.add_many(name_rows(registry))
    rng = random.Random(9)
    taken = {company.identity for company in registry}
    mentions: list[tuple[str, str | None]] = [
        (mention_of(rng.choice(registry), rng), None) for _ in range(240)
    ]
    mentions += [(negative_mention(rng, taken), None) for _ in range(60)]
    return index, mentions


def test_pruning_never_drops_the_best_candidate(synthetic_index, monkeypatch):
    index, mentions = synthetic_index
    pruned = [index.search(text) for text, _ in mentions]
    _exhaustive(monkeypatch)
    index._postings._forget()
    checked = 0
    for (text, _), found in zip(mentions, pruned, strict=True):
        full = index.search(text)
        assert decide(found).decision == decide(full).decision, text
        if not full or full[0].score < CANDIDATE_FLOOR:
            continue
        checked += 1
        assert found[0].score == full[0].score, text
        assert found[0].company_key in {c.company_key for c in full if c.score == full[0].score}, text
    assert checked > 200


def test_estimate_is_at_least_the_full_score_of_the_best_name(synthetic_index):
    index, mentions = synthetic_index
    for text, _ in mentions[:120]:
        query = _Query(parse_name(text))
        words = [QueryLinks(t, index._vocab.links(t)) for t in query.parsed.content]
        slots, estimates = index._postings.estimate(words)
        estimate = dict(zip(slots.tolist(), estimates.tolist(), strict=True))
        for slot, result in index._score(query)[:3]:
            if slot in estimate:
                assert estimate[slot] >= result.score - 1e-4, text  # scores are rounded to 4 places


def test_a_mention_whose_rare_word_is_unknown_gathers_no_common_word():
    index = NameIndex()
    for n in range(30):
        index.add(n, f"C{n}", f"Al-Family{chr(97 + n % 26)}{n} Cleaning Services")
    # Whatever holds "cleaning services", it lacks the unknown proper noun: at most 0.45/2.45.
    assert index.search("Zebraqq Cleaning Services") == []
    assert index.search("Al-Familya0 Cleaning Services")[0].company_key == "C0"


def test_unknown_words_give_no_candidates_or_none():
    index = NameIndex()
    index.add(1, "A", "Al-Sayer Trading")
    assert decide(index.search("Zebra Aviation")).decision == NONE


TRADE_NAMES = [
    (1, "A", "Aisha Al-Bahar Integrated Domestic Labour Recruitment Office"),
    (2, "A", "Aisha Al-Bahar Dom. Lab. Rec."),
    (3, "B", "Aisha Al-Bahar Domestic Labour Recruitment Co. W.L.L."),
    (4, "C", "شركة تركي بودي الكويتية لتوريد القوى العاملة ش.م.ك.م"),
    (5, "C", "شركة تركي بودي"),
    (6, "D", "شركة تركي بودي لتوريد القوى العاملة ذ.م.م"),
    (7, "E", "شركة الفيروز المتميزة لجلب العمالة المنزلية ذ.م.م"),
    (8, "F", "Al-Fayrouz Distinguished Domestic Labour Recruitment Co. W.L.L."),
    (9, "G", "شركة حمد البدر لاستقدام العمالة المنزلية ذ.م.م"),
]


@pytest.fixture(scope="module")
def trade_names() -> Matcher:
    return Matcher.from_rows(TRADE_NAMES)


@pytest.mark.parametrize(
    "mention",
    [
        # A's trade name leaves out its qualifier; B's official name has exactly these words.
        "Aisha Al-Bahar Domestic Labour Recruitment Office",
        # C's trade name is the bare personal name, which D's name holds too.
        "تركي بودي",
    ],
)
def test_a_trade_name_without_the_qualifier_is_no_automatic_match(trade_names, mention):
    assert trade_names.match(mention).decision == REVIEW


def test_verbatim_name_in_its_form_outranks_a_synonymous_name(trade_names):
    result = trade_names.match("شركة الفيروز المتميزة لجلب العمالة المنزلية ذ.م.م")
    assert (result.decision, result.company_key) == (MATCH, "E")


@pytest.mark.parametrize(
    ("mention", "company"),
    [
        # E's Arabic name word for word, no legal form; F's English name translates it.
        ("الفيروز المتميزة لجلب العمالة المنزلية", "E"),
        ("Al-Fayrouz Distinguished Domestic Labour Recruitment", "F"),
    ],
)
def test_verbatim_name_without_a_form_outranks_its_translation(trade_names, mention, company):
    result = trade_names.match(mention)
    assert (result.decision, result.company_key) == (MATCH, company)


def test_verbatim_name_in_a_form_of_neither_matches_its_company(trade_names):
    result = trade_names.match("Al-Fayrouz Distinguished Domestic Labour Recruitment Est.")
    assert (result.decision, result.company_key) == (MATCH, "F")


def test_proper_nouns_in_the_opposite_order_are_not_matched(trade_names):
    assert trade_names.match("شركة بدر الحمد لاستقدام العمالة المنزلية ذ.م.م").decision != MATCH


def test_words_of_the_other_script_are_not_crowded_out_by_many_spellings():
    latin = ["Kamma", "Kimma", "Qamma", "Gamma", "Kumma", "Komma", "Kemma", "Qimmah", "Kammi", "Gimma"]
    rows = [(n, f"L{n}", f"{word}{n} Cleaning Co.") for n, word in enumerate(latin * 2)]
    rows += [(n + 100, f"K{n}", f"{word} Trading") for n, word in enumerate(latin)]
    rows.append((999, "AR", "شركة القمة للتجارة العامة"))
    matcher = Matcher.from_rows(rows)
    assert "AR" in {c.company_key for c in matcher.index.search("Al-Qimma General Trading")}


OWNER = [
    (1, "A", "Nawaf Al-Khudair Manpower Supply Co. W.L.L."),
    (2, "A", "شركة نواف الخضير"),
]


@pytest.mark.parametrize(
    "mention", ["شركة نواف الخضير للخدمات الأمنية", "Nawaf Al-Khudair Cleaning Services"]
)
def test_a_short_trade_name_does_not_hide_the_company_s_line_of_business(mention):
    result = Matcher.from_rows(OWNER).match(mention)
    assert result.decision != MATCH
    assert "activity differs" in result.candidates[0].reasons


@pytest.mark.parametrize("mention", ["شركة نواف الخضير لتوريد العمالة", "شركة نواف الخضير"])
def test_the_company_s_own_line_of_business_still_matches_through_its_short_name(mention):
    result = Matcher.from_rows(OWNER).match(mention)
    assert result.decision == MATCH
    assert "activity differs" not in result.reasons


def test_a_short_trade_name_carries_the_company_s_labour_trade():
    office = Matcher.from_rows(
        [(1, "A", "مكتب مشاري الجيران للعمالة المنزلية"), (2, "A", "مكتب مشاري الجيران")]
    )
    result = office.match("شركة مشاري الجيران لتوريد الأيدي العاملة")
    assert result.decision != MATCH
    assert "activity differs" in result.candidates[0].reasons


def test_the_company_s_lines_follow_its_names():
    matcher = Matcher.from_rows([(2, "A", "شركة نواف الخضير")])
    mention = "شركة نواف الخضير للخدمات الأمنية"
    assert "activity differs" not in matcher.match(mention).candidates[0].reasons
    matcher.index.add(1, "A", "Nawaf Al-Khudair Manpower Supply Co. W.L.L.")
    assert "activity differs" in matcher.match(mention).candidates[0].reasons
    matcher.index.remove(1)
    assert "activity differs" not in matcher.match(mention).candidates[0].reasons


def test_a_word_the_registry_lacks_links_to_a_registered_word_one_slip_away():
    matcher = Matcher.from_rows(
        [
            (1, "A", "Aisha Al-Muslim General Trading & Contracting Co. W.L.L."),
            (2, "B", "Hessa Al-Muslim Cleaning Co. W.L.L."),
        ]
    )
    result = matcher.match("Atsha Al-Muslim General Trading & Contracting Co. W.E.L.")
    assert (result.decision, result.company_key) == (MATCH, "A")


def test_a_glossary_word_reached_by_a_slip_is_no_strong_evidence():
    matcher = Matcher.from_rows([(1, "A", "Al-Bader Gulf Labour Supply Co.")])
    result = matcher.match("Gufl Labour Supply")
    assert "gufl" not in result.candidates[0].evidence
    assert result.decision != MATCH


def test_a_changed_first_letter_links_below_a_strong_match():
    # Nader is as often another man as Bader mistyped.
    matcher = Matcher.from_rows([(1, "A", "Bader Al-Mutairi Manpower Co.")])
    assert matcher.match("Nader Al-Mutairi Manpower Co.").decision != MATCH


def test_numbers_are_not_reached_by_a_slip():
    matcher = Matcher.from_rows([(1, "A", "Star 2020 Trading Co."), (2, "B", "Star 2021 Trading Co.")])
    result = matcher.match("Star 202O Trading Co.")
    assert all("202o" not in candidate.evidence for candidate in result.candidates)


def test_a_typo_in_labour_no_longer_loses_the_company():
    # A changed letter is not read at parse ("Lafour" could be a word), but the index links a word it
    # does not hold to the registered word one slip away.
    matcher = Matcher.from_rows(
        [
            (1, "A", "Talal Al-Otaibi Domestic Labour Recruitment Office"),
            (2, "B", "Talal Al-Otaibi Cleaning Co."),
        ]
    )
    result = matcher.match("Talal Al-Otaibi Domestic Lafour Recruitment Office")
    assert (result.decision, result.company_key) == (MATCH, "A")


def test_a_misspelt_word_linked_to_a_rare_name_does_not_crowd_out_the_company(monkeypatch):
    # "Lafour" is near the family name Alasfour, which few names hold; gathered alone it would leave
    # out the company, so it is linked to "labour" too, and rarer words are gathered instead.
    monkeypatch.setattr("registry.matching.rank.GATHER_BUDGET", 2)
    matcher = Matcher.from_rows(
        [
            (1, "A", "Talal Al-Otaibi Domestic Labour Recruitment Office"),
            (2, "B", "Alasfour New Domestic Labour Recruitment Est."),
            (3, "C", "Fahad Al-Otaibi Cleaning Co."),
        ]
    )
    result = matcher.match("Talal Al-Otaibi Domestic Lafour Recruitment Office")
    assert (result.decision, result.company_key) == (MATCH, "A")


def test_a_slip_in_an_unstripped_arabic_prefix_still_finds_the_activity():
    matcher = Matcher.from_rows(
        [
            (1, "A", "شركة جاسم الشمري لتوريد الأيدي العاملة ذ.م.م"),
            (2, "B", "شركة جاسم الشمري للتنظيف ذ.م.م"),
        ]
    )
    result = matcher.match("شركة جاسم الشمري لتوري الأيدي العاملة ذ.م.م")
    assert (result.decision, result.company_key) == (MATCH, "A")


def test_a_name_less_its_first_letter_is_not_another_name():
    # بسام less its ب is one slip from سامي: the prefix is only looked behind for glossary words.
    matcher = Matcher.from_rows([(1, "A", "شركة سامي الخالدي للتجارة العامة")])
    assert matcher.match("شركة بسام الخالدي للتجارة العامة").decision != MATCH
