"""Editors: dates typed in the event's zone, list filters, coverage inline, duplicate for the next edition."""

import datetime as dt
import warnings
import zoneinfo

import pytest
from django.contrib.admin.models import ADDITION, LogEntry
from django.forms import MultiWidget
from django.urls import reverse

from editorial.publishing import Status
from events.models import Event, EventMode, OrganizationRole, PersonRole
from events.services import DuplicateEventError, duplicate_event_for_next_edition
from tests.events.conftest import SHANGHAI
from tests.factories import (
    ArticleFactory,
    EventFactory,
    EventOrganizationFactory,
    EventPersonFactory,
    OrganizationFactory,
    VenueFactory,
)

pytestmark = pytest.mark.django_db
CHANGELIST = reverse("admin:events_event_changelist")
ADD = reverse("admin:events_event_add")


@pytest.fixture
def editor(client, django_user_model):
    client.force_login(django_user_model.objects.create_superuser("editor", password="pw-123456789"))
    return client


def form_data(response, **fields) -> dict:
    """The change form's current values (including inline management forms), with `fields` overriding."""
    data = {}
    forms = [response.context["adminform"].form]
    for inline in response.context["inline_admin_formsets"]:
        forms.append(inline.formset.management_form)
        forms.extend(inline.formset.forms)
    for form in forms:
        for name, field in form.fields.items():
            value, key = form[name].value(), form.add_prefix(name)
            if value is None or value is False or value == "" or value == []:
                continue
            if isinstance(field.widget, MultiWidget):  # date + time inputs: name_0, name_1
                # A re-shown (bound) form holds the typed parts; a fresh one a datetime.
                parts = value if isinstance(value, list) else field.widget.decompress(value)
                for index, part in enumerate(parts):
                    data[f"{key}_{index}"] = part if isinstance(part, str) else part.isoformat()
            elif isinstance(value, list | tuple):
                data[key] = [str(item) for item in value]
            else:
                data[key] = value
    data.update(fields)
    return data


def test_dates_are_typed_as_local_time_in_the_events_zone(editor):
    data = form_data(
        editor.get(ADD), title="Beijing Forum", slug="beijing-forum", time_zone="Asia/Shanghai",
        start_0="2030-09-01", start_1="09:30:00", end_0="2030-09-01", end_1="17:00:00", mode=EventMode.IN_PERSON,
        status=Status.DRAFT, kind="forum",
    )  # fmt: skip
    response = editor.post(ADD, data)
    assert response.status_code == 302, response.context["adminform"].form.errors

    event = Event.objects.get(slug="beijing-forum")
    assert event.start == dt.datetime(2030, 9, 1, 1, 30, tzinfo=dt.UTC)
    assert event.local_start.hour == 9 and event.local_end.hour == 17


def test_the_change_form_shows_the_local_time_in_the_events_zone(editor):
    event = EventFactory(time_zone="Asia/Shanghai", start=dt.datetime(2030, 9, 1, 9, 30, tzinfo=SHANGHAI))
    html = editor.get(reverse("admin:events_event_change", args=[event.pk])).content.decode()
    assert 'name="start_1" value="09:30:00"' in html
    assert 'name="start_1" value="01:30:00"' not in html


def test_saving_an_unchanged_event_keeps_its_times(editor):
    moscow = zoneinfo.ZoneInfo("Europe/Moscow")
    event = EventFactory(time_zone="Europe/Moscow", start=dt.datetime(2030, 5, 5, 10, tzinfo=moscow),
                         end=dt.datetime(2030, 5, 5, 18, tzinfo=moscow))  # fmt: skip
    url = reverse("admin:events_event_change", args=[event.pk])
    response = editor.post(url, form_data(editor.get(url)))
    assert response.status_code == 302
    event.refresh_from_db()
    assert event.local_start == dt.datetime(2030, 5, 5, 10, tzinfo=moscow)


