"""What each job does to a small registry, with the clock injected through the slot it runs for."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlmodel import Session, select

from jobs import catalog
from jobs.runner import run_slot
from registry.models.job import JobRun, RunTrigger
from registry.models.listing import Listing, ListingState
from registry.models.mention import MentionStatus
from registry.models.publication import Publication
from registry.models.risk import RiskScore
from registry.schemas.company import CompanyNameIn
from registry.services import audit
from registry.services import companies as company_service
from registry.services.audit import AuditEntry, Outcome
from registry.services.name_matching import record_mention
from registry.services.publications import version_folder
from registry.services.risk_models import REFUSAL_FILE
from registry.settings import Settings
from tests.blacklist_support import listed, make_company
from tests.jobs_support import LEAD, job_settings
from tests.risk_support import add_companies, add_complaints, complaint_row


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return job_settings(tmp_path)


def _run(name: str, slot: datetime, settings: Settings, session: Session) -> JobRun | None:
    session.flush()  # the run's own sessions see what the test wrote
    outcome = run_slot(
        catalog.by_name(name), slot=slot, trigger=RunTrigger.SCHEDULE, lead=LEAD, settings=settings
    )
    if outcome is None:
        return None
    return _run_row(name, slot)


def _run_row(name: str, slot: datetime) -> JobRun:
    from registry.database import session_scope

    with session_scope() as db:
        return db.exec(select(JobRun).where(JobRun.job == name, JobRun.scheduled_for == slot)).one()


def test_expiry_ends_listings_on_the_slot_day_in_kuwait(session: Session, settings: Settings) -> None:
    listing = listed(session, make_company(session).id or 0)  # listed until 2028-01-31
    day_before = datetime(2028, 1, 31, 20, 5, tzinfo=UTC)  # 23:05 in Kuwait on the 31st
    run = _run("expire_listings", day_before, settings, session)
    assert run is not None and run.counts["expired"] == 0
    run = _run("expire_listings", day_before + timedelta(hours=1), settings, session)  # 00:05 on 1 February
    assert run is not None and run.state == "succeeded" and run.counts["expired"] == 1
    session.expire_all()
    assert session.get(Listing, listing.id).state == ListingState.EXPIRED  # type: ignore[union-attr]
    assert _run("expire_listings", day_before + timedelta(hours=1), settings, session) is None, (
        "a slot runs once"
    )


def test_publishing_writes_a_signed_version_and_its_folder_after_commit(
    session: Session, settings: Settings
) -> None:
    listed(session, make_company(session).id or 0)
    slot = datetime(2026, 3, 8, 3, 0, tzinfo=UTC)
    run = _run("publish_blacklist", slot, settings, session)
    assert run is not None and run.state == "succeeded"
    assert (run.counts["version"], run.counts["listings"], run.counts["added"]) == (1, 1, 1)
    publication = session.exec(select(Publication)).one()
    assert publication.created_at == slot and publication.created_by == "scheduler"
    assert (settings.publication_dir / version_folder(1) / "manifest.json").exists()
    second = _run("publish_blacklist", slot + timedelta(days=7), settings, session)
    assert second is not None and (second.counts["version"], second.counts["added"]) == (2, 0)


def test_rematching_runs_only_after_new_names_and_then_resolves_mentions(
    session: Session, settings: Settings
) -> None:
    company = make_company(session, name_en="Behbehani Cleaning Co.")
    mention = record_mention(session, text="Star of the Desert Manpower", source="test")
    assert mention.status == MentionStatus.UNMATCHED
    night = datetime(2026, 3, 1, 22, 30, tzinfo=UTC)
    first = _run("rematch_names", night, settings, session)
    assert first is not None and first.counts["changed"] == 0 and "skipped" not in first.counts
    second = _run("rematch_names", night + timedelta(days=1), settings, session)
    assert second is not None and second.counts["skipped"] == "no name learned since the last run"
    company_service.add_name(
        session, company_id=company.id or 0, name=CompanyNameIn(text="Star of the Desert Manpower")
    )
    third = _run("rematch_names", night + timedelta(days=2), settings, session)
    assert third is not None and third.counts["changed"] == 1
    session.refresh(mention)
    assert (mention.status, mention.company_id) == (MentionStatus.MATCHED, company.id)


def test_rescoring_all_then_only_what_changed_at_the_slot_time(session: Session, settings: Settings) -> None:
    a, b = add_companies(session, [{}, {}])
    # "Changed since the last score" compares write times with score times: slots after this moment.
    nightly = datetime.now(UTC).replace(microsecond=0) + timedelta(hours=1)
    run = _run("rescore_all", nightly, settings, session)
    assert run is not None and run.counts["scored"] >= 2 and run.counts["only_changed"] is False
    stamps = session.exec(select(RiskScore.computed_at).where(RiskScore.company_id == a)).all()
    assert stamps == [nightly]
    add_complaints(session, [complaint_row(b, date(2026, 3, 1), updated_at=nightly + timedelta(minutes=30))])
    hourly = nightly + timedelta(hours=1, minutes=10)
    run = _run("rescore_changed", hourly, settings, session)
    assert run is not None and run.counts["scored"] == 1
    assert session.exec(select(RiskScore.company_id).where(RiskScore.computed_at == hourly)).all() == [b]


def test_retraining_without_enough_labels_records_why_and_promotes_nothing(
    session: Session, settings: Settings
) -> None:
    add_companies(session, [{}])
    run = _run("retrain_model", datetime(2026, 3, 1, 0, 0, tzinfo=UTC), settings, session)
    assert run is not None and run.state == "succeeded"
    assert run.counts["trained"] is False and run.counts["promoted"] is False
    assert run.counts["reason"].startswith("insufficient labels")
    assert (settings.model_dir / REFUSAL_FILE).exists()


def test_audit_verification_succeeds_on_an_intact_chain_and_fails_naming_a_broken_link(
    session: Session, settings: Settings
) -> None:
    for i in range(3):
        entry = AuditEntry(
            actor="jobs.test", role="admin", action="test", outcome=Outcome.OK, object_id=str(i)
        )
        audit.append(session, entry=entry, now=datetime(2026, 3, 1, tzinfo=UTC) + timedelta(seconds=i))
    slot = datetime(2026, 3, 2, 1, 30, tzinfo=UTC)
    run = _run("verify_audit", slot, settings, session)
    assert run is not None and run.state == "succeeded" and run.counts["ok"] is True
    head = session.execute(text("SELECT seq FROM audit_chain_head")).scalar_one()
    session.execute(text("ALTER TABLE audit_event DISABLE TRIGGER audit_event_no_update"))
    session.execute(text("UPDATE audit_event SET actor = 'nobody' WHERE seq = :seq"), {"seq": head - 1})
    session.execute(text("ALTER TABLE audit_event ENABLE TRIGGER audit_event_no_update"))
    broken = _run("verify_audit", slot + timedelta(days=1), settings, session)
    assert broken is not None and broken.state == "failed"
    assert f"event {head - 1} was altered" in (broken.error or "") + str(broken.counts)


def test_a_published_version_records_the_audit_chain_head(session: Session, settings: Settings) -> None:
    listed(session, make_company(session).id or 0)
    run = _run("publish_blacklist", datetime(2026, 3, 8, 3, 0, tzinfo=UTC), settings, session)
    assert run is not None and run.state == "succeeded"
    manifest = json.loads((settings.publication_dir / version_folder(1) / "manifest.json").read_text())
    assert manifest["audit_chain_head"] == audit.chain_head(session)
