"""Field-encryption keys for tests that rotate them (with conftest's use_keys), and complaints they seal."""

from __future__ import annotations

from cryptography.fernet import Fernet
from sqlmodel import Session

from registry.schemas.complaint import ContactIn, PublicReportIn
from registry.services import complaints as complaint_service

OLD, NEW, STRANGER = (Fernet.generate_key().decode() for _ in range(3))


def complaint_with_contact(session: Session, name: str, **contact: str | None) -> int:
    """A public report naming NAME (phone, document and nationality unless CONTACT says otherwise)."""
    fields = {"phone": "+63 917 555 0101", "document_number": "P1234567", "nationality": "PH"} | contact
    report = PublicReportIn(
        company_name="Behbehani Cleaning",
        categories=["PASSPORT_RETENTION"],
        what_happened="They kept my passport.",
        contact=ContactIn(name=name, **fields),
    )
    receipt = complaint_service.submit_public_report(session, report=report)
    complaint = complaint_service.complaint_repo.by_code(session, receipt.follow_up_code)
    assert complaint is not None and complaint.id is not None
    return complaint.id
