from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import Connection, event
from sqlmodel import Session

from registry.repositories import companies as company_repo
from tests.blacklist_support import make_company


@contextmanager
def counted(connection: Connection) -> Iterator[list[str]]:
    """The SQL statements run on CONNECTION inside the block."""
    statements: list[str] = []

    def record(*args: object) -> None:
        statements.append(str(args[2]))

    event.listen(connection, "before_cursor_execute", record)
    try:
        yield statements
    finally:
        event.remove(connection, "before_cursor_execute", record)


def test_get_many_reuses_companies_the_session_already_holds(
    session: Session, connection: Connection
) -> None:
    first, second = make_company(session, name_en="First Co"), make_company(session, name_en="Second Co")
    session.flush()
    with counted(connection) as statements:
        found = company_repo.get_many(session, [first.id or 0, second.id or 0])
    assert found == {first.id: first, second.id: second}
    assert statements == []


def test_get_many_reads_again_what_the_session_has_expired(session: Session, connection: Connection) -> None:
    first, second = make_company(session, name_en="First Co"), make_company(session, name_en="Second Co")
    session.flush()
    ids = [first.id or 0, second.id or 0]
    session.expire(second)
    with counted(connection) as statements:
        found = company_repo.get_many(session, [*ids, 999_999_999])
    assert len(statements) == 1
    assert set(found) == set(ids) and found[ids[1]].name_en == "Second Co"
