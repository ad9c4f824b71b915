"""Two real API processes over one PostgreSQL database: a name added through one is found by the other,
whose in-memory name index catches up from the name change log."""

from __future__ import annotations

import socket
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from sqlmodel import Session

from registry import migrations
from registry.access import Role
from registry.database import build_engine
from registry.models.types import utcnow
from registry.schemas.account import KeyIn
from registry.services import accounts
from tests.conftest import create_database, drop_database
from tests.process_support import Proc, wait_for

pytestmark = [pytest.mark.postgres, pytest.mark.slow]
ALIAS = "Star of the Desert Manpower Supply"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture
def servers(tmp_path: Path) -> Iterator[tuple[str, str, dict[str, str]]]:
    url = create_database("registry_scaling")
    migrations.upgrade(url=url)
    env = {"DATABASE_URL": url, "REGISTRY_DATA_DIR": str(tmp_path / "data")}
    ports = [_free_port(), _free_port()]
    procs = [
        Proc(["serve", "--port", str(port)], env=env, log=tmp_path / f"serve-{port}.log") for port in ports
    ]
    bases = [f"http://127.0.0.1:{port}" for port in ports]
    try:
        for base in bases:
            wait_for(lambda b=base: _healthy(b), timeout=60, what=f"{base} to answer")
        yield bases[0], bases[1], _admin_headers(url)
    finally:
        for proc in procs:
            proc.stop()
        drop_database(url)


def _admin_headers(url: str) -> dict[str, str]:
    """A committed admin token in the servers' database."""
    engine = build_engine(url)
    try:
        with Session(engine) as session:
            key = KeyIn(name="scaling test", role=Role.ADMIN)
            issued = accounts.issue_key(session, data=key, actor="test", now=utcnow())
            session.commit()
    finally:
        engine.dispose()
    return {"Authorization": f"Bearer {issued.token}"}


def _healthy(base: str) -> bool:
    try:
        return httpx.get(f"{base}/healthz", timeout=2).status_code == 200
    except httpx.HTTPError:
        return False


def test_a_name_added_through_one_server_is_matched_by_the_other(
    servers: tuple[str, str, dict[str, str]],
) -> None:
    first, second, headers = servers
    company = {
        "external_id": "SCALE-1",
        "name_en": "Behbehani Cleaning Co.",
        "activity": "cleaning",
        "governorate": "hawalli",
    }
    created = httpx.post(f"{first}/api/v1/companies", json=company, headers=headers, timeout=30)
    assert created.status_code == 201, created.text
    company_id = created.json()["id"]
    before = httpx.get(f"{second}/api/v1/match", params={"name": ALIAS}, timeout=30).json()
    assert before["company_id"] != company_id, "the second server built its index before the alias existed"
    added = httpx.post(
        f"{first}/api/v1/companies/{company_id}/names", json={"text": ALIAS}, headers=headers, timeout=30
    )
    assert added.status_code == 201, added.text
    after = httpx.get(f"{second}/api/v1/match", params={"name": ALIAS}, timeout=30).json()
    assert (after["decision"], after["company_id"]) == ("match", company_id)
