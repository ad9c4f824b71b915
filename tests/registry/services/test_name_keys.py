"""Stored keys brought up to the matcher's rules: names, spellings (merged when they meet) and rejections."""

from __future__ import annotations

import pytest
from sqlalchemy import update
from sqlmodel import Session, col, select

from registry.matching.normalize import name_key
from registry.models.company import CompanyName
from registry.models.complaint import Complaint
from registry.models.mention import MatchDecision, MatchRejection, MentionStatus, NameMention
from registry.schemas.complaint import Channel, ComplaintIn
from registry.services import companies, complaints, review
from registry.services.name_keys import rekey
from registry.services.name_matching import match_text, record_mention
from tests.conftest import both_backends
from tests.factories import company_data

# Keys as an earlier release stored them: "GTC" was read as General Trading Company, and a letter
# typed twice inside "W.L.L." made two words.
OLD_GTC_KEY = "fairouz general trading"
OLD_SLIP_KEY = "behbehani cleaning wl ll"


def _stale(session: Session, model: type[CompanyName] | type[NameMention], row_id: int, key: str) -> None:
    session.execute(update(model).where(col(model.id) == row_id).values(key=key))
    session.expire_all()


def _mention(session: Session, text: str, key: str, status: MentionStatus, occurrences: int) -> NameMention:
    mention = NameMention(
        text=text,
        key=key,
        source="earlier import",
        occurrences=occurrences,
        decision=MatchDecision.NONE,
        status=status,
    )
    session.add(mention)
    session.flush()
    return mention


def _complaint_about(session: Session, mention: NameMention, ref: str) -> Complaint:
    complaint = complaints.record_complaint(
        session,
        data=ComplaintIn(
            company_name=mention.text, categories=["WAGE_THEFT"], channel=Channel.HOTLINE, source_ref=ref
        ),
        actor="operator",
    )
    complaint.mention_id = mention.id
    session.flush()
    return complaint


@both_backends
def test_a_company_name_stored_under_an_old_key_gets_the_current_one(session: Session) -> None:
    company = companies.create_company(session, data=company_data(name_en="Al-Fairouz GTC", name_ar=None))
    name = session.exec(select(CompanyName).where(CompanyName.company_id == company.id)).one()
    _stale(session, CompanyName, name.id or 0, OLD_GTC_KEY)
    report = rekey(session)
    assert report.company_names == 1
    assert session.get(CompanyName, name.id).key == name_key("Al-Fairouz GTC") != OLD_GTC_KEY
    assert not rekey(session).changed


def _company(session: Session, name: str) -> int:
    return companies.create_company(session, data=company_data(name_en=name, name_ar=None)).id or 0


def _pair(
    session: Session,
    statuses: tuple[MentionStatus, MentionStatus],
    companies_of: tuple[int | None, int | None],
):
    fresh = _mention(session, "Behbehani Cleaning", name_key("Behbehani Cleaning"), statuses[0], 1)
    old = _mention(session, "Behbehani Cleaning W.L.LL.", OLD_SLIP_KEY, statuses[1], 1)
    fresh.company_id, old.company_id = companies_of
    session.flush()
    return fresh, old


@both_backends
def test_spellings_that_now_share_a_key_become_one_keeping_a_persons_decision(session: Session) -> None:
    confirmed_for = _company(session, "Marafie Manpower Supply Co.")
    counted = record_mention(session, text="Behbehani Cleaning", source="test", occurrences=3)
    slipped = _mention(session, "Behbehani Cleaning W.L.LL.", OLD_SLIP_KEY, MentionStatus.CONFIRMED, 2)
    slipped.company_id = confirmed_for
    first = _complaint_about(session, counted, "HL-1")
    second = _complaint_about(session, slipped, "HL-2")
    total = counted.occurrences + slipped.occurrences
    report = rekey(session)
    assert (report.mentions, report.merged_mentions, report.reopened) == (1, 1, 0)
    survivor = session.get(NameMention, slipped.id)
    assert survivor is not None and (survivor.status, survivor.company_id) == ("confirmed", confirmed_for)
    assert (survivor.key, survivor.occurrences) == (name_key("Behbehani Cleaning"), total)
    assert session.get(NameMention, counted.id) is None
    linked = {(c.mention_id, c.company_id, c.match_decision) for c in (first, second)}
    assert linked == {(slipped.id, confirmed_for, "match")}


@both_backends
@pytest.mark.parametrize("status", [MentionStatus.CONFIRMED, MentionStatus.MATCHED])
def test_spellings_linked_to_different_companies_go_back_to_review(
    session: Session, status: MentionStatus
) -> None:
    one, other = _company(session, "Marafie Manpower Supply Co."), _company(session, "Dashti Trading Co.")
    fresh, old = _pair(session, (status, status), (one, other))
    complaint = _complaint_about(session, old, "HL-1")
    assert rekey(session).reopened == 1
    survivor = session.get(NameMention, fresh.id)
    assert survivor is not None and (survivor.status, survivor.company_id) == ("pending", None)
    assert session.get(Complaint, complaint.id).company_id is None


