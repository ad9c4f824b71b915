"""The public pages as a worker uses them: headless Chromium on a small phone screen, no JavaScript."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, ConsoleMessage, Page, expect, sync_playwright

from tests.browser.conftest import HOTLINE, chromium_or_skip
from tests.public_support import LICENSED_AR, LISTED_EN, XSS_NAME

pytestmark = pytest.mark.browser
PHONE = {"width": 360, "height": 740}
CODE = re.compile(r"^[0-9A-Z]{4}(-[0-9A-Z]{4}){3}$")


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    executable = chromium_or_skip()
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=str(executable), headless=True)
        yield launched
        launched.close()


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    """A phone-sized page that runs no JavaScript and records console errors such as CSP refusals
    (a 4xx answer the page is meant to give, such as a form shown again with 422, is no error)."""
    context = browser.new_context(viewport=PHONE, java_script_enabled=False, locale="en-US")
    opened = context.new_page()
    errors: list[str] = []

    def record(message: ConsoleMessage) -> None:
        if message.type == "error" and not message.text.startswith("Failed to load resource"):
            errors.append(message.text)

    opened.on("console", record)
    opened.on("dialog", lambda dialog: errors.append(f"dialog opened: {dialog.message}"))
    yield opened
    context.close()
    assert errors == []


def _shot(page: Page, artifacts: Path, name: str) -> None:
    page.screenshot(path=str(artifacts / f"{name}.png"), full_page=True)


def _search(page: Page, text: str) -> None:
    page.fill("#q", text)
    page.click("button[type=submit]")


def test_search_in_english_and_arabic_and_switch_language(
    page: Page, live_server: str, artifacts: Path
) -> None:
    page.goto(live_server + "/")
    expect(page.locator("html")).to_have_attribute("lang", "en")  # the browser asked for English
    _shot(page, artifacts, "01-home-en")

    _search(page, "golden cresent manpower recruitment")
    expect(page.locator(".company .status")).to_contain_text("Blacklisted from")
    expect(page.locator(".listing")).to_contain_text("Passport or ID kept")
    _shot(page, artifacts, "02-search-en-blacklisted")

    page.click("nav.languages a[lang=ar]")
    expect(page.locator("html")).to_have_attribute("dir", "rtl")
    expect(page.locator(".company .status")).to_contain_text("مدرجة في القائمة السوداء")
    _shot(page, artifacts, "03-search-ar-blacklisted")

    _search(page, LICENSED_AR)
    expect(page.locator(".company .status")).to_contain_text("مرخّصة")
    expect(page.locator(".hotline")).to_contain_text(HOTLINE)
    _shot(page, artifacts, "04-search-ar-licensed")

    _search(page, "مكتب الزمرد الخيالي للتجارة")
    expect(page.locator(".outcome")).to_contain_text("لا توجد في السجل")
    _shot(page, artifacts, "05-search-ar-not-found")


def test_a_hostile_company_name_is_shown_as_text(page: Page, live_server: str, artifacts: Path) -> None:
    page.goto(live_server + "/?lang=en")
    _search(page, XSS_NAME)
    expect(page.locator(".company .name").first).to_have_text(XSS_NAME)
    _shot(page, artifacts, "06-search-en-script-name")


def test_report_abuse_and_follow_it_with_the_code(page: Page, live_server: str, artifacts: Path) -> None:
    page.goto(live_server + "/?lang=en")
    page.click("footer a[href^='/report']")
    page.fill("#company_name", LISTED_EN)
    page.check("input[value=PASSPORT_RETENTION]")
    page.check("input[value=WAGE_THEFT]")
    page.fill("#what_happened", "They keep my passport and have not paid me for three months.")
    page.check("input[name=reporter_type][value=victim]")
    _shot(page, artifacts, "07-report-form-en")
    page.click("form.report button[type=submit]")

    code = page.locator("#follow-up-code").inner_text().strip()
    assert CODE.match(code), code
    _shot(page, artifacts, "08-report-received-en")

    page.click("main a[href^='/follow-up']")
    page.fill("#code", code.lower().replace("-", " "))
    page.click("main form button[type=submit]")
    expect(page.locator("#report-status")).to_have_text("Received: your report is registered.")
    expect(page.locator("main")).not_to_contain_text("passport")
    _shot(page, artifacts, "09-follow-up-en")

    page.click("nav.languages a[lang=ar]")
    page.fill("#code", code)
    page.click("main form button[type=submit]")
    expect(page.locator("#report-status")).to_have_text("تم الاستلام: تم تسجيل بلاغك.")
    _shot(page, artifacts, "10-follow-up-ar")


def test_a_report_form_with_mistakes_is_shown_again_in_arabic(
    page: Page, live_server: str, artifacts: Path
) -> None:
    page.goto(live_server + "/report?lang=ar")
    expect(page.locator("html")).to_have_attribute("dir", "rtl")
    page.fill("#company_name", "مكتب")
    page.click("form.report button[type=submit]")  # no kind of abuse chosen
    expect(page.locator(".problem").first).to_be_visible()
    expect(page.locator("main")).to_contain_text("اختر نوعاً واحداً على الأقل")
    expect(page.locator("#company_name")).to_have_value("مكتب")
    _shot(page, artifacts, "11-report-form-ar-mistakes")
