"""Blacklist benchmark on PostgreSQL: visa-check latency at a fixed request rate, and publishing time.

    .venv/bin/python bench/blacklist.py [--companies 50000] [--listed 5000] [--rate 200] [--seconds 30]

A scratch database gets the demo registry (bulk inserts), risk scores, listings and company links; a
uvicorn process serves the API on loopback and an open-loop load generator sends requests at the
given rate (latency counts from when each request was due, so queueing is not hidden). Targets: visa
check p99 <= 20 ms at 200 requests/s with 50,000 companies; publishing 5,000 listings <= 10 s.

Beside each latency it prints what does not depend on how busy the machine is: the server's CPU time
per request (its processes, from /proc) and the load generator's own CPU per request and lateness
(aiohttp on uvloop: httpx's async client took ~4 ms of CPU a request and fell behind at 200/s). The
floor a recorded check cannot go under is printed too: one INSERT and COMMIT with synchronous_commit
on, i.e. the WAL flush of this machine's disk.
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import os
import random
import socket
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import aiohttp
import httpx
import uvloop
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from fastapi import FastAPI
from sqlalchemy import Engine, text
from sqlmodel import Session

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench._support import analyze, percentile, scratch_database  # noqa: E402
from bench.blacklist_data import NOW, load_companies, load_listings, load_scores  # noqa: E402
from registry.access import Role  # noqa: E402
from registry.database import build_engine  # noqa: E402
from registry.demo import generate_companies  # noqa: E402
from registry.models.types import utcnow  # noqa: E402
from registry.schemas.account import KeyIn  # noqa: E402
from registry.schemas.company import CompanyCreate  # noqa: E402
from registry.services import accounts, links, publications  # noqa: E402

# Visa checks need a PAM officer's bearer token; issued in the scratch database before serving.
HEADERS: dict[str, str] = {}


def make_app() -> FastAPI:
    """The API (every router, access rules included)."""
    from api.app import create_app

    return create_app()


def _pam_token(engine: Engine) -> dict[str, str]:
    with Session(engine, expire_on_commit=False) as session:
        key = KeyIn(name="bench", role=Role.PAM_OFFICER)
        issued = accounts.issue_key(session, data=key, actor="bench", now=utcnow())
        session.commit()
    return {"Authorization": f"Bearer {issued.token}"}


def _publish(engine: Engine, folder: Path) -> tuple[float, int]:
    started = time.perf_counter()
    with Session(engine, expire_on_commit=False) as session:
        done = publications.publish(
            session, signing_key=Ed25519PrivateKey.generate(), actor="bench", now=NOW, directory=folder
        )
        session.commit()
    return time.perf_counter() - started, done.listings


def _links(engine: Engine, company_ids: list[int]) -> tuple[float, int]:
    started = time.perf_counter()
    with Session(engine, expire_on_commit=False) as session:
        stored = links.refresh_links_for_new_companies(session, company_ids=company_ids)
        session.commit()
        kinds = session.execute(
            text("SELECT kind, count(*) FROM company_link GROUP BY kind ORDER BY kind")
        ).all()
    print("links by kind:", dict(kinds))
    return time.perf_counter() - started, stored


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextmanager
def server(url: str, workers: int) -> Iterator[tuple[str, int]]:
    """uvicorn on loopback serving the API over the database at URL; yields its base URL and pid."""
    port = _free_port()
    # 20 connections a worker: request_session admits only as many requests as the pool holds (an
    # overloaded server queues them instead of wedging), and 20 in flight is 100 ms of work each.
    env = {
        **os.environ,
        "DATABASE_URL": url,
        "PYTHONPATH": str(ROOT),
        "DB_POOL_SIZE": "20",
        "DB_MAX_OVERFLOW": "0",
    }
    command = [
        sys.executable,
        "-m",
        "uvicorn",
        "--factory",
        "bench.blacklist:make_app",
        "--host",
        "127.0.0.1",
        "--port",
        str(port),
        "--workers",
        str(workers),
        "--no-access-log",
        "--log-level",
        "warning",
    ]
    process = subprocess.Popen(command, cwd=ROOT, env=env)
    base = f"http://127.0.0.1:{port}"
    try:
        _wait_ready(base)
        yield base, process.pid
    finally:
        process.terminate()
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=30)


def _wait_ready(base: str) -> None:
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"{base}/healthz", timeout=2).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.5)
    raise RuntimeError("the server did not start")


async def _drive(
    base: str, requests: Sequence[tuple[str, str, dict[str, Any] | None]], rate: float
) -> dict[str, Any]:
    latencies: list[float] = []
    lateness: list[float] = []
    statuses: Counter[int | str] = Counter()
    connector = aiohttp.TCPConnector(limit=64)  # beyond 64 in flight, requests wait (and it counts)
    timeout = aiohttp.ClientTimeout(total=10)
    async with aiohttp.ClientSession(base, connector=connector, timeout=timeout, headers=HEADERS) as client:
        clock = time.perf_counter  # not loop.time(): uvloop's clock counts whole milliseconds
        start = clock() + 0.1

        async def one(due: float, method: str, path: str, body: dict[str, Any] | None) -> None:
            lateness.append(clock() - due)  # the generator's own delay, before any server work
            try:
                async with client.request(method, path, json=body) as response:
                    await response.read()
            except (aiohttp.ClientError, TimeoutError) as exc:
                statuses[type(exc).__name__] += 1
                return
            latencies.append(clock() - due)
            statuses[response.status] += 1

        # One scheduler starts each request when it is due (thousands of tasks created up front and
        # all sleeping made the first requests late by the time it took to start them).
        tasks: list[asyncio.Task[None]] = []
        for index, request in enumerate(requests):
            due = start + index / rate
            await asyncio.sleep(max(0.0, due - clock()))
            tasks.append(asyncio.create_task(one(due, *request)))
        _, late = await asyncio.wait(tasks, timeout=30)
        for task in late:  # bounded in time: what has not finished by then counts as timed out
            task.cancel()
        statuses["unfinished"] += len(late)
        elapsed = clock() - start
    latencies = latencies or [float("nan")]
    return {
        "count": len(latencies),
        "rate": len(latencies) / elapsed,
        "statuses": dict(statuses),
        "p50_ms": percentile(latencies, 0.5) * 1000,
        "p99_ms": percentile(latencies, 0.99) * 1000,
        "max_ms": max(latencies, default=0.0) * 1000,
        "late_p99_ms": percentile(lateness or [0.0], 0.99) * 1000,
    }


def _open_loop(
    base: str, requests: Sequence[tuple[str, str, dict[str, Any] | None]], rate: float
) -> dict[str, Any]:
    """_drive on uvloop, with this process's CPU time per request (the load generator's cost)."""
    # The benchmark holds its generated registry (hundreds of thousands of objects): a full collection
    # over them made the generator send requests 0.4 s late now and then. Only new objects are collected.
    gc.collect()
    gc.freeze()
    started = time.process_time()
    try:
        result = uvloop.run(_drive(base, requests, rate))
    finally:
        gc.unfreeze()
    result["client_cpu_ms"] = (time.process_time() - started) / len(requests) * 1000
    return result


def _one_at_a_time(base: str, requests: Sequence[tuple[str, str, dict[str, Any] | None]]) -> dict[str, Any]:
    """Latency with no queueing at all: each request sent when the previous one has returned."""
    latencies, statuses = [], Counter[int | str]()
    started, cpu = time.perf_counter(), time.process_time()
    with httpx.Client(base_url=base, timeout=30, headers=HEADERS) as client:
        for method, path, body in requests:
            sent = time.perf_counter()
            statuses[client.request(method, path, json=body).status_code] += 1
            latencies.append(time.perf_counter() - sent)
    elapsed = time.perf_counter() - started
    return {
        "count": len(latencies),
        "rate": len(latencies) / elapsed,
        "statuses": dict(statuses),
        "p50_ms": percentile(latencies, 0.5) * 1000,
        "p99_ms": percentile(latencies, 0.99) * 1000,
        "max_ms": max(latencies) * 1000,
        "client_cpu_ms": (time.process_time() - cpu) / len(latencies) * 1000,
    }


def _settle(base: str) -> None:
    """Wait until the server answers promptly again, so one phase's backlog does not spill into the next."""
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        started = time.monotonic()
        httpx.get(f"{base}/healthz", timeout=120)
        if time.monotonic() - started < 0.05:
            return
        time.sleep(1)


