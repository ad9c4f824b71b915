"""Publications of the public blacklist: numbered, signed, immutable, with their files and changes."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import JSON, Column, ForeignKey, Integer, LargeBinary, String, UniqueConstraint
from sqlmodel import Field, SQLModel

from registry.models.types import timestamp_column


class ChangeKind(StrEnum):
    """How an entry differs from the previous version."""

    ADDED = "added"
    REMOVED = "removed"
    CHANGED = "changed"


class Publication(SQLModel, table=True):
    """One version of the public list; its manifest is signed and nothing in it ever changes."""

    __tablename__ = "publication"
    __table_args__ = (UniqueConstraint("version", name="uq_publication_version"),)

    id: int | None = Field(default=None, primary_key=True)
    version: int = Field(nullable=False)
    created_at: datetime = Field(sa_column=timestamp_column())
    created_by: str = Field(max_length=120, nullable=False)
    previous_version: int | None = None
    listings: int = Field(nullable=False)
    added: int = Field(nullable=False)
    removed: int = Field(nullable=False)
    changed: int = Field(nullable=False)
    manifest: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    manifest_sha256: str = Field(max_length=64, nullable=False)
    signature: str = Field(max_length=200, nullable=False)


class PublicationFile(SQLModel, table=True):
    """The exact bytes of one published file, so every API host serves what was signed."""

    __tablename__ = "publication_file"
    __table_args__ = (UniqueConstraint("publication_id", "name", name="uq_publication_file_name"),)

    id: int | None = Field(default=None, primary_key=True)
    publication_id: int = Field(
        sa_column=Column(
            Integer, ForeignKey("publication.id", name="fk_publication_file_publication"), nullable=False
        )
    )
    name: str = Field(max_length=40, nullable=False)
    sha256: str = Field(max_length=64, nullable=False)
    size: int = Field(nullable=False)
    content: bytes = Field(sa_column=Column(LargeBinary, nullable=False))


class PublicationChange(SQLModel, table=True):
    """One entry added, removed or changed by a version: the change feed other systems follow."""

    __tablename__ = "publication_change"

    id: int | None = Field(default=None, primary_key=True)
    publication_id: int = Field(
        sa_column=Column(
            Integer, ForeignKey("publication.id", name="fk_publication_change_publication"), nullable=False
        )
    )
    version: int = Field(nullable=False, index=True)
    kind: str = Field(sa_type=String(8), nullable=False)
    listing_id: int = Field(
        sa_column=Column(
            Integer, ForeignKey("listing.id", name="fk_publication_change_listing"), nullable=False
        )
    )
    external_id: str = Field(max_length=64, nullable=False)
    reason: str | None = Field(default=None, sa_type=String(12))
    fields: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    entry: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
