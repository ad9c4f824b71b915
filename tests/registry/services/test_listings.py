from __future__ import annotations

from datetime import date

import pytest
from pydantic import ValidationError
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError
from sqlmodel import Session

from registry.errors import Conflict, Forbidden, InvalidInput
from registry.models.listing import ListingState
from registry.schemas.blacklist import (
    DecisionIn,
    ExtendIn,
    GroundIn,
    LiftIn,
    NoticeIn,
    ProposalIn,
    ResponseIn,
)
from registry.services import companies as company_service
from registry.services import listing_views, listings
from tests.blacklist_support import (
    DECIDER,
    PROPOSER,
    T0,
    at,
    complaint_id,
    finding_id,
    listed,
    make_company,
    owner,
    proposal,
)
from tests.chain_support import court_case
from tests.conftest import both_backends

LIST = DecisionIn(outcome="list", reason="Retention of passports")


def _served(session: Session) -> int:
    company = make_company(session)
    listing = listings.propose(session, data=proposal(session, company.id or 0), actor=PROPOSER, now=T0)
    listings.serve_notice(session, listing_id=listing.id or 0, notice=NoticeIn(), actor=PROPOSER, now=T0)
    return listing.id or 0


@both_backends
def test_whole_lifecycle_with_the_clock_injected(session: Session) -> None:
    lid = _served(session)
    view = listing_views.listing_view(session, listing_id=lid)
    assert view.notice_served_on == date(2026, 1, 10) and view.response_deadline == date(2026, 1, 31)
    with pytest.raises(Conflict, match="may respond until 2026-01-31"):
        listings.decide(session, listing_id=lid, decision=LIST, actor=DECIDER, now=at(21))
    listings.decide(session, listing_id=lid, decision=LIST, actor=DECIDER, now=at(22))
    view = listing_views.listing_view(session, listing_id=lid)
    assert view.state == ListingState.LISTED
    assert (view.starts_on, view.ends_on) == (date(2026, 2, 1), date(2028, 1, 31))
    assert listings.expire_due(session, today=date(2028, 1, 31), now=at(751)).expired == []
    assert listings.expire_due(session, today=date(2028, 2, 1), now=at(752)).expired == [lid]
    view = listing_views.listing_view(session, listing_id=lid)
    assert (view.state, view.removed_on, view.removal_reason) == ("expired", date(2028, 2, 1), "expired")
    steps = [(e.action, e.from_state, e.to_state, e.actor) for e in view.events]
    assert steps == [
        ("proposed", None, "proposed", PROPOSER),
        ("notice_served", "proposed", "notice_served", PROPOSER),
        ("listed", "notice_served", "listed", DECIDER),
        ("expired", "listed", "expired", "system"),
    ]
    assert [e.at for e in view.events][:3] == [T0, T0, at(22)] and all(e.reason for e in view.events)


def test_passed_deadlines_are_flagged_once(session: Session) -> None:
    lid = _served(session)
    assert listings.expire_due(session, today=date(2026, 1, 31)).deadlines_passed == []
    assert listings.expire_due(session, today=date(2026, 2, 1)).deadlines_passed == [lid]
    assert listings.expire_due(session, today=date(2026, 2, 5)).deadlines_passed == []
    view = listing_views.listing_view(session, listing_id=lid)
    assert view.deadline_passed_on == date(2026, 2, 1) and view.events[-1].action == "deadline_passed"


@both_backends
def test_four_eyes_rule(session: Session) -> None:
    lid = _served(session)
    for same in (PROPOSER, f"  {PROPOSER.upper()} "):
        with pytest.raises(Forbidden, match="four-eyes"):
            listings.decide(session, listing_id=lid, decision=LIST, actor=same, now=at(30))
    assert listing_views.listing_view(session, listing_id=lid).state == ListingState.NOTICE_SERVED
    listings.decide(session, listing_id=lid, decision=LIST, actor=DECIDER, now=at(30))


def test_the_proposer_may_dismiss(session: Session) -> None:
    lid = _served(session)
    dismiss = DecisionIn(outcome="dismiss", reason="The company corrected every finding")
    listings.decide(session, listing_id=lid, decision=dismiss, actor=PROPOSER, now=at(3))
    view = listing_views.listing_view(session, listing_id=lid)
    assert view.state == ListingState.DISMISSED and view.decided_by == PROPOSER
    with pytest.raises(Conflict):
        listings.decide(session, listing_id=lid, decision=LIST, actor=DECIDER, now=at(30))


