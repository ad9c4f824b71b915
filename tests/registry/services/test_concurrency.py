"""Concurrent writers on real PostgreSQL connections: optimistic locking never loses a write."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator

import pytest
from sqlalchemy import Engine

from registry.database import build_engine, session_factory, session_scope
from registry.errors import Conflict
from registry.schemas.company import CompanyUpdate
from registry.services import companies as service
from tests.conftest import own_database
from tests.factories import company_data

WRITERS = 8


@pytest.fixture(scope="module")
def committing_engine() -> Iterator[Engine]:
    """A database of its own, because these tests commit for real."""
    with own_database("registry_concurrency") as engine:
        yield engine


@pytest.fixture
def bound(committing_engine: Engine) -> Iterator[int]:
    session_factory.bind(committing_engine)
    try:
        with session_scope() as session:
            company = service.create_company(session, data=company_data(sponsored_workers=0))
        yield company.id or 0
    finally:
        session_factory.reset()


def _run_together(work: Callable[[int], None]) -> None:
    barrier = threading.Barrier(WRITERS)

    def start(i: int) -> None:
        barrier.wait()
        work(i)

    threads = [threading.Thread(target=start, args=(i,)) for i in range(WRITERS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)


def test_same_version_writers_one_wins_the_rest_get_conflict(bound: int) -> None:
    outcomes: list[str] = []

    def write(i: int) -> None:
        try:
            with session_scope() as session:
                service.update_company(
                    session, company_id=bound, data=CompanyUpdate(version=1, address=f"w{i}")
                )
            outcomes.append(f"w{i}")
        except Conflict:
            outcomes.append("conflict")

    _run_together(write)
    winners = [o for o in outcomes if o != "conflict"]
    assert len(outcomes) == WRITERS and len(winners) == 1
    with session_scope() as session:
        company = service.get_company(session, company_id=bound)
        assert (company.address, company.version) == (winners[0], 2)


def test_retrying_writers_never_lose_an_increment(bound: int) -> None:
    def increment(_: int) -> None:
        for _attempt in range(200):
            try:
                with session_scope() as session:
                    company = service.get_company(session, company_id=bound)
                    update = CompanyUpdate(
                        version=company.version, sponsored_workers=(company.sponsored_workers or 0) + 1
                    )
                    service.update_company(session, company_id=bound, data=update)
                return
            except Conflict:
                continue

    _run_together(increment)
    with session_scope() as session:
        company = service.get_company(session, company_id=bound)
        assert company.sponsored_workers == WRITERS
        assert company.version == WRITERS + 1


def test_build_engine_pings_connections(committing_engine: Engine) -> None:
    assert build_engine(str(committing_engine.url)).pool._pre_ping  # type: ignore[attr-defined]
