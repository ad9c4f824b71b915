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
from registry.models.company import Company
from registry.models.listing import ListingState
from registry.models.risk import RiskScore
from registry.models.visa_check import VisaCheck, VisaDecision
from registry.repositories import companies as company_repo
from registry.repositories import listings as listing_repo
from registry.repositories import risk as risk_repo
from registry.schemas.blacklist import DataVersion, VisaCheckIn, VisaCheckRead, VisaReason
from registry.services.listings import local_date
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
    score = _score(session, company)
    if company is not None:
        _judge(session, company, score, outcome, now)
    listing_seq, publication_version = listing_repo.data_versions(session)
    version = DataVersion(
        listing_seq=listing_seq,
        publication_version=publication_version,
        score_computed_at=score.computed_at if score else None,
    )
    row = _record(session, query, company, score, outcome, version, actor, now)
    return VisaCheckRead(
        check_id=row.id or 0,
        decision=outcome.decision,
        reasons=outcome.refuse + outcome.review,
        company_id=company.id if company else None,
        external_id=company.external_id if company else None,
        score=score.score if score else None,
        tier=score.tier if score else None,
        data_version=version,
    )


def _resolve(session: Session, query: VisaCheckIn) -> tuple[Company | None, _Outcome]:
    outcome = _Outcome()
    if query.external_id is not None:
        company = company_repo.by_external_ids(session, [query.external_id]).get(query.external_id)
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
    return _surviving(session, company_repo.get(session, match.company_id)), outcome


def _surviving(session: Session, company: Company | None) -> Company | None:
    """A merged company answers for the one it was merged into."""
    for _ in range(_MAX_MERGE_HOPS):
        if company is None or company.merged_into_id is None:
            return company
        company = company_repo.get(session, company.merged_into_id)
    return company


def _score(session: Session, company: Company | None) -> RiskScore | None:
    if company is None or company.id is None:
        return None
    return risk_repo.latest_for(session, [company.id]).get(company.id)


def _judge(
    session: Session, company: Company, score: RiskScore | None, outcome: _Outcome, now: datetime
) -> None:
    company_id, today = company.id or 0, local_date(now)
    listing = listing_repo.open_for_company(session, company_id)
    if listing is not None and listing.state == ListingState.LISTED and (listing.ends_on or today) >= today:
        outcome.refuse.append(_reason("listed", f"listed as KW-BL-{listing.id:06d} until {listing.ends_on}"))
    elif listing is not None and listing.state in _PENDING:
        code = _PENDING[ListingState(listing.state)]
        outcome.review.append(_reason(code, f"listing case {listing.id} is {listing.state}"))
    for officer, held in listing_repo.listed_officers_of(session, company_id, today):
        detail = f"officer {officer.id} ({officer.full_name}) is listed with KW-BL-{held.id:06d}"
        outcome.refuse.append(_reason("listed_person", detail))
    if score is not None and score.tier in HIGH_TIERS:
        outcome.review.append(_reason("high_risk", f"risk tier {score.tier}"))
    linked = listing_repo.open_links_of(session, company_id)
    if linked:
        shown = "; ".join(f"{link.kind} with company {link.linked_company_id}" for link, _ in linked[:5])
        outcome.review.append(_reason("linked_to_listed", shown))


def _reason(code: str, detail: str) -> VisaReason:
    return VisaReason(code=code, detail=detail)


def _record(
    session: Session,
    query: VisaCheckIn,
    company: Company | None,
    score: RiskScore | None,
    outcome: _Outcome,
    version: DataVersion,
    actor: str,
    now: datetime,
) -> VisaCheck:
    row = VisaCheck(
        checked_at=now,
        checked_by=actor,
        application_ref=query.application_ref,
        query_external_id=query.external_id,
        query_name=query.name,
        company_id=company.id if company else None,
        decision=outcome.decision,
        reasons=[r.model_dump() for r in outcome.refuse + outcome.review],
        score=score.score if score else None,
        tier=score.tier if score else None,
        listing_seq=version.listing_seq,
        publication_version=version.publication_version,
    )
    session.add(row)
    session.flush()
    return row
