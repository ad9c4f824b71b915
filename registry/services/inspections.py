"""Inspections and their findings, as inspectors record them."""

from __future__ import annotations

import hashlib

from sqlmodel import Session, col, select

from registry.errors import Conflict, InvalidInput, NotFound
from registry.models.inspection import Finding, Inspection, InspectionOutcome
from registry.repositories import complaints as complaint_repo
from registry.schemas.complaint import FindingRead, InspectionIn, InspectionRead, ViolationRead
from registry.services.company_identity import resolve
from registry.services.inspection_rules import findings_problem


def record_inspection(session: Session, *, data: InspectionIn, inspector: str) -> Inspection:
    """Record an inspection with its findings; severities come from the violation catalogue."""
    _check_outcome(data.outcome, [f.violation_code for f in data.findings])
    company = resolve(session, company_id=data.company_id)
    catalogue = complaint_repo.catalogue(session)
    unknown = sorted({f.violation_code for f in data.findings} - set(catalogue))
    if unknown:
        raise InvalidInput(f"unknown violation codes: {', '.join(unknown)}")
    source_ref = data.source_ref or _derived_ref(data, inspector)
    if session.exec(
        select(Inspection.id).where(Inspection.source == "inspector", Inspection.source_ref == source_ref)
    ).first():
        raise Conflict(f"inspection {source_ref!r} is already recorded")
    inspection = Inspection(
        inspected_on=data.inspected_on,
        inspector=inspector,
        company_id=company.id,
        site=data.site,
        workers_interviewed=data.workers_interviewed,
        outcome=data.outcome,
        notes=data.notes,
        source="inspector",
        source_ref=source_ref,
    )
    session.add(inspection)
    session.flush()
    session.add_all(
        Finding(
            inspection_id=inspection.id or 0,
            violation_code=f.violation_code,
            severity=catalogue[f.violation_code].severity,
            workers_affected=f.workers_affected,
            evidence_note=f.evidence_note,
        )
        for f in data.findings
    )
    session.flush()
    return inspection


def inspection_view(session: Session, *, inspection_id: int) -> InspectionRead:
    """An inspection with its findings."""
    inspection = session.get(Inspection, inspection_id)
    if inspection is None:
        raise NotFound(f"no inspection with id {inspection_id}")
    findings = session.exec(
        select(Finding).where(Finding.inspection_id == inspection_id).order_by(col(Finding.id))
    ).all()
    return InspectionRead(
        id=inspection.id or 0,
        company_id=inspection.company_id,
        inspected_on=inspection.inspected_on,
        inspector=inspection.inspector,
        site=inspection.site,
        workers_interviewed=inspection.workers_interviewed,
        outcome=inspection.outcome,
        findings=[FindingRead.model_validate(f) for f in findings],
    )


def _check_outcome(outcome: str, codes: list[str]) -> None:
    if outcome not in set(InspectionOutcome):
        raise InvalidInput(f"outcome must be one of {', '.join(InspectionOutcome)}")
    problem = findings_problem(outcome, codes)
    if problem:
        raise InvalidInput(f"findings: {problem}")


def _derived_ref(data: InspectionIn, inspector: str) -> str:
    # Without a reference, the same inspector, company, day and findings is the same inspection.
    basis = (
        f"{inspector}|{data.company_id}|{data.inspected_on}|{sorted(f.violation_code for f in data.findings)}"
    )
    return "auto-" + hashlib.sha256(basis.encode()).hexdigest()[:24]


def catalogue_view(session: Session) -> list[ViolationRead]:
    """The violation catalogue, by code."""
    return [ViolationRead.model_validate(v) for _, v in sorted(complaint_repo.catalogue(session).items())]
