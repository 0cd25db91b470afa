"""The event page: facts in the event's zone, organizers by role, speakers, description, coverage, JSON-LD."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from editorial.publishing import Status
from events.models import EventMode, OrganizationRole, PersonRole
from tests.events.conftest import SHANGHAI, in_days
from tests.factories import (
    ArticleFactory,
    EventFactory,
    EventOrganizationFactory,
    EventPersonFactory,
    IssueFactory,
    OrganizationFactory,
    PersonFactory,
    UnionFactory,
)
from tests.helpers import json_ld

pytestmark = pytest.mark.django_db


def page(client, event) -> str:
    response = client.get(event.get_absolute_url())
    assert response.status_code == 200
    return response.content.decode()


@pytest.fixture
def conference(beijing):
    start = dt.datetime(2030, 12, 21, 9, 30, tzinfo=SHANGHAI)
    event = EventFactory(
        title="Annual Conference", slug="annual-conference", mode=EventMode.HYBRID, time_zone="Asia/Shanghai",
        start=start, end=start + dt.timedelta(hours=2, minutes=30), online_url="https://meet.example.org/annual",
        description="The **first** annual conference.\n\n<script>alert('x')</script>",
    )  # fmt: skip
    event.venues.set([beijing])
    return event


def test_the_page_shows_dates_in_the_events_time_zone_mode_venue_and_online_link(client, conference):
    html = page(client, conference)
    assert "21 December 2030, 09:30–12:00 (CST, Asia/Shanghai)" in html
    assert "event-mode--hybrid" in html
    assert "China World Hotel" in html and "Beijing" in html and "China" in html
    assert 'href="https://meet.example.org/annual"' in html


def test_the_page_names_the_series_and_edition(client, conference, series):
    conference.series, conference.edition = series, 1
    conference.save()
    html = page(client, conference)
    assert f'<a href="{series.get_absolute_url()}">World Science Forum</a>, 1st edition' in html


def test_an_in_person_event_shows_no_online_section(client, beijing):
    event = EventFactory(mode=EventMode.IN_PERSON, online_url="https://stale.example.org/")
    event.venues.set([beijing])
    html = page(client, event)
    assert "stale.example.org" not in html
    assert "<dt>Online</dt>" not in html


def test_the_description_is_rendered_markdown_and_sanitized(client, conference):
    html = page(client, conference)
    assert "<strong>first</strong>" in html
    assert "<script>alert" not in html


def test_organizers_are_grouped_by_role_hosts_first_and_link_to_their_pages(client, conference):
    union = UnionFactory(name="The Union", slug="the-union")
    sponsor = OrganizationFactory(name="Big Sponsor", slug="big-sponsor")
    co_one = OrganizationFactory(name="Co One", slug="co-one")
    EventOrganizationFactory(event=conference, organization=sponsor, role=OrganizationRole.SPONSOR)
    EventOrganizationFactory(event=conference, organization=co_one, role=OrganizationRole.CO_ORGANIZER)
    EventOrganizationFactory(event=conference, organization=union, role=OrganizationRole.HOST)
    html = page(client, conference)

    assert html.index("<dt>Host</dt>") < html.index("<dt>Co-organizer</dt>") < html.index("<dt>Sponsor</dt>")
    assert f'<a href="{union.get_absolute_url()}">The Union</a>' in html
    assert f'<a href="{sponsor.get_absolute_url()}">Big Sponsor</a>' in html
    assert html.index("<dt>Co-organizer</dt>") < html.index(">Co One</a>") < html.index("<dt>Sponsor</dt>")


def test_speakers_and_guests_link_to_their_person_pages(client, conference):
    speaker = PersonFactory(name="Liu Yadong", slug="liu-yadong")
    guest = PersonFactory(name="Guest Person", slug="guest-person")
    EventPersonFactory(event=conference, person=speaker, role=PersonRole.SPEAKER, position_as_printed="Editor-in-chief")
    EventPersonFactory(event=conference, person=guest, role=PersonRole.GUEST_OF_HONOUR)
    html = page(client, conference)

    assert f'<a href="{speaker.get_absolute_url()}">Liu Yadong</a>, <span class="role-position">Editor-in-chief' in html
    assert "<dt>Guest of honour</dt>" in html
    assert f'<a href="{guest.get_absolute_url()}">Guest Person</a>' in html


def test_coverage_lists_only_published_articles_and_their_issues(client, conference):
    live_issue = IssueFactory(number="2030-52", title="Year End")
    draft_issue = IssueFactory(number="2031-01", title="Draft Issue", status=Status.DRAFT, publish_at=None)
    reported = ArticleFactory(issue=live_issue, title="Conference Opens")
    about_the_event = [
        reported,
        ArticleFactory(issue=live_issue, title="Draft Report", status=Status.DRAFT, publish_at=None),
        ArticleFactory(issue=live_issue, title="Embargoed Report", status=Status.SCHEDULED, publish_at=in_days(5)),
        ArticleFactory(issue=draft_issue, title="Report In Draft Issue"),
    ]
    ArticleFactory(issue=live_issue, title="Unrelated Report")
    conference.coverage.set(about_the_event)
    html = page(client, conference)

    assert f'href="{reported.get_absolute_url()}">Conference Opens</a>' in html
    for hidden in ("Draft Report", "Embargoed Report", "Report In Draft Issue", "Unrelated Report", "Draft Issue"):
        assert hidden not in html
    assert f'href="{live_issue.get_absolute_url()}"' in html


def test_an_issue_with_several_reports_is_listed_once(client, conference):
    issue = IssueFactory(title="Special Issue")
    for title in ("Day One", "Day Two"):
        ArticleFactory(issue=issue, title=title).about_events.add(conference)
    html = page(client, conference)
    assert html.count(f'<li><a href="{issue.get_absolute_url()}">') == 1
    assert "Day One" in html and "Day Two" in html


def test_an_event_without_reports_says_so(client, conference):
    assert "No reports on this event yet." in page(client, conference)


def test_the_page_links_to_its_ics_download(client, conference):
    assert f'href="{reverse("events:event_ics", args=[conference.slug])}"' in page(client, conference)


def ended_event(**kwargs):
    start = dt.datetime(2021, 12, 21, 9, 30, tzinfo=SHANGHAI)
    return EventFactory(start=start, end=start + dt.timedelta(hours=2), **kwargs)


def test_an_upcoming_online_event_without_a_link_says_it_will_be_announced(client):
    html = page(client, EventFactory(mode=EventMode.ONLINE, online_url=""))
    assert "Link to be announced" in html and "Add to calendar" in html


@pytest.mark.parametrize("online_url", ["", "https://meet.example.org/over"])
def test_an_ended_event_offers_no_online_link_announcement_or_calendar(client, online_url):
    event = ended_event(mode=EventMode.HYBRID, online_url=online_url)
    html = page(client, event)
    assert "event-mode--hybrid" in html  # the format still says it was (also) online
    for stale in (
        "Link to be announced",
        "Join online",
        "Add to calendar",
        reverse("events:event_ics", args=[event.slug]),
    ):
        assert stale not in html


def test_an_ended_event_without_a_venue_does_not_promise_one(client):
    assert "To be announced" not in page(client, ended_event(mode=EventMode.IN_PERSON))


def test_an_ended_event_still_shows_where_it_was_held(client, beijing):
    event = ended_event(mode=EventMode.IN_PERSON)
    event.venues.set([beijing])
    assert "China World Hotel" in page(client, event)


@pytest.mark.parametrize(
    ("mode", "attendance", "location_types"),
    [
        (EventMode.IN_PERSON, "https://schema.org/OfflineEventAttendanceMode", ["Place"]),
        (EventMode.ONLINE, "https://schema.org/OnlineEventAttendanceMode", ["VirtualLocation"]),
        (EventMode.HYBRID, "https://schema.org/MixedEventAttendanceMode", ["Place", "VirtualLocation"]),
    ],
)
def test_json_ld_event_has_attendance_mode_and_location_by_mode(client, conference, mode, attendance, location_types):
    conference.mode = mode
    conference.save()
    EventOrganizationFactory(event=conference, organization=OrganizationFactory(name="Host Org"))
    data = json_ld(page(client, conference))

    assert data["@context"] == "https://schema.org"
    assert data["@type"] == "Event"
    assert data["name"] == "Annual Conference"
    assert data["startDate"] == "2030-12-21T09:30:00+08:00"
    assert data["endDate"] == "2030-12-21T12:00:00+08:00"
    assert data["eventAttendanceMode"] == attendance
    locations = data["location"] if isinstance(data["location"], list) else [data["location"]]
    assert [location["@type"] for location in locations] == location_types
    if "Place" in location_types:
        assert locations[0]["address"] == {
            "@type": "PostalAddress", "addressLocality": "Beijing", "addressCountry": "CN",
        }  # fmt: skip
    if "VirtualLocation" in location_types:
        assert locations[-1]["url"] == "https://meet.example.org/annual"
    assert data["organizer"][0]["name"] == "Host Org"


def test_json_ld_names_organizers_sponsors_and_speakers_with_their_pages(client, conference):
    host = OrganizationFactory(name="Host Org", slug="host-org")
    EventOrganizationFactory(event=conference, organization=host, role=OrganizationRole.HOST)
    EventOrganizationFactory(event=conference, organization=OrganizationFactory(name="Funder"),
                             role=OrganizationRole.SPONSOR)  # fmt: skip
    speaker = PersonFactory(name="Keynote Person", slug="keynote-person")
    EventPersonFactory(event=conference, person=speaker, role=PersonRole.KEYNOTE)
    EventPersonFactory(event=conference, person=PersonFactory(name="Honoured Guest"), role=PersonRole.GUEST_OF_HONOUR)
    data = json_ld(page(client, conference))

    assert data["organizer"] == [
        {"@type": "Organization", "name": "Host Org", "url": f"http://testserver{host.get_absolute_url()}"}
    ]
    assert [entry["name"] for entry in data["sponsor"]] == ["Funder"]
    assert data["performer"] == [
        {"@type": "Person", "name": "Keynote Person", "url": f"http://testserver{speaker.get_absolute_url()}"}
    ]


def test_json_ld_cannot_break_out_of_its_script_tag(client, conference):
    conference.summary = "</script><script>alert(1)</script>"
    conference.save()
    html = page(client, conference)
    assert "<script>alert(1)" not in html
    assert json_ld(html)["description"] == "</script><script>alert(1)</script>"


def test_a_draft_event_page_is_not_found(client, draft_event):
    assert client.get(draft_event.get_absolute_url()).status_code == 404


def test_query_count_of_the_event_page_does_not_grow_with_roles_and_coverage(client, conference):
    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            page(client, conference)
        return len(queries)

    def add(number: int) -> None:
        issue = IssueFactory()
        for _ in range(number):
            EventOrganizationFactory(event=conference)
            EventPersonFactory(event=conference)
            ArticleFactory(issue=issue).about_events.add(conference)

    add(2)
    few = count()
    add(30)
    assert count() == few
