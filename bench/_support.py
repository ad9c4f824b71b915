"""Shared benchmark plumbing: a scratch PostgreSQL database, timing, memory."""

from __future__ import annotations

import os
import resource
import statistics
import subprocess
import sys
import time
import uuid
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager

from sqlalchemy import Engine, create_engine, make_url, text

from registry import migrations

SERVER = os.environ.get("BENCH_DATABASE_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/postgres")


@contextmanager
def scratch_database(prefix: str) -> Iterator[str]:
    """A new PostgreSQL database migrated to head, dropped afterwards; yields its URL."""
    name = f"{prefix}_{uuid.uuid4().hex[:8]}"
    admin = create_engine(SERVER, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    url = make_url(SERVER).set(database=name).render_as_string(hide_password=False)
    try:
        migrations.upgrade(url=url)
        yield url
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def analyze(engine: Engine) -> None:
    """Planner statistics, as autovacuum would gather them after a load (it is off on some servers,
    this machine's included): without them PostgreSQL plans joins as if the new tables were empty."""
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        conn.execute(text("ANALYZE"))


def timed(action: Callable[[], object]) -> tuple[float, object]:
    """Seconds ACTION took, and its result."""
    started = time.perf_counter()
    result = action()
    return time.perf_counter() - started, result


def percentile(samples: list[float], share: float) -> float:
    """The SHARE quantile of SAMPLES (0.5 = median, 0.99 = p99)."""
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def median(samples: list[float]) -> float:
    """The median of SAMPLES."""
    return statistics.median(samples)


def peak_rss_mb(children: bool = False) -> float:
    """Peak resident memory of this process (or its finished children), in MB."""
    who = resource.RUSAGE_CHILDREN if children else resource.RUSAGE_SELF
    return resource.getrusage(who).ru_maxrss / 1024


# Loggers named in BENCH_INFO_LOGGERS (comma-separated) report at INFO on stderr, e.g. an import's phases.
_CHILD = (
    "import logging, os, resource, sys\n"
    "from cli.main import app\n"
    "logging.basicConfig(format='PHASE %(message)s')\n"
    "for name in filter(None, os.environ.get('BENCH_INFO_LOGGERS', '').split(',')):\n"
    "    logging.getLogger(name).setLevel(logging.INFO)\n"
    "try:\n"
    "    app(sys.argv[1:])\n"
    "except SystemExit:\n"
    "    pass\n"
    "print('PEAK_RSS_KB', resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, file=sys.stderr)\n"
)


def run_cli_process(
    args: list[str], *, database_url: str, info_loggers: Sequence[str] = ()
) -> tuple[float, float, subprocess.CompletedProcess[str]]:
    """Run `agency-registry ARGS` in its own process: wall seconds, peak RSS in MB, and the process."""
    env = {**os.environ, "DATABASE_URL": database_url, "BENCH_INFO_LOGGERS": ",".join(info_loggers)}
    started = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-c", _CHILD, *args], env=env, capture_output=True, text=True, check=False
    )
    elapsed = time.perf_counter() - started
    peak = next(
        (int(line.split()[1]) for line in done.stderr.splitlines() if line.startswith("PEAK_RSS_KB")), 0
    )
    return elapsed, peak / 1024, done


def run_cli(args: list[str], *, database_url: str) -> tuple[float, float, str]:
    """Run `agency-registry ARGS` in its own process: wall seconds, peak RSS in MB, and its stdout."""
    elapsed, peak_mb, done = run_cli_process(args, database_url=database_url)
    return elapsed, peak_mb, done.stdout
