"""Bulk loading for the blacklist benchmark: demo companies, risk scores and listings, fast.

Core executemany inserts, not the services: the benchmark measures visa checks and publishing, and
50,000 companies through the upsert service would take longer than the measurements themselves.
"""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import Engine, insert
from sqlmodel import SQLModel

import registry.models
import registry.models.listing
import registry.models.risk  # noqa: F401 - registers risk_score
from registry.matching.normalize import detect_script, name_key
from registry.models.listing import ListingState
from registry.schemas.company import CompanyCreate
from registry.services.legal_time import local_date

NOW = datetime.now(UTC)
_CHUNK = 5000
_CREATED = ("id", "company_id", "state")
_TIERS = (("low", 0.25), ("medium", 0.5), ("high", 0.8), ("critical", 1.01))


def _table(name: str) -> Any:
    return SQLModel.metadata.tables[name]


def _insert(
    engine: Engine, table: str, rows: list[dict[str, Any]], returning: tuple[str, ...] = ()
) -> list[Any]:
    found: list[Any] = []
    with engine.begin() as conn:
        for start in range(0, len(rows), _CHUNK):
            statement = insert(_table(table))
            if returning:
                statement = statement.returning(*(_table(table).c[c] for c in returning))
                found += conn.execute(statement, rows[start : start + _CHUNK]).all()
            else:
                conn.execute(statement, rows[start : start + _CHUNK])
    return found


def load_companies(engine: Engine, generated: list[CompanyCreate]) -> dict[str, int]:
    """Companies, official names, phones and officers with bulk inserts; returns ids by external_id."""
    fields = (
        "name_en",
        "name_ar",
        "legal_form",
        "activity",
        "licence_no",
        "licence_status",
        "licence_issued",
        "licence_expires",
        "governorate",
        "address",
        "sponsored_workers",
    )
    rows = [
        {
            "external_id": c.external_id,
            **{f: getattr(c, f) for f in fields},
            "version": 1,
            "created_at": NOW,
            "updated_at": NOW,
        }
        for c in generated
    ]
    ids = {ext: cid for cid, ext in _insert(engine, "company", rows, ("id", "external_id"))}
    names = [
        {
            "company_id": ids[c.external_id],
            "text": t,
            "script": detect_script(t),
            "kind": "official",
            "source": "bench",
            "key": name_key(t),
            "created_at": NOW,
        }
        for c in generated
        for t in dict.fromkeys(n for n in (c.name_en, c.name_ar) if n)
    ]
    _insert(engine, "company_name", names)
    phones = {(ids[c.external_id], p) for c in generated for p in c.phones}
    _insert(engine, "company_phone", [{"company_id": cid, "number": p} for cid, p in sorted(phones)])
    _load_officers(engine, generated, ids)
    return ids


def _load_officers(engine: Engine, generated: list[CompanyCreate], ids: dict[str, int]) -> None:
    people = {(o.id_type.value, o.id_number): o for c in generated for o in c.officers}
    rows = [
        {
            "full_name": o.full_name,
            "id_type": t,
            "id_number": n,
            "nationality": o.nationality,
            "created_at": NOW,
        }
        for (t, n), o in people.items()
    ]
    officer_ids = {
        (t, n): oid for oid, t, n in _insert(engine, "officer", rows, ("id", "id_type", "id_number"))
    }
    roles = {
        (ids[c.external_id], officer_ids[(o.id_type.value, o.id_number)], o.role.value)
        for c in generated
        for o in c.officers
    }
    _insert(
        engine,
        "company_officer",
        [{"company_id": c, "officer_id": o, "role": r} for c, o, r in sorted(roles)],
    )


def load_scores(engine: Engine, company_ids: list[int], rng: random.Random) -> None:
    """One risk score per company."""
    rows = []
    for cid in company_ids:
        score = rng.betavariate(1.2, 6)
        tier = next(name for name, ceiling in _TIERS if score < ceiling)
        rows.append(
            {
                "company_id": cid,
                "computed_at": NOW,
                "score": score,
                "points": round(score * 100, 1),
                "tier": tier,
                "recommend_listing": tier == "critical",
                "source": "bench",
                "model_version": None,
                "reasons": [],
                "point_reasons": [],
                "fallback_reason": None,
            }
        )
    _insert(engine, "risk_score", rows)


def load_listings(engine: Engine, chosen: list[int], proposed: list[int]) -> list[int]:
    """LISTED cases for CHOSEN companies (owners listed with half of them), PROPOSED for the others."""
    today = local_date(NOW)
    base = {
        "source": "officer",
        "proposed_by": "officer.bench",
        "proposed_at": NOW - timedelta(days=130),
        "proposal_reason": "Inspection findings",
        "updated_at": NOW,
    }
    listed = {
        "state": ListingState.LISTED.value,
        "decided_by": "committee.bench",
        "decided_at": NOW - timedelta(days=100),
        "decision_reason": "Retention of passports and unpaid wages",
        "notice_served_on": today - timedelta(days=125),
        "response_deadline": today - timedelta(days=104),
        "starts_on": today - timedelta(days=100),
        "ends_on": today + timedelta(days=630),
    }
    created = _insert(engine, "listing", [{**base, **listed, "company_id": c} for c in chosen], _CREATED)
    pending = [{**base, "state": ListingState.PROPOSED.value, "company_id": c} for c in proposed]
    created += _insert(engine, "listing", pending, _CREATED)
    events = [
        {
            "listing_id": lid,
            "action": state,
            "from_state": None,
            "to_state": state,
            "actor": "bench",
            "at": NOW,
            "reason": "bench",
            "detail": {},
        }
        for lid, _, state in created
    ]
    _insert(engine, "listing_event", events)
    listed_ids = {cid: lid for lid, cid, state in created if state == ListingState.LISTED.value}
    with engine.connect() as conn:
        owners = conn.execute(
            _table("company_officer").select().where(_table("company_officer").c.role == "owner")
        ).all()
    persons = [
        {"listing_id": listed_ids[row.company_id], "officer_id": row.officer_id, "role": "owner"}
        for row in owners
        if row.company_id in listed_ids and row.company_id % 2 == 0
    ]
    _insert(engine, "listed_person", persons)
    return [lid for lid, _, _ in created]
