"""A reader in a real browser (Playwright + Debian's Chromium): home → issue → article → byline person page."""

import os
from pathlib import Path

import pytest

os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"  # Playwright's sync API runs an event loop

pytestmark = pytest.mark.browser

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
CHROMIUM = "/usr/bin/chromium"
ARGS = [
    "--no-sandbox",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-gpu",
]


@pytest.fixture(scope="module")
def browser():
    playwright_api = pytest.importorskip("playwright.sync_api")
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is required for browser tests (apt-get install chromium)")
    with playwright_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=ARGS)
        yield browser
        browser.close()


@pytest.fixture
def site(transactional_db, live_server):
    from tests.conftest import load_demo_with_seeds

    load_demo_with_seeds()
    ARTIFACTS.mkdir(exist_ok=True)
    return live_server.url


def open_page(browser, *, width=1280, javascript=True):
    context = browser.new_context(viewport={"width": width, "height": 900}, java_script_enabled=javascript)
    page = context.new_page()
    problems = []
    page.on("console", lambda message: problems.append(message.text) if message.type == "error" else None)
    page.on("pageerror", lambda error: problems.append(str(error)))
    page.on(
        "response",
        lambda response: problems.append(f"{response.status} {response.url}") if response.status >= 400 else None,
    )
    return page, problems


def test_reader_clicks_from_home_to_issue_to_article_to_byline(browser, site):
    page, problems = open_page(browser)
    page.goto(site + "/publications/set-daily-weekly/")
    page.get_by_role("link", name="Communication, Cooperation and Co-prosperity").first.click()
    page.wait_for_url("**/publications/set-daily-weekly/2021-52/")
    assert page.get_by_role("heading", level=1).inner_text() == "Communication, Cooperation and Co-prosperity"
    title = "Global Carbon Neutrality Requires Closer International Cooperation"
    page.locator(".issue-contents").get_by_role("link", name=title).click()
    page.wait_for_url("**/global-carbon-neutrality-requires-closer-international-cooperation/")
    assert page.get_by_role("heading", level=1).inner_text() == title
    page.get_by_role("link", name="Zhong Ping").click()
    page.wait_for_url("**/people/zhong-ping/")
    assert "Zhong Ping" in page.get_by_role("heading", level=1).inner_text()
    assert problems == []


def test_headline_link_opens_its_article(browser, site):
    page, problems = open_page(browser)
    page.goto(site + "/publications/cast-newsletter/2022-01/")
    assert page.get_by_role("heading", name="Headlines").is_visible()
    assert page.locator(".issue-section__title").all_inner_texts() == [
        "Local associations for science and technology",
        "S&T News",
    ]
    headline = "China unveils a five-year plan for future space exploration"
    page.locator(".headlines").get_by_role("link", name=headline).click()
    page.wait_for_url("**/china-unveils-a-five-year-plan-for-future-space-exploration/")
    page.locator(".issue-pager__next").click()
    page.wait_for_url("**/chinas-fast-telescope-scores-several-major-achievements/")
    assert page.locator(".bylines").inner_text() == "China Association for Science and Technology"  # unsigned: CAST
    assert problems == []


def test_skip_link_is_first_and_moves_focus_to_main(browser, site):
    page, problems = open_page(browser)
    page.goto(site + "/publications/set-daily-weekly/2021-52/")
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.textContent")
    assert focused.strip() == "Skip to content"
    assert page.locator(".skip-link").is_visible()
    page.keyboard.press("Enter")
    assert page.evaluate("location.hash") == "#main"
    assert problems == []


def test_issue_screenshots_at_desktop_and_phone_width_without_javascript(browser, site):
    for name, width in (("issue-desktop", 1280), ("issue-phone", 390)):
        page, problems = open_page(browser, width=width, javascript=False)
        page.goto(site + "/publications/cast-newsletter/2022-01/")
        assert page.get_by_role("heading", name="Headlines").is_visible()
        scroll_width = page.evaluate("document.documentElement.scrollWidth")
        assert scroll_width <= width, f"{name}: page scrolls sideways ({scroll_width}px)"
        path = ARTIFACTS / f"{name}.png"
        page.screenshot(path=str(path), full_page=True)
        assert path.stat().st_size > 10_000
        assert problems == []
        page.context.close()


def test_print_layout_hides_site_furniture(browser, site):
    page, problems = open_page(browser)
    for name, url in (
        ("print-issue", "/publications/set-daily-weekly/2021-52/?full=1"),
        (
            "print-article",
            "/publications/set-daily-weekly/2021-52/collaborative-governance-between-dual-carbon-goals-and-human-health/",
        ),
    ):
        page.goto(site + url)
        page.emulate_media(media="print")
        assert not page.locator(".site-header").is_visible()
        assert not page.locator(".site-footer").is_visible()
        assert page.get_by_role("heading", level=1).is_visible()
        page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)
        pdf = page.pdf(format="A4")
        assert pdf.startswith(b"%PDF")
        (ARTIFACTS / f"{name}.pdf").write_bytes(pdf)
        page.emulate_media(media="screen")
    assert problems == []
