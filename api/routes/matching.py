"""Name matching and the review queue."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from api.audit import AuditDep
from api.deps import ActorDep, SessionDep
from api.errors import ERROR_RESPONSES
from api.ratelimit import lookup_limiter
from api.security import allow
from registry.access import Action
from registry.models.mention import MentionStatus
from registry.schemas.review import MatchRead, MentionIn, MentionRead, ReviewDecisionIn
from registry.schemas.text import Line
from registry.services import review
from registry.services.name_matching import match_text, match_view, record_mention

router = APIRouter(prefix="/api/v1", tags=["matching"], responses=ERROR_RESPONSES)


@router.get("/match", dependencies=[allow(Action.PUBLIC_LOOKUP, limiter=lookup_limiter)])
def match(session: SessionDep, name: Annotated[Line, Query(min_length=1, max_length=300)]) -> MatchRead:
    """Candidates for a written company name, with the decision (match, review, none) and reasons."""
    return match_view(match_text(session, text=name))


@router.post("/mentions", status_code=201, dependencies=[allow(Action.MENTION_WRITE)])
def record(session: SessionDep, audit: AuditDep, body: MentionIn) -> MentionRead:
    """Record a written company name: matched now, or queued for a person when uncertain."""
    mention = record_mention(session, text=body.name, source=body.source)
    audit.object_id = str(mention.id)
    return MentionRead.model_validate(mention)


@router.get("/review-queue", dependencies=[allow(Action.REVIEW_READ)])
def review_queue(
    session: SessionDep,
    status: MentionStatus = MentionStatus.PENDING,
    limit: Annotated[int, Query(ge=1, le=200)] = 50,
    offset: Annotated[int, Query(ge=0, le=1_000_000)] = 0,
) -> list[MentionRead]:
    """Spellings waiting for a person, the most frequent first."""
    return [
        MentionRead.model_validate(m)
        for m in review.queue(session, status=status, limit=limit, offset=offset)
    ]


@router.get("/review-queue/{mention_id}", dependencies=[allow(Action.REVIEW_READ)])
def get_mention(session: SessionDep, mention_id: int) -> MentionRead:
    """One spelling with its candidates."""
    return MentionRead.model_validate(review.get_mention(session, mention_id=mention_id))


@router.post("/review-queue/{mention_id}/confirm", dependencies=[allow(Action.REVIEW_DECIDE)])
def confirm(session: SessionDep, actor: ActorDep, mention_id: int, body: ReviewDecisionIn) -> MentionRead:
    """This spelling is this company: it becomes an observed name and matches automatically from now on."""
    mention = review.confirm(session, mention_id=mention_id, company_id=body.company_id, actor=actor)
    return MentionRead.model_validate(mention)


@router.post("/review-queue/{mention_id}/reject", dependencies=[allow(Action.REVIEW_DECIDE)])
def reject(session: SessionDep, actor: ActorDep, mention_id: int, body: ReviewDecisionIn) -> MentionRead:
    """This spelling is not this company: the pair is never proposed again."""
    mention = review.reject(session, mention_id=mention_id, company_id=body.company_id, actor=actor)
    return MentionRead.model_validate(mention)
