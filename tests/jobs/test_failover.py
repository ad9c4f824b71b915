"""Two real `jobs run` processes on one PostgreSQL: one leads, a killed leader is replaced within the
lease, no slot runs twice, and a database that drops every connection is survived."""

from __future__ import annotations

import json
import re
import time
from collections import Counter
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import Engine, create_engine, make_url, text

from registry import migrations
from tests.conftest import create_database, drop_database, migrated_engine
from tests.process_support import Proc, wait_for

LEASE, HEARTBEAT = 3.0, 0.5
# Failover needs the lease to expire and a standby's next heartbeat; the rest is slack for a loaded host.
FAILOVER_LIMIT = LEASE + 2 * HEARTBEAT + 6
pytestmark = [pytest.mark.slow]
_SUCCEEDED = re.compile(r"job=(\S+) slot=(\S+) run=\d+ epoch=(\d+) runner=(\S+) outcome=succeeded")


@pytest.fixture
def database() -> Iterator[tuple[str, Engine]]:
    url = create_database("registry_jobs")
    engine = migrated_engine(url)
    engine.dispose()
    probe = create_engine(url, isolation_level="AUTOCOMMIT")
    yield url, probe
    probe.dispose()
    drop_database(url)


def _env(url: str, tmp_path: Path) -> dict[str, str]:
    return {
        "DATABASE_URL": url,
        "REGISTRY_DATA_DIR": str(tmp_path / "data"),
        "JOBS_LEASE_SECONDS": str(LEASE),
        "JOBS_HEARTBEAT_SECONDS": str(HEARTBEAT),
        "JOBS_ENABLED": "expire_listings,rematch_names",
        "JOBS_SCHEDULE": json.dumps({"expire_listings": "every:1", "rematch_names": "every:2"}),
    }


def _holder(probe: Engine) -> tuple[int, int] | None:
    with probe.connect() as conn:
        query = "SELECT holder, epoch FROM job_lease WHERE name = 'scheduler' AND expires_at > now()"
        row = conn.execute(text(query)).first()
    return (int(row[0].split(":")[1]), int(row[1])) if row else None


def _succeeded_since(probe: Engine, since: datetime, runner_pid: int) -> int:
    query = text(
        "SELECT count(*) FROM job_run WHERE state = 'succeeded' AND started_at > :since AND runner LIKE :who"
    )
    with probe.connect() as conn:
        return int(conn.execute(query, {"since": since, "who": f"%:{runner_pid}:%"}).scalar_one())


def _instant(value: datetime | str) -> datetime:
    """A stored timestamp as an aware UTC datetime (SQLite hands back text without a zone)."""
    parsed = datetime.fromisoformat(value) if isinstance(value, str) else value
    return parsed.replace(tzinfo=UTC) if parsed.tzinfo is None else parsed.astimezone(UTC)


def _no_slot_ran_twice(logs: list[str], probe: Engine) -> None:
    done = Counter((m[0], m[1]) for log in logs for m in _SUCCEEDED.findall(log))
    assert done and max(done.values()) == 1, [slot for slot, n in done.items() if n > 1]
    with probe.connect() as conn:
        rows = conn.execute(text("SELECT job, scheduled_for, state, attempts FROM job_run")).all()
    succeeded = {(job, _instant(slot).isoformat()) for job, slot, state, _ in rows if state == "succeeded"}
    assert succeeded == set(done), "every slot the table calls done was done exactly once by a process"


@pytest.mark.postgres
def test_a_killed_leader_is_replaced_and_no_slot_runs_twice(
    database: tuple[str, Engine], tmp_path: Path
) -> None:
    url, probe = database
    first = Proc(["jobs", "run"], env=_env(url, tmp_path), log=tmp_path / "first.log")
    second = Proc(["jobs", "run"], env=_env(url, tmp_path), log=tmp_path / "second.log")
    procs = {first.pid: first, second.pid: second}
    try:
        leader_pid, epoch = wait_for(lambda: _holder(probe), timeout=60, what="a leader")
        leader = procs[leader_pid]
        standby = next(p for pid, p in procs.items() if pid != leader_pid)
        wait_for(
            lambda: _succeeded_since(probe, datetime(2000, 1, 1, tzinfo=UTC), leader.pid) >= 3, timeout=60
        )
        leader.kill()
        killed_at = time.monotonic()
        _pid, new_epoch = wait_for(
            lambda: (h := _holder(probe)) and h[0] == standby.pid and h,
            timeout=60,
            every=0.05,
            what="takeover",
        )
        took = time.monotonic() - killed_at
        assert took <= FAILOVER_LIMIT, f"takeover took {took:.1f}s"
        assert new_epoch == epoch + 1
        after = datetime.now(UTC)
        wait_for(
            lambda: _succeeded_since(probe, after, standby.pid) >= 3,
            timeout=30,
            what="runs by the new leader",
        )
        assert standby.alive()
        _no_slot_ran_twice([first.text(), second.text()], probe)
    finally:
        codes = [p.stop() for p in procs.values() if p.alive()]
    assert codes == [0], "the survivor stops cleanly on SIGTERM"
    assert _holder(probe) is None, "a leader that stops cleanly releases its lease"


