"""What listing steps, publications and visa checks look like coming in and going out."""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field, model_validator

from registry.models.listing import GroundKind, ListingSource, RemovalReason
from registry.models.visa_check import VisaDecision
from registry.schemas.text import Line

Reason = Annotated[Line, Field(min_length=3, max_length=2000)]


class GroundIn(BaseModel):
    """One ground of a proposal: a finding id, a complaint id, or a recorded court case (final ruling)."""

    model_config = ConfigDict(extra="forbid")

    kind: GroundKind
    finding_id: int | None = None
    complaint_id: int | None = None
    court_case_id: int | None = None
    # Kept so an old client's free-text citation gets a clear refusal instead of "extra field".
    court_ref: Annotated[Line, Field(min_length=3, max_length=300)] | None = None

    @model_validator(mode="after")
    def _one_reference(self) -> GroundIn:
        if self.court_ref is not None:
            raise ValueError(
                "a court ruling is cited by the recorded court case (court_case_id), so that only a final "
                "ruling can ground a listing; record the case first"
            )
        given = {
            GroundKind.FINDING: self.finding_id,
            GroundKind.COMPLAINT: self.complaint_id,
            GroundKind.COURT_RULING: self.court_case_id,
        }
        if given[self.kind] is None or sum(v is not None for v in given.values()) != 1:
            raise ValueError(f"a {self.kind} ground gives its reference and nothing else")
        return self


class ProposalIn(BaseModel):
    """A proposal to list a company."""

    model_config = ConfigDict(extra="forbid")

    company_id: int
    reason: Reason
    grounds: list[GroundIn] = Field(min_length=1, max_length=100)
    source: ListingSource = ListingSource.OFFICER
    risk_score_id: int | None = None
    partner_ids: list[int] = Field(default_factory=list, max_length=50)


class NoticeIn(BaseModel):
    """Notice served on the company, opening its time to respond."""

    model_config = ConfigDict(extra="forbid")

    served_on: date | None = None
    response_days: int = Field(default=21, ge=7, le=120)
    note: Reason = "notice of proposed listing served"


class ResponseKind(StrEnum):
    """What the company sent: a written response to the notice, or an appeal."""

    RESPONSE = "response"
    APPEAL = "appeal"


class ResponseIn(BaseModel):
    """A response or appeal received from the company."""

    model_config = ConfigDict(extra="forbid")

    kind: ResponseKind = ResponseKind.RESPONSE
    received_on: date | None = None
    summary: Reason


class DecisionOutcome(StrEnum):
    """The committee's decision on a proposal."""

    LIST = "list"
    DISMISS = "dismiss"


class DecisionIn(BaseModel):
    """A decision: list (for a period, with the officers the decision names) or dismiss."""

    model_config = ConfigDict(extra="forbid")

    outcome: DecisionOutcome
    reason: Reason
    years: int = Field(default=2, ge=1, le=10)
    ends_on: date | None = None
    officer_ids: list[int] = Field(default_factory=list, max_length=50)
    partner_ids: list[int] = Field(default_factory=list, max_length=50)


class LiftIn(BaseModel):
    """Ending a listing before its time."""

    model_config = ConfigDict(extra="forbid")

    reason: Reason
    ground: RemovalReason = RemovalReason.LIFTED

    @model_validator(mode="after")
    def _not_expiry(self) -> LiftIn:
        if self.ground is RemovalReason.EXPIRED:
            raise ValueError("expiry happens by itself at the end of the period")
        return self


class ExtendIn(BaseModel):
    """Keeping a company listed longer."""

    model_config = ConfigDict(extra="forbid")

    ends_on: date
    reason: Reason


class GroundRead(BaseModel):
    """A ground as officials see it."""

    kind: str
    finding_id: int | None
    complaint_id: int | None
    court_case_id: int | None = None
    court_ref: str | None


class EventRead(BaseModel):
    """One step of a listing."""

    model_config = ConfigDict(from_attributes=True)

    id: int
    action: str
    from_state: str | None
    to_state: str
    actor: str
    at: datetime
    reason: str
    detail: dict[str, Any]


