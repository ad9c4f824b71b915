"""Merges and splits carry people's review decisions along: rejections, and mentions that taught a name."""

from __future__ import annotations

import pytest
from sqlmodel import Session

from registry.errors import Conflict
from registry.models.company import Company, NameKind
from registry.models.complaint import Channel, Complaint, ReporterType
from registry.models.mention import MatchRejection, MentionStatus, NameMention
from registry.models.types import utcnow
from registry.repositories import mentions as mention_repo
from registry.services import companies as service
from registry.services import company_identity as identity
from registry.services import review
from registry.services.name_matching import match_text, record_mention
from tests.conftest import both_backends
from tests.factories import company_data

BADER = "Al-Bader Integrated Cleaning Co. W.L.L."


def complaint_naming(session: Session, mention: NameMention) -> Complaint:
    """A complaint written with MENTION's spelling, linked as the mention is."""
    complaint = Complaint(
        follow_up_code=f"T-{mention.id}",
        received_at=utcnow(),
        channel=Channel.WEB,
        reporter_type=ReporterType.VICTIM,
        company_name_written=mention.text,
        mention_id=mention.id,
        company_id=mention.company_id,
        match_decision=mention.decision,
        source="test",
        content_hash=f"{mention.id:064d}",
    )
    session.add(complaint)
    session.flush()
    return complaint


def _company(session: Session, name_en: str) -> Company:
    """A company known by NAME_EN alone."""
    return service.create_company(session, data=company_data(name_en=name_en, name_ar=None))


def _names(session: Session, company_id: int) -> dict[str, tuple[int, str]]:
    return {n.text: (n.id or 0, n.kind) for n in service.company_names(session, company_id=company_id)}


@both_backends
def test_a_rejection_moves_with_a_merge(session: Session) -> None:
    source = _company(session, "Al-Kandari Manpower Co.")
    target = _company(session, "Kandari Supply Services")
    mention = record_mention(session, text="Al-Kandari Manpower Co.", source="test")
    review.reject(session, mention_id=mention.id or 0, company_id=source.id or 0, actor="a")
    identity.merge(session, source_id=source.id or 0, target_id=target.id or 0, actor="t", reason="dup")
    assert mention_repo.rejected_companies(session, mention.key) == {target.id}
    outcome = match_text(session, text="Al-Kandari Manpower Co.")
    assert target.id not in {c.company_id for c in outcome.candidates}


def test_a_merge_keeps_one_rejection_per_pair_and_a_confirmation_beats_a_rejection(session: Session) -> None:
    a, b = (service.create_company(session, data=company_data()) for _ in range(2))
    shared = record_mention(session, text="Zuhair Manpower Est.", source="test")
    confirmed = record_mention(session, text="Zuhair Cleaning Est.", source="test")
    for company in (a, b):
        review.reject(session, mention_id=shared.id or 0, company_id=company.id or 0, actor="x")
    review.confirm(session, mention_id=confirmed.id or 0, company_id=b.id or 0, actor="x")
    review.reject(session, mention_id=confirmed.id or 0, company_id=a.id or 0, actor="x")
    identity.merge(session, source_id=a.id or 0, target_id=b.id or 0, actor="t", reason="dup")
    assert mention_repo.rejected_companies(session, shared.key) == {b.id}
    assert mention_repo.rejected_companies(session, confirmed.key) == set()


@both_backends
def test_a_split_undoes_a_merge_and_the_confirmed_mention_follows_its_name(session: Session) -> None:
    bader = service.create_company(
        session, data=company_data(name_en=BADER, name_ar=None, aliases=["Bader Co"])
    )
    other = _company(session, "Al-Safwa Cleaning Co.")
    mention = record_mention(session, text="albader integrated clng wll", source="test")
    review.confirm(session, mention_id=mention.id or 0, company_id=bader.id or 0, actor="a")
    identity.merge(session, source_id=bader.id or 0, target_id=other.id or 0, actor="t", reason="dup")
    merged = _names(session, other.id or 0)
    moving = [merged[t][0] for t in (BADER, "Bader Co", "albader integrated clng wll")]

    created = identity.split(
        session,
        company_id=other.id or 0,
        new=company_data(name_en=BADER, name_ar=None),
        name_ids=moving,
        actor="t",
        reason="was wrongly merged",
    )
    names = _names(session, created.id or 0)
    assert names[BADER] == (merged[BADER][0], NameKind.OFFICIAL)
    assert len(names) == 3 and BADER not in _names(session, other.id or 0)
    assert (mention.status, mention.company_id) == (MentionStatus.CONFIRMED, created.id)
    assert match_text(session, text=BADER).company_id == created.id


