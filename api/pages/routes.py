"""The public pages: search a company, report abuse, follow a report. HTML only, no JavaScript."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Query, Request, Response
from fastapi.responses import HTMLResponse
from sqlmodel import Session

from api.deps import SessionDep
from api.language import request_language
from api.pages import csrf
from api.pages.forms import CODE_UNKNOWN, FollowUpForm, ReportForm, code_problem, parse_report
from api.pages.rendering import PageRoute, render
from api.ratelimit import client_address
from api.routes.public import answer, search_quota
from api.routes.reports import lookup_limiter, report_limiter
from api.security import allow
from registry.access import Action
from registry.errors import NotFound
from registry.i18n import translations
from registry.schemas.text import Line
from registry.services import complaints, public_reports

router = APIRouter(route_class=PageRoute, include_in_schema=False, default_response_class=HTMLResponse)
SearchText = Annotated[Line | None, Query(max_length=300)]


@router.get("/", dependencies=[allow(Action.PUBLIC_LOOKUP)])
async def home(request: Request, session: SessionDep, q: SearchText = None) -> Response:
    """The start page: a search box, and the company found when there is a search."""
    if not q:
        return render(request, "home.html", {"q": "", "found": None})
    search_quota(request)
    found = await answer(session, query=q, language=request_language(request))
    return render(request, "home.html", {"q": q, "found": found})


@router.get("/report", dependencies=[allow(Action.PUBLIC_LOOKUP)])
def report_form(request: Request, session: SessionDep) -> Response:
    """The report form: no account and no documents needed."""
    return render(request, "report.html", _report_context(request, session, ReportForm(), {}))


@router.post("/report", dependencies=[allow(Action.PUBLIC_REPORT)])
def submit_report(request: Request, session: SessionDep, form: Annotated[ReportForm, Form()]) -> Response:
    """Take a report through the same service as POST /api/v1/reports; show the follow-up code."""
    csrf.verify(request, form.csrf_token)
    report, problems = parse_report(form, request_language(request))
    if report is None:
        context = _report_context(request, session, form, problems)
        return render(request, "report.html", context, status=422)
    report_limiter.check(client_address(request))
    receipt = complaints.submit_public_report(session, report=report)
    return render(request, "report_done.html", {"receipt": receipt}, status=201)


@router.get("/follow-up", dependencies=[allow(Action.PUBLIC_LOOKUP)])
def follow_up_form(request: Request) -> Response:
    """The form to check a report with its follow-up code."""
    return render(request, "follow_up.html", {"code": "", "problem": None, "status": None})


@router.post("/follow-up", dependencies=[allow(Action.PUBLIC_LOOKUP)])
def follow_up(request: Request, session: SessionDep, form: Annotated[FollowUpForm, Form()]) -> Response:
    """The status of a report, in words. A POST, so the code stays out of addresses and logs."""
    csrf.verify(request, form.csrf_token)
    lookup_limiter.check(client_address(request))
    language = request_language(request)
    problem, status = code_problem(form.code), 422
    if problem is None:
        try:
            found = public_reports.report_status(session, follow_up_code=form.code, language=language)
            return render(request, "follow_up.html", {"code": "", "problem": None, "status": found})
        except NotFound:
            problem, status = CODE_UNKNOWN, 404
    context = {"code": form.code, "problem": translations(language).gettext(problem), "status": None}
    return render(request, "follow_up.html", context, status=status)


def _report_context(
    request: Request, session: Session, form: ReportForm, problems: dict[str, str]
) -> dict[str, object]:
    language = request_language(request)
    return {
        "form": form,
        "problems": problems,
        "categories": public_reports.categories(session, language=language),
        "reporter_types": public_reports.reporter_types(language),
    }
