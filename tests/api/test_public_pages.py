from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from typing import Any

import anyio.to_thread
import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Connection, event
from sqlmodel import Session

from api.routes import public, reports
from tests.public_support import LICENSED_AR, LICENSED_EN, LISTED_EN, XSS_NAME, Registry, build_registry

TOKEN = re.compile(r'name="csrf_token" value="([^"]+)"')


@pytest.fixture(autouse=True)
def fresh_limits() -> Iterator[None]:
    for limiter in (public.search_limiter, reports.report_limiter, reports.lookup_limiter):
        limiter.reset()
    yield
    for limiter in (public.search_limiter, reports.report_limiter, reports.lookup_limiter):
        limiter.reset()


@pytest.fixture
def registry(session: Session) -> Registry:
    built = build_registry(session)
    session.commit()
    return built


def _token(client: TestClient, path: str) -> str:
    page = client.get(path)
    assert page.status_code == 200
    found = TOKEN.search(page.text)
    assert found is not None
    return found.group(1)


def test_the_start_page_speaks_arabic_right_to_left_by_default(client: TestClient) -> None:
    page = client.get("/", headers={"Accept-Language": ""})
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    assert '<html lang="ar" dir="rtl">' in page.text and "تحقّق من مكتب الاستقدام" in page.text
    assert page.headers["Content-Language"] == "ar"


def test_accept_language_query_and_cookie_choose_the_language(client: TestClient) -> None:
    english = client.get("/", headers={"Accept-Language": "hi-IN,hi;q=0.9,en-US;q=0.8,ar;q=0.5"})
    assert '<html lang="en" dir="ltr">' in english.text
    switched = client.get("/?lang=ar", headers={"Accept-Language": "en"})
    assert 'lang="ar" dir="rtl"' in switched.text and switched.cookies.get("lang") == "ar"
    assert 'lang="ar" dir="rtl"' in client.get("/", headers={"Accept-Language": "en"}).text
    links = re.findall(r'<a href="([^"]+)" lang="(\w+)"', client.get("/?lang=en&q=abc").text)
    assert ("/?q=abc&amp;lang=ar", "ar") in links and ("/?q=abc&amp;lang=en", "en") in links


def test_search_shows_status_in_words(client: TestClient, registry: Registry) -> None:
    listed = client.get("/", params={"q": LISTED_EN, "lang": "en"})
    assert listed.status_code == 200
    assert (
        "Blacklisted from" in listed.text and "KW-BL-" in listed.text and "Found by inspectors" in listed.text
    )
    licensed = client.get("/", params={"q": LICENSED_AR, "lang": "ar"})
    assert "مرخّصة" in licensed.text and LICENSED_EN in licensed.text
    missing = client.get("/", params={"q": "Zanzibar Quantum Widgets", "lang": "en"})
    assert "No company with this name" in missing.text and "Check the spelling" in missing.text


def test_company_names_are_escaped(client: TestClient, registry: Registry) -> None:
    page = client.get("/", params={"q": XSS_NAME, "lang": "en"})
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page.text
    assert "<script>" not in page.text


def test_search_text_with_control_characters_gets_a_422_page(client: TestClient) -> None:
    page = client.get("/", params={"q": "abc\x00", "lang": "en"})
    assert page.status_code == 422 and "not valid" in page.text and "<html" in page.text


