from __future__ import annotations

from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from registry.access import Role
from tests.conftest import ClientAs
from tests.intake_support import LARGE_FILE_ROWS, hundred_megabyte_file

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


def _many_bad_rows(count: int) -> bytes:
    rows = "".join(f"B-{i},2025-13-45,Golden Falcon Manpower,WAGE_THEFT\n" for i in range(count))
    return (CSV + rows).encode()


def test_a_batch_and_all_its_rejected_rows_are_read_back(client: TestClient) -> None:
    files = {"file": ("C:\\exports\\embassy-PH.csv", _many_bad_rows(1100), "text/csv")}
    upload = client.post("/api/v1/imports/complaints", files=files, data={"source": "embassy-PH"}).json()
    assert upload["rejected"] == 1101 and len(upload["rejections"]) == 1000
    batch_id = upload["batch_id"]
    listed = client.get("/api/v1/imports", params={"kind": "complaints", "source": "embassy-PH"}).json()
    assert listed["total"] == 1 and listed["items"][0]["file_name"] == "embassy-PH.csv"
    batch = client.get(f"/api/v1/imports/{batch_id}").json()
    assert (batch["status"], batch["inserted"], batch["rejected"]) == ("completed", 1, 1101)
    page = client.get(f"/api/v1/imports/{batch_id}/rejections", params={"after_line": 1000, "limit": 5000})
    assert page.status_code == 200 and page.json()["next_after_line"] is None
    assert [r["line"] for r in page.json()["items"]] == list(range(1001, 1104))
    download = client.get(f"/api/v1/imports/{batch_id}/rejections.csv")
    assert download.status_code == 200 and download.headers["content-type"].startswith("text/csv")
    assert "attachment" in download.headers["content-disposition"]
    lines = download.text.splitlines()
    assert lines[0] == "line,column,reason" and len(lines) == 1102 and lines[1].startswith("3,received_on,")


@pytest.mark.parametrize(
    "path",
    ["/api/v1/imports/424242", "/api/v1/imports/424242/rejections", "/api/v1/imports/424242/rejections.csv"],
)
def test_an_unknown_batch_is_a_404(client: TestClient, path: str) -> None:
    response = client.get(path)
    assert response.status_code == 404 and response.json()["error"] == "not_found"


@pytest.mark.parametrize("batch_id", ["0", str(2**31), str(10**30), "x"])
def test_a_batch_id_the_registry_cannot_hold_is_a_422(client: TestClient, batch_id: str) -> None:
    assert client.get(f"/api/v1/imports/{batch_id}").status_code == 422


def test_only_admins_read_batches(client_as: ClientAs) -> None:
    for role in (Role.INSPECTOR, Role.INVESTIGATOR, Role.PAM_OFFICER, Role.COMMITTEE):
        assert client_as(role).get("/api/v1/imports").status_code == 403


def test_a_hundred_megabyte_upload_is_taken_whole(client: TestClient, tmp_path: Path) -> None:
    path = hundred_megabyte_file(tmp_path)
    with path.open("rb") as handle:
        files = {"file": ("moi-large.csv", handle, "text/csv")}
        response = client.post("/api/v1/imports/complaints", files=files, data={"source": "MOI"})
    assert response.status_code == 201, response.text[:300]
    assert (response.json()["inserted"], response.json()["rejected"]) == (LARGE_FILE_ROWS, 0)
