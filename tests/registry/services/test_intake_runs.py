from __future__ import annotations

from pathlib import Path

import pytest
from sqlmodel import Session, select

from registry.errors import Conflict, InvalidInput
from registry.models.import_batch import ImportBatch
from registry.models.types import utcnow
from registry.repositories import complaint_sql
from registry.repositories import imports as import_repo
from registry.services import import_batches, intake_runs
from registry.services.intake_import import IntakeKind, IntakeRequest
from tests.conftest import both_backends
from tests.intake_support import raise_on_matching

HEADER = "source_ref,received_on,company_name,categories\n"
ROWS = "R-1,2025-03-01,Some Office,WAGE_THEFT\nR-2,2025-03-02,Other Office,DECEPTION\n"


def _request(tmp_path: Path, body: str = ROWS, header: str = HEADER) -> IntakeRequest:
    path = tmp_path / "moi.csv"
    path.write_text(header + body, encoding="utf-8")
    return IntakeRequest(path, IntakeKind.COMPLAINTS, "MOI", "tester")


def _batch(session: Session) -> ImportBatch:
    session.expire_all()
    return session.exec(select(ImportBatch)).one()


def test_a_refused_file_is_marked_failed_with_the_reason_and_a_rerun_completes_it(
    session: Session, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    request = _request(tmp_path)
    kept = complaint_sql.REFERENCES
    monkeypatch.setattr(complaint_sql, "REFERENCES", {**kept, "name_mention": "SELECT -1 AS id"})
    with pytest.raises(Conflict) as refused:
        intake_runs.run_import(request)
    failed = _batch(session)
    assert (failed.status, failed.error) == ("failed", refused.value.detail)
    assert failed.finished_at is not None and failed.inserted == 0
    monkeypatch.setattr(complaint_sql, "REFERENCES", kept)
    assert intake_runs.run_import(request).inserted == 2
    done = _batch(session)
    assert (done.status, done.error, done.inserted, done.id) == ("completed", None, 2, failed.id)


@pytest.mark.parametrize(
    ("error", "kept"),
    [(RuntimeError("disk on fire"), intake_runs.UNEXPECTED), (KeyboardInterrupt(), intake_runs.INTERRUPTED)],
)
def test_an_unforeseen_stop_is_kept_without_its_details(
    session: Session,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    error: BaseException,
    kept: str,
) -> None:
    raise_on_matching(monkeypatch, error)
    with pytest.raises(type(error)):
        intake_runs.run_import(_request(tmp_path))
    batch = _batch(session)
    assert (batch.status, batch.error) == ("failed", kept)


@both_backends
def test_a_file_refused_whole_leaves_no_batch(session: Session, tmp_path: Path) -> None:
    with pytest.raises(InvalidInput, match="missing required column"):
        intake_runs.run_import(_request(tmp_path, header="source_ref,company_name\n", body="R-1,X\n"))
    with pytest.raises(InvalidInput):
        intake_runs.begin_import(_request(tmp_path, header="source_ref,company_name\n", body="R-1,X\n"))
    assert session.exec(select(ImportBatch)).all() == []


@both_backends
def test_begin_opens_the_batch_and_the_run_completes_that_same_batch(
    session: Session, tmp_path: Path
) -> None:
    request = _request(tmp_path)
    begun = intake_runs.begin_import(request)
    assert begun.status == "running" and begun.file_name == "moi.csv"
    summary = intake_runs.run_import(request)
    assert summary.batch_id == begun.id and _batch(session).status == "completed"


def test_a_failed_batch_run_again_is_running_with_no_error_or_end_until_it_ends(
    session: Session, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    request = _request(tmp_path)
    raise_on_matching(monkeypatch, RuntimeError("disk on fire"))
    with pytest.raises(RuntimeError):
        intake_runs.run_import(request)
    restarted = intake_runs.begin_import(request)
    assert (restarted.status, restarted.error, restarted.finished_at) == ("running", None, None)


@both_backends
def test_a_completed_batch_is_never_marked_failed(session: Session, tmp_path: Path) -> None:
    batch_id = intake_runs.run_import(_request(tmp_path)).batch_id
    import_repo.mark_failed(session, batch_id, error="late news", at=utcnow())
    done = _batch(session)
    assert (done.status, done.error) == ("completed", None)


# On PostgreSQL one connection holds its claims again (advisory locks are re-entrant): two runs of
# one file there are in test_intake_claims.py, each with a connection of its own.
@pytest.mark.parametrize("engine", ["sqlite"], indirect=True)
def test_a_file_another_run_holds_is_refused_without_touching_its_batch(
    session: Session, tmp_path: Path
) -> None:
    request = _request(tmp_path)
    batch_id = intake_runs.begin_import(request).id or 0
    with intake_runs._claim(batch_id), pytest.raises(Conflict, match="being imported now"):
        intake_runs.run_import(request)
    assert (_batch(session).status, _batch(session).error) == ("running", None)
    assert intake_runs.run_import(request).inserted == 2


@pytest.mark.parametrize("engine", ["sqlite"], indirect=True)
def test_sqlite_cannot_tell_whether_a_running_batch_has_a_run(session: Session, tmp_path: Path) -> None:
    batch_id = intake_runs.begin_import(_request(tmp_path)).id or 0
    assert import_batches.get(session, batch_id=batch_id).running_now is None
