"""Court cases and rulings: recording them, the precedents search, and rulings as listing grounds.

A precedent shows what the ruling made public and nothing the registry adds: defendants appear by
the name the ruling published (or not at all), never by their registry records.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlmodel import Session

from registry.errors import InvalidInput, NotFound
from registry.models.court import CONVICTIONS, CourtCase, CourtCharge, CourtDefendant, DefendantKind
from registry.models.types import utcnow
from registry.repositories import agencies as agency_repo
from registry.repositories import companies as company_repo
from registry.repositories import courts as court_repo
from registry.repositories import officers as officer_repo
from registry.repositories.courts import PrecedentFilter
from registry.schemas.court import (
    ChargeRead,
    CourtCaseIn,
    CourtCaseRead,
    DefendantIn,
    DefendantRead,
    PrecedentPage,
    PrecedentRead,
    PublicDefendant,
)
from registry.services.companies import Upsert

_CASE_FIELDS = (
    "case_number",
    "court",
    "level",
    "filed_on",
    "ruling_on",
    "outcome",
    "sentence",
    "appeal_status",
    "is_final",
    "summary",
)


def record_case(session: Session, *, data: CourtCaseIn, actor: str) -> tuple[CourtCase, Upsert]:
    """Record a case, or update the one of the same court and number (an appeal, a final ruling)."""
    appeal_of_id = _appealed_case(session, data)
    defendants = [_defendant(session, d) for d in data.defendants]
    case = court_repo.by_number(session, data.court, data.case_number)
    values = {**data.model_dump(include=set(_CASE_FIELDS)), "appeal_of_id": appeal_of_id}
    if case is None:
        case = CourtCase(**values, recorded_by=actor)
        session.add(case)
        session.flush()
        outcome = Upsert.INSERTED
        before: Any = None
    else:
        before = _snapshot(session, case)
        for key, value in values.items():
            setattr(case, key, value)
        outcome = Upsert.UPDATED
    charges = [CourtCharge(case_id=case.id or 0, **c.model_dump()) for c in data.charges]
    for row in defendants:
        row.case_id = case.id or 0
    court_repo.replace_parts(session, case.id or 0, charges, defendants)
    if before is not None:
        if _snapshot(session, case) == before:
            return case, Upsert.UNCHANGED
        case.updated_at = utcnow()
    return case, outcome


def _appealed_case(session: Session, data: CourtCaseIn) -> int | None:
    if not data.appeal_of_court or not data.appeal_of_case_number:
        return None
    appealed = court_repo.by_number(session, data.appeal_of_court, data.appeal_of_case_number)
    if appealed is None:
        raise InvalidInput(f"no case {data.appeal_of_case_number} of {data.appeal_of_court} to appeal")
    return appealed.id


def _snapshot(session: Session, case: CourtCase) -> tuple[Any, ...]:
    cid = case.id or 0
    fields = tuple(getattr(case, f) for f in (*_CASE_FIELDS, "appeal_of_id"))
    charges = tuple(
        (c.law, c.article, c.description, c.outcome) for c in court_repo.charges_of(session, [cid])[cid]
    )
    defendants = tuple(
        (d.kind, d.company_id, d.officer_id, d.agency_id, d.published_name, d.outcome, d.sentence)
        for d in court_repo.defendants_of(session, [cid])[cid]
    )
    return fields, charges, defendants


def _defendant(session: Session, given: DefendantIn) -> CourtDefendant:
    row = CourtDefendant(
        case_id=0,
        kind=given.kind,
        published_name=given.published_name,
        outcome=given.outcome,
        sentence=given.sentence,
    )
    if given.kind is DefendantKind.COMPANY:
        row.company_id = _company_id(session, given)
    elif given.kind is DefendantKind.OFFICER:
        row.officer_id = _officer_id(session, given)
    elif given.kind is DefendantKind.AGENCY:
        row.agency_id = _agency_id(session, given)
    return row


def _company_id(session: Session, given: DefendantIn) -> int:
    if given.company_id is not None:
        if company_repo.get(session, given.company_id) is None:
            raise InvalidInput(f"no company with id {given.company_id}")
        return given.company_id
    ref = given.company_external_id or ""
    found = company_repo.by_external_ids(session, [ref]).get(ref)
    if found is None:
        raise InvalidInput(f"no company with external_id {ref}")
    return found.id or 0


def _officer_id(session: Session, given: DefendantIn) -> int:
    if given.officer_id is not None:
        return given.officer_id
    officer = officer_repo.by_identity(
        session, given.officer_id_type or "civil_id", given.officer_id_number or ""
    )
    if officer is None:
        raise InvalidInput(f"no officer with {given.officer_id_type or 'civil_id'} {given.officer_id_number}")
    return officer.id or 0


def _agency_id(session: Session, given: DefendantIn) -> int:
    if given.agency_id is not None:
        if agency_repo.get(session, given.agency_id) is None:
            raise InvalidInput(f"no foreign agency with id {given.agency_id}")
        return given.agency_id
    agency = agency_repo.by_external_id(session, given.agency_external_id or "")
    if agency is None:
        raise InvalidInput(f"no foreign agency with external_id {given.agency_external_id}")
    return agency.id or 0


def get_case(session: Session, *, case_id: int) -> CourtCase:
    """The case, or NotFound."""
    case = court_repo.get(session, case_id)
    if case is None:
        raise NotFound(f"no court case with id {case_id}")
    return case


def case_view(session: Session, *, case_id: int) -> CourtCaseRead:
    """A case with its charges and defendants as recorded (officials)."""
    case = get_case(session, case_id=case_id)
    view = CourtCaseRead.model_validate(case)
    view.charges = [ChargeRead.model_validate(c) for c in court_repo.charges_of(session, [case_id])[case_id]]
    view.defendants = [
        DefendantRead.model_validate(d) for d in court_repo.defendants_of(session, [case_id])[case_id]
    ]
    return view


def precedents(session: Session, *, flt: PrecedentFilter, limit: int, offset: int) -> PrecedentPage:
    """Rulings by charge, outcome and year, with only what each ruling made public."""
    cases, total = court_repo.precedents(session, flt, limit=limit, offset=offset)
    ids = [c.id or 0 for c in cases]
    charges, defendants = court_repo.charges_of(session, ids), court_repo.defendants_of(session, ids)
    items = [_precedent(case, charges[case.id or 0], defendants[case.id or 0]) for case in cases]
    return PrecedentPage(items=items, total=total, limit=limit, offset=offset)


def _precedent(
    case: CourtCase, charges: Sequence[CourtCharge], defendants: Sequence[CourtDefendant]
) -> PrecedentRead:
    view = PrecedentRead.model_validate(case)
    view.charges = [ChargeRead.model_validate(c) for c in charges]
    view.defendants = [
        PublicDefendant(kind=d.kind, published_name=d.published_name, outcome=d.outcome, sentence=d.sentence)
        for d in defendants
    ]
    return view


def final_conviction(session: Session, *, case_id: int, company_id: int) -> CourtCase:
    """The case, if its ruling is final, convicts, and concerns the company; InvalidInput otherwise."""
    case = court_repo.get(session, case_id)
    if case is None:
        raise InvalidInput(f"no court case with id {case_id}")
    if not case.is_final:
        raise InvalidInput(
            f"the ruling in case {case.case_number} ({case.court}) is not final "
            f"(appeal status {case.appeal_status}); only a final ruling can ground a listing"
        )
    if case.outcome not in CONVICTIONS:
        raise InvalidInput(f"the final ruling in case {case.case_number} did not convict ({case.outcome})")
    if not court_repo.case_concerns_company(session, case_id, company_id):
        raise InvalidInput(
            f"case {case.case_number} has neither company {company_id} nor its officers as defendants"
        )
    return case


def court_reference(case: CourtCase) -> str:
    """How a ruling is cited in a listing: court, case number and day of the ruling."""
    return f"{case.court}, case {case.case_number}, ruling of {case.ruling_on}"[:300]
