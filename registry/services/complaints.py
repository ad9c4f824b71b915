"""Complaints: intake from anyone, follow-up without an account, status changes with reasons."""

from __future__ import annotations

import base64
import hashlib
import os
import secrets
from datetime import datetime

from sqlalchemy.exc import IntegrityError
from sqlmodel import Session

from registry.access import Principal, Protected, Role, may_read
from registry.crypto import field_cipher
from registry.errors import Conflict, Forbidden, InvalidInput, NotFound
from registry.i18n import N_, translate
from registry.models.complaint import Channel, Complainant, Complaint, ComplaintStatus, ComplaintStatusChange
from registry.models.types import utcnow
from registry.repositories import accounts as account_repo
from registry.repositories import complaints as complaint_repo
from registry.schemas.complaint import (
    ComplaintIn,
    ComplaintRead,
    ContactIn,
    ContactRead,
    PublicReportIn,
    PublicStatus,
    ReportReceipt,
    StatusChangeIn,
    StatusChangeRead,
)
from registry.services.name_matching import record_mention

# Crockford's base32 (no I, L, O, U): codes are read aloud on hotlines and typed on small phones.
_RFC4648_TO_CROCKFORD = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567", "0123456789ABCDEFGHJKMNPQRSTVWXYZ")
_CODE_BYTES = 10

ALLOWED_TRANSITIONS: dict[ComplaintStatus, frozenset[ComplaintStatus]] = {
    ComplaintStatus.RECEIVED: frozenset({ComplaintStatus.TRIAGED, ComplaintStatus.CLOSED}),
    ComplaintStatus.TRIAGED: frozenset(
        {ComplaintStatus.UNDER_INVESTIGATION, ComplaintStatus.UNSUBSTANTIATED, ComplaintStatus.CLOSED}
    ),
    ComplaintStatus.UNDER_INVESTIGATION: frozenset(
        {ComplaintStatus.SUBSTANTIATED, ComplaintStatus.UNSUBSTANTIATED, ComplaintStatus.CLOSED}
    ),
    ComplaintStatus.SUBSTANTIATED: frozenset({ComplaintStatus.CLOSED}),
    ComplaintStatus.UNSUBSTANTIATED: frozenset({ComplaintStatus.UNDER_INVESTIGATION, ComplaintStatus.CLOSED}),
    ComplaintStatus.CLOSED: frozenset({ComplaintStatus.UNDER_INVESTIGATION}),
}

# The words a reporter reads; translations live in the gettext catalogues (registry/locale).
STATUS_WORDS: dict[ComplaintStatus, str] = {
    ComplaintStatus.RECEIVED: N_("Received: your report is registered."),
    ComplaintStatus.TRIAGED: N_("Reviewed: an officer has read your report."),
    ComplaintStatus.UNDER_INVESTIGATION: N_("Under investigation."),
    ComplaintStatus.SUBSTANTIATED: N_("Confirmed: the authority found your report to be true."),
    ComplaintStatus.UNSUBSTANTIATED: N_("Not confirmed: the evidence was not sufficient."),
    ComplaintStatus.CLOSED: N_("Closed."),
}


def new_follow_up_code() -> str:
    """A random, unguessable follow-up code such as 7KQ2-M9XD-4TBR-1A5C (80 bits)."""
    return follow_up_code_from(os.urandom(_CODE_BYTES))


def follow_up_code_from(raw: bytes) -> str:
    """The follow-up code spelling 10 random bytes (bulk imports draw the bytes in one call)."""
    letters = base64.b32encode(raw).decode().translate(_RFC4648_TO_CROCKFORD)
    return "-".join(letters[i : i + 4] for i in range(0, len(letters), 4))


def normalize_code(code: str) -> str:
    """A code as typed (any case, spaces, O for 0, I or L for 1) in its canonical form."""
    cleaned = code.upper().translate(str.maketrans("OIL", "011", " -"))
    return "-".join(cleaned[i : i + 4] for i in range(0, len(cleaned), 4))


