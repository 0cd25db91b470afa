"""The union and member pages in a real browser: scannable member groups, the grouping toggle, links."""

import os
from pathlib import Path

import pytest

os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-gpu",
]


@pytest.fixture
def page():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1200, "height": 900})
        yield page
        browser.close()


@pytest.fixture
def demo_data(transactional_db):
    from tests.conftest import load_demo_with_seeds

    load_demo_with_seeds()


def test_union_page_groups_members_and_toggles_to_kind(live_server, page, demo_data):
    ARTIFACTS.mkdir(exist_ok=True)
    page.goto(f"{live_server.url}/unions/iustc/")
    groups = page.locator(".member-group-row h3").all_inner_texts()
    # The seeds print no member's country.
    assert [group.split("\n")[0].strip().rsplit(" ", 1)[0] for group in groups] == ["COUNTRY NOT GIVEN"]
    assert page.locator(".member-card").count() == 6
    assert page.locator(".officers").inner_text().startswith("CHAIRMAN")
    page.screenshot(path=ARTIFACTS / "people-union-by-country.png", full_page=True)

    page.get_by_role("link", name="Kind", exact=True).click()
    page.wait_for_url("**/unions/iustc/?group=kind*")
    assert page.locator('.group-toggle a[aria-current="true"]').inner_text() == "Kind"
    assert page.locator(".member-group-row h3").first.inner_text().upper().startswith("NEWS MEDIA")
    page.screenshot(path=ARTIFACTS / "people-union-by-kind.png", full_page=True)

    page.get_by_role("link", name="PR Newswire").click()
    page.wait_for_url("**/unions/iustc/members/pr-newswire/")
    assert "Distribution Combined with Multi-media" in page.locator("#statements-heading + ul").inner_text()
    page.screenshot(path=ARTIFACTS / "people-member.png", full_page=True)


def test_people_pages_fit_a_phone_screen(live_server, page, demo_data):
    page.set_viewport_size({"width": 375, "height": 800})
    for path in (
        "/unions/iustc/",
        "/unions/iustc/members/sputnik/",
        "/people/okimura-kazuki/",
        "/people/",
        "/organizations/",
    ):
        page.goto(f"{live_server.url}{path}")
        overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
        assert overflow <= 0, path
    page.goto(f"{live_server.url}/people/okimura-kazuki/")
    assert page.locator("h1").inner_text() == "Okimura Kazuki"  # no original-script name: the seed prints none
    page.screenshot(path=ARTIFACTS / "people-person-phone.png", full_page=True)


def test_member_page_lists_stories_the_member_sent_in_on_phone_and_desktop(live_server, page, demo_data):
    from people.models import Organization
    from tests.factories import ArticleFactory, BylineFactory

    sputnik = Organization.objects.get(slug="sputnik")
    story = ArticleFactory(title="Fictional story sent in through the union exchange", contributed_by=sputnik)
    BylineFactory(article=story, person__name="Fictional Reporter")
    ARTIFACTS.mkdir(exist_ok=True)
    for width, name in ((390, "phone"), (1280, "desktop")):
        page.set_viewport_size({"width": width, "height": 900})
        page.goto(f"{live_server.url}/unions/iustc/members/sputnik/")
        listed = page.locator("#contributed-heading + ul")
        assert listed.get_by_role("link", name=story.title).count() == 1
        overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
        assert overflow <= 0, name
        page.screenshot(path=ARTIFACTS / f"people-member-contributed-{name}.png", full_page=True)
