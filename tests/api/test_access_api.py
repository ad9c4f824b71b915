"""Every route of the app × every role: allowed, 401 or 403, exactly as the permission table says."""

from __future__ import annotations

import re
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from httpx import Response
from sqlalchemy.engine import Connection

from api import ratelimit, security
from api.security import AccessRule, allow, api_routes, route_rules, unguarded_routes
from registry.access import RULES, Action, Role, permits
from registry.database import session_scope
from registry.errors import ConfigurationError
from registry.models.types import utcnow
from registry.schemas.account import KeyIn
from registry.services import accounts
from registry.settings import Settings, get_settings
from tests.access_support import bearer, issue_token
from tests.conftest import AuthHeaders

OFFICIAL_ROLES = sorted(set(Role) - {Role.PUBLIC})
# Path parameters that must look right for the route to be reached at all; ids name nothing, so that
# an allowed call changes nothing (revoking key 1 would revoke the admin's own token).
SAMPLE_PARAMS = {"kind": "complaints", "name": "manifest.json", "follow_up_code": "ZZZZ-ZZZZ-ZZZZ"}


def _url(path: str) -> str:
    return re.sub(r"{(\w+)(:[^}]*)?}", lambda m: SAMPLE_PARAMS.get(m.group(1), "999999"), path)


def _call(client: TestClient, method: str, path: str, headers: dict[str, str]) -> Response:
    ratelimit.reset_all()  # hundreds of calls in one test; limits have tests of their own
    body = {} if method in {"POST", "PATCH", "PUT"} else None
    return client.request(method, _url(path), headers=headers, json=body)


def _bad_tokens() -> dict[str, str]:
    """A malformed token, an unknown one, an expired one and a revoked one."""
    now = utcnow()
    with session_scope() as session:
        key = KeyIn(name="old", role=Role.ADMIN, expires_in_days=1)
        expired = accounts.issue_key(session, data=key, actor="tests", now=now - timedelta(days=2)).token
        revoked_key = accounts.issue_key(
            session, data=key.model_copy(update={"name": "gone"}), actor="t", now=now
        )
        accounts.revoke_key(session, key_id=revoked_key.id, actor="tests", now=now)
    unknown = accounts.new_token()
    return {"malformed": "not-a-token", "unknown": unknown, "expired": expired, "revoked": revoked_key.token}


def test_every_route_answers_every_role_as_the_table_says(
    app: FastAPI, client: TestClient, auth: AuthHeaders
) -> None:
    routes = list(api_routes(app))
    assert len(routes) >= 55 and not unguarded_routes(app)
    bad = _bad_tokens()
    problems: list[str] = []
    for route, path, methods in routes:
        (rule,) = route_rules(route)
        for method in sorted(methods):
            problems += _check_route(client, auth, bad, rule, method, path)
    assert not problems, "\n".join(problems)


def _check_route(
    client: TestClient, auth: AuthHeaders, bad: dict[str, str], rule: AccessRule, method: str, path: str
) -> list[str]:
    where, action = f"{method} {path} ({rule.access_action})", rule.access_action
    problems = []
    anonymous = _call(client, method, path, {})
    if rule.public:
        outcomes = [anonymous] + [_call(client, method, path, auth(role)) for role in OFFICIAL_ROLES]
        outcomes += [_call(client, method, path, bearer(token)) for token in bad.values()]
        problems += [
            f"{where}: public route answered {r.status_code}"
            for r in outcomes
            if (r.status_code in {401, 403} and not _form_without_csrf_token(method, r))
            or r.status_code >= 500
        ]
        return problems
    if anonymous.status_code != 401 or not anonymous.headers.get("www-authenticate", "").startswith("Bearer"):
        problems.append(f"{where}: without a token got {anonymous.status_code}, not 401 with a challenge")
    for kind, token in bad.items():
        refused = _call(client, method, path, bearer(token))
        if refused.status_code != 401 or 'error="invalid_token"' not in refused.headers.get(
            "www-authenticate", ""
        ):
            problems.append(f"{where}: a {kind} token got {refused.status_code}, not 401 invalid_token")
    for role in OFFICIAL_ROLES:
        response = _call(client, method, path, auth(role))
        if permits(role, action) and (response.status_code in {401, 403} or response.status_code >= 500):
            problems.append(f"{where}: {role} is allowed but got {response.status_code} {response.text}")
        if not permits(role, action) and (response.status_code, response.json().get("error")) != (
            403,
            "forbidden",
        ):
            problems.append(f"{where}: {role} is not allowed but got {response.status_code}")
    return problems


def _form_without_csrf_token(method: str, response: Response) -> bool:
    """A public HTML form posted without its CSRF token is refused (403) whoever sends it; the token
    itself is tested in tests/api/test_public_pages.py."""
    return method == "POST" and response.headers.get("content-type", "").startswith("text/html")


def test_a_route_without_a_rule_is_refused_at_start(app: FastAPI) -> None:
    @app.get("/api/v1/forgotten")
    def forgotten() -> dict[str, str]:
        return {}

    assert unguarded_routes(app) == ["GET /api/v1/forgotten"]
    with pytest.raises(ConfigurationError, match="GET /api/v1/forgotten"):
        security.install(app, get_settings())


def test_the_table_is_complete_and_sane() -> None:
    assert set(RULES) == set(Action)
    for action, rule in RULES.items():
        assert Role.ADMIN in rule.roles, action
        assert rule.public == (rule.roles == frozenset(Role)), action
        assert not (rule.public and rule.protected), action
    assert {a for a, r in RULES.items() if r.public} == {
        Action.HEALTH,
        Action.PUBLIC_LOOKUP,
        Action.PUBLIC_REPORT,
        Action.PUBLIC_BLACKLIST,
    }


