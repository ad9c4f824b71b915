"""The audit trail: an append-only hash chain of who did (or tried) what to which object, and when.

Each event stores the hash of the one before it; the chain head row holds the newest sequence number
and hash, and every writer locks it first, so events are appended one after another and the chain
cannot fork. On PostgreSQL triggers refuse UPDATE, DELETE and TRUNCATE of events (SQLite: UPDATE and
DELETE).
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Index, String, Text, UniqueConstraint
from sqlmodel import Field, SQLModel

from registry.models.types import timestamp_column

GENESIS_HASH = "0" * 64


class AuditEvent(SQLModel, table=True):
    """One event of the chain."""

    __tablename__ = "audit_event"
    __table_args__ = (
        UniqueConstraint("seq", name="uq_audit_event_seq"),
        # Two events naming the same predecessor would be a fork: the database itself refuses it.
        UniqueConstraint("prev_hash", name="uq_audit_event_prev_hash"),
        Index("ix_audit_event_object", "object_type", "object_id"),
    )

    id: int | None = Field(default=None, primary_key=True)
    seq: int = Field(nullable=False)
    occurred_at: datetime = Field(sa_column=timestamp_column())
    actor: str = Field(max_length=120, nullable=False, index=True)
    role: str = Field(sa_type=String(20), nullable=False)
    action: str = Field(sa_type=String(40), nullable=False)
    object_type: str | None = Field(default=None, sa_type=String(40))
    object_id: str | None = Field(default=None, sa_type=String(80))
    request_id: str | None = Field(default=None, sa_type=String(64))
    outcome: str = Field(sa_type=String(10), nullable=False)
    reason: str | None = Field(default=None, max_length=300)
    credential_id: int | None = None
    detail: str = Field(sa_type=Text, nullable=False, default="{}")
    prev_hash: str = Field(sa_type=String(64), nullable=False)
    hash: str = Field(sa_type=String(64), nullable=False)


class AuditChainHead(SQLModel, table=True):
    """The single row naming the newest event; writers lock it to take their turn."""

    __tablename__ = "audit_chain_head"

    id: int | None = Field(default=None, primary_key=True)
    seq: int = Field(nullable=False)
    hash: str = Field(sa_type=String(64), nullable=False)
