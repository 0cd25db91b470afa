"""The events pages in headless Chromium: filters work, layout holds on a phone, screenshots for review."""

import datetime as dt
import os
from pathlib import Path

import pytest

from events.models import EventMode, OrganizationRole, PersonRole
from tests.events.conftest import SHANGHAI, in_days
from tests.factories import (
    ArticleFactory,
    EventFactory,
    EventOrganizationFactory,
    EventPersonFactory,
    EventSeriesFactory,
    OrganizationFactory,
    PersonFactory,
    VenueFactory,
)

os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
playwright = pytest.importorskip("playwright.sync_api")

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-background-networking", "--disable-component-update", "--disable-sync",
                 "--disable-gpu"]  # fmt: skip


@pytest.fixture
def browser(events):
    """Depends on `events` so the data exists before Playwright starts: the sync API runs the test body
    in a greenlet with its own context, where Django would open a second database connection that is
    never closed (PostgreSQL then refuses to drop the test database)."""
    with playwright.sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", headless=True, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def events(db):
    series = EventSeriesFactory(name="IUSTC Annual Conference", slug="iustc-annual-conference")
    beijing = VenueFactory(name="", city="Beijing", country="CN")
    moscow = VenueFactory(name="Expocentre", city="Moscow", country="RU")
    host = OrganizationFactory(name="Science and Technology Daily", slug="set-daily")
    conference = EventFactory(
        title="IUSTC Annual Conference 2021", slug="iustc-2021", series=series, edition=1, mode=EventMode.HYBRID,
        start=dt.datetime(2021, 12, 21, 9, 30, tzinfo=SHANGHAI), end=dt.datetime(2021, 12, 21, 12, tzinfo=SHANGHAI),
        summary="The union's first annual conference, held in Beijing and by video link.",
        description="Members met in **Beijing** and online.", online_url="https://meet.example.org/iustc",
    )  # fmt: skip
    conference.venues.set([beijing])
    EventOrganizationFactory(event=conference, organization=host, role=OrganizationRole.HOST)
    for name in ("Sputnik News Agency", "PR Newswire", "Clarivate"):
        EventOrganizationFactory(
            event=conference, organization=OrganizationFactory(name=name), role=OrganizationRole.CO_ORGANIZER
        )
    EventPersonFactory(event=conference, person=PersonFactory(name="Liu Yadong"), role=PersonRole.SPEAKER,
                       position_as_printed="Editor-in-chief, Science and Technology Daily")  # fmt: skip
    ArticleFactory(title="Union holds its first annual conference").about_events.add(conference)
    summit = EventFactory(title="Digital Media Summit", mode=EventMode.IN_PERSON, start=in_days(20),
                          time_zone="Europe/Moscow", summary="Newsrooms and AI.")  # fmt: skip
    summit.venues.set([moscow])
    EventFactory(title="Science Communication Webinar", mode=EventMode.ONLINE, start=in_days(5), time_zone="UTC")
    return conference


def test_filtering_the_events_page_in_a_browser(live_server, browser, events):
    ARTIFACTS.mkdir(exist_ok=True)
    page = browser.new_page(viewport={"width": 1200, "height": 900})
    page.goto(f"{live_server.url}/events/")
    assert page.locator(".event-card__title").all_inner_texts() == [
        "Science Communication Webinar", "Digital Media Summit", "IUSTC Annual Conference 2021",
    ]  # fmt: skip
    page.screenshot(path=ARTIFACTS / "events-list.png", full_page=True)

    page.select_option("#id_mode", "hybrid")
    page.select_option("#id_city", "Beijing")
    page.click("button[type=submit]")
    page.wait_for_url("**/events/?*mode=hybrid*")
    assert page.locator(".event-card__title").all_inner_texts() == ["IUSTC Annual Conference 2021"]
    assert page.locator("#id_city").input_value() == "Beijing"

    page.click("text=IUSTC Annual Conference 2021")
    page.wait_for_url(f"**{events.get_absolute_url()}")
    assert "09:30–12:00 (CST, Asia/Shanghai)" in page.inner_text(".event-facts__when")
    assert page.locator(".event-roles a", has_text="Science and Technology Daily").count() == 1
    assert page.locator(".event-coverage .article-card").count() == 1
    page.screenshot(path=ARTIFACTS / "event-detail.png", full_page=True)


@pytest.mark.parametrize("path", ["/events/", "/events/iustc-2021/"])
def test_event_pages_fit_a_phone_screen(live_server, browser, events, path):
    ARTIFACTS.mkdir(exist_ok=True)
    page = browser.new_page(viewport={"width": 360, "height": 740})
    page.goto(f"{live_server.url}{path}")
    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 0
    if path == "/events/":  # the folded filters leave the first event on the first screen
        assert page.locator(".event-card__title").first.bounding_box()["y"] < 740
    name = "events-list" if path == "/events/" else "event-detail"
    page.screenshot(path=ARTIFACTS / f"{name}-phone.png", full_page=True)
