"""Publishing the public blacklist: numbered immutable versions, a diff, a change feed.

Only final decisions are ever published: listings in force on the publication day. Proposals,
pending cases, appeals and scores never reach a file, the change feed or a public endpoint.
"""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Sequence
from datetime import date, datetime
from pathlib import Path
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session

from registry.errors import Conflict, NotFound
from registry.models.company import Company, NameKind
from registry.models.listing import Listing, ListingState, RemovalReason
from registry.models.publication import ChangeKind, Publication, PublicationFile
from registry.repositories import companies as company_repo
from registry.repositories import listings as listing_repo
from registry.repositories import publications as pub_repo
from registry.schemas.blacklist import ChangeFeed, ChangeRead, FileRead, VersionDetail, VersionRead
from registry.services import listing_partners
from registry.services import publication_files as files
from registry.services.legal_time import local_date

_PUBLISHED_NAME_KINDS = frozenset({NameKind.TRADE, NameKind.FORMER})


def publish(
    session: Session,
    *,
    signing_key: Ed25519PrivateKey,
    actor: str,
    now: datetime,
    directory: Path | None = None,
    audit_head: str | None = None,
) -> Publication:
    """Publish the listings in force today as the next version, signed; write it to DIRECTORY too."""
    previous = pub_repo.latest(session)
    version = (previous.version if previous else 0) + 1
    entries = current_entries(session, today=local_date(now))
    changes = diff(_entries_of(session, previous), entries, session=session, today=local_date(now))
    header = {"publisher": files.AUTHORITY, "version": version, "created_at": now.isoformat()}
    rendered = files.render(header, entries, _diff_document(changes))
    manifest = _manifest(header, previous, entries, rendered, changes, signing_key, audit_head)
    manifest_bytes = files.canonical_json(manifest)
    every = {
        **rendered.files,
        files.MANIFEST_FILE: manifest_bytes,
        files.SIGNATURE_FILE: files.sign(signing_key, manifest_bytes),
    }
    publication = _store(session, version, previous, manifest, every, changes, actor, now)
    if directory is not None:
        write_directory(directory / version_folder(version), every)
    return publication


def version_folder(version: int) -> str:
    """The folder name of a version under the publication directory."""
    return f"v{version:06d}"


def current_entries(session: Session, *, today: date) -> list[dict[str, Any]]:
    """The public entry of every listing in force on TODAY, by listing id."""
    rows = listing_repo.in_force(session, today)
    company_ids = [company.id or 0 for _, company in rows]
    names = listing_repo.names_by_kind(session, company_ids)
    phones = company_repo.phones_of(session, company_ids)
    persons = listing_repo.persons_of(session, [listing.id or 0 for listing, _ in rows])
    entries = [
        _entry(listing, company, names[company.id or 0], phones[company.id or 0], persons[listing.id or 0])
        for listing, company in rows
    ]
    partners = listing_partners.published_partners(session, [listing.id or 0 for listing, _ in rows])
    for entry in entries:
        if partners.get(entry["listing_id"]):
            entry["partners"] = partners[entry["listing_id"]]
    return entries


def _entry(
    listing: Listing,
    company: Company,
    names: list[tuple[str, str]],
    phones: list[str],
    persons: Sequence[Any],
) -> dict[str, Any]:
    official = {company.name_en, company.name_ar}
    other = sorted({text for text, kind in names if kind in _PUBLISHED_NAME_KINDS and text not in official})
    people = sorted(
        (
            {
                "person_id": officer.id,
                "name": officer.full_name,
                "role": person.role,
                "nationality": officer.nationality,
            }
            for person, officer in persons
        ),
        key=lambda p: (p["person_id"], p["role"]),
    )
    return {
        "reference": f"KW-BL-{listing.id:06d}",
        "listing_id": listing.id,
        "external_id": company.external_id,
        "licence_no": company.licence_no,
        "name_en": company.name_en,
        "name_ar": company.name_ar,
        "other_names": other,
        "address": company.address,
        "phones": phones,
        "listed_on": str(listing.starts_on),
        "listed_until": str(listing.ends_on),
        "reason": listing.decision_reason,
        "persons": people,
    }


