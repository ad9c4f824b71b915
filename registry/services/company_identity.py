"""Merging, splitting and moving names between companies, with history kept and old ids resolvable."""

from __future__ import annotations

from typing import Any

from sqlmodel import Session

from registry.errors import Conflict, InvalidInput, NotFound
from registry.models.company import Company, CompanyName, NameKind
from registry.models.history import CompanyAction, CompanyEvent
from registry.models.mention import MentionStatus
from registry.models.types import utcnow
from registry.repositories import companies as company_repo
from registry.repositories import history as history_repo
from registry.repositories import mentions as mention_repo
from registry.schemas.company import CompanyCreate, OfficerIn, OfficerRead
from registry.schemas.identity import CompanyEventRead
from registry.services.companies import attach_contacts, create_company, get_company, officers_of, phones_of

MAX_MERGE_CHAIN = 50


def resolve(session: Session, *, company_id: int) -> Company:
    """The company an id stands for today, following merges (old ids keep resolving)."""
    company = get_company(session, company_id=company_id)
    for _ in range(MAX_MERGE_CHAIN):
        if company.merged_into_id is None:
            return company
        company = get_company(session, company_id=company.merged_into_id)
    raise Conflict(f"company {company_id} has a merge chain longer than {MAX_MERGE_CHAIN}")


def resolve_for_update(session: Session, *, company_id: int) -> Company:
    """As resolve, with the company's row locked until the transaction ends, so no merge moves it meanwhile.

    A merge that committed while the lock was awaited is followed to the company it made.
    """
    company = resolve(session, company_id=company_id)
    for _ in range(MAX_MERGE_CHAIN):
        company = company_repo.lock(session, [company.id or 0])[company.id or 0]
        if company.merged_into_id is None:
            return company
        company = resolve(session, company_id=company.merged_into_id)
    raise Conflict(f"company {company_id} has a merge chain longer than {MAX_MERGE_CHAIN}")


def merge(session: Session, *, source_id: int, target_id: int, actor: str, reason: str) -> Company:
    """Merge SOURCE into TARGET; SOURCE stays as a record pointing at TARGET."""
    # Review decisions lock the company they decide for: a merge waits for them, and they for it.
    company_repo.lock(session, [source_id, target_id])
    source, target = _live(session, source_id), _live(session, target_id)
    if source_id == target_id:
        raise InvalidInput("a company cannot be merged into itself")
    moved, dropped = _move_all_names(session, source, target)
    _copy_contacts(session, source, target)
    source.merged_into_id, source.updated_at = target.id, utcnow()
    mention_repo.repoint(session, from_company_id=source_id, to_company_id=target_id)
    # After the mentions, so a confirmation now held by TARGET can overrule a rejection moved to it.
    mention_repo.move_rejections(session, from_company_id=source_id, to_company_id=target_id)
    rematched = _rematch_rejected(session, target_id)
    detail = {"moved_names": moved, "duplicate_names_dropped": dropped}
    if rematched:
        detail["rematched_mentions"] = rematched
    _record(session, source, CompanyAction.MERGED_INTO, target, detail, actor, reason)
    _record(session, target, CompanyAction.ABSORBED, source, detail, actor, reason)
    session.flush()
    return target


def split(
    session: Session, *, company_id: int, new: CompanyCreate, name_ids: list[int], actor: str, reason: str
) -> Company:
    """Create NEW from COMPANY, moving the given names to it."""
    company_repo.lock(session, [company_id])
    original = _live(session, company_id)
    names = _names_of(session, original, name_ids)
    created = create_company(session, data=new, source=f"split:{original.external_id}")
    moved = [_move(session, _make_room(session, name, created), created) for name in names]
    detail = {"moved_names": moved}
    _record(session, original, CompanyAction.SPLIT_INTO, created, detail, actor, reason)
    _record(session, created, CompanyAction.SPLIT_FROM, original, detail, actor, reason)
    session.flush()
    return created


def move_name(session: Session, *, name_id: int, to_company_id: int, actor: str, reason: str) -> CompanyName:
    """Attach one trade, former or observed name to another company."""
    name = session.get(CompanyName, name_id)
    if name is None:
        raise NotFound(f"no name with id {name_id}")
    company_repo.lock(session, [name.company_id, to_company_id])
    session.refresh(name)  # the lock may have waited for a merge that moved this name
    source, target = _live(session, name.company_id), _live(session, to_company_id)
    [moved] = [_move(session, n, target) for n in _names_of(session, source, [name_id])]
    _record(session, source, CompanyAction.NAME_MOVED_OUT, target, {"name": moved}, actor, reason)
    _record(session, target, CompanyAction.NAME_MOVED_IN, source, {"name": moved}, actor, reason)
    session.flush()
    return name


def history(session: Session, *, company_id: int) -> list[CompanyEventRead]:
    """A company's identity events, oldest first."""
    get_company(session, company_id=company_id)
    return [CompanyEventRead.model_validate(e) for e in history_repo.events_of(session, company_id)]


