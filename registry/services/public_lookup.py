"""The public lookup shared by the public page and the JSON API: a company's status in words.

Only what the public may know is read: names, licence, and listings in force (final decisions).
Proposals, pending cases, appeals, risk scores and complainants are never queried here.
"""

from __future__ import annotations

from datetime import date

from babel.dates import format_date
from sqlmodel import Session

from registry.i18n import N_, translations
from registry.matching.decide import MATCH
from registry.models.company import LicenceStatus
from registry.repositories import public as public_repo
from registry.repositories.public import CompanyStanding, GroundCounts, ListingInForce
from registry.schemas.public import (
    LookupOutcome,
    PublicCompany,
    PublicListing,
    PublicLookup,
    PublicState,
)
from registry.services.name_index import name_index
from registry.services.name_matching import NameMatch, match_known, match_text
from registry.services.public_cache import recent_lookups
from registry.services.public_snapshot import PublicSnapshot, public_snapshot
from registry.settings import get_settings

MAX_SIMILAR = 5

OUTCOME_WORDS: dict[LookupOutcome, tuple[str, str]] = {
    LookupOutcome.FOUND: (
        N_("This company is in the registry."),
        N_("Check that the name on your contract is exactly the name shown here."),
    ),
    LookupOutcome.SIMILAR: (
        N_("No company has exactly this name. These companies have similar names."),
        N_(
            "Compare each name carefully with the name on your contract or on the office. "
            "If none is the same, the business may not be registered."
        ),
    ),
    LookupOutcome.NOT_FOUND: (
        N_("No company with this name is in the registry."),
        N_(
            "Check the spelling, or try the name in Arabic or in English as it is written on the licence "
            "or the contract. A business that is not registered may not recruit workers: do not pay it "
            "any fee and do not hand over your passport. Report it, or call the hotline."
        ),
    ),
}

_STOP_ADVICE = N_(
    "Do not sign a contract with this company or pay it any money. If you already did, report it or "
    "call the hotline."
)
STATE_WORDS: dict[PublicState, tuple[str, str]] = {
    PublicState.LICENSED: (
        N_("Licensed: this company holds a valid licence."),
        N_("Recruitment fees are not allowed: you should not pay for your job. Keep your passport yourself."),
    ),
    PublicState.LICENCE_SUSPENDED: (
        N_("Licence suspended: this company may not recruit workers at present."),
        _STOP_ADVICE,
    ),
    PublicState.LICENCE_EXPIRED: (
        N_("Licence expired: this company may not recruit workers until it renews its licence."),
        _STOP_ADVICE,
    ),
    PublicState.LICENCE_CANCELLED: (
        N_("Licence cancelled: this company may not recruit workers."),
        _STOP_ADVICE,
    ),
    PublicState.LICENCE_UNCONFIRMED: (
        N_("Licence not confirmed: the registry does not know whether this company's licence is valid."),
        N_("Ask the Public Authority of Manpower, or call the hotline, before you sign or pay anything."),
    ),
    PublicState.BLACKLISTED: (
        N_("Blacklisted from %(start)s until %(end)s: this company is banned from recruiting workers."),
        N_(
            "Do not sign with this company, pay it money or give it your passport. If it holds your "
            "passport or owes you wages, report it or call the hotline."
        ),
    ),
}

_LICENCE_STATES = {
    LicenceStatus.ACTIVE: PublicState.LICENSED,
    LicenceStatus.SUSPENDED: PublicState.LICENCE_SUSPENDED,
    LicenceStatus.EXPIRED: PublicState.LICENCE_EXPIRED,
    LicenceStatus.CANCELLED: PublicState.LICENCE_CANCELLED,
}

# The violation catalogue's kinds of abuse in plain words; a code added later without a label here
# falls back to the catalogue's own English or Arabic title.
CATEGORY_LABELS: dict[str, str] = {
    "PASSPORT_RETENTION": N_("Passport or ID kept by the employer or agency"),
    "WAGE_THEFT": N_("Wages unpaid or withheld"),
    "RECRUITMENT_FEES": N_("Recruitment fees charged to the worker"),
    "CONTRACT_SUBSTITUTION": N_("Contract replaced by a different one"),
    "EXCESSIVE_HOURS": N_("Too many working hours or no day off"),
    "MOVEMENT_RESTRICTION": N_("Locked in or not allowed to go out"),
    "PHYSICAL_ABUSE": N_("Physical abuse"),
    "SEXUAL_ABUSE": N_("Sexual abuse"),
    "THREATS": N_("Threats and intimidation"),
    "DECEPTION": N_("Deceived about the job or its conditions"),
    "DEBT_BONDAGE": N_("Forced to work to pay off a debt"),
    "VISA_TRADING": N_("Residency (visa) trading"),
    "UNSAFE_HOUSING": N_("Unsafe or degrading housing"),
}

_FOUND_BY_INSPECTORS = N_("Found by inspectors: %(violation)s")
_COMPLAINTS = N_("Complaints from workers: %(count)d")
_COURT_RULINGS = N_("Court rulings: %(count)d")


