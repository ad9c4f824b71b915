"""Small-count suppression: no shown count below the threshold, no hidden count derivable from a line."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from registry.reports.suppression import ALL, THRESHOLD, Cell, protect

_values = st.integers(min_value=0, max_value=40)
one_way = st.dictionaries(st.sampled_from("abcdefg").map(lambda k: (k,)), _values, min_size=1)
two_way = st.dictionaries(st.tuples(st.sampled_from("abcde"), st.sampled_from("vwxyz")), _values, min_size=1)


def _lines(cells: list[Cell]) -> list[list[Cell]]:
    if len(cells[0].key) == 1:
        return [cells]
    rows = {c.key[0] for c in cells}
    cols = {c.key[1] for c in cells}
    return [[c for c in cells if c.key[0] == r] for r in rows] + [
        [c for c in cells if c.key[1] == k] for k in cols
    ]


def _check(cells: list[Cell]) -> None:
    assert all(c.value is None or c.value == 0 or c.value >= THRESHOLD for c in cells)
    for line in _lines(cells):
        assert sum(c.suppressed for c in line) != 1, line


@given(one_way)
def test_one_way_tables_are_protected(counts: dict[tuple[str, ...], int]) -> None:
    _check(protect(counts))


@given(two_way)
def test_two_way_tables_with_margins_are_protected(counts: dict[tuple[str, ...], int]) -> None:
    cells = protect(counts)
    _check(cells)
    shown = {c.key: c.value for c in cells}
    assert (ALL, ALL) in shown and shown[(ALL, ALL)] in (None, sum(counts.values()))


def test_a_lone_small_count_takes_its_smallest_neighbour_with_it() -> None:
    cells = {c.key: c.value for c in protect({("hotline",): 40, ("web",): 3, ("ngo",): 7, ("embassy",): 9})}
    assert cells == {("hotline",): 40, ("web",): None, ("ngo",): None, ("embassy",): 9, (ALL,): 59}


def test_non_additive_tables_get_primary_suppression_only() -> None:
    cells = {c.key: c.value for c in protect({("a", "x"): 2, ("a", "y"): 9}, additive=False)}
    assert cells == {("a", "x"): None, ("a", "y"): 9}
