"""Visa checks for the Public Authority of Manpower: clear, review or refuse, with reasons.

A check reads the live record (officials' view: pending cases count), not the last publication, and
is itself recorded, so every answer can be traced to who asked, when, and on which data. Nothing of
it is ever shown to the company checked.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from sqlmodel import Session

from registry.matching.decide import MATCH
from registry.models.listing import ListingState
from registry.models.visa_check import VisaDecision
from registry.repositories import visa_checks as visa_repo
from registry.repositories.visa_checks import Subject
from registry.schemas.blacklist import DataVersion, VisaCheckIn, VisaCheckRead, VisaReason
from registry.services.legal_time import local_date
from registry.services.name_matching import match_text

HIGH_TIERS = frozenset({"high", "critical"})
_PENDING = {
    ListingState.PROPOSED: "proposed",
    ListingState.NOTICE_SERVED: "proposed",
    ListingState.RESPONDED: "proposed",
    ListingState.UNDER_APPEAL: "under_appeal",
}
_MAX_MERGE_HOPS = 10


@dataclass
class _Outcome:
    refuse: list[VisaReason] = field(default_factory=list)
    review: list[VisaReason] = field(default_factory=list)

    @property
    def decision(self) -> VisaDecision:
        if self.refuse:
            return VisaDecision.REFUSE
        return VisaDecision.REVIEW if self.review else VisaDecision.CLEAR


def check(session: Session, *, query: VisaCheckIn, actor: str, now: datetime) -> VisaCheckRead:
    """Decide whether the employer or agency may get work visas, and record the check."""
    company, outcome = _resolve(session, query)
    if company is not None:
        _judge(session, company, outcome, now)
        version = DataVersion(
            listing_seq=company.listing_seq,
            publication_version=company.publication_version,
            score_computed_at=company.score_computed_at,
        )
    else:
        listing_seq, publication_version = visa_repo.data_version_now(session)
        version = DataVersion(
            listing_seq=listing_seq, publication_version=publication_version, score_computed_at=None
        )
    check_id = _record(session, query, company, outcome, version, actor, now)
    return VisaCheckRead(
        check_id=check_id,
        decision=outcome.decision,
        reasons=outcome.refuse + outcome.review,
        company_id=company.id if company else None,
        external_id=company.external_id if company else None,
        score=company.score if company else None,
        tier=company.tier if company else None,
        data_version=version,
    )


def _resolve(session: Session, query: VisaCheckIn) -> tuple[Subject | None, _Outcome]:
    outcome = _Outcome()
    if query.external_id is not None:
        company = visa_repo.subject(session, external_id=query.external_id)
        if company is None:
            outcome.review.append(
                _reason("name_not_resolved", f"no company with external_id {query.external_id}")
            )
        return _surviving(session, company), outcome
    assert query.name is not None
    match = match_text(session, text=query.name)
    if match.decision != MATCH or match.company_id is None:
        shown = ", ".join(c.external_id for c in match.candidates) or "none"
        outcome.review.append(
            _reason("name_not_resolved", f"the name is not resolved to one company (candidates: {shown})")
        )
        return None, outcome
    return _surviving(session, visa_repo.subject(session, company_id=match.company_id)), outcome


def _surviving(session: Session, company: Subject | None) -> Subject | None:
    """A merged company answers for the one it was merged into."""
    for _ in range(_MAX_MERGE_HOPS):
        if company is None or company.merged_into_id is None:
            return company
        company = visa_repo.subject(session, company_id=company.merged_into_id)
    return company


def _judge(session: Session, company: Subject, outcome: _Outcome, now: datetime) -> None:
    today = local_date(now)
    state, ends_on = company.listing_state, company.listing_ends_on
    if state == ListingState.LISTED and (ends_on or today) >= today:
        detail = f"listed as KW-BL-{company.listing_id:06d} until {ends_on}"
        outcome.refuse.append(_reason("listed", detail))
    elif state in _PENDING:
        code = _PENDING[ListingState(state)]
        outcome.review.append(_reason(code, f"listing case {company.listing_id} is {state}"))
    officers, linked = visa_repo.ties(session, company.id, today)
    for officer in officers:
        held = f"KW-BL-{officer.listing_id:06d}"
        detail = f"officer {officer.officer_id} ({officer.full_name}) is listed with {held}"
        outcome.refuse.append(_reason("listed_person", detail))
    if company.tier in HIGH_TIERS:
        outcome.review.append(_reason("high_risk", f"risk tier {company.tier}"))
    if linked:
        shown = "; ".join(f"{link.kind} with company {link.linked_company_id}" for link in linked[:5])
        outcome.review.append(_reason("linked_to_listed", shown))


def _reason(code: str, detail: str) -> VisaReason:
    return VisaReason(code=code, detail=detail)


def _record(
    session: Session,
    query: VisaCheckIn,
    company: Subject | None,
    outcome: _Outcome,
    version: DataVersion,
    actor: str,
    now: datetime,
) -> int:
    values = {
        "checked_at": now,
        "checked_by": actor,
        "application_ref": query.application_ref,
        "query_external_id": query.external_id,
        "query_name": query.name,
        "company_id": company.id if company else None,
        "decision": outcome.decision.value,
        "reasons": [r.model_dump() for r in outcome.refuse + outcome.review],
        "score": company.score if company else None,
        "tier": company.tier if company else None,
        "listing_seq": version.listing_seq,
        "publication_version": version.publication_version,
    }
    return visa_repo.record(session, values)
