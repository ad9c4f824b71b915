from __future__ import annotations

import pytest
from cryptography.fernet import Fernet
from sqlalchemy import text
from sqlmodel import Session

from registry.access import Principal, Role
from registry.crypto import FieldCipher
from registry.errors import Conflict, Forbidden, InvalidInput, NotFound
from registry.models.complaint import Channel, ComplaintStatus
from registry.models.types import utcnow
from registry.schemas.account import UserIn
from registry.schemas.complaint import ComplaintIn, ContactIn, PublicReportIn, StatusChangeIn
from registry.services import accounts as account_service
from registry.services import companies as company_service
from registry.services import complaints as service
from tests.conftest import both_backends
from tests.factories import company_data

CONTACT = ContactIn(
    name="Maria Santos", phone="+63 917 555 0101", document_number="P1234567", nationality="PH"
)
INSPECTOR = Principal("inspector.ali", Role.INSPECTOR)
CHIEF = Principal("chief", Role.ADMIN)


def _report(**overrides: object) -> PublicReportIn:
    values: dict[str, object] = {
        "company_name": "Behbehani Cleaning",
        "categories": ["PASSPORT_RETENTION"],
        "what_happened": "They kept my passport.",
        "contact": CONTACT,
    }
    return PublicReportIn.model_validate(values | overrides)


@both_backends
def test_public_report_is_matched_and_followed_by_code(session: Session) -> None:
    company = company_service.create_company(session, data=company_data(name_en="Behbehani Cleaning Co."))
    receipt = service.submit_public_report(session, report=_report())
    status = service.public_status(session, follow_up_code=receipt.follow_up_code.lower().replace("-", " "))
    assert status.status == ComplaintStatus.RECEIVED and "registered" in status.status_en
    complaint = service.complaint_repo.by_code(session, receipt.follow_up_code)
    assert complaint is not None and complaint.company_id == company.id
    assert set(status.model_dump()) == {"follow_up_code", "status", "status_en", "status_ar", "last_change"}


def test_unknown_code_and_unknown_category(session: Session) -> None:
    with pytest.raises(NotFound):
        service.public_status(session, follow_up_code="AAAA-BBBB-CCCC")
    with pytest.raises(InvalidInput, match="NOT_A_CODE"):
        service.submit_public_report(session, report=_report(categories=["NOT_A_CODE"]))


@both_backends
def test_complainant_identity_is_encrypted_at_rest(session: Session) -> None:
    receipt = service.submit_public_report(session, report=_report())
    complaint = service.complaint_repo.by_code(session, receipt.follow_up_code)
    assert complaint is not None
    raw = session.execute(
        text("SELECT name_enc, phone_enc, document_enc FROM complainant WHERE id = :i"),
        {"i": complaint.complainant_id},
    ).one()
    assert all(value and "Maria" not in value and "P1234567" not in value for value in raw)


def test_arabic_indic_digits_in_a_phone_and_document_are_taken_as_0_to_9(session: Session) -> None:
    contact = ContactIn.model_validate({"phone": "+٩٦٥ ٥٥٥٥ ١٢٣٤", "document_number": "P۱۲۳۴۵۶۷"})
    receipt = service.submit_public_report(session, report=_report(contact=contact))
    complaint = service.complaint_repo.by_code(session, receipt.follow_up_code)
    assert complaint is not None and complaint.complainant_id is not None
    stored = service._decrypted(session, complaint.complainant_id)
    assert stored is not None and (stored.phone, stored.document_number) == ("+965 5555 1234", "P1234567")


def test_identity_and_narrative_only_for_those_allowed(session: Session) -> None:
    receipt = service.submit_public_report(session, report=_report())
    complaint = service.complaint_repo.by_code(session, receipt.follow_up_code)
    assert complaint is not None
    cid = complaint.id or 0
    _account(session, "inspector.ali", Role.INSPECTOR)
    service.assign(session, complaint_id=cid, inspector="inspector.ali", by=CHIEF)
    views = {
        p.name: service.complaint_view(session, complaint_id=cid, principal=p)
        for p in (
            INSPECTOR,
            Principal("inspector.other", Role.INSPECTOR),
            Principal("prosecutor", Role.INVESTIGATOR),
            Principal("pam", Role.PAM_OFFICER),
            Principal("public", Role.PUBLIC),
            Principal("chair", Role.COMMITTEE),
        )
    }
    assert (
        views["inspector.ali"].contact is not None and views["inspector.ali"].contact.name == "Maria Santos"
    )
    assert views["prosecutor"].contact is not None
    for name in ("inspector.other", "pam", "public", "chair"):
        assert views[name].contact is None and views[name].contact_withheld
    assert views["chair"].narrative == "They kept my passport."
    assert views["pam"].narrative is None and views["pam"].narrative_withheld


