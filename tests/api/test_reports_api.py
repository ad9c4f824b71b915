from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from api import ratelimit
from registry.access import Role
from tests.conftest import ClientAs

REPORT = {
    "company_name": "<script>alert(1)</script> Office",
    "categories": ["WAGE_THEFT"],
    "what_happened": "No salary for 4 months",
    "reporter_type": "relative",
}


def test_report_and_follow_up_without_an_account(client: TestClient) -> None:
    receipt = client.post("/api/v1/reports", json=REPORT)
    assert receipt.status_code == 201
    code = receipt.json()["follow_up_code"]
    status = client.get(f"/api/v1/reports/{code}")
    assert status.status_code == 200
    assert status.json()["status"] == "received"
    assert "script" not in status.text and "salary" not in status.text


def test_reports_are_rate_limited_with_retry_after(
    client: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(ratelimit.report_limiter, "capacity", 2)
    assert [client.post("/api/v1/reports", json=REPORT).status_code for _ in range(2)] == [201, 201]
    limited = client.post("/api/v1/reports", json=REPORT)
    assert limited.status_code == 429
    assert limited.json()["error"] == "rate_limited" and int(limited.headers["Retry-After"]) >= 1


def test_an_oversized_body_sent_in_chunks_gets_413_too(client: TestClient) -> None:
    def chunks() -> Iterator[bytes]:
        yield b'{"company_name": "Office", "categories": ["WAGE_THEFT"], "what_happened": "'
        for _ in range(40):
            yield b"x" * 65_536
        yield b'"}'

    huge = client.post("/api/v1/reports", content=chunks(), headers={"content-type": "application/json"})
    assert huge.status_code == 413 and huge.json()["error"] == "payload_too_large"


def test_oversized_and_malformed_reports_are_refused(client: TestClient) -> None:
    huge = client.post("/api/v1/reports", json={**REPORT, "what_happened": "x" * 2_000_000})
    assert huge.status_code == 413 and huge.json()["error"] == "payload_too_large"
    assert client.post("/api/v1/reports", json={**REPORT, "what_happened": "x" * 6000}).status_code == 422
    assert client.post("/api/v1/reports", json={**REPORT, "categories": []}).status_code == 422
    assert client.post("/api/v1/reports", json={**REPORT, "company_name": "a\x00"}).status_code == 422
    assert client.get("/api/v1/reports/ZZZZ-ZZZZ-ZZZZ").status_code == 404
    assert client.get("/api/v1/reports/%3Cscript%3E").status_code == 422


def test_official_complaint_flow(client_as: ClientAs) -> None:
    desk = client_as(Role.INSPECTOR, "insp.desk")
    client_as(Role.INSPECTOR, "insp.1")
    created = desk.post(
        "/api/v1/complaints",
        json={
            **REPORT,
            "channel": "embassy",
            "source_ref": "EMB-7",
            "contact": {"name": "Ana", "nationality": "PH"},
        },
    )
    assert created.status_code == 201, created.text
    body = created.json()
    assert (
        body["narrative"] == REPORT["what_happened"] and body["contact"] is None and body["contact_withheld"]
    )
    cid = body["id"]
    assigned = desk.post(f"/api/v1/complaints/{cid}/assign", json={"inspector": "insp.1"})
    assert assigned.status_code == 200 and assigned.json()["contact"] is None
    moved = desk.post(f"/api/v1/complaints/{cid}/status", json={"status": "triaged", "reason": "read it"})
    assert moved.json()["status"] == "triaged"
    bad = desk.post(f"/api/v1/complaints/{cid}/status", json={"status": "substantiated", "reason": "skip"})
    assert bad.status_code == 409
    assert len(desk.get(f"/api/v1/complaints/{cid}/history").json()) == 3


def test_complainant_identity_only_for_investigators_and_the_assigned_inspector(client_as: ClientAs) -> None:
    contact = {"name": "Ana", "phone": "+63 917 555 0101", "nationality": "PH"}
    created = client_as(Role.INVESTIGATOR, "prosecutor.1").post(
        "/api/v1/complaints", json={**REPORT, "channel": "hotline", "contact": contact}
    )
    assert created.status_code == 201 and created.json()["contact"]["name"] == "Ana"
    url = f"/api/v1/complaints/{created.json()['id']}"
    client_as(Role.INSPECTOR, "insp.1")  # the account must exist before the complaint is assigned to it
    assert client_as(Role.ADMIN).post(f"{url}/assign", json={"inspector": "insp.1"}).status_code == 200
    seen = {
        who: client_as(role, who).get(url).json()
        for who, role in [
            ("insp.1", Role.INSPECTOR),
            ("insp.2", Role.INSPECTOR),
            ("committee.1", Role.COMMITTEE),
            ("admin.1", Role.ADMIN),
        ]
    }
    assert seen["insp.1"]["contact"]["phone"] == contact["phone"]
    assert all(
        seen[who]["contact"] is None and seen[who]["contact_withheld"] for who in seen if who != "insp.1"
    )
    assert all(view["narrative"] == REPORT["what_happened"] for view in seen.values())
    pam = client_as(Role.PAM_OFFICER).get(url)
    assert pam.status_code == 403 and pam.json()["error"] == "forbidden"


def test_an_inspector_cannot_assign_themselves_a_complaint_nor_to_a_stranger(client_as: ClientAs) -> None:
    contact = {"name": "Ana", "phone": "+63 917 555 0101", "nationality": "PH"}
    created = client_as(Role.INVESTIGATOR, "prosecutor.1").post(
        "/api/v1/complaints", json={**REPORT, "channel": "hotline", "contact": contact}
    )
    url = f"/api/v1/complaints/{created.json()['id']}"
    inspector = client_as(Role.INSPECTOR, "insp.self")
    itself = inspector.post(f"{url}/assign", json={"inspector": "insp.self"})
    assert itself.status_code == 403 and "Ana" not in itself.text
    assert inspector.get(url).json()["contact"] is None
    for stranger in ("no.such.user", "prosecutor.1"):
        refused = client_as(Role.ADMIN).post(f"{url}/assign", json={"inspector": stranger})
        assert refused.status_code == 422 and refused.json()["error"] == "invalid_input"
    by_colleague = client_as(Role.INSPECTOR, "insp.other").post(
        f"{url}/assign", json={"inspector": "insp.self"}
    )
    assert by_colleague.status_code == 200 and by_colleague.json()["contact"] is None
    assert inspector.get(url).json()["contact"]["name"] == "Ana"


def test_inspection_with_findings(client_as: ClientAs) -> None:
    client = client_as(Role.INSPECTOR)
    company = client.post(
        "/api/v1/companies", json={"external_id": "INS-1", "name_en": "Inspected Co."}
    ).json()
    body = {
        "company_id": company["id"],
        "inspected_on": "2026-10-01",
        "outcome": "violations_found",
        "workers_interviewed": 12,
        "findings": [{"violation_code": "PASSPORT_RETENTION", "workers_affected": 5}],
    }
    created = client.post("/api/v1/inspections", json=body)
    assert created.status_code == 201, created.text
    assert created.json()["findings"][0]["severity"] == "critical"
    assert client.post("/api/v1/inspections", json=body).status_code == 409
    unknown = {**body, "findings": [{"violation_code": "MADE_UP"}], "source_ref": "R2"}
    assert client.post("/api/v1/inspections", json=unknown).status_code == 422
    compliant = {**body, "outcome": "compliant", "source_ref": "R3"}
    assert client.post("/api/v1/inspections", json=compliant).status_code == 422
    codes = client.get("/api/v1/violation-codes").json()
    assert len(codes) == 13 and {c["severity"] for c in codes} == {"medium", "high", "critical"}
