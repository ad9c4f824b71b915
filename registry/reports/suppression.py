"""Small-count suppression for tables shared outside the authority.

Primary suppression hides every count from 1 to threshold - 1. Secondary (complementary) suppression
then hides more cells until no row, column or margin has exactly one hidden entry, since a lone
hidden count could be recovered by subtracting the shown ones from the total. This is the classic
heuristic (hide the smallest remaining count of the offending line), written here because the
statistical-disclosure packages on PyPI are either R bindings or unmaintained; it is small and
tested with hypothesis against the two properties that matter.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

ALL = "all"
THRESHOLD = 5

Key = tuple[str, ...]


@dataclass(frozen=True)
class Cell:
    """A count as published: the value, or None when it is suppressed."""

    key: Key
    value: int | None

    @property
    def suppressed(self) -> bool:
        """Whether the count is hidden."""
        return self.value is None


def protect(counts: Mapping[Key, int], *, additive: bool = True, threshold: int = THRESHOLD) -> list[Cell]:
    """Every cell of a one- or two-dimensional table, with margins when ADDITIVE, counts below
    THRESHOLD suppressed, and complementary cells suppressed so no hidden count can be derived."""
    full = _with_margins(counts) if additive else dict(counts)
    hidden = {key for key, value in full.items() if 0 < value < threshold}
    if additive:
        _complement(full, hidden, _lines(full))
    return [Cell(key, None if key in hidden else value) for key, value in sorted(full.items())]


def _with_margins(counts: Mapping[Key, int]) -> dict[Key, int]:
    dims = {len(key) for key in counts} or {1}
    if dims not in ({1}, {2}):
        raise ValueError("only one- or two-dimensional tables are supported")
    full = dict(counts)
    if dims == {1}:
        full[(ALL,)] = sum(counts.values())
        return full
    rows = sorted({r for r, _ in counts})
    cols = sorted({c for _, c in counts})
    for r in rows:
        for c in cols:
            full.setdefault((r, c), 0)
        full[(r, ALL)] = sum(counts.get((r, c), 0) for c in cols)
    for c in cols:
        full[(ALL, c)] = sum(counts.get((r, c), 0) for r in rows)
    full[(ALL, ALL)] = sum(counts.values())
    return full


def _lines(full: Mapping[Key, int]) -> list[list[Key]]:
    """The sets of cells that add up: each line of cells with its margin."""
    if all(len(key) == 1 for key in full):
        return [list(full)]
    rows = {r for r, _ in full}
    cols = {c for _, c in full}
    lines: list[list[Key]] = [[(r, c) for c in cols if (r, c) in full] for r in rows]
    lines += [[(r, c) for r in rows if (r, c) in full] for c in cols]
    return lines


def _complement(full: Mapping[Key, int], hidden: set[Key], lines: list[list[Key]]) -> None:
    changed = True
    while changed:
        changed = False
        for line in lines:
            if sum(key in hidden for key in line) != 1:
                continue
            shown = [key for key in line if key not in hidden]
            if not shown:
                continue
            # The smallest count hides the least; a zero reveals nothing when hidden but protects too.
            hidden.add(min(shown, key=lambda k: (full[k] == 0, full[k], k)))
            changed = True
