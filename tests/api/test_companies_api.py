from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient

from registry.access import Role
from tests.conftest import ClientAs, both_backends

COMPANY: dict[str, Any] = {
    "external_id": "API-1",
    "name_en": "Al-Safwa Manpower Supply Co. W.L.L.",
    "name_ar": "شركة الصفوة لتوريد العمالة ذ.م.م",
    "activity": "manpower_supply",
    "governorate": "farwaniya",
    "phones": ["24445555"],
}


@pytest.fixture
def client(client_as: ClientAs) -> TestClient:
    """Companies are registered and kept by inspectors (also PAM officers and admins)."""
    return client_as(Role.INSPECTOR)


def _create(client: TestClient, **overrides: Any) -> dict[str, Any]:
    response = client.post("/api/v1/companies", json={**COMPANY, **overrides})
    assert response.status_code == 201, response.text
    body: dict[str, Any] = response.json()
    return body


@both_backends
def test_create_read_update_flow(client: TestClient) -> None:
    created = _create(client)
    assert created["version"] == 1 and created["phones"] == ["96524445555"]
    url = f"/api/v1/companies/{created['id']}"
    updated = client.patch(url, json={"version": 1, "licence_status": "suspended"})
    assert updated.status_code == 200 and updated.json()["version"] == 2
    assert client.get(url).json()["licence_status"] == "suspended"


@both_backends
def test_stale_version_gets_409_and_the_error_shape(client: TestClient) -> None:
    created = _create(client)
    url = f"/api/v1/companies/{created['id']}"
    assert client.patch(url, json={"version": 1, "address": "Block 2"}).status_code == 200
    stale = client.patch(url, json={"version": 1, "address": "Block 3"})
    assert stale.status_code == 409
    assert stale.json() == {"error": "conflict", "detail": stale.json()["detail"]}
    assert client.get(url).json()["address"] == "Block 2"


def test_list_is_paginated_and_filtered(client: TestClient) -> None:
    for i in range(3):
        _create(client, external_id=f"API-L{i}", name_en=f"Qwerty Listing {i}")
    page = client.get("/api/v1/companies", params={"name": "QWERTY listing", "limit": 2, "offset": 1}).json()
    assert page["total"] == 3
    assert [c["external_id"] for c in page["items"]] == ["API-L1", "API-L2"]
    assert client.get("/api/v1/companies", params={"activity": "fishing"}).status_code == 422


def test_names_can_be_listed_and_added(client: TestClient) -> None:
    created = _create(client)
    url = f"/api/v1/companies/{created['id']}/names"
    added = client.post(url, json={"text": "Safwa Manpower", "kind": "observed", "source": "complaint"})
    assert added.status_code == 201
    assert {n["text"] for n in client.get(url).json()} >= {"Safwa Manpower", COMPANY["name_en"]}
    assert client.post(url, json={"text": "Safwa Manpower"}).status_code == 409


@pytest.mark.parametrize(
    "body",
    [
        {**COMPANY, "name_en": "bad\u0000name"},
        {**COMPANY, "name_en": "", "name_ar": ""},
        {**COMPANY, "name_en": "x" * 10_000},
        {**COMPANY, "external_id": "bad id with spaces"},
        {**COMPANY, "unknown": 1},
        {"external_id": "X"},
    ],
)
def test_bad_input_gets_422_with_the_error_shape(client: TestClient, body: dict[str, Any]) -> None:
    response = client.post("/api/v1/companies", json=body)
    assert response.status_code == 422
    assert response.json()["error"] == "invalid_input" and response.json()["detail"]


def test_malformed_json_and_unknown_ids_get_clean_errors(client: TestClient) -> None:
    response = client.post(
        "/api/v1/companies", content=b"{not json", headers={"content-type": "application/json"}
    )
    assert response.status_code == 422 and response.json()["error"] == "invalid_input"
    missing = client.get("/api/v1/companies/999999")
    assert missing.status_code == 404 and missing.json()["error"] == "not_found"
    assert client.get("/api/v1/nothing-here").json()["error"] == "not_found"
    assert client.get("/api/v1/companies", params={"name": "a\x00b"}).status_code == 422


def test_healthz_and_openapi(client: TestClient) -> None:
    assert client.get("/healthz").json() == {"status": "ok", "database": "ok"}
    spec = client.get("/openapi.json").json()
    assert {
        "/api/v1/companies",
        "/api/v1/companies/{company_id}",
        "/api/v1/companies/{company_id}/names",
    } <= set(spec["paths"])


def test_request_id_is_echoed(client: TestClient) -> None:
    response = client.get("/healthz", headers={"X-Request-ID": "abc123"})
    assert response.headers["X-Request-ID"] == "abc123"
