"""The Inspection aggregate: a labour inspection of a company and what it found."""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum

from sqlalchemy import Column, Index, String, Text, UniqueConstraint
from sqlmodel import Field, SQLModel

from registry.models.types import timestamp_column, utcnow


class InspectionOutcome(StrEnum):
    """What an inspection concluded."""

    COMPLIANT = "compliant"
    VIOLATIONS_FOUND = "violations_found"
    REFERRED_FOR_PROSECUTION = "referred_for_prosecution"
    PREMISES_CLOSED = "premises_closed"
    NOT_COMPLETED = "not_completed"


class Inspection(SQLModel, table=True):
    """One visit by an inspector to a company's site."""

    __tablename__ = "inspection"
    __table_args__ = (
        UniqueConstraint("source", "source_ref", name="uq_inspection_source_ref"),
        Index("ix_inspection_company_date", "company_id", "inspected_on"),
    )

    id: int | None = Field(default=None, primary_key=True)
    inspected_on: date = Field(nullable=False)
    inspector: str = Field(max_length=120, nullable=False)
    company_id: int | None = Field(default=None, foreign_key="company.id")
    company_name_written: str | None = Field(default=None, max_length=300)
    mention_id: int | None = Field(default=None, foreign_key="name_mention.id")
    site: str | None = Field(default=None, max_length=300)
    workers_interviewed: int = Field(default=0, ge=0, nullable=False)
    outcome: str = Field(sa_type=String(30), nullable=False)
    notes: str | None = Field(default=None, sa_column=Column(Text, nullable=True))
    source: str = Field(max_length=60, nullable=False)
    source_ref: str = Field(max_length=120, nullable=False)
    import_batch_id: int | None = Field(default=None, foreign_key="import_batch.id")
    created_at: datetime = Field(default_factory=utcnow, sa_column=timestamp_column())


class Finding(SQLModel, table=True):
    """One violation found during an inspection."""

    __tablename__ = "finding"

    id: int | None = Field(default=None, primary_key=True)
    inspection_id: int = Field(foreign_key="inspection.id", index=True, nullable=False)
    violation_code: str = Field(foreign_key="violation_code.code", max_length=40, nullable=False)
    severity: str = Field(sa_type=String(10), nullable=False)
    workers_affected: int = Field(default=1, ge=0, nullable=False)
    evidence_note: str | None = Field(default=None, max_length=2000)
