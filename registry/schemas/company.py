"""What a company looks like coming in (API, import file) and going out."""

from __future__ import annotations

import re
from datetime import date, datetime
from typing import Annotated

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, field_validator, model_validator

from registry.models.company import Activity, Governorate, LicenceStatus, NameKind, NameScript
from registry.models.officer import IdentityType, OfficerRole
from registry.schemas.text import Line, NameText, OptionalAddress, OptionalName, OptionalShort, empty_to_none

_PHONE_CHARS = re.compile(r"[\s\-().]")
_KUWAIT_LOCAL = re.compile(r"^[124569]\d{7}$")


def canonical_phone(raw: str) -> str:
    """Digits only with the country code; Kuwaiti 8-digit numbers get 965 in front."""
    digits = _PHONE_CHARS.sub("", raw.strip())
    digits = digits.removeprefix("+").removeprefix("00")
    if not digits.isdigit() or not 7 <= len(digits) <= 15:
        raise ValueError(f"not a phone number: {raw!r}")
    return "965" + digits if _KUWAIT_LOCAL.match(digits) else digits


class OfficerIn(BaseModel):
    """An officer as given by a user or a file."""

    model_config = ConfigDict(extra="forbid")

    full_name: NameText
    role: OfficerRole = OfficerRole.OWNER
    id_type: IdentityType = IdentityType.CIVIL_ID
    id_number: Annotated[str, Field(min_length=3, max_length=40, pattern=r"^[A-Za-z0-9]+$")]
    nationality: Annotated[str | None, Field(default=None, pattern=r"^[A-Z]{2}$")] = None

    @model_validator(mode="after")
    def _civil_id_shape(self) -> OfficerIn:
        if self.id_type is IdentityType.CIVIL_ID and not re.fullmatch(r"\d{12}", self.id_number):
            raise ValueError("a Kuwaiti civil ID has 12 digits")
        return self


class CompanyFields(BaseModel):
    """Descriptive fields shared by create, update and import."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    name_en: OptionalName = None
    name_ar: OptionalName = None
    legal_form: Annotated[Annotated[Line, Field(max_length=40)] | None, BeforeValidator(empty_to_none)] = None
    activity: Annotated[Activity, BeforeValidator(lambda v: v or Activity.OTHER)] = Activity.OTHER
    licence_no: OptionalShort = None
    licence_status: Annotated[LicenceStatus, BeforeValidator(lambda v: v or LicenceStatus.UNKNOWN)] = (
        LicenceStatus.UNKNOWN
    )
    licence_issued: Annotated[date | None, BeforeValidator(empty_to_none)] = None
    licence_expires: Annotated[date | None, BeforeValidator(empty_to_none)] = None
    governorate: Annotated[Governorate | None, BeforeValidator(empty_to_none)] = None
    address: OptionalAddress = None
    sponsored_workers: Annotated[Annotated[int, Field(ge=0)] | None, BeforeValidator(empty_to_none)] = None

    @model_validator(mode="after")
    def _dates_in_order(self) -> CompanyFields:
        if self.licence_issued and self.licence_expires and self.licence_expires < self.licence_issued:
            raise ValueError("licence_expires is before licence_issued")
        return self


class CompanyCreate(CompanyFields):
    """A new company: at least one official name, plus aliases, phones and officers."""

    external_id: Annotated[str, Field(min_length=1, max_length=64, pattern=r"^[A-Za-z0-9][A-Za-z0-9_./-]*$")]
    aliases: list[NameText] = Field(default_factory=list, max_length=50)
    phones: list[str] = Field(default_factory=list, max_length=20)
    officers: list[OfficerIn] = Field(default_factory=list, max_length=50)

    @field_validator("phones")
    @classmethod
    def _canonical_phones(cls, phones: list[str]) -> list[str]:
        return sorted({canonical_phone(p) for p in phones if p.strip()})

    @model_validator(mode="after")
    def _has_a_name(self) -> CompanyCreate:
        if not (self.name_en or self.name_ar):
            raise ValueError("a company needs name_en or name_ar")
        return self


class CompanyUpdate(CompanyFields):
    """A partial update; VERSION must be the version the client last read."""

    version: int = Field(ge=1)


class CompanyNameIn(BaseModel):
    """A name to add to a company."""

    model_config = ConfigDict(extra="forbid")

    text: NameText
    kind: NameKind = NameKind.TRADE
    source: Annotated[str, Field(min_length=1, max_length=60, pattern=r"^[\w .:/-]+$")] = "api"


class CompanyNameRead(BaseModel):
    """A stored name of a company."""

    model_config = ConfigDict(from_attributes=True)

    id: int
    text: str
    script: NameScript
    kind: NameKind
    source: str
    key: str
    created_at: datetime


class OfficerRead(BaseModel):
    """An officer's role in a company, identity number included (officials only)."""

    officer_id: int
    full_name: str
    role: OfficerRole
    id_type: IdentityType
    id_number: str
    nationality: str | None


class CompanyRead(CompanyFields):
    """A company as the API returns it."""

    model_config = ConfigDict(from_attributes=True, extra="ignore")

    id: int
    external_id: str
    merged_into_id: int | None = None
    version: int
    created_at: datetime
    updated_at: datetime
    phones: list[str] = Field(default_factory=list)


class CompanyDetail(CompanyRead):
    """A company with its names and officers."""

    names: list[CompanyNameRead] = Field(default_factory=list)
    officers: list[OfficerRead] = Field(default_factory=list)


class CompanyPage(BaseModel):
    """One page of a company listing."""

    items: list[CompanyRead]
    total: int
    limit: int
    offset: int
