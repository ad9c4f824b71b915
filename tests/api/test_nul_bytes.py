"""A NUL byte in any string field of any endpoint, or a lone UTF-16 surrogate in any string of any JSON
body, gets 422, naming the field (never a 500). URLs and forms cannot carry a surrogate: their bytes are
decoded as UTF-8 with replacement characters."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any
from urllib.parse import quote

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.engine import Connection

from api.app import create_app
from api.routes import public, reports
from tests.api.openapi_support import Field, Spec

SPEC = Spec(create_app().openapi())
NUL = "\x00"
SURROGATE = "\ud800"


def _cases() -> Iterator[Any]:
    for route, methods in SPEC.document["paths"].items():
        for method, operation in methods.items():
            for field in _fields(operation):
                yield pytest.param(
                    method.upper(), route, operation, field, id=f"{method.upper()} {route} {field}"
                )


def _fields(operation: dict[str, Any]) -> Iterator[Field]:
    for parameter in operation.get("parameters", []):
        for path in SPEC.strings(parameter["schema"]):
            yield Field(parameter["in"], (parameter["name"], *path))
    for media, content in operation.get("requestBody", {}).get("content", {}).items():
        location = "form" if media.startswith("multipart/") else "body"
        for path in SPEC.strings(content["schema"]):
            yield Field(location, path)


@pytest.fixture
def client(connection: Connection) -> Iterator[TestClient]:
    for limiter in (public.search_limiter, reports.report_limiter, reports.lookup_limiter):
        limiter.reset()
    with TestClient(create_app(), raise_server_exceptions=False) as test_client:
        yield test_client


def _request(
    method: str, route: str, operation: dict[str, Any], field: Field, bad: str = NUL
) -> dict[str, Any]:
    values = {}
    for parameter in operation.get("parameters", []):
        if parameter.get("required") or parameter["name"] == field.path[0]:
            values[parameter["name"]] = (parameter, SPEC.sample(parameter["schema"]))
    if field.location in {"query", "path"}:
        parameter = values[str(field.path[0])][0]
        values[parameter["name"]] = (
            parameter,
            SPEC.with_value(parameter["schema"], field.path[1:], "x" + bad),
        )
    url = route
    query: dict[str, Any] = {}
    for name, (parameter, value) in values.items():
        if parameter["in"] == "path":
            url = url.replace("{" + name + "}", quote(str(value), safe=""))
        elif parameter["in"] == "query":
            query[name] = value
    kwargs: dict[str, Any] = {"params": query}
    for media, content in operation.get("requestBody", {}).get("content", {}).items():
        if field.location in {"body", "form"}:
            body = SPEC.with_value(content["schema"], field.path, "x" + bad)
        else:
            body = SPEC.sample(content["schema"])
        if media.startswith("multipart/"):
            kwargs["data"] = {k: v for k, v in body.items() if not isinstance(v, bytes | type(None))}
            kwargs["files"] = {"file": ("rows.csv", b"a,b\n1,2\n", "text/csv")}
        else:
            # Encoded here: httpx refuses to encode a lone surrogate, JSON's \u escapes carry it.
            kwargs["content"] = json.dumps(body)
            kwargs["headers"] = {"content-type": "application/json"}
    return {"method": method, "url": url, **kwargs}


@pytest.mark.parametrize(("method", "route", "operation", "field"), list(_cases()))
def test_a_nul_byte_in_any_string_field_gets_422(
    client: TestClient,
    fuzz_headers: dict[str, str],
    method: str,
    route: str,
    operation: dict[str, Any],
    field: Field,
) -> None:
    _assert_refused(client, fuzz_headers, field, _request(method, route, operation, field))


@pytest.mark.parametrize(
    ("method", "route", "operation", "field"),
    [case for case in _cases() if case.values[3].location == "body"],
)
def test_a_lone_surrogate_in_any_json_string_field_gets_422(
    client: TestClient,
    fuzz_headers: dict[str, str],
    method: str,
    route: str,
    operation: dict[str, Any],
    field: Field,
) -> None:
    _assert_refused(client, fuzz_headers, field, _request(method, route, operation, field, SURROGATE))


def _assert_refused(
    client: TestClient, fuzz_headers: dict[str, str], field: Field, request: dict[str, Any]
) -> None:
    """REQUEST gets 422 naming FIELD (never a 500)."""
    headers = {**fuzz_headers, **request.pop("headers", {})}
    response = client.request(**request, headers=headers)
    assert response.status_code == 422, (field, response.status_code, response.text[:300])
    assert field.name in response.json()["detail"], response.text
