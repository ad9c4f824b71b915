"""The audit chain: appended in order, verified link by link, tampering found, rewrites refused."""

from __future__ import annotations

from datetime import timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError
from sqlmodel import Session

from registry.models.audit import AuditEvent
from registry.models.types import utcnow
from registry.services import audit
from registry.services.audit import AuditEntry, Outcome, canonical_json, event_hash, verify_chain
from tests.conftest import both_backends


def _append(session: Session, count: int, actor: str = "insp.1") -> None:
    now = utcnow()
    for i in range(count):
        entry = AuditEntry(
            actor=actor,
            role="inspector",
            action="complaint.read",
            outcome=Outcome.OK,
            object_type="complaint",
            object_id=str(i),
            request_id=f"r{i}",
            detail={"disclosed": ["narrative"], "n": i, "note": "رقم"},
        )
        audit.append(session, entry=entry, now=now + timedelta(microseconds=i))
    session.flush()


def _dialect(session: Session) -> str:
    return session.get_bind().dialect.name


def _without_guard(session: Session, statement: str) -> None:
    """Run STATEMENT with the append-only triggers off, as a superuser could (undone with the test)."""
    if _dialect(session) == "postgresql":
        session.execute(text("ALTER TABLE audit_event DISABLE TRIGGER USER"))
        session.execute(text("ALTER TABLE audit_chain_head DISABLE TRIGGER USER"))
    else:
        for trigger in ("audit_event_no_update", "audit_event_no_delete", "audit_chain_head_forward"):
            session.execute(text(f"DROP TRIGGER {trigger}"))
    session.execute(text(statement))


@both_backends
def test_events_chain_one_after_another(session: Session) -> None:
    _append(session, 5)
    report = verify_chain(session)
    assert report.intact and report.events >= 5 and report.head_seq == report.events
    assert report.broken_seq is None


@both_backends
@pytest.mark.parametrize(
    ("statement", "problem"),
    [
        ("UPDATE audit_event SET actor = 'someone.else' WHERE seq = {seq}", "was altered"),
        ("UPDATE audit_event SET detail = '{{}}' WHERE seq = {seq}", "was altered"),
        ("DELETE FROM audit_event WHERE seq = {seq}", "is missing"),
        (
            # Another first digit whatever the hash starts with (a fixed '1' changes nothing 1 time in 16).
            "UPDATE audit_event SET prev_hash = CASE WHEN substr(prev_hash, 1, 1) = '0' THEN '1' ELSE '0' END"
            " || substr(prev_hash, 2) WHERE seq = {seq}",
            "does not point at",
        ),
    ],
)
def test_the_first_broken_link_is_reported(session: Session, statement: str, problem: str) -> None:
    _append(session, 6)
    target = verify_chain(session).head_seq - 3
    _without_guard(session, statement.format(seq=target))
    report = verify_chain(session)
    assert not report.intact and report.broken_seq == target and problem in (report.problem or "")
    assert report.events == target - 1


@both_backends
def test_removing_the_newest_events_is_found_through_the_head(session: Session) -> None:
    _append(session, 4)
    head = verify_chain(session).head_seq
    _without_guard(session, f"DELETE FROM audit_event WHERE seq >= {head - 1}")
    report = verify_chain(session)
    assert not report.intact and "removed from the end" in (report.problem or "")


@both_backends
@pytest.mark.parametrize(
    "statement",
    [
        "UPDATE audit_event SET actor = 'x'",
        "DELETE FROM audit_event",
        "DELETE FROM audit_chain_head",
        "UPDATE audit_chain_head SET seq = 0",
    ],
)
def test_the_database_refuses_to_rewrite_the_trail(session: Session, statement: str) -> None:
    _append(session, 2)
    with pytest.raises(DBAPIError, match=r"append-only|is kept|only moves forward"), session.begin_nested():
        session.execute(text(statement))
    assert verify_chain(session).intact


def test_postgresql_refuses_truncate(session: Session) -> None:
    _append(session, 1)
    for table in ("audit_event", "audit_chain_head"):
        with pytest.raises(DBAPIError, match="refused"), session.begin_nested():
            session.execute(text(f"TRUNCATE {table}"))


_TEXT = st.text(min_size=1, max_size=20)
_ENTRIES = st.builds(
    AuditEntry,
    actor=_TEXT,
    role=st.sampled_from(["inspector", "admin", "public"]),
    action=_TEXT,
    outcome=st.sampled_from(list(Outcome)),
    object_id=st.none() | _TEXT,
    detail=st.dictionaries(
        _TEXT, st.none() | st.booleans() | st.integers() | _TEXT | st.lists(_TEXT, max_size=3)
    ),
)


@settings(max_examples=200, deadline=None)
@given(_ENTRIES, st.sampled_from(["actor", "role", "action", "object_id", "seq", "prev_hash", "detail"]))
def test_changing_any_field_changes_the_hash(entry: AuditEntry, field: str) -> None:
    event = AuditEvent(
        seq=7,
        occurred_at=utcnow(),
        actor=entry.actor,
        role=entry.role,
        action=entry.action,
        outcome=entry.outcome.value,
        object_id=entry.object_id,
        detail=canonical_json(entry.detail),
        prev_hash="a" * 64,
        hash="",
    )
    before = event_hash(event)
    value = getattr(event, field)
    setattr(event, field, value + 1 if isinstance(value, int) else (value or "") + "\u200b")
    assert event_hash(event) != before
    reordered = dict(reversed(list(entry.detail.items())))
    assert canonical_json(reordered) == canonical_json(entry.detail)
