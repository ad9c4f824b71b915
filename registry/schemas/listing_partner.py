"""Foreign partners named in a listing case: what naming them takes."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

from registry.schemas.blacklist import Reason


class PartnersIn(BaseModel):
    """Agencies to name as dealing with the company of a listing case, and why."""

    model_config = ConfigDict(extra="forbid")

    agency_ids: list[int] = Field(min_length=1, max_length=50)
    reason: Reason
