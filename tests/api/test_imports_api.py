from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from registry.access import Role
from tests.conftest import ClientAs

CSV = (
    "source_ref,received_on,company_name,categories\n"
    "E-1,2025-02-01,Golden Falcon Manpower,WAGE_THEFT\n"
    "E-2,31/02/2025,Golden Falcon Manpower,WAGE_THEFT\n"
)


@pytest.fixture
def client(client_as: ClientAs) -> TestClient:
    """Files from other authorities are loaded by admins."""
    return client_as(Role.ADMIN)


def test_upload_a_complaint_file_twice(client: TestClient) -> None:
    files = {"file": ("embassy.csv", CSV.encode(), "text/csv")}
    first = client.post("/api/v1/imports/complaints", files=files, data={"source": "embassy-PH"})
    assert first.status_code == 201, first.text
    body = first.json()
    assert (body["inserted"], body["rejected"]) == (1, 1)
    assert body["rejections"][0]["line"] == 3 and body["rejections"][0]["column"] == "received_on"
    again = client.post("/api/v1/imports/complaints", files=files, data={"source": "embassy-PH"}).json()
    assert again["already_imported"] and again["inserted"] == 1


def test_upload_errors_are_clean(client: TestClient) -> None:
    bad_header = {"file": ("x.csv", b"a,b\n1,2\n", "text/csv")}
    response = client.post("/api/v1/imports/complaints", files=bad_header, data={"source": "x"})
    assert response.status_code == 422 and "missing required column" in response.json()["detail"]
    assert client.post("/api/v1/imports/complaints", data={"source": "x"}).status_code == 422
    assert client.post("/api/v1/imports/nonsense", files=bad_header, data={"source": "x"}).status_code == 422
