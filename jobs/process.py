"""The `jobs run` process: lead or stand by, schedule while leading, resume what was interrupted.

Every heartbeat the process takes or renews leadership. A new leader starts an in-memory APScheduler
with every job (explicit misfire grace and coalescing), runs each job's latest slot it missed within
its grace time (coalesced, as APScheduler would have), and from then on sweeps the job-run table for
queued runs (asked for on demand), interrupted runs and failed runs with attempts left. A leader that
loses the lease stops scheduling; its runs still in progress cannot commit (fencing by epoch).

The schedule is held in memory rather than in APScheduler's SQLAlchemy job store: that store may not
be shared by several schedulers, and the job-run table already records every slot, which is all a
new leader needs to catch up.
"""

from __future__ import annotations

import logging
import os
import secrets
import socket
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime, timedelta

from apscheduler.schedulers.background import BackgroundScheduler
from sqlalchemy.exc import SQLAlchemyError
from sqlmodel import Session

from jobs.catalog import JobSpec, last_slot
from jobs.executor import SlotExecutor
from jobs.leadership import Elector
from jobs.runner import InFlight, Lead, run_slot
from registry.database import session_scope
from registry.models.job import JobRun, RunState, RunTrigger
from registry.models.types import utcnow
from registry.services import job_runs
from registry.settings import Settings

log = logging.getLogger("jobs")


def runner_name() -> str:
    """host:pid:random, unique to this process."""
    return f"{socket.gethostname()}:{os.getpid()}:{secrets.token_hex(3)}"


class JobsProcess:
    """One `jobs run` process."""

    def __init__(
        self,
        *,
        settings: Settings,
        specs: tuple[JobSpec, ...],
        elector: Elector,
        runner: str,
        clock: Callable[[], datetime] = utcnow,
    ) -> None:
        self.settings, self.specs, self.elector, self.runner = settings, specs, elector, runner
        self.clock = clock
        self.heartbeat = settings.jobs_heartbeat_seconds
        self._by_name = {spec.name: spec for spec in specs}
        self._locks = {spec.name: threading.Lock() for spec in specs}
        self._in_flight = InFlight()
        self._pending: set[tuple[str, datetime]] = set()
        self._pending_lock = threading.Lock()
        self._scheduler: BackgroundScheduler | None = None
        self._resumer: ThreadPoolExecutor | None = None
        self._lead: Lead | None = None

    def serve(self, stop: threading.Event) -> None:
        """Beat until STOP is set; then stop scheduling, wait for runs in progress, let go."""
        log.info("jobs process %s started: %s", self.runner, ", ".join(self._by_name))
        try:
            while not stop.is_set():
                self.beat()
                stop.wait(self.heartbeat)
        finally:
            self._step_down(wait=True)
            self.elector.release()
            log.info("jobs process %s stopped", self.runner)

    @property
    def leading(self) -> bool:
        """Whether this process schedules now."""
        return self._lead is not None

    def beat(self) -> None:
        """One heartbeat: hold leadership, start or stop scheduling, resume what waits."""
        epoch = self.elector.hold()
        if self._lead is not None and self._lead.epoch != epoch:
            log.warning("lost leadership (epoch %s -> %s)", self._lead.epoch, epoch)
            self._step_down(wait=False)
        if epoch is None:
            return
        if self._lead is None:
            self._take_lead(Lead(runner=self.runner, epoch=epoch))
        try:
            self._resume()
        except SQLAlchemyError as exc:  # the database is away; the next heartbeat tries again
            log.warning("resume sweep failed: %s", type(exc).__name__)

    def _take_lead(self, lead: Lead) -> None:
        log.info("leading as %s, epoch %d", lead.runner, lead.epoch)
        self._lead = lead
        self._resumer = ThreadPoolExecutor(max_workers=len(self.specs) or 1, thread_name_prefix="resume")
        scheduler = BackgroundScheduler(executors={"default": SlotExecutor(max_workers=len(self.specs) or 1)})
        for spec in self.specs:
            scheduler.add_job(
                self._scheduled,
                trigger=spec.trigger(),
                kwargs={"name": spec.name},
                id=spec.name,
                name=spec.name,
                misfire_grace_time=int(spec.misfire_grace.total_seconds()),
                coalesce=spec.coalesce,
                max_instances=1,
            )
        scheduler.start()
        self._scheduler = scheduler
        now = self.clock()
        for spec in self.specs:
            slot = last_slot(spec, now=now)
            if slot is not None:
                self._submit(spec, slot, RunTrigger.CATCH_UP)

    def _step_down(self, *, wait: bool) -> None:
        scheduler, resumer = self._scheduler, self._resumer
        self._scheduler, self._resumer, self._lead = None, None, None
        if scheduler is not None:
            scheduler.shutdown(wait=wait)
        if resumer is not None:
            resumer.shutdown(wait=wait)

    def _scheduled(self, slot: datetime | None = None, *, name: str) -> None:
        # SlotExecutor passes the slot; the default only satisfies APScheduler's signature check.
        if slot is not None:
            self._run(self._by_name[name], slot, RunTrigger.SCHEDULE)

    def _run(self, spec: JobSpec, slot: datetime, trigger: RunTrigger) -> None:
        lead = self._lead
        if lead is None:
            return
        with self._locks[spec.name]:  # one run of a job at a time in this process
            run_slot(
                spec, slot=slot, trigger=trigger, lead=lead, settings=self.settings,
                in_flight=self._in_flight, clock=self.clock,
            )  # fmt: skip

    def _submit(self, spec: JobSpec, slot: datetime, trigger: RunTrigger) -> None:
        key = (spec.name, slot)
        with self._pending_lock:
            if key in self._pending or self._resumer is None:
                return
            self._pending.add(key)

        def run() -> None:
            try:
                self._run(spec, slot, trigger)
            except Exception:
                log.exception("job=%s slot=%s could not run", spec.name, slot.isoformat())
            finally:
                with self._pending_lock:
                    self._pending.discard(key)

        self._resumer.submit(run)

    def _resume(self) -> None:
        lead, now = self._lead, self.clock()
        if lead is None or not self.specs:
            return
        oldest = now - max(spec.misfire_grace for spec in self.specs)
        with session_scope() as session:
            waiting = job_runs.to_resume(
                session,
                epoch=lead.epoch,
                in_flight=self._in_flight.snapshot(),
                max_attempts=self.settings.jobs_max_attempts,
                since=oldest,
            )
            for run in waiting:
                self._resume_one(session, run, lead, now)

    def _resume_one(self, session: Session, run: JobRun, lead: Lead, now: datetime) -> None:
        spec = self._by_name.get(run.job)
        if spec is None:
            return
        late = run.scheduled_for < now - spec.misfire_grace
        spent = run.attempts >= self.settings.jobs_max_attempts
        if run.state != RunState.QUEUED and (late or spent):
            if run.state == RunState.RUNNING:
                why = (
                    f"interrupted after {run.attempts} attempt(s){' and past its grace time' if late else ''}"
                )
                job_runs.abandon(session, run_id=run.id or 0, epoch=lead.epoch, why=why, now=now)
            return
        retry_after = timedelta(seconds=4 * self.heartbeat)
        if run.state == RunState.FAILED and run.finished_at and now - run.finished_at < retry_after:
            return
        self._submit(spec, run.scheduled_for, RunTrigger(run.trigger))
