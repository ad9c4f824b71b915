"""A company's recruitment chain as officials see it: partners, their complaints and statuses."""

from __future__ import annotations

from datetime import date, datetime

from pydantic import BaseModel, Field

from registry.schemas.agency import AgencySummary


class ComplaintBrief(BaseModel):
    """A complaint naming an agency (no narrative, no complainant)."""

    id: int
    received_at: datetime
    status: str
    categories: list[str]
    company_id: int | None


class ComplaintSummary(BaseModel):
    """The complaints naming an agency: how many, by status, and the newest few."""

    total: int = 0
    by_status: dict[str, int] = Field(default_factory=dict)
    latest: list[ComplaintBrief] = Field(default_factory=list)


class PartnerListing(BaseModel):
    """A listing case that names the agency as dealing with the listed company."""

    listing_id: int
    listing_state: str
    partner_state: str
    company_id: int
    ends_on: date | None


class PartnershipBrief(BaseModel):
    """One recorded dealing between an office and an agency."""

    id: int
    company_id: int
    agency_id: int
    since: date | None
    until: date | None
    source: str
    source_ref: str
    active: bool


class ChainAgency(BaseModel):
    """An agency in the chain: its level (1 = a direct partner), record and listings."""

    level: int
    agency: AgencySummary
    complaints: ComplaintSummary
    findings: int
    listings: list[PartnerListing] = Field(default_factory=list)
    partnerships: list[PartnershipBrief] = Field(default_factory=list)


class ChainOffice(BaseModel):
    """An office in Kuwait in the chain (level 0 is the company asked about)."""

    level: int
    company_id: int
    external_id: str
    name: str | None
    licence_status: str
    listing_id: int | None
    listing_state: str | None


class ChainRead(BaseModel):
    """The chain around a company, each company and agency once, however the partnerships loop."""

    company: ChainOffice
    depth: int
    partners: list[ChainAgency]
    offices: list[ChainOffice]
    agencies: list[ChainAgency]
    edges: list[PartnershipBrief]
    truncated: bool
