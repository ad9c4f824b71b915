"""Bring stored comparison keys up to the matcher's current normalisation.

Company and agency names, the spellings people wrote (name_mention) and the rejections a person made
are stored with `name_key(text)`. When a release changes normalisation (a new abbreviation, a slip now
read as a legal form), the stored keys of some texts no longer equal the key the matcher computes, so
a spelling seen again would start a second mention and a remembered rejection would stop applying.
`rekey` recomputes every key from its text; spellings that now share a key become one mention.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from sqlmodel import Session

from registry.matching.normalize import name_key
from registry.models.agency import ForeignAgencyName
from registry.models.company import CompanyName
from registry.models.mention import MatchRejection, MentionStatus, NameMention
from registry.repositories import mentions as mention_repo
from registry.repositories import name_keys as repo
from registry.repositories.name_keys import KeyedName, StoredMention

# Which of several agreeing spellings that now share a key survives: a person's confirmation, then
# the matcher's match, then the queues.
_PRECEDENCE: dict[str, int] = {
    MentionStatus.CONFIRMED: 0,
    MentionStatus.MATCHED: 1,
    MentionStatus.PENDING: 2,
    MentionStatus.REJECTED: 3,
    MentionStatus.UNMATCHED: 4,
}


@dataclass(frozen=True, slots=True)
class RekeyReport:
    """How many stored keys changed, and how many spellings were merged into another."""

    company_names: int
    agency_names: int
    mentions: int
    merged_mentions: int
    rejections: int
    reopened: int

    @property
    def changed(self) -> bool:
        """True if anything was rewritten."""
        return any((self.company_names, self.agency_names, self.mentions, self.rejections))


def rekey(session: Session) -> RekeyReport:
    """Recompute every stored key from its text; merge spellings that now share one."""
    # The rewrites are set-wise SQL: what the session holds is written first and read afresh after.
    session.flush()
    company_names = _rekey_names(session, CompanyName)
    agency_names = _rekey_names(session, ForeignAgencyName)
    refused = mention_repo.every_rejection(session)
    renamed, merged, reopened = _rekey_mentions(session, refused)
    rejections = _rekey_rejections(session, renamed)
    session.expire_all()
    return RekeyReport(company_names, agency_names, len(renamed), merged, rejections, reopened)


def _fresh_key(text: str, stored: str) -> str:
    # A text the current rules cannot key (nothing but punctuation) keeps the key it was stored with.
    return name_key(text) or stored


def _changes(rows: Iterable[tuple[int, str, str]]) -> list[tuple[int, str]]:
    changes = []
    for row_id, text, stored in rows:
        fresh = _fresh_key(text, stored)
        if fresh != stored:
            changes.append((row_id, fresh))
    return changes


def _rekey_names(session: Session, model: KeyedName) -> int:
    changes = _changes(repo.keyed(session, model))
    repo.set_keys(session, model, changes)
    return len(changes)


def _rekey_mentions(session: Session, refused: dict[str, set[int]]) -> tuple[dict[str, str], int, int]:
    """Old key -> new key of each spelling whose key changed; spellings merged; merged spellings reopened."""
    groups: dict[str, list[StoredMention]] = defaultdict(list)
    for mention in repo.mentions(session):
        groups[_fresh_key(mention.text, mention.key)].append(mention)
    renamed = {m.key: key for key, group in groups.items() for m in group if m.key != key}
    merged = reopened = 0
    changes = []
    for key, group in groups.items():
        survivor = min(group, key=lambda m: (_PRECEDENCE.get(m.status, len(_PRECEDENCE)), m.id))
        if len(group) > 1:
            merged += len(group) - 1
            reopened += _merge(session, survivor, group, refused)
        if survivor.key != key:
            changes.append((survivor.id, key))
    repo.set_keys(session, NameMention, changes)
    return renamed, merged, reopened


def _merge(
    session: Session, survivor: StoredMention, group: list[StoredMention], refused: dict[str, set[int]]
) -> int:
    """Fold GROUP into SURVIVOR and link what they labelled to its company; 1 if it goes back to review.

    Back to review when the spellings disagree, whoever decided them: they were linked to different
    companies, or a person said one names no company while another is linked, or a person rejected
    the survivor's company for one of them. A merge never moves records to another company unasked.
    """
    others = [m.id for m in group if m.id != survivor.id]
    repo.merge_mentions(
        session, survivor=survivor.id, merged=others, occurrences=sum(m.occurrences for m in group)
    )
    linked = {m.company_id for m in group if m.status in (MentionStatus.CONFIRMED, MentionStatus.MATCHED)}
    said_none = any(m.status == MentionStatus.REJECTED for m in group)
    rejected = set().union(*(refused.get(m.key, set()) for m in group))
    if len(linked) > 1 or (said_none and linked) or survivor.company_id in rejected:
        repo.reopen(session, mention_id=survivor.id)
        mention_repo.link_records(session, mention_id=survivor.id, company_id=None)
        return 1
    if survivor.company_id is not None or survivor.status == MentionStatus.PENDING:
        # A pending survivor's records wait for its review, as its own did.
        mention_repo.link_records(session, mention_id=survivor.id, company_id=survivor.company_id)
    return 0


def _rekey_rejections(session: Session, renamed: dict[str, str]) -> int:
    """Move each rejection to its spelling's new key; one rejection per key and company is kept."""
    kept: set[tuple[str, int]] = set()
    duplicates, changes = [], []
    for rejection_id, key, company_id in repo.rejections(session):
        target = renamed.get(key, key)
        if (target, company_id) in kept:
            duplicates.append(rejection_id)
            continue
        kept.add((target, company_id))
        if target != key:
            changes.append((rejection_id, target))
    repo.delete_rejections(session, duplicates)
    repo.set_keys(session, MatchRejection, changes, column="mention_key")
    return len(changes) + len(duplicates)
