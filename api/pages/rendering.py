"""Rendering the public pages: one Jinja2 environment per language, the shared context, error pages."""

from __future__ import annotations

from collections.abc import Callable, Coroutine
from datetime import timedelta
from functools import cache
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from babel.dates import format_date, format_timedelta
from fastapi import Request, Response
from fastapi.exceptions import RequestValidationError
from fastapi.routing import APIRoute
from fastapi.templating import Jinja2Templates
from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape

from api.language import QUERY, remember_language, request_language
from api.pages import csrf
from registry.errors import DomainError, RateLimited
from registry.i18n import available_languages, language, translations
from registry.settings import get_settings

TEMPLATES = Path(__file__).resolve().parent.parent / "templates"
NO_STORE = {"Cache-Control": "no-store"}


@cache
def templates(code: str) -> Jinja2Templates:
    """The templates of language CODE: autoescaped HTML, gettext from CODE's catalogue."""
    env = Environment(
        loader=FileSystemLoader(TEMPLATES),
        autoescape=select_autoescape(("html",), default_for_string=True),
        extensions=["jinja2.ext.i18n"],
        undefined=StrictUndefined,
    )
    env.install_gettext_translations(translations(code), newstyle=True)  # type: ignore[attr-defined]
    env.filters["long_date"] = lambda day: format_date(day, "long", locale=code)
    return Jinja2Templates(env=env)


def render(
    request: Request,
    name: str,
    context: dict[str, Any],
    *,
    status: int = 200,
    headers: dict[str, str] | None = None,
) -> Response:
    """Render template NAME in the request's language, with the layout's context and a form token."""
    code = request_language(request)
    field, new_cookie = csrf.form_token(request)
    shared = {
        "lang": language(code),
        "switch": _switch_links(request),
        "hotline": get_settings().public_hotline,
        "csrf_field": csrf.FIELD,
        "csrf_token": field,
        "lang_query": urlencode({QUERY: code}),
    }
    response = templates(code).TemplateResponse(
        request, name, {**shared, **context}, status_code=status, headers={**NO_STORE, **(headers or {})}
    )
    response.headers["Content-Language"] = code
    remember_language(request, response)
    if new_cookie is not None:
        csrf.set_cookie(request, response, new_cookie)
    return response


def _switch_links(request: Request) -> list[tuple[Any, str]]:
    """A link to this page in every language, keeping the search if there is one."""
    kept = {k: v for k, v in request.query_params.items() if k == "q"}
    return [
        (language(code), f"{request.url.path}?{urlencode({**kept, QUERY: code})}")
        for code in available_languages()
    ]


def error_page(request: Request, status: int, *, retry_after: int | None = None) -> Response:
    """The page for a refused request, in the reader's language."""
    headers = {"Retry-After": str(retry_after)} if retry_after is not None else None
    wait = None
    if retry_after is not None:
        wait = format_timedelta(timedelta(seconds=retry_after), locale=request_language(request))
    return render(request, "error.html", {"status": status, "wait": wait}, status=status, headers=headers)


Handler = Callable[[Request], Coroutine[Any, Any, Response]]


class PageRoute(APIRoute):
    """A route whose refusals (429, 403, 422, 404 …) are HTML pages rather than JSON."""

    def get_route_handler(self) -> Handler:
        """The route's handler, with domain and validation errors rendered as pages."""
        handler = super().get_route_handler()

        async def page(request: Request) -> Response:
            try:
                return await handler(request)
            except RateLimited as exc:
                return error_page(request, exc.status_code, retry_after=exc.retry_after)
            except DomainError as exc:
                return error_page(request, exc.status_code)
            except RequestValidationError:
                return error_page(request, 422)

        return page
