"""The files of a blacklist publication: CSV, JSON, FollowTheMoney entities, diff, signed manifest.

Everything here is pure: entries in, bytes out; and a directory in, the list of its problems out.
Files are rendered deterministically (sorted entries, sorted keys), so a version can be rebuilt and
compared byte for byte.
"""

from __future__ import annotations

import base64
import csv
import hashlib
import io
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from registry.tabular import write_csv_header, write_csv_row

if TYPE_CHECKING:
    from followthemoney.proxy import EntityProxy

FORMAT = "kw-recruitment-blacklist/1"
AUTHORITY = "Public Authority of Manpower, State of Kuwait"
PROGRAM = "Kuwait blacklist of recruitment agencies (anti-trafficking national action plan 2024-2029)"
CSV_FILE, JSON_FILE, FTM_FILE, DIFF_FILE = "blacklist.csv", "blacklist.json", "entities.ftm.json", "diff.json"
MANIFEST_FILE, SIGNATURE_FILE = "manifest.json", "manifest.sig"
DATA_FILES = (CSV_FILE, JSON_FILE, FTM_FILE, DIFF_FILE)
CSV_COLUMNS = (
    "reference",
    "external_id",
    "licence_no",
    "name_en",
    "name_ar",
    "other_names",
    "address",
    "phones",
    "listed_on",
    "listed_until",
    "reason",
    "persons",
)
_OWNER_ROLES = frozenset({"owner", "partner"})
_TOPIC = "debarment"


@dataclass(frozen=True)
class Rendered:
    """The data files of one version, by name, and how many FollowTheMoney entities they hold."""

    files: dict[str, bytes]
    entities: int


def canonical_json(value: object) -> bytes:
    """JSON with sorted keys and a final newline: the same value always gives the same bytes."""
    return (json.dumps(value, sort_keys=True, ensure_ascii=False, indent=2) + "\n").encode()


def render(header: dict[str, Any], entries: Sequence[dict[str, Any]], diff: dict[str, Any]) -> Rendered:
    """The CSV, JSON, FollowTheMoney and diff files of a version."""
    lines = ftm_lines(entries)
    files = {
        CSV_FILE: render_csv(entries),
        JSON_FILE: canonical_json({**header, "count": len(entries), "entries": list(entries)}),
        FTM_FILE: "".join(line + "\n" for line in lines).encode(),
        DIFF_FILE: canonical_json({**header, **diff}),
    }
    return Rendered(files, len(lines))


def render_csv(entries: Iterable[dict[str, Any]]) -> bytes:
    """One row per listing; cells a spreadsheet would run as a formula are neutralised."""
    out = io.StringIO(newline="")
    writer = csv.DictWriter(out, fieldnames=list(CSV_COLUMNS), lineterminator="\r\n")
    write_csv_header(writer)
    for entry in entries:
        row = {column: entry.get(column) for column in CSV_COLUMNS}
        row["other_names"] = " | ".join(entry["other_names"])
        row["phones"] = " | ".join(entry["phones"])
        row["persons"] = " | ".join(_person_text(p) for p in entry["persons"])
        write_csv_row(writer, row)
    return ("\ufeff" + out.getvalue()).encode()


def _person_text(person: dict[str, Any]) -> str:
    nationality = f", {person['nationality']}" if person.get("nationality") else ""
    return f"{person['name']} ({person['role']}{nationality})"


def ftm_lines(entries: Iterable[dict[str, Any]]) -> list[str]:
    """FollowTheMoney entities, one JSON object a line, each id once, sorted by id."""
    return entity_lines(merged(entity for entry in entries for entity in entities_of(entry)))


def merged(entities: Iterable[EntityProxy]) -> dict[str, EntityProxy]:
    """Entities by id, those sharing an id merged into one."""
    result: dict[str, EntityProxy] = {}
    for entity in entities:
        assert entity.id is not None
        if entity.id in result:
            result[entity.id].merge(entity)
        else:
            result[entity.id] = entity
    return result


def entity_lines(entities: dict[str, EntityProxy]) -> list[str]:
    """One JSON object a line, sorted by id."""
    return [
        json.dumps(entities[key].to_dict(), sort_keys=True, ensure_ascii=False) for key in sorted(entities)
    ]


