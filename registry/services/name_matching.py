"""Matching written company names to the registry, and the review queue of uncertain ones."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from sqlmodel import Session

from registry.matching.decide import MATCH, REVIEW, Candidate, MatchResult, decide
from registry.matching.matcher import Matcher
from registry.matching.normalize import name_key
from registry.models.mention import MatchDecision, MentionStatus, NameMention
from registry.repositories import companies as company_repo
from registry.repositories import mentions as mention_repo
from registry.repositories.companies import CompanyRef
from registry.schemas.review import CandidateRead, MatchRead
from registry.services.name_index import MatchedAhead, name_index, thresholds

MAX_CANDIDATES_SHOWN = 5


@dataclass(frozen=True)
class CandidateView:
    """A candidate company for a written name, as shown to people and stored with a mention."""

    company_id: int
    external_id: str
    name: str
    score: float
    reasons: tuple[str, ...]


@dataclass(frozen=True)
class NameMatch:
    """The outcome for one written name: decision, best company (also for review), score, reasons."""

    text: str
    key: str
    decision: MatchDecision
    company_id: int | None
    external_id: str | None
    score: float
    reasons: tuple[str, ...]
    candidates: tuple[CandidateView, ...] = field(default=())


def match_text(session: Session, *, text: str, index_max_age: float = 0.0) -> NameMatch:
    """Match TEXT against the registry, never proposing a pair a person has rejected.

    INDEX_MAX_AGE: how many seconds behind the name change log the index may be (name_index.current).
    """
    return match_many(session, texts=[text], index_max_age=index_max_age)[0]


def match_many(
    session: Session,
    *,
    texts: Sequence[str],
    known_new: bool = False,
    index_max_age: float = 0.0,
    ready: MatchedAhead | None = None,
    keys: Sequence[str] | None = None,
) -> list[NameMatch]:
    """Match several names with one index refresh, one company query and one rejection query.

    KNOWN_NEW says no mention exists yet for any of these spellings, so none can have rejections.
    READY holds what the index answered for some texts ahead (name_index.match_ahead), used only if no
    name changed since; KEYS the name_key of each text, when the caller has them (a key costs a parse).
    """
    matcher, seq = name_index.current_at(session, max_age=index_max_age)
    keys = keys if keys is not None else [name_key(text) for text in texts]
    done = ready.valid_at(seq) if ready is not None else {}
    results = [done[text] if text in done else matcher.match(text) for text in texts]
    ids = {int(c.company_key) for result in results for c in result.candidates}
    companies = company_repo.refs(session, sorted(ids))
    rejected = {} if known_new else mention_repo.rejections_for(session, [k for k in keys if k])
    return [
        _view(text, key, _without(result, rejected.get(key, set()), companies), companies)
        for text, key, result in zip(texts, keys, results, strict=True)
    ]


def match_known(
    text: str, *, matcher: Matcher, companies: Mapping[int, CompanyRef], rejections: Mapping[str, set[int]]
) -> NameMatch:
    """As match_text, with the companies and rejections the caller already holds (no query)."""
    key = name_key(text)
    return _view(text, key, _without(matcher.match(text), rejections.get(key, set()), companies), companies)


def _without(result: MatchResult, rejected: set[int], companies: Mapping[int, CompanyRef]) -> MatchResult:
    """Re-decide without candidates that were rejected or are no longer live companies."""
    kept = [
        c
        for c in result.candidates
        if _live(companies.get(int(c.company_key))) and int(c.company_key) not in rejected
    ]
    if len(kept) == len(result.candidates):
        return result
    return decide(kept, thresholds())


def _live(company: CompanyRef | None) -> bool:
    return company is not None and company.merged_into_id is None


def _view(text: str, key: str, result: MatchResult, companies: Mapping[int, CompanyRef]) -> NameMatch:
    shown = [c for c in result.candidates[:MAX_CANDIDATES_SHOWN] if int(c.company_key) in companies]
    candidates = tuple(_candidate(c, companies[int(c.company_key)]) for c in shown)
    best = int(result.company_key) if result.company_key is not None else None
    external = companies[best].external_id if best is not None and best in companies else None
    return NameMatch(
        text,
        key,
        MatchDecision(result.decision),
        best,
        external,
        round(result.score, 4),
        result.reasons,
        candidates,
    )


def _candidate(candidate: Candidate, company: CompanyRef) -> CandidateView:
    return CandidateView(
        company.id, company.external_id, candidate.name, round(candidate.score, 4), candidate.reasons
    )


def record_mention(session: Session, *, text: str, source: str, occurrences: int = 1) -> NameMention:
    """The mention for TEXT's spelling: counted again if known, else matched and stored."""
    key = name_key(text)
    existing = mention_repo.by_key(session, key)
    if existing is not None:
        existing.occurrences += occurrences
        return existing
    outcome = match_text(session, text=text)
    mention = NameMention(
        text=text,
        key=key,
        source=source,
        occurrences=occurrences,
        decision=outcome.decision,
        status=mention_status(outcome.decision),
        score=outcome.score,
        best_company_id=outcome.company_id,
        company_id=outcome.company_id if outcome.decision == MATCH else None,
        candidates=[stored_candidate(c) for c in outcome.candidates],
        reasons=list(outcome.reasons),
    )
    session.add(mention)
    session.flush()
    return mention


def mention_status(decision: str) -> MentionStatus:
    """The queue status a new mention starts in, given the matcher's decision."""
    if decision == MATCH:
        return MentionStatus.MATCHED
    return MentionStatus.PENDING if decision == REVIEW else MentionStatus.UNMATCHED


def stored_candidate(candidate: CandidateView) -> dict[str, object]:
    """A candidate as kept in a mention's JSON column."""
    return {
        "company_id": candidate.company_id,
        "external_id": candidate.external_id,
        "name": candidate.name,
        "score": candidate.score,
        "reasons": list(candidate.reasons),
    }


def match_view(outcome: NameMatch) -> MatchRead:
    """The API shape of a match outcome."""
    return MatchRead(
        name=outcome.text,
        decision=outcome.decision,
        company_id=outcome.company_id,
        external_id=outcome.external_id,
        score=outcome.score,
        reasons=list(outcome.reasons),
        candidates=[
            CandidateRead(
                company_id=c.company_id,
                external_id=c.external_id,
                name=c.name,
                score=c.score,
                reasons=list(c.reasons),
            )
            for c in outcome.candidates
        ],
    )
