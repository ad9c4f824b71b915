"""The recruitment chain, courts and sharing through the API."""

from __future__ import annotations

import hashlib
import json

from fastapi.testclient import TestClient

from registry.access import Role
from tests.conftest import ClientAs, both_backends


def _company(client: TestClient, external_id: str, name: str) -> int:
    response = client.post("/api/v1/companies", json={"external_id": external_id, "name_en": name})
    assert response.status_code == 201, response.text
    return int(response.json()["id"])


def _agency(client: TestClient, body: dict[str, object]) -> dict[str, object]:
    response = client.post("/api/v1/agencies", json=body)
    assert response.status_code == 201, response.text
    result: dict[str, object] = response.json()
    return result


@both_backends
def test_agencies_partnerships_and_the_chain(client_as: ClientAs) -> None:
    client = client_as(Role.ADMIN)
    office = _company(client, "API-CH-1", "Al-Salam Manpower Recruitment")
    agency = _agency(
        client,
        {
            "country": "np",
            "name_latin": "Everest Human Resource Pvt. Ltd.",
            "name_local": "एभरेस्ट ह्युमन रिसोर्स",
            "licence_no": "1042/071",
        },
    )
    assert agency["names"] == ["Everest Human Resource Pvt. Ltd.", "एभरेस्ट ह्युमन रिसोर्स"]
    assert (
        client.post(
            "/api/v1/agencies", json={"country": "NP", "name_latin": "X", "licence_no": "1042/071"}
        ).status_code
        == 409
    )
    assert client.post("/api/v1/agencies", json={"country": "Nepal", "name_latin": "X"}).status_code == 422
    link = {"company_id": office, "agency_id": agency["id"], "source": "pam_record", "source_ref": "PAM-9"}
    assert client.post("/api/v1/partnerships", json=link).status_code == 201
    assert client.post("/api/v1/partnerships", json=link | {"agency_id": 999_999}).status_code == 404
    assert [p["source_ref"] for p in client.get(f"/api/v1/companies/{office}/partnerships").json()] == [
        "PAM-9"
    ]
    view = client.get(f"/api/v1/companies/{office}/chain", params={"depth": 3}).json()
    assert [p["agency"]["external_id"] for p in view["partners"]] == ["NP-1042/071"]
    assert client.get("/api/v1/companies/999999/chain").status_code == 404
    assert client.get("/api/v1/agencies", params={"country": "NP"}).json()["total"] == 1


def test_court_cases_and_precedents(client_as: ClientAs) -> None:
    client = client_as(Role.ADMIN)
    office = _company(client, "API-CT-1", "Gulf Star Domestic Labour")
    case = {
        "case_number": "501/2025",
        "court": "Court of First Instance",
        "level": "first_instance",
        "ruling_on": "2025-06-01",
        "outcome": "convicted",
        "is_final": True,
        "appeal_status": "time_expired",
        "charges": [{"law": "Law No. 91 of 2013", "article": "2"}],
        "defendants": [{"kind": "company", "company_id": office, "published_name": "G. S. Co."}],
    }
    assert client.put("/api/v1/court-cases", json=case).status_code == 201
    assert client.put("/api/v1/court-cases", json=case).status_code == 200
    page = client.get(
        "/api/v1/precedents", params={"law": "91/2013", "year": 2025, "outcome": "convicted"}
    ).json()
    assert page["total"] == 1 and page["items"][0]["defendants"] == [
        {"kind": "company", "published_name": "G. S. Co.", "outcome": "pending", "sentence": None}
    ]
    pending = case | {"case_number": "502/2025", "is_final": False, "appeal_status": "appealed"}
    case_id = client.put("/api/v1/court-cases", json=pending).json()["id"]
    ground = {"kind": "court_ruling", "court_case_id": case_id}
    body = {"company_id": office, "reason": "Convicted of trafficking", "grounds": [ground]}
    refused = client.post("/api/v1/listings", json=body)
    assert refused.status_code == 422 and "not final" in refused.json()["detail"]


def test_exports_are_downloaded_and_logged(client_as: ClientAs) -> None:
    client = client_as(Role.ADMIN)
    embassy = client.post("/api/v1/exports/embassy", params={"country": "PH"})
    assert embassy.status_code == 200, embassy.text
    document = json.loads(embassy.content)
    assert document["country"] == "PH" and document["complaints"] == []
    ftm = client.post("/api/v1/exports/ftm")
    assert ftm.status_code == 200
    log = client.get("/api/v1/exports").json()
    assert [item["kind"] for item in log["items"]] == ["ftm", "embassy"]
    assert log["items"][1]["sha256"] == hashlib.sha256(embassy.content).hexdigest()
    assert client.post("/api/v1/exports/embassy", params={"country": "PHL"}).status_code == 422


def test_investigators_and_the_committee_export_for_embassies_but_not_pam(client_as: ClientAs) -> None:
    for role in (Role.INVESTIGATOR, Role.COMMITTEE):
        embassy = client_as(role).post("/api/v1/exports/embassy", params={"country": "NP"})
        assert embassy.status_code == 200, embassy.text
        assert json.loads(embassy.content)["counts"]["identities_withheld"] == 0
    refused = client_as(Role.PAM_OFFICER).post("/api/v1/exports/embassy", params={"country": "NP"})
    assert refused.status_code == 403
