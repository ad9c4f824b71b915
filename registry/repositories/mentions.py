"""Queries over name mentions (the review queue) and remembered rejections."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import sqlalchemy as sa
from sqlalchemy import delete, func, update
from sqlmodel import Session, col, select

from registry.models.company import Company, CompanyName, NameKind
from registry.models.complaint import Complaint
from registry.models.inspection import Inspection
from registry.models.mention import MatchDecision, MatchRejection, MentionStatus, NameMention

LEARNED_PREFIX = "review:"
MAX_MERGE_CHAIN = 50


def by_key(session: Session, key: str) -> NameMention | None:
    """The mention with this normalised key, or None."""
    return session.exec(select(NameMention).where(NameMention.key == key)).first()


def outcomes_by_keys(session: Session, keys: Iterable[str]) -> dict[str, tuple[int, int | None, str, float]]:
    """(id, company_id, decision, score) of the mentions with these normalised keys, for those that exist.

    Four columns, not whole mentions: an import asks this for tens of thousands of spellings, and their
    stored candidates and reasons are not needed.
    """
    wanted = list(set(keys))
    if not wanted:
        return {}
    query = sa.select(
        col(NameMention.key),
        col(NameMention.id),
        col(NameMention.company_id),
        col(NameMention.decision),
        col(NameMention.score),
    ).where(col(NameMention.key).in_(wanted))
    return {row[0]: (row[1] or 0, row[2], row[3], row[4]) for row in session.execute(query).all()}


def get(session: Session, mention_id: int) -> NameMention | None:
    """The mention with this id, or None."""
    return session.get(NameMention, mention_id)


def get_for_update(session: Session, mention_id: int) -> NameMention | None:
    """The mention with this id, its row locked until the transaction ends (PostgreSQL), or None."""
    # populate_existing: a copy already in the session may be older than the row the lock waited for.
    return session.get(NameMention, mention_id, with_for_update=True, populate_existing=True)


def learned_source(mention_id: int) -> str:
    """The source recorded on a name learned by confirming this mention."""
    return f"{LEARNED_PREFIX}{mention_id}"


def learned_from(source: str) -> int | None:
    """The mention a name was learned from, read back from its source; None for other names."""
    number = source.removeprefix(LEARNED_PREFIX)
    return int(number) if number != source and number.isdigit() else None


def names_learned(session: Session, *, mention_id: int, company_id: int) -> Sequence[CompanyName]:
    """The observed names COMPANY learned by a confirmation of this mention."""
    query = select(CompanyName).where(
        CompanyName.company_id == company_id,
        CompanyName.source == learned_source(mention_id),
        CompanyName.kind == NameKind.OBSERVED,
    )
    return session.exec(query).all()


def queue(session: Session, *, status: MentionStatus, limit: int, offset: int) -> Sequence[NameMention]:
    """Mentions in STATUS, the most frequent first (they matter to the most reports)."""
    query = (
        select(NameMention)
        .where(NameMention.status == status)
        .order_by(col(NameMention.occurrences).desc(), col(NameMention.id))
        .limit(limit)
        .offset(offset)
    )
    return session.exec(query).all()


def rejected_companies(session: Session, key: str) -> set[int]:
    """Companies a person has said this spelling is not (a merged company as the company it became)."""
    query = select(MatchRejection.company_id).where(MatchRejection.mention_key == key)
    return _following_merges(session, {key: set(session.exec(query).all())}).get(key, set())


def drop_rejection(session: Session, *, key: str, company_id: int) -> bool:
    """Forget that this spelling is not COMPANY; True if there was such a rejection."""
    gone = session.execute(
        delete(MatchRejection).where(
            col(MatchRejection.mention_key) == key, col(MatchRejection.company_id) == company_id
        )
    )
    return bool(gone.rowcount)  # type: ignore[attr-defined]


def matched_but_rejected(session: Session, company_id: int) -> Sequence[NameMention]:
    """Mentions the matcher linked to COMPANY though a person rejected that pair (after a merge), locked."""
    rejected = select(MatchRejection.mention_key).where(MatchRejection.company_id == company_id)
    query = (
        select(NameMention)
        .where(
            NameMention.status == MentionStatus.MATCHED,
            NameMention.company_id == company_id,
            col(NameMention.key).in_(rejected),
        )
        .order_by(col(NameMention.id))
        .with_for_update()
        .execution_options(populate_existing=True)
    )
    return session.exec(query).all()


def repoint(session: Session, *, from_company_id: int, to_company_id: int) -> None:
    """Point every mention of one company at another (after a merge)."""
    for column in ("company_id", "best_company_id"):
        attribute = col(getattr(NameMention, column))
        session.execute(
            update(NameMention).where(attribute == from_company_id).values({column: to_company_id})
        )


def move_rejections(session: Session, *, from_company_id: int, to_company_id: int) -> None:
    """Give a merged company's rejections to the company it became; a pair already there is dropped."""
    held = select(MatchRejection.mention_key).where(MatchRejection.company_id == to_company_id)
    session.execute(
        update(MatchRejection)
        .where(
            col(MatchRejection.company_id) == from_company_id, col(MatchRejection.mention_key).not_in(held)
        )
        .values(company_id=to_company_id)
    )
    session.execute(delete(MatchRejection).where(col(MatchRejection.company_id) == from_company_id))
    # Once two companies are one, "this spelling is A, not B" contradicts itself: the confirmation,
    # the more specific statement, stands.
    confirmed = select(NameMention.key).where(
        NameMention.status == MentionStatus.CONFIRMED, NameMention.company_id == to_company_id
    )
    session.execute(
        delete(MatchRejection).where(
            col(MatchRejection.company_id) == to_company_id, col(MatchRejection.mention_key).in_(confirmed)
        )
    )


