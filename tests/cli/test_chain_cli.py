"""The chain, court and export commands, end to end on files."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest
from cryptography.fernet import Fernet
from sqlalchemy.engine import Connection
from sqlmodel import select
from typer.testing import CliRunner

from cli import chain
from cli.main import app
from registry.access import Role
from registry.crypto import FieldCipher
from registry.database import session_scope
from registry.models.audit import AuditEvent
from registry.models.complaint import Complainant
from registry.models.export_log import ExportLog
from registry.models.types import utcnow
from registry.schemas.account import UserIn
from registry.services import accounts
from tests.blacklist_support import make_company
from tests.chain_support import complaint, make_agency, partner

runner = CliRunner()


@pytest.fixture(autouse=True)
def _cipher(monkeypatch: pytest.MonkeyPatch) -> None:
    cipher = FieldCipher((Fernet.generate_key().decode(),))
    monkeypatch.setattr(chain, "field_cipher", lambda: cipher)


def _write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def test_files_then_exports(connection: Connection, tmp_path: Path) -> None:
    with session_scope() as session:
        office = make_company(session, name_en="Pearl Coast Manpower Supply Co.").external_id
    agencies = _write(
        tmp_path / "agencies.csv",
        "country,name_latin,name_local,licence_no,status\n"
        "NP,Sagarmatha Overseas Pvt. Ltd.,सगरमाथा ओभरसिज प्रा. लि.,777/076,active\n"
        "NP,,missing name,1/1,active\n",
    )
    result = runner.invoke(app, ["agencies", "import", str(agencies)])
    assert result.exit_code == 1 and "inserted 1" in result.output and "rejected line 3" in result.output
    links = _write(
        tmp_path / "partnerships.csv",
        "company_external_id,agency_name,agency_country,source,source_ref,since\n"
        f"{office},सगरमाथा ओभरसिज,NP,pam_record,PAM-2025-881,01/02/2025\n",
    )
    result = runner.invoke(app, ["partnerships", "import", str(links), "--actor", "pam.clerk"])
    assert result.exit_code == 0, result.output
    assert "inserted 1" in result.output
    cases = _write(
        tmp_path / "cases.csv",
        "case_number,court,level,ruling_on,outcome,is_final,appeal_status,charges,defendants\n"
        "88/2025,Court of Appeal,appeal,03/03/2025,convicted,yes,time_expired,91/2013:2,"
        f"company:{office};;convicted\n",
    )
    result = runner.invoke(app, ["courts", "import", str(cases)])
    assert result.exit_code == 0, result.output
    embassy = tmp_path / "np.json"
    result = runner.invoke(app, ["export", "embassy", "--country", "np", "--out", str(embassy)])
    assert result.exit_code == 0, result.output
    assert json.loads(embassy.read_bytes())["counts"]["agencies"] == 1
    entities = tmp_path / "bl.ftm.json"
    assert runner.invoke(app, ["export", "ftm", "--out", str(entities)]).exit_code == 0
    with session_scope() as session:
        logs = session.exec(select(ExportLog).order_by(ExportLog.id)).all()  # type: ignore[arg-type]
        assert [log.kind for log in logs][-2:] == ["embassy", "ftm"]
        assert logs[-2].sha256 == hashlib.sha256(embassy.read_bytes()).hexdigest()
        trail = session.exec(select(AuditEvent).where(AuditEvent.action == "export")).all()
        assert {(e.object_id, e.outcome) for e in trail} >= {
            (str(logs[-2].id), "ok"),
            (str(logs[-1].id), "ok"),
        }
    assert runner.invoke(app, ["export", "embassy", "--country", "Nepal"]).exit_code == 2


def test_a_file_without_required_columns_is_refused(connection: Connection, tmp_path: Path) -> None:
    bad = _write(tmp_path / "cases.csv", "case_number,court\n1/2025,Court\n")
    result = runner.invoke(app, ["courts", "import", str(bad)])
    assert result.exit_code == 2 and "missing required column" in result.output


def _consented_complaint(cipher: FieldCipher) -> None:
    with session_scope() as session:
        office = make_company(session)
        agency = make_agency(session, "NP")
        partner(session, office.id or 0, agency.id or 0)
        row = Complainant(name_enc=cipher.encrypt("Sita Gurung"), phone_enc=cipher.encrypt("+9779812345678"))
        session.add(row)
        session.flush()
        complaint(session, office.id, consent=True, complainant_id=row.id)


def test_identities_leave_the_cli_only_for_an_investigators_account(
    connection: Connection, tmp_path: Path
) -> None:
    _consented_complaint(chain.field_cipher())
    out = tmp_path / "np.json"
    args = ["export", "embassy", "--country", "NP", "--out", str(out), "--with-identities"]
    for actor in ("prosecutor.invented", "committee.1"):
        refused = runner.invoke(app, [*args, "--actor", actor])
        assert refused.exit_code == 2 and "active investigator's account" in refused.output
    with session_scope() as session:
        data = UserIn(username="prosecutor.1", role=Role.INVESTIGATOR)
        accounts.create_user(session, data=data, actor="tests", now=utcnow())
    done = runner.invoke(app, [*args, "--actor", "prosecutor.1"])
    assert done.exit_code == 0, done.output
    assert json.loads(out.read_bytes())["complaints"][0]["complainant"]["name"] == "Sita Gurung"
    plain = runner.invoke(app, ["export", "embassy", "--country", "NP", "--out", str(out)])
    assert plain.exit_code == 0 and b"Sita" not in out.read_bytes()


def test_a_failed_export_leaves_no_file_behind(
    connection: Connection, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _consented_complaint(FieldCipher((Fernet.generate_key().decode(),)))  # a key the CLI lacks
    with session_scope() as session:
        data = UserIn(username="prosecutor.2", role=Role.INVESTIGATOR)
        accounts.create_user(session, data=data, actor="tests", now=utcnow())
    monkeypatch.setattr(chain, "_exports_dir", lambda: tmp_path)
    args = ["export", "embassy", "--country", "NP", "--with-identities", "--actor", "prosecutor.2"]
    result = runner.invoke(app, args)
    assert result.exit_code == 1 and "error:" in result.output and "Traceback" not in result.output
    assert list(tmp_path.iterdir()) == []
