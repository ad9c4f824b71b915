"""The review queue's answers for decisions that collide or name no company."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient

from registry.access import Role
from tests.conftest import ClientAs


@pytest.fixture
def client(client_as: ClientAs) -> TestClient:
    """Inspectors record mentions and work the review queue."""
    return client_as(Role.INSPECTOR)


def _company(client: TestClient, external_id: str, name_en: str) -> int:
    response = client.post("/api/v1/companies", json={"external_id": external_id, "name_en": name_en})
    assert response.status_code == 201, response.text
    return int(response.json()["id"])


def _decide(client: TestClient, mention_id: int, verb: str, company_id: int) -> tuple[int, dict[str, Any]]:
    response = client.post(f"/api/v1/review-queue/{mention_id}/{verb}", json={"company_id": company_id})
    return response.status_code, response.json()


def test_a_second_company_for_a_confirmed_mention_is_a_conflict_that_says_how(client: TestClient) -> None:
    clean = _company(client, "R-1", "Al-Mutairi Cleaning Services Co.")
    trade = _company(client, "R-2", "Al-Mutairi General Trading & Contracting Co. W.L.L.")
    mention = client.post("/api/v1/mentions", json={"name": "Mutairi Co."}).json()
    assert _decide(client, mention["id"], "confirm", clean)[0] == 200
    status, body = _decide(client, mention["id"], "confirm", trade)
    assert status == 409 and body["error"] == "conflict"
    assert f"first reject mention {mention['id']} for company {clean}" in body["detail"]
    status, body = _decide(client, mention["id"], "reject", trade)
    assert status == 200 and (body["status"], body["company_id"]) == ("confirmed", clean)


def test_reject_with_an_unknown_company_is_404(client: TestClient) -> None:
    _company(client, "R-3", "Behbehani Cleaning Co.")
    mention = client.post("/api/v1/mentions", json={"name": "Behbehani Co"}).json()
    status, body = _decide(client, mention["id"], "reject", 999999)
    assert status == 404 and body["error"] == "not_found"
    assert _decide(client, mention["id"], "reject", 2**31)[0] == 422


@pytest.mark.parametrize("company_id", [True, "1", 1.0])
def test_a_company_id_must_be_a_json_integer(client: TestClient, company_id: object) -> None:
    _company(client, "R-4", "Behbehani Cleaning Co.")
    mention = client.post("/api/v1/mentions", json={"name": "Behbehani Co"}).json()
    response = client.post(f"/api/v1/review-queue/{mention['id']}/confirm", json={"company_id": company_id})
    assert response.status_code == 422 and response.json()["error"] == "invalid_input"