def _report(label: str, result: dict[str, Any], server_cpu_ms: float) -> None:
    late = f"  generator late p99={result['late_p99_ms']:.1f} ms" if "late_p99_ms" in result else ""
    print(
        f"{label:<44} n={result['count']:>6}  rate={result['rate']:6.1f}/s  p50={result['p50_ms']:6.2f} ms  "
        f"p99={result['p99_ms']:6.2f} ms  max={result['max_ms']:7.2f} ms  statuses={result['statuses']}  "
        f"server cpu {server_cpu_ms:.2f} ms/req  generator cpu {result['client_cpu_ms']:.2f} ms/req{late}  "
        f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores"
    )


_TICKS = os.sysconf("SC_CLK_TCK")


def _cpu_seconds(pid: int) -> float:
    """User and system CPU time of process PID and its children (uvicorn's workers), from /proc."""
    children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
    total = 0
    for each in [pid, *map(int, children)]:
        fields = Path(f"/proc/{each}/stat").read_text().rsplit(")", 1)[1].split()
        total += int(fields[11]) + int(fields[12])
    return total / _TICKS


def _measured(pid: int, count: int, action: Any, *args: Any) -> tuple[dict[str, Any], float]:
    """ACTION(*ARGS)'s result and the server's CPU milliseconds per request while it ran."""
    before = _cpu_seconds(pid)
    result = action(*args)
    return result, (_cpu_seconds(pid) - before) / count * 1000


