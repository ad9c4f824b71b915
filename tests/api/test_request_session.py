"""The per-request session: committed before the response if the route succeeds, rolled back if it fails."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import Connection, text

from api import errors
from api.deps import SessionDep
from registry.errors import Conflict


@pytest.fixture
def app_client(connection: Connection) -> Iterator[TestClient]:
    app = FastAPI()
    errors.install(app)

    @app.post("/notes/{text_}")
    def add(session: SessionDep, text_: str) -> dict[str, int]:
        session.execute(text("INSERT INTO request_note (text) VALUES (:t)"), {"t": text_})
        if text_ == "bad":
            raise Conflict("refused after writing")
        return {"rows": int(session.execute(text("SELECT count(*) FROM request_note")).scalar_one())}

    connection.execute(text("CREATE TEMPORARY TABLE request_note (text VARCHAR(20))"))
    with TestClient(app, raise_server_exceptions=False) as test_client:
        yield test_client


def test_a_write_is_kept_when_the_route_succeeds_and_undone_when_it_fails(
    app_client: TestClient, connection: Connection
) -> None:
    assert app_client.post("/notes/one").json() == {"rows": 1}
    failed = app_client.post("/notes/bad")
    assert failed.status_code == 409 and failed.json()["error"] == "conflict"
    assert app_client.post("/notes/two").json() == {"rows": 2}
    kept = connection.execute(text("SELECT text FROM request_note ORDER BY text")).scalars().all()
    assert kept == ["one", "two"]
