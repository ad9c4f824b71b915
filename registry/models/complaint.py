"""The Complaint aggregate: a report of abuse, its status history, and the protected complainant."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy import JSON, Column, Index, String, Text, UniqueConstraint
from sqlmodel import Field, SQLModel

from registry.models.types import timestamp_column, utcnow


class Channel(StrEnum):
    """How a complaint reached the authority."""

    WEB = "web"
    HOTLINE = "hotline"
    WALK_IN = "walk_in"
    EMBASSY = "embassy"
    NGO = "ngo"
    INSPECTION_REFERRAL = "inspection_referral"
    OTHER_AUTHORITY = "other_authority"


class ReporterType(StrEnum):
    """Who reported: the victim or someone on their behalf."""

    VICTIM = "victim"
    RELATIVE = "relative"
    CO_WORKER = "co_worker"
    NGO = "ngo"
    EMBASSY = "embassy"
    ANONYMOUS = "anonymous"


class ComplaintStatus(StrEnum):
    """Where a complaint stands."""

    RECEIVED = "received"
    TRIAGED = "triaged"
    UNDER_INVESTIGATION = "under_investigation"
    SUBSTANTIATED = "substantiated"
    UNSUBSTANTIATED = "unsubstantiated"
    CLOSED = "closed"


class Complainant(SQLModel, table=True):
    """Who complained; every identifying field is encrypted at rest, and the row is optional."""

    __tablename__ = "complainant"

    id: int | None = Field(default=None, primary_key=True)
    name_enc: str | None = Field(default=None, sa_column=Column(Text, nullable=True))
    phone_enc: str | None = Field(default=None, sa_column=Column(Text, nullable=True))
    document_enc: str | None = Field(default=None, sa_column=Column(Text, nullable=True))
    nationality_enc: str | None = Field(default=None, sa_column=Column(Text, nullable=True))
    created_at: datetime = Field(default_factory=utcnow, sa_column=timestamp_column())


class Complaint(SQLModel, table=True):
    """A report of abuse against a company, as written, with the company it was matched to."""

    __tablename__ = "complaint"
    # Few indexes on purpose: bulk files of a million rows must load fast. content_hash is the one
    # idempotency key (a hash of source + source_ref when the source gives a reference).
    __table_args__ = (
        UniqueConstraint("content_hash", name="uq_complaint_content_hash"),
        Index("ix_complaint_company_received", "company_id", "received_at"),
    )

    id: int | None = Field(default=None, primary_key=True)
    follow_up_code: str = Field(max_length=24, nullable=False, sa_column_kwargs={"unique": True})
    received_at: datetime = Field(sa_column=timestamp_column())
    channel: str = Field(sa_type=String(20), nullable=False)
    reporter_type: str = Field(sa_type=String(12), nullable=False)
    language: str | None = Field(default=None, max_length=8)
    company_name_written: str = Field(max_length=300, nullable=False)
    mention_id: int | None = Field(default=None, foreign_key="name_mention.id")
    company_id: int | None = Field(default=None, foreign_key="company.id")
    match_decision: str = Field(sa_type=String(10), nullable=False)
    match_score: float = Field(default=0.0, nullable=False)
    categories: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    narrative: str | None = Field(default=None, sa_column=Column(Text, nullable=True))
    status: str = Field(default=ComplaintStatus.RECEIVED, sa_type=String(20), nullable=False)
    assigned_inspector: str | None = Field(default=None, max_length=120)
    corridor: str | None = Field(default=None, max_length=2)
    consent_to_share: bool = Field(default=False, nullable=False)
    complainant_id: int | None = Field(default=None, foreign_key="complainant.id")
    reporter_key: str | None = Field(default=None, max_length=64)
    source: str = Field(max_length=60, nullable=False)
    source_ref: str | None = Field(default=None, max_length=120)
    content_hash: str = Field(max_length=64, nullable=False)
    import_batch_id: int | None = Field(default=None, foreign_key="import_batch.id")
    created_at: datetime = Field(default_factory=utcnow, sa_column=timestamp_column())
    updated_at: datetime = Field(default_factory=utcnow, sa_column=timestamp_column())


class ComplaintStatusChange(SQLModel, table=True):
    """One transition of a complaint's status: who, when, why. Never updated or deleted."""

    __tablename__ = "complaint_status_change"

    id: int | None = Field(default=None, primary_key=True)
    complaint_id: int = Field(foreign_key="complaint.id", index=True, nullable=False)
    from_status: str | None = Field(default=None, sa_type=String(20))
    to_status: str = Field(sa_type=String(20), nullable=False)
    reason: str = Field(max_length=1000, nullable=False)
    actor: str = Field(max_length=120, nullable=False)
    at: datetime = Field(default_factory=utcnow, sa_column=timestamp_column())


def complaint_reference(complaint_id: int) -> str:
    """The reference officials and other states cite a complaint by: never its follow-up code.

    The follow-up code lets whoever holds it follow the complaint as its reporter, so it stays with
    the reporter; records that point at a complaint (partnerships, exports) carry this instead.
    """
    return f"KW-C-{complaint_id:08d}"
