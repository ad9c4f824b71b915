from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient

from registry.access import Role
from tests.conftest import ClientAs


@pytest.fixture
def client(client_as: ClientAs) -> TestClient:
    """Merging, splitting and moving names is for admins."""
    return client_as(Role.ADMIN)


def _create(client: TestClient, external_id: str, name_en: str, aliases: list[str]) -> dict[str, Any]:
    response = client.post(
        "/api/v1/companies", json={"external_id": external_id, "name_en": name_en, "aliases": aliases}
    )
    assert response.status_code == 201, response.text
    body: dict[str, Any] = response.json()
    return body


def test_merge_split_and_move_through_the_api(client: TestClient) -> None:
    a = _create(client, "ID-A", "Al-Kandari Manpower", ["Kandari Manpower Jahra", "Kandari Old"])
    b = _create(client, "ID-B", "Kandari Manpower Supply", [])
    merged = client.post(
        f"/api/v1/companies/{a['id']}/merge",
        json={"into_company_id": b["id"], "reason": "duplicate registration"},
    )
    assert merged.status_code == 200
    assert {"Al-Kandari Manpower", "Kandari Old"} <= {n["text"] for n in merged.json()["names"]}
    assert client.get(f"/api/v1/companies/{a['id']}").json()["merged_into_id"] == b["id"]
    assert client.get(f"/api/v1/companies/{a['id']}/resolve").json()["id"] == b["id"]

    jahra = next(n for n in merged.json()["names"] if n["text"] == "Kandari Manpower Jahra")
    split = client.post(
        f"/api/v1/companies/{b['id']}/split",
        json={
            "company": {"external_id": "ID-C", "name_en": "Kandari Jahra Branch"},
            "name_ids": [jahra["id"]],
            "reason": "separate licence",
        },
    )
    assert split.status_code == 201
    assert "Kandari Manpower Jahra" in {n["text"] for n in split.json()["names"]}

    old = next(n for n in merged.json()["names"] if n["text"] == "Kandari Old")
    moved = client.post(
        f"/api/v1/names/{old['id']}/move",
        json={"to_company_id": split.json()["id"], "reason": "belongs to the branch"},
    )
    assert moved.status_code == 200
    actions = [e["action"] for e in client.get(f"/api/v1/companies/{b['id']}/history").json()]
    assert actions == ["absorbed", "split_into", "name_moved_out"]


def test_identity_errors_are_clean(client: TestClient) -> None:
    a = _create(client, "ID-X", "Xenon Trading", [])
    assert (
        client.post(
            f"/api/v1/companies/{a['id']}/merge", json={"into_company_id": 99999, "reason": "dup"}
        ).status_code
        == 404
    )
    assert (
        client.post(
            f"/api/v1/companies/{a['id']}/merge", json={"into_company_id": a["id"], "reason": "dup"}
        ).status_code
        == 422
    )
    assert (
        client.post("/api/v1/names/99999/move", json={"to_company_id": a["id"], "reason": "abc"}).status_code
        == 404
    )
    assert client.post(f"/api/v1/companies/{a['id']}/merge", json={"into_company_id": 1}).status_code == 422
