"""Jobs and reports benchmark on PostgreSQL: scheduling overhead, leader failover, annual report time.

    .venv/bin/python -m bench.jobs [--slots 200] [--kills 3] [--lease 60] [--heartbeat 15]
                                   [--companies 3000] [--year 2025] [--skip-failover] [--skip-report]

1. Overhead of one slot: claim it and record its success (two short transactions) around a job that
   does nothing, beside a bare transaction (SELECT 1) timed in the same process.
2. Failover: two `agency-registry jobs run` processes with the given lease and heartbeat and a job every
   second; the leader is killed with SIGKILL, and the time until the standby holds the lease and until
   it has run a slot is measured, KILLS times (a fresh standby is started after each kill). The need:
   another process takes over within 120 s. Every slot's success is counted across the logs (must be 1).
3. The annual report for YEAR of the demo registry (`agency-registry demo --companies N`): statistics,
   HTML with charts, PDF (Chromium), and the research export, beside counting the year's complaints.
"""

from __future__ import annotations

import argparse
import functools
import json
import os
import re
import signal
import subprocess
import sys
import tempfile
import time
from collections import Counter
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy import Engine, create_engine, text

from bench._support import median, run_cli, scratch_database, timed
from registry.database import build_engine, session_factory, session_scope

ROOT = Path(__file__).resolve().parent.parent
REQUIRED_FAILOVER_S = 120.0
_SUCCEEDED = re.compile(r"job=(\S+) slot=(\S+) run=\d+ epoch=\d+ runner=\S+ outcome=succeeded")


def overhead(url: str, slots: int) -> None:
    """Median milliseconds of a no-op slot against a bare transaction."""
    from jobs.catalog import JobSpec
    from jobs.runner import Lead, run_slot
    from registry.models.job import RunTrigger
    from registry.settings import Settings

    engine = build_engine(url)
    session_factory.bind(engine)
    spec = JobSpec(
        "bench_noop", lambda session, ctx: {"ok": True}, "every:60", timedelta(minutes=5), True, "noop"
    )
    settings, lead = Settings(), Lead(runner="bench", epoch=1)
    start = datetime(2030, 1, 1, tzinfo=UTC)
    try:
        bare = [timed(lambda: _select_one())[0] for _ in range(slots)]
        write = [timed(lambda: _one_write())[0] for _ in range(slots)]
        runs = [
            timed(
                functools.partial(
                    run_slot,
                    spec,
                    slot=start + timedelta(minutes=i),
                    trigger=RunTrigger.SCHEDULE,
                    lead=lead,
                    settings=settings,
                )
            )[0]
            for i in range(slots)
        ]
        again = [
            timed(
                lambda: run_slot(spec, slot=start, trigger=RunTrigger.SCHEDULE, lead=lead, settings=settings)
            )[0]
            for _ in range(slots)
        ]
    finally:
        session_factory.reset()
        engine.dispose()
    b, w, r, a = (median(x) * 1000 for x in (bare, write, runs, again))
    print(f"slot overhead: {r:.2f} ms median per no-op slot (claim, then work + success: two commits)")
    print(f"  baselines: {w:.2f} ms for one committed write ({r / w:.1f}x), {b:.2f} ms read-only")
    print(f"a slot already done is skipped in {a:.2f} ms median")


def _one_write() -> None:
    from registry.services import job_lease

    with session_scope() as session:
        job_lease.take(session, holder="bench", now=datetime.now(UTC), name="bench")


def _select_one() -> None:
    with session_scope() as session:
        session.execute(text("SELECT 1"))


