"""Lines of business: glossary families, the two labour trades, and a company's lines over its names."""

from __future__ import annotations

from functools import reduce
from itertools import permutations, product
from operator import or_

import pytest

from registry.matching import parse_name
from registry.matching.lines import (
    DOMESTIC,
    SUPPLY,
    Lines,
    contradict,
    labour_trade,
    lines_of,
    primary_families,
)

PHRASES = [
    "Al-Faris Domestic Workers Office",
    "Al-Faris Manpower Supply Co.",
    "Al-Faris Labour Supply",
    "Al-Faris Domestic Manpower Supply",
    "Gulf Manpower House Co.",
    "Al-Faris Labour Co.",
    "Al-Faris Servants Office",
    "Al-Faris General Trading & Contracting",
    "Al-Faris Cleaning Services",
    "Al-Faris Security & Guarding",
    "Al-Faris Co.",
    "مكتب الفارس للعمالة المنزلية",
    "شركة الفارس لتوريد العمالة",
    "شركة الفارس لتوريد القوى العاملة",
    "شركة الفارس لتوريد العمالة المنزلية",
    "الفارس للعمالة",
    "الفارس للخدمات العامة",
    "الفارس للتنظيف",
]


def _tokens(text: str):
    return parse_name(text).content


@pytest.mark.parametrize(
    ("text", "trades"),
    [
        ("Al-Faris Domestic Workers Office", {DOMESTIC}),
        ("Al-Faris Manpower Supply Co.", {SUPPLY}),
        ("Al-Faris Domestic Manpower Supply", {DOMESTIC}),
        ("شركة الفارس لتوريد العمالة المنزلية", {DOMESTIC}),
        ("Gulf Manpower House Co.", {DOMESTIC, SUPPLY}),
        ("Al-Faris Labour Co.", set()),
        ("الفارس للعمالة", set()),
    ],
)
def test_the_labour_trades_a_name_states(text, trades):
    assert labour_trade(_tokens(text)) == trades


def test_a_company_s_lines_do_not_depend_on_the_order_of_its_names():
    names = [
        "Al-Faris Domestic Workers Office",
        "Al-Faris Manpower Supply Co.",
        "مكتب الفارس للعمالة المنزلية",
    ]
    merged = {reduce(or_, (lines_of(_tokens(n)) for n in order), Lines()) for order in permutations(names)}
    assert len(merged) == 1
    both = merged.pop()
    for mention in ("Al-Faris Manpower Co.", "Al-Faris Domestic Workers"):
        assert not both.contradict(lines_of(_tokens(mention)))


def test_every_labour_trade_comes_with_the_labour_family():
    # contradict() reads the trades only when both names are of the labour family.
    for text in PHRASES:
        tokens = _tokens(text)
        assert not labour_trade(tokens) or "labour" in primary_families(tokens), text


def test_the_quick_comparison_is_the_full_one():
    for left, right in product(PHRASES, repeat=2):
        a, b = _tokens(left), _tokens(right)
        assert contradict(a, b) == lines_of(a).contradict(lines_of(b)), (left, right)


def test_a_house_in_a_manpower_name_is_a_brand_not_domestic_work():
    assert not contradict(_tokens("Gulf Manpower House Co."), _tokens("Gulf Manpower Supply Co."))
    assert contradict(_tokens("Gulf Domestic Manpower Supply"), _tokens("Gulf Manpower Supply Co."))


def test_a_name_without_a_line_of_business_states_none():
    assert not lines_of(_tokens("Al-Faris Co.")) and not Lines()
    assert lines_of(_tokens("Al-Faris Cleaning")) and lines_of(_tokens("الفارس للعمالة"))
