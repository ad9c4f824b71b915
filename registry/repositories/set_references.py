"""Foreign keys checked in sets for one bulk statement, instead of by a trigger for every row.

PostgreSQL checks a foreign key with a trigger per inserted row: about 3 µs each, so 13 of the 30
seconds a million-row complaint insert takes go to five foreign keys. Where the role may do so, a bulk
import instead locks every row it refers to once, with the very lock those triggers take (FOR KEY
SHARE, which keeps the row from being deleted or its key changed until commit), counts that each one is
there, and then runs its one statement with row triggers off (session_replication_role = replica, as
pg_restore's --disable-triggers does). The constraints stay declared and every other write is checked
by them as before.

Five conditions, else the triggers run as usual:
- the role may set session_replication_role: a superuser, or one granted SET ON PARAMETER
  (PostgreSQL 15 and later);
- it may lock the tables the statement writes (a privilege on each whole table);
- no trigger other than a foreign key's fires on what the statement does to the tables it writes (a
  trigger of their own, or a deferrable unique constraint's recheck), which replica mode would skip;
- those tables have no rules, which replica mode may skip too;
- the foreign keys of the tables it inserts into are exactly those the caller checks itself.
The tables are locked (ROW EXCLUSIVE, which the statement takes anyway) before they are looked at, so
no trigger or rule can be added before the import commits.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from contextlib import AbstractContextManager

from sqlalchemy import text
from sqlmodel import Session

from registry.errors import Conflict
from registry.repositories.local_settings import local_setting

_SUPERUSER = "SELECT rolsuper FROM pg_roles WHERE rolname = current_user"
# has_parameter_privilege exists from PostgreSQL 15, as does GRANT SET ON PARAMETER.
_GRANTED = "SELECT has_parameter_privilege('session_replication_role', 'SET')"
# LOCK TABLE … ROW EXCLUSIVE needs one of these privileges on the whole table (a column grant is not
# enough); without it the lock would fail, and the import's transaction with it.
_LOCKABLE = "SELECT has_table_privilege(CAST(:table AS regclass), 'INSERT, UPDATE, DELETE, TRUNCATE')"
_LOCK_TABLES = "LOCK TABLE {tables} IN ROW EXCLUSIVE MODE"
_FOREIGN_KEYS = """
SELECT c.conrelid::regclass::text, a.attname, c.confrelid::regclass::text
FROM pg_constraint c JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = ANY(c.conkey)
WHERE c.contype = 'f' AND c.conrelid = ANY(CAST(:tables AS regclass[]))
"""
# Triggers that fire on OPERATIONS of TABLE, other than those PostgreSQL made for a foreign key.
_OTHER_TRIGGERS = """
SELECT count(*) FROM pg_trigger t LEFT JOIN pg_constraint c ON c.oid = t.tgconstraint
WHERE t.tgrelid = CAST(:table AS regclass) AND t.tgtype & :operations <> 0
  AND NOT (t.tgisinternal AND c.contype IS NOT DISTINCT FROM 'f')
"""
_RULES = "SELECT count(*) FROM pg_rewrite WHERE ev_class = CAST(:table AS regclass)"
# The bits of pg_trigger.tgtype for the operation a trigger fires on (PostgreSQL's pg_trigger.h).
_OPERATION_BITS = {"INSERT": 1 << 2, "DELETE": 1 << 3, "UPDATE": 1 << 4}
# Locked rows are counted against the ids wanted: a row deleted meanwhile is simply not locked.
_LOCK = """
WITH wanted AS (SELECT DISTINCT id FROM ({ids}) w WHERE id IS NOT NULL),
locked AS (SELECT t.id FROM {table} t WHERE t.id IN (SELECT id FROM wanted) FOR KEY SHARE OF t)
SELECT (SELECT count(*) FROM wanted) - (SELECT count(*) FROM locked)
"""


def may_check_in_sets(
    session: Session, *, writes: Mapping[str, Sequence[str]], foreign_keys: Mapping[tuple[str, str], str]
) -> bool:
    """Whether this role may turn row triggers off and nothing but known foreign keys would be skipped.

    WRITES: table -> the operations the statement does on it (INSERT, UPDATE, DELETE); FOREIGN_KEYS:
    (table, column) -> referred table, every foreign key of the tables it inserts into, which the caller
    checks itself. The tables are locked in ROW EXCLUSIVE mode first, until the transaction ends.
    """
    if session.get_bind().dialect.name != "postgresql" or not _may_set(session):
        return False
    if not all(session.execute(text(_LOCKABLE), {"table": table}).scalar_one() for table in writes):
        return False
    quote = session.get_bind().dialect.identifier_preparer.quote
    session.execute(text(_LOCK_TABLES.format(tables=", ".join(quote(table) for table in writes))))
    inserted = [table for table, operations in writes.items() if "INSERT" in operations]
    if table_foreign_keys(session, inserted) != {(*key, referred) for key, referred in foreign_keys.items()}:
        return False
    return not any(_skipped(session, table, operations) for table, operations in writes.items())


def table_foreign_keys(session: Session, tables: Sequence[str]) -> set[tuple[str, str, str]]:
    """(table, column, referred table) of every foreign key of TABLES."""
    rows = session.execute(text(_FOREIGN_KEYS), {"tables": list(tables)})
    return {(table, column, referred) for table, column, referred in rows}


def _may_set(session: Session) -> bool:
    if session.execute(text(_SUPERUSER)).scalar_one_or_none():
        return True
    version = session.get_bind().dialect.server_version_info or (0,)
    return version >= (15,) and bool(session.execute(text(_GRANTED)).scalar_one())


def _skipped(session: Session, table: str, operations: Sequence[str]) -> int:
    bits = sum(_OPERATION_BITS[operation] for operation in operations)
    triggers = session.execute(text(_OTHER_TRIGGERS), {"table": table, "operations": bits}).scalar_one()
    return int(triggers) + int(session.execute(text(_RULES), {"table": table}).scalar_one())


def lock_referenced(session: Session, references: Mapping[str, str], params: Mapping[str, object]) -> None:
    """Lock every row of each table that the ids of its query refer to; Conflict if one is missing.

    REFERENCES: referenced table -> a query (with PARAMS) whose column `id` gives the ids the statement
    will write. Both are SQL written by the caller, never text from a file.
    """
    for table, ids in references.items():
        missing = session.execute(text(_LOCK.format(table=table, ids=ids)), dict(params)).scalar_one()
        if missing:
            raise Conflict(
                f"{missing} {table} row(s) this import refers to were removed while it ran; run it again"
            )


def row_triggers_off(session: Session) -> AbstractContextManager[None]:
    """Row triggers, foreign-key checks among them, off for the statements of the block only."""
    return local_setting(session, "session_replication_role", "replica")