def test_a_stale_save_is_refused_without_naive_datetime_warnings(editor):
    event = EventFactory(title="Original")
    url = reverse("admin:events_event_change", args=[event.pk])
    data = form_data(editor.get(url), title="Edited meanwhile")
    Event.objects.filter(pk=event.pk).update(version=event.version + 1)  # someone else saved
    with warnings.catch_warnings():
        warnings.simplefilter("error", RuntimeWarning)  # "received a naive datetime"
        response = editor.post(url, data)
    assert response.status_code == 200 and "Not saved" in response.content.decode()
    event.refresh_from_db()
    assert event.title == "Original"


def test_an_all_day_event_runs_from_the_first_midnight_to_the_end_of_the_last_day(editor):
    data = form_data(
        editor.get(ADD), title="Expo", slug="expo", time_zone="Asia/Shanghai", all_day="on",
        start_0="2030-06-01", start_1="10:00:00", end_0="2030-06-03", end_1="00:00:00", mode=EventMode.IN_PERSON,
        status=Status.DRAFT, kind="other",
    )  # fmt: skip
    assert editor.post(ADD, data).status_code == 302
    event = Event.objects.get(slug="expo")
    assert event.local_start == dt.datetime(2030, 6, 1, 0, 0, tzinfo=SHANGHAI)
    assert event.local_end == dt.datetime(2030, 6, 3, 23, 59, 59, tzinfo=SHANGHAI)


def test_the_admin_refuses_an_end_before_the_start(editor):
    data = form_data(
        editor.get(ADD), title="Backwards", slug="backwards", time_zone="UTC", start_0="2030-06-02",
        start_1="10:00:00", end_0="2030-06-01", end_1="10:00:00", mode=EventMode.IN_PERSON, status=Status.DRAFT,
        kind="other",
    )  # fmt: skip
    response = editor.post(ADD, data)
    assert response.status_code == 200
    assert "An event cannot end before it starts." in response.content.decode()
    assert not Event.objects.filter(slug="backwards").exists()


def test_articles_covering_the_event_are_edited_on_the_event(editor):
    event = EventFactory()
    article = ArticleFactory(title="Forum Report")
    url = reverse("admin:events_event_change", args=[event.pk])
    response = editor.get(url)
    (coverage,) = [
        i
        for i in response.context["inline_admin_formsets"]
        if i.formset.model._meta.model_name.endswith("about_events")
    ]
    prefix = coverage.formset.prefix
    data = form_data(response, **{f"{prefix}-0-article": str(article.pk)})
    assert editor.post(url, data).status_code == 302
    assert list(event.coverage.all()) == [article]


@pytest.fixture
def listed(beijing, moscow, series):
    host = OrganizationFactory(name="Host Org", slug="host-org")
    future = EventFactory(title="Future Beijing Hybrid", mode=EventMode.HYBRID, series=series, edition=2)
    future.venues.set([beijing])
    EventOrganizationFactory(event=future, organization=host)
    past = EventFactory(title="Past Moscow Online", mode=EventMode.ONLINE, start=dt.datetime(2020, 1, 1, tzinfo=dt.UTC),
                        end=dt.datetime(2020, 1, 2, tzinfo=dt.UTC))  # fmt: skip
    past.venues.set([moscow])
    return {"host": host, "series": series}


def changelist_titles(client, query: str) -> set[str]:
    response = client.get(CHANGELIST + query)
    assert response.status_code == 200
    return {event.title for event in response.context["cl"].result_list}


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("?timing=upcoming", {"Future Beijing Hybrid"}),
        ("?timing=past", {"Past Moscow Online"}),
        ("?mode__exact=online", {"Past Moscow Online"}),
        ("?city=Beijing", {"Future Beijing Hybrid"}),
        ("?city=Moscow&timing=upcoming", set()),
    ],
)
def test_list_filters_upcoming_past_mode_and_city(editor, listed, query, expected):
    assert changelist_titles(editor, query) == expected


def test_the_list_shows_each_events_dates_in_its_own_zone(editor):
    EventFactory(time_zone="Asia/Shanghai", start=dt.datetime(2030, 9, 1, 9, 30, tzinfo=SHANGHAI),
                 end=dt.datetime(2030, 9, 1, 17, 0, tzinfo=SHANGHAI))  # fmt: skip
    assert "1 September 2030, 09:30–17:00 (CST, Asia/Shanghai)" in editor.get(CHANGELIST).content.decode()


