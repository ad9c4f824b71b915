"""Builders shared by the chain, courts and sharing tests: agencies, partnerships, mentions, cases."""

from __future__ import annotations

import itertools
import uuid
from datetime import date, timedelta
from typing import Any

from sqlmodel import Session

from registry.models.agency import ForeignAgency, Partnership
from registry.models.complaint import Complaint
from registry.schemas.agency import AgencyIn, MentionIn, PartnershipIn
from registry.services import agencies, partnerships
from tests.blacklist_support import T0

_numbers = itertools.count(1)
CLERK = "pam.clerk"


def make_agency(
    session: Session, country: str = "NP", name: str | None = None, **overrides: Any
) -> ForeignAgency:
    """A registered foreign agency with a unique licence number."""
    number = next(_numbers)
    values: dict[str, Any] = {
        "country": country,
        "name_latin": name or f"Agency Number{number} Overseas Pvt. Ltd.",
        "licence_no": f"{country}-{number:05d}",
    }
    return agencies.create_agency(session, data=AgencyIn.model_validate(values | overrides))


def partner(
    session: Session, company_id: int, agency_id: int, *, source: str = "pam_record", **overrides: Any
) -> Partnership:
    """A partnership between an office and an agency, from a PAM record by default."""
    values: dict[str, Any] = {
        "company_id": company_id,
        "agency_id": agency_id,
        "source": source,
        "source_ref": f"PAM-{uuid.uuid4().hex[:8]}",
        "since": date(2024, 1, 1),
    }
    data = PartnershipIn.model_validate(values | overrides)
    return partnerships.record_partnership(session, data=data, actor=CLERK)[0]


def complaint(
    session: Session,
    company_id: int | None,
    *,
    status: str = "received",
    categories: tuple[str, ...] = ("RECRUITMENT_FEES",),
    corridor: str | None = "NP",
    consent: bool = False,
    complainant_id: int | None = None,
    days_ago: int = 30,
) -> Complaint:
    """A complaint about an office (or none), received DAYS_AGO before T0."""
    row = Complaint(
        follow_up_code=uuid.uuid4().hex[:19],
        received_at=T0 - timedelta(days=days_ago),
        channel="embassy",
        reporter_type="victim",
        company_name_written="written name",
        company_id=company_id,
        match_decision="match" if company_id else "none",
        categories=list(categories),
        status=status,
        corridor=corridor,
        consent_to_share=consent,
        complainant_id=complainant_id,
        narrative="Paid 1,200 USD to the agent in Kathmandu before departure",
        source="hotline",
        content_hash=uuid.uuid4().hex,
    )
    session.add(row)
    session.flush()
    return row


def name_agency(session: Session, complaint_id: int, agency_id: int) -> None:
    """Record that the complaint names the agency."""
    data = MentionIn(subject="complaint", complaint_id=complaint_id, agency_id=agency_id)
    partnerships.record_mention(session, data=data, actor=CLERK)


def court_case(
    session: Session,
    company_id: int,
    *,
    final: bool = True,
    outcome: str = "convicted",
    number: str | None = None,
    **overrides: Any,
) -> Any:
    """A ruled case against the company under Law No. 91 of 2013 (final by default)."""
    from registry.schemas.court import CourtCaseIn
    from registry.services import courts

    values: dict[str, Any] = {
        "case_number": number or f"{next(_numbers)}/2025",
        "court": "Court of First Instance, Criminal Circuit",
        "level": "first_instance",
        "filed_on": date(2025, 2, 1),
        "ruling_on": date(2025, 9, 15),
        "outcome": outcome,
        "appeal_status": "time_expired" if final else "appealed",
        "is_final": final,
        "sentence": "Fine of KWD 5,000 and closure of the office",
        "charges": [{"law": "Law No. 91 of 2013", "article": "2"}],
        "defendants": [{"kind": "company", "company_id": company_id, "published_name": "The company"}],
    }
    return courts.record_case(
        session, data=CourtCaseIn.model_validate(values | overrides), actor="prosecutor"
    )[0]
