from __future__ import annotations

import csv
import io
import json
import shutil
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from followthemoney import model
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError
from sqlmodel import Session

from registry.errors import Conflict
from registry.schemas.blacklist import ChangeRead, ExtendIn, LiftIn, NoticeIn, ResponseIn
from registry.services import companies as company_service
from registry.services import listings, publications
from registry.services import publication_files as files
from tests.blacklist_support import DECIDER, PROPOSER, T0, at, listed, make_company, owner, proposal
from tests.conftest import both_backends

KEY = Ed25519PrivateKey.generate()


def _publish(session: Session, tmp_path: Path, days: int) -> Path:
    done = publications.publish(session, signing_key=KEY, actor="publisher", now=at(days), directory=tmp_path)
    return tmp_path / publications.version_folder(done.version)


def _world(session: Session) -> dict[str, int]:
    """Two listed companies (one with its owner), one merely proposed, one under appeal."""
    with_owner = make_company(session, name_en="=HYPERLINK Trading", officers=[owner("Fahad Al-Mutairi")])
    officer_id = company_service.officers_of(session, company_id=with_owner.id or 0)[0].officer_id
    first = listed(session, with_owner.id or 0, officer_ids=[officer_id])
    second = listed(session, make_company(session, phones=["22334455"]).id or 0)
    proposed = listings.propose(
        session, data=proposal(session, make_company(session).id or 0), actor=PROPOSER, now=T0
    )
    appealing = listings.propose(
        session, data=proposal(session, make_company(session).id or 0), actor=PROPOSER, now=T0
    )
    listings.serve_notice(session, listing_id=appealing.id or 0, notice=NoticeIn(), actor=PROPOSER, now=T0)
    appeal = ResponseIn(kind="appeal", summary="We contest every finding")
    listings.record_response(
        session, listing_id=appealing.id or 0, response=appeal, actor=PROPOSER, now=at(2)
    )
    return {
        "first": first.id or 0,
        "second": second.id or 0,
        "proposed": proposed.id or 0,
        "appealing": appealing.id or 0,
    }


def _entries(folder: Path) -> list[dict[str, Any]]:
    entries: list[dict[str, Any]] = json.loads((folder / files.JSON_FILE).read_bytes())["entries"]
    return entries


@both_backends
def test_a_publication_holds_only_final_decisions_and_verifies(session: Session, tmp_path: Path) -> None:
    ids = _world(session)
    folder = _publish(session, tmp_path, 30)
    assert files.verify_directory(folder, KEY.public_key()) == []
    assert [e["listing_id"] for e in _entries(folder)] == [ids["first"], ids["second"]]
    manifest = json.loads((folder / files.MANIFEST_FILE).read_bytes())
    assert manifest["version"] == 1 and manifest["previous_version"] is None
    assert manifest["counts"] == {"listings": 2, "persons": 1, "entities": 7}
    assert set(manifest["files"]) == set(files.DATA_FILES) and manifest["diff"]["added"] == 2
    rows = list(csv.DictReader(io.StringIO((folder / files.CSV_FILE).read_bytes().decode("utf-8-sig"))))
    assert rows[0]["name_en"] == "'=HYPERLINK Trading" and rows[0]["persons"] == "Fahad Al-Mutairi (owner)"
    everything = b"".join((folder / name).read_bytes() for name in files.DATA_FILES)
    assert b"proposed" not in everything and b"appeal" not in everything


def test_followthemoney_entities_are_valid_and_complete(session: Session, tmp_path: Path) -> None:
    _world(session)
    folder = _publish(session, tmp_path, 30)
    entities = [json.loads(line) for line in (folder / files.FTM_FILE).read_text().splitlines()]
    for entity in entities:
        schema = model.get(entity["schema"])
        assert schema is not None and schema.validate(entity) is None, entity
        assert model.get_proxy(entity).to_dict() == entity
    by_schema: dict[str, list[dict[str, Any]]] = {}
    for entity in entities:
        by_schema.setdefault(entity["schema"], []).append(entity)
    assert {k: len(v) for k, v in by_schema.items()} == {
        "Company": 2,
        "Person": 1,
        "Sanction": 3,
        "Ownership": 1,
    }
    companies = {c["id"] for c in by_schema["Company"]}
    sanction = next(s for s in by_schema["Sanction"] if s["properties"]["entity"][0] in companies)[
        "properties"
    ]
    assert {"entity", "authority", "program", "reason", "startDate", "endDate"} <= set(sanction)
    assert sanction["startDate"] == ["2026-02-01"] and sanction["endDate"] == ["2028-01-31"]
    ids = {e["id"] for e in entities}
    ownership = by_schema["Ownership"][0]["properties"]
    assert ownership["owner"][0] in ids and ownership["asset"][0] in ids
    assert ["+96522334455"] in [c["properties"].get("phone") for c in by_schema["Company"]]


