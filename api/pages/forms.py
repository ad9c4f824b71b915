"""The public forms as posted, and turning them into the report the API takes (or messages to fix)."""

from __future__ import annotations

import re

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from registry.i18n import N_, translations
from registry.schemas.complaint import PublicReportIn

_FIELD_MESSAGES = {
    "company_name": N_("Write the name of the company or office."),
    "categories": N_("Choose at least one kind of abuse."),
    "what_happened": N_("The description is too long or contains characters that are not allowed."),
    "reporter_type": N_("Choose who is reporting."),
    "contact_name": N_("Check your name: one line, at most 120 characters."),
    "contact_phone": N_("Check the phone number: digits only, with the country code if you like."),
}
_CHECK_FIELD = N_("Check this field.")
CODE_FORMAT = N_("A follow-up code has 16 letters and digits, like 7KQ2-M9XD-4TBR-1A5C.")
CODE_UNKNOWN = N_("No report has this follow-up code. Check the code and try again.")
_CODE = re.compile(r"^[A-Za-z0-9 -]{8,30}$")


class ReportForm(BaseModel):
    """The report form as the browser sends it; checked properly by PublicReportIn."""

    model_config = ConfigDict(extra="ignore")

    csrf_token: str = Field(default="", max_length=200)
    company_name: str = Field(default="", max_length=1000)
    categories: list[str] = Field(default_factory=list, max_length=50)
    what_happened: str = Field(default="", max_length=10_000)
    reporter_type: str = Field(default="victim", max_length=40)
    contact_name: str = Field(default="", max_length=500)
    contact_phone: str = Field(default="", max_length=100)
    consent_to_share: bool = False


class FollowUpForm(BaseModel):
    """The follow-up form: the code, and the form token."""

    model_config = ConfigDict(extra="ignore")

    csrf_token: str = Field(default="", max_length=200)
    code: str = Field(default="", max_length=100)


def parse_report(form: ReportForm, language: str) -> tuple[PublicReportIn | None, dict[str, str]]:
    """The report, or messages in LANGUAGE for each field to correct."""
    contact = {"name": form.contact_name.strip() or None, "phone": form.contact_phone.strip() or None}
    data = {
        "company_name": form.company_name.strip() or None,
        "categories": form.categories,
        "what_happened": form.what_happened.strip() or None,
        "reporter_type": form.reporter_type,
        "language": language.split("-")[0],
        "contact": contact if any(contact.values()) else None,
        "consent_to_share": form.consent_to_share,
    }
    try:
        return PublicReportIn.model_validate(data), {}
    except ValidationError as exc:
        words = translations(language)
        problems = {}
        for error in exc.errors():
            field = _form_field(error["loc"])
            problems[field] = words.gettext(_FIELD_MESSAGES.get(field, _CHECK_FIELD))
        return None, problems


def code_problem(code: str) -> str | None:
    """Why CODE cannot be a follow-up code (an untranslated message id), or None."""
    return None if _CODE.match(code.strip()) else CODE_FORMAT


def _form_field(loc: tuple[int | str, ...]) -> str:
    if loc and loc[0] == "contact":
        return f"contact_{loc[1]}" if len(loc) > 1 else "contact_phone"
    return str(loc[0]) if loc else "company_name"
