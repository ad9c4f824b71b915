"""Turning scored candidates into a decision: an automatic match, a person's review, or nothing."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

MATCH = "match"
REVIEW = "review"
NONE = "none"


@dataclass(frozen=True, slots=True)
class MatchThresholds:
    """Score thresholds of the decisions; the best candidate must also beat the next by MARGIN to match.

    Chosen for precision: a wrong automatic match can blacklist an innocent business, while a
    review costs a person a minute. See registry/matching/README.md for how the defaults were set.
    """

    match: float = 0.88
    review: float = 0.6
    margin: float = 0.08

    def __post_init__(self) -> None:
        if not 0.0 <= self.review <= self.match <= 1.0:
            raise ValueError("thresholds must satisfy 0 <= review <= match <= 1")
        if not 0.0 <= self.margin <= 1.0:
            raise ValueError("margin must be within [0, 1]")


DEFAULT_THRESHOLDS = MatchThresholds()


@dataclass(frozen=True, slots=True)
class Candidate:
    """A registered company scored against a mention, through its best-matching name."""

    company_key: str
    name_id: int
    name: str
    score: float
    reasons: tuple[str, ...]
    evidence: tuple[str, ...] = ()
    strong: bool = False


@dataclass(frozen=True, slots=True)
class MatchResult:
    """The decision on a mention: MATCH, REVIEW or NONE, the best company, score and reasons."""

    decision: str
    company_key: str | None
    score: float
    reasons: tuple[str, ...]
    candidates: tuple[Candidate, ...] = ()


def pair_decision(score: float, strong: bool, thresholds: MatchThresholds = DEFAULT_THRESHOLDS) -> str:
    """The decision for one pair of names: MATCH needs the threshold and a matching non-activity word."""
    if score >= thresholds.match and strong:
        return MATCH
    return REVIEW if score >= thresholds.review else NONE


def _ambiguity(best: Candidate, close: Sequence[Candidate], margin: float) -> str:
    count = len(close) + 1
    shared = [c for c in close if c.evidence and c.evidence == best.evidence]
    if shared:
        words = "', '".join(best.evidence)
        return f"{len(shared) + 1} companies share the name '{words}': ambiguous"
    return f"{count} companies score within {margin:.2f} of each other: ambiguous"


def _why_review(best: Candidate, thresholds: MatchThresholds) -> str:
    if not best.strong:
        return "no distinctive word matches: a person must decide"
    return f"score {best.score:.2f} is below the automatic-match threshold {thresholds.match:.2f}"


def decide(candidates: Sequence[Candidate], thresholds: MatchThresholds = DEFAULT_THRESHOLDS) -> MatchResult:
    """Decide on a mention from its candidates (one per company), best first or in any order."""
    ranked = tuple(sorted(candidates, key=lambda c: (-c.score, c.company_key)))
    if not ranked or ranked[0].score < thresholds.review:
        score = ranked[0].score if ranked else 0.0
        return MatchResult(NONE, None, score, ("no registered name is close enough",), ranked)
    best = ranked[0]
    close = [c for c in ranked[1:] if best.score - c.score < thresholds.margin]
    # Another plausible company resting on the very same words is a tie however the scores fall.
    close += [
        c
        for c in ranked[1:]
        if c not in close and c.score >= thresholds.review and c.evidence and c.evidence == best.evidence
    ]
    reasons = list(best.reasons)
    if close:
        reasons.append(_ambiguity(best, close, thresholds.margin))
    decision = pair_decision(best.score, best.strong, thresholds)
    if decision == MATCH and close:
        decision = REVIEW
    elif decision == REVIEW:
        reasons.append(_why_review(best, thresholds))
    return MatchResult(decision, best.company_key, best.score, tuple(reasons), ranked)
