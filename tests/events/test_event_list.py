"""The public events page: upcoming first, then past by year; filters; dates in the event's zone."""

import datetime as dt
import re
import zoneinfo

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from events.models import EventMode, OrganizationRole
from tests.events.conftest import MOSCOW, SHANGHAI, in_days
from tests.factories import EventFactory, EventOrganizationFactory, OrganizationFactory, VenueFactory

pytestmark = pytest.mark.django_db
URL = reverse("events:event_list")


def titles(response) -> list[str]:
    return re.findall(r'class="event-card__title"><a href="[^"]+">([^<]+)</a>', response.content.decode())


def test_upcoming_events_come_first_soonest_first_then_past_events_newest_first(client):
    EventFactory(title="Later Summit", start=in_days(40))
    EventFactory(title="Soon Forum", start=in_days(2))
    EventFactory(title="Old Conference", start=in_days(-800), end=in_days(-799))
    EventFactory(title="Recent Seminar", start=in_days(-30), end=in_days(-30, hour=17))

    assert titles(client.get(URL)) == ["Soon Forum", "Later Summit", "Recent Seminar", "Old Conference"]


def test_past_events_are_grouped_under_their_year(client):
    EventFactory(title="Forum 2019", start=dt.datetime(2019, 5, 20, 9, tzinfo=SHANGHAI),
                 end=dt.datetime(2019, 5, 20, 17, tzinfo=SHANGHAI))  # fmt: skip
    EventFactory(title="Summit 2021", start=dt.datetime(2021, 12, 21, 9, tzinfo=SHANGHAI),
                 end=dt.datetime(2021, 12, 21, 12, tzinfo=SHANGHAI))  # fmt: skip
    html = client.get(URL).content.decode()

    assert html.index('id="year-2021"') < html.index("Summit 2021") < html.index('id="year-2019"')
    assert html.index('id="year-2019"') < html.index("Forum 2019")


def test_an_event_held_just_after_midnight_local_time_is_filed_under_its_local_year(client):
    # 00:30 on 1 January 2022 in Shanghai is still 2021 in UTC.
    EventFactory(title="New Year Gala", start=dt.datetime(2022, 1, 1, 0, 30, tzinfo=SHANGHAI),
                 end=dt.datetime(2022, 1, 1, 2, tzinfo=SHANGHAI))  # fmt: skip
    html = client.get(URL).content.decode()
    assert 'id="year-2022"' in html
    assert 'id="year-2021"' not in html
    assert '<option value="2022">2022</option>' in html
    assert '<option value="2021">' not in html
    assert titles(client.get(URL + "?year=2022")) == ["New Year Gala"]
    # 2021 has no event, so it is no choice: a link to it is ignored, with the field's error.
    assert "Select a valid choice" in client.get(URL + "?year=2021").content.decode()


def test_each_entry_shows_its_dates_in_the_events_own_time_zone(client):
    start = dt.datetime(2030, 3, 14, 9, 30, tzinfo=SHANGHAI)  # 01:30 UTC
    EventFactory(title="Beijing Forum", start=start, end=start + dt.timedelta(hours=3), time_zone="Asia/Shanghai")
    moscow_start = dt.datetime(2030, 3, 20, 10, 0, tzinfo=MOSCOW)  # 07:00 UTC
    EventFactory(title="Moscow Summit", start=moscow_start, end=moscow_start + dt.timedelta(days=1, hours=8),
                 time_zone="Europe/Moscow")  # fmt: skip

    html = client.get(URL).content.decode()

    assert "14 March 2030, 09:30–12:30 (CST, Asia/Shanghai)" in html
    assert "01:30" not in html
    assert "20 March 2030, 10:00 – 21 March 2030, 18:00 (MSK, Europe/Moscow)" in html
    assert '<time datetime="2030-03-14T09:30:00+08:00">' in html


def test_a_zone_without_a_letter_abbreviation_is_shown_as_a_utc_offset(client):
    dubai = zoneinfo.ZoneInfo("Asia/Dubai")
    EventFactory(time_zone="Asia/Dubai", start=dt.datetime(2030, 2, 2, 10, tzinfo=dubai),
                 end=dt.datetime(2030, 2, 2, 12, tzinfo=dubai))  # fmt: skip
    assert "2 February 2030, 10:00–12:00 (UTC+04, Asia/Dubai)" in client.get(URL).content.decode()


