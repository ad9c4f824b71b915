"""Complaints coming in (public form, officials) and going out (to the public, to officials)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field, StringConstraints
from rigour.langs import iso_639_alpha3

from registry.models.complaint import Channel, ComplaintStatus, ReporterType
from registry.models.mention import MatchDecision
from registry.schemas.dates import PastDay, PastInstant
from registry.schemas.text import Line, NameText, ascii_digits, empty_to_none, reject_controls

Narrative = Annotated[str, AfterValidator(reject_controls), StringConstraints(max_length=5000)]
# Optional free text: blank (spaces only) is no text at all, kept as None rather than "".
OptionalNarrative = Annotated[Narrative | None, BeforeValidator(empty_to_none)]
Code = Annotated[str, StringConstraints(pattern=r"^[A-Z_]{3,40}$")]
Country = Annotated[str, StringConstraints(pattern=r"^[A-Z]{2}$")]
# One home for what a contact and a language look like: the API and complaint files check the same.
PHONE_PATTERN = r"^\+?[0-9 ()-]{6,20}$"
DOCUMENT_PATTERN = r"^[A-Za-z0-9]{4,20}$"
LANGUAGE_PATTERN = r"^[a-z]{2,3}$"


def _ascii_digits_input(value: object) -> object:
    # A validator sees raw input: only text has digits to rewrite; anything else fails the type check.
    return ascii_digits(value) if isinstance(value, str) else value


def known_language(code: str) -> str:
    """CODE if ISO 639 knows it ("tl", "fil", "ar"); "zzz" has the right shape but is no language."""
    if iso_639_alpha3(code) is None:
        raise ValueError("not an ISO 639 language code")
    return code


Language = Annotated[str, StringConstraints(pattern=LANGUAGE_PATTERN), AfterValidator(known_language)]
# Arabic-Indic digits are read as 0-9 first: an Arabic keyboard writes a phone number with them.
PhoneNumber = Annotated[str, StringConstraints(pattern=PHONE_PATTERN), BeforeValidator(_ascii_digits_input)]
DocumentNumber = Annotated[
    str, StringConstraints(pattern=DOCUMENT_PATTERN), BeforeValidator(_ascii_digits_input)
]
ShortLine = Annotated[Line, StringConstraints(min_length=1, max_length=120)]


class ContactIn(BaseModel):
    """How to reach the reporter; every field optional, every field encrypted at rest."""

    model_config = ConfigDict(extra="forbid")

    name: ShortLine | None = None
    phone: PhoneNumber | None = None
    document_number: DocumentNumber | None = None
    nationality: Country | None = None


class PublicReportIn(BaseModel):
    """A report anyone can send without an account or documents."""

    model_config = ConfigDict(extra="forbid")

    company_name: NameText
    categories: list[Code] = Field(min_length=1, max_length=13)
    what_happened: OptionalNarrative = None
    reporter_type: ReporterType = ReporterType.VICTIM
    language: Language | None = None
    worker_origin: Country | None = None
    contact: ContactIn | None = None
    consent_to_share: bool = False


class ComplaintIn(PublicReportIn):
    """A complaint recorded by an official (hotline, walk-in, embassy, NGO, referral)."""

    channel: Channel
    received_at: PastInstant | None = None
    source_ref: ShortLine | None = None


class ReportReceipt(BaseModel):
    """What a reporter gets back: the code to follow the report with."""

    follow_up_code: str
    received_at: datetime
    status: ComplaintStatus


class PublicStatus(BaseModel):
    """What anyone holding a follow-up code may see: the status, nothing else."""

    follow_up_code: str
    status: ComplaintStatus
    status_en: str
    status_ar: str
    last_change: datetime


class ContactRead(BaseModel):
    """A complainant's decrypted contact details (investigators and the assigned inspector only)."""

    name: str | None
    phone: str | None
    document_number: str | None
    nationality: str | None


class ComplaintRead(BaseModel):
    """A complaint as officials see it; protected parts appear only where the policy allows."""

    id: int
    follow_up_code: str
    received_at: datetime
    channel: Channel
    reporter_type: ReporterType
    company_name_written: str
    company_id: int | None
    match_decision: MatchDecision
    match_score: float
    categories: list[str]
    status: ComplaintStatus
    assigned_inspector: str | None
    source: str
    source_ref: str | None
    narrative: str | None = None
    narrative_withheld: bool = False
    contact: ContactRead | None = None
    contact_withheld: bool = False


class StatusChangeIn(BaseModel):
    """Move a complaint to another status, saying why."""

    model_config = ConfigDict(extra="forbid")

    status: ComplaintStatus
    reason: Annotated[Line, StringConstraints(min_length=3, max_length=1000)]


class AssignIn(BaseModel):
    """Give a complaint to an inspector."""

    model_config = ConfigDict(extra="forbid")

    inspector: ShortLine


class StatusChangeRead(BaseModel):
    """One transition in a complaint's history."""

    model_config = ConfigDict(from_attributes=True)

    from_status: ComplaintStatus | None
    to_status: ComplaintStatus
    reason: str
    actor: str
    at: datetime


class FindingIn(BaseModel):
    """A violation found in an inspection."""

    model_config = ConfigDict(extra="forbid")

    violation_code: Code
    workers_affected: int = Field(default=1, ge=0, le=100_000)
    evidence_note: Annotated[Line, StringConstraints(max_length=2000)] | None = None


class InspectionIn(BaseModel):
    """An inspection as an inspector records it."""

    model_config = ConfigDict(extra="forbid")

    company_id: int = Field(ge=1)
    inspected_on: PastDay
    site: Annotated[Line, StringConstraints(max_length=300)] | None = None
    workers_interviewed: int = Field(default=0, ge=0, le=100_000)
    outcome: Annotated[str, StringConstraints(pattern=r"^[a-z_]{3,30}$")]
    notes: OptionalNarrative = None
    findings: list[FindingIn] = Field(default_factory=list, max_length=50)
    source_ref: ShortLine | None = None


class FindingRead(BaseModel):
    """A stored finding."""

    model_config = ConfigDict(from_attributes=True)

    violation_code: str
    severity: str
    workers_affected: int
    evidence_note: str | None


class InspectionRead(BaseModel):
    """A stored inspection with its findings."""

    id: int
    company_id: int | None
    inspected_on: date
    inspector: str
    site: str | None
    workers_interviewed: int
    outcome: str
    findings: list[FindingRead]


class ViolationRead(BaseModel):
    """A violation code of the catalogue."""

    model_config = ConfigDict(from_attributes=True)

    code: str
    title_en: str
    title_ar: str
    severity: str
    legal_basis: str
    ilo_indicator: str | None
