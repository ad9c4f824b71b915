from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from cryptography.fernet import Fernet
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from fastapi import FastAPI
from fastapi.testclient import TestClient

from api.routes import blacklist
from registry.access import Role
from registry.database import session_scope
from registry.models.types import utcnow
from registry.services import publication_files as files
from registry.services import publications
from registry.services.legal_time import local_date
from registry.settings import Secrets
from tests.chain_support import court_case
from tests.conftest import AuthHeaders, both_backends

KEY = Ed25519PrivateKey.generate()
SECRETS = Secrets((Fernet.generate_key().decode(),), KEY)


@pytest.fixture
def api(
    app: FastAPI, auth: AuthHeaders, monkeypatch: pytest.MonkeyPatch
) -> Iterator[tuple[TestClient, Acting]]:
    """A client, and how to make it act as someone: acting(role, name) sets its token."""
    monkeypatch.setattr(blacklist, "load_secrets", lambda _settings: SECRETS)
    with TestClient(app, raise_server_exceptions=False) as client:

        def acting(role: Role, name: str) -> None:
            client.headers.update(auth(role, name))

        yield client, acting


Acting = Callable[[Role, str], None]


def _company(client: TestClient, external_id: str, name: str) -> int:
    response = client.post("/api/v1/companies", json={"external_id": external_id, "name_en": name})
    assert response.status_code == 201, response.text
    return int(response.json()["id"])


def _propose(client: TestClient, company_id: int) -> dict[str, Any]:
    with session_scope() as session:
        case_id = court_case(session, company_id).id
    court = {"kind": "court_ruling", "court_case_id": case_id}
    body = {"company_id": company_id, "reason": "Convicted of trafficking", "grounds": [court]}
    response = client.post("/api/v1/listings", json=body)
    assert response.status_code == 201, response.text
    result: dict[str, Any] = response.json()
    return result


def _publish() -> None:
    with session_scope() as session:
        publications.publish(session, signing_key=KEY, actor="publisher", now=utcnow())


@both_backends
def test_due_process_through_the_api(api: tuple[TestClient, Acting]) -> None:
    client, acting = api
    acting(Role.ADMIN, "admin.sara")
    listing = _propose(client, _company(client, "API-BL-1", "Al-Najma Manpower Supply"))
    url = f"/api/v1/listings/{listing['id']}"
    served_on = (local_date(utcnow()) - timedelta(days=30)).isoformat()
    assert client.post(f"{url}/notice", json={"served_on": served_on}).json()["state"] == "notice_served"
    decision = {"outcome": "list", "reason": "Convicted of trafficking in persons"}
    refused = client.post(f"{url}/decision", json=decision)
    assert refused.status_code == 403 and "four-eyes" in refused.json()["detail"]
    acting(Role.INSPECTOR, "inspector.ali")
    assert client.post(f"{url}/decision", json=decision).status_code == 403
    acting(Role.COMMITTEE, "committee.khalid")
    decided = client.post(f"{url}/decision", json=decision).json()
    assert decided["state"] == "listed" and decided["decided_by"] == "committee.khalid"
    assert [e["action"] for e in client.get(url).json()["events"]] == ["proposed", "notice_served", "listed"]
    assert client.post(f"{url}/decision", json=decision).status_code == 409
    acting(Role.ADMIN, "admin.sara")
    assert (
        client.post("/api/v1/listings", json={"company_id": 1, "reason": "x", "grounds": []}).status_code
        == 422
    )


def test_the_public_sees_only_published_final_decisions(
    api: tuple[TestClient, Acting], tmp_path: Path
) -> None:
    client, acting = api
    acting(Role.INSPECTOR, "officer.sara")
    final = _propose(client, _company(client, "API-BL-FINAL", "Al-Najma Manpower Supply"))
    _propose(client, _company(client, "API-BL-PENDING", "Al-Wafa Cleaning Co."))
    served_on = (local_date(utcnow()) - timedelta(days=30)).isoformat()
    acting(Role.COMMITTEE, "committee.khalid")
    client.post(f"/api/v1/listings/{final['id']}/notice", json={"served_on": served_on})
    client.post(f"/api/v1/listings/{final['id']}/decision", json={"outcome": "list", "reason": "Trafficking"})
    official = client.get("/api/v1/listings", params={"state": "proposed"}).json()
    assert [item["external_id"] for item in official["items"]] == ["API-BL-PENDING"]
    del client.headers["Authorization"]
    assert client.get("/api/v1/blacklist").json()["entries"] == []
    _publish()
    public = [
        client.get("/api/v1/blacklist"),
        client.get("/api/v1/blacklist/versions"),
        client.get("/api/v1/blacklist/versions/1"),
        client.get("/api/v1/blacklist/changes", params={"since": 0}),
    ]
    assert all(r.status_code == 200 for r in public)
    assert [e["external_id"] for e in public[0].json()["entries"]] == ["API-BL-FINAL"]
    assert all("API-BL-PENDING" not in r.text and "proposed" not in r.text for r in public)
    assert [c["kind"] for c in public[3].json()["changes"]] == ["added"]
    assert client.get("/api/v1/listings").status_code == 401
    _download_and_verify(client, public[2].json(), tmp_path)


def _download_and_verify(client: TestClient, version: dict[str, Any], folder: Path) -> None:
    for item in version["files"]:
        (folder / item["name"]).write_bytes(client.get(item["url"]).content)
    key = client.get("/api/v1/blacklist/public-key")
    assert key.status_code == 200 and key.text.startswith("-----BEGIN PUBLIC KEY-----")
    assert files.verify_directory(folder, files.load_public_key(key.content)) == []
    assert client.get("/api/v1/blacklist/versions/1/files/secrets.json").status_code == 422
    assert client.get("/api/v1/blacklist/versions/9/files/blacklist.csv").status_code == 404


def test_visa_checks(api: tuple[TestClient, Acting]) -> None:
    client, acting = api
    acting(Role.PAM_OFFICER, "pam.officer")
    _company(client, "API-VISA-1", "Desert Rose Household Services")
    response = client.post(
        "/api/v1/visa-checks", json={"external_id": "API-VISA-1", "application_ref": "A-77"}
    )
    assert response.status_code == 201, response.text
    body = response.json()
    assert body["decision"] == "clear" and body["external_id"] == "API-VISA-1"
    assert set(body["data_version"]) == {"listing_seq", "publication_version", "score_computed_at"}
    both = client.post("/api/v1/visa-checks", json={"external_id": "X", "name": "Y Co"})
    assert both.status_code == 422 and both.json()["error"] == "invalid_input"
    unknown = client.post("/api/v1/visa-checks", json={"name": "Nobody Known Trading"}).json()
    assert unknown["decision"] == "review" and unknown["reasons"][0]["code"] == "name_not_resolved"
