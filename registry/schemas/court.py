"""Court cases coming in, as officials see them, and as precedents (public parts of rulings only)."""

from __future__ import annotations

import re
from datetime import date, datetime
from typing import Annotated

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, model_validator

from registry.models.court import KNOWN_LAWS, AppealStatus, CaseOutcome, CourtLevel, DefendantKind
from registry.models.officer import IdentityType
from registry.schemas.text import Line, OptionalName, OptionalShort, Paragraph, empty_to_none

_LAW_NUMBER = re.compile(r"(\d+)\s*(?:/|\s+of\s+)\s*(\d{4})", re.IGNORECASE)
_OPEN_APPEALS = frozenset({AppealStatus.TIME_RUNNING, AppealStatus.APPEALED})


def law_code(value: object) -> object:
    """ "Law No. 91 of 2013", "law 91/2013" and "91/2013" are all "91/2013"; other laws as written."""
    if not isinstance(value, str):
        return value
    found = _LAW_NUMBER.search(value)
    return f"{int(found.group(1))}/{found.group(2)}" if found else " ".join(value.split())


Sentence = Annotated[
    Annotated[Line, Field(min_length=1, max_length=1000)] | None, BeforeValidator(empty_to_none)
]


class ChargeIn(BaseModel):
    """A charge: the law (Law No. 91 of 2013 is "91/2013"), the article, and its outcome if known."""

    model_config = ConfigDict(extra="forbid")

    law: Annotated[Line, BeforeValidator(law_code), Field(min_length=1, max_length=40)]
    article: Annotated[Line, Field(min_length=1, max_length=20)]
    description: Annotated[
        Annotated[Line, Field(min_length=1, max_length=300)] | None, BeforeValidator(empty_to_none)
    ] = None
    outcome: Annotated[CaseOutcome | None, BeforeValidator(empty_to_none)] = None


class DefendantIn(BaseModel):
    """A defendant: how it is known in the registry, and what the ruling made public of it."""

    model_config = ConfigDict(extra="forbid")

    kind: DefendantKind
    company_id: int | None = None
    company_external_id: OptionalShort = None
    officer_id: int | None = None
    officer_id_type: IdentityType | None = None
    officer_id_number: OptionalShort = None
    agency_id: int | None = None
    agency_external_id: OptionalShort = None
    published_name: OptionalName = None
    outcome: CaseOutcome = CaseOutcome.PENDING
    sentence: Sentence = None

    @model_validator(mode="after")
    def _reference(self) -> DefendantIn:
        named = {
            DefendantKind.COMPANY: self.company_id is not None or bool(self.company_external_id),
            DefendantKind.OFFICER: self.officer_id is not None or bool(self.officer_id_number),
            DefendantKind.AGENCY: self.agency_id is not None or bool(self.agency_external_id),
            DefendantKind.PERSON: True,
        }
        if not named[self.kind]:
            raise ValueError(f"a {self.kind} defendant says which {self.kind} of the registry it is")
        return self


class CourtCaseIn(BaseModel):
    """A case and its ruling as prosecutors record it; summary and sentences hold only what was published."""

    model_config = ConfigDict(extra="forbid")

    case_number: Annotated[Line, Field(min_length=1, max_length=60, pattern=r"\d")]
    court: Annotated[Line, Field(min_length=3, max_length=200)]
    level: CourtLevel
    filed_on: date | None = None
    ruling_on: date | None = None
    outcome: CaseOutcome = CaseOutcome.PENDING
    sentence: Annotated[
        Annotated[Line, Field(min_length=1, max_length=2000)] | None, BeforeValidator(empty_to_none)
    ] = None
    appeal_status: AppealStatus = AppealStatus.NONE
    is_final: bool = False
    summary: Annotated[
        Annotated[Paragraph, Field(min_length=1, max_length=4000)] | None, BeforeValidator(empty_to_none)
    ] = None
    appeal_of_court: OptionalName = None
    appeal_of_case_number: OptionalShort = None
    charges: list[ChargeIn] = Field(min_length=1, max_length=50)
    defendants: list[DefendantIn] = Field(min_length=1, max_length=100)

    @model_validator(mode="after")
    def _consistent(self) -> CourtCaseIn:
        if self.filed_on and self.ruling_on and self.ruling_on < self.filed_on:
            raise ValueError("ruling_on is before filed_on")
        if self.outcome is not CaseOutcome.PENDING and self.ruling_on is None:
            raise ValueError("a case with an outcome gives the day of the ruling (ruling_on)")
        if self.is_final and self.outcome is CaseOutcome.PENDING:
            raise ValueError("a pending case cannot have a final ruling")
        if self.is_final and self.appeal_status in _OPEN_APPEALS:
            raise ValueError(f"a ruling whose appeal status is {self.appeal_status} is not final")
        if bool(self.appeal_of_court) != bool(self.appeal_of_case_number):
            raise ValueError("an appeal names both the court and the case number it appeals")
        return self


class ChargeRead(BaseModel):
    """A charge, with the law's title when the registry knows it."""

    model_config = ConfigDict(from_attributes=True)

    law: str
    article: str
    description: str | None
    outcome: str | None

    @property
    def law_title(self) -> str:
        """The law's full title, or its code."""
        return KNOWN_LAWS.get(self.law, self.law)


class DefendantRead(BaseModel):
    """A defendant with its registry links (officials only)."""

    model_config = ConfigDict(from_attributes=True)

    kind: str
    company_id: int | None
    officer_id: int | None
    agency_id: int | None
    published_name: str | None
    outcome: str
    sentence: str | None


class _CaseFields(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    case_number: str
    court: str
    level: str
    ruling_on: date | None
    outcome: str
    sentence: str | None
    appeal_status: str
    is_final: bool
    summary: str | None
    charges: list[ChargeRead] = Field(default_factory=list)


class CourtCaseRead(_CaseFields):
    """A case as officials see it."""

    filed_on: date | None
    appeal_of_id: int | None
    recorded_by: str
    updated_at: datetime
    defendants: list[DefendantRead] = Field(default_factory=list)


class PublicDefendant(BaseModel):
    """A defendant as the ruling made it public: no registry link, the published name or nothing."""

    kind: str
    published_name: str | None
    outcome: str
    sentence: str | None


class PrecedentRead(_CaseFields):
    """A ruling in the precedents search."""

    defendants: list[PublicDefendant] = Field(default_factory=list)


class PrecedentPage(BaseModel):
    """A page of precedents, newest ruling first."""

    items: list[PrecedentRead]
    total: int
    limit: int
    offset: int