def entities_of(entry: dict[str, Any]) -> list[EntityProxy]:
    """The entities of one published entry: company, persons, roles, partners and their sanctions."""
    company = _company(entry)
    made = [company, _sanction(entry, company, f"kw-pam-sanction-{entry['listing_id']}")]
    for person in entry["persons"]:
        individual = _person(person)
        made.append(individual)
        made.append(
            _sanction(entry, individual, f"kw-pam-sanction-{entry['listing_id']}-p{person['person_id']}")
        )
        made.append(_role(entry, company, individual, person["role"]))
    for partner in entry.get("partners", []):
        agency = agency_entity(partner)
        made.append(agency)
        made.append(
            _sanction(entry, agency, f"kw-pam-sanction-{entry['listing_id']}-a{partner['agency_id']}")
        )
        made.append(partner_link(company, agency, {"source": "listing", "ref": entry["reference"]}))
    return made


def company_entity_id(external_id: str) -> str:
    """The entity id of a Kuwaiti company, stable across publications and exports."""
    return f"kw-pam-co-{hashlib.sha1(external_id.encode(), usedforsecurity=False).hexdigest()[:16]}"


def agency_entity(agency: dict[str, Any]) -> EntityProxy:
    """A foreign recruitment agency, licensed in its own country."""
    digest = hashlib.sha1(agency["external_id"].encode(), usedforsecurity=False).hexdigest()[:16]
    return _entity(
        "Company",
        f"kw-pam-fa-{digest}",
        {
            "name": agency["name"],
            "alias": agency.get("name_local"),
            "registrationNumber": agency["external_id"],
            "licenseNumber": agency.get("licence_no"),
            "classification": "recruitment agency",
        },
        {"jurisdiction": agency["country"], "country": agency["country"]},
    )


def partner_link(company: EntityProxy, agency: EntityProxy, link: dict[str, Any]) -> EntityProxy:
    """The agency recruiting for the Kuwaiti office: a Representation (agent for client) when a record or a
    contract shows it, an UnknownLink when only a complaint says so."""
    key = hashlib.sha1(f"{company.id}|{agency.id}".encode(), usedforsecurity=False).hexdigest()[:16]
    dates = {"startDate": link.get("since"), "endDate": link.get("until")}
    proof = {"recordId": link.get("ref"), "summary": f"source: {link['source']}"}
    if link["source"] == "complaint":
        values = {"subject": company.id, "object": agency.id, "role": "recruitment partner (alleged)"}
        return _entity("UnknownLink", f"kw-pam-link-{key}", {**values, **dates, **proof})
    values = {"agent": agency.id, "client": company.id, "role": "recruitment agent"}
    return _entity("Representation", f"kw-pam-rep-{key}", {**values, **dates, **proof})


def _entity(
    schema: str, entity_id: str, values: dict[str, Any], unchecked: dict[str, Any] | None = None
) -> EntityProxy:
    # VALUES are canonical already (ISO dates, E.164 phones, NFC single-line text); cleaning them again
    # would cost most of a publication's time. UNCHECKED values (free country codes) are cleaned.
    # followthemoney takes a third of a second to import, and every CLI command loads this module.
    from followthemoney import model

    entity = model.make_entity(schema)
    entity.id = entity_id
    for prop, value in values.items():
        if value:
            entity.add(prop, value, cleaned=True)
    for prop, value in (unchecked or {}).items():
        if value:
            entity.add(prop, value)
    return entity


def _company(entry: dict[str, Any]) -> EntityProxy:
    return _entity(
        "Company",
        company_entity_id(entry["external_id"]),
        {
            "name": [n for n in (entry["name_en"], entry["name_ar"]) if n],
            "alias": entry["other_names"],
            "registrationNumber": entry["external_id"],
            "licenseNumber": entry["licence_no"],
            "address": entry["address"],
            "phone": ["+" + number for number in entry["phones"]],
            "jurisdiction": "kw",
            "country": "kw",
            "topics": _TOPIC,
        },
    )


def _person(person: dict[str, Any]) -> EntityProxy:
    values = {"name": person["name"], "topics": _TOPIC}
    nationality = {"nationality": person.get("nationality")}
    return _entity("Person", f"kw-pam-person-{person['person_id']}", values, nationality)


