"""What access control and the audit trail cost, on PostgreSQL.

    .venv/bin/python -m bench.access [--requests 300] [--rounds 5] [--events 150] [--writers 4]

1. A read of a protected resource (GET /api/v1/complaints/{id} as an investigator: narrative and
   complainant identity decrypted) through the in-process app, three ways, interleaved in rounds so
   that load from other processes falls on all of them alike: without access control (the rule and
   the caller replaced by a fixed investigator), with authentication and the permission check but
   no audit event, and with both (the route as served). Median per request and ratios.
2. Audit append rate: WRITERS threads each append EVENTS events, one transaction per event (as a
   request does), into the hash chain; beside the same rows inserted by the same threads into a plain
   table with no chain (the baseline: what the serialisation costs), and one writer alone.
"""

from __future__ import annotations

import argparse
import os
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from fastapi import FastAPI, Request
from fastapi.testclient import TestClient
from sqlalchemy import Engine, text

from api import audit as api_audit
from api.app import create_app
from api.deps import current_principal
from api.security import AccessRule, api_routes, route_rules
from bench._support import median, scratch_database
from registry.access import Action, Principal, Role
from registry.database import build_engine, session_factory, session_scope
from registry.models.types import utcnow
from registry.schemas.account import KeyIn, UserIn
from registry.services import accounts, audit
from registry.services.audit import AuditEntry, Outcome, verify_chain

INVESTIGATOR = Principal("bench.investigator", Role.INVESTIGATOR)
COMPLAINT = {
    "company_name": "Golden Falcon Manpower",
    "categories": ["WAGE_THEFT"],
    "what_happened": "No salary for four months; passport kept by the office.",
    "channel": "hotline",
    "contact": {"name": "Ana Reyes", "phone": "+63 917 555 0101", "nationality": "PH"},
}


@contextmanager
def bound(url: str) -> Iterator[Engine]:
    """Every session of the code under test on the database at URL."""
    engine = build_engine(url)
    session_factory.bind(engine)
    try:
        yield engine
    finally:
        session_factory.reset()
        engine.dispose()


def _token() -> str:
    with session_scope() as session:
        user = UserIn(username=INVESTIGATOR.name, role=Role.INVESTIGATOR)
        accounts.create_user(session, data=user, actor="bench", now=utcnow())
        key = KeyIn(name="bench", username=INVESTIGATOR.name)
        return accounts.issue_key(session, data=key, actor="bench", now=utcnow()).token


def _without_access_control(app: FastAPI) -> FastAPI:
    """The same app with every rule and the caller replaced by a fixed investigator (no token, no audit)."""
    app.dependency_overrides[current_principal] = lambda: INVESTIGATOR
    for route, _path, _methods in api_routes(app):
        rule: AccessRule = route_rules(route)[0]
        app.dependency_overrides[rule] = _stand_in(rule.access_action)  # type: ignore[index]
    return app


def _stand_in(action: Action) -> Callable[[Request], Principal]:
    def stand_in(request: Request) -> Principal:
        api_audit.begin(request, INVESTIGATOR, action)  # what the route notes goes nowhere
        return INVESTIGATOR

    return stand_in


def _timed_block(client: TestClient, url: str, headers: dict[str, str], count: int) -> list[float]:
    samples = []
    for _ in range(count):
        started = time.perf_counter()
        response = client.get(url, headers=headers)
        samples.append(time.perf_counter() - started)
        assert response.status_code == 200 and response.json()["contact"], response.text
    return samples


