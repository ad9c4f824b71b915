"""Dependencies shared by routes."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends
from sqlmodel import Session

from registry.access import Principal, Role
from registry.database import request_session

# scope="function": the session commits when the route returns, before the response is sent,
# so a failed commit becomes an error response instead of a 200 for a write that was lost.
SessionDep = Annotated[Session, Depends(request_session, scope="function")]


# The two below are `async def` only so that FastAPI calls them in the event loop: a plain `def`
# dependency is sent to the thread pool, a hop that costs more than the function itself.
async def current_principal() -> Principal:
    """Who is calling. Until access control lands every caller is an unauthenticated member of the
    public, so protected fields (narratives, complainant identities) are always withheld."""
    return Principal(name="unauthenticated", role=Role.PUBLIC)


async def current_actor(principal: Annotated[Principal, Depends(current_principal)]) -> str:
    """The name recorded as having done a write."""
    return principal.name


PrincipalDep = Annotated[Principal, Depends(current_principal)]
ActorDep = Annotated[str, Depends(current_actor)]
