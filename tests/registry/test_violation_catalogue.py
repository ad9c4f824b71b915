from __future__ import annotations

from sqlmodel import Session, select

from registry.models.violation import ViolationCode
from registry.services.public_lookup import CATEGORY_LABELS
from scoring.events import SEVERITIES, VIOLATION_CODES
from tests.conftest import both_backends


@both_backends
def test_the_migrated_catalogue_holds_exactly_the_codes_scoring_and_the_public_page_know(
    session: Session,
) -> None:
    rows = session.exec(select(ViolationCode)).all()
    assert sorted(row.code for row in rows) == sorted(VIOLATION_CODES)
    assert set(CATEGORY_LABELS) == set(VIOLATION_CODES)
    assert {row.severity for row in rows} <= set(SEVERITIES)
