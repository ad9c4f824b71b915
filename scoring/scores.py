"""One call that scores every company: points always, the model's probability when one is usable."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date

from scoring.config import DEFAULT_CONFIG, ScoringConfig
from scoring.encode import encode_events
from scoring.events import CompanyFacts, ComplaintEvent, FindingEvent, InspectionEvent
from scoring.explain import Reason, contribution_reasons
from scoring.features import features_from_encoded
from scoring.model import InsufficientLabels, TrainedModel
from scoring.points_batch import score_points_batch


@dataclass(frozen=True)
class CompanyScore:
    """A company's score; source is "model+points" or "points_only" (then fallback_reason says why).

    reasons are the model's reason codes, or the heaviest point contributions when there is no model;
    point_reasons always hold the heaviest point contributions, which justify tier and recommendation.
    """

    company_id: str
    points: float
    tier: str
    recommend_listing: bool
    probability: float | None
    model_version: str | None
    reasons: list[Reason]
    source: str
    fallback_reason: str | None = None
    point_reasons: list[Reason] = field(default_factory=list)


def _fallback_reason(model: InsufficientLabels | None) -> str:
    if model is None:
        return "no trained model: scored with points alone"
    return f"{model.reason}: scored with points alone"


def score_companies(
    companies: Sequence[CompanyFacts],
    complaints: Sequence[ComplaintEvent],
    findings: Sequence[FindingEvent],
    inspections: Sequence[InspectionEvent],
    *,
    as_of: date,
    model: TrainedModel | InsufficientLabels | None = None,
    config: ScoringConfig = DEFAULT_CONFIG,
) -> list[CompanyScore]:
    """Points, tier and recommendation of every company, plus the model's probability and reasons."""
    enc = encode_events(companies, complaints, findings, inspections, config=config)
    batch = score_points_batch(enc, complaints, findings, as_of=as_of, config=config)
    point_reasons = [contribution_reasons(top) for top in batch.heaviest]
    points, recommend = batch.points.tolist(), batch.recommend_listing.tolist()
    rows = list(zip(enc.company_ids, points, batch.tiers, recommend, point_reasons, strict=True))
    if not isinstance(model, TrainedModel):
        why = _fallback_reason(model)
        return [
            CompanyScore(cid, pts, tier, rec, None, None, list(pr), "points_only", why, pr)
            for cid, pts, tier, rec, pr in rows
        ]
    table = features_from_encoded(enc, as_of=as_of, config=config)
    probabilities = model.predict_proba(table).tolist()
    reasons = model.reasons(table, config)
    return [
        CompanyScore(cid, pts, tier, rec, p, model.version, why, "model+points", None, pr)
        for (cid, pts, tier, rec, pr), p, why in zip(rows, probabilities, reasons, strict=True)
    ]
