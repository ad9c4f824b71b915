"""The Company aggregate: a licensed business, its names and its phone numbers."""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum

from sqlalchemy import Column, ForeignKey, Index, Integer, String, UniqueConstraint
from sqlmodel import Field, SQLModel

from registry.models.types import timestamp_column, utcnow


class Activity(StrEnum):
    """What kind of recruitment business a company runs."""

    DOMESTIC_LABOUR = "domestic_labour"
    MANPOWER_SUPPLY = "manpower_supply"
    GENERAL_TRADING_CONTRACTING = "general_trading_contracting"
    CLEANING = "cleaning"
    SECURITY = "security"
    OTHER = "other"


class LicenceStatus(StrEnum):
    """Where the company's licence stands with the authority."""

    ACTIVE = "active"
    SUSPENDED = "suspended"
    EXPIRED = "expired"
    CANCELLED = "cancelled"
    UNKNOWN = "unknown"


class Governorate(StrEnum):
    """Kuwait's six governorates."""

    CAPITAL = "capital"
    HAWALLI = "hawalli"
    FARWANIYA = "farwaniya"
    MUBARAK_AL_KABEER = "mubarak_al_kabeer"
    AHMADI = "ahmadi"
    JAHRA = "jahra"


class NameScript(StrEnum):
    """The writing system of a name."""

    LATIN = "latin"
    ARABIC = "arabic"
    MIXED = "mixed"
    OTHER = "other"


class NameKind(StrEnum):
    """Why the registry knows a name: registered, trading as, used before, or seen in the wild."""

    OFFICIAL = "official"
    TRADE = "trade"
    FORMER = "former"
    OBSERVED = "observed"


# Optimistic locking: SQLAlchemy adds "AND version = :old" to every UPDATE and raises StaleDataError
# when another writer got there first. The mapper needs the Column object itself, hence module level.
_version_column = Column("version", Integer, nullable=False)


class Company(SQLModel, table=True):
    """A recruitment business known to the authority."""

    __tablename__ = "company"
    __table_args__ = (
        Index("ix_company_governorate_activity", "governorate", "activity"),
        Index("ix_company_licence_status", "licence_status"),
    )

    id: int | None = Field(default=None, primary_key=True)
    external_id: str = Field(max_length=64, sa_column_kwargs={"unique": True}, nullable=False)
    name_en: str | None = Field(default=None, max_length=300)
    name_ar: str | None = Field(default=None, max_length=300)
    legal_form: str | None = Field(default=None, max_length=40)
    activity: str = Field(default=Activity.OTHER, sa_type=String(40))
    licence_no: str | None = Field(default=None, max_length=64)
    licence_status: str = Field(default=LicenceStatus.UNKNOWN, sa_type=String(20))
    licence_issued: date | None = None
    licence_expires: date | None = None
    governorate: str | None = Field(default=None, sa_type=String(30))
    address: str | None = Field(default=None, max_length=500)
    sponsored_workers: int | None = Field(default=None, ge=0)
    merged_into_id: int | None = Field(
        default=None,
        sa_column=Column(Integer, ForeignKey("company.id", name="fk_company_merged_into_id"), index=True),
    )
    version: int = Field(default=1, sa_column=_version_column)
    created_at: datetime = Field(default_factory=utcnow, sa_column=timestamp_column())
    updated_at: datetime = Field(default_factory=utcnow, sa_column=timestamp_column())

    __mapper_args__ = {"version_id_col": _version_column}


class CompanyName(SQLModel, table=True):
    """One name a company is known by, with the key the matcher compares."""

    __tablename__ = "company_name"
    __table_args__ = (
        UniqueConstraint("company_id", "text", name="uq_company_name_company_text"),
        Index("ix_company_name_key", "key"),
    )

    id: int | None = Field(default=None, primary_key=True)
    company_id: int = Field(foreign_key="company.id", index=True, nullable=False, ondelete="CASCADE")
    text: str = Field(max_length=300, nullable=False)
    script: str = Field(sa_type=String(10), nullable=False)
    kind: str = Field(sa_type=String(10), nullable=False)
    source: str = Field(default="registry", max_length=60)
    key: str = Field(max_length=300, nullable=False)
    created_at: datetime = Field(default_factory=utcnow, sa_column=timestamp_column())


class CompanyPhone(SQLModel, table=True):
    """A phone number of a company, kept in a canonical form so shared numbers can be found."""

    __tablename__ = "company_phone"
    __table_args__ = (UniqueConstraint("company_id", "number", name="uq_company_phone"),)

    id: int | None = Field(default=None, primary_key=True)
    company_id: int = Field(foreign_key="company.id", index=True, nullable=False, ondelete="CASCADE")
    number: str = Field(max_length=20, index=True, nullable=False)


class CompanyNameChange(SQLModel, table=True):
    """Append-only log of name changes, so every process can bring its in-memory name index up to date."""

    __tablename__ = "company_name_change"

    seq: int | None = Field(default=None, primary_key=True)
    name_id: int = Field(nullable=False)
    company_id: int | None = Field(default=None)
    op: str = Field(sa_type=String(6), nullable=False)
    at: datetime = Field(default_factory=utcnow, sa_column=timestamp_column())
