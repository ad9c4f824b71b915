"""Accounts: the people who use the registry, and the bearer tokens (API keys) they and services hold.

A token is never stored, only its SHA-256; a key is never deleted, only revoked, so the audit trail's
credential ids always point somewhere.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Column, ForeignKey, Integer, String, UniqueConstraint
from sqlmodel import Field, SQLModel

from registry.models.types import UTCDateTime, timestamp_column


class AppUser(SQLModel, table=True):
    """A person with a role; their tokens act in their name."""

    __tablename__ = "app_user"
    __table_args__ = (UniqueConstraint("username", name="uq_app_user_username"),)

    id: int | None = Field(default=None, primary_key=True)
    username: str = Field(max_length=60, nullable=False)
    full_name: str | None = Field(default=None, max_length=120)
    role: str = Field(sa_type=String(20), nullable=False)
    created_at: datetime = Field(sa_column=timestamp_column())
    created_by: str = Field(max_length=120, nullable=False)
    disabled_at: datetime | None = Field(default=None, sa_column=Column(UTCDateTime(), nullable=True))
    disabled_by: str | None = Field(default=None, max_length=120)


class ApiKey(SQLModel, table=True):
    """A bearer token: a user's (acting as them) or a service's (acting as `key:NAME`)."""

    __tablename__ = "api_key"
    __table_args__ = (UniqueConstraint("token_hash", name="uq_api_key_token_hash"),)

    id: int | None = Field(default=None, primary_key=True)
    token_hash: str = Field(sa_type=String(64), nullable=False)
    name: str = Field(max_length=80, nullable=False)
    role: str = Field(sa_type=String(20), nullable=False)
    user_id: int | None = Field(
        default=None,
        sa_column=Column(
            Integer, ForeignKey("app_user.id", name="fk_api_key_user"), nullable=True, index=True
        ),
    )
    created_at: datetime = Field(sa_column=timestamp_column())
    created_by: str = Field(max_length=120, nullable=False)
    expires_at: datetime = Field(sa_column=Column(UTCDateTime(), nullable=False))
    revoked_at: datetime | None = Field(default=None, sa_column=Column(UTCDateTime(), nullable=True))
    revoked_by: str | None = Field(default=None, max_length=120)