def diff(
    before: dict[int, dict[str, Any]], after: list[dict[str, Any]], *, session: Session, today: date
) -> list[dict[str, Any]]:
    """Entries added, removed (with why) and changed (with which fields) since the previous version."""
    now_by_id = {entry["listing_id"]: entry for entry in after}
    removed_ids = sorted(set(before) - set(now_by_id))
    why = _removal_reasons(session, removed_ids, today)
    changes = [_change(ChangeKind.REMOVED, before[i], reason=why[i]) for i in removed_ids]
    for listing_id, entry in sorted(now_by_id.items()):
        old = before.get(listing_id)
        if old is None:
            changes.append(_change(ChangeKind.ADDED, entry))
        elif old != entry:
            fields = sorted(k for k in entry.keys() | old.keys() if entry.get(k) != old.get(k))
            changes.append(_change(ChangeKind.CHANGED, entry, fields=fields))
    return changes


def _change(
    kind: ChangeKind, entry: dict[str, Any], *, reason: str | None = None, fields: list[str] | None = None
) -> dict[str, Any]:
    return {
        "kind": kind.value,
        "listing_id": entry["listing_id"],
        "external_id": entry["external_id"],
        "reason": reason,
        "fields": fields or [],
        "entry": entry,
    }


def _removal_reasons(session: Session, listing_ids: list[int], today: date) -> dict[int, str]:
    listings = pub_repo.listings_by_id(session, listing_ids)
    reasons = {}
    for listing_id in listing_ids:
        listing = listings.get(listing_id)
        stated = listing.removal_reason if listing is not None else None
        if stated is None and listing is not None and listing.state != ListingState.LISTED:
            stated = RemovalReason.LIFTED
        reasons[listing_id] = stated or RemovalReason.EXPIRED
    return reasons


def _diff_document(changes: list[dict[str, Any]]) -> dict[str, Any]:
    counts = {kind.value: sum(c["kind"] == kind.value for c in changes) for kind in ChangeKind}
    slim = [{k: v for k, v in c.items() if k != "entry"} for c in changes]
    return {"summary": counts, "changes": slim}


def _entries_of(session: Session, publication: Publication | None) -> dict[int, dict[str, Any]]:
    if publication is None:
        return {}
    stored = pub_repo.file_of(session, publication.id or 0, files.JSON_FILE)
    assert stored is not None
    return {entry["listing_id"]: entry for entry in json.loads(stored.content)["entries"]}


def _manifest(
    header: dict[str, Any],
    previous: Publication | None,
    entries: list[dict[str, Any]],
    rendered: files.Rendered,
    changes: list[dict[str, Any]],
    signing_key: Ed25519PrivateKey,
    audit_head: str | None,
) -> dict[str, Any]:
    return {
        **header,
        "format": files.FORMAT,
        "previous_version": previous.version if previous else None,
        "counts": {
            "listings": len(entries),
            "persons": len({p["person_id"] for e in entries for p in e["persons"]}),
            "entities": rendered.entities,
        },
        "files": files.file_digests(rendered.files),
        "diff": _diff_document(changes)["summary"],
        "audit_chain_head": audit_head,
        "signature": {"algorithm": "Ed25519", "file": files.SIGNATURE_FILE},
        "public_key_sha256": files.key_fingerprint(signing_key.public_key()),
    }


