"""The registry's stored history turned into scoring events, one streamed query per table.

Events of a company merged into another count for the company it was merged into; merged companies
themselves are not scored. Dates are taken in UTC.
"""

from __future__ import annotations

import gc
import json
from collections.abc import Iterator, Sequence
from contextlib import contextmanager

import numpy as np
from sqlmodel import Session

from registry.models.types import utcnow
from registry.repositories import agencies as agency_repo
from registry.repositories import risk as risk_repo
from registry.repositories.risk import AnyRow
from registry.services.company_identity import MAX_MERGE_CHAIN
from registry.services.risk_events import (
    SERIOUS_SEVERITIES,
    RiskEvents,
    main_corridors,
    size_band,
    status_known_on,
)
from scoring.encode import IntArray
from scoring.events import CompanyFacts, ComplaintEvent, FindingEvent, InspectionEvent


def load_events(
    session: Session, *, companies: set[int] | None = None, with_corridors: bool = False
) -> RiskEvents:
    """Every live company (or only these) with its complaints, findings and inspections, ready for scoring."""
    rows = risk_repo.company_rows(session)
    survivor = _survivors(rows)
    only = _sources(survivor, companies)
    links = risk_repo.links_to_listed(session)
    partners = agency_repo.flagged_partner_counts(session, utcnow().date())
    corridors = _corridors(session, survivor) if with_corridors else {}
    facts = [_facts(row, links, corridors, partners) for row in rows if row.merged_into_id is None]
    with _collector_paused():
        complaints, known = _complaints(session, survivor, only)
        findings, inspections = _inspections(session, survivor, only)
    events = RiskEvents(facts, complaints, known, findings, inspections)
    return events if companies is None else events.restricted_to({str(c) for c in companies})


def _sources(survivor: dict[int, str], companies: set[int] | None) -> list[int] | None:
    """Ids whose events count for the given companies (they and those merged into them), when few."""
    if companies is None or len(companies) > risk_repo.MAX_FILTERED:
        return None
    wanted = {str(c) for c in companies}
    return sorted(cid for cid, live in survivor.items() if live in wanted)


@contextmanager
def _collector_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector while a million events are built, then restore it."""
    # Every full collection walks all objects built so far, which makes loading superlinear; events
    # hold no reference cycles, so nothing is lost by collecting later.
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _survivors(rows: Sequence[AnyRow]) -> dict[int, str]:
    """Company id -> id (as text) of the live company it stands for today."""
    parent = {int(r.id): r.merged_into_id for r in rows}
    out: dict[int, str] = {}
    for company in parent:
        current = company
        for _ in range(MAX_MERGE_CHAIN):
            target = parent.get(current)
            if target is None:
                break
            current = int(target)
        out[company] = str(current)
    return out


def _facts(
    row: AnyRow, links: dict[int, int], corridors: dict[str, str], partners: dict[int, int]
) -> CompanyFacts:
    cid = str(row.id)
    return CompanyFacts(
        company_id=cid,
        registered_on=row.licence_issued,
        licence_status=row.licence_status,
        workforce=row.sponsored_workers,
        links_to_listed=links.get(int(row.id), 0),
        size_band=size_band(row.sponsored_workers),
        corridor=corridors.get(cid),
        partners_flagged=partners.get(int(row.id), 0),
    )


def _corridors(session: Session, survivor: dict[int, str]) -> dict[str, str]:
    counts = risk_repo.corridor_counts(session)
    return main_corridors((survivor[int(c)], corridor, int(n)) for c, corridor, n in counts if c in survivor)


def _complaints(
    session: Session, survivor: dict[int, str], only: list[int] | None
) -> tuple[list[ComplaintEvent], IntArray]:
    events: list[ComplaintEvent] = []
    received_days: list[int] = []
    updated_days: list[int] = []
    decided_here: list[bool] = []
    parsed: dict[str, tuple[str, ...]] = {}
    for company, received, categories, status, reporter, updated, later in risk_repo.complaint_rows(
        session, only=only
    ):
        owner = survivor.get(company)
        if owner is None:
            continue
        # A few hundred distinct category lists recur a million times: parse each once.
        found = parsed.get(categories)
        if found is None:
            found = parsed[categories] = tuple(json.loads(categories))
        events.append(ComplaintEvent(owner, received, found, status, reporter))
        received_days.append(received.toordinal())
        updated_days.append(updated.toordinal())
        decided_here.append(bool(later))
    known = status_known_on(
        np.array(received_days, dtype=np.int64),
        np.array(updated_days, dtype=np.int64),
        np.array(decided_here, dtype=np.bool_),
    )
    return events, known


def _inspections(
    session: Session, survivor: dict[int, str], only: list[int] | None
) -> tuple[list[FindingEvent], list[InspectionEvent]]:
    visited = {
        int(iid): (survivor[company], day)
        for iid, company, day in risk_repo.inspection_rows(session, only=only)
        if company in survivor
    }
    findings: list[FindingEvent] = []
    serious: set[int] = set()
    for iid, code, severity, workers in risk_repo.finding_rows(session, only=only):
        where = visited.get(iid)
        if where is None:
            continue
        findings.append(FindingEvent(where[0], where[1], code, severity, workers))
        if severity in SERIOUS_SEVERITIES:
            serious.add(iid)
    inspections = [InspectionEvent(owner, day, iid in serious) for iid, (owner, day) in visited.items()]
    return findings, inspections