@both_backends
def test_two_spellings_may_take_each_others_keys(session: Session) -> None:
    behbehani, marafie = "Behbehani Cleaning", "Marafie Supply"
    swapped = [
        _mention(session, behbehani, name_key(marafie), MentionStatus.UNMATCHED, 1),
        _mention(session, marafie, name_key(behbehani), MentionStatus.UNMATCHED, 1),
    ]
    assert rekey(session).mentions == 2
    assert [session.get(NameMention, m.id).key for m in swapped] == [name_key(behbehani), name_key(marafie)]


@both_backends
def test_a_rejection_follows_its_spelling_to_the_new_key(session: Session) -> None:
    company = companies.create_company(
        session, data=company_data(name_en="Behbehani Cleaning Co.", name_ar=None, activity="cleaning")
    )
    mention = record_mention(session, text="Behbehani Cleaning W.L.LL.", source="test")
    review.reject(session, mention_id=mention.id or 0, company_id=company.id or 0, actor="inspector")
    _stale(session, NameMention, mention.id or 0, OLD_SLIP_KEY)
    session.execute(update(MatchRejection).values(mention_key=OLD_SLIP_KEY))
    assert rekey(session).rejections == 1
    rejection = session.exec(select(MatchRejection)).one()
    assert rejection.mention_key == name_key("Behbehani Cleaning W.L.LL.")
    assert match_text(session, text="Behbehani Cleaning W.L.LL.").company_id != company.id


@both_backends
def test_two_rejections_that_meet_under_one_key_are_kept_once(session: Session) -> None:
    company = companies.create_company(
        session, data=company_data(name_en="Behbehani Cleaning Co.", name_ar=None)
    )
    fresh = record_mention(session, text="Behbehani Cleaning", source="test")
    old = _mention(session, "Behbehani Cleaning W.L.LL.", OLD_SLIP_KEY, MentionStatus.REJECTED, 1)
    for key in (fresh.key, old.key):
        session.add(MatchRejection(mention_key=key, company_id=company.id or 0, rejected_by="inspector"))
    session.flush()
    rekey(session)
    kept = session.exec(select(MatchRejection)).all()
    assert [(r.mention_key, r.company_id) for r in kept] == [(fresh.key, company.id)]


@both_backends
def test_a_confirmation_and_a_match_of_one_company_stay_confirmed(session: Session) -> None:
    one = _company(session, "Marafie Manpower Supply Co.")
    fresh, old = _pair(session, (MentionStatus.MATCHED, MentionStatus.CONFIRMED), (one, one))
    complaint = _complaint_about(session, fresh, "HL-1")
    assert rekey(session).reopened == 0
    survivor = session.get(NameMention, old.id)
    assert survivor is not None and (survivor.status, survivor.company_id) == ("confirmed", one)
    assert session.get(Complaint, complaint.id).company_id == one


@both_backends
def test_a_confirmation_never_takes_another_companys_records_unasked(session: Session) -> None:
    one, other = _company(session, "Marafie Manpower Supply Co."), _company(session, "Dashti Trading Co.")
    fresh, _ = _pair(session, (MentionStatus.MATCHED, MentionStatus.CONFIRMED), (other, one))
    complaint = _complaint_about(session, fresh, "HL-1")
    assert rekey(session).reopened == 1
    assert session.get(Complaint, complaint.id).company_id is None


@both_backends
def test_a_spelling_a_person_tied_to_no_company_and_a_matched_one_go_back_to_review(session: Session) -> None:
    one = _company(session, "Marafie Manpower Supply Co.")
    fresh, _ = _pair(session, (MentionStatus.MATCHED, MentionStatus.REJECTED), (one, None))
    assert rekey(session).reopened == 1
    assert session.get(NameMention, fresh.id).status == "pending"


@both_backends
def test_a_match_a_person_rejected_for_a_merged_spelling_goes_back_to_review(session: Session) -> None:
    one = _company(session, "Marafie Manpower Supply Co.")
    fresh, _ = _pair(session, (MentionStatus.MATCHED, MentionStatus.UNMATCHED), (one, None))
    session.add(MatchRejection(mention_key=OLD_SLIP_KEY, company_id=one, rejected_by="inspector"))
    session.flush()
    assert rekey(session).reopened == 1
    assert session.get(NameMention, fresh.id).company_id is None


@both_backends
def test_the_records_of_spellings_merged_into_a_pending_one_wait_for_its_review(session: Session) -> None:
    _, old = _pair(session, (MentionStatus.PENDING, MentionStatus.UNMATCHED), (None, None))
    complaint = _complaint_about(session, old, "HL-1")
    complaint.match_decision = MatchDecision.NONE
    session.flush()
    rekey(session)
    assert session.get(Complaint, complaint.id).match_decision == "review"
