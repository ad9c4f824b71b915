"""The catalogue of violation codes, seeded by migration, with severities and legal grounds."""

from __future__ import annotations

from enum import StrEnum

from sqlalchemy import String
from sqlmodel import Field, SQLModel


class Severity(StrEnum):
    """How grave a violation is; critical ones alone justify recommending a listing."""

    LOW = "low"
    MEDIUM = "medium"
    HIGH = "high"
    CRITICAL = "critical"


class ViolationCode(SQLModel, table=True):
    """One kind of violation an inspector can find or a complaint can allege."""

    __tablename__ = "violation_code"

    code: str = Field(primary_key=True, max_length=40)
    title_en: str = Field(max_length=200, nullable=False)
    title_ar: str = Field(max_length=200, nullable=False)
    severity: str = Field(sa_type=String(10), nullable=False)
    legal_basis: str = Field(max_length=500, nullable=False)
    ilo_indicator: str | None = Field(default=None, max_length=120)
