"""Start a `jobs run` process: settings checked, jobs chosen, signals wired, then serve until stopped."""

from __future__ import annotations

import logging
import signal
import threading

from jobs import catalog
from jobs.leadership import elector_for
from jobs.process import JobsProcess, runner_name
from registry.errors import ConfigurationError
from registry.settings import Settings, load_secrets


def run_forever(settings: Settings) -> None:
    """Lead or stand by until SIGTERM or SIGINT; then finish runs in progress and let go."""
    if settings.jobs_heartbeat_seconds * 2 > settings.jobs_lease_seconds:
        raise ConfigurationError("JOBS_HEARTBEAT_SECONDS must be at most half of JOBS_LEASE_SECONDS")
    load_secrets(settings)
    specs = catalog.enabled(settings)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s %(message)s")
    logging.getLogger("apscheduler").setLevel(logging.WARNING)
    stop = threading.Event()
    for signum in (signal.SIGTERM, signal.SIGINT):
        signal.signal(signum, lambda *_: stop.set())
    runner = runner_name()
    process = JobsProcess(
        settings=settings, specs=specs, elector=elector_for(settings, holder=runner), runner=runner
    )
    process.serve(stop)
