"""Every export that leaves the registry: who, what, for which country, when, how much, which bytes."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import JSON, Column, Index, String
from sqlmodel import Field, SQLModel

from registry.models.types import timestamp_column


class ExportKind(StrEnum):
    """What was exported."""

    EMBASSY = "embassy"
    FTM = "ftm"


class ExportLog(SQLModel, table=True):
    """One export; append-only (the database refuses UPDATE and DELETE)."""

    __tablename__ = "export_log"
    __table_args__ = (Index("ix_export_log_kind_at", "kind", "at"),)

    id: int | None = Field(default=None, primary_key=True)
    kind: str = Field(sa_type=String(10), nullable=False)
    country: str | None = Field(default=None, max_length=2)
    actor: str = Field(max_length=120, nullable=False)
    at: datetime = Field(sa_column=timestamp_column())
    counts: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    file_name: str = Field(max_length=200, nullable=False)
    sha256: str = Field(max_length=64, nullable=False)
    size: int = Field(nullable=False)
