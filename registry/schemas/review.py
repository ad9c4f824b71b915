"""The review queue of company names people wrote that the matcher could not settle."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field, StrictInt

from registry.models.mention import MatchDecision, MentionStatus
from registry.schemas.text import NameText


class CandidateRead(BaseModel):
    """A company proposed for a written name."""

    company_id: int
    external_id: str
    name: str
    score: float
    reasons: list[str]


class MatchRead(BaseModel):
    """The matcher's answer for one written name."""

    name: str
    decision: MatchDecision
    company_id: int | None
    external_id: str | None
    score: float
    reasons: list[str]
    candidates: list[CandidateRead]


class MentionRead(BaseModel):
    """A distinct spelling in the review queue, with its candidates."""

    model_config = ConfigDict(from_attributes=True)

    id: int
    text: str
    source: str
    occurrences: int
    decision: MatchDecision
    status: MentionStatus
    score: float
    company_id: int | None
    candidates: list[dict[str, Any]]
    reasons: list[str]
    resolved_by: str | None
    resolved_at: datetime | None


class MentionIn(BaseModel):
    """A company name as someone wrote it, and where it came from."""

    model_config = ConfigDict(extra="forbid")

    name: NameText
    source: Annotated[str, Field(min_length=1, max_length=60, pattern=r"^[\w .:/-]+$")] = "api"


class ReviewDecisionIn(BaseModel):
    """A person's decision on a mention: this spelling is (confirm) or is not (reject) this company."""

    model_config = ConfigDict(extra="forbid")

    # Strict: JSON true would otherwise be read as company 1.
    company_id: StrictInt = Field(ge=1)
