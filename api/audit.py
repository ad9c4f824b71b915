"""Audit of HTTP requests: what a route's access rule records, and how refusals are kept.

A request allowed to do an audited action appends its event in the request's own transaction, when
the route has returned and just before the commit: the write and its event stand or fall together.
A refused or failed request rolls its transaction back, so its event is appended afterwards, by the
error handler, in a unit of work of its own (`session_scope`, the one session factory) — the request
session has been closed by then, so the two never overlap.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from typing import Annotated, Any

from fastapi import Depends, Request
from sqlmodel import Session
from starlette.concurrency import run_in_threadpool

from registry.access import RULES, Action, Principal
from registry.database import session_scope
from registry.errors import AccessDenied, DomainError, Unauthorized
from registry.models.types import utcnow
from registry.services import audit
from registry.services.audit import AuditEntry, DetailValue, Outcome

log = logging.getLogger("api.audit")


@dataclass
class AuditContext:
    """The audit record of one request in the making; a route may name the object it created."""

    principal: Principal
    action: Action
    request_id: str | None
    object_type: str | None
    object_id: str | None
    detail: dict[str, DetailValue] = field(default_factory=dict)

    def entry(self, outcome: Outcome, reason: str | None = None) -> AuditEntry:
        """The event for this request, ended with OUTCOME."""
        return AuditEntry(
            actor=self.principal.name,
            role=self.principal.role.value,
            action=self.action.value,
            outcome=outcome,
            object_type=self.object_type,
            object_id=self.object_id,
            request_id=self.request_id,
            reason=reason,
            credential_id=self.principal.credential_id,
            detail=dict(self.detail),
        )

    def finish(self, session: Session) -> None:
        """Append the success event in the request's transaction, when the action is audited."""
        if RULES[self.action].audited:
            audit.append(session, entry=self.entry(Outcome.OK), now=utcnow())


def begin(request: Request, principal: Principal, action: Action) -> AuditContext:
    """Start the record of REQUEST; the object is the route's first `*_id` path parameter, if any."""
    object_type, object_id = RULES[action].object_type, None
    for name, value in request.path_params.items():
        if name.endswith("_id"):
            object_type, object_id = name.removesuffix("_id"), str(value)[:80]
            break
    context = AuditContext(principal, action, _request_id(request), object_type, object_id)
    request.state.audit = context
    return context


async def current_audit(request: Request) -> AuditContext:
    """The audit record of this request (made by the route's access rule); async: no thread needed."""
    context: AuditContext = request.state.audit
    return context


AuditDep = Annotated[AuditContext, Depends(current_audit)]


def route_action(route: Any) -> Action | None:
    """The action a route's access rule names, or None when it has none."""
    for dependency in getattr(getattr(route, "dependant", None), "dependencies", ()):
        action = getattr(dependency.call, "access_action", None)
        if isinstance(action, Action):
            return action
    return None


async def record_refusal(request: Request, exc: DomainError) -> None:
    """Keep a refused (401 with a known token, 403) or failed audited attempt by an official."""
    entry = _refusal_entry(request, exc)
    if entry is None:
        return
    try:
        await run_in_threadpool(_append_alone, entry)
    except Exception:  # the refusal stands even if the trail cannot take it; the log says so
        log.exception("could not audit a refused request (request %s)", entry.request_id)


def _refusal_entry(request: Request, exc: DomainError) -> AuditEntry | None:
    context: AuditContext | None = getattr(request.state, "audit", None) or _refused_token(request)
    if context is None or not context.principal.is_official:
        return None
    if isinstance(exc, AccessDenied | Unauthorized):
        return context.entry(Outcome.DENIED, exc.detail)
    if RULES[context.action].audited:
        return context.entry(Outcome.FAILED, exc.code)
    return None


def _refused_token(request: Request) -> AuditContext | None:
    principal: Principal | None = getattr(request.state, "refused_principal", None)
    action = route_action(request.scope.get("route"))
    if principal is None or action is None:
        return None
    return begin(request, principal, action)


def _append_alone(entry: AuditEntry) -> None:
    with session_scope() as session:
        audit.append(session, entry=entry, now=utcnow())


def _request_id(request: Request) -> str | None:
    value = getattr(request.state, "request_id", None)
    return str(value) if value is not None else None
