"""Input no honest client sends (lone surrogates, timestamps without a zone or out of range, inspections
no inspector makes) gets a 422 that says why, never a 500 and never a record."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from fastapi.testclient import TestClient
from httpx import Response
from sqlmodel import Session, select

from registry.access import Role
from registry.models.complaint import Complaint
from registry.schemas.dates import kuwait_today
from tests.conftest import ClientAs

REPORT = {"company_name": "Golden Falcon Manpower", "categories": ["WAGE_THEFT"]}
COMPLAINT = {**REPORT, "channel": "hotline"}


def _post(client: TestClient, url: str, body: dict[str, Any]) -> Response:
    # httpx would refuse to encode a lone surrogate: JSON's \u escapes carry it, as a client's would.
    return client.post(url, content=json.dumps(body), headers={"content-type": "application/json"})


def _refused(response: Response, field: str, words: str) -> None:
    assert response.status_code == 422, response.text
    body = response.json()
    assert body["error"] == "invalid_input" and field in body["detail"] and words in body["detail"], body


@pytest.fixture
def inspector(client_as: ClientAs) -> TestClient:
    return client_as(Role.INSPECTOR, "insp.rules")


@pytest.fixture
def inspection(inspector: TestClient) -> dict[str, Any]:
    company = inspector.post("/api/v1/companies", json={"external_id": "IMP-1", "name_en": "Implausible Co."})
    return {
        "company_id": company.json()["id"],
        "inspected_on": "2026-01-10",
        "outcome": "violations_found",
        "findings": [{"violation_code": "PASSPORT_RETENTION", "workers_affected": 2}],
    }


@pytest.mark.parametrize(
    ("field", "value"),
    [("company_name", "\ud800x"), ("what_happened", "\udfff"), ("company_name", "a\udc80")],
)
def test_a_lone_surrogate_in_a_public_report_gets_422(client: TestClient, field: str, value: str) -> None:
    _refused(_post(client, "/api/v1/reports", {**REPORT, field: value}), field, "surrogate")


@pytest.mark.parametrize("code", ["zzz", "xx", "qqa"])
def test_a_language_iso_639_does_not_know_gets_422(client: TestClient, code: str) -> None:
    _refused(_post(client, "/api/v1/reports", {**REPORT, "language": code}), "language", "ISO 639")


@pytest.mark.parametrize("code", ["ar", "tl", "fil", "ne"])
def test_languages_of_kuwaits_workers_are_taken(client: TestClient, code: str) -> None:
    assert _post(client, "/api/v1/reports", {**REPORT, "language": code}).status_code == 201


def test_a_lone_surrogate_in_inspection_notes_gets_422(
    inspector: TestClient, inspection: dict[str, Any]
) -> None:
    _refused(_post(inspector, "/api/v1/inspections", {**inspection, "notes": "\ud800"}), "notes", "surrogate")


def test_a_whole_character_written_as_a_surrogate_pair_is_kept(client: TestClient) -> None:
    assert _post(client, "/api/v1/reports", {**REPORT, "what_happened": "\ud83d\ude00"}).status_code == 201


def test_undecodable_bytes_in_a_name_search_are_no_500(client: TestClient) -> None:
    # A URL cannot carry a lone surrogate: its UTF-8 bytes are read as replacement characters.
    assert client.get("/api/v1/match?name=%ED%A0%80x").status_code in {200, 422}


def test_a_received_at_without_a_time_zone_gets_422(client_as: ClientAs) -> None:
    desk = client_as(Role.INSPECTOR, "insp.desk")
    refused = desk.post("/api/v1/complaints", json={**COMPLAINT, "received_at": "2026-01-01T10:00:00"})
    _refused(refused, "received_at", "time zone")


@pytest.mark.parametrize(
    ("value", "words"),
    [
        ("0001-01-01T01:00:00+14:00", "before 1990"),
        ("1989-12-31T20:59:59Z", "before 1990"),
        ("9999-12-31T23:00:00-05:00", "future"),
        ("in an hour", "future"),
    ],
)
def test_a_received_at_out_of_range_gets_422(client_as: ClientAs, value: str, words: str) -> None:
    desk = client_as(Role.INSPECTOR, "insp.desk")
    if value == "in an hour":  # computed here: xdist workers must collect the same test ids
        value = (datetime.now(UTC) + timedelta(hours=1)).isoformat()
    _refused(desk.post("/api/v1/complaints", json={**COMPLAINT, "received_at": value}), "received_at", words)


def test_a_received_at_with_a_zone_is_stored_in_utc(client_as: ClientAs) -> None:
    desk = client_as(Role.INSPECTOR, "insp.desk")
    created = desk.post("/api/v1/complaints", json={**COMPLAINT, "received_at": "2026-01-01T10:00:00+03:00"})
    assert created.status_code == 201, created.text
    assert datetime.fromisoformat(created.json()["received_at"]) == datetime(2026, 1, 1, 7, tzinfo=UTC)


@pytest.mark.parametrize(
    ("day", "words"),
    [
        ("2099-01-01", "future"),
        ("0001-01-01", "before 1990"),
        ("1989-12-31", "before 1990"),
        ("the day after tomorrow", "future"),
    ],
)
def test_an_inspection_dated_out_of_range_gets_422(
    inspector: TestClient, inspection: dict[str, Any], day: str, words: str
) -> None:
    if day == "the day after tomorrow":  # in Kuwait, computed here for the same test ids in every worker
        day = (kuwait_today() + timedelta(days=2)).isoformat()
    _refused(
        inspector.post("/api/v1/inspections", json={**inspection, "inspected_on": day}), "inspected_on", words
    )


def test_an_inspection_dated_tomorrow_in_kuwait_is_allowed(
    inspector: TestClient, inspection: dict[str, Any]
) -> None:
    tomorrow = (kuwait_today() + timedelta(days=1)).isoformat()
    assert (
        inspector.post("/api/v1/inspections", json={**inspection, "inspected_on": tomorrow}).status_code
        == 201
    )


def test_the_same_violation_code_twice_in_one_inspection_gets_422(
    inspector: TestClient, inspection: dict[str, Any]
) -> None:
    twice = [{"violation_code": "WAGE_THEFT", "workers_affected": 3}] * 2
    _refused(
        inspector.post("/api/v1/inspections", json={**inspection, "findings": twice}), "findings", "once"
    )


def test_violations_found_without_findings_gets_422(
    inspector: TestClient, inspection: dict[str, Any]
) -> None:
    _refused(
        inspector.post("/api/v1/inspections", json={**inspection, "findings": []}), "findings", "at least one"
    )


@pytest.mark.parametrize("blank", ["   ", " \n\t "])
def test_a_blank_narrative_is_stored_as_none(client: TestClient, session: Session, blank: str) -> None:
    receipt = client.post("/api/v1/reports", json={**REPORT, "what_happened": blank})
    assert receipt.status_code == 201, receipt.text
    query = select(Complaint.narrative).where(Complaint.follow_up_code == receipt.json()["follow_up_code"])
    assert session.exec(query).one() is None
