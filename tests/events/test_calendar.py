"""iCal: a per-event .ics and a feed of upcoming events, parsed back with `icalendar`."""

import datetime as dt
import zoneinfo

import icalendar
import pytest
from django.urls import reverse

from editorial.publishing import Status
from events.models import EventMode
from tests.events.conftest import SHANGHAI, in_days
from tests.factories import EventFactory, VenueFactory

pytestmark = pytest.mark.django_db
FEED = reverse("events:calendar")


def ics_url(event) -> str:
    return reverse("events:event_ics", args=[event.slug])


def fetch(client, url) -> icalendar.Calendar:
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    return icalendar.Calendar.from_ical(response.content)


def only_event(calendar: icalendar.Calendar) -> icalendar.Event:
    (vevent,) = calendar.walk("VEVENT")
    return vevent


@pytest.fixture
def forum(beijing):
    start = dt.datetime(2030, 9, 1, 9, 30, tzinfo=SHANGHAI)
    event = EventFactory(
        title="Beijing Forum", slug="beijing-forum", time_zone="Asia/Shanghai", start=start,
        end=start + dt.timedelta(hours=8), summary="Ten unions meet.", description="A **Markdown** _description_.",
        mode=EventMode.HYBRID, online_url="https://meet.example.org/forum",
    )  # fmt: skip
    event.venues.set([beijing])
    return event


def test_the_ics_round_trips_uid_title_and_dates_in_the_events_zone(client, forum):
    calendar = fetch(client, ics_url(forum))
    vevent = only_event(calendar)

    assert str(vevent["UID"]) == f"event-{forum.pk}@testserver"
    assert str(vevent["SUMMARY"]) == "Beijing Forum"
    start, end = vevent.decoded("DTSTART"), vevent.decoded("DTEND")
    assert start == forum.start and end == forum.end
    assert start.tzinfo.key == "Asia/Shanghai" and (start.hour, start.minute) == (9, 30)
    assert vevent["DTSTART"].params["TZID"] == "Asia/Shanghai"


def test_the_ics_carries_a_vtimezone_for_the_events_zone(client, forum):
    calendar = fetch(client, ics_url(forum))
    (vtimezone,) = calendar.walk("VTIMEZONE")
    assert str(vtimezone["TZID"]) == "Asia/Shanghai"
    assert b"TZID=Asia/Shanghai:20300901T093000" in calendar.to_ical()


def test_the_uid_stays_the_same_when_the_event_is_edited(client, forum):
    before = str(only_event(fetch(client, ics_url(forum)))["UID"])
    forum.title, forum.slug = "Beijing Forum (moved)", "beijing-forum-moved"
    forum.start, forum.end = forum.start + dt.timedelta(days=7), forum.end + dt.timedelta(days=7)
    forum.save()
    assert str(only_event(fetch(client, ics_url(forum)))["UID"]) == before


def test_the_uid_domain_can_be_fixed_in_settings(client, forum, settings):
    settings.NEWSROOM_CALENDAR_DOMAIN = "newsroom.example.org"
    assert str(only_event(fetch(client, ics_url(forum)))["UID"]) == f"event-{forum.pk}@newsroom.example.org"


def test_a_hybrid_event_has_both_location_and_url(client, forum):
    vevent = only_event(fetch(client, ics_url(forum)))
    assert str(vevent["LOCATION"]) == "China World Hotel, Beijing, China"
    assert str(vevent["URL"]) == "https://meet.example.org/forum"


def test_an_in_person_event_has_a_location_and_no_online_url(client, forum, moscow):
    forum.mode = EventMode.IN_PERSON
    forum.save()
    forum.venues.add(moscow)
    vevent = only_event(fetch(client, ics_url(forum)))
    assert str(vevent["LOCATION"]) == "China World Hotel, Beijing, China; Expocentre, Moscow, Russia"
    assert "URL" not in vevent


def test_an_online_event_has_a_url_and_no_location(client, forum):
    forum.mode = EventMode.ONLINE
    forum.save()
    vevent = only_event(fetch(client, ics_url(forum)))
    assert str(vevent["URL"]) == "https://meet.example.org/forum"
    assert "LOCATION" not in vevent


def test_the_description_is_plain_text_with_the_event_page_address(client, forum):
    description = str(only_event(fetch(client, ics_url(forum)))["DESCRIPTION"])
    assert "Ten unions meet." in description
    assert "A Markdown description." in description
    assert "**" not in description and "<" not in description
    assert f"http://testserver{forum.get_absolute_url()}" in description


def test_an_all_day_event_uses_date_values_with_an_exclusive_end(client):
    zone = zoneinfo.ZoneInfo("Europe/Moscow")
    event = EventFactory(
        all_day=True, time_zone="Europe/Moscow", start=dt.datetime(2030, 6, 1, tzinfo=zone),
        end=dt.datetime(2030, 6, 3, 23, 59, 59, tzinfo=zone),
    )  # fmt: skip
    vevent = only_event(fetch(client, ics_url(event)))
    assert vevent.decoded("DTSTART") == dt.date(2030, 6, 1)
    assert vevent.decoded("DTEND") == dt.date(2030, 6, 4)
    assert vevent["DTSTART"].params.get("VALUE") == "DATE"


def test_the_feed_lists_upcoming_public_events_only(client, forum, draft_event):
    EventFactory(title="Finished Summit", start=in_days(-5), end=in_days(-4))
    EventFactory(title="Embargoed Summit", status=Status.SCHEDULED, publish_at=in_days(2))
    later = EventFactory(title="Later Seminar", start=in_days(60))

    calendar = fetch(client, FEED)
    summaries = [str(vevent["SUMMARY"]) for vevent in calendar.walk("VEVENT")]

    assert summaries == ["Later Seminar", "Beijing Forum"]  # soonest first
    assert {str(vevent["UID"]) for vevent in calendar.walk("VEVENT")} == {
        f"event-{forum.pk}@testserver",
        f"event-{later.pk}@testserver",
    }


def test_the_feed_has_one_vtimezone_per_zone_used(client, forum):
    EventFactory(time_zone="Europe/Moscow", start=in_days(20, zone=zoneinfo.ZoneInfo("Europe/Moscow")))
    EventFactory(time_zone="Asia/Shanghai", start=in_days(21))
    calendar = fetch(client, FEED)
    assert sorted(str(tz["TZID"]) for tz in calendar.walk("VTIMEZONE")) == ["Asia/Shanghai", "Europe/Moscow"]


def test_a_draft_event_has_no_ics_and_is_not_in_the_feed(client, draft_event):
    assert client.get(ics_url(draft_event)).status_code == 404
    assert b"Secret Draft Summit" not in client.get(FEED).content


def test_draft_events_are_absent_from_every_public_url(client, draft_event):
    draft_event.venues.set([VenueFactory(name="Hidden Hall", city="Hiddenville", country="FR")])
    for url in (reverse("events:event_list"), reverse("events:event_list") + "?city=Hiddenville", FEED, "/"):
        html = client.get(url).content.decode()
        assert "Secret Draft Summit" not in html, url
        assert '<option value="Hiddenville"' not in html, url
    for url in (draft_event.get_absolute_url(), ics_url(draft_event)):
        assert client.get(url).status_code == 404, url
