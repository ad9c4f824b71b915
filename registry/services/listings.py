"""The listing lifecycle with due process: propose, serve notice, hear the company, decide, end.

Every step records who, when and why as an append-only event; nothing is deleted or overwritten.
The clock is always passed in (`now`, `today`), so a scheduled job and the tests drive time.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any

from sqlmodel import Session

from registry.errors import Conflict, Forbidden, InvalidInput, NotFound
from registry.models.company import Company
from registry.models.listing import (
    GroundKind,
    ListedPerson,
    Listing,
    ListingAction,
    ListingGround,
    ListingSource,
    ListingState,
    RemovalReason,
)
from registry.models.risk import RiskScore
from registry.models.types import utcnow
from registry.repositories import companies as company_repo
from registry.repositories import listings as listing_repo
from registry.repositories import officers as officer_repo
from registry.schemas.blacklist import (
    DecisionIn,
    DecisionOutcome,
    ExpiryReport,
    ExtendIn,
    GroundIn,
    LiftIn,
    NoticeIn,
    ProposalIn,
    ResponseIn,
    ResponseKind,
)
from registry.services import courts, links, listing_partners
from registry.services.legal_time import local_date

DEFAULT_RESPONSE_DAYS = 21
DEFAULT_LISTING_YEARS = 2
SYSTEM_ACTOR = "system"
_HEARING_STATES = frozenset({ListingState.NOTICE_SERVED, ListingState.RESPONDED, ListingState.UNDER_APPEAL})


def propose(session: Session, *, data: ProposalIn, actor: str, now: datetime) -> Listing:
    """Open a case against a company, on grounds that belong to it."""
    company = _live_company(session, data.company_id)
    if listing_repo.open_for_company(session, data.company_id) is not None:
        raise Conflict(f"company {data.company_id} already has an open listing case")
    _check_grounds(session, data.company_id, data.grounds)
    _check_risk_score(session, data)
    listing_partners.check_dealing(session, company_id=data.company_id, agency_ids=data.partner_ids)
    listing = Listing(
        company_id=company.id or 0,
        state=ListingState.PROPOSED,
        source=data.source,
        risk_score_id=data.risk_score_id,
        proposed_by=actor,
        proposed_at=now,
        proposal_reason=data.reason,
        updated_at=now,
    )
    session.add(listing)
    session.flush()
    session.add_all(_ground_row(session, listing, ground) for ground in data.grounds)
    detail = {"grounds": [g.model_dump(exclude_none=True) for g in data.grounds], "source": data.source}
    _record(
        session, listing, ListingAction.PROPOSED, None, ListingState.PROPOSED, actor, now, data.reason, detail
    )
    if data.partner_ids:
        listing_partners.add_partners(
            session, listing=listing, agency_ids=data.partner_ids, reason=data.reason, actor=actor, now=now
        )
    links.refresh_links_to_watched(session, company_id=listing.company_id)
    return listing


def serve_notice(
    session: Session, *, listing_id: int, notice: NoticeIn, actor: str, now: datetime
) -> Listing:
    """Record the notice served on the company and the deadline for its response."""
    listing = _locked(session, listing_id, {ListingState.PROPOSED}, "serve notice on")
    served = notice.served_on or local_date(now)
    if served > local_date(now):
        raise InvalidInput("a notice cannot be recorded as served in the future")
    listing.notice_served_on = served
    listing.response_deadline = served + timedelta(days=notice.response_days)
    detail = {"served_on": served.isoformat(), "response_deadline": listing.response_deadline.isoformat()}
    _step(
        session,
        listing,
        ListingAction.NOTICE_SERVED,
        ListingState.NOTICE_SERVED,
        actor,
        now,
        notice.note,
        detail,
    )
    return listing


def record_response(
    session: Session, *, listing_id: int, response: ResponseIn, actor: str, now: datetime
) -> Listing:
    """Record the company's response or appeal; an appeal after listing leaves the listing in force."""
    allowed = (
        {*_HEARING_STATES, ListingState.LISTED} if response.kind is ResponseKind.APPEAL else _HEARING_STATES
    )
    listing = _locked(session, listing_id, allowed, f"record a {response.kind} on")
    received = response.received_on or local_date(now)
    detail: dict[str, Any] = {"received_on": received.isoformat(), "kind": response.kind}
    if listing.response_deadline is not None:
        detail["late"] = received > listing.response_deadline
    action = (
        ListingAction.APPEAL_RECORDED
        if response.kind is ResponseKind.APPEAL
        else ListingAction.RESPONSE_RECORDED
    )
    _step(
        session,
        listing,
        action,
        _after_response(listing, response.kind),
        actor,
        now,
        response.summary,
        detail,
    )
    return listing


