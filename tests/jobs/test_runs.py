"""The job-run record: a slot is claimed once, done once, fenced by epoch, and resumable."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlmodel import Session, select

from jobs.catalog import JobSpec
from jobs.runner import Lead, as_counts, run_slot
from registry.models.job import JobRun, RunState, RunTrigger
from registry.services import job_lease, job_runs
from tests.conftest import both_backends
from tests.jobs_support import LEAD, job_settings

SLOT = datetime(2026, 3, 1, 10, 5, tzinfo=UTC)
NOW = SLOT + timedelta(seconds=2)


def _claim(session: Session, *, epoch: int = 1, slot: datetime = SLOT) -> int | None:
    return job_runs.claim(
        session, job="demo", slot=slot, trigger=RunTrigger.SCHEDULE, runner=f"r{epoch}", epoch=epoch,
        now=NOW, max_attempts=3,
    )  # fmt: skip


def _spec(work: Any) -> JobSpec:
    return JobSpec("demo", work, "every:60", timedelta(minutes=5), True, "a test job")


@both_backends
def test_a_slot_is_claimed_once_and_done_once(session: Session) -> None:
    run_id = _claim(session)
    assert run_id is not None
    job_runs.succeed(session, run_id=run_id, epoch=1, counts={"n": 3}, now=NOW)
    assert _claim(session) is None and _claim(session, epoch=2) is None, "a finished slot never runs again"
    run = session.get(JobRun, run_id)
    assert run is not None and (run.state, run.attempts, run.counts) == (RunState.SUCCEEDED, 1, {"n": 3})


def test_a_leftover_of_this_epoch_is_resumed_not_duplicated(session: Session) -> None:
    # The runner holds the job's lock in its process, so a run of its own epoch still marked
    # running is what a dead attempt left behind: claiming it again resumes the same row.
    first = _claim(session)
    assert _claim(session) == first
    assert session.get(JobRun, first).attempts == 2  # type: ignore[arg-type, union-attr]
    assert _claim(session, epoch=0) is None, "an older epoch never takes a slot back"


@both_backends
def test_a_deposed_leader_cannot_finish_a_slot_a_new_leader_took_over(session: Session) -> None:
    first = _claim(session, epoch=1)
    second = _claim(session, epoch=2)
    assert first == second and first is not None
    with pytest.raises(job_runs.LostLease):
        job_runs.succeed(session, run_id=first, epoch=1, counts={}, now=NOW)
    job_runs.succeed(session, run_id=first, epoch=2, counts={}, now=NOW)
    run = session.get(JobRun, first)
    assert run is not None and run.attempts == 2 and run.runner == "r2"


@both_backends
def test_failed_slots_are_retried_until_attempts_run_out(session: Session) -> None:
    run_id = _claim(session)
    assert run_id is not None
    for attempt in (2, 3):
        assert job_runs.fail(session, run_id=run_id, epoch=1, error="boom", now=NOW)
        assert _claim(session) == run_id
        assert session.get(JobRun, run_id).attempts == attempt  # type: ignore[union-attr]
    job_runs.fail(session, run_id=run_id, epoch=1, error="boom", now=NOW)
    assert _claim(session) is None


@both_backends
def test_work_and_its_success_commit_together_or_not_at_all(session: Session, tmp_path: Path) -> None:
    def broken(db: Session, ctx: Any) -> dict[str, int]:
        job_lease.take(db, holder="written by the failing work", now=NOW, name="probe")
        raise RuntimeError("disk full")

    settings = job_settings(tmp_path)
    assert (
        run_slot(_spec(broken), slot=SLOT, trigger=RunTrigger.SCHEDULE, lead=LEAD, settings=settings)
        == "failed"
    )
    assert job_lease.current(session, name="probe") is None, "the failed work's writes were rolled back"
    run = session.exec(select(JobRun).where(JobRun.job == "demo")).one()
    assert run.state == RunState.FAILED and run.error == "RuntimeError: disk full"

    def fine(db: Session, ctx: Any) -> dict[str, str]:
        job_lease.take(db, holder="written by the work", now=NOW, name="probe")
        return {"slot": ctx.slot.isoformat()}

    assert (
        run_slot(_spec(fine), slot=SLOT, trigger=RunTrigger.SCHEDULE, lead=LEAD, settings=settings)
        == "succeeded"
    )
    session.expire_all()
    assert session.get(JobRun, run.id).attempts == 2  # type: ignore[union-attr]
    assert session.get(JobRun, run.id).counts == {"slot": SLOT.isoformat()}  # type: ignore[union-attr]
    assert run_slot(_spec(fine), slot=SLOT, trigger=RunTrigger.SCHEDULE, lead=LEAD, settings=settings) is None


def test_a_result_that_says_not_ok_fails_the_run(session: Session, tmp_path: Path) -> None:
    outcome = run_slot(
        _spec(lambda db, ctx: {"ok": False, "broken_at": 17}), slot=SLOT, trigger=RunTrigger.SCHEDULE,
        lead=LEAD, settings=job_settings(tmp_path),
    )  # fmt: skip
    run = session.exec(select(JobRun).where(JobRun.job == "demo")).one()
    assert outcome == "failed" and run.counts == {"ok": False, "broken_at": 17}
    assert run.error and "reported a failure" in run.error


def test_queued_and_interrupted_runs_are_offered_for_resumption(session: Session) -> None:
    queued = job_runs.queue(session, job="demo", at=SLOT)
    interrupted = _claim(session, slot=SLOT + timedelta(minutes=1))
    in_flight = _claim(session, slot=SLOT + timedelta(minutes=2))
    since = SLOT - timedelta(hours=1)
    waiting = job_runs.to_resume(session, epoch=2, in_flight={in_flight or 0}, max_attempts=3, since=since)
    assert [r.id for r in waiting] == [queued.id, interrupted]
    assert (
        job_runs.to_resume(session, epoch=0, in_flight=set(), max_attempts=3, since=since)[0].id == queued.id
    )


def test_the_lease_is_held_renewed_and_taken_over_only_once_expired(session: Session) -> None:
    long, gone = timedelta(minutes=5), timedelta(seconds=-1)
    assert job_lease.acquire(session, holder="a", ttl=long, name="t") == 1
    assert job_lease.acquire(session, holder="b", ttl=long, name="t") is None
    assert job_lease.acquire(session, holder="a", ttl=gone, name="t") == 1, "renewal keeps the epoch"
    assert job_lease.acquire(session, holder="b", ttl=long, name="t") == 2, "an expired lease is taken over"
    assert job_lease.acquire(session, holder="a", ttl=long, name="t") is None
    job_lease.release(session, holder="b", name="t")
    assert job_lease.acquire(session, holder="a", ttl=long, name="t") == 3


def test_counts_are_json_whatever_the_work_returns() -> None:
    assert as_counts(None) == {} and as_counts(7) == {"result": 7}
    assert as_counts({"at": SLOT}) == {"at": str(SLOT)}
    assert as_counts(Lead(runner="x", epoch=2)) == {"runner": "x", "epoch": 2}
