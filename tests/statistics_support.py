"""A small registry with a known year 2026: the figures the statistics, report and export must show."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from sqlalchemy import insert
from sqlmodel import Session

from registry.models.complaint import Complainant, ComplaintStatusChange
from registry.models.visa_check import VisaCheck
from registry.schemas.blacklist import LiftIn
from registry.services import listings
from tests.blacklist_support import DECIDER, listed, make_company
from tests.risk_support import Visit, add_complaints, add_inspections, complaint_row

YEAR = 2026
IDENTITIES = ("Maria Dela Cruz", "+63 917 555 0101", "P1234567", "rk-7f3a9c", "FUC-SECRET-CODE")


@dataclass(frozen=True)
class SmallYear:
    """Ids of what was made."""

    companies: list[int]


def small_year(session: Session) -> SmallYear:
    """2026: 13 complaints (hotline 9, web 3, embassy 1), 3 inspections, 2 listings (1 lifted), 4 visa checks.

    Also a complaint of 2025 and an inspection of 2025 that must not count, and a complaint received
    on 31 December 2025 at 22:00 UTC, which is 1 January 2026 in Kuwait and counts in January.
    """
    a, b, c = (make_company(session).id or 0 for _ in range(3))
    who = session.execute(
        insert(Complainant).returning(Complainant.id),  # type: ignore[arg-type]
        [
            {
                "name_enc": IDENTITIES[0],
                "phone_enc": IDENTITIES[1],
                "document_enc": IDENTITIES[2],
                "nationality_enc": "PH",
            }
        ],
    ).scalar_one()
    hotline = [
        complaint_row(
            a, date(YEAR, 1 + i % 4, 3), corridor="PH", complainant_id=who, reporter_key=IDENTITIES[3]
        )
        for i in range(8)
    ]
    boundary = complaint_row(a, date(YEAR, 1, 1), corridor="PH", follow_up_code=IDENTITIES[4])
    boundary["received_at"] = datetime(YEAR - 1, 12, 31, 22, 0, tzinfo=UTC)
    web = [
        complaint_row(
            b,
            date(YEAR, 5, 10 + i),
            channel="web",
            corridor="IN",
            status="substantiated",
            categories=["PASSPORT_RETENTION", "WAGE_THEFT"],
            reporter_type="relative",
        )
        for i in range(3)
    ]
    embassy = complaint_row(
        c,
        date(YEAR, 7, 1),
        channel="embassy",
        corridor="ET",
        status="unsubstantiated",
        categories=["PHYSICAL_ABUSE"],
        reporter_type="embassy",
    )
    embassy["company_id"] = None
    earlier = complaint_row(a, date(YEAR - 1, 6, 1), corridor="NP")
    rows = [*hotline, boundary, *web, embassy, earlier]
    for row in rows:  # one executemany needs the same columns in every row
        row.setdefault("complainant_id", None)
        row.setdefault("reporter_key", None)
    add_complaints(session, rows)
    _decided_in_registry(session, [web[0], web[1]], [10, 20])
    add_inspections(
        session,
        [
            Visit(a, date(YEAR, 2, 1), (("PASSPORT_RETENTION", "critical", 4), ("WAGE_THEFT", "high", 6))),
            Visit(b, date(YEAR, 2, 15), (("WAGE_THEFT", "high", 2),)),
            Visit(c, date(YEAR, 3, 1)),
            Visit(c, date(YEAR - 1, 3, 1), (("WAGE_THEFT", "high", 1),)),
        ],
    )
    first, second = listed(session, a), listed(session, b)
    listings.lift(
        session,
        listing_id=second.id or 0,
        lifting=LiftIn(ground="lifted", reason="Paid the workers"),
        actor=DECIDER,
        now=datetime(YEAR, 6, 1, 9, tzinfo=UTC),
    )
    checks = [("refuse", 3), ("refuse", 3), ("clear", 4), ("review", 9)]
    session.execute(
        insert(VisaCheck),  # type: ignore[arg-type]
        [
            {
                "checked_at": datetime(YEAR, m, 5, tzinfo=UTC),
                "checked_by": "pam.officer",
                "decision": d,
                "reasons": [],
                "listing_seq": 0,
            }
            for d, m in checks
        ],
    )
    session.flush()
    assert first.id
    return SmallYear(companies=[a, b, c])


def _decided_in_registry(session: Session, rows: list[dict[str, object]], days: list[int]) -> None:
    from sqlmodel import select

    from registry.models.complaint import Complaint

    for row, after in zip(rows, days, strict=True):
        complaint = session.exec(select(Complaint).where(Complaint.content_hash == row["content_hash"])).one()
        received = complaint.received_at
        session.add(
            ComplaintStatusChange(
                complaint_id=complaint.id or 0,
                from_status="received",
                to_status="substantiated",
                reason="Evidence confirmed",
                actor="inspector",
                at=received + timedelta(days=after),
            )
        )
    session.flush()
