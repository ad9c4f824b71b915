"""The engines the registry builds: what a failed statement lets out."""

from __future__ import annotations

import pytest
from sqlalchemy import text
from sqlalchemy.engine import Engine
from sqlalchemy.exc import DBAPIError

from registry.database import build_engine

SECRET = "KS46-WC80-HAEA-4QM7 Sita Example +96550000000"


@pytest.mark.parametrize("backend", ["pg_engine", "sqlite_engine"])
def test_failed_statement_keeps_its_values_out_of_the_error(
    backend: str, request: pytest.FixtureRequest
) -> None:
    engine: Engine = request.getfixturevalue(backend)
    with engine.connect() as conn, pytest.raises(DBAPIError) as caught:
        conn.execute(
            text("SELECT no_such_column FROM complaint WHERE follow_up_code = :code"), {"code": SECRET}
        )
    assert "no_such_column" in str(caught.value)
    assert SECRET not in str(caught.value)
    assert "KS46" not in repr(caught.value)


def test_postgresql_connections_check_that_their_client_still_listens(pg_engine: Engine) -> None:
    # Else a killed import's statement runs on for minutes, holding the locks its re-run waits for.
    with pg_engine.connect() as conn:
        interval = conn.execute(text("SELECT current_setting('client_connection_check_interval')")).scalar()
    assert interval == "5s"


def test_the_client_check_keeps_the_options_of_the_database_url(pg_url: str) -> None:
    engine = build_engine(pg_url + "?options=-c%20statement_timeout%3D1234")
    try:
        with engine.connect() as conn:
            timeout = conn.execute(text("SELECT current_setting('statement_timeout')")).scalar()
            interval = conn.execute(
                text("SELECT current_setting('client_connection_check_interval')")
            ).scalar()
    finally:
        engine.dispose()
    assert (timeout, interval) == ("1234ms", "5s")
