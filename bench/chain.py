"""Chain and embassy-export benchmark on PostgreSQL.

    .venv/bin/python -m bench.chain [--complaints 100000] [--loads 300]

A scratch database gets companies, foreign agencies, partnerships and complaints naming agencies
(bulk SQL, not the services). Then, in this process:

* a company's chain with 50 partners, loaded many times (fresh session each, serialised to JSON as
  the API would), median and p99, beside loading the company alone (`company_detail`). Two shapes:
  partners with about 40 complaints each, and partners with about 500 each.
* the embassy export of one country covering --complaints complaints (a fifth with consent and an
  encrypted complainant), beside a plain COPY of the same complaint rows to nowhere.

Targets: chain <= 50 ms for 50 partners; embassy export of 100,000 complaints <= 30 s.
"""

from __future__ import annotations

import argparse
import gc
import io
import time
from datetime import date
from typing import Any

from cryptography.fernet import Fernet
from sqlalchemy import Engine, text
from sqlmodel import Session

from bench._support import median, percentile, scratch_database
from registry.access import Principal, Role
from registry.crypto import FieldCipher
from registry.database import build_engine
from registry.models.types import utcnow
from registry.services import chain, embassy_export
from registry.services import companies as company_service

TODAY = date(2026, 6, 1)
PARTNERS = 50
OTHER_OFFICES_PER_AGENCY = 4


def _sql(engine: Engine, statement: str, **params: Any) -> Any:
    with engine.begin() as conn:
        return conn.execute(text(statement), params)


def load(engine: Engine, complaints: int) -> dict[str, int]:
    """Companies, agencies (NP for the export, PH for the light chain), partnerships, complaints."""
    _sql(
        engine,
        """INSERT INTO company (external_id, name_en, activity, licence_status, version,
               created_at, updated_at)
           SELECT 'B-' || g, 'Bench Office ' || g || ' Manpower Co.', 'manpower_supply', 'active', 1,
               now(), now()
           FROM generate_series(1, 2000) g""",
    )
    for country, count in (("NP", 200), ("PH", 200)):
        _sql(
            engine,
            """INSERT INTO foreign_agency (external_id, country, name_latin, licence_no, status,
                   created_at, updated_at)
               SELECT :c || '-B' || g, :c, 'Bench Agency ' || g, :c || g, 'active', now(), now()
               FROM generate_series(1, :n) g""",
            c=country,
            n=count,
        )
    _partnerships(engine)
    _complaints(engine, complaints)
    ids = dict(_sql(engine, "SELECT country, min(id) FROM foreign_agency GROUP BY country").all())
    _sql(engine, "ANALYZE")
    return {"np_first": int(ids["NP"]), "ph_first": int(ids["PH"])}


def _partnerships(engine: Engine) -> None:
    # Office 1 works with the first 50 PH agencies (light chain), office 2 with the first 50 NP ones
    # (heavy chain); every agency also works with a few other offices, so the walk has a second level.
    _sql(
        engine,
        """INSERT INTO partnership (company_id, agency_id, since, source, source_ref, recorded_by,
               created_at, updated_at)
           SELECT o.id, a.id, DATE '2022-01-01', 'pam_record', 'P-' || o.id || '-' || a.id, 'bench',
               now(), now()
           FROM company o JOIN foreign_agency a ON (
               (o.external_id = 'B-1' AND a.country = 'PH' AND a.external_id::text IN
                   (SELECT external_id FROM foreign_agency WHERE country = 'PH' ORDER BY id LIMIT :p))
            OR (o.external_id = 'B-2' AND a.country = 'NP' AND a.external_id::text IN
                   (SELECT external_id FROM foreign_agency WHERE country = 'NP' ORDER BY id LIMIT :p))
            OR (o.id > 2 AND (o.id * 7 + a.id * 13) % 400 < :k))""",
        p=PARTNERS,
        k=OTHER_OFFICES_PER_AGENCY,
    )


