"""The lines of business a name states, and when two names state different ones."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from registry.matching import vocab
from registry.matching.parse import Token

# Kuwait licenses offices that bring in domestic workers apart from companies that supply manpower to
# businesses: one glossary family (labour), two lines of trade.
DOMESTIC = "domestic"
SUPPLY = "supply"
_DOMESTIC_CONCEPTS = frozenset({"domestic", "servants"})
_SUPPLY_CONCEPTS = frozenset({"manpower", "supplies"})
# The words that make a name domestic even beside "manpower supply" (توريد العمالة المنزلية); "home"
# and "house" are as often a brand ("Gulf Manpower House").
_PLAINLY_DOMESTIC = frozenset({"domestic", "household", "منزليه", "منزلي"})


@dataclass(frozen=True, slots=True)
class Lines:
    """What a name says of its business: glossary families, and its labour trades (DOMESTIC, SUPPLY)."""

    families: frozenset[str] = frozenset()
    labour: frozenset[str] = frozenset()

    def __bool__(self) -> bool:
        """True if the name states any line of business."""
        return bool(self.families or self.labour)

    def contradict(self, other: Lines) -> bool:
        """True if the two state families and none in common, or labour trades and none in common."""
        return _disjoint(self.families, other.families) or _disjoint(self.labour, other.labour)

    def __or__(self, other: Lines) -> Lines:
        """The lines of two names of one company, in any order: everything either states."""
        return Lines(self.families | other.families, self.labour | other.labour)


def _disjoint(left: frozenset[str], right: frozenset[str]) -> bool:
    return bool(left and right and not left & right)


def primary_families(tokens: Sequence[Token]) -> frozenset[str]:
    """The lines of business TOKENS name, "general" and "services" only when they name no other."""
    named = {t.family for t in tokens if t.family}
    return frozenset((named - vocab.GENERIC_FAMILIES) or (named - {"general"}))


def labour_trade(tokens: Sequence[Token]) -> frozenset[str]:
    """The labour trades TOKENS state: DOMESTIC, SUPPLY, both, or none."""
    concepts = {t.concept for t in tokens}
    supply = any(t.family == "labour" for t in tokens) and bool(concepts & _SUPPLY_CONCEPTS)
    if not concepts & _DOMESTIC_CONCEPTS:
        return frozenset({SUPPLY}) if supply else frozenset()
    if supply and not any(t.text in _PLAINLY_DOMESTIC for t in tokens):
        return frozenset({DOMESTIC, SUPPLY})
    return frozenset({DOMESTIC})


def lines_of(tokens: Sequence[Token]) -> Lines:
    """The lines of business TOKENS state."""
    return Lines(primary_families(tokens), labour_trade(tokens))


def contradict(left: Sequence[Token], right: Sequence[Token]) -> bool:
    """lines_of(LEFT).contradict(lines_of(RIGHT)), reading the labour trades only when both are of labour."""
    families_left, families_right = primary_families(left), primary_families(right)
    if _disjoint(families_left, families_right):
        return True
    # Every labour trade comes with a word of the labour family (tested), so without it there is none.
    if "labour" not in families_left or "labour" not in families_right:
        return False
    return _disjoint(labour_trade(left), labour_trade(right))
