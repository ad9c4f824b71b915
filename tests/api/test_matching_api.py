from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient

from registry.access import Role
from tests.conftest import ClientAs

COMPANIES = [
    {"external_id": "M-1", "name_en": "Al-Mutairi Cleaning Services Co.", "activity": "cleaning"},
    {
        "external_id": "M-2",
        "name_en": "Al-Mutairi General Trading & Contracting Co. W.L.L.",
        "name_ar": "شركة المطيري للتجارة العامة والمقاولات",
    },
    {"external_id": "M-3", "name_en": "Behbehani Cleaning Co."},
]


@pytest.fixture
def client(client_as: ClientAs) -> TestClient:
    """Inspectors register companies, record mentions and work the review queue."""
    return client_as(Role.INSPECTOR)


@pytest.fixture
def ids(client: TestClient) -> dict[str, int]:
    created = {}
    for body in COMPANIES:
        response = client.post("/api/v1/companies", json=body)
        assert response.status_code == 201, response.text
        created[body["external_id"]] = response.json()["id"]
    return created


def test_match_returns_decision_candidates_and_reasons(client: TestClient, ids: dict[str, int]) -> None:
    body = client.get("/api/v1/match", params={"name": "شركة المطيري للتجارة العامة"}).json()
    assert body["decision"] == "match" and body["external_id"] == "M-2"
    assert body["reasons"] and body["candidates"][0]["company_id"] == ids["M-2"]
    none = client.get("/api/v1/match", params={"name": "Zanzibar Fishing Fleet"}).json()
    assert none["decision"] == "none" and none["external_id"] is None


@pytest.mark.parametrize("name", ["", "a\x00b", "x" * 301, "\u202e\u200f"])
def test_bad_names_get_a_clear_4xx_or_none(client: TestClient, name: str) -> None:
    response = client.get("/api/v1/match", params={"name": name})
    assert response.status_code in {200, 422}
    if response.status_code == 200:
        assert response.json()["decision"] == "none"


def test_review_queue_confirm_through_the_api(client: TestClient, ids: dict[str, int]) -> None:
    mention = client.post("/api/v1/mentions", json={"name": "Mutairi Co.", "source": "hotline"}).json()
    assert mention["status"] == "pending"
    queue = client.get("/api/v1/review-queue").json()
    assert [m["id"] for m in queue] == [mention["id"]]
    confirmed = client.post(f"/api/v1/review-queue/{mention['id']}/confirm", json={"company_id": ids["M-1"]})
    assert confirmed.status_code == 200 and confirmed.json()["status"] == "confirmed"
    assert client.get("/api/v1/match", params={"name": "Mutairi Co."}).json()["external_id"] == "M-1"
    assert client.get("/api/v1/review-queue").json() == []


def test_review_reject_through_the_api(client: TestClient, ids: dict[str, int]) -> None:
    mention = client.post("/api/v1/mentions", json={"name": "Mutairi Co."}).json()
    proposed = mention["candidates"][0]["company_id"]
    rejected = client.post(f"/api/v1/review-queue/{mention['id']}/reject", json={"company_id": proposed})
    assert rejected.status_code == 200
    again = client.post(f"/api/v1/review-queue/{mention['id']}/reject", json={"company_id": proposed})
    assert again.status_code == 409
    candidates: list[dict[str, Any]] = client.get("/api/v1/match", params={"name": "Mutairi Co."}).json()[
        "candidates"
    ]
    assert proposed not in {c["company_id"] for c in candidates}
    assert client.post("/api/v1/review-queue/99999/confirm", json={"company_id": proposed}).status_code == 404
