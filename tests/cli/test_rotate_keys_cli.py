"""`agency-registry db rotate-keys`: batches committed one by one, counts printed, a lost key named."""

from __future__ import annotations

from sqlalchemy import text
from sqlmodel import Session
from typer.testing import CliRunner

from cli.main import app
from registry.access import Principal, Role
from registry.errors import KeyUnavailable
from registry.services import complaints as complaint_service
from tests.conftest import UseKeys, both_backends
from tests.key_support import NEW, OLD, STRANGER, complaint_with_contact

runner = CliRunner()


def _names(session: Session, complaint_ids: list[int]) -> list[str | None]:
    session.expire_all()  # the command wrote through sessions of its own
    principal = Principal("prosecutor", Role.INVESTIGATOR)
    views = [
        complaint_service.complaint_view(session, complaint_id=i, principal=principal) for i in complaint_ids
    ]
    return [view.contact.name if view.contact else None for view in views]


@both_backends
def test_rotate_keys_then_the_old_key_can_go(session: Session, use_keys: UseKeys) -> None:
    use_keys(OLD)
    ids = [complaint_with_contact(session, f"Worker {n}", document_number=None) for n in range(5)]
    use_keys(NEW, OLD)
    result = runner.invoke(app, ["db", "rotate-keys", "--batch-size", "2"])
    assert result.exit_code == 0, result.output
    assert "complainants read: 5, fields re-encrypted: 15, already under the primary key: 0" in result.output
    use_keys(NEW)
    assert _names(session, ids) == [f"Worker {n}" for n in range(5)]
    again = runner.invoke(app, ["db", "rotate-keys"])
    assert "fields re-encrypted: 0, already under the primary key: 15" in again.output


@both_backends
def test_a_lost_key_stops_the_run_naming_the_complaint(session: Session, use_keys: UseKeys) -> None:
    use_keys(OLD)
    kept = [complaint_with_contact(session, f"Worker {n}", document_number=None) for n in range(2)]
    use_keys(STRANGER)
    lost = complaint_with_contact(session, "Maria Santos", document_number=None)
    sealed = text(
        "SELECT c.name_enc FROM complainant c JOIN complaint k ON k.complainant_id = c.id WHERE k.id = :i"
    )
    token = session.execute(sealed, {"i": lost}).scalar_one()
    use_keys(NEW, OLD)
    result = runner.invoke(app, ["db", "rotate-keys", "--batch-size", "2"])
    assert result.exit_code == 1 and not isinstance(result.exception, KeyUnavailable)
    assert f"error: complaint {lost} (complainant " in result.stderr and "Traceback" not in result.output
    assert "Maria" not in result.output and "complainants read: 2, fields re-encrypted: 6" in result.stdout
    use_keys(NEW)  # the batch before the lost key was committed
    assert _names(session, kept) == ["Worker 0", "Worker 1"]
    assert session.execute(sealed, {"i": lost}).scalar_one() == token