def _account(session: Session, name: str, role: Role) -> int:
    data = UserIn(username=name, role=role)
    return account_service.create_user(session, data=data, actor="tests", now=utcnow()).id or 0


@both_backends
def test_the_public_last_change_is_the_last_status_change_not_an_assignment(session: Session) -> None:
    receipt = service.submit_public_report(session, report=_report())
    complaint = service.complaint_repo.by_code(session, receipt.follow_up_code)
    assert complaint is not None
    received = service.public_status(session, follow_up_code=receipt.follow_up_code).last_change
    _account(session, "inspector.ali", Role.INSPECTOR)
    service.assign(session, complaint_id=complaint.id or 0, inspector="inspector.ali", by=CHIEF)
    assert service.public_status(session, follow_up_code=receipt.follow_up_code).last_change == received
    change = StatusChangeIn(status=ComplaintStatus.TRIAGED, reason="read")
    service.change_status(session, complaint_id=complaint.id or 0, change=change, actor="chief")
    assert service.public_status(session, follow_up_code=receipt.follow_up_code).last_change > received


def test_only_someone_else_assigns_and_only_to_an_active_inspector(session: Session) -> None:
    receipt = service.submit_public_report(session, report=_report())
    complaint = service.complaint_repo.by_code(session, receipt.follow_up_code)
    assert complaint is not None
    cid = complaint.id or 0
    ali = _account(session, "inspector.ali", Role.INSPECTOR)
    _account(session, "chair", Role.COMMITTEE)
    with pytest.raises(Forbidden):
        service.assign(session, complaint_id=cid, inspector="inspector.ali", by=INSPECTOR)
    for not_an_inspector in ("no.such.user", "chair"):
        with pytest.raises(InvalidInput):
            service.assign(session, complaint_id=cid, inspector=not_an_inspector, by=CHIEF)
    colleague = Principal("inspector.omar", Role.INSPECTOR)
    assigned = service.assign(session, complaint_id=cid, inspector="inspector.ali", by=colleague)
    assert assigned.assigned_inspector == "inspector.ali"
    account_service.disable_user(session, user_id=ali, actor="tests", now=utcnow())
    with pytest.raises(InvalidInput):
        service.assign(session, complaint_id=cid, inspector="inspector.ali", by=CHIEF)


def test_anonymous_report_has_no_complainant(session: Session) -> None:
    receipt = service.submit_public_report(session, report=_report(contact=None, reporter_type="anonymous"))
    complaint = service.complaint_repo.by_code(session, receipt.follow_up_code)
    assert complaint is not None and complaint.complainant_id is None


def test_status_moves_only_along_allowed_transitions_with_history(session: Session) -> None:
    complaint = service.record_complaint(
        session,
        data=ComplaintIn(
            company_name="Unknown Office",
            categories=["WAGE_THEFT"],
            channel=Channel.HOTLINE,
            source_ref="HL-1",
        ),
        actor="operator",
    )
    cid = complaint.id or 0
    with pytest.raises(Conflict, match="received complaint can move to"):
        service.change_status(
            session,
            complaint_id=cid,
            change=StatusChangeIn(status="substantiated", reason="x y z"),
            actor="a",
        )
    for status in ("triaged", "under_investigation", "substantiated"):
        service.change_status(
            session, complaint_id=cid, change=StatusChangeIn(status=status, reason="checked"), actor="insp"
        )
    history = service.status_history(session, complaint_id=cid)
    assert [(h.from_status, h.to_status) for h in history] == [
        (None, "received"),
        ("received", "triaged"),
        ("triaged", "under_investigation"),
        ("under_investigation", "substantiated"),
    ]
    with pytest.raises(Conflict, match="already recorded"):
        service.record_complaint(
            session,
            data=ComplaintIn(
                company_name="X Co", categories=["WAGE_THEFT"], channel=Channel.HOTLINE, source_ref="HL-1"
            ),
            actor="op",
        )


def test_unregistered_companies_add_up_under_one_mention(session: Session) -> None:
    first = service.submit_public_report(session, report=_report(company_name="Golden Falcon Manpower"))
    second = service.submit_public_report(session, report=_report(company_name="golden falcon manpower"))
    a = service.complaint_repo.by_code(session, first.follow_up_code)
    b = service.complaint_repo.by_code(session, second.follow_up_code)
    assert a is not None and b is not None and a.company_id is None
    assert a.mention_id == b.mention_id


def test_key_rotation_keeps_old_tokens_readable() -> None:
    old_key, new_key = Fernet.generate_key().decode(), Fernet.generate_key().decode()
    token = FieldCipher((old_key,)).encrypt("Maria")
    rotated_cipher = FieldCipher((new_key, old_key))
    assert rotated_cipher.decrypt(token) == "Maria"
    rotated = rotated_cipher.rotate(token)
    assert FieldCipher((new_key,)).decrypt(rotated) == "Maria"
