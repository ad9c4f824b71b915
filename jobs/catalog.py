"""Every scheduled job in one table: what it calls, when, and how a late or missed slot is treated.

Adding a job is one entry in JOBS. A schedule is a five-field crontab in Kuwait time (UTC+3 all
year) or `every:SECONDS`; JOBS_SCHEDULE (JSON, job -> schedule) overrides them and JOBS_ENABLED
(comma-separated names) picks a subset, for an operator or a test that needs a fast clock.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta
from typing import Any

from apscheduler.triggers.base import BaseTrigger
from apscheduler.triggers.cron import CronTrigger
from apscheduler.triggers.interval import IntervalTrigger
from sqlmodel import Session

from jobs import work
from jobs.work import JobContext
from registry.errors import ConfigurationError
from registry.services.legal_time import KUWAIT
from registry.settings import Settings

Work = Callable[[Session, JobContext], Any]
AfterCommit = Callable[[JobContext], Any]
# Interval slots count from a fixed origin, so every process computes the same slots.
_INTERVAL_ORIGIN = datetime(2000, 1, 1, tzinfo=UTC)


@dataclass(frozen=True)
class JobSpec:
    """One job: a thin call into a service, its schedule, and its misfire policy (always explicit)."""

    name: str
    work: Work
    schedule: str
    misfire_grace: timedelta
    coalesce: bool
    description: str
    after_commit: AfterCommit | None = field(default=None)

    def trigger(self) -> BaseTrigger:
        """The APScheduler trigger of this job's schedule."""
        if self.schedule.startswith("every:"):
            seconds = float(self.schedule.removeprefix("every:"))
            return IntervalTrigger(seconds=seconds, start_date=_INTERVAL_ORIGIN, timezone=UTC)
        return CronTrigger.from_crontab(self.schedule, timezone=KUWAIT)


HOUR, DAY = timedelta(hours=1), timedelta(days=1)

JOBS: tuple[JobSpec, ...] = (
    JobSpec(
        "rescore_changed", work.rescore_changed, "10 * * * *", HOUR / 2, True,
        "Rescore the companies changed since their last score",
    ),
    JobSpec("rescore_all", work.rescore_all, "0 2 * * *", 3 * HOUR, True, "Rescore every company"),
    JobSpec(
        "expire_listings", work.expire_listings, "5 * * * *", HOUR / 2, True,
        "Expire listings whose period ended; flag response deadlines that passed",
    ),
    JobSpec(
        "publish_blacklist", work.publish_blacklist, "0 6 * * sun", 12 * HOUR, True,
        "Publish the blacklist as the next signed version (expiring what is due first)",
        after_commit=work.export_publications,
    ),
    JobSpec(
        "rematch_names", work.rematch_names, "30 1 * * *", 3 * HOUR, True,
        "Match unresolved company names again when names were learned since the last run",
    ),
    JobSpec(
        "retrain_model", work.retrain_model, "0 3 1 * *", DAY, True,
        "Retrain the risk model; promote it only if it beats the model in use",
    ),
    JobSpec(
        "verify_audit", work.verify_audit, "30 4 * * *", 3 * HOUR, True,
        "Verify the audit trail's hash chain end to end",
    ),
)  # fmt: skip


def enabled(settings: Settings, specs: tuple[JobSpec, ...] = JOBS) -> tuple[JobSpec, ...]:
    """The jobs this process schedules, with schedule overrides applied; bad settings stop start-up."""
    known = {spec.name: spec for spec in specs}
    wanted = [n.strip() for n in settings.jobs_enabled.split(",") if n.strip()] or list(known)
    overrides = _overrides(settings.jobs_schedule)
    unknown = sorted((set(wanted) | set(overrides)) - set(known))
    if unknown:
        raise ConfigurationError(f"unknown job(s) in JOBS_ENABLED or JOBS_SCHEDULE: {', '.join(unknown)}")
    chosen = tuple(
        replace(known[name], schedule=overrides.get(name, known[name].schedule)) for name in wanted
    )
    for spec in chosen:
        _check(spec)
    return chosen


def by_name(name: str, specs: tuple[JobSpec, ...] = JOBS) -> JobSpec:
    """The job called NAME; ConfigurationError when there is none."""
    for spec in specs:
        if spec.name == name:
            return spec
    raise ConfigurationError(f"no job {name!r}; jobs: {', '.join(s.name for s in specs)}")


def _overrides(raw: str) -> dict[str, str]:
    if not raw.strip():
        return {}
    try:
        parsed = json.loads(raw)
    except json.JSONDecodeError as exc:
        raise ConfigurationError(f"JOBS_SCHEDULE is not JSON: {exc}") from exc
    if not isinstance(parsed, dict) or not all(isinstance(v, str) for v in parsed.values()):
        raise ConfigurationError(
            'JOBS_SCHEDULE must map job names to schedules, e.g. {"expire_listings": "every:60"}'
        )
    return {str(k): v for k, v in parsed.items()}


def _check(spec: JobSpec) -> None:
    try:
        spec.trigger()
    except ValueError as exc:
        raise ConfigurationError(f"job {spec.name}: bad schedule {spec.schedule!r}: {exc}") from exc


def last_slot(spec: JobSpec, *, now: datetime) -> datetime | None:
    """The latest slot of SPEC in (now - misfire grace, now], which a new leader may still run."""
    trigger = spec.trigger()
    slot = trigger.get_next_fire_time(None, now - spec.misfire_grace)
    latest = None
    while slot is not None and slot <= now:
        latest = slot
        slot = trigger.get_next_fire_time(slot, slot + timedelta(microseconds=1))
    return latest.astimezone(UTC) if latest is not None else None
