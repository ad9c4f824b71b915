"""Job runs as the API and the command line show them."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from pydantic import BaseModel, ConfigDict


class JobRunRead(BaseModel):
    """One slot of one job: when it was due, how it went, what it counted, what went wrong."""

    model_config = ConfigDict(from_attributes=True)

    id: int
    job: str
    scheduled_for: datetime
    trigger: str
    state: str
    attempts: int
    runner: str | None
    started_at: datetime | None
    finished_at: datetime | None
    counts: dict[str, Any]
    error: str | None

    @property
    def seconds(self) -> float | None:
        """How long the last attempt took, when it has ended."""
        if self.started_at is None or self.finished_at is None:
            return None
        return (self.finished_at - self.started_at).total_seconds()


class JobRunPage(BaseModel):
    """A page of runs, newest slot first, and how many match."""

    items: list[JobRunRead]
    total: int
