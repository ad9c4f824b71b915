from __future__ import annotations

import json
import stat
from pathlib import Path

from sqlalchemy import text
from sqlalchemy.engine import Connection
from typer.testing import CliRunner

from cli.accounts import issue_demo_tokens
from cli.main import app
from registry.database import session_scope
from registry.models.types import utcnow
from registry.services import accounts

runner = CliRunner()


def _token(output: str) -> str:
    return next(line for line in output.splitlines() if line.startswith("ar_"))


def test_users_and_keys_from_the_command_line(connection: Connection) -> None:
    created = runner.invoke(app, ["users", "create", "fatima.alenezi", "--role", "inspector"])
    assert created.exit_code == 0, created.output
    token = _token(created.output)
    with session_scope() as session:
        assert accounts.authenticate(session, token=token, now=utcnow()).principal is not None
    service = runner.invoke(app, ["apikeys", "create", "--role", "pam_officer", "--name", "PAM gateway"])
    assert service.exit_code == 0 and "acts as key:PAM gateway" in service.output
    listed = runner.invoke(app, ["apikeys", "list"])
    assert (
        "PAM gateway" in listed.output
        and token not in listed.output
        and _token(service.output) not in listed.output
    )
    key_id = listed.output.splitlines()[0].split("\t")[0]
    assert runner.invoke(app, ["apikeys", "revoke", key_id]).exit_code == 0
    with session_scope() as session:
        assert (
            accounts.authenticate(session, token=token, now=utcnow()).problem
            == "the bearer token was revoked"
        )
    assert "fatima.alenezi\tinspector\tactive" in runner.invoke(app, ["users", "list"]).output
    assert runner.invoke(app, ["users", "disable", "fatima.alenezi"]).exit_code == 0
    refused = runner.invoke(app, ["users", "create", "fatima.alenezi", "--role", "admin"])
    assert refused.exit_code == 1 and "already a user" in refused.output
    assert runner.invoke(app, ["users", "create", "x", "--role", "public"]).exit_code == 2
    assert runner.invoke(app, ["apikeys", "create", "--name", "no role"]).exit_code == 1


def test_audit_verify_finds_the_first_broken_link(connection: Connection) -> None:
    for name in ("a.one", "a.two", "a.three"):
        assert (
            runner.invoke(app, ["users", "create", name, "--role", "committee", "--no-token"]).exit_code == 0
        )
    ok = runner.invoke(app, ["audit", "verify"])
    assert ok.exit_code == 0 and "every link holds" in ok.output
    with session_scope() as session:
        head = session.execute(text("SELECT seq FROM audit_chain_head")).scalar_one()
        session.execute(text("ALTER TABLE audit_event DISABLE TRIGGER audit_event_no_update"))
        session.execute(text("UPDATE audit_event SET actor = 'nobody' WHERE seq = :seq"), {"seq": head - 1})
        session.execute(text("ALTER TABLE audit_event ENABLE TRIGGER audit_event_no_update"))
    broken = runner.invoke(app, ["audit", "verify"])
    assert (
        broken.exit_code == 1 and f"BROKEN at event {head - 1}: event {head - 1} was altered" in broken.output
    )


def test_demo_tokens_one_per_role_in_a_private_file(connection: Connection, tmp_path: Path) -> None:
    first = json.loads(issue_demo_tokens(tmp_path).read_text())
    path = issue_demo_tokens(tmp_path)
    again = json.loads(path.read_text())
    assert set(again) == {"admin", "inspector", "investigator", "pam_officer", "committee"}
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    with session_scope() as session:
        assert accounts.authenticate(session, token=again["admin"]["token"], now=utcnow()).problem is None
        old = accounts.authenticate(session, token=first["admin"]["token"], now=utcnow())
        assert old.problem == "the bearer token was revoked"
