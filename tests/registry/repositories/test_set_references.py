"""Foreign keys checked in sets for one bulk statement (set_references), on PostgreSQL."""

from __future__ import annotations

import uuid

import pytest
from sqlalchemy import text
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session

from registry.errors import Conflict
from registry.models.import_batch import ImportBatch
from registry.repositories import complaint_sql
from registry.repositories.set_references import (
    lock_referenced,
    may_check_in_sets,
    row_triggers_off,
    table_foreign_keys,
)

_ORPHAN_HISTORY = (
    "INSERT INTO complaint_status_change (complaint_id, to_status, reason, actor, at) "
    "VALUES (-1, 'received', 'test', 'test', now())"
)
_HISTORY_INSERT = {"complaint_status_change": ("INSERT",)}
_HISTORY_KEYS = {("complaint_status_change", "complaint_id"): "complaint"}
_COMPLAINT_KEYS = {key: to for key, to in complaint_sql.FOREIGN_KEYS.items() if key[0] == "complaint"}


def _batch(session: Session) -> int:
    batch = ImportBatch(
        kind="complaints", source="t", file_name="f.csv", file_sha256="0" * 64, status="running"
    )
    session.add(batch)
    session.flush()
    return batch.id or 0


def _setting(session: Session) -> str:
    return str(session.execute(text("SELECT current_setting('session_replication_role')")).scalar_one())


def test_only_where_no_trigger_of_its_own_fires_on_what_the_statement_does(session: Session) -> None:
    # The tests connect as a superuser; complaint has a trigger of its own on UPDATE, none on INSERT.
    writes = {"complaint": ("INSERT",), "name_mention": ("UPDATE",)}
    assert may_check_in_sets(session, writes=writes, foreign_keys=_COMPLAINT_KEYS)
    assert not may_check_in_sets(
        session, writes={"complaint": ("INSERT", "UPDATE")}, foreign_keys=_COMPLAINT_KEYS
    )
    assert not may_check_in_sets(session, writes={"audit_event": ("DELETE",)}, foreign_keys={})


def test_a_foreign_key_the_caller_does_not_check_keeps_the_row_triggers(session: Session) -> None:
    assert not may_check_in_sets(session, writes=_HISTORY_INSERT, foreign_keys={})
    assert not may_check_in_sets(session, writes={"complaint": ("INSERT",)}, foreign_keys=_HISTORY_KEYS)


def test_the_written_tables_stay_locked_until_the_transaction_ends(session: Session) -> None:
    assert may_check_in_sets(session, writes=_HISTORY_INSERT, foreign_keys=_HISTORY_KEYS)
    held = session.execute(
        text(
            "SELECT mode FROM pg_locks WHERE pid = pg_backend_pid() "
            "AND relation = CAST('complaint_status_change' AS regclass)"
        )
    ).scalars()
    assert "RowExclusiveLock" in set(held)


def test_a_deferrable_unique_constraint_or_a_rule_keeps_the_row_triggers(session: Session) -> None:
    assert may_check_in_sets(session, writes=_HISTORY_INSERT, foreign_keys=_HISTORY_KEYS)
    with session.begin_nested() as change:
        session.execute(text("ALTER TABLE complaint_status_change ADD UNIQUE (id) DEFERRABLE"))
        assert not may_check_in_sets(session, writes=_HISTORY_INSERT, foreign_keys=_HISTORY_KEYS)
        change.rollback()
    with session.begin_nested() as change:
        session.execute(text("CREATE RULE keep AS ON INSERT TO complaint_status_change DO ALSO NOTHING"))
        assert not may_check_in_sets(session, writes=_HISTORY_INSERT, foreign_keys=_HISTORY_KEYS)
        change.rollback()


def test_a_role_needs_the_grant_to_turn_row_triggers_off(session: Session) -> None:
    if (session.get_bind().dialect.server_version_info or (0,)) < (15,):
        pytest.skip("GRANT SET ON PARAMETER needs PostgreSQL 15")
    role = f"importer_{uuid.uuid4().hex[:8]}"
    session.execute(text(f"CREATE ROLE {role}; GRANT SELECT ON complaint_status_change TO {role}"))
    session.execute(text(f"SET LOCAL ROLE {role}"))
    assert not may_check_in_sets(session, writes=_HISTORY_INSERT, foreign_keys=_HISTORY_KEYS)
    session.execute(text("RESET ROLE"))
    session.execute(text(f"GRANT SET ON PARAMETER session_replication_role TO {role}"))
    session.execute(text(f"SET LOCAL ROLE {role}"))
    # Granted, but it may not lock the table: no, and the transaction goes on.
    assert not may_check_in_sets(session, writes=_HISTORY_INSERT, foreign_keys=_HISTORY_KEYS)
    session.execute(text("RESET ROLE"))
    session.execute(text(f"GRANT INSERT ON complaint_status_change TO {role}"))
    session.execute(text(f"SET LOCAL ROLE {role}"))
    assert may_check_in_sets(session, writes=_HISTORY_INSERT, foreign_keys=_HISTORY_KEYS)
    with row_triggers_off(session):
        assert _setting(session) == "replica"
    session.execute(text("RESET ROLE"))


def test_every_referenced_row_is_there_or_the_import_is_refused(session: Session) -> None:
    batch_id = _batch(session)
    lock_referenced(session, {"import_batch": "SELECT CAST(:batch AS integer) AS id"}, {"batch": batch_id})
    ids = "SELECT id FROM (VALUES (CAST(:batch AS integer)), (NULL), (-5), (-6)) v (id)"
    with pytest.raises(Conflict, match="2 import_batch row"):
        lock_referenced(session, {"import_batch": ids}, {"batch": batch_id})


def test_row_triggers_are_off_inside_the_block_only(session: Session) -> None:
    session.execute(text("SET LOCAL session_replication_role = local"))
    with row_triggers_off(session):
        assert _setting(session) == "replica"
        with session.begin_nested() as inside:
            session.execute(text(_ORPHAN_HISTORY))  # the foreign key's trigger did not run
            inside.rollback()
    assert _setting(session) == "local"
    session.execute(text("SET LOCAL session_replication_role = origin"))
    with pytest.raises(IntegrityError), session.begin_nested():
        session.execute(text(_ORPHAN_HISTORY))


def test_every_foreign_key_the_import_writes_is_locked_or_needs_no_lock(session: Session) -> None:
    declared = {(table, column, referred) for (table, column), referred in complaint_sql.FOREIGN_KEYS.items()}
    assert table_foreign_keys(session, ["complaint", "complaint_status_change"]) == declared
    referred = set(complaint_sql.FOREIGN_KEYS.values())
    assert referred == set(complaint_sql.REFERENCES) | set(complaint_sql.UNLOCKED_REFERENCES)
    assert {"complaint", "complaint_status_change"} <= set(complaint_sql.WRITES)
