"""What requests leave on the audit trail: reads of protected data, writes, refusals and failures."""

from __future__ import annotations

import json
import logging
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlmodel import Session, col, select

from registry.access import Role
from registry.models.audit import AuditEvent
from registry.services.audit import verify_chain
from tests.access_support import bearer, issue_token
from tests.conftest import AuthHeaders, both_backends

REPORT = {"company_name": "Golden Falcon Manpower", "categories": ["WAGE_THEFT"], "what_happened": "No pay"}
CONTACT = {"name": "Ana Reyes", "phone": "+63 917 555 0101", "nationality": "PH"}


def _events(session: Session) -> list[AuditEvent]:
    session.expire_all()
    return list(session.exec(select(AuditEvent).order_by(col(AuditEvent.seq))).all())


def _complaint(client: TestClient, auth: AuthHeaders) -> int:
    body = {**REPORT, "channel": "hotline", "contact": CONTACT}
    created = client.post("/api/v1/complaints", json=body, headers=auth(Role.INVESTIGATOR, "prosecutor.1"))
    assert created.status_code == 201, created.text
    return int(created.json()["id"])


@both_backends
def test_a_read_of_protected_data_is_on_the_trail_with_its_request_id(
    client: TestClient, auth: AuthHeaders, session: Session
) -> None:
    complaint_id = _complaint(client, auth)
    read = client.get(
        f"/api/v1/complaints/{complaint_id}",
        headers={**auth(Role.INSPECTOR, "insp.7"), "X-Request-ID": "trace42"},
    )
    assert read.status_code == 200
    created, seen = _events(session)[-2:]
    assert (created.actor, created.action, created.object_type, created.object_id, created.outcome) == (
        "prosecutor.1",
        "complaint.create",
        "complaint",
        str(complaint_id),
        "ok",
    )
    assert json.loads(created.detail) == {"disclosed": ["narrative", "complainant_identity"]}
    assert (seen.actor, seen.role, seen.action, seen.request_id, seen.outcome) == (
        "insp.7",
        "inspector",
        "complaint.read",
        "trace42",
        "ok",
    )
    assert json.loads(seen.detail) == {"disclosed": ["narrative"]}
    assert seen.credential_id is not None and seen.prev_hash == created.hash
    assert verify_chain(session).intact


@both_backends
def test_a_denied_attempt_is_kept_although_the_request_rolled_back(
    client: TestClient, auth: AuthHeaders, session: Session
) -> None:
    complaint_id = _complaint(client, auth)
    denied = client.get(f"/api/v1/complaints/{complaint_id}", headers=auth(Role.PAM_OFFICER, "pam.1"))
    assert denied.status_code == 403
    last = _events(session)[-1]
    assert (last.actor, last.role, last.action, last.object_id, last.outcome) == (
        "pam.1",
        "pam_officer",
        "complaint.read",
        str(complaint_id),
        "denied",
    )
    assert last.reason == "the role pam_officer may not do complaint.read"
    assert verify_chain(session).intact


def test_a_revoked_token_and_a_failed_write_are_on_the_trail(
    client: TestClient, auth: AuthHeaders, session: Session
) -> None:
    admin = auth(Role.ADMIN)
    token = issue_token(Role.INSPECTOR, "insp.gone")
    key_id = client.get("/api/v1/me", headers=bearer(token)).json()["credential_id"]
    client.post(f"/api/v1/api-keys/{key_id}/revoke", headers=admin)
    refused = client.post("/api/v1/inspections", json={}, headers=bearer(token))
    assert refused.status_code == 401
    last = _events(session)[-1]
    assert (last.actor, last.action, last.outcome, last.reason, last.credential_id) == (
        "insp.gone",
        "inspection.write",
        "denied",
        "the bearer token was revoked",
        key_id,
    )
    company = {"external_id": "AUD-1", "name_en": "Audited Trading Co."}
    assert client.post("/api/v1/companies", json=company, headers=admin).status_code == 201
    assert client.post("/api/v1/companies", json=company, headers=admin).status_code == 409
    failed = _events(session)[-1]
    assert (failed.action, failed.object_type, failed.outcome, failed.reason) == (
        "company.write",
        "company",
        "failed",
        "conflict",
    )


def test_public_reads_leave_nothing_and_unknown_tokens_leave_nothing(
    client: TestClient, session: Session
) -> None:
    before = len(_events(session))
    client.get("/api/v1/match", params={"name": "Falcon"})
    client.get("/api/v1/violation-codes")
    client.get("/api/v1/me", headers={"Authorization": "Bearer ar_" + "x" * 43})
    client.get("/api/v1/me")
    assert len(_events(session)) == before
    assert client.post("/api/v1/reports", json={**REPORT, "reporter_type": "victim"}).status_code == 201
    report = _events(session)[-1]
    assert (report.actor, report.role, report.action, report.object_id) == (
        "public",
        "public",
        "public.report",
        None,
    )


def test_admins_read_the_trail_and_reading_it_is_audited(
    client: TestClient, auth: AuthHeaders, session: Session
) -> None:
    _complaint(client, auth)
    page = client.get(
        "/api/v1/audit/events", params={"actor": "prosecutor.1"}, headers=auth(Role.ADMIN)
    ).json()
    assert page["total"] == 1 and page["items"][0]["action"] == "complaint.create"
    assert _events(session)[-1].action == "audit.read"
    assert client.get("/api/v1/audit/events", headers=auth(Role.COMMITTEE)).status_code == 403


def test_no_token_reaches_a_log(
    client: TestClient, auth: AuthHeaders, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    headers = auth(Role.ADMIN)
    token = headers["Authorization"].removeprefix("Bearer ")
    issued: dict[str, Any] = client.post(
        "/api/v1/api-keys", json={"name": "ci", "role": "inspector"}, headers=headers
    ).json()
    code = client.post("/api/v1/reports", json={**REPORT, "reporter_type": "victim"}).json()["follow_up_code"]
    client.get(f"/api/v1/reports/{code}")
    client.get("/api/v1/me", headers=bearer(issued["token"][:-1] + "x"))
    logged = "\n".join(record.getMessage() for record in caplog.records)
    assert token not in logged and issued["token"] not in logged and issued["token"][:-1] not in logged
    assert logged  # something was logged, so the check above meant something


def test_the_access_log_masks_follow_up_codes_and_tokens() -> None:
    from api.logs import RedactSecrets

    record = logging.LogRecord(
        "uvicorn.access",
        logging.INFO,
        __file__,
        1,
        '%s - "%s %s HTTP/%s" %d',
        (
            "127.0.0.1:5000",
            "GET",
            "/api/v1/reports/7KQ2-M9XD-4TBR-1A5C?token=ar_abcdefghijklmnopqrstuvwx",
            "1.1",
            200,
        ),
        None,
    )
    RedactSecrets().filter(record)
    assert record.getMessage() == '127.0.0.1:5000 - "GET /api/v1/reports/***?token=*** HTTP/1.1" 200'
