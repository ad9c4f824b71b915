"""Foreign agencies, partnerships and mentions coming in and going out."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, model_validator

from registry.models.agency import AgencyStatus, MentionSubject, PartnershipSource
from registry.schemas.text import Line, NameText, OptionalAddress, OptionalName, OptionalShort, empty_to_none


def _country(value: object) -> object:
    return value.strip().upper() if isinstance(value, str) else value


Country = Annotated[str, BeforeValidator(_country), Field(pattern=r"^[A-Z]{2}$")]
ExternalId = Annotated[str, Field(min_length=1, max_length=64, pattern=r"^[A-Za-z0-9][A-Za-z0-9_./-]*$")]
SourceRef = Annotated[
    Annotated[Line, Field(min_length=1, max_length=120)] | None, BeforeValidator(empty_to_none)
]


class AgencyIn(BaseModel):
    """A foreign agency as given by a user or a file; external_id is derived when not given."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    external_id: Annotated[ExternalId | None, BeforeValidator(empty_to_none)] = None
    country: Country
    name_latin: NameText
    name_local: OptionalName = None
    licence_no: OptionalShort = None
    licence_authority: Annotated[
        Annotated[Line, Field(min_length=1, max_length=60)] | None, BeforeValidator(empty_to_none)
    ] = None
    status: Annotated[AgencyStatus, BeforeValidator(lambda v: v or AgencyStatus.UNKNOWN)] = (
        AgencyStatus.UNKNOWN
    )
    status_checked_on: Annotated[date | None, BeforeValidator(empty_to_none)] = None
    address: OptionalAddress = None
    aliases: list[NameText] = Field(default_factory=list, max_length=50)


class AgencySummary(BaseModel):
    """An agency in a list or a chain."""

    model_config = ConfigDict(from_attributes=True)

    id: int
    external_id: str
    country: str
    name_latin: str
    name_local: str | None
    licence_no: str | None
    licence_authority: str | None
    status: str


class AgencyRead(AgencySummary):
    """An agency with every name it is known by."""

    local_script: str | None
    status_checked_on: date | None
    address: str | None
    names: list[str] = Field(default_factory=list)


class AgencyPage(BaseModel):
    """A page of agencies."""

    items: list[AgencySummary]
    total: int
    limit: int
    offset: int


class PartnershipIn(BaseModel):
    """An office working with an agency, per one source."""

    model_config = ConfigDict(extra="forbid")

    company_id: int
    agency_id: int
    since: date | None = None
    until: date | None = None
    source: PartnershipSource
    source_ref: SourceRef = None

    @model_validator(mode="after")
    def _in_order(self) -> PartnershipIn:
        if self.since and self.until and self.until < self.since:
            raise ValueError("until is before since")
        return self


class PartnershipRead(BaseModel):
    """A partnership as officials see it."""

    model_config = ConfigDict(from_attributes=True)

    id: int
    company_id: int
    agency_id: int
    since: date | None
    until: date | None
    source: str
    source_ref: str
    complaint_id: int | None
    inspection_id: int | None
    recorded_by: str
    created_at: datetime


class MentionIn(BaseModel):
    """A complaint or a finding naming a foreign agency, by id or by the name as written."""

    model_config = ConfigDict(extra="forbid")

    subject: MentionSubject
    complaint_id: int | None = None
    finding_id: int | None = None
    agency_id: int | None = None
    agency_name: NameText | None = None
    country: Country | None = None

    @model_validator(mode="after")
    def _one_of_each(self) -> MentionIn:
        given = self.complaint_id if self.subject is MentionSubject.COMPLAINT else self.finding_id
        other = self.finding_id if self.subject is MentionSubject.COMPLAINT else self.complaint_id
        if given is None or other is not None:
            raise ValueError(f"a {self.subject} mention gives the {self.subject}_id and nothing else")
        if (self.agency_id is None) == (self.agency_name is None):
            raise ValueError("give either agency_id or agency_name")
        return self


class MentionRead(BaseModel):
    """A mention and what the matcher made of it."""

    model_config = ConfigDict(from_attributes=True)

    id: int
    subject: str
    complaint_id: int | None
    finding_id: int | None
    agency_id: int | None
    name_written: str
    country: str | None
    decision: str
    score: float
