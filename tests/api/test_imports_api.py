from __future__ import annotations

import logging
import shutil
import tempfile
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from registry.access import Role
from registry.repositories import complaint_sql
from registry.services import intake_runs
from tests.conftest import ClientAs, both_backends
from tests.intake_support import LARGE_FILE_ROWS, hundred_megabyte_file, raise_on_matching

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


@both_backends
@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/imports/0",
        f"/api/v1/imports/{2**31}",
        f"/api/v1/imports/{10**30}",
        "/api/v1/imports/x",
        f"/api/v1/imports/{10**30}/rejections",
        f"/api/v1/imports/{10**30}/rejections.csv",
        f"/api/v1/imports/1/rejections?after_line={10**30}",
        f"/api/v1/imports?offset={10**30}",
    ],
)
def test_a_number_the_registry_cannot_hold_is_a_422(client: TestClient, path: str) -> None:
    response = client.get(path)
    assert response.status_code == 422 and response.json()["error"] == "invalid_input"


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


@pytest.fixture
def uploads_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Where uploads are kept while they are imported: a folder of the test's own."""
    folder = tmp_path / "uploads"
    folder.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(folder))
    return folder


def test_a_background_upload_answers_at_once_and_its_batch_tells_the_outcome(
    client: TestClient, uploads_dir: Path
) -> None:
    files = {"file": ("embassy.csv", CSV.encode(), "text/csv")}
    started = client.post("/api/v1/imports/complaints/background", files=files, data={"source": "embassy-PH"})
    assert started.status_code == 202, started.text
    assert (started.json()["status"], started.json()["file_name"]) == ("running", "embassy.csv")
    assert started.headers["location"] == f"/api/v1/imports/{started.json()['id']}"
    # The test client returns once the background work is done; a real client polls the Location.
    batch = client.get(started.headers["location"]).json()
    outcome = (batch["status"], batch["inserted"], batch["rejected"], batch["error"])
    assert outcome == ("completed", 1, 1, None)
    assert list(uploads_dir.iterdir()) == []


def test_a_background_upload_refused_whole_is_refused_at_once(client: TestClient, uploads_dir: Path) -> None:
    bad_header = {"file": ("x.csv", b"a,b\n1,2\n", "text/csv")}
    response = client.post("/api/v1/imports/complaints/background", files=bad_header, data={"source": "x"})
    assert response.status_code == 422 and "missing required column" in response.json()["detail"]
    assert client.get("/api/v1/imports").json()["total"] == 0
    assert list(uploads_dir.iterdir()) == []


def _refuse_on_a_vanished_reference(monkeypatch: pytest.MonkeyPatch) -> None:
    kept = complaint_sql.REFERENCES
    monkeypatch.setattr(complaint_sql, "REFERENCES", {**kept, "name_mention": "SELECT -1 AS id"})


def test_a_background_upload_that_fails_leaves_its_batch_failed_with_the_reason(
    client: TestClient, uploads_dir: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    _refuse_on_a_vanished_reference(monkeypatch)
    files = {"file": ("embassy.csv", CSV.encode(), "text/csv")}
    with caplog.at_level(logging.ERROR, logger="api.routes.imports"):
        started = client.post(
            "/api/v1/imports/complaints/background", files=files, data={"source": "embassy-PH"}
        )
    assert [r for r in caplog.records if r.name == "api.routes.imports"] == []  # a refusal is no fault
    assert started.status_code == 202
    batch = client.get(started.headers["location"]).json()
    assert batch["status"] == "failed" and "name_mention" in batch["error"]
    assert list(uploads_dir.iterdir()) == []


def test_an_upload_that_fails_answers_its_error_and_keeps_no_copy(
    client: TestClient, uploads_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The failed batch itself is checked in tests/registry/services/test_intake_runs.py: here the
    # request's rollback also takes back what the import's own sessions wrote, all on the test's one
    # connection, where in production each has its own.
    _refuse_on_a_vanished_reference(monkeypatch)
    files = {"file": ("embassy.csv", CSV.encode(), "text/csv")}
    response = client.post("/api/v1/imports/complaints", files=files, data={"source": "embassy-PH"})
    assert response.status_code == 409 and "name_mention" in response.json()["detail"]
    assert list(uploads_dir.iterdir()) == []


def test_a_background_upload_stopped_by_the_unforeseen_is_logged_and_kept_failed(
    client: TestClient, uploads_dir: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    raise_on_matching(monkeypatch, RuntimeError("disk on fire"))
    files = {"file": ("embassy.csv", CSV.encode(), "text/csv")}
    with caplog.at_level(logging.ERROR, logger="api.routes.imports"):
        started = client.post("/api/v1/imports/complaints/background", files=files, data={"source": "x"})
    batch = client.get(started.headers["location"]).json()
    assert (batch["status"], batch["error"]) == ("failed", intake_runs.UNEXPECTED)
    assert "disk on fire" in caplog.text and list(uploads_dir.iterdir()) == []


@pytest.mark.parametrize("path", ["/api/v1/imports/complaints", "/api/v1/imports/complaints/background"])
def test_an_upload_that_cannot_be_saved_leaves_nothing_behind(
    client: TestClient, uploads_dir: Path, monkeypatch: pytest.MonkeyPatch, path: str
) -> None:
    def disk_full(*args: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(shutil, "copyfileobj", disk_full)
    files = {"file": ("embassy.csv", CSV.encode(), "text/csv")}
    assert client.post(path, files=files, data={"source": "embassy-PH"}).status_code == 500
    assert list(uploads_dir.iterdir()) == []
