"""Queries over the leadership lease and the job-run record."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import ColumnElement, and_, case, func, or_, update
from sqlalchemy.dialects import postgresql
from sqlmodel import Session, col, select

from registry.models.job import JobLease, JobRun, RunState
from registry.repositories.bulk import insert_ignoring_conflicts


def acquire_lease(session: Session, *, name: str, holder: str, ttl: timedelta) -> int | None:
    """Take or renew lease NAME for HOLDER if free, expired or already ours; the epoch held, else None.

    One statement on the database clock: hosts with skewed clocks still agree on who holds it.
    """
    now = func.clock_timestamp()
    table = JobLease.__table__  # type: ignore[attr-defined]
    insert = postgresql.insert(table).values(
        name=name, holder=holder, epoch=1, acquired_at=now, renewed_at=now, expires_at=now + ttl
    )
    ours = table.c.holder == holder
    statement = insert.on_conflict_do_update(
        index_elements=["name"],
        set_={
            "holder": holder,
            "epoch": func.coalesce(_when(ours, table.c.epoch), table.c.epoch + 1),
            "acquired_at": func.coalesce(_when(ours, table.c.acquired_at), now),
            "renewed_at": now,
            "expires_at": now + ttl,
        },
        where=or_(ours, table.c.expires_at < now),
    ).returning(table.c.epoch)
    epoch = session.execute(statement).scalar_one_or_none()
    return int(epoch) if epoch is not None else None


def _when(condition: ColumnElement[bool], value: Any) -> Any:
    return case((condition, value), else_=None)


def take_lease(session: Session, *, name: str, holder: str, now: datetime) -> int:
    """Make HOLDER the holder of lease NAME unconditionally (it holds an exclusive lock); the new epoch."""
    lease = session.get(JobLease, name, with_for_update=True)
    far = now + timedelta(days=3650)
    if lease is None:
        lease = JobLease(name=name, holder=holder, epoch=1, acquired_at=now, renewed_at=now, expires_at=far)
    else:
        lease.holder, lease.epoch = holder, lease.epoch + 1
        lease.acquired_at, lease.renewed_at, lease.expires_at = now, now, far
    session.add(lease)
    session.flush()
    return lease.epoch


def release_lease(session: Session, *, name: str, holder: str) -> None:
    """Let lease NAME expire now if HOLDER holds it, so a standby takes over at once."""
    session.execute(
        update(JobLease)
        .where(col(JobLease.name) == name, col(JobLease.holder) == holder)
        .values(expires_at=func.now() - timedelta(seconds=1))
    )


def lease(session: Session, name: str) -> JobLease | None:
    """The lease row NAME, or None."""
    return session.get(JobLease, name)


def insert_run(session: Session, values: dict[str, Any]) -> int | None:
    """Insert a run unless its slot exists; the new id, or None when the slot was already there."""
    table = JobRun.__table__  # type: ignore[attr-defined]
    rows = insert_ignoring_conflicts(
        session, table, [values], conflict=["job", "scheduled_for"], returning=["id"]
    )
    return int(rows[0][0]) if rows else None


def reclaim_run(
    session: Session, *, job: str, slot: datetime, epoch: int, max_attempts: int, values: dict[str, Any]
) -> int | None:
    """Take over a queued slot, or one left running or failed by this epoch or an older one.

    The caller holds the job's lock in its process, so a run of this epoch still marked running
    is a leftover of an attempt that died, not one in progress.
    """
    retry = and_(
        col(JobRun.state).in_([RunState.RUNNING, RunState.FAILED]),
        col(JobRun.attempts) < max_attempts,
        col(JobRun.epoch) <= epoch,
    )
    statement = (
        update(JobRun)
        .where(col(JobRun.job) == job, col(JobRun.scheduled_for) == slot)
        .where(or_(col(JobRun.state) == RunState.QUEUED, retry))
        .values(attempts=JobRun.attempts + 1, **values)
        .returning(col(JobRun.id))
    )
    found = session.execute(statement).scalar_one_or_none()
    return int(found) if found is not None else None


def settle_run(session: Session, *, run_id: int, epoch: int, values: dict[str, Any]) -> bool:
    """Record the end of a run still running under EPOCH; False when another leader took it over."""
    statement = (
        update(JobRun)
        .where(col(JobRun.id) == run_id, col(JobRun.epoch) == epoch, col(JobRun.state) == RunState.RUNNING)
        .values(**values)
    )
    return bool(session.execute(statement).rowcount)  # type: ignore[attr-defined]


def to_resume(
    session: Session, *, epoch: int, mine: Collection[int], max_attempts: int, since: datetime
) -> Sequence[JobRun]:
    """Runs a leader must pick up: queued, interrupted (not in flight here), failed with attempts left."""
    interrupted = and_(
        col(JobRun.state) == RunState.RUNNING,
        col(JobRun.epoch) <= epoch,
        col(JobRun.id).not_in(list(mine) or [-1]),
    )
    failed = and_(
        col(JobRun.state) == RunState.FAILED,
        col(JobRun.attempts) < max_attempts,
        col(JobRun.scheduled_for) >= since,
    )
    query = (
        select(JobRun)
        .where(or_(col(JobRun.state) == RunState.QUEUED, interrupted, failed))
        .order_by(col(JobRun.scheduled_for))
    )
    return session.exec(query).all()


def get_run(session: Session, *, job: str, slot: datetime) -> JobRun | None:
    """The run of JOB's slot, or None."""
    query = select(JobRun).where(col(JobRun.job) == job, col(JobRun.scheduled_for) == slot)
    return session.exec(query).first()


def last_success(session: Session, job: str) -> JobRun | None:
    """JOB's latest successful run, or None."""
    query = (
        select(JobRun)
        .where(col(JobRun.job) == job, col(JobRun.state) == RunState.SUCCEEDED)
        .order_by(col(JobRun.scheduled_for).desc())
        .limit(1)
    )
    return session.exec(query).first()


def page(
    session: Session, *, job: str | None, state: str | None, limit: int, offset: int
) -> tuple[Sequence[JobRun], int]:
    """Runs, newest slot first, filtered by job and state; and how many match."""
    query = select(JobRun)
    if job:
        query = query.where(col(JobRun.job) == job)
    if state:
        query = query.where(col(JobRun.state) == state)
    total = session.exec(select(func.count()).select_from(query.subquery())).one()
    rows = session.exec(
        query.order_by(col(JobRun.scheduled_for).desc(), col(JobRun.id).desc()).limit(limit).offset(offset)
    ).all()
    return rows, int(total)


def close_run(session: Session, *, run_id: int, values: dict[str, Any]) -> None:
    """Close a run that has not succeeded (abandoned past its grace time)."""
    session.execute(
        update(JobRun)
        .where(col(JobRun.id) == run_id, col(JobRun.state) != RunState.SUCCEEDED)
        .values(**values)
    )