def _live(session: Session, company_id: int) -> Company:
    company = get_company(session, company_id=company_id)
    if company.merged_into_id is not None:
        raise Conflict(f"company {company_id} was merged into {company.merged_into_id}; use that company")
    return company


def _names_of(session: Session, company: Company, name_ids: list[int]) -> list[CompanyName]:
    names = {n.id: n for n in company_repo.names_of(session, [company.id or 0])[company.id or 0]}
    foreign = [i for i in name_ids if i not in names]
    if foreign:
        raise InvalidInput(f"name ids {foreign} do not belong to company {company.id}")
    official = [i for i in name_ids if names[i].kind == NameKind.OFFICIAL]
    if official:
        raise Conflict(f"names {official} are official names: change name_en/name_ar instead of moving them")
    return [names[i] for i in dict.fromkeys(name_ids)]


def _make_room(session: Session, name: CompanyName, created: Company) -> CompanyName:
    """Let NAME take the place, and kind, of the new company's own row with its text (undoing a merge)."""
    # The new company's rows were all made by this split a moment ago; the moved one carries history.
    for fresh in company_repo.names_of(session, [created.id or 0])[created.id or 0]:
        if fresh.text != name.text:
            continue
        name.kind = fresh.kind
        session.delete(fresh)
    session.flush()
    return name


def _move(session: Session, name: CompanyName, target: Company) -> dict[str, Any]:
    taken = {n.text for n in company_repo.names_of(session, [target.id or 0])[target.id or 0]}
    if name.text in taken:
        raise Conflict(f"company {target.id} already has the name {name.text!r}")
    source_id, name.company_id = name.company_id, target.id or 0
    session.flush()
    moved: dict[str, Any] = {"id": name.id, "text": name.text, "kind": name.kind}
    dropped = _follow_learned_name(session, name, source_id)
    if dropped is not None:
        moved["rejection_dropped"] = dropped
    return moved


def _follow_learned_name(session: Session, name: CompanyName, source_id: int) -> dict[str, Any] | None:
    """A mention confirmed for the old company follows the name its confirmation taught.

    Moving the name is a person's later decision that the spelling is the new company's: a rejection of
    that pair, which would contradict it, is dropped and returned (for the history's event detail).
    """
    mention_id = mention_repo.learned_from(name.source)
    mention = mention_repo.get_for_update(session, mention_id) if mention_id is not None else None
    if mention is None or mention.status != MentionStatus.CONFIRMED or mention.company_id != source_id:
        return None
    dropped = mention_repo.drop_rejection(session, key=mention.key, company_id=name.company_id)
    mention.company_id, mention.updated_at = name.company_id, utcnow()
    mention_repo.link_records(session, mention_id=mention_id or 0, company_id=name.company_id)
    return {"mention_id": mention_id, "key": mention.key} if dropped else None


def _rematch_rejected(session: Session, company_id: int) -> list[int]:
    """Match again the mentions the matcher had linked to COMPANY though that pair is now rejected.

    A merge gives the target the source's auto-matched mentions and rejections, and the target's
    rejections meet the source's matched mentions: such a pair must not stay linked. (A confirmed mention
    overrules the rejection instead: see mention_repo.move_rejections.)
    """
    # review imports this module for resolve; imported here so neither module needs the other at load.
    from registry.services import review

    mentions = mention_repo.matched_but_rejected(session, company_id)
    for mention in mentions:
        mention_repo.link_records(session, mention_id=mention.id or 0, company_id=None)
        review.rematch(session, mention)
    return [m.id or 0 for m in mentions]


def _move_all_names(session: Session, source: Company, target: Company) -> tuple[list[Any], list[str]]:
    taken = {n.text for n in company_repo.names_of(session, [target.id or 0])[target.id or 0]}
    moved, dropped = [], []
    for name in company_repo.names_of(session, [source.id or 0])[source.id or 0]:
        if name.text in taken:
            dropped.append(name.text)
            session.delete(name)
            continue
        name.company_id = target.id or 0
        if name.kind == NameKind.OFFICIAL:
            name.kind = NameKind.FORMER
        moved.append({"id": name.id, "text": name.text, "kind": name.kind})
    session.flush()
    return moved, dropped


def _copy_contacts(session: Session, source: Company, target: Company) -> None:
    officers = [_officer_in(o) for o in officers_of(session, company_id=source.id or 0)]
    attach_contacts(
        session, company=target, phones=phones_of(session, company_id=source.id or 0), officers=officers
    )


def _officer_in(officer: OfficerRead) -> OfficerIn:
    return OfficerIn(
        full_name=officer.full_name,
        role=officer.role,
        id_type=officer.id_type,
        id_number=officer.id_number,
        nationality=officer.nationality,
    )


def _record(
    session: Session,
    company: Company,
    action: CompanyAction,
    other: Company,
    detail: dict[str, Any],
    actor: str,
    reason: str,
) -> None:
    session.add(
        CompanyEvent(
            company_id=company.id or 0,
            action=action,
            other_company_id=other.id,
            detail=detail,
            actor=actor,
            reason=reason,
        )
    )
