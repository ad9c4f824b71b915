"""`agency-registry jobs ...` and `agency-registry report ...`."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlmodel import Session
from typer.testing import CliRunner

from cli.main import app
from jobs import catalog
from jobs.runner import run_slot
from registry.models.job import RunTrigger
from tests.jobs_support import LEAD, job_settings
from tests.statistics_support import IDENTITIES, YEAR, small_year

runner = CliRunner()


def test_history_lists_runs_newest_first_with_their_outcome(session: Session, tmp_path: Path) -> None:
    spec = catalog.by_name("expire_listings")
    slot = datetime(2026, 3, 1, 7, 5, tzinfo=UTC)
    for hours in (0, 1):
        run_slot(
            spec,
            slot=slot + timedelta(hours=hours),
            trigger=RunTrigger.SCHEDULE,
            lead=LEAD,
            settings=job_settings(tmp_path),
        )
    result = runner.invoke(app, ["jobs", "history", "--job", "expire_listings"])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert "2026-03-01T08:05:00+00:00 succeeded" in lines[0] and "2026-03-01T07:05:00" in lines[1]
    assert '"expired": 0' in lines[0] and lines[-1] == "2 of 2 run(s)"


def test_list_shows_every_job_with_its_misfire_policy(session: Session) -> None:
    result = runner.invoke(app, ["jobs", "list"])
    assert result.exit_code == 0, result.output
    for spec in catalog.JOBS:
        assert spec.name in result.output
    assert "grace 0:30:00 coalesce yes" in result.output


def test_run_now_queues_for_the_leader(session: Session) -> None:
    result = runner.invoke(app, ["jobs", "run-now", "publish_blacklist", "--no-wait"])
    assert result.exit_code == 0 and "queued run #" in result.output
    assert "queued" in runner.invoke(app, ["jobs", "history"]).output
    assert runner.invoke(app, ["jobs", "run-now", "nope", "--no-wait"]).exit_code == 2


def test_report_annual_without_pdf_and_research_export(
    session: Session, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    small_year(session)
    session.commit()
    result = runner.invoke(app, ["report", "annual", "--year", str(YEAR), "--out", str(tmp_path), "--no-pdf"])
    assert result.exit_code == 0, result.output
    assert "13 complaints, 3 inspections, 2 companies listed, 2 visa checks refused" in result.output
    assert (tmp_path / f"annual-{YEAR}.html").exists() and not (tmp_path / f"annual-{YEAR}.pdf").exists()
    result = runner.invoke(app, ["report", "research", "--year", str(YEAR), "--out", str(tmp_path)])
    assert result.exit_code == 0, result.output
    folder = tmp_path / f"research-{YEAR}"
    written = " ".join(p.read_text(encoding="utf-8-sig") for p in folder.glob("*.csv"))
    assert (folder / f"research-{YEAR}.xlsx").exists() and not any(i in written for i in IDENTITIES)
    monkeypatch.setenv("PATH", "/nonexistent")
    monkeypatch.setattr("cli.reports.get_settings", lambda: job_settings(tmp_path, CHROMIUM="/no/chromium"))
    missing = runner.invoke(app, ["report", "annual", "--year", str(YEAR), "--out", str(tmp_path)])
    assert missing.exit_code == 2 and "Chromium is needed" in missing.output