@pytest.mark.parametrize("name", [*files.DATA_FILES, files.MANIFEST_FILE, files.SIGNATURE_FILE])
def test_any_changed_byte_is_detected(session: Session, tmp_path: Path, name: str) -> None:
    _world(session)
    folder = _publish(session, tmp_path / "pub", 30)
    for position in (0, -3):
        copy = tmp_path / f"copy{position}"
        shutil.copytree(folder, copy)
        target = copy / name
        target.chmod(0o644)
        data = bytearray(target.read_bytes())
        data[position] ^= 0x01
        target.write_bytes(bytes(data))
        problems = files.verify_directory(copy, KEY.public_key())
        assert problems, f"a flipped byte at {position} of {name} went unnoticed"


def test_wrong_key_missing_and_extra_files_are_reported(session: Session, tmp_path: Path) -> None:
    _world(session)
    folder = _publish(session, tmp_path / "pub", 30)
    assert (
        "signature does not verify"
        in files.verify_directory(folder, Ed25519PrivateKey.generate().public_key())[0]
    )
    copy = tmp_path / "copy"
    shutil.copytree(folder, copy)
    (copy / files.CSV_FILE).unlink()
    (copy / "extra.txt").write_text("x")
    assert files.verify_directory(copy, KEY.public_key()) == [
        "blacklist.csv is missing",
        "extra.txt is not part of the publication",
    ]


@both_backends
def test_diffs_and_the_change_feed(session: Session, tmp_path: Path) -> None:
    ids = _world(session)
    first = _publish(session, tmp_path, 30)
    lift = LiftIn(reason="Court annulled the decision", ground="appeal_won")
    listings.lift(session, listing_id=ids["first"], lifting=lift, actor=DECIDER, now=at(40))
    extension = ExtendIn(ends_on=date(2029, 1, 31), reason="Repeated abuse")
    listings.extend(session, listing_id=ids["second"], extension=extension, actor=DECIDER, now=at(40))
    third = listed(session, make_company(session).id or 0, start=at(10))
    second = _publish(session, tmp_path, 41)
    diff = json.loads((second / files.DIFF_FILE).read_bytes())
    assert diff["summary"] == {"added": 1, "removed": 1, "changed": 1}
    assert [(c["kind"], c["listing_id"], c["reason"], c["fields"]) for c in diff["changes"]] == [
        ("removed", ids["first"], "appeal_won", []),
        ("changed", ids["second"], None, ["listed_until"]),
        ("added", third.id, None, []),
    ]
    listings.expire_due(session, today=date(2029, 2, 1))
    _publish(session, tmp_path, 1200)
    _assert_feed_replays(session, {1: _entries(first), 2: _entries(second)})
    with pytest.raises(Conflict, match="never rewritten"):
        publications.write_directory(second, {"x": b""})


def _by_id(entries: list[dict[str, Any]]) -> dict[int, dict[str, Any]]:
    return {entry["listing_id"]: entry for entry in entries}


def _replay(changes: list[ChangeRead], start: dict[int, dict[str, Any]]) -> dict[int, dict[str, Any]]:
    state = dict(start)
    for change in changes:
        if change.kind == "removed":
            del state[change.listing_id]
        else:
            state[change.listing_id] = change.entry
    return state


def _assert_feed_replays(session: Session, published: dict[int, list[dict[str, Any]]]) -> None:
    changes: list[ChangeRead] = []
    after = 0
    while True:
        feed = publications.change_feed(session, since=0, after=after, limit=2)
        changes += feed.changes
        if feed.next_after is None:
            break
        after = feed.next_after
    assert feed.latest_version == 3 and [c.seq for c in changes] == sorted({c.seq for c in changes})
    assert _replay([c for c in changes if c.version <= 1], {}) == _by_id(published[1])
    assert _replay([c for c in changes if c.version <= 2], {}) == _by_id(published[2])
    assert _replay(changes, {}) == {}
    since_one = [c for c in publications.change_feed(session, since=1).changes if c.version == 2]
    assert _replay(since_one, _by_id(published[1])) == _by_id(published[2])


@both_backends
def test_publications_are_append_only(session: Session, tmp_path: Path) -> None:
    _world(session)
    _publish(session, tmp_path, 30)
    session.flush()
    for statement in (
        "UPDATE publication SET listings = 0",
        "DELETE FROM publication_file",
        "UPDATE publication_change SET reason = 'x'",
    ):
        with pytest.raises(DBAPIError, match="refused"), session.begin_nested():
            session.execute(text(statement))
