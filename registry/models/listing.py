"""The Listing aggregate: a company's way onto the blacklist and off it, every step kept.

A listing row holds where the case stands now; every transition is also an append-only ListingEvent
(the database refuses UPDATE and DELETE on events and DELETE on listings), so the record of who did
what, when and why can be neither rewritten nor lost.
"""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import JSON, Column, ForeignKey, Index, Integer, String, UniqueConstraint
from sqlmodel import Field, SQLModel

from registry.models.types import UTCDateTime, timestamp_column, utcnow


class ListingState(StrEnum):
    """Where a listing case stands."""

    PROPOSED = "proposed"
    NOTICE_SERVED = "notice_served"
    RESPONDED = "responded"
    UNDER_APPEAL = "under_appeal"
    LISTED = "listed"
    DISMISSED = "dismissed"
    EXPIRED = "expired"
    LIFTED = "lifted"


OPEN_STATES = frozenset(
    {
        ListingState.PROPOSED,
        ListingState.NOTICE_SERVED,
        ListingState.RESPONDED,
        ListingState.UNDER_APPEAL,
        ListingState.LISTED,
    }
)
PENDING_STATES = OPEN_STATES - {ListingState.LISTED}


class ListingSource(StrEnum):
    """Who started the case: an officer, or a risk score's recommendation taken up by one."""

    OFFICER = "officer"
    SCORING = "scoring"


class GroundKind(StrEnum):
    """What a ground of a listing refers to."""

    FINDING = "finding"
    COMPLAINT = "complaint"
    COURT_RULING = "court_ruling"


class ListingAction(StrEnum):
    """The kinds of step recorded in a listing's history."""

    PROPOSED = "proposed"
    NOTICE_SERVED = "notice_served"
    RESPONSE_RECORDED = "response_recorded"
    APPEAL_RECORDED = "appeal_recorded"
    DEADLINE_PASSED = "deadline_passed"
    LISTED = "listed"
    DISMISSED = "dismissed"
    EXTENDED = "extended"
    LIFTED = "lifted"
    EXPIRED = "expired"
    PARTNER_NAMED = "partner_named"
    PARTNER_NOTICE = "partner_notice"
    PARTNER_RESPONSE = "partner_response"
    PARTNER_LIFTED = "partner_lifted"


class RemovalReason(StrEnum):
    """Why a company left the list (published with the change)."""

    EXPIRED = "expired"
    LIFTED = "lifted"
    APPEAL_WON = "appeal_won"


class LinkKind(StrEnum):
    """What ties a company to a listed or proposed one."""

    OFFICER = "officer"
    PHONE = "phone"
    ADDRESS = "address"
    NAME = "name"


class Listing(SQLModel, table=True):
    """One case against one company, from proposal to its end."""

    __tablename__ = "listing"
    __table_args__ = (Index("ix_listing_state_ends", "state", "ends_on"),)

    id: int | None = Field(default=None, primary_key=True)
    company_id: int = Field(
        sa_column=Column(
            Integer, ForeignKey("company.id", name="fk_listing_company"), nullable=False, index=True
        )
    )
    state: str = Field(sa_type=String(20), nullable=False)
    source: str = Field(sa_type=String(10), nullable=False)
    risk_score_id: int | None = Field(
        default=None,
        sa_column=Column(Integer, ForeignKey("risk_score.id", name="fk_listing_risk_score"), nullable=True),
    )
    proposed_by: str = Field(max_length=120, nullable=False)
    proposed_at: datetime = Field(sa_column=timestamp_column())
    proposal_reason: str = Field(max_length=2000, nullable=False)
    notice_served_on: date | None = None
    response_deadline: date | None = None
    deadline_passed_on: date | None = None
    decided_by: str | None = Field(default=None, max_length=120)
    decided_at: datetime | None = Field(default=None, sa_column=Column(UTCDateTime(), nullable=True))
    decision_reason: str | None = Field(default=None, max_length=2000)
    starts_on: date | None = None
    ends_on: date | None = None
    removed_on: date | None = None
    removal_reason: str | None = Field(default=None, sa_type=String(12))
    updated_at: datetime = Field(default_factory=utcnow, sa_column=timestamp_column())