def test_all_day_events_show_dates_without_times(client):
    EventFactory(title="Expo", all_day=True, time_zone="Asia/Shanghai",
                 start=dt.datetime(2030, 6, 1, 0, 0, tzinfo=SHANGHAI),
                 end=dt.datetime(2030, 6, 3, 23, 59, 59, tzinfo=SHANGHAI))  # fmt: skip
    html = client.get(URL).content.decode()
    assert "1–3 June 2030" in html
    assert "00:00" not in html


def test_each_entry_shows_a_mode_badge_and_the_place(client, beijing):
    event = EventFactory(title="Hybrid Summit", mode=EventMode.HYBRID)
    event.venues.set([beijing])
    EventFactory(title="Webinar", mode=EventMode.ONLINE)
    html = client.get(URL).content.decode()

    assert 'class="badge event-mode event-mode--hybrid">Hybrid</span>' in html
    assert "China World Hotel, Beijing, China and online" in html
    assert 'class="badge event-mode event-mode--online">Online</span>' in html


def test_draft_and_not_yet_public_events_are_not_listed(client, draft_event):
    EventFactory(title="Scheduled For Later", status="scheduled", publish_at=in_days(3))
    html = client.get(URL).content.decode()
    assert "Secret Draft Summit" not in html
    assert "Scheduled For Later" not in html


@pytest.fixture
def filter_world(beijing, moscow, series):
    host = OrganizationFactory(name="SET Daily", slug="set-daily")
    other = OrganizationFactory(name="Sputnik", slug="sputnik")
    shanghai = VenueFactory(name="", city="Shanghai", country="CN")

    def make(title, *, mode, venue, organizer, start, in_series=False):
        event = EventFactory(title=title, mode=mode, start=start, series=series if in_series else None)
        event.venues.set([venue])
        EventOrganizationFactory(event=event, organization=organizer, role=OrganizationRole.HOST)
        return event

    make("Beijing Hybrid Host", mode=EventMode.HYBRID, venue=beijing, organizer=host, start=in_days(10),
         in_series=True)  # fmt: skip
    make("Beijing In Person Host", mode=EventMode.IN_PERSON, venue=beijing, organizer=host, start=in_days(11))
    make("Beijing Hybrid Other", mode=EventMode.HYBRID, venue=beijing, organizer=other, start=in_days(12))
    make("Moscow Hybrid Host", mode=EventMode.HYBRID, venue=moscow, organizer=host, start=in_days(13),
         in_series=True)  # fmt: skip
    make("Shanghai In Person Other", mode=EventMode.IN_PERSON, venue=shanghai, organizer=other, start=in_days(14))
    make("Past Beijing Hybrid Host", mode=EventMode.HYBRID, venue=beijing, organizer=host,
         start=dt.datetime(2021, 12, 21, 9, tzinfo=SHANGHAI), in_series=True)  # fmt: skip


@pytest.mark.usefixtures("filter_world")
@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("mode=hybrid", {"Beijing Hybrid Host", "Beijing Hybrid Other", "Moscow Hybrid Host",
                         "Past Beijing Hybrid Host"}),
        ("mode=hybrid&city=Beijing", {"Beijing Hybrid Host", "Beijing Hybrid Other", "Past Beijing Hybrid Host"}),
        ("mode=hybrid&city=Beijing&organizer=set-daily", {"Beijing Hybrid Host", "Past Beijing Hybrid Host"}),
        ("mode=hybrid&city=Beijing&organizer=set-daily&year=2021", {"Past Beijing Hybrid Host"}),
        ("country=CN&mode=in_person", {"Beijing In Person Host", "Shanghai In Person Other"}),
        ("country=RU", {"Moscow Hybrid Host"}),
        ("series=world-science-forum&city=Moscow", {"Moscow Hybrid Host"}),
        ("series=world-science-forum&organizer=sputnik", set()),
    ],
)  # fmt: skip
def test_filters_combine(client, query, expected):
    assert set(titles(client.get(f"{URL}?{query}"))) == expected


@pytest.mark.usefixtures("filter_world")
def test_an_event_with_several_matching_rows_is_listed_once(client, beijing):
    event = EventFactory(title="Two Hosts", start=in_days(20))
    event.venues.set([beijing, VenueFactory(name="Second Hall", city="Beijing", country="CN")])
    EventOrganizationFactory(event=event, organization=OrganizationFactory(slug="a"))
    EventOrganizationFactory(event=event, organization=OrganizationFactory(slug="b"))
    assert titles(client.get(f"{URL}?city=Beijing&country=CN")).count("Two Hosts") == 1


