"""The NameMention aggregate: distinct spellings of company names seen in the wild, and decisions on them."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import JSON, Column, Index, String, UniqueConstraint
from sqlmodel import Field, SQLModel

from registry.models.types import UTCDateTime, timestamp_column, utcnow


class MatchDecision(StrEnum):
    """What the matcher concluded about a name."""

    MATCH = "match"
    REVIEW = "review"
    NONE = "none"


class MentionStatus(StrEnum):
    """Where a mention stands: decided by the matcher, waiting for a person, or decided by one."""

    MATCHED = "matched"
    PENDING = "pending"
    CONFIRMED = "confirmed"
    REJECTED = "rejected"
    UNMATCHED = "unmatched"


class NameMention(SQLModel, table=True):
    """One distinct spelling (by normalised key) of a company name, as people wrote it."""

    __tablename__ = "name_mention"
    __table_args__ = (
        UniqueConstraint("key", name="uq_name_mention_key"),
        Index("ix_name_mention_status", "status"),
    )

    id: int | None = Field(default=None, primary_key=True)
    text: str = Field(max_length=300, nullable=False)
    key: str = Field(max_length=300, nullable=False)
    source: str = Field(max_length=60, nullable=False)
    occurrences: int = Field(default=1, nullable=False)
    decision: str = Field(sa_type=String(10), nullable=False)
    status: str = Field(sa_type=String(10), nullable=False)
    score: float = Field(default=0.0, nullable=False)
    best_company_id: int | None = Field(default=None, foreign_key="company.id", ondelete="SET NULL")
    company_id: int | None = Field(default=None, foreign_key="company.id", index=True, ondelete="SET NULL")
    candidates: list[dict[str, Any]] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    reasons: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    resolved_by: str | None = Field(default=None, max_length=120)
    resolved_at: datetime | None = Field(default=None, sa_column=Column(UTCDateTime(), nullable=True))
    created_at: datetime = Field(default_factory=utcnow, sa_column=timestamp_column())
    updated_at: datetime = Field(default_factory=utcnow, sa_column=timestamp_column())


class MatchRejection(SQLModel, table=True):
    """A person said this spelling is not this company: never propose the pair again."""

    __tablename__ = "match_rejection"
    __table_args__ = (UniqueConstraint("mention_key", "company_id", name="uq_match_rejection"),)

    id: int | None = Field(default=None, primary_key=True)
    mention_key: str = Field(max_length=300, nullable=False, index=True)
    company_id: int = Field(foreign_key="company.id", nullable=False, ondelete="CASCADE")
    rejected_by: str = Field(max_length=120, nullable=False)
    created_at: datetime = Field(default_factory=utcnow, sa_column=timestamp_column())