class ListingGround(SQLModel, table=True):
    """One ground of a listing: an inspection finding, a complaint, or a court ruling."""

    __tablename__ = "listing_ground"

    id: int | None = Field(default=None, primary_key=True)
    listing_id: int = Field(
        sa_column=Column(
            Integer, ForeignKey("listing.id", name="fk_listing_ground_listing"), nullable=False, index=True
        )
    )
    kind: str = Field(sa_type=String(12), nullable=False)
    finding_id: int | None = Field(
        default=None,
        sa_column=Column(Integer, ForeignKey("finding.id", name="fk_listing_ground_finding"), nullable=True),
    )
    complaint_id: int | None = Field(
        default=None,
        sa_column=Column(
            Integer, ForeignKey("complaint.id", name="fk_listing_ground_complaint"), nullable=True
        ),
    )
    court_ref: str | None = Field(default=None, max_length=300)
    court_case_id: int | None = Field(
        default=None,
        sa_column=Column(
            Integer, ForeignKey("court_case.id", name="fk_listing_ground_court_case"), nullable=True
        ),
    )


class ListingEvent(SQLModel, table=True):
    """One step of a listing: who, when, why, from which state to which. Never updated or deleted."""

    __tablename__ = "listing_event"

    id: int | None = Field(default=None, primary_key=True)
    listing_id: int = Field(
        sa_column=Column(
            Integer, ForeignKey("listing.id", name="fk_listing_event_listing"), nullable=False, index=True
        )
    )
    action: str = Field(sa_type=String(20), nullable=False)
    from_state: str | None = Field(default=None, sa_type=String(20))
    to_state: str = Field(sa_type=String(20), nullable=False)
    actor: str = Field(max_length=120, nullable=False)
    at: datetime = Field(sa_column=timestamp_column())
    reason: str = Field(max_length=2000, nullable=False)
    detail: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))


class ListedPerson(SQLModel, table=True):
    """An officer listed with a company because the decision said so."""

    __tablename__ = "listed_person"
    __table_args__ = (UniqueConstraint("listing_id", "officer_id", "role", name="uq_listed_person"),)

    id: int | None = Field(default=None, primary_key=True)
    listing_id: int = Field(
        sa_column=Column(
            Integer, ForeignKey("listing.id", name="fk_listed_person_listing"), nullable=False, index=True
        )
    )
    officer_id: int = Field(
        sa_column=Column(
            Integer, ForeignKey("officer.id", name="fk_listed_person_officer"), nullable=False, index=True
        )
    )
    role: str = Field(sa_type=String(12), nullable=False)


class PartnerState(StrEnum):
    """Where a foreign partner named in a listing case stands in its own hearing."""

    NAMED = "named"
    NOTICE_SERVED = "notice_served"
    RESPONDED = "responded"
    LISTED = "listed"
    RELEASED = "released"
    LIFTED = "lifted"


class ListedPartner(SQLModel, table=True):
    """A foreign agency named in a listing case as dealing with the company, heard as the company is."""

    __tablename__ = "listed_partner"
    __table_args__ = (UniqueConstraint("listing_id", "agency_id", name="uq_listed_partner"),)

    id: int | None = Field(default=None, primary_key=True)
    listing_id: int = Field(
        sa_column=Column(
            Integer, ForeignKey("listing.id", name="fk_listed_partner_listing"), nullable=False, index=True
        )
    )
    agency_id: int = Field(
        sa_column=Column(
            Integer,
            ForeignKey("foreign_agency.id", name="fk_listed_partner_agency"),
            nullable=False,
            index=True,
        )
    )
    state: str = Field(sa_type=String(14), nullable=False)
    named_by: str = Field(max_length=120, nullable=False)
    named_at: datetime = Field(sa_column=timestamp_column())
    reason: str = Field(max_length=2000, nullable=False)
    notice_served_on: date | None = None
    response_deadline: date | None = None
    responded_on: date | None = None
    removed_on: date | None = None
    removal_reason: str | None = Field(default=None, sa_type=String(12))


class CompanyLink(SQLModel, table=True):
    """A signal that a company is tied to a listed or proposed one (a possible re-formed company)."""

    __tablename__ = "company_link"
    __table_args__ = (
        UniqueConstraint("company_id", "linked_company_id", "kind", "evidence", name="uq_company_link"),
    )

    id: int | None = Field(default=None, primary_key=True)
    company_id: int = Field(
        sa_column=Column(
            Integer, ForeignKey("company.id", name="fk_company_link_company"), nullable=False, index=True
        )
    )
    linked_company_id: int = Field(
        sa_column=Column(
            Integer, ForeignKey("company.id", name="fk_company_link_linked"), nullable=False, index=True
        )
    )
    kind: str = Field(sa_type=String(10), nullable=False)
    evidence: str = Field(max_length=300, nullable=False)
    score: float = Field(default=1.0, nullable=False)
    detected_at: datetime = Field(default_factory=utcnow, sa_column=timestamp_column())
