"""An id no row can have, typed into any path, is a 4xx on both databases, never a 500.

PostgreSQL refuses a number beyond its integers (DataError); SQLite's driver cannot even bind one
beyond 64 bits (OverflowError). Both are the caller's mistake.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from fastapi.testclient import TestClient

from api.app import create_app
from registry.access import Role
from tests.conftest import ClientAs, both_backends

_PARAMETER = re.compile(r"\{(\w+)\}")


def _integer_paths() -> Iterator[str]:
    for route, methods in create_app().openapi()["paths"].items():
        parameters: list[dict[str, Any]] = methods.get("get", {}).get("parameters", [])
        types = {p["name"]: p["schema"].get("type") for p in parameters if p["in"] == "path"}
        names = _PARAMETER.findall(route)
        if names and all(types.get(name) == "integer" for name in names):
            yield route


ROUTES = list(_integer_paths())


@both_backends
def test_an_id_no_row_can_have_is_a_client_error(client_as: ClientAs) -> None:
    client: TestClient = client_as(Role.ADMIN)
    answers = {
        (route, number): client.get(_PARAMETER.sub(str(number), route)).status_code
        for route in ROUTES
        for number in (2**31, 2**63, 10**30)
    }
    assert len(ROUTES) > 15
    assert {key: status for key, status in answers.items() if status not in {404, 422}} == {}
