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


@dataclass(frozen=True, slots=True)
class Lines:
    """What a name says of its business: glossary families, and which labour trade (if one)."""

    families: frozenset[str] = frozenset()
    labour: str = ""

    def contradict(self, other: Lines) -> bool:
        """True if both state a line of business and no line is common to them."""
        if self.families and other.families and not self.families & other.families:
            return True
        return bool(self.labour and other.labour and self.labour != other.labour)

    def __or__(self, other: Lines) -> Lines:
        """The lines of two names of one company: a labour trade only when they agree on one."""
        both = self.labour and other.labour and self.labour != other.labour
        return Lines(self.families | other.families, "" if both else self.labour or other.labour)


def primary_families(tokens: Sequence[Token]) -> frozenset[str]:
    """The lines of business TOKENS name, "general" and "services" only when they name no other."""
    named = {t.family for t in tokens if t.family}
    return frozenset((named - vocab.GENERIC_FAMILIES) or (named - {"general"}))


def labour_trade(tokens: Sequence[Token]) -> str:
    """DOMESTIC for domestic workers ("Domestic Manpower Supply" too), SUPPLY for manpower, else ""."""
    concepts = {t.concept for t in tokens}
    if concepts & _DOMESTIC_CONCEPTS:
        return DOMESTIC
    labour = any(t.family == "labour" for t in tokens)
    return SUPPLY if labour and concepts & _SUPPLY_CONCEPTS else ""


def lines_of(tokens: Sequence[Token]) -> Lines:
    """The lines of business TOKENS state."""
    return Lines(primary_families(tokens), labour_trade(tokens))


def contradict(left: Sequence[Token], right: Sequence[Token]) -> bool:
    """True if the two names state lines of business and none in common (lines_of, compared cheaply)."""
    families_left, families_right = primary_families(left), primary_families(right)
    if families_left and families_right and not families_left & families_right:
        return True
    if "labour" not in families_left or "labour" not in families_right:
        return False
    trade_left, trade_right = labour_trade(left), labour_trade(right)
    return bool(trade_left and trade_right and trade_left != trade_right)