def _sanction(entry: dict[str, Any], subject: EntityProxy, sanction_id: str) -> EntityProxy:
    return _entity(
        "Sanction",
        sanction_id,
        {
            "entity": subject.id,
            "authority": AUTHORITY,
            "program": PROGRAM,
            "reason": entry["reason"],
            "startDate": entry["listed_on"],
            "listingDate": entry["listed_on"],
            "endDate": entry["listed_until"],
            "recordId": entry["reference"],
            "country": "kw",
        },
    )


def _role(entry: dict[str, Any], company: EntityProxy, person: EntityProxy, role: str) -> EntityProxy:
    key = f"{entry['listing_id']}-{person.id}-{role}"
    if role in _OWNER_ROLES:
        return _entity(
            "Ownership", f"kw-pam-own-{key}", {"owner": person.id, "asset": company.id, "role": role}
        )
    values = {"director": person.id, "organization": company.id, "role": role}
    return _entity("Directorship", f"kw-pam-dir-{key}", values)


def file_digests(files: dict[str, bytes]) -> dict[str, dict[str, Any]]:
    """SHA-256 and size of each file, by name."""
    return {
        name: {"sha256": hashlib.sha256(data).hexdigest(), "bytes": len(data)} for name, data in files.items()
    }


def key_fingerprint(public_key: Ed25519PublicKey) -> str:
    """SHA-256 of the raw public key: names the key a manifest was signed with."""
    raw = public_key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    return hashlib.sha256(raw).hexdigest()


def sign(key: Ed25519PrivateKey, manifest: bytes) -> bytes:
    """The base64 Ed25519 signature of the manifest bytes, as written to manifest.sig."""
    return base64.b64encode(key.sign(manifest)) + b"\n"


def load_public_key(pem: bytes) -> Ed25519PublicKey:
    """An Ed25519 public key from PEM; ValueError for anything else."""
    key = serialization.load_pem_public_key(pem)
    if not isinstance(key, Ed25519PublicKey):
        raise ValueError("the public key is not an Ed25519 key")
    return key


def verify_directory(directory: Path, public_key: Ed25519PublicKey) -> list[str]:
    """Every problem with a downloaded publication; an empty list means it is intact and signed."""
    manifest_path, signature_path = directory / MANIFEST_FILE, directory / SIGNATURE_FILE
    missing = [p.name for p in (manifest_path, signature_path) if not p.is_file()]
    if missing:
        return [f"{name} is missing" for name in missing]
    manifest_bytes = manifest_path.read_bytes()
    problem = _signature_problem(manifest_bytes, signature_path.read_bytes(), public_key)
    if problem:
        return [problem]
    manifest = json.loads(manifest_bytes)
    problems = [
        p for name, expected in manifest["files"].items() if (p := _file_problem(directory / name, expected))
    ]
    listed = {*manifest["files"], MANIFEST_FILE, SIGNATURE_FILE}
    problems += [
        f"{p.name} is not part of the publication"
        for p in sorted(directory.iterdir())
        if p.name not in listed
    ]
    return problems or _count_problems(directory, manifest)


def _signature_problem(manifest: bytes, signature: bytes, public_key: Ed25519PublicKey) -> str | None:
    try:
        public_key.verify(base64.b64decode(signature.strip(), validate=True), manifest)
    except (InvalidSignature, ValueError):
        return (
            "the signature does not verify: manifest.json or manifest.sig was changed, "
            "or the publication was signed with another key"
        )
    return None


def _file_problem(path: Path, expected: dict[str, Any]) -> str | None:
    if not path.is_file():
        return f"{path.name} is missing"
    data = path.read_bytes()
    digest = hashlib.sha256(data).hexdigest()
    if digest != expected["sha256"] or len(data) != expected["bytes"]:
        return f"{path.name} was changed: sha256 {digest}, the signed manifest says {expected['sha256']}"
    return None


def _count_problems(directory: Path, manifest: dict[str, Any]) -> list[str]:
    document = json.loads((directory / JSON_FILE).read_bytes())
    if (
        document.get("version") != manifest["version"]
        or len(document["entries"]) != manifest["counts"]["listings"]
    ):
        return [f"{JSON_FILE} does not hold version {manifest['version']} as the manifest counts it"]
    return []
