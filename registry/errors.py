"""Domain errors: each carries the HTTP status and a stable error code the API reports."""

from __future__ import annotations


class DomainError(Exception):
    """Base of every error a user can cause; the API turns it into {"error", "detail"}."""

    status_code = 400
    code = "bad_request"

    def __init__(self, detail: str) -> None:
        super().__init__(detail)
        self.detail = detail

    @property
    def headers(self) -> dict[str, str] | None:
        """HTTP headers the response must carry, if any."""
        return None


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
    """No valid credentials were presented (RFC 6750: the challenge says why)."""

    status_code = 401
    code = "unauthorized"

    def __init__(self, detail: str, *, token_given: bool = False) -> None:
        super().__init__(detail)
        self.token_given = token_given

    @property
    def headers(self) -> dict[str, str] | None:
        """The bearer challenge; `invalid_token` when a token was given and refused."""
        challenge = 'Bearer realm="registry"'
        return {"WWW-Authenticate": challenge + (', error="invalid_token"' if self.token_given else "")}


class Forbidden(DomainError):
    """The caller is known but may not do this."""

    status_code = 403
    code = "forbidden"


class AccessDenied(Forbidden):
    """The caller's role may not do the action at all (the permission table says no)."""


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

    @property
    def headers(self) -> dict[str, str] | None:
        """When to come back."""
        return {"Retry-After": str(self.retry_after)}


class ConfigurationError(Exception):
    """The deployment is misconfigured (missing secret, bad URL); start-up must stop."""


class KeyUnavailable(DomainError, ConfigurationError):
    """A stored encrypted field opens with none of the configured keys (a key was retired too soon).

    A configuration fault, hence also a ConfigurationError; but it is met while serving one request or
    row, so it is reported as a domain error: 503, the service cannot answer until a key is restored.
    """

    status_code = 503
    code = "key_unavailable"
