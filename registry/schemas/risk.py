"""Risk scores, their history and the inspection list, as the API and the command line show them."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from pydantic import BaseModel, ConfigDict


class ReasonRead(BaseModel):
    """One reason behind a score; weight in log-odds for the model, in points for points."""

    code: str
    text_en: str
    text_ar: str
    weight: float


class RiskScoreRead(BaseModel):
    """One stored computation of a company's risk."""

    model_config = ConfigDict(from_attributes=True)

    computed_at: datetime
    score: float | None
    points: float
    tier: str
    recommend_listing: bool
    source: str
    model_version: str | None
    reasons: list[ReasonRead]
    point_reasons: list[ReasonRead]
    fallback_reason: str | None


class CompanyRisk(BaseModel):
    """A company's latest score with its reasons, and how its risk changed (newest first)."""

    company_id: int
    external_id: str
    latest: RiskScoreRead | None
    history: list[RiskScoreRead]


class PriorityRead(BaseModel):
    """One company on the inspection list; reason is "risk" (ranked) or "random" (drawn by lot)."""

    rank: int
    reason: str
    company_id: int
    external_id: str
    name_en: str | None
    name_ar: str | None
    score: float | None
    points: float
    tier: str


class PriorityList(BaseModel):
    """The inspection list: ranked by model probability when every company has one, else by points."""

    ranked_by: str
    random_share: float
    random_count: int
    scored_at: datetime | None
    items: list[PriorityRead]


class RescoreSummary(BaseModel):
    """What one scoring run stored."""

    computed_at: datetime
    only_changed: bool
    scored: int
    by_tier: dict[str, int]
    recommend_listing: int
    source: str | None
    model_version: str | None
    fallback_reason: str | None


class TrainSummary(BaseModel):
    """What one training run produced and decided."""

    trained: bool
    promoted: bool
    reason: str
    version: str | None = None
    snapshots: int = 0
    period_start: date | None = None
    period_end: date | None = None
    metrics: dict[str, Any] | None = None
    current_version: str | None = None
    current_metrics: dict[str, Any] | None = None
    model_path: str | None = None
    card_path: str | None = None
