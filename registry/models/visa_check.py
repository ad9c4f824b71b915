"""Visa checks by the Public Authority of Manpower: every question asked and the answer given."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import JSON, Column, ForeignKey, Index, Integer, String
from sqlmodel import Field, SQLModel

from registry.models.types import timestamp_column


class VisaDecision(StrEnum):
    """The answer to "may this employer get work visas?"."""

    CLEAR = "clear"
    REVIEW = "review"
    REFUSE = "refuse"


class VisaCheck(SQLModel, table=True):
    """One check, kept for accountability (append-only; never shown to the company checked)."""

    __tablename__ = "visa_check"
    __table_args__ = (Index("ix_visa_check_company_checked", "company_id", "checked_at"),)

    id: int | None = Field(default=None, primary_key=True)
    checked_at: datetime = Field(sa_column=timestamp_column())
    checked_by: str = Field(max_length=120, nullable=False)
    application_ref: str | None = Field(default=None, max_length=120)
    query_external_id: str | None = Field(default=None, max_length=64)
    query_name: str | None = Field(default=None, max_length=300)
    company_id: int | None = Field(
        default=None,
        sa_column=Column(Integer, ForeignKey("company.id", name="fk_visa_check_company"), nullable=True),
    )
    decision: str = Field(sa_type=String(8), nullable=False)
    reasons: list[dict[str, Any]] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    score: float | None = None
    tier: str | None = Field(default=None, sa_type=String(10))
    listing_seq: int = Field(nullable=False)
    publication_version: int | None = None
