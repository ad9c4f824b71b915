"""Review decisions: a confirmation stands until its own pair is rejected, and ids resolve like confirm's."""

from __future__ import annotations

import pytest
from sqlmodel import Session

from registry.errors import Conflict, NotFound
from registry.models.mention import MentionStatus, NameMention
from registry.repositories import mentions as mention_repo
from registry.services import companies as service
from registry.services import company_identity as identity
from registry.services import review
from registry.services.name_matching import match_text, record_mention
from tests.conftest import both_backends
from tests.factories import company_data

SPELLING = "Mutairi Co."


def _companies(session: Session) -> tuple[int, int]:
    clean = company_data(name_en="Al-Mutairi Cleaning Services Co.", name_ar=None, activity="cleaning")
    trade = company_data(name_en="Al-Mutairi General Trading & Contracting Co. W.L.L.", name_ar=None)
    return tuple(service.create_company(session, data=d).id or 0 for d in (clean, trade))  # type: ignore[return-value]


def _pending(session: Session) -> NameMention:
    mention = record_mention(session, text=SPELLING, source="test")
    assert mention.status == MentionStatus.PENDING
    return mention


def _names(session: Session, company_id: int) -> set[str]:
    return {n.text for n in service.company_names(session, company_id=company_id)}


@both_backends
def test_rejecting_another_company_leaves_the_confirmation_standing(session: Session) -> None:
    clean, trade = _companies(session)
    mention = _pending(session)
    review.confirm(session, mention_id=mention.id or 0, company_id=clean, actor="a")
    review.reject(session, mention_id=mention.id or 0, company_id=trade, actor="b")
    assert (mention.status, mention.company_id, mention.resolved_by) == (MentionStatus.CONFIRMED, clean, "a")
    assert SPELLING in _names(session, clean)
    assert mention_repo.rejected_companies(session, mention.key) == {trade}


@both_backends
def test_a_mention_confirmed_for_one_company_cannot_be_confirmed_for_another(session: Session) -> None:
    clean, trade = _companies(session)
    mention = _pending(session)
    review.confirm(session, mention_id=mention.id or 0, company_id=clean, actor="a")
    with pytest.raises(Conflict, match=f"already confirmed for company {clean}.*first reject"):
        review.confirm(session, mention_id=mention.id or 0, company_id=trade, actor="b")
    assert SPELLING not in _names(session, trade)
    with pytest.raises(Conflict, match="already confirmed"):
        review.confirm(session, mention_id=mention.id or 0, company_id=clean, actor="b")


def test_rejecting_the_confirmed_pair_forgets_the_learned_name_and_allows_another(session: Session) -> None:
    clean, trade = _companies(session)
    mention = _pending(session)
    review.confirm(session, mention_id=mention.id or 0, company_id=clean, actor="a")
    review.reject(session, mention_id=mention.id or 0, company_id=clean, actor="a")
    assert SPELLING not in _names(session, clean)
    assert clean not in {c.company_id for c in match_text(session, text=SPELLING).candidates}
    review.confirm(session, mention_id=mention.id or 0, company_id=trade, actor="a")
    assert (mention.status, mention.company_id) == (MentionStatus.CONFIRMED, trade)


def test_rejecting_keeps_a_name_the_company_had_before_the_confirmation(session: Session) -> None:
    clean = service.create_company(session, data=company_data(name_en="Mutairi Co.", name_ar=None)).id or 0
    service.create_company(session, data=company_data(name_en="Al-Mutairi Cleaning Co.", name_ar=None))
    mention = record_mention(session, text="Mutairi Co.", source="test")
    review.confirm(session, mention_id=mention.id or 0, company_id=clean, actor="a")
    review.reject(session, mention_id=mention.id or 0, company_id=clean, actor="a")
    assert "Mutairi Co." in _names(session, clean)


@both_backends
def test_reject_with_a_merged_company_id_rejects_the_company_it_became(session: Session) -> None:
    clean, trade = _companies(session)
    identity.merge(session, source_id=clean, target_id=trade, actor="t", reason="dup")
    mention = _pending(session)
    review.reject(session, mention_id=mention.id or 0, company_id=clean, actor="a")
    assert mention_repo.rejected_companies(session, mention.key) == {trade}


@both_backends
def test_reject_with_an_unknown_company_is_not_found(session: Session) -> None:
    _companies(session)
    mention = _pending(session)
    with pytest.raises(NotFound, match="999999"):
        review.reject(session, mention_id=mention.id or 0, company_id=999999, actor="a")
    with pytest.raises(NotFound):
        review.reject(session, mention_id=999999, company_id=999999, actor="a")