def _store(
    session: Session,
    version: int,
    previous: Publication | None,
    manifest: dict[str, Any],
    every: dict[str, bytes],
    changes: list[dict[str, Any]],
    actor: str,
    now: datetime,
) -> Publication:
    summary = manifest["diff"]
    digests = files.file_digests(every)
    publication = Publication(
        version=version,
        created_at=now,
        created_by=actor,
        previous_version=previous.version if previous else None,
        listings=manifest["counts"]["listings"],
        added=summary["added"],
        removed=summary["removed"],
        changed=summary["changed"],
        manifest=manifest,
        manifest_sha256=digests[files.MANIFEST_FILE]["sha256"],
        signature=every[files.SIGNATURE_FILE].decode().strip(),
    )
    session.add(publication)
    try:
        with session.begin_nested():
            session.flush()
    except IntegrityError as exc:
        raise Conflict(f"version {version} was published by someone else meanwhile; publish again") from exc
    pid = publication.id or 0
    session.add_all(
        PublicationFile(
            publication_id=pid, name=name, sha256=digests[name]["sha256"], size=len(data), content=data
        )
        for name, data in every.items()
    )
    pub_repo.insert_changes(session, [{**c, "publication_id": pid, "version": version} for c in changes])
    session.flush()
    return publication


def write_directory(target: Path, every: dict[str, bytes]) -> None:
    """Write the files into TARGET, all or nothing, read-only; an existing TARGET is never touched."""
    if target.exists():
        raise Conflict(f"{target} already exists; a published version is never rewritten")
    target.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{target.name}-", dir=target.parent))
    for name, data in every.items():
        (staging / name).write_bytes(data)
        os.chmod(staging / name, 0o444)
    staging.chmod(0o755)
    staging.rename(target)


def versions_page(session: Session, *, limit: int, offset: int) -> tuple[list[VersionRead], int]:
    """Published versions, newest first, and how many there are."""
    rows, total = pub_repo.page(session, limit=limit, offset=offset)
    return [VersionRead.model_validate(row, from_attributes=True) for row in rows], total


def get_version(session: Session, *, version: int) -> Publication:
    """A published version, or NotFound."""
    publication = pub_repo.by_version(session, version)
    if publication is None:
        raise NotFound(f"no published version {version}")
    return publication


def version_detail(session: Session, *, version: int, url_prefix: str) -> VersionDetail:
    """A version with its signed manifest and where to download each file."""
    publication = get_version(session, version=version)
    listed = [
        FileRead(name=name, sha256=sha, size=size, url=f"{url_prefix}/{version}/files/{name}")
        for name, sha, size in pub_repo.file_list(session, publication.id or 0)
    ]
    base = VersionRead.model_validate(publication, from_attributes=True)
    return VersionDetail(
        **base.model_dump(), manifest=publication.manifest, signature=publication.signature, files=listed
    )


def version_file(session: Session, *, version: int, name: str) -> bytes:
    """The exact bytes of one published file."""
    publication = get_version(session, version=version)
    stored = pub_repo.file_of(session, publication.id or 0, name)
    if stored is None:
        raise NotFound(f"version {version} has no file {name!r}")
    return stored.content


def current_list(session: Session) -> bytes:
    """The JSON file of the newest version (an empty list before the first publication)."""
    publication = pub_repo.latest(session)
    if publication is None:
        return files.canonical_json(
            {"publisher": files.AUTHORITY, "version": 0, "created_at": None, "count": 0, "entries": []}
        )
    return version_file(session, version=publication.version, name=files.JSON_FILE)


def change_feed(session: Session, *, since: int, after: int = 0, limit: int = 1000) -> ChangeFeed:
    """Every change after version SINCE, oldest first, a page at a time."""
    rows = pub_repo.changes_after(session, since=since, after=after, limit=limit)
    changes = [
        ChangeRead(
            seq=row.id or 0,
            version=row.version,
            kind=row.kind,
            listing_id=row.listing_id,
            external_id=row.external_id,
            reason=row.reason,
            fields=row.fields,
            entry=row.entry,
        )
        for row in rows
    ]
    next_after = changes[-1].seq if len(changes) == limit else None
    latest = pub_repo.latest_version(session) or 0
    return ChangeFeed(since=since, latest_version=latest, changes=changes, next_after=next_after)
