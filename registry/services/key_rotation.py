"""Complainant identities re-encrypted under the primary field key, so that an older key can be retired.

`rotate_batch` reads the next complainants after an id (keyset paging: memory stays flat however many
rows there are) and rewrites every field still sealed under an older key. It never commits: the
caller (`agency-registry db rotate-keys`) commits batch by batch, so a stopped run keeps what it did
and a second run only rewrites what is left.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlmodel import Session

from registry.crypto import FieldCipher
from registry.errors import KeyUnavailable
from registry.repositories import complaints as complaint_repo
from registry.repositories.complaints import SealedIdentity

BATCH_SIZE = 2000
_LABELS = {
    "name_enc": "name",
    "phone_enc": "phone",
    "document_enc": "document number",
    "nationality_enc": "nationality",
}


@dataclass
class RotationReport:
    """What a run did: complainants read, fields re-encrypted, fields already under the primary key."""

    rows: int = 0
    rotated: int = 0
    current: int = 0
    last_id: int = 0

    def merge(self, other: RotationReport) -> None:
        """Add OTHER's counts to these and move on to its last id."""
        self.rows += other.rows
        self.rotated += other.rotated
        self.current += other.current
        self.last_id = max(self.last_id, other.last_id)


def complainants(session: Session) -> int:
    """How many complainants a full run will read."""
    return complaint_repo.complainant_count(session)


def rotate_batch(
    session: Session, *, cipher: FieldCipher, after_id: int = 0, size: int = BATCH_SIZE
) -> RotationReport:
    """Re-encrypt under the primary key the fields of the next SIZE complainants after AFTER_ID."""
    report = RotationReport(last_id=after_id)
    changed = []
    for row in complaint_repo.sealed_after(session, after_id=after_id, limit=size):
        report.rows, report.last_id = report.rows + 1, row.id
        resealed = _resealed(session, row, cipher, report)
        if resealed != row:
            changed.append(resealed)
    complaint_repo.reseal(session, changed)
    return report


def _resealed(
    session: Session, row: SealedIdentity, cipher: FieldCipher, report: RotationReport
) -> SealedIdentity:
    fields = zip(SealedIdentity._fields[1:], row[1:], strict=True)
    return SealedIdentity(
        row.id, *(_resealed_field(session, row.id, f, t, cipher, report) for f, t in fields)
    )


def _resealed_field(
    session: Session,
    complainant_id: int,
    field: str,
    token: str | None,
    cipher: FieldCipher,
    report: RotationReport,
) -> str | None:
    if token is None:
        return None
    # A field already under the primary key is left alone: no write, and a re-run is cheap.
    if cipher.is_current(token):
        report.current += 1
        return token
    try:
        rotated = cipher.rotate(token)
    except KeyUnavailable as exc:
        raise KeyUnavailable(_unreadable(session, complainant_id, field)) from exc
    report.rotated += 1
    return rotated


def _unreadable(session: Session, complainant_id: int, field: str) -> str:
    # Ids and the field's name only: never the content, which may be half-readable elsewhere.
    ids = complaint_repo.complaint_ids_of(session, complainant_id)
    owner = f"complaint{'s' if len(ids) > 1 else ''} {', '.join(map(str, ids))}" if ids else "no complaint"
    return (
        f"{owner} (complainant {complainant_id}): the {_LABELS[field]} opens with no key in "
        "FIELD_ENCRYPTION_KEYS; add the key it was written with (after the primary one) and run again"
    )
