"""Users and API keys (admins), and who the caller is (anyone with a token)."""

from __future__ import annotations

from fastapi import APIRouter

from api.audit import AuditDep
from api.deps import ActorDep, PrincipalDep, SessionDep
from api.errors import ERROR_RESPONSES
from api.security import allow
from registry.access import Action
from registry.models.types import utcnow
from registry.schemas.account import IssuedKey, KeyIn, KeyRead, Me, UserIn, UserRead
from registry.services import accounts

router = APIRouter(prefix="/api/v1", tags=["accounts"], responses=ERROR_RESPONSES)


@router.get("/me", dependencies=[allow(Action.SELF)])
def me(principal: PrincipalDep) -> Me:
    """Whom your token names, with which role."""
    return Me(name=principal.name, role=principal.role, credential_id=principal.credential_id)


@router.get("/users", dependencies=[allow(Action.ACCOUNTS_READ)])
def list_users(session: SessionDep) -> list[UserRead]:
    """Every user, disabled ones included."""
    return accounts.users_view(session)


@router.post("/users", status_code=201, dependencies=[allow(Action.ACCOUNTS_WRITE)])
def create_user(session: SessionDep, actor: ActorDep, audit: AuditDep, body: UserIn) -> UserRead:
    """Add a user; give them a token with POST /api-keys."""
    user = accounts.create_user(session, data=body, actor=actor, now=utcnow())
    audit.object_type, audit.object_id = "user", str(user.id)
    audit.detail.update(username=body.username, role=body.role.value)
    return UserRead.model_validate(user)


@router.post("/users/{user_id}/disable", dependencies=[allow(Action.ACCOUNTS_WRITE)])
def disable_user(session: SessionDep, actor: ActorDep, user_id: int) -> UserRead:
    """Stop a user and revoke their keys; the record stays."""
    return UserRead.model_validate(accounts.disable_user(session, user_id=user_id, actor=actor, now=utcnow()))


@router.get("/api-keys", dependencies=[allow(Action.ACCOUNTS_READ)])
def list_keys(session: SessionDep, include_revoked: bool = False) -> list[KeyRead]:
    """API keys (never their tokens, which are not kept)."""
    return accounts.keys_view(session, include_revoked=include_revoked)


@router.post("/api-keys", status_code=201, dependencies=[allow(Action.ACCOUNTS_WRITE)])
def issue_key(session: SessionDep, actor: ActorDep, audit: AuditDep, body: KeyIn) -> IssuedKey:
    """Issue a key; its token is in this answer and nowhere else, ever."""
    issued = accounts.issue_key(session, data=body, actor=actor, now=utcnow())
    audit.object_type, audit.object_id = "key", str(issued.id)
    audit.detail.update(role=issued.role.value, acts_as=issued.acts_as)
    return issued


@router.post("/api-keys/{key_id}/revoke", dependencies=[allow(Action.ACCOUNTS_WRITE)])
def revoke_key(session: SessionDep, actor: ActorDep, key_id: int) -> KeyRead:
    """Make a key stop working at once."""
    return KeyRead.model_validate(accounts.revoke_key(session, key_id=key_id, actor=actor, now=utcnow()))
