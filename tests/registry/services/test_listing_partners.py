"""Foreign partners dealing with a listed company: named, served, heard and listed like the company."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from sqlmodel import Session

from registry.errors import Conflict, Forbidden, InvalidInput, NotFound
from registry.schemas.blacklist import DecisionIn, LiftIn, NoticeIn, ProposalIn, ResponseIn
from registry.schemas.listing_partner import PartnersIn
from registry.services import (
    chain,
    listing_partners,
    listing_views,
    listings,
    publication_files,
    publications,
)
from tests.blacklist_support import DECIDER, PROPOSER, T0, at, make_company, proposal
from tests.chain_support import make_agency, partner
from tests.conftest import both_backends

REASON = "Collected recruitment fees from the workers it placed with the company"


def _case_with_partners(session: Session, *agency_ids: int) -> int:
    company_id = _company_with(session, *agency_ids)
    data = ProposalIn.model_validate(
        proposal(session, company_id).model_dump() | {"partner_ids": list(agency_ids)}
    )
    lid = listings.propose(session, data=data, actor=PROPOSER, now=T0).id or 0
    listings.serve_notice(session, listing_id=lid, notice=NoticeIn(), actor=PROPOSER, now=T0)
    return lid


def _company_with(session: Session, *agency_ids: int) -> int:
    company_id = make_company(session).id or 0
    for agency_id in agency_ids:
        partner(session, company_id, agency_id)
    return company_id


@both_backends
def test_a_partner_is_listed_through_the_same_due_process(session: Session) -> None:
    heard, unheard = make_agency(session, "NP").id or 0, make_agency(session, "BD").id or 0
    lid = _case_with_partners(session, heard, unheard)
    listing_partners.serve_notice(
        session, listing_id=lid, agency_id=heard, notice=NoticeIn(), actor=PROPOSER, now=at(1)
    )
    both = DecisionIn(outcome="list", reason=REASON, partner_ids=[heard, unheard])
    with pytest.raises(Conflict, match="never served notice"):
        listings.decide(session, listing_id=lid, decision=both, actor=DECIDER, now=at(30))
    only_heard = DecisionIn(outcome="list", reason=REASON, partner_ids=[heard])
    with pytest.raises(Conflict, match="may respond until"):
        listings.decide(session, listing_id=lid, decision=only_heard, actor=DECIDER, now=at(22))
    with pytest.raises(Forbidden, match="four-eyes"):
        listings.decide(session, listing_id=lid, decision=only_heard, actor=PROPOSER, now=at(30))
    listings.decide(session, listing_id=lid, decision=only_heard, actor=DECIDER, now=at(30))
    view = listing_views.listing_view(session, listing_id=lid)
    assert {p.agency_id: p.state for p in view.partners} == {heard: "listed", unheard: "released"}
    actions = [e.action for e in view.events]
    assert actions.count("partner_named") == 2 and "partner_notice" in actions
    assert view.events[-1].detail["partner_ids"] == [heard]


def test_only_partners_dealing_with_the_company_can_be_named(session: Session) -> None:
    stranger = make_agency(session).id or 0
    company_id = make_company(session).id or 0
    data = ProposalIn.model_validate(proposal(session, company_id).model_dump() | {"partner_ids": [stranger]})
    with pytest.raises(InvalidInput, match="no recorded partnership"):
        listings.propose(session, data=data, actor=PROPOSER, now=T0)
    with pytest.raises(NotFound):
        lid = listings.propose(session, data=proposal(session, company_id), actor=PROPOSER, now=T0).id or 0
        listing_partners.name_partners(
            session,
            listing_id=lid,
            data=PartnersIn(agency_ids=[999_999], reason=REASON),
            actor=PROPOSER,
            now=T0,
        )


def test_partners_named_later_respond_appeal_and_are_lifted(session: Session) -> None:
    agency = make_agency(session, "LK").id or 0
    company_id = _company_with(session, agency)
    lid = listings.propose(session, data=proposal(session, company_id), actor=PROPOSER, now=T0).id or 0
    listings.serve_notice(session, listing_id=lid, notice=NoticeIn(), actor=PROPOSER, now=T0)
    named = PartnersIn(agency_ids=[agency], reason=REASON)
    listing_partners.name_partners(session, listing_id=lid, data=named, actor="inspector.ali", now=at(1))
    with pytest.raises(Conflict, match="already named"):
        listing_partners.name_partners(session, listing_id=lid, data=named, actor="inspector.ali", now=at(1))
    listing_partners.serve_notice(
        session, listing_id=lid, agency_id=agency, notice=NoticeIn(), actor=PROPOSER, now=at(1)
    )
    answer = ResponseIn(summary="The agency denies charging any fee")
    listing_partners.record_response(
        session, listing_id=lid, agency_id=agency, response=answer, actor=PROPOSER, now=at(10)
    )
    decision = DecisionIn(outcome="list", reason=REASON, partner_ids=[agency])
    listings.decide(session, listing_id=lid, decision=decision, actor=DECIDER, now=at(30))
    appeal = ResponseIn(kind="appeal", summary="Appeal to the committee")
    listing_partners.record_response(
        session, listing_id=lid, agency_id=agency, response=appeal, actor=PROPOSER, now=at(31)
    )
    won = LiftIn(reason="Appeal upheld for the agency", ground="appeal_won")
    listing_partners.lift(session, listing_id=lid, agency_id=agency, lifting=won, actor=DECIDER, now=at(60))
    view = listing_views.listing_view(session, listing_id=lid)
    assert view.state == "listed" and view.partners[0].state == "lifted"
    assert view.partners[0].removal_reason == "appeal_won"


def test_a_dismissed_case_releases_its_partners(session: Session) -> None:
    agency = make_agency(session).id or 0
    lid = _case_with_partners(session, agency)
    listings.decide(
        session,
        listing_id=lid,
        decision=DecisionIn(outcome="dismiss", reason="Corrected"),
        actor=PROPOSER,
        now=at(2),
    )
    assert listing_views.listing_view(session, listing_id=lid).partners[0].state == "released"


def test_listed_partners_reach_the_chain_and_the_public_list(session: Session) -> None:
    agency = make_agency(session, "NP", "Himalayan Human Resource Pvt. Ltd.").id or 0
    lid = _case_with_partners(session, agency)
    listing_partners.serve_notice(
        session, listing_id=lid, agency_id=agency, notice=NoticeIn(), actor=PROPOSER, now=at(1)
    )
    decision = DecisionIn(outcome="list", reason=REASON, partner_ids=[agency])
    listing = listings.decide(session, listing_id=lid, decision=decision, actor=DECIDER, now=at(30))
    view = chain.company_chain(session, company_id=listing.company_id, today=(at(31)).date())
    assert view.company.listing_state == "listed"
    assert [(pl.listing_state, pl.partner_state) for pl in view.partners[0].listings] == [
        ("listed", "listed")
    ]
    entries = publications.current_entries(session, today=(at(31) + timedelta(days=1)).date())
    entry = next(e for e in entries if e["listing_id"] == lid)
    assert [p["name"] for p in entry["partners"]] == ["Himalayan Human Resource Pvt. Ltd."]
    lines = [json.loads(line) for line in publication_files.ftm_lines([entry])]
    schemas = sorted(e["schema"] for e in lines)
    assert schemas.count("Sanction") == 2 and "Representation" in schemas