def lookup(session: Session, *, query: str, language: str, today: date) -> PublicLookup:
    """Find the company QUERY names (any of its names, either script, spelling tolerated).

    Answers are reused for a few seconds (registry/services/public_cache.py)."""
    return recent_lookups.get_or_compute(
        query=query,
        language=language,
        today=today,
        compute=lambda: _lookup(session, query=query, language=language, today=today),
    )


def recent(*, query: str, language: str, today: date) -> PublicLookup | None:
    """The answer to QUERY if one was computed moments ago (no database needed), else None."""
    return recent_lookups.get(query=query, language=language, today=today)


def _lookup(session: Session, *, query: str, language: str, today: date) -> PublicLookup:
    snapshot = public_snapshot.current(session, max_age=get_settings().public_standing_max_age_seconds)
    outcome, company_ids = _chosen(_match(session, query, snapshot))
    standing, grounds = _standing(session, snapshot, company_ids, today)
    results = [_company(*standing[cid], grounds, language, today) for cid in company_ids if cid in standing]
    if not results:
        outcome = LookupOutcome.NOT_FOUND
    message, advice = OUTCOME_WORDS[outcome]
    words = translations(language)
    return PublicLookup(
        query=query,
        language=language,
        outcome=outcome,
        message=words.gettext(message),
        advice=words.gettext(advice),
        results=results,
    )


def _match(session: Session, query: str, snapshot: PublicSnapshot | None) -> NameMatch:
    max_age = get_settings().public_index_max_age_seconds
    if snapshot is None:
        return match_text(session, text=query, index_max_age=max_age)
    matcher = name_index.current(session, max_age=max_age)
    return match_known(query, matcher=matcher, companies=snapshot.refs, rejections=snapshot.rejections)


def _standing(
    session: Session, snapshot: PublicSnapshot | None, company_ids: list[int], today: date
) -> tuple[dict[int, tuple[CompanyStanding, ListingInForce | None]], dict[int, GroundCounts]]:
    if snapshot is not None:
        return snapshot.standing_on(company_ids, today), snapshot.grounds
    standing = public_repo.standing(session, company_ids, today)
    listed = [listing.id for _, listing in standing.values() if listing is not None]
    return standing, public_repo.ground_counts(session, listed)


def category_label(code: str, language: str, *, title_en: str = "", title_ar: str = "") -> str:
    """The label of a kind of abuse in LANGUAGE."""
    if code in CATEGORY_LABELS:
        return translations(language).gettext(CATEGORY_LABELS[code])
    return (title_ar if language == "ar" else title_en) or title_en or code


def _chosen(match: NameMatch) -> tuple[LookupOutcome, list[int]]:
    if match.decision == MATCH and match.company_id is not None:
        return LookupOutcome.FOUND, [match.company_id]
    floor = get_settings().public_similar_threshold
    close = [c.company_id for c in match.candidates if c.score >= floor]
    if close:
        return LookupOutcome.SIMILAR, list(dict.fromkeys(close))[:MAX_SIMILAR]
    return LookupOutcome.NOT_FOUND, []


def public_state(company: CompanyStanding, listing: ListingInForce | None, today: date) -> PublicState:
    """The company's standing: a listing in force first, then its licence (an active one past expiry
    counts as expired)."""
    if listing is not None:
        return PublicState.BLACKLISTED
    state = _LICENCE_STATES.get(LicenceStatus(company.licence_status), PublicState.LICENCE_UNCONFIRMED)
    if (
        state is PublicState.LICENSED
        and company.licence_expires is not None
        and company.licence_expires < today
    ):
        return PublicState.LICENCE_EXPIRED
    return state


def _company(
    company: CompanyStanding,
    listing: ListingInForce | None,
    grounds: dict[int, GroundCounts],
    language: str,
    today: date,
) -> PublicCompany:
    state = public_state(company, listing, today)
    status, advice = (translations(language).gettext(m) for m in STATE_WORDS[state])
    shown = None
    if listing is not None and listing.starts_on is not None and listing.ends_on is not None:
        period = {
            "start": format_date(listing.starts_on, "long", locale=language),
            "end": format_date(listing.ends_on, "long", locale=language),
        }
        status = status % period
        counts = grounds.get(listing.id or 0, GroundCounts())
        shown = PublicListing(
            reference=f"KW-BL-{listing.id:06d}",
            listed_on=listing.starts_on,
            listed_until=listing.ends_on,
            grounds=ground_lines(counts, language),
            decision=listing.decision_reason,
        )
    return PublicCompany(
        name_en=company.name_en,
        name_ar=company.name_ar,
        licence_no=company.licence_no,
        state=state,
        status=status,
        advice=advice,
        listing=shown,
    )


def ground_lines(counts: GroundCounts, language: str) -> list[str]:
    """A summary of a listing's grounds in LANGUAGE: each violation found, then counts of the rest."""
    words = translations(language)
    lines = [
        words.gettext(_FOUND_BY_INSPECTORS) % {"violation": category_label(code, language)}
        for code in sorted(counts.violation_codes)
    ]
    if counts.complaints:
        lines.append(words.gettext(_COMPLAINTS) % {"count": counts.complaints})
    if counts.court_rulings:
        lines.append(words.gettext(_COURT_RULINGS) % {"count": counts.court_rulings})
    return lines
