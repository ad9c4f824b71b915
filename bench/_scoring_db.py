"""The database half of the scoring benchmark: the registry's load and rescore path on PostgreSQL."""

from __future__ import annotations

import tempfile
import time as time_module
from collections.abc import Callable, Iterator, Sequence
from datetime import UTC, date, datetime, time
from functools import partial
from itertools import islice
from pathlib import Path
from typing import Any, TypeVar

from sqlalchemy import insert
from sqlmodel import Session

from bench._support import scratch_database
from registry.database import build_engine, session_factory, session_scope
from registry.demo import DemoHistory, generate_companies, generate_history
from registry.models.company import Company
from registry.models.complaint import Complaint
from registry.models.inspection import Finding, Inspection
from registry.schemas.company import CompanyCreate
from registry.services.risk import rescore, train
from registry.services.risk_load import load_events

_CHUNK = 10_000
T = TypeVar("T")
STATUS = {True: "substantiated", False: "unsubstantiated", None: "received"}


def _chunks(rows: Iterator[dict[str, Any]]) -> Iterator[list[dict[str, Any]]]:
    while chunk := list(islice(rows, _CHUNK)):
        yield chunk


def _at(day: date) -> datetime:
    return datetime.combine(day, time(9), tzinfo=UTC)


def _companies(session: Session, companies: Sequence[CompanyCreate]) -> dict[str, int]:
    rows = [
        {
            "external_id": c.external_id,
            "name_en": c.name_en,
            "activity": c.activity.value,
            "licence_status": c.licence_status.value,
            "licence_issued": c.licence_issued,
            "sponsored_workers": c.sponsored_workers,
            "version": 1,
        }
        for c in companies
    ]
    table: Any = Company.__table__  # type: ignore[attr-defined]
    ids = session.execute(insert(table).returning(table.c.id, table.c.external_id), rows).all()
    return {external: int(cid) for cid, external in ids}


def _complaints(session: Session, history: DemoHistory, ids: dict[str, int]) -> None:
    rows = (
        {
            "follow_up_code": c.source_ref,
            "received_at": _at(c.received_on),
            "channel": c.channel,
            "reporter_type": c.reporter_type,
            "company_name_written": c.company_name_as_written,
            "company_id": ids[c.company_external_id],
            "match_decision": "match",
            "match_score": 1.0,
            "categories": list(c.categories),
            "status": STATUS[c.substantiated],
            "consent_to_share": False,
            "corridor": c.corridor,
            "reporter_key": c.reporter_key[:64],
            "source": "bench",
            "content_hash": c.source_ref,
        }
        for c in history.complaints
        if c.company_external_id
    )
    table: Any = Complaint.__table__  # type: ignore[attr-defined]
    for chunk in _chunks(rows):
        session.execute(insert(table), chunk)


def _inspections(session: Session, history: DemoHistory, ids: dict[str, int]) -> None:
    table: Any = Inspection.__table__  # type: ignore[attr-defined]
    rows = [
        {
            "inspected_on": i.inspected_on,
            "inspector": i.inspector,
            "company_id": ids[i.company_external_id],
            "workers_interviewed": i.workers_interviewed,
            "outcome": "violations_found" if i.findings else "compliant",
            "source": "bench",
            "source_ref": i.source_ref,
        }
        for i in history.inspections
    ]
    stored = session.execute(insert(table).returning(table.c.id, table.c.source_ref), rows).all()
    by_ref = {ref: int(iid) for iid, ref in stored}
    findings = (
        {
            "inspection_id": by_ref[i.source_ref],
            "violation_code": f.violation_code,
            "severity": f.severity,
            "workers_affected": f.workers_affected,
        }
        for i in history.inspections
        for f in i.findings
    )
    finding_table: Any = Finding.__table__  # type: ignore[attr-defined]
    for chunk in _chunks(findings):
        session.execute(insert(finding_table), chunk)


def _timed(action: Callable[[], T]) -> tuple[float, T]:
    started = time_module.perf_counter()
    result = action()
    return time_module.perf_counter() - started, result


def _timed_steps(end: date, models: Path, card_dir: Path) -> None:
    with session_scope() as session:
        seconds, events = _timed(lambda: load_events(session))
    count = len(events.complaints)
    print(f"  load_events: {seconds:.1f} s, {count} complaints ({seconds / count * 1e6:.1f} s per million)")
    history_end = datetime.combine(end, time(), UTC)
    with session_scope() as session:
        seconds, trained = _timed(
            partial(train, session, as_of=history_end, model_dir=models, docs_dir=card_dir)
        )
    print(f"  train (load + snapshots + folds + fit + card): {seconds:.1f} s; {trained.reason}")
    # Now, not the history's end: the changed-only run below compares rows written now with it.
    now = max(datetime.now(UTC), history_end)
    for only_changed in (False, True):
        with session_scope() as session:
            run = partial(rescore, session, as_of=now, only_changed=only_changed, model_dir=models)
            seconds, summary = _timed(run)
        what = "--changed (nothing changed)" if only_changed else "--all"
        print(f"  rescore {what}: {seconds:.1f} s, {summary.scored} rows, {summary.source}")


def run_database_part(companies: int, seed: int, card_dir: Path | None) -> None:
    """Load a demo history of COMPANIES companies into a scratch database and time the registry's path."""
    print(f"== database path, {companies} companies")
    registry = generate_companies(seed=seed, count=companies)
    history = generate_history(
        registry, seed=seed, complaints_per_company_year=3.6, inspections_per_company_year=0.4
    )
    end = max(c.received_on for c in history.complaints)
    with scratch_database("bench_scoring") as url, tempfile.TemporaryDirectory() as scratch:
        engine = build_engine(url)
        session_factory.bind(engine)
        try:
            with session_scope() as session:
                ids = _companies(session, registry)
                _complaints(session, history, ids)
                _inspections(session, history, ids)
            _timed_steps(end, Path(scratch) / "models", card_dir or Path(scratch) / "docs")
        finally:
            session_factory.reset()
            engine.dispose()
