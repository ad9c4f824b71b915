"""Statistics and the research export over HTTP; job runs over HTTP."""

from __future__ import annotations

import io

from openpyxl import load_workbook
from sqlmodel import Session

from registry.access import Role
from tests.conftest import ClientAs
from tests.statistics_support import IDENTITIES, YEAR, small_year


def test_annual_statistics_and_exports(client_as: ClientAs, session: Session) -> None:
    client = client_as(Role.COMMITTEE)
    small_year(session)
    body = client.get("/api/v1/statistics/annual", params={"year": YEAR}).json()
    assert body["complaints"]["total"] == 13 and body["visa_checks"]["refused"] == 2
    assert {i["pillar"] for i in body["indicators"]} == {
        "prevention",
        "protection",
        "prosecution",
        "cooperation",
    }
    csv = client.get(f"/api/v1/statistics/research/complaints_by_month_channel.csv?year={YEAR}")
    assert csv.status_code == 200 and csv.headers["content-type"].startswith("text/csv")
    assert not any(identity in csv.text for identity in IDENTITIES)
    book = client.get("/api/v1/statistics/research.xlsx", params={"year": YEAR})
    assert book.status_code == 200 and "about" in load_workbook(io.BytesIO(book.content)).sheetnames
    assert client.get(f"/api/v1/statistics/research/nope.csv?year={YEAR}").status_code == 404
    assert client.get("/api/v1/statistics/annual", params={"year": 1800}).status_code == 422


def test_job_runs_are_listed(client_as: ClientAs, session: Session) -> None:
    client = client_as(Role.COMMITTEE)
    from datetime import UTC, datetime

    from registry.services import job_runs

    run = job_runs.queue(session, job="expire_listings", at=datetime(2026, 3, 1, tzinfo=UTC))
    session.flush()
    page = client.get("/api/v1/jobs/runs", params={"job": "expire_listings"}).json()
    assert page["total"] == 1 and page["items"][0]["state"] == "queued"
    assert client.get(f"/api/v1/jobs/runs/{run.id}").json()["job"] == "expire_listings"
    assert client.get("/api/v1/jobs/runs/999999").status_code == 404
    assert client.get("/api/v1/jobs/runs", params={"state": "bogus"}).status_code == 422
