"""Security headers on every response: a CSP without inline code, no framing, no sniffing.

Hand-written ASGI middleware (about forty lines) because the interactive API docs FastAPI generates
carry an inline script: rather than allow inline scripts there, the docs' CSP names that script by
its SHA-256 hash, computed from the page as sent, so it stays right whatever the docs' settings are.
"""

from __future__ import annotations

import base64
import hashlib
import re

from starlette.datastructures import MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

CSP = (
    "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; "
    "base-uri 'none'; frame-ancestors 'none'"
)
_DOCS_CDN = "https://cdn.jsdelivr.net"
DOCS_PATHS = frozenset({"/docs", "/docs/oauth2-redirect"})
SECURITY_HEADERS: dict[str, str] = {
    "Content-Security-Policy": CSP,
    "X-Frame-Options": "DENY",
    "X-Content-Type-Options": "nosniff",
    # same-origin, not no-referrer: with no-referrer browsers send "Origin: null" on form posts,
    # and the report form's CSRF check compares the Origin.
    "Referrer-Policy": "same-origin",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=(), payment=()",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Cross-Origin-Resource-Policy": "same-origin",
}
_INLINE_SCRIPT = re.compile(rb"<script>(.*?)</script>", re.DOTALL)


def docs_csp(page: bytes) -> str:
    """The CSP of an API docs page: its own inline scripts by hash, the docs' assets from their CDN."""
    hashes = " ".join(
        f"'sha256-{base64.b64encode(hashlib.sha256(body).digest()).decode()}'"
        for body in _INLINE_SCRIPT.findall(page)
    )
    return (
        f"default-src 'none'; script-src {_DOCS_CDN} {hashes}; style-src {_DOCS_CDN}; "
        f"img-src 'self' data: https://fastapi.tiangolo.com; connect-src 'self'; "
        "base-uri 'none'; frame-ancestors 'none'"
    )


class SecurityHeaders:
    """ASGI middleware adding SECURITY_HEADERS to every HTTP response (a route's own values win)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        if scope["path"] in DOCS_PATHS:
            await self._docs(scope, receive, send)
            return

        async def with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                _add(message, SECURITY_HEADERS)
            await send(message)

        await self.app(scope, receive, with_headers)

    async def _docs(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Hold the docs page back until its inline scripts are hashed into its CSP."""
        start: Message = {}
        body = bytearray()

        async def buffered(message: Message) -> None:
            nonlocal start
            if message["type"] == "http.response.start":
                start = message
                return
            body.extend(message.get("body", b""))
            if not message.get("more_body", False):
                _add(start, {**SECURITY_HEADERS, "Content-Security-Policy": docs_csp(bytes(body))})
                await send(start)
                await send({"type": "http.response.body", "body": bytes(body)})

        await self.app(scope, receive, buffered)


def _add(start: Message, headers: dict[str, str]) -> None:
    mutable = MutableHeaders(scope=start)
    for name, value in headers.items():
        if name not in mutable:
            mutable[name] = value
