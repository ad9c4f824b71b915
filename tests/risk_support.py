"""Builders for risk-scoring tests: companies, complaints and inspections written with Core inserts."""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time
from typing import Any

from sqlalchemy import insert
from sqlmodel import Session

import registry.models.risk  # noqa: F401 - registers the risk tables until registry.models imports them
from registry.models.company import Company
from registry.models.complaint import Complaint
from registry.models.inspection import Finding, Inspection
from scoring.synthetic import SyntheticData

_serial = itertools.count(1)


def _table(model: Any) -> Any:
    return model.__table__


def _at(day: date) -> datetime:
    return datetime.combine(day, time(9, 0), tzinfo=UTC)


def add_companies(session: Session, rows: Sequence[dict[str, Any]]) -> list[int]:
    """Insert companies (licence_status, licence_issued, sponsored_workers may be given); return ids."""
    values = []
    for row in rows:
        n = next(_serial)
        values.append(
            {
                "external_id": f"RISK-{n:07d}",
                "name_en": f"Risk Test {n} Manpower Co.",
                "activity": "manpower_supply",
                "licence_status": "active",
                "version": 1,
                **row,
            }
        )
    result = session.execute(insert(_table(Company)).returning(_table(Company).c.id), values)
    return [int(i) for i in result.scalars().all()]


def complaint_row(
    company_id: int, received: date, *, status: str = "received", **extra: Any
) -> dict[str, Any]:
    """A complaint row with every required column filled."""
    n = next(_serial)
    return {
        "follow_up_code": f"RT-{n:010d}",
        "received_at": _at(received),
        "channel": "hotline",
        "reporter_type": "victim",
        "company_name_written": "written name",
        "company_id": company_id,
        "match_decision": "match",
        "match_score": 1.0,
        "categories": ["WAGE_THEFT"],
        "status": status,
        "consent_to_share": False,
        "source": "test",
        "content_hash": f"risk-test-{n}",
        **extra,
    }


def add_complaints(session: Session, rows: Sequence[dict[str, Any]]) -> None:
    """Insert complaint rows made by complaint_row."""
    if rows:
        session.execute(insert(_table(Complaint)), list(rows))


@dataclass(frozen=True)
class Visit:
    """An inspection to insert with its findings as (violation code, severity, workers affected)."""

    company_id: int
    on: date
    findings: tuple[tuple[str, str, int], ...] = ()


def add_inspections(session: Session, visits: Sequence[Visit]) -> None:
    """Insert inspections and their findings."""
    if not visits:
        return
    rows = [
        {
            "inspected_on": v.on,
            "inspector": "Test Inspector",
            "company_id": v.company_id,
            "workers_interviewed": 5,
            "outcome": "violations_found" if v.findings else "compliant",
            "source": "test",
            "source_ref": f"RT-INS-{next(_serial)}",
        }
        for v in visits
    ]
    ids = session.execute(insert(_table(Inspection)).returning(_table(Inspection).c.id), rows).scalars().all()
    findings = [
        {"inspection_id": iid, "violation_code": code, "severity": severity, "workers_affected": workers}
        for iid, v in zip(ids, visits, strict=True)
        for code, severity, workers in v.findings
    ]
    if findings:
        session.execute(insert(_table(Finding)), findings)


def load_synthetic(session: Session, data: SyntheticData) -> dict[str, int]:
    """Write a scoring.synthetic history into the registry; returns synthetic id -> company id."""
    rows = [
        {
            "licence_status": c.licence_status,
            "licence_issued": c.registered_on,
            "sponsored_workers": c.workforce,
        }
        for c in data.companies
    ]
    ids = dict(zip((c.company_id for c in data.companies), add_companies(session, rows), strict=True))
    add_complaints(
        session,
        [
            complaint_row(
                ids[c.company_id],
                c.received_on,
                status=c.status,
                categories=list(c.categories),
                reporter_key=c.reporter_key,
            )
            for c in data.complaints
        ],
    )
    found: dict[tuple[str, date], list[tuple[str, str, int]]] = {}
    for f in data.findings:
        found.setdefault((f.company_id, f.inspected_on), []).append(
            (f.violation_code, f.severity, f.workers_affected)
        )
    visits = [
        Visit(ids[i.company_id], i.inspected_on, tuple(found.pop((i.company_id, i.inspected_on), [])))
        for i in data.inspections
    ]
    add_inspections(session, visits)
    return ids
