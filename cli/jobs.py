"""`agency-registry jobs ...`: the scheduler process, its history, and runs on demand."""

from __future__ import annotations

import json
import time

import typer

from jobs import catalog
from jobs.main import run_forever
from registry.database import session_scope
from registry.errors import ConfigurationError
from registry.models.job import RunState
from registry.models.types import utcnow
from registry.schemas.jobs import JobRunRead
from registry.services import job_runs
from registry.settings import get_settings

jobs_app = typer.Typer(
    help="Scheduled jobs: run the scheduler, see its history, run a job now.", no_args_is_help=True
)


@jobs_app.command("run")
def run() -> None:
    """Run the scheduler process (lead, or stand by for the leader); stop with SIGTERM or Ctrl-C."""
    try:
        run_forever(get_settings())
    except ConfigurationError as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(2) from exc


@jobs_app.command("list")
def list_jobs() -> None:
    """Every job with its schedule (Kuwait time), misfire grace time, coalescing and last success."""
    specs = catalog.enabled(get_settings())
    with session_scope() as session:
        for spec in specs:
            last = job_runs.last_success(session, job=spec.name)
            when = last.scheduled_for.isoformat() if last else "never"
            typer.echo(
                f"{spec.name:18} {spec.schedule:14} grace {spec.misfire_grace} "
                f"coalesce {'yes' if spec.coalesce else 'no'}  last success {when}  - {spec.description}"
            )


@jobs_app.command("history")
def history(
    job: str | None = typer.Option(None, help="Only this job."),
    state: RunState | None = typer.Option(None, help="Only runs in this state."),
    limit: int = typer.Option(20, min=1, max=1000),
    offset: int = typer.Option(0, min=0),
    as_json: bool = typer.Option(False, "--json", help="One JSON object per line."),
) -> None:
    """Runs, newest slot first: slot, outcome, attempts, duration, counts and error."""
    with session_scope() as session:
        page = job_runs.history(session, job=job, state=state, limit=limit, offset=offset)
    for run in page.items:
        typer.echo(run.model_dump_json() if as_json else _line(run))
    if not as_json:
        typer.echo(f"{len(page.items)} of {page.total} run(s)")


def _line(run: JobRunRead) -> str:
    took = f"{run.seconds:.1f}s" if run.seconds is not None else "-"
    counts = json.dumps(run.counts, ensure_ascii=False)
    error = f"  error: {run.error}" if run.error else ""
    return (
        f"#{run.id} {run.job:18} {run.scheduled_for.isoformat()} {run.state:9} attempts {run.attempts} "
        f"{took:>7} {run.trigger:8} {counts[:120]}{error}"
    )


@jobs_app.command("run-now")
def run_now(
    name: str = typer.Argument(..., help="The job to run."),
    wait: bool = typer.Option(True, help="Wait until the leader has run it."),
    timeout: float = typer.Option(3600, help="Seconds to wait at most."),
) -> None:
    """Ask the leading `jobs run` process to run a job now (it picks it up at its next heartbeat)."""
    try:
        catalog.by_name(name)
    except ConfigurationError as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(2) from exc
    with session_scope() as session:
        queued = job_runs.queue(session, job=name, at=utcnow())
    typer.echo(f"queued run #{queued.id} of {name}; the leading `jobs run` process picks it up")
    if wait:
        _wait_for(queued.id or 0, timeout)


def _wait_for(run_id: int, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with session_scope() as session:
            run = job_runs.get(session, run_id=run_id)
        if run.state in (RunState.SUCCEEDED, RunState.FAILED):
            typer.echo(_line(run))
            raise typer.Exit(0 if run.state == RunState.SUCCEEDED else 1)
        time.sleep(1)
    typer.echo("still waiting: is a `jobs run` process running?", err=True)
    raise typer.Exit(3)