def test_grounds_must_exist_and_concern_the_company(session: Session) -> None:
    company, other = make_company(session), make_company(session)
    cid = company.id or 0
    foreign = [GroundIn(kind="finding", finding_id=finding_id(session, other.id or 0))]
    with pytest.raises(InvalidInput, match="is not about company"):
        listings.propose(session, data=proposal(session, cid, grounds=foreign), actor=PROPOSER, now=T0)
    missing = [GroundIn(kind="complaint", complaint_id=999_999)]
    with pytest.raises(InvalidInput, match="no complaint with id 999999"):
        listings.propose(session, data=proposal(session, cid, grounds=missing), actor=PROPOSER, now=T0)
    with pytest.raises(InvalidInput, match="names the risk score"):
        listings.propose(session, data=proposal(session, cid, source="scoring"), actor=PROPOSER, now=T0)
    with pytest.raises(ValidationError, match="court_case_id"):
        GroundIn(kind="court_ruling", court_ref="Court of Appeal, case 1234/2025")
    with pytest.raises(ValidationError):
        ProposalIn(company_id=cid, reason="no grounds", grounds=[])
    grounds = [
        GroundIn(kind="complaint", complaint_id=complaint_id(session, cid)),
        GroundIn(kind="court_ruling", court_case_id=court_case(session, cid).id),
    ]
    listing = listings.propose(session, data=proposal(session, cid, grounds=grounds), actor=PROPOSER, now=T0)
    view = listing_views.listing_view(session, listing_id=listing.id or 0)
    assert [g.kind for g in view.grounds] == ["complaint", "court_ruling"]
    with pytest.raises(Conflict, match="already has an open listing"):
        listings.propose(session, data=proposal(session, cid), actor=PROPOSER, now=T0)


def test_officers_are_listed_when_the_decision_says_so(session: Session) -> None:
    company = make_company(session, officers=[owner("Fahad Al-Mutairi"), owner("Ravi Kumar", "manager")])
    stranger = make_company(session, officers=[owner("Someone Else")])
    officers = {
        o.full_name: o.officer_id for o in company_service.officers_of(session, company_id=company.id or 0)
    }
    other = company_service.officers_of(session, company_id=stranger.id or 0)[0].officer_id
    lid = _propose_and_serve(session, company.id or 0)
    wrong = DecisionIn(outcome="list", reason="Retention of passports", officer_ids=[other])
    with pytest.raises(InvalidInput, match="is not an officer"):
        listings.decide(session, listing_id=lid, decision=wrong, actor=DECIDER, now=at(30))
    right = DecisionIn(outcome="list", reason="Retention", officer_ids=[officers["Fahad Al-Mutairi"]])
    listings.decide(session, listing_id=lid, decision=right, actor=DECIDER, now=at(30))
    persons = listing_views.listing_view(session, listing_id=lid).persons
    assert [(p.full_name, p.role) for p in persons] == [("Fahad Al-Mutairi", "owner")]


def test_responses_appeals_lifting_and_extension(session: Session) -> None:
    lid = _served(session)
    listings.record_response(
        session,
        listing_id=lid,
        response=ResponseIn(summary="We returned the passports"),
        actor=PROPOSER,
        now=at(5),
    )
    assert listing_views.listing_view(session, listing_id=lid).state == ListingState.RESPONDED
    appeal = ResponseIn(kind="appeal", summary="The inspection was unlawful", received_on=date(2026, 2, 3))
    listings.record_response(session, listing_id=lid, response=appeal, actor=PROPOSER, now=at(25))
    view = listing_views.listing_view(session, listing_id=lid)
    assert view.state == ListingState.UNDER_APPEAL and view.events[-1].detail["late"] is True
    listings.decide(session, listing_id=lid, decision=LIST, actor=DECIDER, now=at(30))
    listings.record_response(session, listing_id=lid, response=appeal, actor=PROPOSER, now=at(40))
    assert listing_views.listing_view(session, listing_id=lid).state == ListingState.LISTED
    with pytest.raises(InvalidInput, match="must end after"):
        listings.extend(
            session,
            listing_id=lid,
            extension=ExtendIn(ends_on=date(2027, 1, 1), reason="more"),
            actor=DECIDER,
            now=at(41),
        )
    listings.extend(
        session,
        listing_id=lid,
        extension=ExtendIn(ends_on=date(2029, 1, 1), reason="repeat abuse"),
        actor=DECIDER,
        now=at(41),
    )
    listings.lift(
        session,
        listing_id=lid,
        lifting=LiftIn(reason="Court annulled", ground="appeal_won"),
        actor=DECIDER,
        now=at(60),
    )
    view = listing_views.listing_view(session, listing_id=lid)
    assert (view.state, view.removal_reason, view.ends_on) == ("lifted", "appeal_won", date(2029, 1, 1))
    with pytest.raises(Conflict, match="cannot lift a listing that is lifted"):
        listings.lift(session, listing_id=lid, lifting=LiftIn(reason="again"), actor=DECIDER, now=at(61))


@both_backends
def test_nothing_is_ever_deleted_or_rewritten(session: Session) -> None:
    listing = listed(session, make_company(session).id or 0)
    session.flush()
    for statement in (
        "DELETE FROM listing_event",
        "UPDATE listing_event SET reason = 'rewritten'",
        "DELETE FROM listing",
        "DELETE FROM listing_ground",
    ):
        with pytest.raises(DBAPIError, match="refused"), session.begin_nested():
            session.execute(text(statement))
    assert len(listing_views.listing_view(session, listing_id=listing.id or 0).events) == 3


def _propose_and_serve(session: Session, company_id: int) -> int:
    listing = listings.propose(session, data=proposal(session, company_id), actor=PROPOSER, now=T0)
    listings.serve_notice(session, listing_id=listing.id or 0, notice=NoticeIn(), actor=PROPOSER, now=T0)
    return listing.id or 0
