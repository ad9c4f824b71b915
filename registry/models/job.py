"""Scheduled work: the leadership lease and the record of every run, one per (job, scheduled time)."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import JSON, Column, Index, String, Text, UniqueConstraint
from sqlmodel import Field, SQLModel

from registry.models.types import UTCDateTime, timestamp_column, utcnow


class RunState(StrEnum):
    """Where a run stands. Only `succeeded` is final for good; a failed slot may be retried."""

    QUEUED = "queued"
    RUNNING = "running"
    SUCCEEDED = "succeeded"
    FAILED = "failed"


class RunTrigger(StrEnum):
    """Why a run exists: its schedule, a person asking, or a leader catching up a missed slot."""

    SCHEDULE = "schedule"
    MANUAL = "manual"
    CATCH_UP = "catch_up"


class JobLease(SQLModel, table=True):
    """Who schedules now: one row per lease name, renewed by the holder, taken over once expired.

    The epoch grows by one at every change of holder; a run records the epoch it ran under, so a
    deposed leader's late commit is refused (fencing).
    """

    __tablename__ = "job_lease"

    name: str = Field(primary_key=True, max_length=40)
    holder: str = Field(max_length=200, nullable=False)
    epoch: int = Field(nullable=False)
    acquired_at: datetime = Field(sa_column=timestamp_column())
    renewed_at: datetime = Field(sa_column=timestamp_column())
    expires_at: datetime = Field(sa_column=timestamp_column())


class JobRun(SQLModel, table=True):
    """One slot of one job: claimed once, run (again only if interrupted or failed), never twice done."""

    __tablename__ = "job_run"
    __table_args__ = (
        UniqueConstraint("job", "scheduled_for", name="uq_job_run_slot"),
        Index("ix_job_run_state", "state"),
        Index("ix_job_run_started", "started_at"),
    )

    id: int | None = Field(default=None, primary_key=True)
    job: str = Field(max_length=40, nullable=False)
    scheduled_for: datetime = Field(sa_column=Column(UTCDateTime(), nullable=False))
    trigger: str = Field(sa_type=String(10), nullable=False)
    state: str = Field(sa_type=String(10), nullable=False)
    attempts: int = Field(default=0, nullable=False)
    epoch: int = Field(default=0, nullable=False)
    runner: str | None = Field(default=None, max_length=200)
    created_at: datetime = Field(default_factory=utcnow, sa_column=timestamp_column())
    started_at: datetime | None = Field(default=None, sa_column=Column(UTCDateTime(), nullable=True))
    finished_at: datetime | None = Field(default=None, sa_column=Column(UTCDateTime(), nullable=True))
    counts: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    error: str | None = Field(default=None, sa_column=Column(Text, nullable=True))
