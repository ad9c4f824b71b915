"""The job catalogue: explicit misfire policy, schedules, overrides, and the slot a new leader catches up."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from apscheduler.schedulers.background import BackgroundScheduler

from jobs import catalog
from registry.errors import ConfigurationError
from tests.jobs_support import job_settings


def test_every_job_sets_misfire_grace_and_coalescing_explicitly() -> None:
    names = {spec.name for spec in catalog.JOBS}
    assert names >= {"rescore_changed", "rescore_all", "expire_listings", "publish_blacklist"}
    assert names >= {"rematch_names", "retrain_model"}
    scheduler = BackgroundScheduler()
    for spec in catalog.JOBS:
        assert spec.misfire_grace > timedelta(0) and isinstance(spec.coalesce, bool)
        grace = int(spec.misfire_grace.total_seconds())
        job = scheduler.add_job(
            print, trigger=spec.trigger(), id=spec.name, misfire_grace_time=grace, coalesce=spec.coalesce
        )
        assert job.misfire_grace_time == spec.misfire_grace.total_seconds() and job.coalesce is spec.coalesce


def test_schedules_run_in_kuwait_time() -> None:
    publish = catalog.by_name("publish_blacklist").trigger()
    first = publish.get_next_fire_time(None, datetime(2026, 3, 2, tzinfo=UTC))  # a Monday
    assert first is not None and first.astimezone(UTC) == datetime(
        2026, 3, 8, 3, 0, tzinfo=UTC
    )  # Sunday 06:00


def test_overrides_and_choice_of_jobs(tmp_path: Path) -> None:
    settings = job_settings(
        tmp_path, JOBS_ENABLED="expire_listings", JOBS_SCHEDULE='{"expire_listings": "every:2"}'
    )
    (spec,) = catalog.enabled(settings)
    assert spec.schedule == "every:2" and spec.misfire_grace == timedelta(minutes=30)
    for bad in ('{"nope": "every:1"}', '{"expire_listings": "61 * * * *"}', "not json"):
        with pytest.raises(ConfigurationError):
            catalog.enabled(job_settings(tmp_path, JOBS_SCHEDULE=bad))


def test_a_new_leader_catches_up_only_the_latest_slot_within_grace() -> None:
    hourly = catalog.by_name("expire_listings")  # :05 every hour, 30 minutes' grace
    assert catalog.last_slot(hourly, now=datetime(2026, 3, 1, 10, 20, tzinfo=UTC)) == datetime(
        2026, 3, 1, 10, 5, tzinfo=UTC
    )
    assert catalog.last_slot(hourly, now=datetime(2026, 3, 1, 10, 40, tzinfo=UTC)) is None
    fast = catalog.JobSpec("t", hourly.work, "every:2", timedelta(seconds=7), True, "t")
    assert catalog.last_slot(fast, now=datetime(2026, 3, 1, 10, 0, 5, 500, tzinfo=UTC)) == datetime(
        2026, 3, 1, 10, 0, 4, tzinfo=UTC
    )
