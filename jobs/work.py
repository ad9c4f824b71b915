"""The work of each job: a thin call into a service, at the slot's time, returning what it counted.

The clock of a run is its slot (`ctx.slot`), not the wall clock, so a run resumed after an
interruption acts exactly as the first attempt would have, and tests drive time by choosing slots.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlmodel import Session

from registry.database import session_scope
from registry.services import audit, job_runs, listings, publication_export, publications, review, risk
from registry.services.legal_time import local_date
from registry.settings import Settings, load_secrets

SCHEDULER = "scheduler"
# Where `agency-registry model train` also puts the card of a promoted model.
DOCS_DIR = Path("./docs")


@dataclass(frozen=True)
class JobContext:
    """What a run knows: its slot (its clock), the settings, and its run id."""

    slot: datetime
    settings: Settings
    run_id: int


def rescore_changed(session: Session, ctx: JobContext) -> Any:
    """Rescore the companies changed since their last score."""
    return risk.rescore(session, as_of=ctx.slot, only_changed=True, model_dir=ctx.settings.model_dir)


def rescore_all(session: Session, ctx: JobContext) -> Any:
    """Rescore every live company."""
    return risk.rescore(session, as_of=ctx.slot, only_changed=False, model_dir=ctx.settings.model_dir)


def expire_listings(session: Session, ctx: JobContext) -> dict[str, int]:
    """Expire listings whose period ended and flag response deadlines that passed."""
    report = listings.expire_due(session, today=local_date(ctx.slot), now=ctx.slot)
    return {"expired": len(report.expired), "deadlines_passed": len(report.deadlines_passed)}


def publish_blacklist(session: Session, ctx: JobContext) -> dict[str, int]:
    """Expire what is due, then publish the listings in force as the next signed version."""
    expired = expire_listings(session, ctx)
    key = load_secrets(ctx.settings).signing_key
    head = audit.chain_head(session)
    done = publications.publish(session, signing_key=key, actor=SCHEDULER, now=ctx.slot, audit_head=head)
    return {
        **expired,
        "version": done.version,
        "listings": done.listings,
        "added": done.added,
        "removed": done.removed,
        "changed": done.changed,
    }


def export_publications(ctx: JobContext) -> list[int]:
    """After the publication committed: write the versions not yet in the publication directory."""
    with session_scope() as session:
        return publication_export.write_missing(session, directory=ctx.settings.publication_dir)


def rematch_names(session: Session, ctx: JobContext) -> dict[str, Any]:
    """Match pending and unmatched names again, when names were learned since the last successful run."""
    seq = review.name_change_seq(session)
    previous = job_runs.last_success(session, job="rematch_names")
    if previous is not None and previous.counts.get("name_change_seq") == seq:
        return {"changed": 0, "name_change_seq": seq, "skipped": "no name learned since the last run"}
    return {"changed": review.rematch_unresolved(session), "name_change_seq": seq}


def retrain_model(session: Session, ctx: JobContext) -> Any:
    """Train on the history up to the slot; promoted only if it beats the model in use."""
    return risk.train(session, as_of=ctx.slot, model_dir=ctx.settings.model_dir, docs_dir=DOCS_DIR)


def verify_audit(session: Session, ctx: JobContext) -> dict[str, Any]:
    """Walk the audit chain end to end; a broken link fails the run, naming it."""
    report = audit.verify_chain(session)
    return {
        "ok": report.intact,
        "events": report.events,
        "head_seq": report.head_seq,
        "head_hash": report.head_hash,
        "broken_seq": report.broken_seq,
        "problem": report.problem,
    }
