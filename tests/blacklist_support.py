"""Builders shared by the blacklist tests: companies with officers, grounds, decided listings."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime, timedelta
from typing import Any

from sqlmodel import Session, select

from registry.models.company import Company
from registry.models.complaint import Complaint
from registry.models.inspection import Finding
from registry.models.listing import Listing
from registry.schemas.blacklist import DecisionIn, GroundIn, NoticeIn, ProposalIn
from registry.schemas.complaint import FindingIn, InspectionIn
from registry.services import companies as company_service
from registry.services import inspections, listings
from tests.factories import company_data

T0 = datetime(2026, 1, 10, 9, 0, tzinfo=UTC)
PROPOSER, DECIDER = "officer.sara", "committee.khalid"


def at(days: int) -> datetime:
    """T0 plus DAYS days."""
    return T0 + timedelta(days=days)


def civil_id() -> str:
    """A fresh 12-digit civil ID."""
    return str(uuid.uuid4().int)[:12].rjust(12, "1")


def make_company(session: Session, **overrides: Any) -> Company:
    """A registered company without the factory's shared Arabic name; keyword arguments override fields."""
    return company_service.create_company(session, data=company_data(**({"name_ar": None} | overrides)))


def owner(
    name: str = "Fahad Salem Al-Mutairi", role: str = "owner", id_number: str | None = None
) -> dict[str, str]:
    """An officer as given to a company."""
    return {"full_name": name, "role": role, "id_type": "civil_id", "id_number": id_number or civil_id()}


def finding_id(session: Session, company_id: int) -> int:
    """An inspection finding about the company."""
    data = InspectionIn(
        company_id=company_id,
        inspected_on=date(2025, 12, 1),
        outcome="violations_found",
        findings=[FindingIn(violation_code="PASSPORT_RETENTION", workers_affected=4)],
        source_ref=f"INS-{uuid.uuid4().hex[:8]}",
    )
    inspection = inspections.record_inspection(session, data=data, inspector="inspector.ali")
    session.flush()
    query = select(Finding.id).where(Finding.inspection_id == inspection.id)
    return session.exec(query).one() or 0


def complaint_id(session: Session, company_id: int) -> int:
    """A complaint about the company."""
    row = Complaint(
        follow_up_code=uuid.uuid4().hex[:19],
        received_at=T0 - timedelta(days=60),
        channel="hotline",
        reporter_type="victim",
        company_name_written="written name",
        company_id=company_id,
        match_decision="match",
        categories=["WAGE_THEFT"],
        source="hotline",
        content_hash=uuid.uuid4().hex,
    )
    session.add(row)
    session.flush()
    return row.id or 0


def proposal(session: Session, company_id: int, **overrides: Any) -> ProposalIn:
    """A proposal grounded on a finding about the company."""
    values: dict[str, Any] = {
        "company_id": company_id,
        "reason": "Passports retained from four domestic workers",
        "grounds": [GroundIn(kind="finding", finding_id=finding_id(session, company_id))],
    }
    return ProposalIn.model_validate(values | overrides)


def listed(
    session: Session, company_id: int, *, start: datetime = T0, officer_ids: list[int] | None = None
) -> Listing:
    """A company proposed on START, served notice that day and listed 22 days later for two years."""
    listing = listings.propose(session, data=proposal(session, company_id), actor=PROPOSER, now=start)
    lid = listing.id or 0
    listings.serve_notice(session, listing_id=lid, notice=NoticeIn(), actor=PROPOSER, now=start)
    decision = DecisionIn(outcome="list", reason="Retention of passports", officer_ids=officer_ids or [])
    listings.decide(session, listing_id=lid, decision=decision, actor=DECIDER, now=start + timedelta(days=22))
    return listing
