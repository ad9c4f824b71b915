"""The one place errors become HTTP responses, all shaped {"error": ..., "detail": ...}."""

from __future__ import annotations

import logging
import traceback

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel
from sqlalchemy.exc import DataError, DBAPIError
from starlette.exceptions import HTTPException

from api.audit import record_refusal
from api.headers import SECURITY_HEADERS
from registry.errors import DomainError

log = logging.getLogger("api.errors")

_HTTP_CODES = {
    400: "bad_request",
    401: "unauthorized",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    409: "conflict",
    413: "payload_too_large",
    415: "unsupported_media_type",
    422: "invalid_input",
    429: "rate_limited",
}


class ErrorBody(BaseModel):
    """The body of every error response."""

    error: str
    detail: str


ERROR_RESPONSES: dict[int | str, dict[str, object]] = {
    status: {"model": ErrorBody, "description": code.replace("_", " ")}
    for status, code in _HTTP_CODES.items()
    if status in {400, 404, 409, 413, 422}
}


def error_response(
    status: int, error: str, detail: str, headers: dict[str, str] | None = None
) -> JSONResponse:
    """A JSON error response in the one shape clients rely on."""
    return JSONResponse(
        ErrorBody(error=error, detail=detail).model_dump(), status_code=status, headers=headers
    )


async def _domain(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, DomainError)
    await record_refusal(request, exc)
    return error_response(exc.status_code, exc.code, exc.detail, exc.headers)


async def _unstorable(request: Request, exc: Exception) -> JSONResponse:
    # Input that passed validation but the database cannot hold, such as an id beyond PostgreSQL's
    # 32-bit integers (DataError) or beyond the 64 bits SQLite's driver can bind at all (OverflowError,
    # raised before SQLAlchemy sees it): the client's mistake, so a 422 rather than a 500.
    assert isinstance(exc, DataError | OverflowError)
    # Logged, because a value the server computed itself would land here too: that is a bug to see.
    # The driver's own message only: SQLAlchemy's would carry the statement's parameters.
    cause = exc.orig if isinstance(exc, DataError) else exc
    log.warning("request %s: a value out of range for the database: %s", _request_id(request), _told(cause))
    return error_response(422, "invalid_input", "a value in the request is out of range for the registry")


async def _validation(_: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, RequestValidationError)
    return error_response(422, "invalid_input", _describe(exc))


async def _http(_: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, HTTPException)
    code = _HTTP_CODES.get(exc.status_code, "error")
    return error_response(exc.status_code, code, str(exc.detail), getattr(exc, "headers", None))


async def _unexpected(request: Request, exc: Exception) -> JSONResponse:
    request_id = _request_id(request)
    if isinstance(exc, DBAPIError):
        # The server's own message may quote a value (a key that already exists, a cast that failed):
        # the log gets the kind of error, its code and constraint, and where in the code it came from.
        log.error("unhandled database error, request %s: %s at %s", request_id, _told(exc.orig), _where(exc))
    else:
        log.exception("unhandled error, request %s", request_id, exc_info=exc)
    # Answered outside every middleware (Starlette's ServerErrorMiddleware), so the headers come here.
    return error_response(
        500, "internal_error", f"an unexpected error occurred (request {request_id})", dict(SECURITY_HEADERS)
    )


def _told(cause: BaseException | None) -> str:
    """What a database error may say in a log: its kind, SQLSTATE and constraint, never its values."""
    diag = getattr(cause, "diag", None)
    if diag is None:
        return type(cause).__name__
    return f"{type(cause).__name__} (sqlstate {diag.sqlstate}, constraint {diag.constraint_name})"


def _where(exc: BaseException) -> str:
    """The innermost frame of the project's own code that raised EXC."""
    frames = [f for f in traceback.extract_tb(exc.__traceback__) if "site-packages" not in f.filename]
    return f"{frames[-1].filename}:{frames[-1].lineno}" if frames else "?"


def _request_id(request: Request) -> str:
    return str(getattr(request.state, "request_id", "-"))


def _describe(exc: RequestValidationError) -> str:
    parts = []
    for error in exc.errors()[:10]:
        where = ".".join(str(p) for p in error.get("loc", ()) if p not in {"body", "query", "path"})
        message = str(error.get("msg", "invalid")).removeprefix("Value error, ")
        parts.append(f"{where}: {message}" if where else message)
    return "; ".join(parts)


def install(app: FastAPI) -> None:
    """Register the handlers on APP."""
    app.add_exception_handler(DomainError, _domain)
    app.add_exception_handler(RequestValidationError, _validation)
    app.add_exception_handler(DataError, _unstorable)
    app.add_exception_handler(OverflowError, _unstorable)
    app.add_exception_handler(HTTPException, _http)
    app.add_exception_handler(Exception, _unexpected)
