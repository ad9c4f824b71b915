"""Builders for the public lookup tests: companies in every standing, one of them blacklisted."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from sqlmodel import Session

from registry.models.company import Company
from registry.models.listing import Listing
from registry.models.types import utcnow
from registry.services import listings
from registry.services.legal_time import local_date
from tests.blacklist_support import listed, make_company, proposal

LISTED_EN = "Golden Crescent Manpower Recruitment Co."
LISTED_AR = "شركة الهلال الذهبي لاستقدام العمالة"
LICENSED_EN = "Bright Horizon Domestic Labour Office"
LICENSED_AR = "مكتب الأفق المشرق لاستقدام العمالة المنزلية"
SUSPENDED_EN = "Silver Palm Cleaning Services Co."
PROPOSED_EN = "Blue Pearl General Trading and Contracting Co."
XSS_NAME = "<script>alert(1)</script> Recruitment Office"


@dataclass
class Registry:
    """The companies a public test searches for."""

    licensed: Company
    suspended: Company
    listed: Company
    listing: Listing
    proposed: Company
    xss: Company


class Clock:
    """A clock the test moves by hand."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def today() -> date:
    """Kuwait's calendar day now."""
    return local_date(utcnow())


def company(session: Session, **fields: Any) -> Company:
    """A company with an active licence valid for a year, unless FIELDS say otherwise."""
    values = {"licence_status": "active", "licence_expires": today() + timedelta(days=365)} | fields
    return make_company(session, **values)


def build_registry(session: Session) -> Registry:
    """A licensed, a suspended, a blacklisted, a proposed (not final) and an oddly named company."""
    licensed = company(session, name_en=LICENSED_EN, name_ar=LICENSED_AR, licence_no="LIC-2024-0001")
    suspended = company(session, name_en=SUSPENDED_EN, licence_status="suspended")
    black = company(session, name_en=LISTED_EN, name_ar=LISTED_AR, licence_no="LIC-2019-0042")
    listing = listed(session, black.id or 0, start=utcnow() - timedelta(days=40))
    proposed = company(session, name_en=PROPOSED_EN)
    listings.propose(session, data=proposal(session, proposed.id or 0), actor="officer.sara", now=utcnow())
    xss = company(session, name_en=XSS_NAME)
    session.flush()
    return Registry(licensed, suspended, black, listing, proposed, xss)
