"""Table models, one module per aggregate; importing this package registers them all."""

from registry.models.company import Company, CompanyName, CompanyPhone
from registry.models.officer import CompanyOfficer, Officer

__all__ = ["Company", "CompanyName", "CompanyOfficer", "CompanyPhone", "Officer"]
