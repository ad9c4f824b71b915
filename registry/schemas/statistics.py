"""Statistics for the committee: one year of complaints, inspections, listings and visa checks."""

from __future__ import annotations

from datetime import date, datetime

from pydantic import BaseModel


class Count(BaseModel):
    """How many records have one value (a channel, a month, a country), with its labels."""

    key: str
    label_en: str
    label_ar: str
    count: int


class ViolationCount(BaseModel):
    """Findings of one violation code in the year, and the workers they affected."""

    code: str
    label_en: str
    label_ar: str
    severity: str
    findings: int
    workers_affected: int


class ComplaintStats(BaseModel):
    """Complaints received in the year, by how they came, what they allege and where the worker is from."""

    total: int
    by_channel: list[Count]
    by_category: list[Count]
    by_month: list[Count]
    by_corridor: list[Count]
    by_status: list[Count]
    by_reporter: list[Count]
    unregistered_company: int
    decided: int
    substantiated: int
    substantiated_share: float | None
    decisions_timed: int
    decision_days_median: float | None
    decision_days_p90: float | None


class InspectionStats(BaseModel):
    """Inspections made in the year, their outcomes and the violations they found."""

    total: int
    companies_inspected: int
    with_violations: int
    by_outcome: list[Count]
    by_month: list[Count]
    findings: int
    workers_affected: int
    by_violation: list[ViolationCount]


class ListingMonth(BaseModel):
    """Companies listed, expired and lifted in one month."""

    month: int
    label_en: str
    label_ar: str
    added: int
    expired: int
    lifted: int


class ListingStats(BaseModel):
    """Blacklist cases in the year."""

    proposed: int
    added: int
    expired: int
    lifted: int
    dismissed: int
    in_force_at_end: int
    court_ruling_grounds: int
    by_month: list[ListingMonth]
    publications: int


class VisaStats(BaseModel):
    """Visa checks made in the year by the Public Authority of Manpower."""

    total: int
    refused: int
    refused_share: float | None
    by_decision: list[Count]
    by_month: list[Count]


class Indicator(BaseModel):
    """One action-plan indicator computed from the registry (value None: no data in the year)."""

    pillar: str
    code: str
    label_en: str
    label_ar: str
    value: float | None
    unit: str


class NotHeld(BaseModel):
    """An indicator the action plan names that the registry does not hold, and who does."""

    pillar: str
    label_en: str
    label_ar: str
    held_by_en: str
    held_by_ar: str


class AnnualStatistics(BaseModel):
    """Everything the annual report and the committee's dashboard show for one calendar year (Kuwait)."""

    year: int
    period_start: date
    period_end: date
    generated_at: datetime
    companies_registered: int
    complaints: ComplaintStats
    inspections: InspectionStats
    listings: ListingStats
    visa_checks: VisaStats
    indicators: list[Indicator]
    not_held: list[NotHeld]
