"""Running one slot of one job: claim it, do the work and mark it done in one transaction, or fail it."""

from __future__ import annotations

import dataclasses
import json
import logging
import threading
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from pydantic import BaseModel

from jobs.catalog import JobSpec
from jobs.work import JobContext
from registry.database import session_scope
from registry.models.job import RunState, RunTrigger
from registry.models.types import utcnow
from registry.services import job_runs
from registry.settings import Settings

log = logging.getLogger("jobs")


@dataclass(frozen=True)
class Lead:
    """Who runs: this process's runner name and the lease epoch it leads under."""

    runner: str
    epoch: int


class InFlight:
    """The run ids this process is working on, so the resume sweep leaves them alone."""

    def __init__(self) -> None:
        self._ids: set[int] = set()
        self._lock = threading.Lock()

    def add(self, run_id: int) -> None:
        """Note that RUN_ID started here."""
        with self._lock:
            self._ids.add(run_id)

    def discard(self, run_id: int) -> None:
        """Note that RUN_ID ended here."""
        with self._lock:
            self._ids.discard(run_id)

    def snapshot(self) -> frozenset[int]:
        """The ids in flight now."""
        with self._lock:
            return frozenset(self._ids)


class ReportedFailure(Exception):
    """The work ran but reported that something is wrong (a result with ok = false)."""


def run_slot(
    spec: JobSpec,
    *,
    slot: datetime,
    trigger: RunTrigger,
    lead: Lead,
    settings: Settings,
    in_flight: InFlight | None = None,
    clock: Callable[[], datetime] = utcnow,
) -> str | None:
    """Run SPEC's SLOT unless it is done or taken: the outcome (a RunState value), or None when skipped."""
    slot = slot.astimezone(UTC)
    with session_scope() as session:
        run_id = job_runs.claim(
            session,
            job=spec.name,
            slot=slot,
            trigger=trigger,
            runner=lead.runner,
            epoch=lead.epoch,
            now=clock(),
            max_attempts=settings.jobs_max_attempts,
        )
    if run_id is None:
        log.info("job=%s slot=%s outcome=skipped (done or taken)", spec.name, slot.isoformat())
        return None
    flight = in_flight or InFlight()
    flight.add(run_id)
    try:
        outcome = _execute(spec, JobContext(slot=slot, settings=settings, run_id=run_id), lead, clock)
    finally:
        flight.discard(run_id)
    log.info(
        "job=%s slot=%s run=%d epoch=%d runner=%s outcome=%s",
        spec.name, slot.isoformat(), run_id, lead.epoch, lead.runner, outcome,
    )  # fmt: skip
    return outcome


def _execute(spec: JobSpec, ctx: JobContext, lead: Lead, clock: Callable[[], datetime]) -> str:
    counts: dict[str, Any] = {}
    try:
        with session_scope() as session:
            counts = as_counts(spec.work(session, ctx))
            if counts.get("ok") is False:
                raise ReportedFailure(f"{spec.name} reported a failure: {json.dumps(counts)[:500]}")
            job_runs.succeed(session, run_id=ctx.run_id, epoch=lead.epoch, counts=counts, now=clock())
    except job_runs.LostLease:
        return "lost_lease"
    except Exception as exc:  # any failure of the work is recorded with the run, never lost
        log.exception("job=%s run=%d failed", spec.name, ctx.run_id)
        _record_failure(ctx.run_id, lead.epoch, f"{type(exc).__name__}: {exc}", clock(), counts)
        return RunState.FAILED.value
    if spec.after_commit is not None:
        try:
            spec.after_commit(ctx)
        except Exception:  # the committed run stands; the next run of the job redoes this step
            log.exception("job=%s run=%d: the step after commit failed", spec.name, ctx.run_id)
    return RunState.SUCCEEDED.value


def _record_failure(run_id: int, epoch: int, error: str, now: datetime, counts: Mapping[str, Any]) -> None:
    try:
        with session_scope() as session:
            job_runs.fail(session, run_id=run_id, epoch=epoch, error=error, now=now, counts=counts)
    except Exception:  # database gone too: the run stays `running` and the resume sweep redoes it
        log.exception("run=%d: could not record its failure", run_id)


def as_counts(result: Any) -> dict[str, Any]:
    """A work result as the JSON object kept with the run (models, dataclasses, mappings, numbers)."""
    if result is None:
        value: Any = {}
    elif isinstance(result, BaseModel):
        value = result.model_dump(mode="json")
    elif dataclasses.is_dataclass(result) and not isinstance(result, type):
        value = dataclasses.asdict(result)
    elif isinstance(result, Mapping):
        value = dict(result)
    elif isinstance(result, bool | int | float):
        value = {"result": result}
    else:
        value = {"result": str(result)}
    plain: dict[str, Any] = json.loads(json.dumps(value, default=str))
    return plain
