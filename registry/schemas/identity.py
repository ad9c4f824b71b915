"""Requests that change which company a name or a record belongs to."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field

from registry.models.history import CompanyAction
from registry.schemas.company import CompanyCreate
from registry.schemas.text import Line

Reason = Annotated[Line, Field(min_length=3, max_length=1000)]


class MergeRequest(BaseModel):
    """Merge this company into another: its names, phones, officers and mentions move there."""

    model_config = ConfigDict(extra="forbid")

    into_company_id: int = Field(ge=1)
    reason: Reason


class SplitRequest(BaseModel):
    """Make a new company out of some names of an existing one."""

    model_config = ConfigDict(extra="forbid")

    company: CompanyCreate
    name_ids: list[int] = Field(default_factory=list, max_length=200)
    reason: Reason


class MoveNameRequest(BaseModel):
    """Attach a name to another company."""

    model_config = ConfigDict(extra="forbid")

    to_company_id: int = Field(ge=1)
    reason: Reason


class CompanyEventRead(BaseModel):
    """One identity event of a company."""

    model_config = ConfigDict(from_attributes=True)

    id: int
    action: CompanyAction
    other_company_id: int | None
    detail: dict[str, Any]
    actor: str
    reason: str
    at: datetime
