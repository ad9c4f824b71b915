"""Which language a request wants: ?lang=, then the lang cookie, then Accept-Language, then the default."""

from __future__ import annotations

from fastapi import Request, Response

from registry.i18n import negotiate, supported
from registry.settings import get_settings

COOKIE = "lang"
QUERY = "lang"
LANG_PATTERN = r"^[A-Za-z]{2,3}([_-][A-Za-z0-9]{2,8})*$"
_ONE_YEAR = 365 * 24 * 3600


def accept_language(header: str) -> list[str]:
    """The language tags of an Accept-Language header, most wanted first (q=0 and * left out)."""
    # Hand-written: a dozen lines, and neither Starlette nor Babel parses this header.
    weighted = []
    for position, part in enumerate(header.split(",")[:20]):
        tag, _, params = part.strip().partition(";")
        quality = 1.0
        if params.strip().startswith("q="):
            try:
                quality = float(params.strip()[2:])
            except ValueError:
                quality = 0.0
        if tag and tag != "*" and quality > 0:
            weighted.append((-quality, position, tag.strip()))
    return [tag for _, _, tag in sorted(weighted)]


def asked_language(request: Request) -> str | None:
    """The language named in the query string, when it is one the pages speak."""
    asked = request.query_params.get(QUERY)
    return supported(asked) if asked else None


def request_language(request: Request) -> str:
    """The language to answer REQUEST in."""
    preferred = [request.query_params.get(QUERY) or "", request.cookies.get(COOKIE) or ""]
    preferred += accept_language(request.headers.get("accept-language", ""))
    return negotiate([tag for tag in preferred if tag], default=get_settings().public_default_language)


def remember_language(request: Request, response: Response) -> None:
    """Keep a language chosen with ?lang= in a cookie, so the next pages keep it."""
    chosen = asked_language(request)
    if chosen is not None and request.cookies.get(COOKIE) != chosen:
        response.set_cookie(
            COOKIE,
            chosen,
            max_age=_ONE_YEAR,
            httponly=True,
            samesite="lax",
            secure=request.url.scheme == "https",
        )
