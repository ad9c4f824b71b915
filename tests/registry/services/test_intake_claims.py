"""Two runs of one file at once, on a PostgreSQL database of its own (these runs commit for real)."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import Engine

from registry.database import session_factory, session_scope
from registry.errors import Conflict
from registry.repositories import imports as import_repo
from registry.services import import_batches, intake_runs, intake_sql
from registry.services.intake_import import IntakeKind, IntakeRequest
from registry.services.name_index import name_index
from tests.conftest import own_database

HEADER = "source_ref,received_on,company_name,categories\n"


@pytest.fixture(scope="module")
def committing_engine() -> Iterator[Engine]:
    with own_database("registry_claims") as engine:
        yield engine


@pytest.fixture
def bound(committing_engine: Engine) -> Iterator[None]:
    session_factory.bind(committing_engine)
    name_index.reset()
    try:
        yield
    finally:
        session_factory.reset()
        name_index.reset()


def _request(tmp_path: Path, name: str, rows: str) -> IntakeRequest:
    path = tmp_path / name
    path.write_text(HEADER + rows, encoding="utf-8")
    return IntakeRequest(path, IntakeKind.COMPLAINTS, "MOI", "tester")


def _batch(batch_id: int) -> Any:
    with session_scope() as session:
        return import_batches.get(session, batch_id=batch_id)


def test_a_second_run_of_a_file_being_imported_is_refused_and_leaves_the_first_alone(
    bound: None, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    request = _request(tmp_path, "a.csv", "C-1,2025-03-01,Some Office,WAGE_THEFT\n")
    inside, go_on = threading.Event(), threading.Event()
    real = intake_sql.resolve_spellings

    def held_up(*args: Any, **kwargs: Any) -> Any:
        inside.set()
        assert go_on.wait(30)
        return real(*args, **kwargs)

    monkeypatch.setattr(intake_sql, "resolve_spellings", held_up)
    results: list[Any] = []
    first = threading.Thread(target=lambda: results.append(intake_runs.run_import(request)))
    first.start()
    try:
        assert inside.wait(30)
        with pytest.raises(Conflict, match="being imported now"):
            intake_runs.run_import(request)
        batch_id = intake_runs.begin_import(request).id or 0
        during = _batch(batch_id)
        assert (during.status, during.running_now, during.error) == ("running", True, None)
    finally:
        go_on.set()
        first.join(30)
    after = _batch(batch_id)
    assert results[0].inserted == 1
    assert (after.status, after.running_now, after.error, after.inserted) == ("completed", None, None, 1)


def test_a_running_batch_no_run_holds_says_so(bound: None, committing_engine: Engine, tmp_path: Path) -> None:
    request = _request(tmp_path, "b.csv", "D-1,2025-03-01,Some Office,WAGE_THEFT\n")
    # As a run killed after opening its batch leaves it; a claim on the same id in another database
    # of the server is no claim on it.
    batch = intake_runs.begin_import(request)
    elsewhere = create_engine(committing_engine.url.set(database="postgres"))
    with elsewhere.connect() as other:
        other.execute(
            text("SELECT pg_advisory_lock(:c, :id)"), {"c": import_repo.CLAIM_CLASS, "id": batch.id}
        )
        assert _batch(batch.id or 0).running_now is False
    elsewhere.dispose()
    assert intake_runs.run_import(request).inserted == 1
    assert _batch(batch.id or 0).status == "completed"
