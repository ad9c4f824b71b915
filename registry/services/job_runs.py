"""The job-run record: each slot of each job is claimed once, finished once, and fenced by epoch.

A run's work commits in the same transaction as its `succeeded` mark, and that mark is written only
while the run still belongs to the epoch that claimed it. So a slot's work is committed at most once,
even if a deposed leader is still working when a new one re-runs the slot; and a run interrupted
midway left nothing committed, so running it again is safe.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from datetime import datetime
from typing import Any

from sqlmodel import Session

from registry.errors import Conflict, NotFound
from registry.models.job import JobRun, RunState, RunTrigger
from registry.repositories import jobs as job_repo
from registry.schemas.jobs import JobRunPage, JobRunRead

MAX_ERROR = 4000


class LostLease(Conflict):
    """The run was taken over by a newer leader; this attempt's work must not commit."""


def claim(
    session: Session,
    *,
    job: str,
    slot: datetime,
    trigger: RunTrigger,
    runner: str,
    epoch: int,
    now: datetime,
    max_attempts: int,
) -> int | None:
    """Claim JOB's SLOT for this runner: the run id, or None when the slot is done or taken."""
    started = {"state": RunState.RUNNING, "epoch": epoch, "runner": runner, "started_at": now}
    new = job_repo.insert_run(
        session,
        {"job": job, "scheduled_for": slot, "trigger": trigger, "attempts": 1, "counts": {}, **started},
    )
    if new is not None:
        return new
    again = {**started, "finished_at": None, "error": None}
    return job_repo.reclaim_run(
        session, job=job, slot=slot, epoch=epoch, max_attempts=max_attempts, values=again
    )


def succeed(session: Session, *, run_id: int, epoch: int, counts: Mapping[str, Any], now: datetime) -> None:
    """Mark the run succeeded in the work's own transaction; LostLease if a newer leader took it."""
    values = {"state": RunState.SUCCEEDED, "finished_at": now, "counts": dict(counts), "error": None}
    if not job_repo.settle_run(session, run_id=run_id, epoch=epoch, values=values):
        raise LostLease(f"run {run_id} was taken over by a newer leader; its work is rolled back")


def fail(
    session: Session,
    *,
    run_id: int,
    epoch: int,
    error: str,
    now: datetime,
    counts: Mapping[str, Any] | None = None,
) -> bool:
    """Mark the run failed with ERROR; False when it is no longer this epoch's to mark."""
    values = {
        "state": RunState.FAILED,
        "finished_at": now,
        "error": error[:MAX_ERROR],
        "counts": dict(counts or {}),
    }
    return job_repo.settle_run(session, run_id=run_id, epoch=epoch, values=values)


def to_resume(
    session: Session, *, epoch: int, in_flight: Collection[int], max_attempts: int, since: datetime
) -> Sequence[JobRun]:
    """Runs a leader must (re)start: queued ones, interrupted ones, failed ones with attempts left."""
    return job_repo.to_resume(session, epoch=epoch, mine=in_flight, max_attempts=max_attempts, since=since)


def queue(session: Session, *, job: str, at: datetime) -> JobRun:
    """Ask the leader to run JOB now (at its next heartbeat); the queued run."""
    values = {"job": job, "scheduled_for": at, "trigger": RunTrigger.MANUAL, "state": RunState.QUEUED}
    if job_repo.insert_run(session, {**values, "attempts": 0, "epoch": 0, "counts": {}}) is None:
        raise Conflict(f"{job} already has a run for {at.isoformat()}")
    found = job_repo.get_run(session, job=job, slot=at)
    assert found is not None
    return found


def abandon(session: Session, *, run_id: int, epoch: int, why: str, now: datetime) -> None:
    """Close a run that will not be resumed (past its grace time), saying why."""
    values = {"state": RunState.FAILED, "finished_at": now, "error": why[:MAX_ERROR], "epoch": epoch}
    job_repo.close_run(session, run_id=run_id, values=values)


def last_success(session: Session, *, job: str) -> JobRun | None:
    """JOB's latest successful run, or None."""
    return job_repo.last_success(session, job)


def history(session: Session, *, job: str | None, state: str | None, limit: int, offset: int) -> JobRunPage:
    """Runs, newest slot first, filtered by job and state."""
    rows, total = job_repo.page(session, job=job, state=state, limit=limit, offset=offset)
    return JobRunPage(items=[JobRunRead.model_validate(row) for row in rows], total=total)


def get(session: Session, *, run_id: int) -> JobRunRead:
    """One run, or NotFound."""
    run = session.get(JobRun, run_id)
    if run is None:
        raise NotFound(f"no job run {run_id}")
    return JobRunRead.model_validate(run)
