"""An APScheduler executor that hands each job the time its slot was scheduled for.

APScheduler 3 calls a job's function without its scheduled run time, and a run must know its slot:
the job-run table is keyed on it, and it is the run's clock. This thread-pool executor passes the
run time as the first argument and otherwise behaves as APScheduler's own (same misfire check,
same events), by calling APScheduler's `run_job` with a view of the job bound to one slot.
"""

from __future__ import annotations

from concurrent.futures import Future
from datetime import datetime
from typing import Any

from apscheduler.executors.base import run_job
from apscheduler.executors.pool import ThreadPoolExecutor


class _SlotView:
    """The job as `run_job` reads it, with the slot prepended to its arguments."""

    def __init__(self, job: Any, run_time: datetime) -> None:
        self.id = job.id
        self.name = job.name
        self.misfire_grace_time = job.misfire_grace_time
        self.func = job.func
        self.args = (run_time, *job.args)
        self.kwargs = job.kwargs

    def __str__(self) -> str:
        return f"{self.name} @ {self.args[0].isoformat()}"


class SlotExecutor(ThreadPoolExecutor):  # type: ignore[misc]
    """A thread pool whose jobs receive their scheduled run time as the first argument."""

    def _do_submit_job(self, job: Any, run_times: list[datetime]) -> None:
        def run_all() -> list[Any]:
            events: list[Any] = []
            for run_time in run_times:
                events += run_job(
                    _SlotView(job, run_time), job._jobstore_alias, [run_time], self._logger.name
                )
            return events

        def done(future: Future[list[Any]]) -> None:
            error = future.exception()
            if error is not None:
                self._run_job_error(job.id, error, error.__traceback__)
            else:
                self._run_job_success(job.id, future.result())

        self._pool.submit(run_all).add_done_callback(done)
