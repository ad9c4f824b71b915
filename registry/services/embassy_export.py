"""The export for one origin country's embassy: complaints about its agencies, counts, listed partners.

Which complaints: those naming an agency of the country, and those about a Kuwaiti office working
with one of its agencies made by a worker from the country (a worker of another nationality is no
business of this embassy). Narratives never leave (they carry names, places and health details).
A complainant's identity leaves only where a worker from the country consented to share it, and only
in an export made by someone the access policy lets read identities (investigators): the query does
not even read the complainant row otherwise, and the entry then has no `complainant` key at all. In
anyone else's export a consented entry says `identity_withheld`, so the committee knows to ask.
The file is one JSON object written as the rows stream, so memory stays flat with size.
"""

from __future__ import annotations

import json
from collections import Counter
from datetime import date, datetime
from typing import Any

from sqlmodel import Session

from registry.access import Principal, Protected, may_read
from registry.crypto import FieldCipher
from registry.models.complaint import complaint_reference
from registry.models.export_log import ExportKind, ExportLog
from registry.repositories import agencies as agency_repo
from registry.repositories import companies as company_repo
from registry.repositories import sharing as sharing_repo
from registry.services.publication_files import AUTHORITY
from registry.services.sharing import ByteSink, HashingWriter, file_stamp, record_export

FORMAT = "kw-embassy-export/1"


def export_embassy(
    session: Session,
    *,
    country: str,
    exporter: Principal,
    out: ByteSink,
    now: datetime,
    today: date,
    cipher: FieldCipher,
) -> ExportLog:
    """Write COUNTRY's export to OUT and record it in the export log."""
    writer = HashingWriter(out)
    head = {"format": FORMAT, "country": country, "generated_at": now.isoformat(), "authority": AUTHORITY}
    writer.write(_dumps(head)[:-1] + b', "complaints": [\n')
    identities = may_read(exporter, Protected.COMPLAINANT_IDENTITY, assigned_inspector=None)
    counts = _write_complaints(session, writer, country, cipher if identities else None)
    partners = _listed_partners(session, country, today)
    offices = _listed_offices(session, country, today)
    agencies = [_agency(a) for a in sharing_repo.agencies_of(session, country)]
    counts.update(agencies=len(agencies), listed_partners=len(partners), listed_offices=len(offices))
    tail = {"counts": counts, "agencies": agencies, "listed_partners": partners, "listed_offices": offices}
    writer.write(b"],\n" + _dumps(tail)[1:] + b"\n")
    name = f"embassy-{country}-{file_stamp(now)}.json"
    return record_export(
        session,
        kind=ExportKind.EMBASSY,
        country=country,
        actor=exporter.name,
        at=now,
        counts=counts,
        file_name=name,
        written=writer,
    )


def _dumps(value: object) -> bytes:
    return json.dumps(value, ensure_ascii=False, sort_keys=True).encode()


def _write_complaints(
    session: Session, writer: HashingWriter, country: str, cipher: FieldCipher | None
) -> dict[str, Any]:
    """Stream the complaints; identities decrypted with CIPHER, or withheld when there is none."""
    named = sharing_repo.named_pairs(session, country)
    agency_ids = {a for ids in named.values() for a in ids}
    agencies = {a.id: a.external_id for a in agency_repo.get_many(session, sorted(agency_ids)).values()}
    offices = sharing_repo.companies_brief(session, sharing_repo.offices_complained_of(session, country))
    categories: Counter[str] = Counter()
    statuses: Counter[str] = Counter()
    total = identified = withheld = 0
    rows = sharing_repo.complaints_for_country(session, country, identities=cipher is not None)
    for row in rows:
        entry = _complaint(row, named.get(row.id, []), agencies, offices)
        if cipher is not None and (row.name_enc or row.phone_enc or row.document_enc or row.nationality_enc):
            entry["complainant"] = _identity(row, cipher)
            identified += 1
        elif cipher is None and _shareable(row, country):
            entry["identity_withheld"] = True
            withheld += 1
        writer.write((b",\n" if total else b"") + _dumps(entry))
        categories.update(entry["categories"])
        statuses[entry["status"]] += 1
        total += 1
    return {
        "complaints": total,
        "by_category": dict(sorted(categories.items())),
        "by_status": dict(sorted(statuses.items())),
        "with_identity": identified,
        "identities_withheld": withheld,
    }


def _shareable(row: Any, country: str) -> bool:
    """Whether an investigator's export would carry this complaint's complainant."""
    return bool(row.consent_to_share) and row.complainant_id is not None and row.corridor == country


def _complaint(
    row: Any, named: list[int], agencies: dict[int | None, str], offices: dict[int, tuple[str, str | None]]
) -> dict[str, Any]:
    office = offices.get(row.company_id) if row.company_id is not None else None
    return {
        "reference": complaint_reference(row.id),
        "received_on": row.received_at.date().isoformat(),
        "channel": row.channel,
        "reporter": row.reporter_type,
        "categories": list(row.categories or []),
        "status": row.status,
        "worker_origin": row.corridor,
        "agencies": sorted(agencies[a] for a in named if a in agencies),
        "office": {"external_id": office[0], "name": office[1]} if office else None,
        "consent_to_share": bool(row.consent_to_share),
    }


def _identity(row: Any, cipher: FieldCipher) -> dict[str, str | None]:
    return {
        "name": cipher.decrypt(row.name_enc),
        "phone": cipher.decrypt(row.phone_enc),
        "document_number": cipher.decrypt(row.document_enc),
        "nationality": cipher.decrypt(row.nationality_enc),
    }


def _agency(agency: Any) -> dict[str, Any]:
    return {
        "external_id": agency.external_id,
        "name": agency.name_latin,
        "name_local": agency.name_local,
        "licence_no": agency.licence_no,
        "licence_authority": agency.licence_authority,
        "status_at_home": agency.status,
    }


def _listed_partners(session: Session, country: str, today: date) -> list[dict[str, Any]]:
    rows = sharing_repo.listed_partners(session, country, today)
    agencies = agency_repo.get_many(session, [p.agency_id for p, _ in rows])
    companies = company_repo.get_many(session, [listing.company_id for _, listing in rows])
    return [
        {
            "agency": _agency(agencies[p.agency_id]),
            "reference": f"KW-BL-{listing.id:06d}",
            "dealing_with": companies[listing.company_id].external_id,
            "listed_on": str(listing.starts_on),
            "listed_until": str(listing.ends_on),
            "reason": p.reason,
        }
        for p, listing in rows
    ]


def _listed_offices(session: Session, country: str, today: date) -> list[dict[str, Any]]:
    offices = sharing_repo.partner_offices(session, country)
    listings = sharing_repo.listed_offices(session, offices, today)
    companies = company_repo.get_many(session, [listing.company_id for listing in listings])
    return [
        {
            "reference": f"KW-BL-{listing.id:06d}",
            "external_id": companies[listing.company_id].external_id,
            "name_en": companies[listing.company_id].name_en,
            "name_ar": companies[listing.company_id].name_ar,
            "listed_on": str(listing.starts_on),
            "listed_until": str(listing.ends_on),
            "reason": listing.decision_reason,
        }
        for listing in listings
    ]
