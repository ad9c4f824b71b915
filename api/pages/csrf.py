"""CSRF protection of the public forms, without JavaScript: a signed double-submit token and Origin.

A random token lives in a cookie (HttpOnly, SameSite=Strict); the form carries HMAC(key, token) in a
hidden field. A post is accepted only when the field matches the cookie's token under the server's
key and, when the browser names one, the Origin (or Referer) is this site. Another site can neither
read the cookie nor compute the field; even a cookie planted from a sibling host fails without the
key. SameSite=Strict alone would stop the post in current browsers; the token covers the others.
Hand-written (thirty lines of hmac) because the form libraries that do this need sessions or JS.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from functools import cache
from urllib.parse import urlsplit

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.hashes import SHA256
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from fastapi import Request, Response

from registry.errors import Forbidden
from registry.settings import get_settings, load_secrets

COOKIE = "csrf"
FIELD = "csrf_token"
_TOKEN_BYTES = 32


class CsrfRejected(Forbidden):
    """A form post without a valid token, or from another site."""


@cache
def _key() -> bytes:
    """A key for form tokens only, derived from the deployment's signing key (HKDF, its own label)."""
    raw = load_secrets(get_settings()).signing_key.private_bytes(
        serialization.Encoding.Raw, serialization.PrivateFormat.Raw, serialization.NoEncryption()
    )
    return HKDF(algorithm=SHA256(), length=32, salt=None, info=b"agency-registry form token v1").derive(raw)


def _sign(token: str) -> str:
    return hmac.new(_key(), token.encode(), hashlib.sha256).hexdigest()


def form_token(request: Request) -> tuple[str, str | None]:
    """The hidden-field value for this visitor, and a new cookie token to set when it has none."""
    token = request.cookies.get(COOKIE, "")
    if len(token) >= 32 and token.isascii():
        return _sign(token), None
    fresh = secrets.token_urlsafe(_TOKEN_BYTES)
    return _sign(fresh), fresh


def set_cookie(request: Request, response: Response, token: str) -> None:
    """Give the visitor its cookie token."""
    response.set_cookie(
        COOKIE, token, httponly=True, samesite="strict", secure=request.url.scheme == "https", path="/"
    )


def verify(request: Request, field: str) -> None:
    """Refuse a form post that does not carry this visitor's token or comes from another site."""
    token = request.cookies.get(COOKIE, "")
    if not token or not field or not hmac.compare_digest(_sign(token), field):
        raise CsrfRejected("the form has expired or was not sent from this site; open it again")
    source = request.headers.get("origin") or request.headers.get("referer")
    if source is not None and not _same_site(source, request):
        raise CsrfRejected("the form was sent from another site")


def _same_site(source: str, request: Request) -> bool:
    parts = urlsplit(source)
    return f"{parts.scheme}://{parts.netloc}" == f"{request.url.scheme}://{request.url.netloc}"
