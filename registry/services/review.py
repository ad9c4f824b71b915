"""People settle what the matcher could not: confirm a spelling as a company's, or reject the pair forever."""

from __future__ import annotations

from collections.abc import Sequence

from sqlmodel import Session

from registry.errors import Conflict, InvalidInput, NotFound
from registry.matching.normalize import detect_script
from registry.models.company import CompanyName, NameKind
from registry.models.mention import MatchDecision, MatchRejection, MentionStatus, NameMention
from registry.models.types import utcnow
from registry.repositories import companies as company_repo
from registry.repositories import mentions as mention_repo
from registry.repositories import names as name_repo
from registry.services.company_identity import resolve_for_update
from registry.services.name_matching import match_text, stored_candidate

SETTLED = (MentionStatus.CONFIRMED, MentionStatus.REJECTED)


def queue(session: Session, *, status: MentionStatus, limit: int, offset: int) -> Sequence[NameMention]:
    """Mentions in STATUS, the most frequent first."""
    return mention_repo.queue(session, status=status, limit=limit, offset=offset)


def get_mention(session: Session, *, mention_id: int) -> NameMention:
    """The mention, or NotFound."""
    mention = mention_repo.get(session, mention_id)
    if mention is None:
        raise NotFound(f"no mention with id {mention_id}")
    return mention


def confirm(session: Session, *, mention_id: int, company_id: int, actor: str) -> NameMention:
    """This spelling names COMPANY: link everything written so, and learn it as an observed name."""
    # The company first, then the mention: the order a merge locks them in (companies, then mentions).
    target = resolve_for_update(session, company_id=company_id).id or 0
    mention = _locked(session, mention_id)
    if target in mention_repo.rejected_companies(session, mention.key):
        raise Conflict(f"mention {mention_id} was rejected for company {target}; it cannot be confirmed")
    _refuse_another_company(mention, target)
    _settle(mention, MentionStatus.CONFIRMED, target, actor)
    _learn_name(session, mention, target)
    mention_repo.link_records(session, mention_id=mention.id or 0, company_id=target)
    session.flush()
    return mention


def reject(session: Session, *, mention_id: int, company_id: int, actor: str) -> NameMention:
    """This spelling does not name COMPANY: remember it and propose the pair never again."""
    target = resolve_for_update(session, company_id=company_id).id or 0
    mention = _locked(session, mention_id)
    if target in mention_repo.rejected_companies(session, mention.key):
        raise Conflict(f"mention {mention_id} is already rejected for company {target}")
    session.add(MatchRejection(mention_key=mention.key, company_id=target, rejected_by=actor))
    session.flush()
    if mention.status == MentionStatus.CONFIRMED and mention.company_id != target:
        # A person settled this spelling for another company: this only rules one more company out.
        return mention
    _unlearn_name(session, mention, target)
    if mention.company_id == target:
        mention_repo.link_records(session, mention_id=mention.id or 0, company_id=None)
    rematch(session, mention, actor)
    return mention


def rematch_unresolved(session: Session, *, limit: int = 10_000) -> int:
    """Match pending and unmatched mentions again (after new names were learned); returns how many changed."""
    changed = 0
    for status in (MentionStatus.PENDING, MentionStatus.UNMATCHED):
        for mention in mention_repo.queue(session, status=status, limit=limit, offset=0):
            before = (mention.decision, mention.best_company_id)
            rematch(session, mention)
            changed += before != (mention.decision, mention.best_company_id)
    return changed


def name_change_seq(session: Session) -> int:
    """The newest name change's sequence number: unchanged means no alias was learned meanwhile."""
    return name_repo.last_change(session)


def _locked(session: Session, mention_id: int) -> NameMention:
    # Two decisions on one mention at once must not both pass their checks: the second waits here.
    mention = mention_repo.get_for_update(session, mention_id)
    if mention is None:
        raise NotFound(f"no mention with id {mention_id}")
    return mention


def _refuse_another_company(mention: NameMention, company_id: int) -> None:
    if mention.status == MentionStatus.CONFIRMED and mention.company_id not in (None, company_id):
        raise Conflict(
            f"mention {mention.id} is already confirmed for company {mention.company_id}; to change that, "
            f"first reject mention {mention.id} for company {mention.company_id} (the name learned from it "
            f"goes too), then confirm company {company_id}"
        )


def rematch(session: Session, mention: NameMention, actor: str | None = None) -> None:
    """Match MENTION again and take the outcome (linking its records on a match); with ACTOR, no match at
    all settles it as rejected by that person."""
    outcome = match_text(session, text=mention.text)
    mention.decision, mention.score = outcome.decision, outcome.score
    mention.best_company_id = outcome.company_id
    mention.candidates = [stored_candidate(c) for c in outcome.candidates]
    mention.reasons = list(outcome.reasons)
    mention.updated_at = utcnow()
    if outcome.decision == MatchDecision.MATCH:
        mention.status, mention.company_id = MentionStatus.MATCHED, outcome.company_id
        mention_repo.link_records(session, mention_id=mention.id or 0, company_id=outcome.company_id)
    elif outcome.decision == MatchDecision.REVIEW:
        mention.status, mention.company_id = MentionStatus.PENDING, None
    else:
        mention.status, mention.company_id = MentionStatus.UNMATCHED, None
    if actor is not None and outcome.decision == MatchDecision.NONE:
        _settle(mention, MentionStatus.REJECTED, None, actor)


def _settle(mention: NameMention, status: MentionStatus, company_id: int | None, actor: str) -> None:
    if mention.status in SETTLED and status is MentionStatus.CONFIRMED and mention.company_id == company_id:
        raise Conflict(f"mention {mention.id} is already confirmed for company {company_id}")
    mention.status, mention.company_id = status, company_id
    mention.resolved_by, mention.resolved_at, mention.updated_at = actor, utcnow(), utcnow()


def _learn_name(session: Session, mention: NameMention, company_id: int) -> None:
    if len(mention.text) > 300:
        raise InvalidInput("the spelling is too long to keep as a name")
    existing = {n.text for n in company_repo.names_of(session, [company_id])[company_id]}
    if mention.text not in existing:
        session.add(
            CompanyName(
                company_id=company_id,
                text=mention.text,
                script=detect_script(mention.text),
                kind=NameKind.OBSERVED,
                source=mention_repo.learned_source(mention.id or 0),
                key=mention.key,
            )
        )


def _unlearn_name(session: Session, mention: NameMention, company_id: int) -> None:
    # Only the name this mention's confirmation added: a name the company had anyway stays.
    for name in mention_repo.names_learned(session, mention_id=mention.id or 0, company_id=company_id):
        session.delete(name)
    session.flush()
