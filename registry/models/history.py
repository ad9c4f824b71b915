"""Company history: merges, splits and moved names, kept forever so old ids and decisions still resolve."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import JSON, Column, String
from sqlmodel import Field, SQLModel

from registry.models.types import timestamp_column, utcnow


class CompanyAction(StrEnum):
    """What happened to a company's identity."""

    MERGED_INTO = "merged_into"
    ABSORBED = "absorbed"
    SPLIT_INTO = "split_into"
    SPLIT_FROM = "split_from"
    NAME_MOVED_OUT = "name_moved_out"
    NAME_MOVED_IN = "name_moved_in"


class CompanyEvent(SQLModel, table=True):
    """One change to a company's identity, with who did it and why."""

    __tablename__ = "company_event"

    id: int | None = Field(default=None, primary_key=True)
    company_id: int = Field(foreign_key="company.id", index=True, nullable=False)
    action: str = Field(sa_type=String(20), nullable=False)
    other_company_id: int | None = Field(default=None, foreign_key="company.id")
    detail: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    actor: str = Field(max_length=120, nullable=False)
    reason: str = Field(max_length=1000, nullable=False)
    at: datetime = Field(default_factory=utcnow, sa_column=timestamp_column())
