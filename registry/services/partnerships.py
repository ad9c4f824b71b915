"""Who works with whom: partnerships of Kuwaiti offices with foreign agencies, and mentions of agencies.

A complaint or an inspection finding that names the agency behind a worker's recruitment is a
mention; when the complaint or the inspection concerns a Kuwaiti office, the mention also shows that
the two work together, so a partnership from that source is recorded as well.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlmodel import Session

from registry.errors import InvalidInput, NotFound
from registry.matching.decide import MATCH
from registry.matching.normalize import name_key
from registry.models.agency import AgencyMention, MentionSubject, Partnership, PartnershipSource
from registry.models.company import Company
from registry.models.complaint import Complaint, complaint_reference
from registry.models.types import utcnow
from registry.repositories import agencies as agency_repo
from registry.repositories import companies as company_repo
from registry.schemas.agency import MentionIn, MentionRead, PartnershipIn, PartnershipRead
from registry.services.agencies import get_agency
from registry.services.agency_index import match_agency
from registry.services.companies import Upsert


@dataclass(frozen=True)
class _Link:
    company_id: int
    agency_id: int
    source: PartnershipSource
    source_ref: str
    since: date | None = None
    until: date | None = None
    complaint_id: int | None = None
    inspection_id: int | None = None


def record_partnership(session: Session, *, data: PartnershipIn, actor: str) -> tuple[Partnership, Upsert]:
    """Record (or update the dates of) a partnership, checking the record it comes from."""
    company = live_company(session, data.company_id)
    agency = get_agency(session, agency_id=data.agency_id)
    ref = data.source_ref or ""
    complaint_id = inspection_id = None
    if data.source is PartnershipSource.COMPLAINT:
        complaint = agency_repo.complaint_by_ref(session, ref) if ref else None
        if complaint is None:
            raise InvalidInput(
                "a partnership from a complaint gives the complaint as source_ref: its reference "
                "(KW-C-00000042), its id, or its follow-up code"
            )
        if complaint.company_id != company.id:
            raise InvalidInput(f"complaint {ref} is not about company {company.id}")
        complaint_id, ref = complaint.id, complaint_reference(complaint.id or 0)
        _store_mention(
            session, MentionSubject.COMPLAINT, complaint_id or 0, agency.id or 0, agency.name_latin, actor
        )
    elif data.source is PartnershipSource.INSPECTION_CONTRACT and ref:
        inspection = agency_repo.inspection_by_ref(session, ref, company.id)
        inspection_id = inspection.id if inspection is not None else None
    link = _Link(company.id or 0, agency.id or 0, data.source, ref, data.since, data.until)
    return _upsert(session, link, complaint_id, inspection_id, actor)


def live_company(session: Session, company_id: int) -> Company:
    """The company, or NotFound; a merged company is refused with the one it went into."""
    company = company_repo.get(session, company_id)
    if company is None:
        raise NotFound(f"no company with id {company_id}")
    if company.merged_into_id is not None:
        raise InvalidInput(f"company {company_id} was merged into {company.merged_into_id}; use that one")
    return company


def _upsert(
    session: Session, link: _Link, complaint_id: int | None, inspection_id: int | None, actor: str
) -> tuple[Partnership, Upsert]:
    found = agency_repo.partnership(session, link.company_id, link.agency_id, link.source, link.source_ref)
    if found is None:
        found = Partnership(
            company_id=link.company_id,
            agency_id=link.agency_id,
            source=link.source,
            source_ref=link.source_ref,
            since=link.since,
            until=link.until,
            complaint_id=complaint_id,
            inspection_id=inspection_id,
            recorded_by=actor,
        )
        session.add(found)
        session.flush()
        return found, Upsert.INSERTED
    changes = {
        k: v for k, v in (("since", link.since), ("until", link.until)) if v and getattr(found, k) != v
    }
    for key, value in changes.items():
        setattr(found, key, value)
    if changes:
        found.updated_at = utcnow()
    return found, Upsert.UPDATED if changes else Upsert.UNCHANGED


def record_mention(session: Session, *, data: MentionIn, actor: str) -> AgencyMention:
    """Record that a complaint or finding names an agency; a matched one also ties it to the office."""
    subject_id, company_id, corridor, link_ref = _subject(session, data)
    agency_id, written, decision, score = _agency_named(session, data, corridor)
    mention = _store_mention(
        session, data.subject, subject_id, agency_id, written, actor, decision, score, data.country
    )
    if agency_id is not None and company_id is not None:
        source = (
            PartnershipSource.COMPLAINT
            if data.subject is MentionSubject.COMPLAINT
            else PartnershipSource.INSPECTION_CONTRACT
        )
        complaint_id = subject_id if data.subject is MentionSubject.COMPLAINT else None
        inspection_id = link_ref[1] if data.subject is MentionSubject.FINDING else None
        link = _Link(company_id, agency_id, source, link_ref[0])
        _upsert(session, link, complaint_id, inspection_id, actor)
    return mention


def _subject(session: Session, data: MentionIn) -> tuple[int, int | None, str | None, tuple[str, int | None]]:
    """(subject id, company concerned, workers' corridor, (source ref, inspection id)) of the subject."""
    if data.subject is MentionSubject.COMPLAINT:
        complaint = session.get(Complaint, data.complaint_id)
        if complaint is None:
            raise NotFound(f"no complaint with id {data.complaint_id}")
        reference = complaint_reference(complaint.id or 0)
        return complaint.id or 0, complaint.company_id, complaint.corridor, (reference, None)
    found = agency_repo.finding_with_inspection(session, data.finding_id or 0)
    if found is None:
        raise NotFound(f"no finding with id {data.finding_id}")
    finding, inspection = found
    return finding.id or 0, inspection.company_id, None, (inspection.source_ref, inspection.id)


def _agency_named(
    session: Session, data: MentionIn, corridor: str | None
) -> tuple[int | None, str, str, float]:
    """(agency id when decided, name as written, decision, score)."""
    if data.agency_id is not None:
        agency = get_agency(session, agency_id=data.agency_id)
        return agency.id, agency.name_latin, MATCH, 1.0
    text = data.agency_name or ""
    result = match_agency(session, text=text, country=data.country or corridor)
    if result.decision != MATCH and data.country is None and corridor is not None:
        # The workers' corridor is only a hint: agencies recruit across borders.
        result = match_agency(session, text=text, country=None)
    agency_id = result.agency_id if result.decision == MATCH else None
    return agency_id, text, result.decision, result.score


def _store_mention(
    session: Session,
    subject: MentionSubject,
    subject_id: int,
    agency_id: int | None,
    written: str,
    actor: str,
    decision: str = MATCH,
    score: float = 1.0,
    country: str | None = None,
) -> AgencyMention:
    target = f"a{agency_id}" if agency_id is not None else f"k:{name_key(written) or written}"
    key = f"{subject}:{subject_id}:{target}"[:400]
    found = agency_repo.mention_by_key(session, key)
    if found is not None:
        return found
    complaint = session.get(Complaint, subject_id) if subject is MentionSubject.COMPLAINT else None
    mention = AgencyMention(
        subject=subject,
        complaint_status=complaint.status if complaint is not None else None,
        complaint_received_at=complaint.received_at if complaint is not None else None,
        complaint_id=subject_id if subject is MentionSubject.COMPLAINT else None,
        finding_id=subject_id if subject is MentionSubject.FINDING else None,
        agency_id=agency_id,
        name_written=written,
        country=country,
        decision=decision,
        score=score,
        dedupe_key=key,
        recorded_by=actor,
    )
    session.add(mention)
    session.flush()
    return mention


def partnerships_view(
    session: Session, *, company_id: int | None = None, agency_id: int | None = None
) -> list[PartnershipRead]:
    """Partnerships of a company or of an agency, oldest first."""
    rows = agency_repo.partnerships_of(session, company_id=company_id, agency_id=agency_id)
    return [PartnershipRead.model_validate(p) for p in rows]


def mention_view(mention: AgencyMention) -> MentionRead:
    """A mention as officials see it."""
    return MentionRead.model_validate(mention)
