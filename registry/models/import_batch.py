"""Bulk files received from other authorities, and the rows each one rejected."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy import Column, String, Text, UniqueConstraint
from sqlmodel import Field, SQLModel

from registry.models.types import UTCDateTime, timestamp_column, utcnow


class BatchStatus(StrEnum):
    """Where an import stands; a batch left running by a crash, or failed, completes when run again."""

    RUNNING = "running"
    COMPLETED = "completed"
    FAILED = "failed"


class ImportBatch(SQLModel, table=True):
    """One file imported (or being imported), identified by its kind, source and content hash."""

    __tablename__ = "import_batch"
    __table_args__ = (UniqueConstraint("kind", "source", "file_sha256", name="uq_import_batch_file"),)

    id: int | None = Field(default=None, primary_key=True)
    kind: str = Field(sa_type=String(20), nullable=False)
    source: str = Field(max_length=60, nullable=False)
    file_name: str = Field(max_length=300, nullable=False)
    file_sha256: str = Field(max_length=64, nullable=False)
    status: str = Field(sa_type=String(10), nullable=False)
    rows_read: int = Field(default=0, nullable=False)
    inserted: int = Field(default=0, nullable=False)
    duplicates: int = Field(default=0, nullable=False)
    rejected: int = Field(default=0, nullable=False)
    started_at: datetime = Field(default_factory=utcnow, sa_column=timestamp_column())
    finished_at: datetime | None = Field(default=None, sa_column=Column(UTCDateTime(), nullable=True))
    # Why the last run stopped, when it failed; cleared when a run starts again.
    error: str | None = Field(default=None, sa_column=Column(Text, nullable=True))


class ImportRejection(SQLModel, table=True):
    """A row of an import file that was not taken, with where and why."""

    __tablename__ = "import_rejection"
    __table_args__ = (UniqueConstraint("batch_id", "line", name="uq_import_rejection_line"),)

    id: int | None = Field(default=None, primary_key=True)
    batch_id: int = Field(foreign_key="import_batch.id", index=True, nullable=False)
    line: int = Field(nullable=False)
    column: str | None = Field(default=None, max_length=60)
    reason: str = Field(max_length=1000, nullable=False)
