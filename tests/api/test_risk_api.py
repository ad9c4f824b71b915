from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlmodel import Session

from registry.access import Role
from registry.services import risk
from tests.conftest import ClientAs
from tests.risk_support import Visit, add_companies, add_inspections

AS_OF = datetime(2025, 6, 1, tzinfo=UTC)


@pytest.fixture
def risk_client(client_as: ClientAs) -> TestClient:
    """Risk scores and priorities are for inspectors (and investigators, the committee, admins)."""
    return client_as(Role.INSPECTOR)


def _seed(session: Session, tmp_path: Path) -> list[int]:
    ids = add_companies(session, [{} for _ in range(12)])
    add_inspections(session, [Visit(ids[0], date(2025, 5, 1), (("DEBT_BONDAGE", "critical", 3),))])
    risk.rescore(session, as_of=datetime(2025, 1, 1, tzinfo=UTC), only_changed=False, model_dir=tmp_path)
    risk.rescore(session, as_of=AS_OF, only_changed=False, model_dir=tmp_path)
    session.commit()
    return ids


def test_company_risk_shows_reasons_in_both_languages_and_history(
    risk_client: TestClient, session: Session, tmp_path: Path
) -> None:
    ids = _seed(session, tmp_path)
    body = risk_client.get(f"/api/v1/companies/{ids[0]}/risk").json()
    assert body["company_id"] == ids[0] and body["external_id"].startswith("RISK-")
    latest = body["latest"]
    assert latest["tier"] == "critical" and latest["recommend_listing"] is True
    assert latest["source"] == "points_only" and latest["score"] is None and latest["fallback_reason"]
    reason = latest["point_reasons"][0]
    assert set(reason) == {"code", "text_en", "text_ar", "weight"} and "debt bondage" in reason["text_en"]
    assert reason["text_ar"] != reason["text_en"]
    assert [h["computed_at"][:10] for h in body["history"]] == ["2025-06-01", "2025-01-01"]
    assert [h["tier"] for h in body["history"]] == ["critical", "low"]


def test_company_risk_of_an_unknown_or_unscored_company(risk_client: TestClient, session: Session) -> None:
    missing = risk_client.get("/api/v1/companies/987654321/risk")
    assert missing.status_code == 404 and missing.json()["error"] == "not_found"
    (fresh,) = add_companies(session, [{}])
    session.commit()
    body = risk_client.get(f"/api/v1/companies/{fresh}/risk").json()
    assert body["latest"] is None and body["history"] == []


def test_priorities_list(risk_client: TestClient, session: Session, tmp_path: Path) -> None:
    ids = _seed(session, tmp_path)
    body = risk_client.get("/api/v1/risk/priorities", params={"count": 10, "random_share": 0.2}).json()
    assert body["ranked_by"] == "points" and body["random_share"] == 0.2 and body["random_count"] == 2
    items = body["items"]
    assert [i["rank"] for i in items] == list(range(1, 11))
    assert items[0]["company_id"] == ids[0] and items[0]["reason"] == "risk"
    assert sum(i["reason"] == "random" for i in items) == 2
    assert set(items[0]) >= {"external_id", "name_en", "name_ar", "score", "points", "tier"}
    again = risk_client.get("/api/v1/risk/priorities", params={"count": 10, "random_share": 0.2}).json()
    assert again["items"] == items


def test_priorities_refuse_bad_parameters(risk_client: TestClient) -> None:
    for params in ({"count": 0}, {"random_share": 1.5}, {"count": "many"}):
        response = risk_client.get("/api/v1/risk/priorities", params=params)
        assert response.status_code == 422 and response.json()["error"] == "invalid_input"
