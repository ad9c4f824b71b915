"""The Officer aggregate: people who own, manage or sign for companies."""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum

from sqlalchemy import String, UniqueConstraint
from sqlmodel import Field, SQLModel

from registry.models.types import timestamp_column, utcnow


class OfficerRole(StrEnum):
    """An officer's role in a company."""

    OWNER = "owner"
    PARTNER = "partner"
    MANAGER = "manager"
    SIGNATORY = "signatory"


class IdentityType(StrEnum):
    """The identity document a person is known by."""

    CIVIL_ID = "civil_id"
    PASSPORT = "passport"


class Officer(SQLModel, table=True):
    """A natural person; one row per identity document, so reopened companies share the row."""

    __tablename__ = "officer"
    __table_args__ = (UniqueConstraint("id_type", "id_number", name="uq_officer_identity"),)

    id: int | None = Field(default=None, primary_key=True)
    full_name: str = Field(max_length=300, nullable=False)
    id_type: str = Field(sa_type=String(10), nullable=False)
    id_number: str = Field(max_length=40, nullable=False)
    nationality: str | None = Field(default=None, max_length=2)
    created_at: datetime = Field(default_factory=utcnow, sa_column=timestamp_column())


class CompanyOfficer(SQLModel, table=True):
    """An officer's role in one company, from one date to another."""

    __tablename__ = "company_officer"
    __table_args__ = (UniqueConstraint("company_id", "officer_id", "role", name="uq_company_officer_role"),)

    id: int | None = Field(default=None, primary_key=True)
    company_id: int = Field(foreign_key="company.id", index=True, nullable=False, ondelete="CASCADE")
    officer_id: int = Field(foreign_key="officer.id", index=True, nullable=False, ondelete="CASCADE")
    role: str = Field(sa_type=String(12), nullable=False)
    since: date | None = None
    until: date | None = None
