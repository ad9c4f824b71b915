"""The CourtCase aggregate: a prosecution, its charges, its defendants and the ruling.

Only what the ruling made public is kept as text about people (`published_name`, `sentence`); the
links to registry companies, officers and foreign agencies are for officials and are never shown in
the precedents search.
"""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum

from sqlalchemy import Column, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlmodel import Field, SQLModel

from registry.models.types import timestamp_column, utcnow

# The laws a recruitment case is usually tried under; others are written as given.
TRAFFICKING_LAW = "91/2013"
KNOWN_LAWS = {
    TRAFFICKING_LAW: "Law No. 91 of 2013 on combating trafficking in persons and smuggling of migrants",
    "68/2015": "Law No. 68 of 2015 on domestic workers",
    "6/2010": "Law No. 6 of 2010 on labour in the private sector",
    "16/1960": "Penal Code (Law No. 16 of 1960)",
    "17/1959": "Law No. 17 of 1959 on the residence of foreigners",
}


class CourtLevel(StrEnum):
    """Which court tried the case."""

    FIRST_INSTANCE = "first_instance"
    APPEAL = "appeal"
    CASSATION = "cassation"


class CaseOutcome(StrEnum):
    """What the ruling decided (for the whole case, or for one charge or defendant)."""

    PENDING = "pending"
    CONVICTED = "convicted"
    PARTLY_CONVICTED = "partly_convicted"
    ACQUITTED = "acquitted"
    DISMISSED = "dismissed"


CONVICTIONS = frozenset({CaseOutcome.CONVICTED, CaseOutcome.PARTLY_CONVICTED})


class AppealStatus(StrEnum):
    """Where an appeal against the ruling stands."""

    NONE = "none"
    TIME_RUNNING = "time_running"
    APPEALED = "appealed"
    UPHELD = "upheld"
    OVERTURNED = "overturned"
    TIME_EXPIRED = "time_expired"


class DefendantKind(StrEnum):
    """Who stood trial: a registry company, one of its officers, a foreign agency, or someone else."""

    COMPANY = "company"
    OFFICER = "officer"
    AGENCY = "agency"
    PERSON = "person"


class CourtCase(SQLModel, table=True):
    """One case before one court; an appeal is a case of its own pointing at the one appealed."""

    __tablename__ = "court_case"
    __table_args__ = (
        UniqueConstraint("court", "case_number", name="uq_court_case_number"),
        Index("ix_court_case_ruling", "ruling_on"),
    )

    id: int | None = Field(default=None, primary_key=True)
    case_number: str = Field(max_length=60, nullable=False)
    court: str = Field(max_length=200, nullable=False)
    level: str = Field(sa_type=String(16), nullable=False)
    filed_on: date | None = None
    ruling_on: date | None = None
    outcome: str = Field(default=CaseOutcome.PENDING, sa_type=String(16), nullable=False)
    sentence: str | None = Field(default=None, max_length=2000)
    appeal_status: str = Field(default=AppealStatus.NONE, sa_type=String(14), nullable=False)
    is_final: bool = Field(default=False, nullable=False)
    summary: str | None = Field(default=None, sa_column=Column(Text, nullable=True))
    appeal_of_id: int | None = Field(
        default=None,
        sa_column=Column(Integer, ForeignKey("court_case.id", name="fk_court_case_appeal_of"), nullable=True),
    )
    recorded_by: str = Field(max_length=120, nullable=False)
    created_at: datetime = Field(default_factory=utcnow, sa_column=timestamp_column())
    updated_at: datetime = Field(default_factory=utcnow, sa_column=timestamp_column())


class CourtCharge(SQLModel, table=True):
    """One charge: a law and an article, with what the ruling said of it when it says so."""

    __tablename__ = "court_charge"
    __table_args__ = (Index("ix_court_charge_law_article", "law", "article"),)

    id: int | None = Field(default=None, primary_key=True)
    case_id: int = Field(
        sa_column=Column(
            Integer,
            ForeignKey("court_case.id", name="fk_court_charge_case", ondelete="CASCADE"),
            nullable=False,
            index=True,
        )
    )
    law: str = Field(max_length=40, nullable=False)
    article: str = Field(max_length=20, nullable=False)
    description: str | None = Field(default=None, max_length=300)
    outcome: str | None = Field(default=None, sa_type=String(16))


class CourtDefendant(SQLModel, table=True):
    """One defendant: its link to the registry (officials only) and what the ruling made public."""

    __tablename__ = "court_defendant"

    id: int | None = Field(default=None, primary_key=True)
    case_id: int = Field(
        sa_column=Column(
            Integer,
            ForeignKey("court_case.id", name="fk_court_defendant_case", ondelete="CASCADE"),
            nullable=False,
            index=True,
        )
    )
    kind: str = Field(sa_type=String(8), nullable=False)
    company_id: int | None = Field(
        default=None,
        sa_column=Column(
            Integer, ForeignKey("company.id", name="fk_court_defendant_company"), nullable=True, index=True
        ),
    )
    officer_id: int | None = Field(
        default=None,
        sa_column=Column(
            Integer, ForeignKey("officer.id", name="fk_court_defendant_officer"), nullable=True, index=True
        ),
    )
    agency_id: int | None = Field(
        default=None,
        sa_column=Column(
            Integer, ForeignKey("foreign_agency.id", name="fk_court_defendant_agency"), nullable=True
        ),
    )
    # The name as the published ruling gives it (initials, or nothing when it withheld the name).
    published_name: str | None = Field(default=None, max_length=300)
    outcome: str = Field(default=CaseOutcome.PENDING, sa_type=String(16), nullable=False)
    sentence: str | None = Field(default=None, max_length=1000)
