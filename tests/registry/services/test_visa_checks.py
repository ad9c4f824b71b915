from __future__ import annotations

from sqlmodel import Session, select

from registry.models.risk import RiskScore
from registry.models.visa_check import VisaCheck
from registry.repositories import listings as listing_repo
from registry.schemas.blacklist import NoticeIn, ResponseIn, VisaCheckIn, VisaCheckRead
from registry.services import companies as company_service
from registry.services import company_identity as identity
from registry.services import links, listings, visa_checks
from tests.blacklist_support import PROPOSER, T0, at, civil_id, listed, make_company, owner, proposal
from tests.conftest import both_backends

PAM = "pam.officer"


def _check(session: Session, days: int = 40, **query: str) -> VisaCheckRead:
    return visa_checks.check(session, query=VisaCheckIn.model_validate(query), actor=PAM, now=at(days))


def _codes(result: VisaCheckRead) -> list[str]:
    return [reason.code for reason in result.reasons]


@both_backends
def test_clear_refuse_and_the_record_kept(session: Session) -> None:
    ordinary = make_company(session, name_en="Al-Wafa Cleaning Co.")
    banned = make_company(session, name_en="Al-Safwa Domestic Labour Office")
    listed(session, banned.id or 0)
    clear = _check(session, external_id=ordinary.external_id, application_ref="VISA-1")
    assert (clear.decision, clear.reasons, clear.score, clear.tier) == ("clear", [], None, None)
    refused = _check(session, external_id=banned.external_id)
    assert refused.decision == "refuse" and _codes(refused) == ["listed"]
    assert refused.data_version.listing_seq == listing_repo.last_event_id(session) > 0
    rows = session.exec(select(VisaCheck).order_by(VisaCheck.id)).all()  # type: ignore[arg-type]
    assert [(r.checked_by, r.decision, r.application_ref) for r in rows] == [
        (PAM, "clear", "VISA-1"),
        (PAM, "refuse", None),
    ]


def test_pending_cases_and_appeals_ask_for_review(session: Session) -> None:
    proposed = make_company(session, name_en="Al-Wafa Cleaning Co.")
    listings.propose(session, data=proposal(session, proposed.id or 0), actor=PROPOSER, now=T0)
    appealing = make_company(session, name_en="Al-Safwa Domestic Labour Office")
    listing = listings.propose(session, data=proposal(session, appealing.id or 0), actor=PROPOSER, now=T0)
    listings.serve_notice(session, listing_id=listing.id or 0, notice=NoticeIn(), actor=PROPOSER, now=T0)
    appeal = ResponseIn(kind="appeal", summary="We contest the findings")
    listings.record_response(session, listing_id=listing.id or 0, response=appeal, actor=PROPOSER, now=at(3))
    assert _codes(_check(session, external_id=proposed.external_id)) == ["proposed"]
    result = _check(session, external_id=appealing.external_id)
    assert result.decision == "review" and _codes(result) == ["under_appeal"]


def test_a_listed_owner_in_a_new_company_is_refused_and_links_are_reviewed(session: Session) -> None:
    shared = civil_id()
    banned = make_company(session, name_en="Al-Najma Manpower Supply", officers=[owner(id_number=shared)])
    person = company_service.officers_of(session, company_id=banned.id or 0)[0].officer_id
    listed(session, banned.id or 0, officer_ids=[person])
    reopened = make_company(session, name_en="Gulf Falcon Security", officers=[owner(id_number=shared)])
    links.detect_links(session, company_id=reopened.id or 0)
    result = _check(session, external_id=reopened.external_id)
    assert result.decision == "refuse" and _codes(result) == ["listed_person", "linked_to_listed"]
    sharing_phone = make_company(session, name_en="Al-Wafa Cleaning Co.", phones=["22334455"])
    make_company(session, name_en="Desert Rose Trading", phones=["22334455"])
    links.detect_links(session, company_id=sharing_phone.id or 0)
    assert _codes(_check(session, external_id=sharing_phone.external_id)) == []


def test_risk_tier_names_and_unknown_subjects(session: Session) -> None:
    risky = make_company(session, name_en="Al-Nukhba Manpower Supply Co. W.L.L.")
    session.add(
        RiskScore(
            company_id=risky.id or 0, computed_at=T0, score=0.91, points=80, tier="critical", source="model"
        )
    )
    session.flush()
    result = _check(session, name="Al Nukhba Manpower Supply Company")
    assert (result.decision, result.company_id, result.tier, result.score) == (
        "review",
        risky.id,
        "critical",
        0.91,
    )
    assert _codes(result) == ["high_risk"] and result.data_version.score_computed_at == T0
    assert _codes(_check(session, name="Completely Unknown Household Services")) == ["name_not_resolved"]
    assert _codes(_check(session, external_id="NO-SUCH-ID")) == ["name_not_resolved"]


def test_a_listing_past_its_end_no_longer_refuses(session: Session) -> None:
    company = make_company(session, name_en="Al-Wafa Cleaning Co.")
    listed(session, company.id or 0)
    assert _check(session, days=700, external_id=company.external_id).decision == "refuse"
    assert _check(session, days=800, external_id=company.external_id).decision == "clear"


@both_backends
def test_a_merged_company_answers_for_its_survivor_with_every_reason(session: Session) -> None:
    shared = civil_id()
    banned = make_company(session, name_en="Al-Najma Manpower Supply", officers=[owner(id_number=shared)])
    person = company_service.officers_of(session, company_id=banned.id or 0)[0].officer_id
    held = listed(session, banned.id or 0, officer_ids=[person])
    survivor = make_company(session, name_en="Gulf Falcon Security", officers=[owner(id_number=shared)])
    links.detect_links(session, company_id=survivor.id or 0)
    old = make_company(session, name_en="Desert Rose Trading")
    identity.merge(session, source_id=old.id or 0, target_id=survivor.id or 0, actor=PAM, reason="same firm")
    session.add(
        RiskScore(
            company_id=survivor.id or 0, computed_at=T0, score=0.85, points=70, tier="high", source="model"
        )
    )
    session.flush()
    result = _check(session, external_id=old.external_id)
    assert (result.company_id, result.external_id, result.tier) == (survivor.id, survivor.external_id, "high")
    assert result.decision == "refuse" and _codes(result) == [
        "listed_person",
        "high_risk",
        "linked_to_listed",
    ]
    assert f"is listed with KW-BL-{held.id:06d}" in result.reasons[0].detail
    row = session.get(VisaCheck, result.check_id)
    assert row is not None and (row.company_id, row.decision, row.tier) == (survivor.id, "refuse", "high")
    assert row.reasons == [r.model_dump() for r in result.reasons]
    assert row.listing_seq == result.data_version.listing_seq == listing_repo.last_event_id(session)
