"""Users, API keys and audit events as the API and the command line take and show them."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from pydantic import AfterValidator, BaseModel, ConfigDict, Field

from registry.access import Role
from registry.schemas.text import Line

MAX_KEY_DAYS = 730


def _official(role: Role) -> Role:
    if role is Role.PUBLIC:
        raise ValueError("the public needs no account and no token")
    return role


OfficialRole = Annotated[Role, AfterValidator(_official)]
Username = Annotated[str, Field(pattern=r"^[a-z0-9][a-z0-9._-]{1,59}$", description="lowercase login name")]
KeyName = Annotated[Line, Field(min_length=1, max_length=80, pattern=r"^[\w .:@-]+$")]


class UserIn(BaseModel):
    """A person to give access to."""

    model_config = ConfigDict(extra="forbid")

    username: Username
    role: OfficialRole
    full_name: Annotated[Line, Field(min_length=1, max_length=120)] | None = None


class UserRead(BaseModel):
    """A user as shown to admins."""

    model_config = ConfigDict(from_attributes=True)

    id: int
    username: str
    full_name: str | None
    role: Role
    created_at: datetime
    created_by: str
    disabled_at: datetime | None


class KeyIn(BaseModel):
    """A token to issue: a user's (acting as them, with their role) or a service's (give the role)."""

    model_config = ConfigDict(extra="forbid")

    name: KeyName
    role: OfficialRole | None = Field(default=None, description="required without a username")
    username: Username | None = None
    expires_in_days: Annotated[int, Field(ge=1, le=MAX_KEY_DAYS)] = 90


class KeyRead(BaseModel):
    """An API key as shown to admins: never the token."""

    model_config = ConfigDict(from_attributes=True)

    id: int
    name: str
    role: Role
    user_id: int | None
    created_at: datetime
    created_by: str
    expires_at: datetime
    revoked_at: datetime | None


class IssuedKey(KeyRead):
    """A key just issued, with its token: shown this once and never again."""

    token: str
    acts_as: str


class Me(BaseModel):
    """Who the caller's token says they are."""

    name: str
    role: Role
    credential_id: int | None


class AuditEventRead(BaseModel):
    """One event of the audit trail."""

    model_config = ConfigDict(from_attributes=True)

    seq: int
    occurred_at: datetime
    actor: str
    role: str
    action: str
    object_type: str | None
    object_id: str | None
    request_id: str | None
    outcome: str
    reason: str | None
    credential_id: int | None
    detail: str
    prev_hash: str
    hash: str


class AuditPage(BaseModel):
    """A page of audit events, newest first."""

    items: list[AuditEventRead]
    total: int