def _complaints(engine: Engine, count: int) -> None:
    cipher = FieldCipher((KEY,))
    rows = [
        {
            "id": i,
            "n": cipher.encrypt(f"Worker {i}"),
            "p": cipher.encrypt(f"+97798{i:08d}"),
            "d": cipher.encrypt(f"NP{i:07d}"),
            "c": cipher.encrypt("NP"),
        }
        for i in range(1, count // 5 + 1)
    ]
    with engine.begin() as conn:
        conn.execute(
            text(
                "INSERT INTO complainant (id, name_enc, phone_enc, document_enc, nationality_enc, "
                "created_at) "
                "VALUES (:id, :n, :p, :d, :c, now())"
            ),
            rows,
        )
        conn.execute(text("SELECT setval('complainant_id_seq', :n)"), {"n": len(rows) + 1})
    _sql(
        engine,
        """INSERT INTO complaint (follow_up_code, received_at, channel, reporter_type, company_name_written,
               company_id, match_decision, match_score, categories, status, corridor, consent_to_share,
               complainant_id, source, source_ref, content_hash, created_at, updated_at)
           SELECT 'B' || g, now() - (g % 1500) * interval '1 day', 'embassy', 'victim', 'bench', 1 + g % 2000,
               'match', 1.0,
               json_build_array((ARRAY['RECRUITMENT_FEES', 'DECEPTION', 'WAGE_THEFT',
                   'CONTRACT_SUBSTITUTION'])[1 + g % 4]),
               (ARRAY['received', 'triaged', 'under_investigation', 'substantiated', 'unsubstantiated',
                   'closed'])[1 + g % 6],
               'NP', g % 5 = 0, CASE WHEN g % 5 = 0 THEN g / 5 END, 'bench', 'B' || g, md5('B' || g),
               now(), now()
           FROM generate_series(1, :n) g""",
        n=count,
    )
    # Every complaint names one of the 200 NP agencies (about 500 each); 8,000 more complaints of PH
    # workers name the PH agencies (about 40 each).
    _sql(
        engine,
        """INSERT INTO agency_mention (subject, complaint_id, agency_id, complaint_status,
               complaint_received_at, name_written, country, decision, score, dedupe_key, recorded_by,
               created_at)
           SELECT 'complaint', c.id, a.id, c.status, c.received_at, 'bench', 'NP', 'match', 1.0,
               'complaint:' || c.id || ':' || 'a' || a.id, 'bench', now()
           FROM complaint c JOIN foreign_agency a ON a.country = 'NP'
               AND a.id = (SELECT min(id) FROM foreign_agency WHERE country = 'NP') + c.id % 200""",
    )
    _sql(
        engine,
        """INSERT INTO agency_mention (subject, complaint_id, agency_id, complaint_status,
               complaint_received_at, name_written, country, decision, score, dedupe_key, recorded_by,
               created_at)
           SELECT 'complaint', c.id, a.id, c.status, c.received_at, 'bench', 'PH', 'match', 1.0,
               'complaint:' || c.id || ':' || 'a' || a.id, 'bench', now()
           FROM complaint c JOIN foreign_agency a ON a.country = 'PH'
               AND a.id = (SELECT min(id) FROM foreign_agency WHERE country = 'PH') + c.id % 200
           WHERE c.id <= 8000""",
    )


KEY = Fernet.generate_key().decode()


def _timed_loads(engine: Engine, loads: int, action: Any) -> tuple[list[float], list[float]]:
    """Wall and this process's CPU milliseconds of each load (the CPU shows our share on a busy host)."""
    wall, cpu = [], []
    for index in range(loads + 20):
        started, used = time.perf_counter(), time.process_time()
        with Session(engine) as session:
            action(session)
        if index >= 20:  # warm-up: connection pool, statement caches
            wall.append((time.perf_counter() - started) * 1000)
            cpu.append((time.process_time() - used) * 1000)
    return wall, cpu


def bench_chain(engine: Engine, loads: int) -> None:
    """Median and p99 of chain loads beside the company alone."""

    def company_alone(session: Session) -> None:
        company_service.company_detail(session, company_id=1).model_dump_json()

    def chain_of(company_id: int, depth: int = 1) -> Any:
        def run(session: Session) -> None:
            view = chain.company_chain(session, company_id=company_id, today=TODAY, depth=depth)
            assert len(view.partners) == PARTNERS
            view.model_dump_json()

        return run

    unfrozen = _timed_loads(engine, loads, chain_of(1))
    # As api/app.py does once the app is built: start-up objects leave the cyclic collector.
    gc.freeze()
    rows = [
        ("chain ~40 each, collector not frozen", unfrozen),
        ("company alone (baseline)", _timed_loads(engine, loads, company_alone)),
        ("chain, 50 partners x ~40 complaints", _timed_loads(engine, loads, chain_of(1))),
        ("chain, 50 partners x ~500 complaints", _timed_loads(engine, loads, chain_of(2))),
        ("network depth 2 (~900 offices), ~40 each", _timed_loads(engine, loads // 3, chain_of(1, 2))),
    ]
    print(f"\n{'load':42} {'median ms':>10} {'p99 ms':>8} {'x baseline':>11} {'client CPU ms':>14}")
    base = median(rows[1][1][0])
    for name, (wall, cpu) in rows:
        print(
            f"{name:42} {median(wall):10.2f} {percentile(wall, 0.99):8.2f} "
            f"{median(wall) / base:11.1f} {median(cpu):14.2f}"
        )
    with Session(engine) as session:
        view = chain.company_chain(session, company_id=1, today=TODAY, depth=2)
        print(
            f"depth 2 around office 1: {len(view.partners)} partners, {len(view.offices)} offices, "
            f"{len(view.edges)} edges"
        )


def bench_export(engine: Engine, complaints: int) -> None:
    """The embassy export of NP beside a plain COPY of the same complaint rows."""
    copy_sql = (
        "COPY (SELECT c.* FROM complaint c WHERE c.id IN (SELECT complaint_id FROM agency_mention m "
        "JOIN foreign_agency a ON a.id = m.agency_id WHERE a.country = 'NP')) TO STDOUT"
    )
    started = time.perf_counter()
    raw = engine.raw_connection()
    try:
        cursor = raw.cursor()
        copied = 0
        with cursor.copy(copy_sql) as copy:
            for block in copy:
                copied += len(block)
        raw.commit()
    finally:
        raw.close()
    baseline = time.perf_counter() - started
    out = io.BytesIO()
    started = time.perf_counter()
    with Session(engine, expire_on_commit=False) as session:
        log = embassy_export.export_embassy(
            session,
            country="NP",
            # An investigator's export decrypts the consented identities, the costlier case.
            exporter=Principal("bench", Role.INVESTIGATOR),
            out=out,
            now=utcnow(),
            today=TODAY,
            cipher=FieldCipher((KEY,)),
        )
        session.commit()
    elapsed = time.perf_counter() - started
    print(f"\n{'embassy export (NP)':42} {'seconds':>10} {'MB':>8}")
    print(f"{'COPY of the complaint rows (baseline)':42} {baseline:10.2f} {copied / 1e6:8.1f}")
    print(f"{'export_embassy':42} {elapsed:10.2f} {log.size / 1e6:8.1f}")
    print(
        f"exported {log.counts['complaints']} complaints ({log.counts['with_identity']} with identity), "
        f"{elapsed / baseline:.1f}x the COPY; target <= 30 s for {complaints:,}"
    )


def main() -> None:
    """Build the scratch database and print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--complaints", type=int, default=100_000)
    parser.add_argument("--loads", type=int, default=300)
    args = parser.parse_args()
    with scratch_database("bench_chain") as url:
        engine = build_engine(url)
        started = time.perf_counter()
        load(engine, args.complaints)
        print(f"loaded in {time.perf_counter() - started:.1f} s")
        bench_chain(engine, args.loads)
        bench_export(engine, args.complaints)
        engine.dispose()


if __name__ == "__main__":
    main()
