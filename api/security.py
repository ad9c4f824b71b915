"""Access rules on routes: every route names one action of `registry.access.RULES` through `allow`.

`allow(action)` is the route's dependency: for a public action it applies the client's rate limit
and asks for no token; for any other it asks for a bearer token (401 without a valid one) and the
permission table (403 for a role not allowed). Either way it starts the request's audit record and,
when the route succeeds, appends the event before the commit. `install` refuses to build an app
with a route that has no rule, documents 401/403/429 in OpenAPI, masks secrets in logs and sets CORS.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable, Iterator
from typing import Any, cast

from fastapi import Depends, FastAPI, Request
from fastapi.middleware.cors import CORSMiddleware
from fastapi.routing import APIRoute, iter_route_contexts
from starlette.concurrency import run_in_threadpool

from api import audit, logs
from api.deps import PrincipalDep, SessionDep
from api.errors import ErrorBody
from api.ratelimit import RateLimiter, client_address
from registry.access import PUBLIC, RULES, Action, Principal, permits
from registry.errors import AccessDenied, ConfigurationError, Unauthorized
from registry.settings import Settings

# Served by FastAPI itself (the API description and its viewers): public, no rule of ours.
# The static stylesheet of the public pages is mounted, not routed: no rule, nothing to protect.
OPEN_PATHS = frozenset({"/openapi.json", "/docs", "/docs/oauth2-redirect", "/redoc", "/static"})

_DOCUMENTED = {
    401: "unauthorized: no bearer token, or one that is malformed, unknown, expired or revoked",
    403: "forbidden: your role may not do this",
    429: "rate limited: wait for the seconds in Retry-After",
}


class AccessRule:
    """The dependency that lets a caller do one action (its `access_action`), or refuses."""

    def __init__(self, action: Action, limiter: RateLimiter | None) -> None:
        self.access_action, self.limiter = action, limiter

    @property
    def public(self) -> bool:
        """True when the action needs no token."""
        return RULES[self.access_action].public


class PublicRule(AccessRule):
    """Anyone, within the per-client rate limit."""

    # Async, unlike OfficialRule: the public lookup answers most searches from memory, and this rule
    # then costs no trip to the thread pool (a sync dependency makes two, at its start and its end).
    async def __call__(self, request: Request, session: SessionDep) -> AsyncIterator[Principal]:
        if self.limiter is not None:
            self.limiter.check(client_address(request))
        context = audit.begin(request, PUBLIC, self.access_action)
        yield PUBLIC
        if RULES[self.access_action].audited:
            await run_in_threadpool(context.finish, session)


class OfficialRule(AccessRule):
    """A bearer token whose role the permission table allows."""

    def __call__(self, request: Request, session: SessionDep, principal: PrincipalDep) -> Iterator[Principal]:
        context = audit.begin(request, principal, self.access_action)
        if not principal.is_official:
            raise Unauthorized("this needs a bearer token: Authorization: Bearer <token>")
        if not permits(principal.role, self.access_action):
            raise AccessDenied(f"the role {principal.role} may not do {self.access_action}")
        yield principal
        context.finish(session)


def allow(action: Action, *, limiter: RateLimiter | None = None) -> Any:
    """The access rule for a route doing ACTION; put it in the route's `dependencies`."""
    rule: AccessRule = PublicRule(action, limiter) if RULES[action].public else OfficialRule(action, limiter)
    return Depends(
        cast(Callable[..., Iterator[Principal] | AsyncIterator[Principal]], rule), scope="function"
    )


def route_rules(route: Any) -> list[AccessRule]:
    """The access rules in a route's own `dependencies` (exactly one when it is wired right)."""
    dependant = getattr(route, "dependant", None)
    return [d.call for d in getattr(dependant, "dependencies", ()) if isinstance(d.call, AccessRule)]


def api_routes(app: FastAPI) -> Iterator[tuple[APIRoute, str, set[str]]]:
    """Every API route of APP (included routers followed) with its full path and methods."""
    for context in iter_route_contexts(app.routes):
        route = context.original_route
        if isinstance(route, APIRoute):
            yield route, str(context.path_format), set(context.methods or ())


def unguarded_routes(app: FastAPI) -> list[str]:
    """Routes without exactly one access rule (FastAPI's own documentation pages aside)."""
    missing = []
    for context in iter_route_contexts(app.routes):
        route = context.original_route
        if isinstance(route, APIRoute):
            if len(route_rules(route)) != 1:
                missing.append(f"{','.join(sorted(context.methods or ()))} {context.path_format}")
        elif context.path not in OPEN_PATHS:
            missing.append(f"{type(route).__name__} {context.path}")
    return missing


def install(app: FastAPI, settings: Settings) -> None:
    """Refuse routes without a rule, document refusals in OpenAPI, and open CORS only to the allow-list."""
    missing = unguarded_routes(app)
    if missing:
        raise ConfigurationError(
            "routes without an access rule (add dependencies=[allow(Action....)]): " + "; ".join(missing)
        )
    app.openapi = _documenting_refusals(app, app.openapi)  # type: ignore[method-assign]
    logs.install()
    origins = settings.cors_origins
    if origins:
        app.add_middleware(
            CORSMiddleware,
            allow_origins=origins,
            allow_methods=["GET", "POST", "PATCH"],
            allow_headers=["Authorization", "Content-Type"],
            expose_headers=["X-Request-ID", "Retry-After"],
        )


def _documenting_refusals(
    app: FastAPI, generate: Callable[[], dict[str, Any]]
) -> Callable[[], dict[str, Any]]:
    """FastAPI's OpenAPI generator, then 401/403 on every protected operation and 429 on rate-limited ones."""

    def openapi() -> dict[str, Any]:
        spec = generate()
        schemas = spec.setdefault("components", {}).setdefault("schemas", {})
        schemas.setdefault("ErrorBody", ErrorBody.model_json_schema())
        body = {"application/json": {"schema": {"$ref": "#/components/schemas/ErrorBody"}}}
        for route, path, methods in api_routes(app):
            rule = route_rules(route)[0]
            statuses = ([] if rule.public else [401, 403]) + ([429] if rule.limiter is not None else [])
            for method in methods:
                responses = spec["paths"].get(path, {}).get(method.lower(), {}).get("responses")
                for status in statuses if responses is not None else ():
                    responses.setdefault(str(status), {"description": _DOCUMENTED[status], "content": body})
        return spec

    return openapi