@both_backends
def test_moving_a_learned_name_to_a_rejected_company_drops_the_rejection_says_so(session: Session) -> None:
    cleaning = _company(session, "Al-Hajeri Cleaning Co. W.L.L.")
    guards = _company(session, "Al-Hajeri Security Guards Co. W.L.L.")
    mention = record_mention(session, text="Hajeri Clng Svcs", source="test")
    review.reject(session, mention_id=mention.id or 0, company_id=guards.id or 0, actor="p1")
    review.confirm(session, mention_id=mention.id or 0, company_id=cleaning.id or 0, actor="p2")
    learned = _names(session, cleaning.id or 0)["Hajeri Clng Svcs"][0]

    identity.move_name(session, name_id=learned, to_company_id=guards.id or 0, actor="x", reason="theirs")
    assert (mention.status, mention.company_id) == (MentionStatus.CONFIRMED, guards.id)
    assert mention_repo.rejected_companies(session, mention.key) == set()
    events = identity.history(session, company_id=guards.id or 0)
    [moved_in] = [e for e in events if e.action == "name_moved_in"]
    assert moved_in.detail["name"]["rejection_dropped"] == {"mention_id": mention.id, "key": mention.key}
    with pytest.raises(Conflict, match="already confirmed"):
        review.confirm(session, mention_id=mention.id or 0, company_id=guards.id or 0, actor="p3")


@both_backends
def test_a_merge_rematches_an_auto_matched_mention_rejected_for_the_target(session: Session) -> None:
    source = _company(session, "Zubair Kanaan Manpower Supply Co. W.L.L.")
    target = _company(session, "Qurtuba Star Domestic Labour Office")
    mention = record_mention(session, text="Zubair Kanaan Manpower Supply Co. W.L.L.", source="test")
    assert (mention.status, mention.company_id) == (MentionStatus.MATCHED, source.id)
    complaint = complaint_naming(session, mention)
    session.add(MatchRejection(mention_key=mention.key, company_id=target.id or 0, rejected_by="p"))
    session.flush()

    identity.merge(session, source_id=source.id or 0, target_id=target.id or 0, actor="t", reason="dup")
    session.refresh(mention)
    session.refresh(complaint)
    assert mention.status != MentionStatus.MATCHED and mention.company_id != target.id
    assert complaint.company_id is None
    assert mention_repo.rejected_companies(session, mention.key) == {target.id}
    [absorbed] = [e for e in identity.history(session, company_id=target.id or 0) if e.action == "absorbed"]
    assert absorbed.detail["rematched_mentions"] == [mention.id]


@both_backends
def test_a_rejection_left_on_a_merged_company_still_rules_out_the_company_it_became(session: Session) -> None:
    # As a rejection written by a decision that raced a merge (before decisions locked companies) stays.
    a, b = (service.create_company(session, data=company_data()) for _ in range(2))
    identity.merge(session, source_id=a.id or 0, target_id=b.id or 0, actor="t", reason="dup")
    mention = record_mention(session, text="Zuhair Manpower Est.", source="test")
    session.add(MatchRejection(mention_key=mention.key, company_id=a.id or 0, rejected_by="p"))
    session.flush()
    assert mention_repo.rejected_companies(session, mention.key) == {b.id}
    assert mention_repo.rejections_for(session, [mention.key]) == {mention.key: {b.id}}
    assert mention_repo.every_rejection(session)[mention.key] == {b.id}
    with pytest.raises(Conflict, match="was rejected"):
        review.confirm(session, mention_id=mention.id or 0, company_id=b.id or 0, actor="p")
    with pytest.raises(Conflict, match="already rejected"):
        review.reject(session, mention_id=mention.id or 0, company_id=a.id or 0, actor="p")
