"""Queries over users and API keys."""

from __future__ import annotations

from collections.abc import Sequence

from sqlmodel import Session, col, select

from registry.models.account import ApiKey, AppUser


def user_by_name(session: Session, username: str) -> AppUser | None:
    """The user with this login name, or None."""
    return session.exec(select(AppUser).where(AppUser.username == username)).first()


def users(session: Session) -> Sequence[AppUser]:
    """Every user, by name."""
    return session.exec(select(AppUser).order_by(col(AppUser.username))).all()


def keys(session: Session, *, include_revoked: bool) -> Sequence[ApiKey]:
    """API keys, oldest first; revoked ones only when asked."""
    query = select(ApiKey).order_by(col(ApiKey.id))
    if not include_revoked:
        query = query.where(col(ApiKey.revoked_at).is_(None))
    return session.exec(query).all()


def live_keys_of(session: Session, user_id: int) -> Sequence[ApiKey]:
    """The user's keys not yet revoked."""
    query = select(ApiKey).where(ApiKey.user_id == user_id, col(ApiKey.revoked_at).is_(None))
    return session.exec(query).all()


def key_by_hash(session: Session, token_hash: str) -> tuple[ApiKey, AppUser | None] | None:
    """The key whose token hashes to TOKEN_HASH, with its user; one indexed lookup."""
    query = (
        select(ApiKey, AppUser)
        .join(AppUser, col(ApiKey.user_id) == col(AppUser.id), isouter=True)
        .where(ApiKey.token_hash == token_hash)
    )
    row = session.exec(query).first()
    return (row[0], row[1]) if row is not None else None