def decide(session: Session, *, listing_id: int, decision: DecisionIn, actor: str, now: datetime) -> Listing:
    """List the company for a period (a second person, after the deadline) or dismiss the case."""
    if decision.outcome is DecisionOutcome.DISMISS:
        listing = _locked(session, listing_id, {ListingState.PROPOSED, *_HEARING_STATES}, "dismiss")
        _decided(listing, actor, now, decision.reason)
        listing_partners.release_all(session, listing=listing)
        _step(session, listing, ListingAction.DISMISSED, ListingState.DISMISSED, actor, now, decision.reason)
        return listing
    listing = _locked(session, listing_id, _HEARING_STATES, "decide to list")
    today = local_date(now)
    _check_four_eyes(listing, actor)
    _check_hearing_over(listing, today)
    ends_on = decision.ends_on or _years_later(today, decision.years) - timedelta(days=1)
    if ends_on <= today:
        raise InvalidInput("a listing must end after the day it is decided")
    _check_rulings_still_final(session, listing)
    listed = _list_persons(session, listing, decision.officer_ids)
    partners = listing_partners.decide_partners(
        session, listing=listing, listed_ids=decision.partner_ids, actor=actor, today=today
    )
    listing.starts_on, listing.ends_on = today, ends_on
    _decided(listing, actor, now, decision.reason)
    detail = {
        "starts_on": today.isoformat(),
        "ends_on": ends_on.isoformat(),
        "officer_ids": listed,
        "partner_ids": partners,
    }
    _step(session, listing, ListingAction.LISTED, ListingState.LISTED, actor, now, decision.reason, detail)
    return listing


def lift(session: Session, *, listing_id: int, lifting: LiftIn, actor: str, now: datetime) -> Listing:
    """End a listing early (lifted, or an appeal won), with the reason."""
    listing = _locked(session, listing_id, {ListingState.LISTED}, "lift")
    listing.removed_on, listing.removal_reason = local_date(now), lifting.ground
    detail = {"ground": lifting.ground, "removed_on": listing.removed_on.isoformat()}
    _step(session, listing, ListingAction.LIFTED, ListingState.LIFTED, actor, now, lifting.reason, detail)
    return listing


def extend(session: Session, *, listing_id: int, extension: ExtendIn, actor: str, now: datetime) -> Listing:
    """Keep a company listed until a later day."""
    listing = _locked(session, listing_id, {ListingState.LISTED}, "extend")
    if listing.ends_on is not None and extension.ends_on <= listing.ends_on:
        raise InvalidInput(f"an extension must end after the current end, {listing.ends_on}")
    detail = {"from": str(listing.ends_on), "to": extension.ends_on.isoformat()}
    listing.ends_on = extension.ends_on
    _step(session, listing, ListingAction.EXTENDED, ListingState.LISTED, actor, now, extension.reason, detail)
    return listing


def expire_due(session: Session, *, today: date, now: datetime | None = None) -> ExpiryReport:
    """Expire listings whose period ended before TODAY and flag response deadlines that passed."""
    at = now or utcnow()
    report = ExpiryReport()
    for listing in listing_repo.due_to_expire(session, today):
        assert listing.ends_on is not None
        listing.removed_on = listing.ends_on + timedelta(days=1)
        listing.removal_reason = RemovalReason.EXPIRED
        reason = f"listing period ended on {listing.ends_on}"
        _step(session, listing, ListingAction.EXPIRED, ListingState.EXPIRED, SYSTEM_ACTOR, at, reason)
        report.expired.append(listing.id or 0)
    for listing in listing_repo.deadlines_passed(session, today):
        assert listing.response_deadline is not None
        listing.deadline_passed_on = listing.response_deadline + timedelta(days=1)
        reason = f"no response recorded by the deadline, {listing.response_deadline}"
        _step(
            session,
            listing,
            ListingAction.DEADLINE_PASSED,
            ListingState(listing.state),
            SYSTEM_ACTOR,
            at,
            reason,
        )
        report.deadlines_passed.append(listing.id or 0)
    session.flush()
    return report


def _live_company(session: Session, company_id: int) -> Company:
    company = company_repo.get_for_update(session, company_id)
    if company is None:
        raise NotFound(f"no company with id {company_id}")
    if company.merged_into_id is not None:
        raise InvalidInput(f"company {company_id} was merged into {company.merged_into_id}; propose that one")
    return company


def _check_grounds(session: Session, company_id: int, grounds: list[GroundIn]) -> None:
    findings = [g.finding_id for g in grounds if g.finding_id is not None]
    complaints = [g.complaint_id for g in grounds if g.complaint_id is not None]
    for kind, ids, owners in (
        ("finding", findings, listing_repo.finding_companies(session, findings) if findings else {}),
        (
            "complaint",
            complaints,
            listing_repo.complaint_companies(session, complaints) if complaints else {},
        ),
    ):
        missing = sorted(i for i in ids if i not in owners)
        if missing:
            raise InvalidInput(f"no {kind} with id {', '.join(map(str, missing))}")
        foreign = sorted(i for i in ids if owners[i] != company_id)
        if foreign:
            raise InvalidInput(f"{kind} {', '.join(map(str, foreign))} is not about company {company_id}")
    for ground in grounds:
        if ground.court_case_id is not None:
            courts.final_conviction(session, case_id=ground.court_case_id, company_id=company_id)