def _start(
    url: str, folder: Path, n: int, lease: float, heartbeat: float
) -> tuple[subprocess.Popen[bytes], Path]:
    log = folder / f"jobs-{n}.log"
    env = {
        **os.environ,
        "PYTHONUNBUFFERED": "1",
        "DATABASE_URL": url,
        "REGISTRY_DATA_DIR": str(folder / "data"),
        "JOBS_LEASE_SECONDS": str(lease),
        "JOBS_HEARTBEAT_SECONDS": str(heartbeat),
        "JOBS_ENABLED": "expire_listings",
        "JOBS_SCHEDULE": json.dumps({"expire_listings": "every:1"}),
    }
    with log.open("wb") as out:
        proc = subprocess.Popen(
            [sys.executable, "-m", "cli.main", "jobs", "run"],
            cwd=ROOT,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    return proc, log


def _holder(probe: Engine) -> int | None:
    with probe.connect() as conn:
        row = conn.execute(
            text("SELECT holder FROM job_lease WHERE name = 'scheduler' AND expires_at > now()")
        ).first()
    return int(row[0].split(":")[1]) if row else None


def _ran_since(probe: Engine, pid: int, since: datetime) -> bool:
    query = text(
        "SELECT count(*) FROM job_run WHERE state = 'succeeded' AND started_at > :t AND runner LIKE :who"
    )
    with probe.connect() as conn:
        return bool(conn.execute(query, {"t": since, "who": f"%:{pid}:%"}).scalar_one())


def _wait(probe: object, timeout: float) -> float:
    deadline, started = time.monotonic() + timeout, time.monotonic()
    while time.monotonic() < deadline:
        if probe():  # type: ignore[operator]
            return time.monotonic() - started
        time.sleep(0.05)
    raise TimeoutError("timed out")


def failover(url: str, kills: int, lease: float, heartbeat: float) -> None:
    """Kill the leader KILLS times; time until the standby leads and until it runs a slot."""
    probe = create_engine(url, isolation_level="AUTOCOMMIT")
    folder = Path(tempfile.mkdtemp(prefix="bench-jobs-"))
    procs = dict(_start(url, folder, n, lease, heartbeat) for n in range(2))
    leads, runs = [], []
    try:
        _wait(lambda: _holder(probe) in {p.pid for p in procs}, 120)
        for k in range(kills):
            leader = next(p for p in procs if p.pid == _holder(probe))
            time.sleep(3)
            leader.send_signal(signal.SIGKILL)
            leader.wait()
            killed, since = time.monotonic(), datetime.now(UTC)
            gone = leader.pid
            _wait(lambda: _holder(probe) not in (None, gone), lease + 4 * heartbeat + 60)  # noqa: B023
            leads.append(time.monotonic() - killed)
            new = _holder(probe) or 0
            _wait(lambda: _ran_since(probe, new, since), 60)  # noqa: B023
            runs.append(time.monotonic() - killed)
            print(f"kill {k + 1}: standby led after {leads[-1]:.1f} s, ran a slot after {runs[-1]:.1f} s")
            del procs[leader]
            procs.update([_start(url, folder, k + 2, lease, heartbeat)])
    finally:
        for proc in procs:
            proc.send_signal(signal.SIGTERM)
            proc.wait(timeout=60)
        probe.dispose()
    done = Counter(
        m for log in folder.glob("jobs-*.log") for m in _SUCCEEDED.findall(log.read_text(errors="replace"))
    )
    print(f"failover over {kills} kills (lease {lease:g} s, heartbeat {heartbeat:g} s), required <= 120 s:")
    print(f"  standby leads after: median {median(leads):.1f} s, max {max(leads):.1f} s")
    print(f"  first slot run after: median {median(runs):.1f} s, max {max(runs):.1f} s")
    print(f"  {len(done)} slots done; most times any one slot was done: {max(done.values())}")


def report(url: str, companies: int, year: int) -> None:
    """Load the demo registry; time the annual report's parts and the research export."""
    from registry.reports import export_files
    from registry.reports.annual import render_html
    from registry.services import research_export, statistics
    from registry.services.annual_report import write_annual
    from registry.settings import get_settings

    seconds, _peak, _out = run_cli(["demo", "--companies", str(companies), "--no-serve"], database_url=url)
    print(f"demo registry of {companies} companies loaded in {seconds:.0f} s")
    engine = build_engine(url)
    session_factory.bind(engine)
    now = datetime.now(UTC)
    folder = Path(tempfile.mkdtemp(prefix="bench-report-"))
    try:
        with session_scope() as session:
            count_s, total = timed(
                lambda: session.execute(
                    text("SELECT count(*) FROM complaint WHERE received_at >= :a AND received_at < :b"),
                    {"a": datetime(year, 1, 1, tzinfo=UTC), "b": datetime(year + 1, 1, 1, tzinfo=UTC)},
                ).scalar_one()
            )
            stats_s, stats = timed(lambda: statistics.annual(session, year=year, now=now))
            html_s, _html = timed(lambda: render_html(stats))  # type: ignore[arg-type]
            full_s, _files = timed(
                lambda: write_annual(
                    session, year=year, now=now, out_dir=folder, chromium=get_settings().chromium
                )
            )
            export_s, tables = timed(lambda: research_export.tables(session, year=year))
            xlsx_s, _ = timed(lambda: export_files.xlsx_bytes(tables))  # type: ignore[arg-type]
    finally:
        session_factory.reset()
        engine.dispose()
    size = os.path.getsize(folder / f"annual-{year}.pdf") // 1024
    print(f"year {year}: {total} complaints; baseline: counting them {count_s * 1000:.0f} ms")
    print(f"  statistics {stats_s:.2f} s; HTML with charts {html_s:.2f} s")
    print(f"  whole report (statistics, HTML, PDF by Chromium) {full_s:.1f} s; PDF {size} KB")
    print(f"  research export {export_s:.2f} s + XLSX {xlsx_s:.2f} s")


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--slots", type=int, default=200)
    parser.add_argument("--kills", type=int, default=3)
    parser.add_argument("--lease", type=float, default=60.0)
    parser.add_argument("--heartbeat", type=float, default=15.0)
    parser.add_argument("--companies", type=int, default=3000)
    parser.add_argument("--year", type=int, default=2025)
    parser.add_argument("--skip-failover", action="store_true")
    parser.add_argument("--skip-report", action="store_true")
    args = parser.parse_args()
    with scratch_database("bench_jobs") as url:
        overhead(url, args.slots)
        if not args.skip_failover:
            failover(url, args.kills, args.lease, args.heartbeat)
    if not args.skip_report:
        with scratch_database("bench_report") as url:
            report(url, args.companies, args.year)


if __name__ == "__main__":
    main()
