"""The blacklist and the partner links as FollowTheMoney entities, for other states' systems and yente.

Entities: each listed company (Company) with its Sanction, listed persons (Person) with theirs and
their Ownership or Directorship; the foreign agencies each listed company works with (Company, in
their own jurisdiction) linked by a Representation (agent for client) where a PAM record, a contract
or a listing decision shows the dealing, or an UnknownLink where only a complaint alleges it; and a
Sanction for every partner listed with a company. Ids are those of the published list, so the two
merge. One entity a line, sorted by id, each validated against the followthemoney model first.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from datetime import date, datetime
from typing import Any, cast

from followthemoney import model
from followthemoney.exc import InvalidData
from followthemoney.proxy import EntityProxy
from followthemoney.schema import ValidationData
from followthemoney.types import registry
from sqlmodel import Session

from registry.errors import ConfigurationError
from registry.models.export_log import ExportKind, ExportLog
from registry.repositories import agencies as agency_repo
from registry.repositories import companies as company_repo
from registry.repositories import sharing as sharing_repo
from registry.services import publication_files as files
from registry.services import publications
from registry.services.sharing import ByteSink, HashingWriter, file_stamp, record_export


def blacklist_entities(session: Session, *, today: date) -> dict[str, EntityProxy]:
    """Every entity of the export, by id."""
    entries = publications.current_entries(session, today=today)
    made = [entity for entry in entries for entity in files.entities_of(entry)]
    listed = company_repo.by_external_ids(session, [e["external_id"] for e in entries])
    external_ids = {c.id: c.external_id for c in listed.values()}
    partnerships = sharing_repo.partnerships_of_companies(session, sorted(i for i in external_ids if i))
    agencies = agency_repo.get_many(session, [p.agency_id for p in partnerships])
    for link in partnerships:
        agency = files.agency_entity(_agency_fields(agencies[link.agency_id]))
        company = model.make_entity("Company")
        company.id = files.company_entity_id(external_ids[link.company_id])
        made.append(agency)
        made.append(files.partner_link(company, agency, _link_fields(link)))
    return files.merged(made)


def _agency_fields(agency: Any) -> dict[str, Any]:
    return {
        "external_id": agency.external_id,
        "country": agency.country,
        "name": agency.name_latin,
        "name_local": agency.name_local,
        "licence_no": agency.licence_no,
    }


def _link_fields(link: Any) -> dict[str, Any]:
    return {
        "source": link.source,
        "ref": link.source_ref or None,
        "since": link.since.isoformat() if link.since else None,
        "until": link.until.isoformat() if link.until else None,
    }


def validate_lines(lines: Iterable[str]) -> list[str]:
    """Problems of entity lines against the followthemoney model (empty when every entity is valid).

    Checked: a known, concrete schema; only the schema's properties; values valid for their types;
    every required property present; every entity reference pointing at an entity of the file.
    """
    parsed = [json.loads(line) for line in lines]
    ids = {data.get("id") for data in parsed}
    problems = []
    for data in parsed:
        problems += [f"{data.get('id')}: {p}" for p in _problems(data, ids)]
    if len(ids) != len(parsed):
        problems.append("an entity id appears more than once")
    return problems


def _problems(data: dict[str, Any], ids: set[Any]) -> list[str]:
    schema = model.get(data.get("schema", ""))
    if schema is None or schema.abstract:
        return [f"unknown or abstract schema {data.get('schema')!r}"]
    props: dict[str, list[str]] = data.get("properties", {})
    problems = [
        f"{name} is not a property of {schema.name}" for name in props if name not in schema.properties
    ]
    try:
        schema.validate(cast(ValidationData, data))
    except InvalidData as exc:
        problems.append(f"invalid values: {exc}")
    problems += [f"required {name} missing" for name in schema.required if not props.get(name)]
    for name, values in props.items():
        prop = schema.properties.get(name)
        if prop is not None and prop.type == registry.entity:
            problems += [f"{name} points at unknown entity {v}" for v in values if v not in ids]
    return problems


def export_ftm(session: Session, *, actor: str, out: ByteSink, now: datetime, today: date) -> ExportLog:
    """Write the blacklist and partner links as FollowTheMoney JSON lines and record the export."""
    entities = blacklist_entities(session, today=today)
    lines = files.entity_lines(entities)
    problems = validate_lines(lines)
    if problems:
        # Our own code made these entities: an invalid one is a bug, never something to ship.
        raise ConfigurationError(f"FollowTheMoney export failed validation: {problems[:5]}")
    writer = HashingWriter(out)
    for line in lines:
        writer.write(line.encode() + b"\n")
    counts: dict[str, Any] = {"entities": len(lines)}
    for entity in entities.values():
        counts[entity.schema.name] = counts.get(entity.schema.name, 0) + 1
    return record_export(
        session,
        kind=ExportKind.FTM,
        country=None,
        actor=actor,
        at=now,
        counts=counts,
        file_name=f"kw-blacklist-{file_stamp(now)}.ftm.json",
        written=writer,
    )
