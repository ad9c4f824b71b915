"""Fuzz every endpoint from its OpenAPI description: no 5xx, no status code the description omits.

Schemathesis generates valid and invalid requests per operation (a moderate, derandomised number so
the suite stays fast and repeatable) and checks each response against the description.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)
from sqlalchemy.engine import Connection

from api.app import create_app
from api.routes import public, reports

EXAMPLES_PER_OPERATION = 20
schema = schemathesis.openapi.from_asgi("/openapi.json", create_app())
CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]

pytestmark = pytest.mark.fuzz


@pytest.fixture
def unlimited(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Lift the public rate limits, so the fuzz explores the endpoints rather than their 429."""
    for limiter in (public.search_limiter, reports.report_limiter, reports.lookup_limiter):
        monkeypatch.setattr(limiter, "capacity", 10**9)
        limiter.reset()
    yield
    for limiter in (public.search_limiter, reports.report_limiter, reports.lookup_limiter):
        limiter.reset()


@schema.parametrize()
@settings(
    max_examples=EXAMPLES_PER_OPERATION,
    deadline=None,
    derandomize=True,
    suppress_health_check=list(HealthCheck),
)
def test_no_server_error_and_only_documented_statuses(
    case: schemathesis.Case, connection: Connection, unlimited: None, fuzz_headers: dict[str, str]
) -> None:
    case.call_and_validate(headers=fuzz_headers, checks=CHECKS)