def _commit_floor(engine: Engine, count: int = 300) -> None:
    """One INSERT and COMMIT at a time, durable (synchronous_commit on): the disk's WAL flush."""
    samples = []
    with engine.connect() as conn:
        # A plain table: a temporary one writes no WAL, so its commit would not wait for the disk.
        conn.execute(text("CREATE TABLE bench_commit (id serial PRIMARY KEY, at timestamptz)"))
        conn.commit()
        for _ in range(count):
            started = time.perf_counter()
            conn.execute(text("INSERT INTO bench_commit (at) VALUES (now())"))
            conn.commit()
            samples.append(time.perf_counter() - started)
        conn.execute(text("DROP TABLE bench_commit"))
        conn.commit()
    print(
        f"baseline INSERT + COMMIT (durable), one at a time: p50={percentile(samples, 0.5) * 1000:.2f} ms  "
        f"p99={percentile(samples, 0.99) * 1000:.2f} ms  load average {os.getloadavg()[0]:.1f}"
    )


def main() -> None:
    """Build the scratch registry, measure publishing and visa checks, print the figures."""
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--companies", type=int, default=50_000)
    parser.add_argument("--listed", type=int, default=5_000)
    parser.add_argument("--rate", type=float, default=200.0)
    parser.add_argument("--seconds", type=float, default=30.0)
    parser.add_argument("--workers", type=int, default=1)
    args = parser.parse_args()
    rng = random.Random(7)
    with scratch_database("bench_blacklist") as url:
        engine = build_engine(url)
        started = time.perf_counter()
        generated = generate_companies(seed=42, count=args.companies)
        ids = load_companies(engine, generated)
        company_ids = sorted(ids.values())
        load_scores(engine, company_ids, rng)
        chosen = rng.sample(company_ids, args.listed + args.listed // 10)
        load_listings(engine, chosen[: args.listed], chosen[args.listed :])
        analyze(engine)  # without statistics the listed-officer join scans every listing (60 ms)
        elapsed = time.perf_counter() - started
        print(
            f"loaded {len(ids)} companies, {args.listed} listed, {args.listed // 10} proposed "
            f"in {elapsed:.1f} s"
        )
        link_seconds, stored = _links(engine, rng.sample(company_ids, 2000))
        print(f"re-formed company detection for 2,000 companies: {link_seconds:.2f} s, {stored} links stored")
        with tempfile.TemporaryDirectory() as folder:
            seconds, count = _publish(engine, Path(folder))
        print(f"publish: {count} listings in {seconds:.2f} s (target <= 10 s)")
        HEADERS.update(_pam_token(engine))
        _commit_floor(engine)
        engine.dispose()
        _serve_and_measure(url, generated, args)


def _name(company: CompanyCreate) -> str:
    return company.name_en or company.name_ar or company.external_id


def _serve_and_measure(url: str, generated: list[CompanyCreate], args: argparse.Namespace) -> None:
    count = int(args.rate * args.seconds)
    rng = random.Random(11)
    health = [("GET", "/healthz", None)] * count
    checks = [
        ("POST", "/api/v1/visa-checks", {"external_id": rng.choice(generated).external_id})
        for _ in range(count)
    ]
    names = [
        ("POST", "/api/v1/visa-checks", {"name": _name(rng.choice(generated))}) for _ in range(count // 4)
    ]
    with server(url, args.workers) as (base, pid):
        # Warm-up: the first name check builds each worker's name index; then pools and caches fill.
        # Several at once, on separate connections, so that every worker gets one.
        with ThreadPoolExecutor(4 * args.workers) as pool:
            url, warm = f"{base}/api/v1/visa-checks", [names[0][2]] * (4 * args.workers)
            list(pool.map(lambda body: httpx.post(url, json=body, timeout=600, headers=HEADERS), warm))
        _open_loop(base, checks[:400] + names[:40], 50)
        for label, requests, rate in (
            ("baseline GET /healthz", health, args.rate),
            ("visa check by external_id", checks, args.rate),
            ("visa check by name (matcher)", names, args.rate / 4),
        ):
            _settle(base)
            sample = requests[:500]
            _report(f"{label}, one at a time", *_measured(pid, len(sample), _one_at_a_time, base, sample))
            _settle(base)
            _report(
                f"{label}, {rate:.0f}/s", *_measured(pid, len(requests), _open_loop, base, requests, rate)
            )


if __name__ == "__main__":
    main()
