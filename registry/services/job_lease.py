"""Leadership of the scheduler: one lease row per name, on the database clock, with an epoch."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlmodel import Session

from registry.models.job import JobLease
from registry.repositories import jobs as job_repo

SCHEDULER_LEASE = "scheduler"


def acquire(session: Session, *, holder: str, ttl: timedelta, name: str = SCHEDULER_LEASE) -> int | None:
    """Take or renew the lease for HOLDER when it is free, expired or ours: the epoch held, else None."""
    return job_repo.acquire_lease(session, name=name, holder=holder, ttl=ttl)


def take(session: Session, *, holder: str, now: datetime, name: str = SCHEDULER_LEASE) -> int:
    """Record HOLDER as the holder (it holds an exclusive lock outside the database): the new epoch."""
    return job_repo.take_lease(session, name=name, holder=holder, now=now)


def release(session: Session, *, holder: str, name: str = SCHEDULER_LEASE) -> None:
    """Give the lease up now if HOLDER holds it, so a standby need not wait for it to expire."""
    job_repo.release_lease(session, name=name, holder=holder)


def current(session: Session, *, name: str = SCHEDULER_LEASE) -> JobLease | None:
    """The lease row, or None before anyone ever held it."""
    return job_repo.lease(session, name)
