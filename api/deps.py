"""Dependencies shared by routes."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends
from sqlmodel import Session

from registry.database import request_session

# scope="function": the session commits when the route returns, before the response is sent,
# so a failed commit becomes an error response instead of a 200 for a write that was lost.
SessionDep = Annotated[Session, Depends(request_session, scope="function")]


def current_actor() -> str:
    """Who is acting; until access control lands every caller is recorded as unauthenticated."""
    return "unauthenticated"


ActorDep = Annotated[str, Depends(current_actor)]