def _check_rulings_still_final(session: Session, listing: Listing) -> None:
    # A ruling recorded as final may be corrected (an appeal lodged in time) before the decision.
    for ground in listing_repo.grounds_of(session, listing.id or 0):
        if ground.court_case_id is not None:
            try:
                courts.final_conviction(session, case_id=ground.court_case_id, company_id=listing.company_id)
            except InvalidInput as exc:
                raise Conflict(f"ground {ground.id} no longer holds: {exc.detail}") from exc


def _check_risk_score(session: Session, data: ProposalIn) -> None:
    if data.risk_score_id is None:
        if data.source is ListingSource.SCORING:
            raise InvalidInput("a proposal from scoring names the risk score that recommended it")
        return
    score = session.get(RiskScore, data.risk_score_id)
    if score is None or score.company_id != data.company_id:
        raise InvalidInput(f"risk score {data.risk_score_id} is not a score of company {data.company_id}")


def _ground_row(session: Session, listing: Listing, ground: GroundIn) -> ListingGround:
    case = courts.get_case(session, case_id=ground.court_case_id) if ground.court_case_id else None
    return ListingGround(
        listing_id=listing.id or 0,
        kind=ground.kind,
        finding_id=ground.finding_id if ground.kind is GroundKind.FINDING else None,
        complaint_id=ground.complaint_id if ground.kind is GroundKind.COMPLAINT else None,
        court_case_id=case.id if case is not None else None,
        court_ref=courts.court_reference(case) if case is not None else None,
    )


def _locked(
    session: Session, listing_id: int, allowed: set[ListingState] | frozenset[ListingState], what: str
) -> Listing:
    listing = listing_repo.get_for_update(session, listing_id)
    if listing is None:
        raise NotFound(f"no listing with id {listing_id}")
    if listing.state not in allowed:
        raise Conflict(f"cannot {what} a listing that is {listing.state}")
    return listing


def _after_response(listing: Listing, kind: ResponseKind) -> ListingState:
    current = ListingState(listing.state)
    if current is ListingState.LISTED or current is ListingState.UNDER_APPEAL:
        return current
    return ListingState.UNDER_APPEAL if kind is ResponseKind.APPEAL else ListingState.RESPONDED


def _same_person(first: str, second: str) -> bool:
    return first.strip().casefold() == second.strip().casefold()


def _check_four_eyes(listing: Listing, actor: str) -> None:
    if _same_person(actor, listing.proposed_by):
        raise Forbidden(
            f"four-eyes rule: listing {listing.id} was proposed by {listing.proposed_by}; "
            "someone else must decide to list"
        )


def _check_hearing_over(listing: Listing, today: date) -> None:
    if listing.response_deadline is not None and today <= listing.response_deadline:
        raise Conflict(
            f"the company may respond until {listing.response_deadline}; decide to list after that day"
        )


def _list_persons(session: Session, listing: Listing, officer_ids: list[int]) -> list[int]:
    roles = officer_repo.roles_of(session, [listing.company_id])[listing.company_id]
    known = {officer.id for _, officer in roles}
    strangers = sorted(set(officer_ids) - known)
    if strangers:
        raise InvalidInput(
            f"officer {', '.join(map(str, strangers))} is not an officer of company {listing.company_id}"
        )
    wanted = set(officer_ids)
    session.add_all(
        ListedPerson(listing_id=listing.id or 0, officer_id=link.officer_id, role=link.role)
        for link, _ in roles
        if link.officer_id in wanted
    )
    return sorted(wanted)


def _decided(listing: Listing, actor: str, now: datetime, reason: str) -> None:
    listing.decided_by, listing.decided_at, listing.decision_reason = actor, now, reason


def _years_later(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February in a year that has none
        return day.replace(year=day.year + years, day=28)


def _step(
    session: Session,
    listing: Listing,
    action: ListingAction,
    to: ListingState,
    actor: str,
    now: datetime,
    reason: str,
    detail: dict[str, Any] | None = None,
) -> None:
    _record(session, listing, action, ListingState(listing.state), to, actor, now, reason, detail)
    listing.state, listing.updated_at = to, now


def _record(
    session: Session,
    listing: Listing,
    action: ListingAction,
    before: ListingState | None,
    to: ListingState,
    actor: str,
    now: datetime,
    reason: str,
    detail: dict[str, Any] | None = None,
) -> None:
    listing_repo.add_event(
        session,
        listing,
        action=action,
        before=before,
        to=to,
        actor=actor,
        at=now,
        reason=reason,
        detail=detail,
    )
