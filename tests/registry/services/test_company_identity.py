from __future__ import annotations

import pytest
from sqlmodel import Session, col, select

from registry.errors import Conflict, InvalidInput
from registry.models.company import CompanyNameChange, NameKind
from registry.models.history import CompanyAction
from registry.models.mention import MatchDecision, MentionStatus, NameMention
from registry.schemas.company import OfficerIn
from registry.services import companies as service
from registry.services import company_identity as identity
from tests.conftest import both_backends
from tests.factories import company_data


def _names(session: Session, company_id: int) -> dict[str, str]:
    return {n.text: n.kind for n in service.company_names(session, company_id=company_id)}


@both_backends
def test_merge_moves_names_contacts_and_mentions_and_keeps_the_old_id(session: Session) -> None:
    source = service.create_company(
        session,
        data=company_data(
            name_en="Old Safwa",
            name_ar=None,
            aliases=["Safwa Old Trading", "Shared Alias"],
            phones=["22221111"],
            officers=[OfficerIn(full_name="Ali", id_number="280010112345")],
        ),
    )
    target = service.create_company(session, data=company_data(name_en="Safwa", aliases=["Shared Alias"]))
    session.add(
        NameMention(
            text="old safwa",
            key="old safwa",
            source="t",
            decision=MatchDecision.MATCH,
            status=MentionStatus.MATCHED,
            company_id=source.id,
        )
    )
    merged = identity.merge(
        session,
        source_id=source.id or 0,
        target_id=target.id or 0,
        actor="tester",
        reason="same business registered twice",
    )
    names = _names(session, merged.id or 0)
    assert names["Old Safwa"] == NameKind.FORMER and names["Safwa Old Trading"] == NameKind.TRADE
    assert identity.resolve(session, company_id=source.id or 0).id == target.id
    assert service.phones_of(session, company_id=target.id or 0) == ["96522221111"]
    assert [o.id_number for o in service.officers_of(session, company_id=target.id or 0)] == ["280010112345"]
    mention = session.exec(select(NameMention).where(NameMention.key == "old safwa")).one()
    assert mention.company_id == target.id
    [event] = identity.history(session, company_id=source.id or 0)
    assert event.action == CompanyAction.MERGED_INTO and event.detail["duplicate_names_dropped"] == [
        "Shared Alias"
    ]


def test_a_merged_company_cannot_be_merged_or_receive_names(session: Session) -> None:
    a, b, c = (service.create_company(session, data=company_data()) for _ in range(3))
    identity.merge(session, source_id=a.id or 0, target_id=b.id or 0, actor="t", reason="dup")
    with pytest.raises(Conflict, match="merged into"):
        identity.merge(session, source_id=a.id or 0, target_id=c.id or 0, actor="t", reason="dup")
    with pytest.raises(Conflict, match="merged into"):
        identity.merge(session, source_id=c.id or 0, target_id=a.id or 0, actor="t", reason="dup")
    with pytest.raises(InvalidInput):
        identity.merge(session, source_id=c.id or 0, target_id=c.id or 0, actor="t", reason="dup")


@both_backends
def test_split_creates_a_company_with_the_chosen_names(session: Session) -> None:
    original = service.create_company(session, data=company_data(aliases=["Branch Jahra", "Keep Me"]))
    branch_id = next(
        n.id for n in service.company_names(session, company_id=original.id or 0) if n.text == "Branch Jahra"
    )
    created = identity.split(
        session,
        company_id=original.id or 0,
        new=company_data(name_en="Jahra Branch Co."),
        name_ids=[branch_id],
        actor="t",
        reason="separate licence",
    )
    assert "Branch Jahra" in _names(session, created.id or 0)
    assert "Branch Jahra" not in _names(session, original.id or 0)
    assert [e.action for e in identity.history(session, company_id=created.id or 0)] == [
        CompanyAction.SPLIT_FROM
    ]


def test_official_names_and_foreign_names_cannot_be_moved(session: Session) -> None:
    a = service.create_company(session, data=company_data(aliases=["Alias A"]))
    b = service.create_company(session, data=company_data())
    names = {n.text: n.id or 0 for n in service.company_names(session, company_id=a.id or 0)}
    with pytest.raises(Conflict, match="official"):
        identity.move_name(
            session, name_id=names[a.name_en or ""], to_company_id=b.id or 0, actor="t", reason="x y"
        )
    moved = identity.move_name(
        session, name_id=names["Alias A"], to_company_id=b.id or 0, actor="t", reason="wrong"
    )
    assert moved.company_id == b.id
    with pytest.raises(InvalidInput):
        identity.split(
            session,
            company_id=a.id or 0,
            new=company_data(),
            name_ids=[names["Alias A"]],
            actor="t",
            reason="gone",
        )


def test_every_name_insert_and_move_is_logged_for_other_processes(session: Session) -> None:
    before = (
        session.exec(select(CompanyNameChange.seq).order_by(col(CompanyNameChange.seq).desc())).first() or 0
    )
    a = service.create_company(session, data=company_data(aliases=["Logged Alias"]))
    b = service.create_company(session, data=company_data())
    alias = next(n for n in service.company_names(session, company_id=a.id or 0) if n.text == "Logged Alias")
    identity.move_name(session, name_id=alias.id, to_company_id=b.id or 0, actor="t", reason="moved")
    changes = session.exec(select(CompanyNameChange).where(col(CompanyNameChange.seq) > before)).all()
    assert [(c.name_id, c.company_id) for c in changes if c.name_id == alias.id] == [
        (alias.id, a.id),
        (alias.id, b.id),
    ]