def test_searches_are_rate_limited_with_an_html_page(
    client: TestClient, registry: Registry, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(public.search_limiter, "capacity", 2)
    assert [client.get("/", params={"q": LICENSED_EN}).status_code for _ in range(2)] == [200, 200]
    assert client.get("/", params={"lang": "en"}).status_code == 200  # the bare page costs nothing
    limited = client.get("/", params={"q": LICENSED_EN, "lang": "en"})
    assert limited.status_code == 429 and int(limited.headers["Retry-After"]) >= 1
    assert "Too many requests" in limited.text and "second" in limited.text
    assert client.get("/api/v1/public/companies", params={"q": LICENSED_EN}).status_code == 429


def test_report_through_the_form_and_follow_it(client: TestClient, registry: Registry) -> None:
    token = _token(client, "/report?lang=en")
    form = {
        "csrf_token": token,
        "company_name": "Bright Horizon",
        "categories": ["WAGE_THEFT", "PASSPORT_RETENTION"],
        "what_happened": "No salary for three months",
        "reporter_type": "relative",
        "contact_phone": "+965 5555 1234",
    }
    done = client.post("/report?lang=en", data=form)
    assert done.status_code == 201 and done.headers["Cache-Control"] == "no-store"
    code = re.search(r'<output id="follow-up-code">([0-9A-Z-]+)</output>', done.text)
    assert code is not None
    status = client.post("/follow-up?lang=en", data={"csrf_token": token, "code": code.group(1).lower()})
    assert status.status_code == 200 and "Received: your report is registered." in status.text
    assert "salary" not in status.text and "5555" not in status.text and "Bright" not in status.text
    assert client.get(f"/api/v1/reports/{code.group(1)}").json()["status"] == "received"


def test_form_mistakes_are_shown_next_to_the_fields(client: TestClient) -> None:
    token = _token(client, "/report?lang=ar")
    page = client.post(
        "/report?lang=ar", data={"csrf_token": token, "company_name": " ", "contact_phone": "abc"}
    )
    assert page.status_code == 422
    assert "اكتب اسم الشركة أو المكتب." in page.text and "اختر نوعاً واحداً" in page.text
    assert "تحقق من رقم الهاتف" in page.text


def test_report_form_refuses_posts_without_token_or_from_other_sites(client: TestClient) -> None:
    form = {"company_name": "Any Office", "categories": ["WAGE_THEFT"]}
    assert client.post("/report?lang=en", data=form).status_code == 403
    token = _token(client, "/report")
    forged = client.post("/report", data={**form, "csrf_token": "0" * 64})
    assert forged.status_code == 403 and "<html" in forged.text
    cross = client.post(
        "/report", data={**form, "csrf_token": token}, headers={"Origin": "https://evil.example"}
    )
    assert cross.status_code == 403
    client.cookies.clear()
    assert client.post("/report", data={**form, "csrf_token": token}).status_code == 403
    assert client.post("/follow-up", data={"code": "7KQ2-M9XD-4TBR-1A5C"}).status_code == 403


def test_follow_up_codes_are_checked_and_rate_limited(
    client: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    token = _token(client, "/follow-up?lang=en")
    bad = client.post("/follow-up?lang=en", data={"csrf_token": token, "code": "<b>"})
    assert bad.status_code == 422 and "16 letters and digits" in bad.text and "<b>" not in bad.text
    unknown = client.post("/follow-up?lang=en", data={"csrf_token": token, "code": "ZZZZ-ZZZZ-ZZZZ-ZZZZ"})
    assert unknown.status_code == 404 and "No report has this follow-up code" in unknown.text
    monkeypatch.setattr(reports.lookup_limiter, "capacity", 2)
    reports.lookup_limiter.reset()
    codes = [
        client.post("/follow-up", data={"csrf_token": token, "code": "ZZZZ-ZZZZ"}).status_code
        for _ in range(3)
    ]
    assert codes[-1] == 429


def test_reports_from_the_form_share_the_api_rate_limit(
    client: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(reports.report_limiter, "capacity", 1)
    token = _token(client, "/report?lang=en")
    form = {"csrf_token": token, "company_name": "Any Office", "categories": ["WAGE_THEFT"]}
    assert client.post("/report", data=form).status_code == 201
    limited = client.post("/report?lang=en", data=form)
    assert limited.status_code == 429 and "Retry-After" in limited.headers and "Too many" in limited.text


def test_json_lookup_gives_the_same_words(client: TestClient, registry: Registry) -> None:
    answer = client.get(
        "/api/v1/public/companies", params={"q": LISTED_EN}, headers={"Accept-Language": "ar"}
    )
    assert answer.status_code == 200 and answer.headers["Content-Language"] == "ar"
    body = answer.json()
    assert body["outcome"] == "found" and body["results"][0]["state"] == "blacklisted"
    assert body["results"][0]["status"].startswith("مدرجة في القائمة السوداء")
    english = client.get("/api/v1/public/companies", params={"q": LICENSED_EN, "lang": "en"}).json()
    assert english["results"][0]["status"] == "Licensed: this company holds a valid licence."
    assert client.get("/api/v1/public/companies", params={"q": "a\x00"}).status_code == 422
    assert client.get("/api/v1/public/companies", params={"q": "x", "lang": "<x>"}).status_code == 422


def test_a_repeated_search_is_answered_from_memory_without_the_database_or_a_thread(
    client: TestClient, registry: Registry, connection: Connection, monkeypatch: pytest.MonkeyPatch
) -> None:
    statements: list[str] = []
    hops: list[str] = []
    run_sync = anyio.to_thread.run_sync

    async def counted(function: Callable[..., object], *args: object, **options: Any) -> object:
        hops.append(getattr(function, "__name__", repr(function)))
        return await run_sync(function, *args, **options)

    def record(*args: object) -> None:
        statements.append(str(args[2]))

    monkeypatch.setattr(anyio.to_thread, "run_sync", counted)
    event.listen(connection, "before_cursor_execute", record)
    try:
        params = {"q": LICENSED_EN, "lang": "en"}
        first = client.get("/api/v1/public/companies", params=params)
        asked, sent = len(statements), len(hops)
        again = client.get("/api/v1/public/companies", params=params)
        page = client.get("/", params=params)
    finally:
        event.remove(connection, "before_cursor_execute", record)
    assert asked > 0 and sent > 0
    assert len(statements) == asked and len(hops) == sent
    assert again.json() == first.json() and first.json()["outcome"] == "found"
    assert page.status_code == 200 and "Licensed" in page.text
