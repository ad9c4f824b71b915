"""Scheduled jobs: the record of every run (committee and administrators)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from api.deps import SessionDep
from api.errors import ERROR_RESPONSES
from api.security import allow
from registry.access import Action
from registry.models.job import RunState
from registry.schemas.jobs import JobRunPage, JobRunRead
from registry.schemas.text import Line
from registry.services import job_runs

router = APIRouter(prefix="/api/v1/jobs", tags=["jobs"], responses=ERROR_RESPONSES)


@router.get("/runs", dependencies=[allow(Action.JOBS_READ)])
def list_runs(
    session: SessionDep,
    job: Annotated[Line | None, Query(max_length=60)] = None,
    state: RunState | None = None,
    limit: Annotated[int, Query(ge=1, le=500)] = 50,
    offset: Annotated[int, Query(ge=0)] = 0,
) -> JobRunPage:
    """Runs of scheduled jobs, newest slot first: slot, outcome, attempts, times, counts and error."""
    return job_runs.history(session, job=job, state=state, limit=limit, offset=offset)


@router.get("/runs/{run_id}", dependencies=[allow(Action.JOBS_READ)])
def get_run(session: SessionDep, run_id: int) -> JobRunRead:
    """One run."""
    return job_runs.get(session, run_id=run_id)