def submit_public_report(session: Session, *, report: PublicReportIn) -> ReportReceipt:
    """Take a report from anyone, without an account or documents; return the follow-up code."""
    complaint = _create(
        session,
        report,
        channel=Channel.WEB,
        received_at=utcnow(),
        source="public_web",
        source_ref=None,
        actor="public",
    )
    return ReportReceipt(
        follow_up_code=complaint.follow_up_code,
        received_at=complaint.received_at,
        status=ComplaintStatus(complaint.status),
    )


def record_complaint(session: Session, *, data: ComplaintIn, actor: str) -> Complaint:
    """Record a complaint taken by an official; a repeated source reference is a conflict."""
    return _create(
        session,
        data,
        channel=data.channel,
        received_at=data.received_at or utcnow(),
        source=data.channel.value,
        source_ref=data.source_ref,
        actor=actor,
    )


def public_status(session: Session, *, follow_up_code: str) -> PublicStatus:
    """The status of a report in words; nothing about its content, company or reporter."""
    complaint = complaint_repo.by_code(session, normalize_code(follow_up_code))
    if complaint is None:
        raise NotFound("no report with this follow-up code; check the code and try again")
    status = ComplaintStatus(complaint.status)
    return PublicStatus(
        follow_up_code=complaint.follow_up_code,
        status=status,
        status_en=translate("en", STATUS_WORDS[status]),
        status_ar=translate("ar", STATUS_WORDS[status]),
        # The reporter sees when the status last moved, not internal work such as an assignment.
        last_change=complaint_repo.last_status_change(session, complaint.id or 0) or complaint.received_at,
    )


def complaint_view(session: Session, *, complaint_id: int, principal: Principal) -> ComplaintRead:
    """A complaint for an official, with narrative and identity only where the policy allows."""
    complaint = get_complaint(session, complaint_id=complaint_id)
    view = ComplaintRead.model_validate(complaint, from_attributes=True)
    if may_read(principal, Protected.NARRATIVE, assigned_inspector=complaint.assigned_inspector):
        view.narrative = complaint.narrative
    else:
        view.narrative, view.narrative_withheld = None, complaint.narrative is not None
    if complaint.complainant_id is not None:
        if may_read(
            principal, Protected.COMPLAINANT_IDENTITY, assigned_inspector=complaint.assigned_inspector
        ):
            view.contact = _decrypted(session, complaint.complainant_id)
        else:
            view.contact_withheld = True
    return view


def disclosed(view: ComplaintRead) -> list[str]:
    """The protected parts a complaint view shows (what the audit trail records of a read)."""
    shown = {Protected.NARRATIVE: view.narrative, Protected.COMPLAINANT_IDENTITY: view.contact}
    return [kind.value for kind, value in shown.items() if value is not None]


def get_complaint(session: Session, *, complaint_id: int) -> Complaint:
    """The complaint, or NotFound."""
    complaint = complaint_repo.get(session, complaint_id)
    if complaint is None:
        raise NotFound(f"no complaint with id {complaint_id}")
    return complaint


def change_status(session: Session, *, complaint_id: int, change: StatusChangeIn, actor: str) -> Complaint:
    """Move a complaint along its allowed transitions, recording who, when and why."""
    complaint = get_complaint(session, complaint_id=complaint_id)
    current = ComplaintStatus(complaint.status)
    if change.status not in ALLOWED_TRANSITIONS[current]:
        allowed = ", ".join(sorted(ALLOWED_TRANSITIONS[current]))
        raise Conflict(f"a {current} complaint can move to {allowed}, not {change.status}")
    _transition(session, complaint, change.status, change.reason, actor)
    return complaint


def assign(session: Session, *, complaint_id: int, inspector: str, by: Principal) -> Complaint:
    """Give a complaint to an inspector (who may then see the complainant's identity).

    The assignee must be an active inspector's account, and an inspector cannot assign a complaint to
    themselves: being assigned opens the complainant's identity, so someone else must grant it.
    """
    complaint = get_complaint(session, complaint_id=complaint_id)
    account = account_repo.user_by_name(session, inspector)
    if account is None or account.disabled_at is not None or account.role != Role.INSPECTOR:
        raise InvalidInput(f"{inspector!r} is not an active inspector's account")
    if by.role is Role.INSPECTOR and by.name == inspector:
        raise Forbidden("an inspector cannot assign a complaint to themselves: ask a colleague or an admin")
    complaint.assigned_inspector, complaint.updated_at = inspector, utcnow()
    session.add(
        ComplaintStatusChange(
            complaint_id=complaint.id or 0,
            from_status=complaint.status,
            to_status=complaint.status,
            reason=f"assigned to {inspector}",
            actor=by.name,
        )
    )
    return complaint


