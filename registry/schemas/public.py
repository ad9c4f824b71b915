"""What the public sees of a company: its status in words, never scores, pending cases or complainants."""

from __future__ import annotations

from datetime import date
from enum import StrEnum

from pydantic import BaseModel


class PublicState(StrEnum):
    """A company's standing as the public may know it."""

    LICENSED = "licensed"
    LICENCE_SUSPENDED = "licence_suspended"
    LICENCE_EXPIRED = "licence_expired"
    LICENCE_CANCELLED = "licence_cancelled"
    LICENCE_UNCONFIRMED = "licence_unconfirmed"
    BLACKLISTED = "blacklisted"


class LookupOutcome(StrEnum):
    """What a search found: one company, a few with similar names, or none."""

    FOUND = "found"
    SIMILAR = "similar"
    NOT_FOUND = "not_found"


class PublicListing(BaseModel):
    """A listing in force (a final decision): its reference, period and a summary of the grounds."""

    reference: str
    listed_on: date
    listed_until: date
    grounds: list[str]
    decision: str | None


class PublicCompany(BaseModel):
    """One company as shown to the public, with its status and advice in the reader's language."""

    name_en: str | None
    name_ar: str | None
    licence_no: str | None
    state: PublicState
    status: str
    advice: str
    listing: PublicListing | None = None


class PublicLookup(BaseModel):
    """The answer to a public search, in one language."""

    query: str
    language: str
    outcome: LookupOutcome
    message: str
    advice: str
    results: list[PublicCompany]


class ReportCategory(BaseModel):
    """A kind of abuse a report can name, labelled in the reader's language."""

    code: str
    label: str


class PublicReportStatus(BaseModel):
    """The status of a report in one language, and nothing else about it."""

    follow_up_code: str
    status: str
    words: str
    last_change: date