class PersonRead(BaseModel):
    """An officer listed with the company."""

    officer_id: int
    full_name: str
    role: str


class PartnerRead(BaseModel):
    """A partner named in a listing case, where its own hearing stands."""

    agency_id: int
    external_id: str
    country: str
    name: str
    state: str
    named_by: str
    named_at: datetime
    reason: str
    notice_served_on: date | None
    response_deadline: date | None
    responded_on: date | None
    removed_on: date | None
    removal_reason: str | None


class ListingRead(BaseModel):
    """A listing case as officials see it: every state, every step."""

    id: int
    company_id: int
    external_id: str
    company_name: str | None
    state: str
    source: str
    risk_score_id: int | None
    proposed_by: str
    proposed_at: datetime
    proposal_reason: str
    notice_served_on: date | None
    response_deadline: date | None
    deadline_passed_on: date | None
    decided_by: str | None
    decided_at: datetime | None
    decision_reason: str | None
    starts_on: date | None
    ends_on: date | None
    removed_on: date | None
    removal_reason: str | None
    grounds: list[GroundRead] = Field(default_factory=list)
    persons: list[PersonRead] = Field(default_factory=list)
    partners: list[PartnerRead] = Field(default_factory=list)
    events: list[EventRead] = Field(default_factory=list)


class ListingPage(BaseModel):
    """A page of listings."""

    items: list[ListingRead]
    total: int
    limit: int
    offset: int


class ExpiryReport(BaseModel):
    """What a run of expire_due did."""

    expired: list[int] = Field(default_factory=list)
    deadlines_passed: list[int] = Field(default_factory=list)


class VersionRead(BaseModel):
    """One published version, as listed."""

    version: int
    created_at: datetime
    previous_version: int | None
    listings: int
    added: int
    removed: int
    changed: int
    manifest_sha256: str


class FileRead(BaseModel):
    """A file of a published version."""

    name: str
    sha256: str
    size: int
    url: str


class VersionDetail(VersionRead):
    """One published version with its signed manifest and files."""

    manifest: dict[str, Any]
    signature: str
    files: list[FileRead]


class ChangeRead(BaseModel):
    """One entry of the change feed."""

    seq: int
    version: int
    kind: str
    listing_id: int
    external_id: str
    reason: str | None
    fields: list[str]
    entry: dict[str, Any]


class ChangeFeed(BaseModel):
    """Changes after a version; follow `next_after` until it is null, then keep `latest_version`."""

    since: int
    latest_version: int
    changes: list[ChangeRead]
    next_after: int | None


class VisaCheckIn(BaseModel):
    """The employer or agency to check: its external_id, or a name for the matcher."""

    model_config = ConfigDict(extra="forbid")

    external_id: Annotated[Line, Field(min_length=1, max_length=64)] | None = None
    name: Annotated[Line, Field(min_length=2, max_length=300)] | None = None
    application_ref: Annotated[Line, Field(min_length=1, max_length=120)] | None = None

    @model_validator(mode="after")
    def _one_subject(self) -> VisaCheckIn:
        if (self.external_id is None) == (self.name is None):
            raise ValueError("give either external_id or name")
        return self


class VisaReason(BaseModel):
    """Why a check came out as it did."""

    code: str
    detail: str


class DataVersion(BaseModel):
    """The data a check was made on: last listing step, last publication, score time."""

    listing_seq: int
    publication_version: int | None
    score_computed_at: datetime | None


class VisaCheckRead(BaseModel):
    """The answer to a visa check."""

    check_id: int
    decision: VisaDecision
    reasons: list[VisaReason]
    company_id: int | None
    external_id: str | None
    score: float | None
    tier: str | None
    data_version: DataVersion


class LinkRead(BaseModel):
    """A tie of a company to a listed or proposed company, as PAM and inspectors see it."""

    id: int
    company_id: int
    linked_company_id: int
    linked_external_id: str
    linked_listing_id: int
    linked_listing_state: str
    kind: str
    evidence: str
    score: float
    detected_at: datetime
