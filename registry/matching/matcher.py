"""The facade: match a mention against an index, or compare two names, with one set of thresholds."""

from __future__ import annotations

from collections.abc import Iterable

from registry.matching.compare import compare
from registry.matching.decide import (
    DEFAULT_THRESHOLDS,
    NONE,
    MatchResult,
    MatchThresholds,
    decide,
    pair_decision,
)
from registry.matching.errors import InvalidName
from registry.matching.index import NameIndex


class Matcher:
    """Matches mentions (complaint text) to registered companies: MATCH, REVIEW or NONE."""

    def __init__(
        self, index: NameIndex | None = None, thresholds: MatchThresholds = DEFAULT_THRESHOLDS
    ) -> None:
        self.index = index if index is not None else NameIndex()
        self.thresholds = thresholds

    @classmethod
    def from_rows(
        cls, rows: Iterable[tuple[int, str, str]], thresholds: MatchThresholds = DEFAULT_THRESHOLDS
    ) -> Matcher:
        """A matcher over (name_id, company_key, text) rows; rows whose text is not a name are skipped."""
        index = NameIndex()
        for name_id, company_key, text in rows:
            try:
                index.add(name_id, company_key, text)
            except InvalidName:
                continue
        return cls(index, thresholds)

    def match(self, text: str) -> MatchResult:
        """Decide which company TEXT names; text that is not a name gives NONE with the reason."""
        try:
            candidates = self.index.search(text)
        except InvalidName as error:
            return MatchResult(NONE, None, 0.0, (f"not a name: {error}",))
        return decide(candidates, self.thresholds)


def compare_names(
    name1: str, name2: str, thresholds: MatchThresholds = DEFAULT_THRESHOLDS
) -> tuple[float, str]:
    """Score two names and decide MATCH, REVIEW or NONE; a text that is not a name gives (0.0, NONE)."""
    try:
        result = compare(name1, name2)
    except InvalidName:
        return 0.0, NONE
    return result.score, pair_decision(result.score, result.strong, thresholds)
