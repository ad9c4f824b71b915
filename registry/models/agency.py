"""The recruitment chain: foreign agencies in the workers' countries, and who works with whom.

A Kuwaiti office recruits through agencies licensed by the origin country's authority (the
Philippines' DMW, Nepal's DoFE, India's eMigrate, Bangladesh's BMET, Sri Lanka's SLBFE...). A
partnership says which office works with which agency, from when to when, and how the registry knows
(a PAM record, a contract seen by an inspector, a complaint). A mention ties a complaint or an
inspection finding to the agency it names: fees charged before departure and contract substitution
happen in the origin country.
"""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum

from sqlalchemy import Column, ForeignKey, Index, Integer, String, UniqueConstraint
from sqlmodel import Field, SQLModel

from registry.models.types import UTCDateTime, timestamp_column, utcnow


class AgencyStatus(StrEnum):
    """The agency's standing with its own country's licensing authority, when known."""

    ACTIVE = "active"
    SUSPENDED = "suspended"
    CANCELLED = "cancelled"
    EXPIRED = "expired"
    BLACKLISTED = "blacklisted"
    UNKNOWN = "unknown"


# Statuses at home that are a warning sign by themselves.
BAD_HOME_STATUSES = frozenset({AgencyStatus.SUSPENDED, AgencyStatus.CANCELLED, AgencyStatus.BLACKLISTED})


class AgencyNameKind(StrEnum):
    """Why the registry knows a name of a foreign agency."""

    OFFICIAL = "official"
    LOCAL = "local"
    TRADE = "trade"
    FORMER = "former"
    OBSERVED = "observed"


class PartnershipSource(StrEnum):
    """How the registry knows that an office works with an agency."""

    PAM_RECORD = "pam_record"
    INSPECTION_CONTRACT = "inspection_contract"
    COMPLAINT = "complaint"


class MentionSubject(StrEnum):
    """What names the agency: a complaint, or a finding of an inspection."""

    COMPLAINT = "complaint"
    FINDING = "finding"


class ForeignAgency(SQLModel, table=True):
    """A recruitment agency licensed (or operating) in a workers' country of origin."""

    __tablename__ = "foreign_agency"
    __table_args__ = (
        UniqueConstraint("country", "licence_no", name="uq_foreign_agency_licence"),
        Index("ix_foreign_agency_country", "country"),
    )

    id: int | None = Field(default=None, primary_key=True)
    external_id: str = Field(max_length=64, nullable=False, sa_column_kwargs={"unique": True})
    country: str = Field(max_length=2, nullable=False)
    name_latin: str = Field(max_length=300, nullable=False)
    name_local: str | None = Field(default=None, max_length=300)
    local_script: str | None = Field(default=None, sa_type=String(20))
    licence_no: str | None = Field(default=None, max_length=64)
    licence_authority: str | None = Field(default=None, max_length=60)
    status: str = Field(default=AgencyStatus.UNKNOWN, sa_type=String(12), nullable=False)
    status_checked_on: date | None = None
    address: str | None = Field(default=None, max_length=500)
    created_at: datetime = Field(default_factory=utcnow, sa_column=timestamp_column())
    updated_at: datetime = Field(default_factory=utcnow, sa_column=timestamp_column())


class ForeignAgencyName(SQLModel, table=True):
    """One name an agency is known by, in any script, with the matcher's key."""

    __tablename__ = "foreign_agency_name"
    __table_args__ = (
        UniqueConstraint("agency_id", "text", name="uq_foreign_agency_name"),
        Index("ix_foreign_agency_name_key", "key"),
    )

    id: int | None = Field(default=None, primary_key=True)
    agency_id: int = Field(
        sa_column=Column(
            Integer,
            ForeignKey("foreign_agency.id", name="fk_foreign_agency_name_agency", ondelete="CASCADE"),
            nullable=False,
            index=True,
        )
    )
    text: str = Field(max_length=300, nullable=False)
    script: str = Field(sa_type=String(20), nullable=False)
    kind: str = Field(sa_type=String(10), nullable=False)
    key: str = Field(max_length=300, nullable=False)


class Partnership(SQLModel, table=True):
    """An office in Kuwait working with a foreign agency, from one date to another, per one source."""

    __tablename__ = "partnership"
    __table_args__ = (
        UniqueConstraint("company_id", "agency_id", "source", "source_ref", name="uq_partnership_source"),
    )

    id: int | None = Field(default=None, primary_key=True)
    company_id: int = Field(
        sa_column=Column(
            Integer, ForeignKey("company.id", name="fk_partnership_company"), nullable=False, index=True
        )
    )
    agency_id: int = Field(
        sa_column=Column(
            Integer, ForeignKey("foreign_agency.id", name="fk_partnership_agency"), nullable=False, index=True
        )
    )
    since: date | None = None
    until: date | None = None
    source: str = Field(sa_type=String(20), nullable=False)
    # The record, contract or complaint reference; "" when the source gives none (unique key part).
    source_ref: str = Field(default="", max_length=120, nullable=False)
    complaint_id: int | None = Field(
        default=None,
        sa_column=Column(Integer, ForeignKey("complaint.id", name="fk_partnership_complaint"), nullable=True),
    )
    inspection_id: int | None = Field(
        default=None,
        sa_column=Column(
            Integer, ForeignKey("inspection.id", name="fk_partnership_inspection"), nullable=True
        ),
    )
    recorded_by: str = Field(max_length=120, nullable=False)
    created_at: datetime = Field(default_factory=utcnow, sa_column=timestamp_column())
    updated_at: datetime = Field(default_factory=utcnow, sa_column=timestamp_column())


class AgencyMention(SQLModel, table=True):
    """A complaint or an inspection finding naming a foreign agency, as written and as matched."""

    __tablename__ = "agency_mention"
    __table_args__ = (
        UniqueConstraint("dedupe_key", name="uq_agency_mention"),
        Index("ix_agency_mention_agency_received", "agency_id", "complaint_received_at", "complaint_status"),
    )

    id: int | None = Field(default=None, primary_key=True)
    subject: str = Field(sa_type=String(10), nullable=False)
    complaint_id: int | None = Field(
        default=None,
        sa_column=Column(
            Integer, ForeignKey("complaint.id", name="fk_agency_mention_complaint"), nullable=True, index=True
        ),
    )
    finding_id: int | None = Field(
        default=None,
        sa_column=Column(
            Integer, ForeignKey("finding.id", name="fk_agency_mention_finding"), nullable=True, index=True
        ),
    )
    agency_id: int | None = Field(
        default=None,
        sa_column=Column(
            Integer,
            ForeignKey("foreign_agency.id", name="fk_agency_mention_agency"),
            nullable=True,
        ),
    )
    # A copy of the complaint's status and date, kept current by a database trigger on complaint
    # (migration 0008), so a chain counts a partner's complaints from this table's index alone.
    complaint_status: str | None = Field(default=None, sa_type=String(20))
    complaint_received_at: datetime | None = Field(
        default=None, sa_column=Column(UTCDateTime(), nullable=True)
    )
    name_written: str = Field(max_length=300, nullable=False)
    country: str | None = Field(default=None, max_length=2)
    decision: str = Field(sa_type=String(10), nullable=False)
    score: float = Field(default=0.0, nullable=False)
    # subject:id:name key, so importing the same file twice adds nothing.
    dedupe_key: str = Field(max_length=400, nullable=False)
    recorded_by: str = Field(max_length=120, nullable=False)
    created_at: datetime = Field(default_factory=utcnow, sa_column=timestamp_column())
