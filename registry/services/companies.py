"""Rules for creating, updating and naming companies."""

from __future__ import annotations

from enum import StrEnum
from typing import Any

from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm.exc import StaleDataError
from sqlmodel import Session

from registry.errors import Conflict, InvalidInput, NotFound
from registry.matching.normalize import detect_script, name_key
from registry.models.company import Company, CompanyName, CompanyPhone, NameKind
from registry.models.officer import CompanyOfficer, Officer
from registry.models.types import utcnow
from registry.repositories import companies as company_repo
from registry.repositories import officers as officer_repo
from registry.repositories.companies import CompanyFilter
from registry.schemas.company import (
    CompanyCreate,
    CompanyDetail,
    CompanyFields,
    CompanyNameIn,
    CompanyNameRead,
    CompanyPage,
    CompanyRead,
    CompanyUpdate,
    OfficerIn,
    OfficerRead,
)
from registry.services import links

_DESCRIPTIVE_FIELDS = tuple(CompanyFields.model_fields)


class Upsert(StrEnum):
    """What an upsert did to the stored company."""

    INSERTED = "inserted"
    UPDATED = "updated"
    UNCHANGED = "unchanged"


def get_company(session: Session, *, company_id: int) -> Company:
    """The company, or NotFound."""
    company = company_repo.get(session, company_id)
    if company is None:
        raise NotFound(f"no company with id {company_id}")
    return company


def create_company(session: Session, *, data: CompanyCreate, source: str = "api") -> Company:
    """Register a new company; its external_id must be new."""
    if company_repo.external_id_exists(session, data.external_id):
        raise Conflict(f"a company with external_id {data.external_id!r} already exists")
    company = Company(external_id=data.external_id, **data.model_dump(include=set(_DESCRIPTIVE_FIELDS)))
    session.add(company)
    _flush(session, f"a company with external_id {data.external_id!r} already exists")
    _attach_extras(session, company, data, source)
    links.refresh_links_for_new_companies(session, company_ids=[company.id] if company.id else [])
    return company


def update_company(session: Session, *, company_id: int, data: CompanyUpdate) -> Company:
    """Apply a partial update if DATA.version is the stored version; otherwise Conflict."""
    company = get_company(session, company_id=company_id)
    if company.version != data.version:
        raise Conflict(
            f"company {company_id} is at version {company.version}, not {data.version}: reload it and retry"
        )
    changes = data.model_dump(exclude_unset=True, exclude={"version"})
    _apply_fields(session, company, changes, source="api")
    _flush(session, f"company {company_id} was changed by someone else: reload it and retry")
    # A changed phone, address or name may now tie this company to a listed one.
    links.refresh_links_for_new_companies(session, company_ids=[company.id] if company.id else [])
    return company


def upsert_company(session: Session, *, data: CompanyCreate, source: str) -> Upsert:
    """Insert or update by external_id; report whether anything changed."""
    existing = company_repo.by_external_ids(session, [data.external_id]).get(data.external_id)
    if existing is None:
        create_company(session, data=data, source=source)
        return Upsert.INSERTED
    fields = data.model_dump(include=set(_DESCRIPTIVE_FIELDS), exclude_unset=True)
    changed = _apply_fields(session, existing, fields, source)
    changed |= _attach_extras(session, existing, data, source)
    _flush(session, f"company {data.external_id!r} was changed by someone else")
    return Upsert.UPDATED if changed else Upsert.UNCHANGED


def add_name(session: Session, *, company_id: int, name: CompanyNameIn) -> CompanyName:
    """Add a name to a company; a name it already has is a conflict."""
    company = get_company(session, company_id=company_id)
    existing = _names_by_text(session, company)
    if name.text in existing:
        raise Conflict(f"company {company_id} already has the name {name.text!r}")
    row = _new_name(company, name.text, NameKind(name.kind), name.source)
    session.add(row)
    _flush(session, f"company {company_id} already has the name {name.text!r}")
    return row


def list_companies(session: Session, *, flt: CompanyFilter, limit: int, offset: int) -> CompanyPage:
    """One page of companies, each with its phones."""
    items, total = company_repo.page(session, flt, limit=limit, offset=offset)
    phones = company_repo.phones_of(session, [c.id for c in items if c.id is not None])
    reads = [_read(c, phones.get(c.id or 0, [])) for c in items]
    return CompanyPage(items=reads, total=total, limit=limit, offset=offset)


def company_detail(session: Session, *, company_id: int) -> CompanyDetail:
    """A company with its phones, names and officers."""
    company = get_company(session, company_id=company_id)
    cid = company_id
    base = _read(company, phones_of(session, company_id=cid))
    names = [CompanyNameRead.model_validate(n) for n in company_repo.names_of(session, [cid])[cid]]
    return CompanyDetail(**base.model_dump(), names=names, officers=officers_of(session, company_id=cid))


def phones_of(session: Session, *, company_id: int) -> list[str]:
    """A company's canonical phone numbers."""
    return company_repo.phones_of(session, [company_id])[company_id]


def officers_of(session: Session, *, company_id: int) -> list[OfficerRead]:
    """A company's officers with their roles."""
    return [_officer_read(link, o) for link, o in officer_repo.roles_of(session, [company_id])[company_id]]