def rejections_for(session: Session, keys: Sequence[str]) -> dict[str, set[int]]:
    """For each key, the companies a person has said it is not (only keys with rejections appear)."""
    found: dict[str, set[int]] = {}
    wanted = sorted(set(keys))
    for start in range(0, len(wanted), 1000):
        chunk = wanted[start : start + 1000]
        query = select(MatchRejection.mention_key, MatchRejection.company_id).where(
            col(MatchRejection.mention_key).in_(chunk)
        )
        for key, company_id in session.exec(query).all():
            found.setdefault(key, set()).add(company_id)
    return _following_merges(session, found)


def every_rejection(session: Session) -> dict[str, set[int]]:
    """For every mention key with rejections, the companies a person has said it is not."""
    found: dict[str, set[int]] = {}
    for key, company_id in session.exec(select(MatchRejection.mention_key, MatchRejection.company_id)).all():
        found.setdefault(key, set()).add(company_id)
    return _following_merges(session, found)


def _following_merges(session: Session, found: dict[str, set[int]]) -> dict[str, set[int]]:
    """FOUND with each merged company replaced by the company it became.

    A merge moves the source's rejections to its target, so this only matters for a rejection written
    while a merge was under way, or before merges moved rejections: it must still rule the company out.
    """
    became = _current_ids(session, set().union(*found.values()) if found else set())
    if all(became[i] == i for i in became):
        return found
    return {key: {became[i] for i in ids} for key, ids in found.items()}


def _current_ids(session: Session, company_ids: set[int]) -> dict[int, int]:
    current = {i: i for i in company_ids}
    step = set(company_ids)
    for _ in range(MAX_MERGE_CHAIN):
        moves: dict[int, int] = {}
        wanted = sorted(step)
        for start in range(0, len(wanted), 1000):
            query = select(Company.id, Company.merged_into_id).where(
                col(Company.id).in_(wanted[start : start + 1000]), col(Company.merged_into_id).is_not(None)
            )
            moves.update({int(i or 0): int(m or 0) for i, m in session.exec(query).all()})
        if not moves:
            break
        current = {i: moves.get(now, now) for i, now in current.items()}
        step = set(moves.values())
    return current


def count_occurrences(
    session: Session, *, complaint_ids: Sequence[int] | None = None, batch_id: int | None = None
) -> None:
    """Add to each mention's occurrences the complaints (by ids, or of an import batch) that name it."""
    query = select(Complaint.mention_id, func.count()).where(col(Complaint.mention_id).is_not(None))
    if complaint_ids is not None:
        query = query.where(col(Complaint.id).in_(complaint_ids))
    if batch_id is not None:
        query = query.where(Complaint.import_batch_id == batch_id)
    counts = session.exec(query.group_by(col(Complaint.mention_id))).all()
    for mention_id, count in counts:
        session.execute(
            update(NameMention)
            .where(col(NameMention.id) == mention_id)
            .values(occurrences=NameMention.occurrences + count)
        )


def link_records(session: Session, *, mention_id: int, company_id: int | None) -> None:
    """Point the complaints and inspections written with this spelling at COMPANY (None: unlinked)."""
    decision = MatchDecision.MATCH if company_id is not None else MatchDecision.REVIEW
    session.execute(
        update(Complaint)
        .where(col(Complaint.mention_id) == mention_id)
        .values(company_id=company_id, match_decision=decision)
    )
    session.execute(
        update(Inspection).where(col(Inspection.mention_id) == mention_id).values(company_id=company_id)
    )
