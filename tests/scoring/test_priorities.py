"""The inspection list keeps its random share, drawn from outside the top ranks and spread through it."""

from __future__ import annotations

import random

import pytest

from scoring.priorities import inspection_priorities

SCORES = {f"C{i:03d}": float(i) for i in range(200)}  # C199 is the riskiest
TOP_FIRST = sorted(SCORES, key=lambda c: -SCORES[c])


def test_random_share_is_kept_and_drawn_from_outside_the_top() -> None:
    items = inspection_priorities(SCORES, count=50, random_share=0.10, rng=random.Random(1))
    assert [i.rank for i in items] == list(range(1, 51))
    randoms = [i for i in items if i.reason == "random"]
    risks = [i for i in items if i.reason == "risk"]
    assert len(randoms) == 5
    assert [i.company_id for i in risks] == TOP_FIRST[:45]
    assert not {i.company_id for i in randoms} & set(TOP_FIRST[:45])
    assert len({i.company_id for i in items}) == 50


def test_random_picks_are_spread_through_the_list() -> None:
    items = inspection_priorities(SCORES, count=50, random_share=0.10, rng=random.Random(2))
    positions = [i.rank for i in items if i.reason == "random"]
    assert positions == [10, 20, 30, 40, 50]


def test_same_seed_same_list_and_different_seeds_differ() -> None:
    def picks(seed: int) -> list[str]:
        items = inspection_priorities(SCORES, count=40, random_share=0.25, rng=random.Random(seed))
        return [i.company_id for i in items if i.reason == "random"]

    assert picks(3) == picks(3)
    assert picks(3) != picks(4)


def test_edge_cases() -> None:
    rng = random.Random(0)
    assert len(inspection_priorities(SCORES, count=500, rng=rng)) == 200
    assert {i.reason for i in inspection_priorities(SCORES, count=20, random_share=0.0, rng=rng)} == {"risk"}
    assert inspection_priorities({}, count=10, rng=rng) == []
    assert inspection_priorities(SCORES, count=10, rng=rng)[0].company_id == "C199"
    nan_first = inspection_priorities({"a": float("nan"), "b": 1.0}, count=1, random_share=0.0, rng=rng)
    assert nan_first[0].company_id == "b"
    with pytest.raises(ValueError):
        inspection_priorities(SCORES, count=10, random_share=1.5, rng=rng)
