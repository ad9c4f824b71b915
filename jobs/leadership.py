"""Who schedules: a lease row on PostgreSQL, an exclusive file lock on SQLite.

PostgreSQL: a lease row with an expiry on the database clock, renewed every heartbeat. We chose it
over a session-level advisory lock held by a dedicated connection because (1) it works through a
transaction-mode pooler (PgBouncer), where a session lock would be taken on one server connection
and silently released or kept by whichever client gets that connection next; (2) failover is
bounded by the lease however the leader died: with an advisory lock a leader whose host vanished
keeps its lock until the server notices the dead TCP connection (tcp_keepalives_*, two hours by
default); (3) the epoch that grows at every change of holder fences a deposed leader's late commit.
The price: a standby waits for the lease to expire (lease + one heartbeat), where an advisory lock is
released the moment a cleanly-closed connection goes away; a leader that stops cleanly releases its
lease, so only a crash costs the wait.

SQLite: the registry and every `jobs run` share one host, so an fcntl lock on a file beside the
database is exact: the kernel releases it the moment the holder dies.
"""

from __future__ import annotations

import fcntl
import logging
import os
import time
from datetime import timedelta
from pathlib import Path
from typing import Protocol

from sqlalchemy.engine import make_url
from sqlalchemy.exc import SQLAlchemyError

from registry.database import session_scope
from registry.models.types import utcnow
from registry.services import job_lease
from registry.settings import Settings

log = logging.getLogger("jobs")


class Elector(Protocol):
    """Leadership as the scheduler loop sees it."""

    def hold(self) -> int | None:
        """Take or keep leadership: the epoch led under, or None when another process leads."""

    def release(self) -> None:
        """Give leadership up (clean shutdown)."""


class LeaseElector:
    """A lease row, renewed every heartbeat; given up by itself when renewals fail for too long."""

    def __init__(self, *, holder: str, lease: timedelta, heartbeat: timedelta) -> None:
        self.holder, self.lease, self.heartbeat = holder, lease, heartbeat
        self._epoch: int | None = None
        self._valid_until = 0.0

    def hold(self) -> int | None:
        """Renew or take the lease; keep leading through a short outage only while the lease lasts."""
        asked = time.monotonic()
        try:
            with session_scope() as session:
                epoch = job_lease.acquire(session, holder=self.holder, ttl=self.lease)
        except SQLAlchemyError as exc:
            log.warning("lease renewal failed: %s", type(exc).__name__)
            # Step down a heartbeat before the lease can expire, so two leaders never both schedule.
            if self._epoch is not None and time.monotonic() < self._valid_until:
                return self._epoch
            self._epoch = None
            return None
        self._epoch = epoch
        self._valid_until = asked + (self.lease - self.heartbeat).total_seconds()
        return epoch

    def release(self) -> None:
        """Expire the lease now so a standby takes over at its next heartbeat."""
        if self._epoch is None:
            return
        try:
            with session_scope() as session:
                job_lease.release(session, holder=self.holder)
        except SQLAlchemyError:
            log.warning("could not release the lease; it expires by itself")
        self._epoch = None


class FileLockElector:
    """An exclusive lock on a file; its epoch recorded in the lease row for fencing and display."""

    def __init__(self, *, holder: str, path: Path) -> None:
        self.holder, self.path = holder, path
        self._fd: int | None = None
        self._epoch: int | None = None

    def hold(self) -> int | None:
        """Keep the lock, or try to take it without waiting."""
        if self._fd is not None:
            return self._epoch
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o600)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(fd)
            return None
        try:
            with session_scope() as session:
                self._epoch = job_lease.take(session, holder=self.holder, now=utcnow())
        except SQLAlchemyError:
            log.warning("took the lock but could not record it; letting go")
            os.close(fd)
            return None
        self._fd = fd
        return self._epoch

    def release(self) -> None:
        """Unlock the file."""
        if self._fd is not None:
            os.close(self._fd)
            self._fd, self._epoch = None, None


def elector_for(settings: Settings, *, holder: str) -> Elector:
    """The elector that fits the configured database."""
    if settings.is_sqlite:
        database = make_url(settings.database_url).database or "registry.db"
        return FileLockElector(holder=holder, path=Path(f"{database}.jobs.lock"))
    return LeaseElector(
        holder=holder,
        lease=timedelta(seconds=settings.jobs_lease_seconds),
        heartbeat=timedelta(seconds=settings.jobs_heartbeat_seconds),
    )