def test_list_filters_by_organizer_and_series(editor, listed):
    assert changelist_titles(editor, f"?organizer={listed['host'].pk}") == {"Future Beijing Hybrid"}
    assert changelist_titles(editor, f"?series__id__exact={listed['series'].pk}") == {"Future Beijing Hybrid"}


def test_the_organizer_filter_lists_and_matches_only_organizing_roles(editor):
    host, sponsor = OrganizationFactory(name="Hosting Society"), OrganizationFactory(name="Sponsoring Bank")
    hosted = EventFactory(title="Hosted")
    EventOrganizationFactory(event=hosted, organization=host, role=OrganizationRole.CO_ORGANIZER)
    EventOrganizationFactory(event=hosted, organization=sponsor, role=OrganizationRole.SPONSOR)
    sponsored = EventFactory(title="Sponsored only")
    EventOrganizationFactory(event=sponsored, organization=sponsor, role=OrganizationRole.SPONSOR)
    EventOrganizationFactory(event=sponsored, organization=host, role=OrganizationRole.PARTICIPANT)

    response = editor.get(CHANGELIST)
    (organizer,) = [spec for spec in response.context["cl"].filter_specs if spec.title == "organizer"]
    assert [title for _, title in organizer.lookup_choices] == ["Hosting Society"]
    assert changelist_titles(editor, f"?organizer={host.pk}") == {"Hosted"}  # not where it only took part
    assert changelist_titles(editor, f"?organizer={sponsor.pk}") == set()


@pytest.fixture
def edition_one(series, beijing, moscow):
    event = EventFactory(
        title="World Science Forum 2030", slug="wsf-2030", series=series, edition=1, mode=EventMode.HYBRID,
        time_zone="Asia/Shanghai", start=dt.datetime(2030, 11, 5, 9, tzinfo=SHANGHAI),
        end=dt.datetime(2030, 11, 6, 17, tzinfo=SHANGHAI), summary="Last year's summary.",
        description="Last year's programme.", online_url="https://meet.example.org/2030",
    )  # fmt: skip
    event.venues.set([beijing, moscow])
    EventOrganizationFactory(event=event, organization=OrganizationFactory(name="Host"), role=OrganizationRole.HOST,
                             order=0)  # fmt: skip
    EventOrganizationFactory(event=event, organization=OrganizationFactory(name="Sponsor"),
                             role=OrganizationRole.SPONSOR, order=1)  # fmt: skip
    EventPersonFactory(event=event, role=PersonRole.SPEAKER)
    ArticleFactory().about_events.add(event)
    return event


def test_the_duplicate_action_asks_for_the_new_editions_dates(editor, edition_one):
    response = editor.post(
        CHANGELIST, {"action": "duplicate_for_next_edition", "_selected_action": [edition_one.pk]}, follow=True
    )
    assert response.redirect_chain[-1][0] == reverse("admin:events_event_duplicate", args=[edition_one.pk])
    html = response.content.decode()
    assert 'value="World Science Forum 2031"' in html  # suggested title
    assert "edition <strong>2</strong>" in html
    assert 'name="start_0"' in html and 'name="start_0" value' not in html  # dates start empty