def test_openapi_documents_the_scheme_and_every_refusal(client: TestClient, app: FastAPI) -> None:
    spec: dict[str, Any] = client.get("/openapi.json").json()
    assert spec["components"]["securitySchemes"]["bearer"] == {
        "type": "http",
        "scheme": "bearer",
        "bearerFormat": "ar_…",
        "description": spec["components"]["securitySchemes"]["bearer"]["description"],
    }
    for route, path, methods in api_routes(app):
        if not route.include_in_schema:  # the public HTML pages are not part of the API
            continue
        (rule,) = route_rules(route)
        for method in methods:
            operation = spec["paths"][path][method.lower()]
            if rule.public:
                assert "security" not in operation and not {"401", "403"} & set(operation["responses"]), path
            else:
                assert operation["security"] == [{"bearer": []}], path
                assert {"401", "403"} <= set(operation["responses"]), path
            assert ("429" in operation["responses"]) == (rule.limiter is not None), path


def test_status_codes_of_tokens(client: TestClient, auth: AuthHeaders) -> None:
    me = client.get("/api/v1/me", headers=auth(Role.PAM_OFFICER, "pam.huda"))
    assert me.json() == {
        "name": "pam.huda",
        "role": "pam_officer",
        "credential_id": me.json()["credential_id"],
    }
    refused = client.get("/api/v1/me", headers={"Authorization": "Bearer " + accounts.new_token()})
    assert refused.status_code == 401 and refused.json() == {
        "error": "unauthorized",
        "detail": "the bearer token is not valid",
    }
    assert client.get("/api/v1/me", headers={"Authorization": "Basic YWRtaW46YWRtaW4="}).status_code == 401
    assert client.get("/api/v1/me", params={"access_token": "x"}).status_code == 401


def test_an_admin_issues_and_revokes_keys_through_the_api(client: TestClient, auth: AuthHeaders) -> None:
    admin = auth(Role.ADMIN)
    made = client.post("/api/v1/users", json={"username": "pam.salem", "role": "pam_officer"}, headers=admin)
    assert made.status_code == 201, made.text
    issued = client.post("/api/v1/api-keys", json={"name": "laptop", "username": "pam.salem"}, headers=admin)
    assert issued.status_code == 201 and issued.json()["acts_as"] == "pam.salem"
    token = issued.json()["token"]
    assert client.get("/api/v1/me", headers=bearer(token)).json()["role"] == "pam_officer"
    listed = client.get("/api/v1/api-keys", headers=admin)
    assert token not in listed.text and all("token" not in key for key in listed.json())
    revoked = client.post(f"/api/v1/api-keys/{issued.json()['id']}/revoke", headers=admin)
    assert revoked.status_code == 200 and revoked.json()["revoked_at"]
    assert client.get("/api/v1/me", headers=bearer(token)).json()["detail"] == "the bearer token was revoked"
    again = bearer(issue_token(Role.PAM_OFFICER, "pam.salem"))
    assert client.post(f"/api/v1/users/{made.json()['id']}/disable", headers=admin).status_code == 200
    assert client.get("/api/v1/me", headers=again).status_code == 401
    public = client.post("/api/v1/users", json={"username": "anyone", "role": "public"}, headers=admin)
    assert public.status_code == 422


def test_public_lookups_are_rate_limited_per_client(
    client: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(ratelimit.lookup_limiter, "capacity", 3)
    codes = [client.get("/api/v1/match", params={"name": "Falcon"}).status_code for _ in range(3)]
    codes += [client.get("/api/v1/reports/ZZZZ-ZZZZ-ZZZZ").status_code]
    assert codes == [200, 200, 200, 429]
    limited = client.get("/api/v1/blacklist/versions")
    assert limited.status_code == 429 and int(limited.headers["Retry-After"]) >= 1
    assert limited.json()["error"] == "rate_limited"
    other = client.get("/api/v1/match", params={"name": "Falcon"}, headers={"X-Forwarded-For": "10.0.0.9"})
    assert other.status_code == 429  # a header the client writes does not make it someone else


def test_the_readme_states_the_table_as_it_is() -> None:
    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")
    rows = {line.split(" | ")[0].removeprefix("| "): line.split(" | ") for line in readme.splitlines()}
    for action, rule in RULES.items():
        cells = rows[f"`{action.value}`"]
        roles = cells[2]
        assert (
            (roles == "everyone, no token")
            if rule.public
            else set(roles.split(", ")) == {r.value for r in rule.roles}
        )
        assert cells[3].removesuffix(" |") == ("write" if rule.write else "read" if rule.protected else "—")


def test_cors_is_closed_unless_origins_are_configured(client: TestClient, connection: Connection) -> None:
    evil = {"Origin": "https://evil.example", "Access-Control-Request-Method": "GET"}
    assert "access-control-allow-origin" not in client.options("/api/v1/match", headers=evil).headers
    assert "access-control-allow-origin" not in client.get("/healthz", headers=evil).headers
    app = FastAPI()

    @app.get("/ping", dependencies=[allow(Action.HEALTH)])
    def ping() -> dict[str, str]:
        return {}

    security.install(app, Settings(CORS_ALLOW_ORIGINS="https://registry.example.kw"))  # type: ignore[call-arg]
    with TestClient(app) as configured:
        ours = {**evil, "Origin": "https://registry.example.kw"}
        assert (
            configured.options("/ping", headers=ours).headers["access-control-allow-origin"] == ours["Origin"]
        )
        assert "access-control-allow-origin" not in configured.options("/ping", headers=evil).headers
