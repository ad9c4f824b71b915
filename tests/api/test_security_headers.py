from __future__ import annotations

import base64
import hashlib
import re
from collections.abc import Iterator

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy.engine import Connection

from api.headers import CSP, SECURITY_HEADERS
from api.security import allow
from registry.access import Action

EXPECTED = {
    "X-Frame-Options": "DENY",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
}


@pytest.fixture
def app_client(connection: Connection) -> Iterator[tuple[FastAPI, TestClient]]:
    from api.app import create_app

    app = create_app()

    @app.get("/test-only/boom", dependencies=[allow(Action.HEALTH)])
    def boom() -> None:
        raise RuntimeError("unexpected")

    with TestClient(app, raise_server_exceptions=False) as client:
        yield app, client


def _check(headers: dict[str, str] | object, csp: str = CSP) -> None:
    for name, value in EXPECTED.items():
        assert headers[name] == value, name  # type: ignore[index]
    policy = headers["Content-Security-Policy"]  # type: ignore[index]
    assert policy == csp and "unsafe-inline" not in policy and "frame-ancestors 'none'" in policy


@pytest.mark.parametrize(
    ("method", "path", "status"),
    [
        ("GET", "/", 200),
        ("GET", "/report", 200),
        ("GET", "/follow-up", 200),
        ("GET", "/static/public.css", 200),
        ("GET", "/healthz", 200),
        ("GET", "/openapi.json", 200),
        ("GET", "/api/v1/companies", 401),
        ("GET", "/api/v1/matching-nothing", 404),
        ("GET", "/no/such/page", 404),
        ("POST", "/report", 403),
        ("GET", "/api/v1/public/companies", 422),
        ("GET", "/test-only/boom", 500),
    ],
)
def test_every_response_carries_the_security_headers(
    app_client: tuple[FastAPI, TestClient], method: str, path: str, status: int
) -> None:
    response = app_client[1].request(method, path)
    assert response.status_code == status
    _check(response.headers)


def test_a_refused_oversized_body_carries_them_too(app_client: tuple[FastAPI, TestClient]) -> None:
    response = app_client[1].post("/api/v1/reports", content=b"x" * 2_000_000)
    assert response.status_code == 413
    _check(response.headers)


def test_the_stylesheet_is_served_as_css(app_client: tuple[FastAPI, TestClient]) -> None:
    response = app_client[1].get("/static/public.css")
    assert response.headers["content-type"].startswith("text/css") and "margin-inline-start" in response.text


def test_public_pages_have_no_inline_script_or_style(app_client: tuple[FastAPI, TestClient]) -> None:
    for path in ("/?lang=en", "/?lang=ar&q=abc", "/report", "/follow-up"):
        page = app_client[1].get(path).text
        assert "<script" not in page and "<style" not in page and " style=" not in page
        assert re.search(r"\son[a-z]+=", page) is None  # no event-handler attributes either


def test_the_api_docs_allow_only_their_own_inline_script_by_hash(
    app_client: tuple[FastAPI, TestClient],
) -> None:
    response = app_client[1].get("/docs")
    scripts = re.findall(r"<script>(.*?)</script>", response.text, re.DOTALL)
    assert scripts
    policy = response.headers["Content-Security-Policy"]
    for body in scripts:
        digest = base64.b64encode(hashlib.sha256(body.encode()).digest()).decode()
        assert f"'sha256-{digest}'" in policy
    assert "unsafe-inline" not in policy and response.headers["X-Frame-Options"] == "DENY"
    assert app_client[1].get("/redoc").status_code == 404


def test_cors_is_closed_by_default(app_client: tuple[FastAPI, TestClient]) -> None:
    client = app_client[1]
    simple = client.get("/api/v1/companies", headers={"Origin": "https://elsewhere.example"})
    assert "access-control-allow-origin" not in simple.headers
    preflight = client.options(
        "/api/v1/reports",
        headers={"Origin": "https://elsewhere.example", "Access-Control-Request-Method": "POST"},
    )
    assert "access-control-allow-origin" not in preflight.headers


def test_the_header_set_is_complete() -> None:
    assert set(EXPECTED) <= set(SECURITY_HEADERS) and SECURITY_HEADERS["Content-Security-Policy"] == CSP
