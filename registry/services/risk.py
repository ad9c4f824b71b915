"""Risk scoring in the registry: rescore companies, show a company's risk, list whom to inspect.

The pure work happens in `scoring`; this service feeds it the stored history and appends every
result to the score history, which is never rewritten. The clock is the caller's as_of.
"""

from __future__ import annotations

import hashlib
import random
from collections import Counter
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlmodel import Session

from registry.errors import InvalidInput
from registry.repositories import companies as company_repo
from registry.repositories import risk as risk_repo
from registry.repositories.risk import AnyRow
from registry.schemas.risk import (
    CompanyRisk,
    PriorityList,
    PriorityRead,
    RescoreSummary,
    RiskScoreRead,
)
from registry.services import risk_models
from registry.services.company_identity import resolve
from registry.services.risk_events import RiskEvents
from registry.services.risk_load import load_events
from registry.services.risk_training import train
from scoring.config import DEFAULT_CONFIG, ScoringConfig
from scoring.explain import Reason
from scoring.model import TrainedModel
from scoring.priorities import PriorityItem, inspection_priorities
from scoring.scores import CompanyScore, score_companies

__all__ = ["company_risk", "priorities", "rescore", "train"]

HISTORY_LIMIT = 100
MAX_PRIORITIES = 10_000
_FALLBACK_LENGTH = 300


def rescore(
    session: Session,
    *,
    as_of: datetime,
    only_changed: bool,
    model_dir: Path,
    config: ScoringConfig = DEFAULT_CONFIG,
) -> RescoreSummary:
    """Score every live company (or those changed since their last score) at as_of; append the scores."""
    changed = risk_repo.changed_companies(session) if only_changed else None
    events = load_events(session, companies=changed)
    current = risk_models.current_model(session, model_dir=model_dir, config=config)
    scores = _score(events, as_of, current.model, config)
    risk_repo.insert_scores(session, [_row(s, as_of, current.fallback_reason) for s in scores])
    return _summary(scores, as_of, only_changed, current.fallback_reason)


def _score(
    events: RiskEvents, as_of: datetime, model: TrainedModel | None, config: ScoringConfig
) -> list[CompanyScore]:
    if not events.companies:
        return []  # scoring's reason codes need at least one row; nothing to score is no error
    day = as_of.astimezone(UTC).date()
    scored = (events.companies, events.complaints_at(day), events.findings, events.inspections)
    return score_companies(*scored, as_of=day, model=model, config=config)


def _reasons(reasons: Sequence[Reason]) -> list[dict[str, Any]]:
    # Written out rather than dataclasses.asdict, which deep-copies and was a fifth of a rescore.
    return [
        {"code": r.code, "text_en": r.text_en, "text_ar": r.text_ar, "weight": round(r.weight, 4)}
        for r in reasons
    ]


def _row(score: CompanyScore, computed_at: datetime, fallback: str | None) -> dict[str, Any]:
    why = fallback if score.source == "points_only" and fallback else score.fallback_reason
    return {
        "company_id": int(score.company_id),
        "computed_at": computed_at,
        "score": score.probability,
        "points": round(score.points, 4),
        "tier": score.tier,
        "recommend_listing": score.recommend_listing,
        "source": score.source,
        "model_version": score.model_version,
        "reasons": _reasons(score.reasons),
        "point_reasons": _reasons(score.point_reasons),
        "fallback_reason": why[:_FALLBACK_LENGTH] if why else None,
    }


def _summary(
    scores: Sequence[CompanyScore], as_of: datetime, only_changed: bool, fallback: str | None
) -> RescoreSummary:
    first = scores[0] if scores else None
    return RescoreSummary(
        computed_at=as_of,
        only_changed=only_changed,
        scored=len(scores),
        by_tier=dict(Counter(s.tier for s in scores)),
        recommend_listing=sum(s.recommend_listing for s in scores),
        source=first.source if first else None,
        model_version=first.model_version if first else None,
        fallback_reason=fallback if first and first.source == "points_only" else None,
    )


def company_risk(session: Session, *, company_id: int, history_limit: int = HISTORY_LIMIT) -> CompanyRisk:
    """A company's latest score and reasons (English and Arabic) and its score history, newest first."""
    company = resolve(session, company_id=company_id)
    rows = risk_repo.history(session, company.id or 0, limit=history_limit)
    history = [RiskScoreRead.model_validate(r) for r in rows]
    return CompanyRisk(
        company_id=company.id or 0,
        external_id=company.external_id,
        latest=history[0] if history else None,
        history=history,
    )


def priorities(session: Session, *, count: int, random_share: float, seed: int | None = None) -> PriorityList:
    """The inspection list over the latest scores, with random_share of it drawn by lot from the rest."""
    if not 1 <= count <= MAX_PRIORITIES or not 0.0 <= random_share <= 1.0:
        raise InvalidInput(f"count must lie in 1..{MAX_PRIORITIES} and random_share in 0..1")
    rows = {int(r.company_id): r for r in risk_repo.latest_all(session)}
    by_probability = bool(rows) and all(r.score is not None for r in rows.values())
    values = {str(cid): float(r.score if by_probability else r.points) for cid, r in rows.items()}
    scored_at = max((r.computed_at for r in rows.values()), default=None)
    rng = random.Random(seed if seed is not None else _draw_seed(scored_at))
    items = inspection_priorities(values, count=count, random_share=random_share, rng=rng)
    return PriorityList(
        ranked_by="probability" if by_probability else "points",
        random_share=random_share,
        random_count=sum(i.reason == "random" for i in items),
        scored_at=scored_at,
        items=_priority_rows(session, items, rows),
    )


def _draw_seed(scored_at: datetime | None) -> int:
    """One draw per scoring run: reloading the list cannot re-roll which companies were drawn."""
    stamp = scored_at.isoformat() if scored_at else "never scored"
    return int.from_bytes(hashlib.sha256(stamp.encode()).digest()[:8], "big")


def _priority_rows(
    session: Session, items: Sequence[PriorityItem], rows: dict[int, AnyRow]
) -> list[PriorityRead]:
    companies = company_repo.get_many(session, [int(i.company_id) for i in items])
    out = []
    for item in items:
        cid = int(item.company_id)
        company, row = companies[cid], rows[cid]
        out.append(
            PriorityRead(
                rank=item.rank,
                reason=item.reason,
                company_id=cid,
                external_id=company.external_id,
                name_en=company.name_en,
                name_ar=company.name_ar,
                score=row.score,
                points=row.points,
                tier=row.tier,
            )
        )
    return out