def test_duplicating_creates_a_draft_next_edition_with_organizers_and_venues(editor, edition_one):
    url = reverse("admin:events_event_duplicate", args=[edition_one.pk])
    response = editor.post(url, {
        "title": "World Science Forum 2031", "start_0": "2031-11-04", "start_1": "09:00", "end_0": "2031-11-05",
        "end_1": "17:30",
    })  # fmt: skip

    copy = Event.objects.get(title="World Science Forum 2031")
    assert response.status_code == 302
    assert response["Location"] == reverse("admin:events_event_change", args=[copy.pk])
    assert (copy.series, copy.edition, copy.status, copy.publish_at) == (edition_one.series, 2, Status.DRAFT, None)
    assert (copy.mode, copy.time_zone, copy.kind) == (edition_one.mode, "Asia/Shanghai", edition_one.kind)
    assert copy.local_start == dt.datetime(2031, 11, 4, 9, tzinfo=SHANGHAI)
    assert copy.local_end == dt.datetime(2031, 11, 5, 17, 30, tzinfo=SHANGHAI)
    assert set(copy.venues.all()) == set(edition_one.venues.all())
    assert [(r.organization.name, r.role, r.order) for r in copy.organization_roles.all()] == [
        ("Host", OrganizationRole.HOST, 0), ("Sponsor", OrganizationRole.SPONSOR, 1),
    ]  # fmt: skip
    assert (copy.summary, copy.description, copy.online_url) == ("", "", "")
    assert not copy.person_roles.exists() and not copy.coverage.exists()
    assert copy.slug == "world-science-forum-2031"
    assert LogEntry.objects.filter(object_id=str(copy.pk), action_flag=ADDITION).exists()
    edition_one.refresh_from_db()
    assert edition_one.organization_roles.count() == 2 and edition_one.status == Status.PUBLISHED


def test_the_new_edition_needs_valid_dates(editor, edition_one):
    url = reverse("admin:events_event_duplicate", args=[edition_one.pk])
    response = editor.post(url, {"title": "WSF 2031", "start_0": "2031-11-05", "start_1": "09:00",
                                 "end_0": "2031-11-04", "end_1": "09:00"})  # fmt: skip
    assert response.status_code == 200
    assert "An event cannot end before it starts." in response.content.decode()
    missing = editor.post(url, {"title": "WSF 2031"})
    assert missing.status_code == 200 and "This field is required." in missing.content.decode()
    assert Event.objects.count() == 1


def test_duplicating_an_older_edition_takes_the_next_free_edition_number(edition_one):
    later = duplicate_event_for_next_edition(event=edition_one, user=None, start=edition_one.start, end=edition_one.end)
    again = duplicate_event_for_next_edition(event=edition_one, user=None, start=edition_one.start, end=edition_one.end)
    assert (later.edition, again.edition) == (2, 3)
    assert later.slug != again.slug


def test_an_event_outside_a_series_cannot_be_duplicated(editor):
    loner = EventFactory(title="One-off Ceremony")
    with pytest.raises(DuplicateEventError):
        duplicate_event_for_next_edition(event=loner, user=None, start=loner.start, end=loner.end)
    response = editor.get(reverse("admin:events_event_duplicate", args=[loner.pk]), follow=True)
    assert "belongs to no series" in response.content.decode()


def test_the_action_duplicates_one_event_at_a_time(editor, edition_one):
    other = EventFactory()
    response = editor.post(
        CHANGELIST,
        {"action": "duplicate_for_next_edition", "_selected_action": [edition_one.pk, other.pk]},
        follow=True,
    )
    assert "Select exactly one event to duplicate." in response.content.decode()
    assert Event.objects.count() == 2


def test_the_change_form_links_to_the_duplicate_page(editor, edition_one):
    html = editor.get(reverse("admin:events_event_change", args=[edition_one.pk])).content.decode()
    assert reverse("admin:events_event_duplicate", args=[edition_one.pk]) in html


def test_staff_without_add_permission_cannot_duplicate(client, django_user_model, edition_one):
    from django.contrib.auth.models import Permission

    viewer = django_user_model.objects.create_user("viewer", password="pw-123456789", is_staff=True)
    viewer.user_permissions.add(Permission.objects.get(codename="view_event"))
    client.force_login(viewer)
    assert client.get(reverse("admin:events_event_duplicate", args=[edition_one.pk])).status_code == 403


def test_venues_in_other_cities_are_not_offered_as_city_filters_unless_used(editor):
    VenueFactory(city="Unused City")
    EventFactory().venues.set([VenueFactory(city="Used City")])
    html = editor.get(CHANGELIST).content.decode()
    assert "Used City" in html and "Unused City" not in html