def measure_reads(url: str, requests: int, rounds: int) -> dict[str, float]:
    """Median seconds per protected read: without access control, authentication only, both."""
    with bound(url):
        headers = {"Authorization": f"Bearer {_token()}"}
        plain, served = _without_access_control(create_app()), create_app()
        with TestClient(served) as with_client, TestClient(plain) as without_client:
            made = with_client.post("/api/v1/complaints", json=COMPLAINT, headers=headers)
            path = f"/api/v1/complaints/{made.json()['id']}"
            finish = api_audit.AuditContext.finish
            samples: dict[str, list[float]] = {"none": [], "auth": [], "auth+audit": []}
            for _ in range(rounds):
                samples["none"] += _timed_block(without_client, path, {}, requests // rounds)
                api_audit.AuditContext.finish = lambda self, session: None  # type: ignore[method-assign]
                samples["auth"] += _timed_block(with_client, path, headers, requests // rounds)
                api_audit.AuditContext.finish = finish  # type: ignore[method-assign]
                samples["auth+audit"] += _timed_block(with_client, path, headers, requests // rounds)
    return {label: median(values) for label, values in samples.items()}


def _together(writers: int, work: Callable[[int], None]) -> float:
    barrier = threading.Barrier(writers + 1)

    def run(i: int) -> None:
        barrier.wait()
        work(i)

    threads = [threading.Thread(target=run, args=(i,)) for i in range(writers)]
    for thread in threads:
        thread.start()
    barrier.wait()
    started = time.perf_counter()
    for thread in threads:
        thread.join()
    return time.perf_counter() - started


def _chained(events: int) -> Callable[[int], None]:
    def work(writer: int) -> None:
        for n in range(events):
            entry = AuditEntry(
                actor=f"writer{writer}",
                role="inspector",
                action="complaint.read",
                outcome=Outcome.OK,
                object_id=str(n),
            )
            with session_scope() as session:
                audit.append(session, entry=entry, now=utcnow())

    return work


def _plain(engine: Engine, events: int) -> Callable[[int], None]:
    statement = text(
        "INSERT INTO bench_plain (occurred_at, actor, action, outcome, object_id, detail) "
        "VALUES (now(), :actor, 'complaint.read', 'ok', :object_id, '{}')"
    )

    def work(writer: int) -> None:
        with engine.connect() as conn:
            for n in range(events):
                conn.execute(statement, {"actor": f"writer{writer}", "object_id": str(n)})
                conn.commit()

    return work


def measure_appends(url: str, events: int, writers: int) -> dict[str, Any]:
    """Events per second: chained with WRITERS threads and with one, and plain inserts with WRITERS."""
    with bound(url) as engine:
        with engine.begin() as conn:
            conn.execute(
                text(
                    "CREATE TABLE bench_plain (id serial PRIMARY KEY, occurred_at timestamptz NOT NULL, "
                    "actor varchar(120) NOT NULL, action varchar(40) NOT NULL, outcome varchar(10) NOT NULL, "
                    "object_id varchar(80), detail text NOT NULL)"
                )
            )
        plain = writers * events / _together(writers, _plain(engine, events))
        one = events / _together(1, _chained(events))
        many = writers * events / _together(writers, _chained(events))
        with session_scope() as session:
            report = verify_chain(session)
    return {"plain": plain, "one": one, "many": many, "report": report}


def main() -> None:
    """Measure and print."""
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--requests", type=int, default=300, help="protected reads per variant")
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--events", type=int, default=150, help="events per writer")
    parser.add_argument("--writers", type=int, default=4)
    args = parser.parse_args()
    print(f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    with scratch_database("bench_access") as url:
        reads = measure_reads(url, args.requests, args.rounds)
    base = reads["none"]
    for label, seconds in reads.items():
        print(
            f"GET a complaint, {label:<11} median {seconds * 1000:6.2f} ms a request ({seconds / base:.2f}x)"
        )
    print(
        f"cost per protected read: authentication {(reads['auth'] - base) * 1000:.2f} ms, "
        f"audit event {(reads['auth+audit'] - reads['auth']) * 1000:.2f} ms"
    )
    with scratch_database("bench_audit") as url:
        rates = measure_appends(url, args.events, args.writers)
    print(f"plain inserts, {args.writers} writers, a commit each: {rates['plain']:7.1f} rows/s (baseline)")
    print(f"audit chain, 1 writer:                      {rates['one']:7.1f} events/s")
    print(
        f"audit chain, {args.writers} writers:                     {rates['many']:7.1f} events/s "
        f"({rates['many'] / rates['plain']:.2f}x the baseline)"
    )
    report = rates["report"]
    print(f"chain after the run: {report.events} events, intact={report.intact}")
    print(f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")


if __name__ == "__main__":
    main()
