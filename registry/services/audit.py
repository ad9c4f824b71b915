"""The audit trail: append events to the hash chain one writer at a time, and verify the chain.

An event's hash covers its canonical JSON (every field but the hash, the previous event's hash
included), so changing, removing or reordering any event breaks every link after it. Writers take
the chain head's lock first (`repositories.audit.take_turn`), so two transactions can never append
to the same predecessor; the unique `prev_hash` column refuses a fork even if that were bypassed.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from typing import Any

from sqlmodel import Session

from registry.models.audit import GENESIS_HASH, AuditEvent
from registry.repositories import audit as audit_repo
from registry.schemas.account import AuditEventRead, AuditPage

DetailValue = str | int | bool | list[str] | None
_HASHED = (
    "seq",
    "occurred_at",
    "actor",
    "role",
    "action",
    "object_type",
    "object_id",
    "request_id",
    "outcome",
    "reason",
    "credential_id",
    "detail",
    "prev_hash",
)


class Outcome(StrEnum):
    """How an attempt ended."""

    OK = "ok"
    DENIED = "denied"
    FAILED = "failed"


@dataclass(frozen=True)
class AuditEntry:
    """What happened, before it takes its place in the chain."""

    actor: str
    role: str
    action: str
    outcome: Outcome
    object_type: str | None = None
    object_id: str | None = None
    request_id: str | None = None
    reason: str | None = None
    credential_id: int | None = None
    detail: Mapping[str, DetailValue] = field(default_factory=dict)


@dataclass(frozen=True)
class ChainReport:
    """The result of checking the chain: how far it holds, and the first broken link if any."""

    events: int
    head_seq: int
    head_hash: str
    broken_seq: int | None = None
    problem: str | None = None

    @property
    def intact(self) -> bool:
        """True when every link holds."""
        return self.problem is None


def canonical_json(value: Mapping[str, Any]) -> str:
    """The one serialisation hashes are taken over.

    Hand-written rather than a JSON canonicalisation library: every value is a string, an integer, a
    boolean, null or a list of strings (never a float), and for those RFC 8785 comes down to sorted
    keys, no insignificant whitespace and UTF-8, which is exactly what this does.
    """
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def event_hash(event: Any) -> str:
    """The SHA-256 of an event's canonical JSON (an AuditEvent or a row with the same columns)."""
    values = {name: getattr(event, name) for name in _HASHED}
    values["occurred_at"] = values["occurred_at"].isoformat()
    return hashlib.sha256(canonical_json(values).encode("utf-8")).hexdigest()


def append(session: Session, *, entry: AuditEntry, now: datetime) -> AuditEvent:
    """Add ENTRY to the end of the chain, in the caller's transaction (which then holds the head lock)."""
    seq, prev = audit_repo.take_turn(session)
    event = AuditEvent(
        seq=seq,
        occurred_at=now,
        actor=entry.actor[:120],
        role=entry.role,
        action=entry.action,
        object_type=entry.object_type,
        object_id=entry.object_id,
        request_id=entry.request_id,
        outcome=entry.outcome.value,
        reason=entry.reason[:300] if entry.reason else None,
        credential_id=entry.credential_id,
        detail=canonical_json(entry.detail),
        prev_hash=prev,
        hash="",
    )
    event.hash = event_hash(event)
    session.add(event)
    session.flush()
    audit_repo.move_head(session, seq=seq, event_hash=event.hash)
    return event


def verify_chain(session: Session) -> ChainReport:
    """Walk the whole chain in order; report the first broken link (for the CLI and scheduled jobs)."""
    expected_seq, prev, count = 1, GENESIS_HASH, 0
    for row in audit_repo.stream(session):
        problem = _link_problem(row, expected_seq, prev)
        if problem is not None:
            return _report(session, count, broken=expected_seq, problem=problem)
        expected_seq, prev, count = row.seq + 1, row.hash, count + 1
    head_seq, head_hash = audit_repo.head(session)
    if (head_seq, head_hash) != (expected_seq - 1, prev):
        problem = (
            f"the chain ends at event {expected_seq - 1} but its head names event {head_seq}: "
            "events were removed from the end, or the head was rewritten"
        )
        return _report(session, count, broken=expected_seq, problem=problem)
    return _report(session, count)


def chain_head(session: Session) -> str:
    """The hash of the newest event, to be recorded outside the database (e.g. in a publication)."""
    return audit_repo.head(session)[1]


def events_page(
    session: Session,
    *,
    actor: str | None,
    object_type: str | None,
    object_id: str | None,
    limit: int,
    offset: int,
) -> AuditPage:
    """A page of the trail, newest first."""
    rows, total = audit_repo.page(
        session, actor=actor, object_type=object_type, object_id=object_id, limit=limit, offset=offset
    )
    return AuditPage(items=[AuditEventRead.model_validate(row) for row in rows], total=total)


def _link_problem(row: Any, expected_seq: int, prev: str) -> str | None:
    if row.seq != expected_seq:
        return f"event {expected_seq} is missing (the next one stored is {row.seq})"
    if row.prev_hash != prev:
        return f"event {row.seq} does not point at event {row.seq - 1}: the chain was cut or reordered"
    if event_hash(row) != row.hash:
        return f"event {row.seq} was altered: its content no longer matches its hash"
    return None


def _report(
    session: Session, count: int, *, broken: int | None = None, problem: str | None = None
) -> ChainReport:
    head_seq, head_hash = audit_repo.head(session)
    return ChainReport(count, head_seq, head_hash, broken, problem)