def status_history(session: Session, *, complaint_id: int) -> list[StatusChangeRead]:
    """Every transition of a complaint, oldest first."""
    get_complaint(session, complaint_id=complaint_id)
    return [StatusChangeRead.model_validate(c) for c in complaint_repo.history(session, complaint_id)]


def _create(
    session: Session,
    data: PublicReportIn,
    *,
    channel: Channel,
    received_at: datetime,
    source: str,
    source_ref: str | None,
    actor: str,
) -> Complaint:
    _check_categories(session, data.categories)
    content_hash = _content_hash(source, source_ref)
    mention = record_mention(session, text=data.company_name, source=source)
    complaint = Complaint(
        follow_up_code=new_follow_up_code(),
        received_at=received_at,
        channel=channel,
        reporter_type=data.reporter_type,
        language=data.language,
        company_name_written=data.company_name,
        mention_id=mention.id,
        company_id=mention.company_id,
        match_decision=mention.decision,
        match_score=mention.score,
        categories=sorted(set(data.categories)),
        narrative=data.what_happened,
        corridor=data.worker_origin,
        consent_to_share=data.consent_to_share,
        complainant_id=_complainant(session, data.contact),
        source=source,
        source_ref=source_ref,
        content_hash=content_hash,
    )
    session.add(complaint)
    _flush_unique(session, source, source_ref)
    _transition(session, complaint, ComplaintStatus.RECEIVED, f"received via {channel}", actor, initial=True)
    return complaint


def _content_hash(source: str, source_ref: str | None) -> str:
    # Without a reference from the source every report is distinct: two victims may write the same words.
    identity = f"{source}\x1f{source_ref}" if source_ref else f"{source}\x1f{secrets.token_hex(16)}"
    return hashlib.sha256(identity.encode()).hexdigest()


def _flush_unique(session: Session, source: str, source_ref: str | None) -> None:
    try:
        with session.begin_nested():
            session.flush()
    except IntegrityError as exc:
        raise Conflict(
            f"a complaint from {source} with reference {source_ref!r} is already recorded"
        ) from exc


def _check_categories(session: Session, categories: list[str]) -> None:
    unknown = sorted(set(categories) - set(complaint_repo.catalogue(session)))
    if unknown:
        raise InvalidInput(f"unknown categories: {', '.join(unknown)}")


def _complainant(session: Session, contact: ContactIn | None) -> int | None:
    if contact is None or not any(contact.model_dump().values()):
        return None
    cipher = field_cipher()
    row = Complainant(
        name_enc=cipher.encrypt(contact.name),
        phone_enc=cipher.encrypt(contact.phone),
        document_enc=cipher.encrypt(contact.document_number),
        nationality_enc=cipher.encrypt(contact.nationality),
    )
    session.add(row)
    session.flush()
    return row.id


def _decrypted(session: Session, complainant_id: int) -> ContactRead | None:
    row = session.get(Complainant, complainant_id)
    if row is None:
        return None
    cipher = field_cipher()
    return ContactRead(
        name=cipher.decrypt(row.name_enc),
        phone=cipher.decrypt(row.phone_enc),
        document_number=cipher.decrypt(row.document_enc),
        nationality=cipher.decrypt(row.nationality_enc),
    )


def _transition(
    session: Session,
    complaint: Complaint,
    to: ComplaintStatus,
    reason: str,
    actor: str,
    *,
    initial: bool = False,
) -> None:
    before = None if initial else complaint.status
    complaint.status, complaint.updated_at = to, utcnow()
    session.add(
        ComplaintStatusChange(
            complaint_id=complaint.id or 0, from_status=before, to_status=to, reason=reason, actor=actor
        )
    )
