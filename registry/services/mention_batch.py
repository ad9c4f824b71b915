"""Matching each distinct spelling of a file once, however many rows repeat it."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from sqlmodel import Session

from registry.models.mention import MatchDecision, NameMention
from registry.repositories import mentions as mention_repo
from registry.repositories.bulk import insert_ignoring_conflicts
from registry.services.name_index import MatchedAhead
from registry.services.name_matching import match_many, mention_status, stored_candidate

_CHUNK = 1000


@dataclass(frozen=True, slots=True)
class MentionRef:
    """Where a spelling points: its mention, the matched company (if any), the decision and score."""

    mention_id: int
    company_id: int | None
    decision: str
    score: float


def resolve_spellings(
    session: Session,
    *,
    spellings: Mapping[str, str],
    source: str,
    ready: MatchedAhead | None = None,
) -> dict[str, MentionRef]:
    """Mentions for every key of SPELLINGS (key -> text as first written); new spellings are matched.

    READY holds what the index answered for some texts ahead of this (name_index.match_ahead).
    Occurrences are not counted here: the import counts the records it really inserted, so a re-run or
    an overlapping file never counts a record twice.
    """
    refs: dict[str, MentionRef] = {}
    keys = list(spellings)
    for start in range(0, len(keys), _CHUNK):
        chunk = keys[start : start + _CHUNK]
        existing = mention_repo.outcomes_by_keys(session, chunk)
        _add_new(session, [k for k in chunk if k not in existing], spellings, source, ready)
        refs.update({k: MentionRef(*o) for k, o in mention_repo.outcomes_by_keys(session, chunk).items()})
    return refs


def _add_new(
    session: Session,
    keys: list[str],
    spellings: Mapping[str, str],
    source: str,
    ready: MatchedAhead | None,
) -> None:
    texts = [spellings[k] for k in keys]
    outcomes = match_many(session, texts=texts, known_new=True, ready=ready, keys=keys)
    rows = [
        {
            "text": o.text,
            "key": key,
            "source": source,
            "occurrences": 0,
            "decision": o.decision,
            "status": mention_status(o.decision),
            "score": o.score,
            "best_company_id": o.company_id,
            "company_id": o.company_id if o.decision == MatchDecision.MATCH else None,
            "candidates": [stored_candidate(c) for c in o.candidates],
            "reasons": list(o.reasons),
        }
        for key, o in zip(keys, outcomes, strict=True)
    ]
    insert_ignoring_conflicts(session, NameMention.__table__, rows, conflict=["key"])  # type: ignore[attr-defined]
    session.flush()