def _terminate_backends(probe: Engine) -> None:
    with probe.connect() as conn:
        conn.execute(
            text(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                "WHERE datname = current_database() AND pid <> pg_backend_pid()"
            )
        )


def _allow_connections(url: str, allowed: bool) -> None:
    """Open or shut the registry's database to new connections (the rest of the server stays up)."""
    admin = create_engine(make_url(url).set(database="postgres"), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(
            text(f'ALTER DATABASE "{make_url(url).database}" ALLOW_CONNECTIONS {str(allowed).lower()}')
        )
    admin.dispose()


@pytest.mark.postgres
def test_the_scheduler_survives_the_database_going_away(database: tuple[str, Engine], tmp_path: Path) -> None:
    # Kinder to other users of the server than restarting it: every connection of the registry's
    # database is killed, three times over; then the database refuses connections for twice the
    # lease, so the leader must step down, and it must come back by itself when the database does.
    url, probe = database
    proc = Proc(["jobs", "run"], env=_env(url, tmp_path), log=tmp_path / "jobs.log")
    try:
        wait_for(lambda: _holder(probe), timeout=60, what="a leader")
        for _ in range(3):
            _terminate_backends(probe)
            time.sleep(HEARTBEAT)
        after = datetime.now(UTC)
        wait_for(
            lambda: _succeeded_since(probe, after, proc.pid) >= 3, timeout=60, what="runs after the kills"
        )
        _allow_connections(url, False)
        try:
            _terminate_backends(probe)
            time.sleep(2 * LEASE)
        finally:
            _allow_connections(url, True)
        probe.dispose()
        wait_for(lambda: "lease renewal failed" in proc.text(), timeout=10, what="the outage to be seen")
        back = datetime.now(UTC)
        wait_for(
            lambda: _succeeded_since(probe, back, proc.pid) >= 3, timeout=60, what="runs after the outage"
        )
        assert proc.alive()
        assert proc.text().count("leading as") == 2, "it stepped down during the outage and led again after"
        _no_slot_ran_twice([proc.text()], probe)
    finally:
        code = proc.stop()
    assert code == 0, proc.text()[-3000:]


def test_on_sqlite_a_file_lock_elects_one_leader_and_a_kill_frees_it_at_once(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'registry.db'}"
    migrations.upgrade(url=url)
    probe = create_engine(url)
    env = {**_env(url, tmp_path), "JOBS_ENABLED": "expire_listings"}
    procs = [Proc(["jobs", "run"], env=env, log=tmp_path / f"p{n}.log") for n in range(2)]
    try:
        holder = wait_for(lambda: _sqlite_holder(probe), timeout=60, what="a leader")
        leader = next(p for p in procs if p.pid == holder[0])
        standby = next(p for p in procs if p is not leader)
        wait_for(
            lambda: _succeeded_since(probe, datetime(2000, 1, 1, tzinfo=UTC), leader.pid) >= 2, timeout=60
        )
        leader.kill()
        killed_at = time.monotonic()
        wait_for(lambda: (h := _sqlite_holder(probe)) and h[0] == standby.pid, timeout=30, every=0.05)
        assert time.monotonic() - killed_at < 2 * HEARTBEAT + 5, (
            "the kernel frees the lock when its holder dies"
        )
        after = datetime.now(UTC)
        wait_for(
            lambda: _succeeded_since(probe, after, standby.pid) >= 2,
            timeout=30,
            what="runs by the new leader",
        )
        _no_slot_ran_twice([p.text() for p in procs], probe)
    finally:
        for proc in procs:
            proc.stop()
        probe.dispose()


def _sqlite_holder(probe: Engine) -> tuple[int, int] | None:
    with probe.connect() as conn:
        row = conn.execute(text("SELECT holder, epoch FROM job_lease WHERE name = 'scheduler'")).first()
    return (int(row[0].split(":")[1]), int(row[1])) if row else None
