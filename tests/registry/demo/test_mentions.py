"""Labelled mentions for the matching benchmark: the right share unregistered, labels that tell the truth."""

from __future__ import annotations

from collections import Counter

import pytest

from registry.demo import LabelledMention, generate_mentions, parse_name
from registry.matching.normalize import detect_script
from registry.schemas.company import CompanyCreate

_LABELS = {
    "exact",
    "spelling",
    "typo",
    "case",
    "arabic_orthography",
    "legal_form_missing",
    "legal_form_different",
    "abbreviation",
    "partial",
    "translated_order",
    "word_order",
    "cross_script",
}


def _by_id(companies: list[CompanyCreate]) -> dict[str, CompanyCreate]:
    return {c.external_id: c for c in companies}


def test_the_same_seed_gives_the_same_mentions(
    companies: list[CompanyCreate], mentions: list[LabelledMention]
) -> None:
    assert generate_mentions(companies, seed=3, count=1500) == mentions
    assert generate_mentions(companies, seed=4, count=1500) != mentions


def test_a_fifth_are_unregistered(mentions: list[LabelledMention]) -> None:
    assert len(mentions) == 1500
    assert sum(m.external_id is None for m in mentions) == 300


def test_the_unregistered_share_is_adjustable(companies: list[CompanyCreate]) -> None:
    found = generate_mentions(companies, count=200, unregistered_share=0.5)
    assert sum(m.external_id is None for m in found) == 100
    assert all(m.external_id is None for m in generate_mentions([], count=20, unregistered_share=1.0))


def test_impossible_requests_are_refused(companies: list[CompanyCreate]) -> None:
    with pytest.raises(ValueError, match="between 0 and 1"):
        generate_mentions(companies, unregistered_share=1.5)
    with pytest.raises(ValueError, match="at least one company"):
        generate_mentions([], count=10)


def test_registered_mentions_point_at_registered_companies(
    companies: list[CompanyCreate], mentions: list[LabelledMention]
) -> None:
    known = _by_id(companies)
    assert all(m.external_id in known for m in mentions if m.external_id is not None)
    assert len({m.mention_id for m in mentions}) == len(mentions)
    assert all(m.name.strip() for m in mentions)


def test_labels_name_known_transformations(mentions: list[LabelledMention]) -> None:
    labels = Counter(label for m in mentions for label in m.variant.split("+"))
    assert set(labels) == _LABELS
    assert labels["exact"] < 0.3 * len(mentions)


def test_exact_mentions_are_official_names(
    companies: list[CompanyCreate], mentions: list[LabelledMention]
) -> None:
    known = _by_id(companies)
    for mention in mentions:
        if mention.variant == "exact" and mention.external_id:
            company = known[mention.external_id]
            assert mention.name in (company.name_en, company.name_ar)


def test_cross_script_mentions_are_the_real_equivalent(
    companies: list[CompanyCreate], mentions: list[LabelledMention]
) -> None:
    known = _by_id(companies)
    crossed = [m for m in mentions if m.variant == "cross_script"]
    assert len(crossed) >= 10
    for mention in crossed:
        company = known[mention.external_id or ""]
        registered = company.name_en or company.name_ar or ""
        assert detect_script(mention.name) != detect_script(registered)
        written, official = parse_name(mention.name), parse_name(registered)
        assert written is not None and official is not None
        assert written.full_key == official.full_key


def test_partial_names_stay_unique(companies: list[CompanyCreate], mentions: list[LabelledMention]) -> None:
    words = Counter(parts.word_key for c in companies if (parts := parse_name(c.name_en or c.name_ar or "")))
    known = _by_id(companies)
    partial = [m for m in mentions if "partial" in m.variant.split("+") and m.external_id]
    assert partial
    for mention in partial:
        company = known[mention.external_id or ""]
        parts = parse_name(company.name_en or company.name_ar or "")
        assert parts is not None and words[parts.word_key] == 1


def test_a_wrong_legal_form_is_stated_only_where_the_words_are_unique(
    companies: list[CompanyCreate], mentions: list[LabelledMention]
) -> None:
    """Otherwise the mention fits the companies sharing the words as well as its own."""
    cores = Counter(parts.core_key for c in companies if (parts := parse_name(c.name_en or c.name_ar or "")))
    known = _by_id(companies)
    wrong = [m for m in mentions if "legal_form_different" in m.variant.split("+") and m.external_id]
    assert wrong
    for mention in wrong:
        company = known[mention.external_id or ""]
        parts = parse_name(company.name_en or company.name_ar or "")
        assert parts is not None and cores[parts.core_key] == 1


def test_unregistered_mentions_look_like_registered_ones(
    companies: list[CompanyCreate], mentions: list[LabelledMention]
) -> None:
    official = {n for c in companies for n in (c.name_en, c.name_ar, *c.aliases) if n}
    registered_words = {
        parts.entry.arabic for c in companies if (parts := parse_name(c.name_en or c.name_ar or ""))
    }
    outside = [m for m in mentions if m.external_id is None]
    assert not official & {m.name for m in outside}
    exact = [parse_name(m.name) for m in outside if m.variant == "exact"]
    sharing = [parts for parts in exact if parts is not None and parts.entry.arabic in registered_words]
    assert len(sharing) > 0.5 * len(exact) > 0


def test_both_scripts_are_mentioned(mentions: list[LabelledMention]) -> None:
    scripts = Counter(detect_script(m.name) for m in mentions)
    assert scripts["arabic"] > 0.3 * len(mentions)
    assert scripts["latin"] > 0.4 * len(mentions)


def test_names_from_elsewhere_are_only_misspelt() -> None:
    outsiders = [
        CompanyCreate(external_id="X-1", name_en="Acme Widgets Trading"),
        CompanyCreate(external_id="X-2", name_ar="شركة أكمي للأدوات"),
    ]
    found = generate_mentions(outsiders, seed=1, count=60, unregistered_share=0.0)
    assert {m.external_id for m in found} == {"X-1", "X-2"}
    assert {label for m in found for label in m.variant.split("+")} <= {
        "exact",
        "typo",
        "case",
        "arabic_orthography",
    }
    assert all(detect_script(m.name) == ("latin" if m.external_id == "X-1" else "arabic") for m in found)
