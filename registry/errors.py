"""Domain errors: each carries the HTTP status and a stable error code the API reports."""

from __future__ import annotations


class DomainError(Exception):
    """Base of every error a user can cause; the API turns it into {"error", "detail"}."""

    status_code = 400
    code = "bad_request"

    def __init__(self, detail: str) -> None:
        super().__init__(detail)
        self.detail = detail


class InvalidInput(DomainError):
    """The input is well-formed but breaks a rule."""

    status_code = 422
    code = "invalid_input"


class NotFound(DomainError):
    """The object asked for does not exist."""

    status_code = 404
    code = "not_found"


class Conflict(DomainError):
    """The write collides with the current state (stale version, duplicate key)."""

    status_code = 409
    code = "conflict"


class Unauthorized(DomainError):
    """No valid credentials were presented."""

    status_code = 401
    code = "unauthorized"


class Forbidden(DomainError):
    """The caller is known but may not do this."""

    status_code = 403
    code = "forbidden"


class PayloadTooLarge(DomainError):
    """The request body or file is bigger than allowed."""

    status_code = 413
    code = "payload_too_large"


class RateLimited(DomainError):
    """The client sent too many requests; retry after the given seconds."""

    status_code = 429
    code = "rate_limited"

    def __init__(self, detail: str, *, retry_after: int) -> None:
        super().__init__(detail)
        self.retry_after = retry_after


class ConfigurationError(Exception):
    """The deployment is misconfigured (missing secret, bad URL); start-up must stop."""