@pytest.mark.usefixtures("filter_world")
def test_organizer_filter_means_hosts_and_organizers_not_sponsors(client):
    sponsor = OrganizationFactory(name="Generous Sponsor", slug="generous-sponsor")
    sponsored = EventFactory(title="Sponsored Only", start=in_days(30))
    EventOrganizationFactory(event=sponsored, organization=sponsor, role=OrganizationRole.SPONSOR)
    co_organized = EventFactory(title="Co-organized", start=in_days(31))
    EventOrganizationFactory(event=co_organized, organization=sponsor, role=OrganizationRole.CO_ORGANIZER)
    assert titles(client.get(f"{URL}?organizer=generous-sponsor")) == ["Co-organized"]

    # An organization that only ever sponsors is not offered as an organizer.
    EventOrganizationFactory(
        event=sponsored, organization=OrganizationFactory(name="Only Sponsors", slug="only"), role="sponsor"
    )
    html = client.get(URL).content.decode()
    assert '<option value="generous-sponsor">' in html and '<option value="only">' not in html


def test_filter_choices_only_offer_values_of_published_events(client, draft_event, beijing):
    EventFactory(title="Public").venues.set([VenueFactory(name="", city="Geneva", country="CH")])
    html = client.get(URL).content.decode()
    assert '<option value="Geneva">Geneva</option>' in html
    assert '<option value="Beijing">' not in html  # only the draft is in Beijing


def test_an_unknown_filter_value_shows_an_error_not_a_crash(client):
    EventFactory(title="Any Event")
    response = client.get(f"{URL}?organizer=no-such-organization")
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()


@pytest.mark.usefixtures("filter_world")
def test_an_invalid_filter_is_ignored_with_its_error_and_the_valid_ones_still_apply(client):
    """An old link (to an organizer since merged, say) keeps working."""
    response = client.get(f"{URL}?organizer=nobody&mode=hybrid&city=Beijing")
    assert set(titles(response)) == {"Beijing Hybrid Host", "Beijing Hybrid Other", "Past Beijing Hybrid Host"}
    assert 'id="id_organizer_error">Select a valid choice' in response.content.decode()  # next to its field


@pytest.mark.parametrize(
    ("query", "folded"),
    [("", True), ("?mode=", True), ("?mode=online", False), ("?year=abc", False)],
)
def test_the_filters_stay_folded_until_one_is_used_or_wrong(client, query, folded):
    details = re.search(r"<details [^>]*>", client.get(URL + query).content.decode()).group(0)
    assert (" open" not in details) is folded


def _make_events(count: int) -> None:
    organizers = [OrganizationFactory() for _ in range(3)]
    venues = [VenueFactory(city=city) for city in ("Beijing", "Moscow", "Geneva")]
    for number in range(count):
        days = number + 1 if number % 2 else -(number + 1)
        event = EventFactory(start=in_days(days), end=in_days(days, hour=17), mode=EventMode.HYBRID)
        event.venues.set([venues[number % 3]])
        EventOrganizationFactory(event=event, organization=organizers[number % 3])


def _count_queries(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


# An event of _make_events starts two days from now: its year is always one of the choices.
YEAR = str(in_days(2).year)


@pytest.mark.parametrize("query", ["", "?mode=hybrid&city=Beijing", f"?year={YEAR}", f"?year={YEAR}&mode=hybrid"])
def test_query_count_of_the_events_page_does_not_grow_with_the_number_of_events(client, query):
    _make_events(4)
    few = _count_queries(client, URL + query)
    _make_events(80)
    many = _count_queries(client, URL + query)

    assert few == many, f"{few} queries for 4 events, {many} for 84"
    assert many <= 12 + 1  # and the content version (core.versions)


def test_the_events_page_looks_up_the_time_zones_in_use_once(client):
    """The year choices and the year filter (on upcoming and past events) share one look-up."""
    _make_events(4)
    with CaptureQueriesContext(connection) as queries:
        html = client.get(f"{URL}?year={YEAR}").content.decode()
    assert f'<option value="{YEAR}" selected>' in html
    zone_lookups = [query["sql"] for query in queries if 'DISTINCT "events_event"."time_zone"' in query["sql"]]
    assert len(zone_lookups) == 1


@pytest.mark.parametrize(("page", "status"), [("1", 200), ("", 200), ("last", 200), ("999", 404), ("2", 404),
                                              ("0", 404), ("abc", 404)])  # fmt: skip
def test_a_page_past_the_list_answers_404_as_on_the_search_and_directory_pages(client, page, status):
    EventFactory(title="Soon Forum", start=in_days(2))
    EventFactory(title="Old Conference", start=in_days(-800), end=in_days(-799))
    for url in (reverse("search"), "/people/", "/organizations/", URL):  # the events page is one page
        assert client.get(url, {"page": page}).status_code == status, url