def attach_contacts(
    session: Session, *, company: Company, phones: list[str], officers: list[OfficerIn]
) -> bool:
    """Add phones and officer roles the company does not have yet; True when something was added."""
    changed = _add_phones(session, company, phones)
    return _attach_officers(session, company, officers) or changed


def company_names(session: Session, *, company_id: int) -> list[CompanyNameRead]:
    """Every name of a company, oldest first."""
    get_company(session, company_id=company_id)
    rows = company_repo.names_of(session, [company_id])[company_id]
    return [CompanyNameRead.model_validate(n) for n in rows]


def _read(company: Company, phones: list[str]) -> CompanyRead:
    return CompanyRead.model_validate({**company.model_dump(), "phones": phones})


def _officer_read(link: CompanyOfficer, officer: Officer) -> OfficerRead:
    return OfficerRead.model_validate(
        {
            "officer_id": officer.id,
            "full_name": officer.full_name,
            "role": link.role,
            "id_type": officer.id_type,
            "id_number": officer.id_number,
            "nationality": officer.nationality,
        }
    )


def _flush(session: Session, conflict_message: str) -> None:
    try:
        session.flush()
    except StaleDataError as exc:
        raise Conflict(conflict_message) from exc
    except IntegrityError as exc:
        raise Conflict(conflict_message) from exc


def _apply_fields(session: Session, company: Company, changes: dict[str, Any], source: str) -> bool:
    """Set changed fields; an official name that is replaced stays on as a former name."""
    changed = {k: v for k, v in changes.items() if getattr(company, k) != v}
    if not changed:
        return False
    merged = {"name_en": company.name_en, "name_ar": company.name_ar, **changed}
    if not (merged["name_en"] or merged["name_ar"]):
        raise InvalidInput("a company needs name_en or name_ar")
    for field, value in changed.items():
        setattr(company, field, value)
    company.updated_at = utcnow()
    if "name_en" in changed or "name_ar" in changed:
        _sync_official_names(session, company, source)
    return True


def _attach_extras(session: Session, company: Company, data: CompanyCreate, source: str) -> bool:
    changed = _sync_official_names(session, company, source)
    changed |= _add_aliases(session, company, data.aliases, source)
    return attach_contacts(session, company=company, phones=data.phones, officers=data.officers) or changed


def _names_by_text(session: Session, company: Company) -> dict[str, CompanyName]:
    if company.id is None:
        return {}
    return {n.text: n for n in company_repo.names_of(session, [company.id])[company.id]}


def _new_name(company: Company, text: str, kind: NameKind, source: str) -> CompanyName:
    assert company.id is not None
    return CompanyName(
        company_id=company.id,
        text=text,
        script=detect_script(text),
        kind=kind,
        source=source,
        key=name_key(text),
    )


def _sync_official_names(session: Session, company: Company, source: str) -> bool:
    official = {n for n in (company.name_en, company.name_ar) if n}
    existing = _names_by_text(session, company)
    changed = False
    for row in existing.values():
        if row.kind == NameKind.OFFICIAL and row.text not in official:
            row.kind, changed = NameKind.FORMER, True
    for text in official:
        current = existing.get(text)
        if current is None:
            session.add(_new_name(company, text, NameKind.OFFICIAL, source))
            changed = True
        elif current.kind != NameKind.OFFICIAL:
            current.kind, changed = NameKind.OFFICIAL, True
    session.flush()
    return changed


def _add_aliases(session: Session, company: Company, aliases: list[str], source: str) -> bool:
    existing = _names_by_text(session, company)
    fresh = [a for a in dict.fromkeys(aliases) if a not in existing]
    session.add_all(_new_name(company, text, NameKind.TRADE, source) for text in fresh)
    return bool(fresh)


def _add_phones(session: Session, company: Company, phones: list[str]) -> bool:
    assert company.id is not None
    known = set(company_repo.phones_of(session, [company.id])[company.id])
    fresh = [p for p in phones if p not in known]
    session.add_all(CompanyPhone(company_id=company.id, number=p) for p in fresh)
    return bool(fresh)


def _attach_officers(session: Session, company: Company, officers: list[OfficerIn]) -> bool:
    assert company.id is not None
    if not officers:
        return False
    links = {
        (link.officer_id, link.role) for link, _ in officer_repo.roles_of(session, [company.id])[company.id]
    }
    changed = False
    for given in officers:
        officer = _officer_for(session, given)
        if (officer.id, given.role) not in links:
            session.add(CompanyOfficer(company_id=company.id, officer_id=officer.id or 0, role=given.role))
            links.add((officer.id or 0, given.role))
            changed = True
    return changed


def _officer_for(session: Session, given: OfficerIn) -> Officer:
    officer = officer_repo.by_identity(session, given.id_type, given.id_number)
    if officer is None:
        officer = Officer(
            full_name=given.full_name,
            id_type=given.id_type,
            id_number=given.id_number,
            nationality=given.nationality,
        )
        session.add(officer)
        session.flush()
    return officer


def search_key(text: str | None) -> str | None:
    """The normalised form of a name fragment to search for, or None when it holds nothing."""
    if text is None:
        return None
    if "\x00" in text:
        raise InvalidInput("name contains a NUL character")
    return name_key(text) or None
