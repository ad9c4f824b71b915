"""Users and API keys: issue a token once, keep only its hash, expire and revoke; authenticate a token."""

from __future__ import annotations

import hashlib
import re
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy.exc import IntegrityError
from sqlmodel import Session

from registry.access import Principal, Role
from registry.errors import Conflict, InvalidInput, NotFound
from registry.models.account import ApiKey, AppUser
from registry.repositories import accounts as repo
from registry.schemas.account import IssuedKey, KeyIn, KeyRead, UserIn, UserRead

# A prefix makes a leaked token recognisable to secret scanners and to people reading a log.
TOKEN_PREFIX = "ar_"  # noqa: S105 - a recognisable prefix, not a secret
_TOKEN_BYTES = 32
_TOKEN_SHAPE = re.compile(r"^ar_[A-Za-z0-9_-]{43}$")


@dataclass(frozen=True)
class Authentication:
    """What a presented token turned out to be: whom it names (if any key has it) and why it is refused."""

    principal: Principal | None
    problem: str | None = None


def new_token() -> str:
    """A fresh bearer token: 256 random bits from the OS, URL-safe."""
    return TOKEN_PREFIX + secrets.token_urlsafe(_TOKEN_BYTES)


def token_hash(token: str) -> str:
    """The only form in which a token is stored.

    Plain SHA-256, unlike a password hash, is enough: a token carries 256 random bits, so neither a
    dictionary nor brute force can invert its hash, and salt or a slow hash (bcrypt, scrypt) would
    protect nothing more while costing every request tens of milliseconds. Being deterministic, it
    also lets authentication find the key with one indexed lookup.
    """
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def create_user(session: Session, *, data: UserIn, actor: str, now: datetime) -> AppUser:
    """Add a user; a taken username is a conflict."""
    if repo.user_by_name(session, data.username) is not None:
        raise Conflict(f"there is already a user {data.username!r}")
    user = AppUser(
        username=data.username, full_name=data.full_name, role=data.role, created_at=now, created_by=actor
    )
    session.add(user)
    try:
        with session.begin_nested():
            session.flush()
    except IntegrityError as exc:
        raise Conflict(f"there is already a user {data.username!r}") from exc
    return user


def disable_user(session: Session, *, user_id: int, actor: str, now: datetime) -> AppUser:
    """Stop a user and every key of theirs from working (kept for the record, never deleted)."""
    user = session.get(AppUser, user_id)
    if user is None:
        raise NotFound(f"no user with id {user_id}")
    if user.disabled_at is None:
        user.disabled_at, user.disabled_by = now, actor
        for key in repo.live_keys_of(session, user.id or 0):
            key.revoked_at, key.revoked_by = now, actor
    return user


def get_user(session: Session, *, username: str) -> AppUser:
    """The user, or NotFound."""
    user = repo.user_by_name(session, username)
    if user is None:
        raise NotFound(f"no user {username!r}")
    return user


def issue_key(session: Session, *, data: KeyIn, actor: str, now: datetime) -> IssuedKey:
    """Make a key and return its token, which is shown this once: only its hash is kept."""
    user = get_user(session, username=data.username) if data.username else None
    role = _key_role(data, user)
    token = new_token()
    key = ApiKey(
        token_hash=token_hash(token),
        name=data.name,
        role=role,
        user_id=user.id if user else None,
        created_at=now,
        created_by=actor,
        expires_at=now + timedelta(days=data.expires_in_days),
    )
    session.add(key)
    session.flush()
    view = KeyRead.model_validate(key)
    return IssuedKey(**view.model_dump(), token=token, acts_as=_acting_name(key, user))


def revoke_key(session: Session, *, key_id: int, actor: str, now: datetime) -> ApiKey:
    """Make a key stop working at once; revoking twice changes nothing."""
    key = session.get(ApiKey, key_id)
    if key is None:
        raise NotFound(f"no API key with id {key_id}")
    if key.revoked_at is None:
        key.revoked_at, key.revoked_by = now, actor
    return key


def users_view(session: Session) -> list[UserRead]:
    """Every user."""
    return [UserRead.model_validate(user) for user in repo.users(session)]


def keys_view(session: Session, *, include_revoked: bool) -> list[KeyRead]:
    """API keys, without their tokens (which are not kept)."""
    return [KeyRead.model_validate(key) for key in repo.keys(session, include_revoked=include_revoked)]


def authenticate(session: Session, *, token: str, now: datetime) -> Authentication:
    """Whom TOKEN names, and whether it may be used now (not malformed, unknown, expired or revoked)."""
    if not _TOKEN_SHAPE.match(token):
        return Authentication(None, "the bearer token is malformed")
    found = repo.key_by_hash(session, token_hash(token))
    if found is None:
        return Authentication(None, "the bearer token is not valid")
    key, user = found
    principal = Principal(name=_acting_name(key, user), role=Role(key.role), credential_id=key.id)
    if key.revoked_at is not None:
        return Authentication(principal, "the bearer token was revoked")
    if key.expires_at <= now:
        return Authentication(principal, "the bearer token has expired")
    if user is not None and user.disabled_at is not None:
        return Authentication(principal, "the account of this token is disabled")
    return Authentication(principal)


def _key_role(data: KeyIn, user: AppUser | None) -> Role:
    if user is None:
        if data.role is None:
            raise InvalidInput("a key without a user needs a role")
        return data.role
    if user.disabled_at is not None:
        raise Conflict(f"user {user.username!r} is disabled")
    if data.role is not None and data.role != user.role:
        raise InvalidInput(f"user {user.username!r} has the role {user.role}; their keys carry that role")
    return Role(user.role)


def _acting_name(key: ApiKey, user: AppUser | None) -> str:
    # A service key acts under its name; keys rotated under the same name act as the same service.
    return user.username if user is not None else f"key:{key.name}"
