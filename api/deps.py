"""Dependencies shared by routes: the request's session and who is calling."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request, Security
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from sqlmodel import Session

from registry.access import PUBLIC, Principal
from registry.database import request_session
from registry.errors import Unauthorized
from registry.models.types import utcnow
from registry.services import accounts

# scope="function": the session commits when the route returns, before the response is sent,
# so a failed commit becomes an error response instead of a 200 for a write that was lost.
SessionDep = Annotated[Session, Depends(request_session, scope="function")]

# OAuth 2.0 bearer tokens (RFC 6750) in the Authorization header, and nowhere else: never in a URL,
# where proxies and access logs would keep them.
bearer = HTTPBearer(
    auto_error=False,
    scheme_name="bearer",
    bearerFormat="ar_…",
    description=(
        "An API key or a user's token, sent as `Authorization: Bearer ar_…`. Issued by "
        "`agency-registry users create` / `apikeys create` or `POST /api/v1/api-keys`, shown once."
    ),
)


def current_principal(
    request: Request,
    session: SessionDep,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Security(bearer)],
) -> Principal:
    """Who is calling: the holder of a valid bearer token, or the anonymous public without one.

    A token that is malformed, unknown, expired, revoked or whose user is disabled gets 401 at once;
    whom a known token names is kept on the request so that the refusal can be audited.
    """
    if credentials is None:
        return PUBLIC
    found = accounts.authenticate(session, token=credentials.credentials, now=utcnow())
    if session.get_bind().dialect.name == "sqlite":
        # A SQLite read transaction cannot become a write once another connection has committed
        # (WAL snapshot): end this read so that the route's first write starts a fresh transaction.
        session.commit()
    if found.problem is not None or found.principal is None:
        request.state.refused_principal = found.principal
        raise Unauthorized(found.problem or "the bearer token is not valid", token_given=True)
    return found.principal


async def current_actor(principal: Annotated[Principal, Depends(current_principal)]) -> str:
    """The name recorded as having done a write."""
    return principal.name


PrincipalDep = Annotated[Principal, Depends(current_principal)]
ActorDep = Annotated[str, Depends(current_actor)]
