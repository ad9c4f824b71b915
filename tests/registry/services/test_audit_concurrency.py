"""Concurrent writers on real connections (PostgreSQL, and a SQLite file) never fork the audit chain."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine, text

from registry import migrations
from registry.access import Role
from registry.database import build_engine, session_factory, session_scope
from registry.models.types import utcnow
from registry.services import audit
from registry.services.audit import AuditEntry, Outcome, verify_chain
from tests.access_support import bearer, issue_token
from tests.conftest import own_database

WRITERS = 4
EVENTS_EACH = 40


@pytest.fixture(scope="module")
def pg_committing() -> Iterator[Engine]:
    """A PostgreSQL database of its own, because these tests commit for real."""
    with own_database("registry_audit") as engine:
        yield engine


@pytest.fixture
def sqlite_committing(tmp_path: Path) -> Iterator[Engine]:
    url = f"sqlite:///{tmp_path / 'audit.db'}"
    migrations.upgrade(url=url)
    engine = build_engine(url)
    yield engine
    engine.dispose()


@contextmanager
def _bound(engine: Engine) -> Iterator[Engine]:
    session_factory.bind(engine)
    try:
        yield engine
    finally:
        session_factory.reset()


def _together(work: Callable[[int], None], writers: int = WRITERS) -> list[BaseException]:
    barrier, failures = threading.Barrier(writers), []

    def start(i: int) -> None:
        barrier.wait()
        try:
            work(i)
        except BaseException as exc:  # collected and asserted on by the caller
            failures.append(exc)

    threads = [threading.Thread(target=start, args=(i,)) for i in range(writers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return failures


def _append_many(writer: int) -> None:
    for n in range(EVENTS_EACH):
        with session_scope() as session:
            entry = AuditEntry(
                actor=f"w{writer}", role="inspector", action="test", outcome=Outcome.OK, object_id=str(n)
            )
            audit.append(session, entry=entry, now=utcnow())


def _chain_of(engine: Engine) -> tuple[list[int], int]:
    with engine.connect() as conn:
        seqs = [row[0] for row in conn.execute(text("SELECT seq FROM audit_event ORDER BY seq"))]
        forks = conn.execute(
            text("SELECT count(*) - count(DISTINCT prev_hash) FROM audit_event")
        ).scalar_one()
    return seqs, int(forks)


@pytest.mark.parametrize("backend", ["postgresql", "sqlite"])
def test_concurrent_writers_append_one_after_another(backend: str, request: pytest.FixtureRequest) -> None:
    engine: Engine = request.getfixturevalue(
        "pg_committing" if backend == "postgresql" else "sqlite_committing"
    )
    with _bound(engine):
        with session_scope() as session:
            before = verify_chain(session).events
        assert _together(_append_many) == []
        with session_scope() as session:
            report = verify_chain(session)
    seqs, forks = _chain_of(engine)
    assert report.intact and report.events == before + WRITERS * EVENTS_EACH
    assert seqs == list(range(1, len(seqs) + 1)) and forks == 0


def test_concurrent_requests_on_postgresql_keep_the_chain(pg_committing: Engine) -> None:
    """Allowed reads (audited in the request's transaction) and denials (audited apart) at once."""
    from api.app import create_app

    with _bound(pg_committing):
        investigator, pam = (
            bearer(issue_token(Role.INVESTIGATOR, "inv.c")),
            bearer(issue_token(Role.PAM_OFFICER, "pam.c")),
        )
        app = create_app()
        report = {"company_name": "Concurrent Co.", "categories": ["WAGE_THEFT"], "channel": "hotline"}
        complaint = TestClient(app).post("/api/v1/complaints", json=report, headers=investigator).json()["id"]
        statuses: list[int] = []

        def work(i: int) -> None:
            client = TestClient(app, raise_server_exceptions=False)
            for _n in range(5):
                reply = client.get(f"/api/v1/complaints/{complaint}", headers=investigator if i % 2 else pam)
                statuses.append(reply.status_code)

        assert _together(work) == []
        with session_scope() as session:
            chain = verify_chain(session)
    assert sorted(set(statuses)) == [200, 403] and len(statuses) == WRITERS * 5
    assert chain.intact and _chain_of(pg_committing)[1] == 0
