"""Scoring two names symmetrically, with the notes on legal forms and scripts a reviewer needs."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from rapidfuzz.distance import Indel

from registry.matching.align import (
    OMITTED,
    SYMMETRIC,
    WEIGHTS,
    Alignment,
    TokenSimilarity,
    align,
    align_scored,
    explain,
)
from registry.matching.parse import ENTITY_FORMS, ParsedName, Token, parse_name
from registry.matching.similarity import MIN_TOKEN_SIMILARITY, STRONG_TOKEN_SIMILARITY, token_similarity

__all__ = [
    "MIN_TOKEN_SIMILARITY",
    "OMITTED",
    "STRONG_TOKEN_SIMILARITY",
    "SYMMETRIC",
    "WEIGHTS",
    "Alignment",
    "PairScore",
    "align",
    "align_scored",
    "compare",
    "explain",
    "form_script_notes",
    "score_tokens",
    "script_reasons",
    "token_similarity",
]

# Names that differ only in how words are split ("Good Will" and "Goodwill", "SiemensAG") or in one
# letter of the joined text.
JOINED_MIN = 0.95
JOINED_FACTOR = 0.97


@dataclass(frozen=True, slots=True)
class PairScore:
    """How alike two names are, in [0, 1], with the reasons a person can check."""

    score: float
    reasons: tuple[str, ...]
    evidence: tuple[str, ...] = ()
    strong: bool = False


def score_tokens(
    query: Sequence[Token],
    cand: Sequence[Token],
    similarity: TokenSimilarity = token_similarity,
    omitted: dict[str, float] | None = None,
) -> PairScore:
    """Score content tokens of a mention against a registered name; OMITTED=None compares symmetrically."""
    result = align(query, cand, similarity, omitted)
    return PairScore(result.score, explain(result), result.evidence, result.strong)


def script_reasons(query: ParsedName, cand: ParsedName) -> list[str]:
    """Notes on legal forms and scripts that the score leaves aside on purpose."""
    return form_script_notes(query.legal_forms, query.script, cand.legal_forms, cand.script)


def form_script_notes(
    query_forms: Iterable[str],
    query_script: str,
    cand_forms: Iterable[str],
    cand_script: str,
    form_use: str = "ignored",
) -> list[str]:
    """Notes on the legal forms and scripts of a mention and a name; FORM_USE says what the form is for."""
    reasons: list[str] = []
    left, right = set(query_forms) - ENTITY_FORMS, set(cand_forms) - ENTITY_FORMS
    if left and right and not left & right:
        shown = "/".join(sorted(left)).upper(), "/".join(sorted(right)).upper()
        reasons.append(f"legal form differs ({shown[0]} vs {shown[1]}) — {form_use}")
    names = {"arabic": "Arabic", "latin": "English"}
    if {query_script, cand_script} == {"arabic", "latin"}:
        reasons.append(f"cross-script: {names[query_script]} mention vs {names[cand_script]} registered name")
    return reasons


def _joined(name: ParsedName) -> str:
    return "".join(t.text.replace(" ", "") for t in name.tokens)


def _joined_score(left: ParsedName, right: ParsedName) -> float:
    """The score of two names written with their words split differently ("Good Will", "Goodwill")."""
    joined = _joined(left), _joined(right)
    if len(left.tokens) == len(right.tokens) or left.script != right.script:
        return 0.0
    if [c for c in joined[0] if c.isdigit()] != [c for c in joined[1] if c.isdigit()]:
        return 0.0
    similarity = Indel.normalized_similarity(*joined)
    return round(similarity * JOINED_FACTOR, 4) if similarity >= JOINED_MIN else 0.0


def compare(name1: str | ParsedName, name2: str | ParsedName) -> PairScore:
    """Score two names symmetrically; raise InvalidName if either is not a name."""
    left = name1 if isinstance(name1, ParsedName) else parse_name(name1)
    right = name2 if isinstance(name2, ParsedName) else parse_name(name2)
    result = score_tokens(left.content, right.content)
    notes = tuple(script_reasons(left, right))
    joined = _joined_score(left, right)
    if joined > result.score:
        reason = f"same letters with the words split differently ({_joined(left)})"
        return PairScore(joined, (reason, *notes), (_joined(left),), True)
    return PairScore(result.score, result.reasons + notes, result.evidence, result.strong)
