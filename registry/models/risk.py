"""Risk scores and the models that produced them; score history is append-only, never rewritten."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, Column, Index, String
from sqlmodel import Field, SQLModel

from registry.models.types import UTCDateTime, timestamp_column, utcnow


class RiskScore(SQLModel, table=True):
    """One computation of a company's risk: score, tier, points and why, as it was at computed_at.

    Rows are only ever inserted (the migration adds triggers that refuse UPDATE and DELETE), so the
    history shows how a company's risk changed and on which evidence.
    """

    __tablename__ = "risk_score"
    __table_args__ = (Index("ix_risk_score_company_computed", "company_id", "computed_at"),)

    id: int | None = Field(default=None, primary_key=True)
    company_id: int = Field(foreign_key="company.id", nullable=False)
    computed_at: datetime = Field(default_factory=utcnow, sa_column=timestamp_column())
    score: float | None = Field(default=None)
    points: float = Field(nullable=False)
    tier: str = Field(sa_type=String(10), nullable=False)
    recommend_listing: bool = Field(default=False, nullable=False)
    source: str = Field(sa_type=String(20), nullable=False)
    model_version: str | None = Field(default=None, max_length=64)
    reasons: list[dict[str, Any]] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    point_reasons: list[dict[str, Any]] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    fallback_reason: str | None = Field(default=None, max_length=300)


class RiskModelVersion(SQLModel, table=True):
    """A trained model file: where it lies, its checksum, its metrics, and whether it is in use."""

    __tablename__ = "risk_model_version"

    id: int | None = Field(default=None, primary_key=True)
    version: str = Field(max_length=64, nullable=False, sa_column_kwargs={"unique": True})
    trained_at: datetime = Field(default_factory=utcnow, sa_column=timestamp_column())
    file_path: str = Field(max_length=500, nullable=False)
    sha256: str = Field(max_length=64, nullable=False)
    metrics: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    promoted: bool = Field(default=False, nullable=False)
    promoted_at: datetime | None = Field(default=None, sa_column=Column(UTCDateTime(), nullable=True))
    period_start: date = Field(nullable=False)
    period_end: date = Field(nullable=False)
