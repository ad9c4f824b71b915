"""An unforeseen database error reaches the log without the values the server's message quotes."""

from __future__ import annotations

import pytest
from sqlalchemy import text
from sqlalchemy.engine import Engine
from sqlalchemy.exc import DBAPIError

from api.errors import _told

SECRET = "KS46-WC80-HAEA-4QM7 Sita"


def test_a_unique_violation_is_logged_by_code_and_constraint_not_by_the_key(pg_engine: Engine) -> None:
    with pg_engine.connect() as conn, pytest.raises(DBAPIError) as caught:
        conn.execute(text("CREATE TEMP TABLE t (x text CONSTRAINT uq_t_x UNIQUE)"))
        conn.execute(text("INSERT INTO t VALUES (:v), (:v)"), {"v": SECRET})
    assert SECRET in str(caught.value.orig)  # the server's own message quotes the key
    told = _told(caught.value.orig)
    assert "23505" in told and "uq_t_x" in told and SECRET not in told
