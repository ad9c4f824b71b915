"""Company exports in the import format, streamed so memory stays flat."""

from __future__ import annotations

import csv
import json
from collections.abc import Iterator
from enum import StrEnum
from typing import TextIO

from sqlmodel import Session

from registry.models.company import Company
from registry.repositories import companies as company_repo
from registry.repositories import officers as officer_repo
from registry.services.company_import import LIST_SEPARATOR, OPTIONAL_COLUMNS, REQUIRED_COLUMNS
from registry.tabular import write_csv_header, write_csv_row

EXPORT_COLUMNS = (*REQUIRED_COLUMNS, *OPTIONAL_COLUMNS)
_BATCH = 500


class ExportFormat(StrEnum):
    """File formats a company export can take."""

    CSV = "csv"
    JSON = "json"


def export_companies(session: Session, *, fmt: ExportFormat, out: TextIO) -> int:
    """Write every company to OUT in FMT; return how many were written."""
    records = _records(session)
    if fmt is ExportFormat.CSV:
        return _write_csv(records, out)
    return _write_json(records, out)


def _records(session: Session) -> Iterator[dict[str, object]]:
    for chunk in company_repo.iterate_batches(session, batch=_BATCH):
        ids = [c.id for c in chunk if c.id is not None]
        names = company_repo.names_of(session, ids)
        phones = company_repo.phones_of(session, ids)
        roles = officer_repo.roles_of(session, ids)
        for company in chunk:
            cid = company.id or 0
            aliases = [n.text for n in names[cid] if n.text not in (company.name_en, company.name_ar)]
            officers = [f"{o.full_name};{link.role};{o.id_type}:{o.id_number}" for link, o in roles[cid]]
            yield _record(company, aliases, phones[cid], officers)


def _record(
    company: Company, aliases: list[str], phones: list[str], officers: list[str]
) -> dict[str, object]:
    row: dict[str, object] = {c: getattr(company, c, None) for c in EXPORT_COLUMNS}
    row["aliases"] = LIST_SEPARATOR.join(aliases)
    row["phone"] = LIST_SEPARATOR.join(phones)
    row["officers"] = LIST_SEPARATOR.join(officers)
    return row


def _write_csv(records: Iterator[dict[str, object]], out: TextIO) -> int:
    writer = csv.DictWriter(out, fieldnames=list(EXPORT_COLUMNS))
    write_csv_header(writer)
    count = 0
    for record in records:
        write_csv_row(writer, {k: "" if v is None else v for k, v in record.items()})
        count += 1
    return count


def _write_json(records: Iterator[dict[str, object]], out: TextIO) -> int:
    out.write("[")
    count = 0
    for record in records:
        out.write(",\n" if count else "\n")
        out.write(json.dumps(record, ensure_ascii=False, default=str))
        count += 1
    out.write("\n]\n")
    return count
