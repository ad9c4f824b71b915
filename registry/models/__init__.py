"""Table models, one module per aggregate; importing this package registers them all."""

from registry.models.company import Company, CompanyName, CompanyNameChange, CompanyPhone
from registry.models.history import CompanyEvent
from registry.models.mention import MatchRejection, NameMention
from registry.models.officer import CompanyOfficer, Officer

__all__ = [
    "Company",
    "CompanyEvent",
    "CompanyName",
    "CompanyNameChange",
    "CompanyOfficer",
    "CompanyPhone",
    "MatchRejection",
    "NameMention",
    "Officer",
]
