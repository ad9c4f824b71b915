"""Complainant identities re-encrypted under the primary key, so that an old key can be dropped."""

from __future__ import annotations

import pytest
from sqlalchemy import text
from sqlmodel import Session

from registry.access import Principal, Role
from registry.crypto import FieldCipher, field_cipher
from registry.errors import KeyUnavailable
from registry.services import complaints as complaint_service
from registry.services.key_rotation import RotationReport, rotate_batch
from tests.conftest import ClientAs, UseKeys, both_backends
from tests.key_support import NEW, OLD, STRANGER, complaint_with_contact

INVESTIGATOR = Principal("prosecutor", Role.INVESTIGATOR)


def _rotate_all(session: Session, cipher: FieldCipher, size: int) -> tuple[RotationReport, int]:
    report, batches = RotationReport(), 0
    while (batch := rotate_batch(session, cipher=cipher, after_id=report.last_id, size=size)).rows:
        report.merge(batch)
        batches += 1
    return report, batches


def _name(session: Session, complaint_id: int) -> str | None:
    view = complaint_service.complaint_view(session, complaint_id=complaint_id, principal=INVESTIGATOR)
    return view.contact.name if view.contact else None


@both_backends
def test_after_rotation_the_new_key_alone_reads_every_identity(session: Session, use_keys: UseKeys) -> None:
    use_keys(OLD)
    ids = [complaint_with_contact(session, f"Worker {n}") for n in range(4)]
    ids.append(
        complaint_with_contact(session, "Worker 4", phone=None, document_number=None, nationality=None)
    )
    report, batches = _rotate_all(session, use_keys(NEW, OLD), size=2)
    assert (report.rows, report.rotated, report.current, batches) == (5, 17, 0, 3)
    use_keys(NEW)
    assert [_name(session, i) for i in ids] == [f"Worker {n}" for n in range(5)]


@both_backends
def test_a_second_run_rewrites_nothing(session: Session, use_keys: UseKeys) -> None:
    use_keys(OLD)
    complaint_id = complaint_with_contact(session, "Maria Santos")
    _rotate_all(session, use_keys(NEW, OLD), size=10)
    before = session.execute(text("SELECT name_enc FROM complainant")).scalar_one()
    report, _ = _rotate_all(session, field_cipher(), size=10)
    assert (report.rows, report.rotated, report.current) == (1, 0, 4)
    assert session.execute(text("SELECT name_enc FROM complainant")).scalar_one() == before
    assert _name(session, complaint_id) == "Maria Santos"


@both_backends
def test_a_field_under_an_unknown_key_names_its_complaint_not_its_content(
    session: Session, use_keys: UseKeys
) -> None:
    use_keys(STRANGER)
    lost = complaint_with_contact(session, "Maria Santos")
    with pytest.raises(KeyUnavailable, match=rf"complaint {lost} \(complainant \d+\): the name") as caught:
        _rotate_all(session, use_keys(NEW, OLD), size=10)
    assert "Maria" not in caught.value.detail and caught.value.status_code == 503


def test_reading_an_identity_whose_key_is_gone_is_a_clear_503(
    session: Session, use_keys: UseKeys, client_as: ClientAs
) -> None:
    use_keys(OLD)
    complaint_id = complaint_with_contact(session, "Maria Santos")
    use_keys(NEW)
    with pytest.raises(KeyUnavailable):
        _name(session, complaint_id)
    answer = client_as(Role.INVESTIGATOR, "prosecutor.1").get(f"/api/v1/complaints/{complaint_id}")
    assert answer.status_code == 503 and answer.json()["error"] == "key_unavailable"
    assert "FIELD_ENCRYPTION_KEYS" in answer.json()["detail"] and "Maria" not in answer.text
