"""Acting as a role in tests: users and bearer tokens made through the accounts service."""

from __future__ import annotations

from registry.access import Role
from registry.database import session_scope
from registry.models.types import utcnow
from registry.repositories import accounts as account_repo
from registry.schemas.account import KeyIn, UserIn
from registry.services import accounts


def issue_token(role: Role | str, name: str | None = None) -> str:
    """A fresh token for user NAME (default: the role's name), made with ROLE if it does not exist yet."""
    role = Role(role)
    username = name or role.value.replace("_", "-")
    with session_scope() as session:
        if account_repo.user_by_name(session, username) is None:
            accounts.create_user(
                session, data=UserIn(username=username, role=role), actor="tests", now=utcnow()
            )
        key = KeyIn(name=f"test key of {username}", username=username)
        return accounts.issue_key(session, data=key, actor="tests", now=utcnow()).token


def bearer(token: str) -> dict[str, str]:
    """The Authorization header carrying TOKEN."""
    return {"Authorization": f"Bearer {token}"}
