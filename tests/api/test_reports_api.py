from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from api.routes import reports

REPORT = {
    "company_name": "<script>alert(1)</script> Office",
    "categories": ["WAGE_THEFT"],
    "what_happened": "No salary for 4 months",
    "reporter_type": "relative",
}


@pytest.fixture(autouse=True)
def fresh_limits() -> Iterator[None]:
    reports.report_limiter.reset()
    reports.lookup_limiter.reset()
    yield
    reports.report_limiter.reset()
    reports.lookup_limiter.reset()


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
    monkeypatch.setattr(reports.report_limiter, "capacity", 2)
    assert [client.post("/api/v1/reports", json=REPORT).status_code for _ in range(2)] == [201, 201]
    limited = client.post("/api/v1/reports", json=REPORT)
    assert limited.status_code == 429
    assert limited.json()["error"] == "rate_limited" and int(limited.headers["Retry-After"]) >= 1


def test_oversized_and_malformed_reports_are_refused(client: TestClient) -> None:
    huge = client.post("/api/v1/reports", json={**REPORT, "what_happened": "x" * 2_000_000})
    assert huge.status_code == 413 and huge.json()["error"] == "payload_too_large"
    assert client.post("/api/v1/reports", json={**REPORT, "what_happened": "x" * 6000}).status_code == 422
    assert client.post("/api/v1/reports", json={**REPORT, "categories": []}).status_code == 422
    assert client.post("/api/v1/reports", json={**REPORT, "company_name": "a\x00"}).status_code == 422
    assert client.get("/api/v1/reports/ZZZZ-ZZZZ-ZZZZ").status_code == 404
    assert client.get("/api/v1/reports/%3Cscript%3E").status_code == 422


def test_official_complaint_flow(client: TestClient) -> None:
    created = client.post(
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
    assert body["narrative"] is None and body["narrative_withheld"] and body["contact_withheld"]
    cid = body["id"]
    assert client.post(f"/api/v1/complaints/{cid}/assign", json={"inspector": "insp.1"}).status_code == 200
    moved = client.post(f"/api/v1/complaints/{cid}/status", json={"status": "triaged", "reason": "read it"})
    assert moved.json()["status"] == "triaged"
    bad = client.post(f"/api/v1/complaints/{cid}/status", json={"status": "substantiated", "reason": "skip"})
    assert bad.status_code == 409
    assert len(client.get(f"/api/v1/complaints/{cid}/history").json()) == 3


def test_inspection_with_findings(client: TestClient) -> None:
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
