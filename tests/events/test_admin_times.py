"""Event admin: all-day events by dates alone, DST gaps and overlaps, and the time zone list."""

import datetime as dt
import zoneinfo

import pytest
from django.urls import reverse

from editorial.publishing import Status
from events.forms import EventAdminForm
from events.models import Event, EventMode
from events.time_zones import canonical_zone_names, time_zone_choices
from tests.events.conftest import SHANGHAI
from tests.events.test_admin import form_data
from tests.factories import EventFactory

pytestmark = pytest.mark.django_db
ADD = reverse("admin:events_event_add")
BERLIN = zoneinfo.ZoneInfo("Europe/Berlin")


@pytest.fixture
def editor(client, django_user_model):
    client.force_login(django_user_model.objects.create_superuser("editor", password="pw-123456789"))
    return client


def new_event(editor, **fields):
    data = form_data(
        editor.get(ADD), title="Expo", slug="expo", mode=EventMode.IN_PERSON, status=Status.DRAFT, kind="other",
        **fields,
    )  # fmt: skip
    data = {key: value for key, value in data.items() if value is not None}
    return editor.post(ADD, data)


def test_an_all_day_event_needs_only_its_dates(editor):
    response = new_event(editor, time_zone="Asia/Shanghai", all_day="on", start_0="2030-06-01", end_0="2030-06-03")
    assert response.status_code == 302, response.context["adminform"].form.errors
    event = Event.objects.get(slug="expo")
    # Same instants as an all-day event saved with times: the public page and iCal read the local dates.
    assert event.local_start == dt.datetime(2030, 6, 1, 0, 0, tzinfo=SHANGHAI)
    assert event.local_end == dt.datetime(2030, 6, 3, 23, 59, 59, tzinfo=SHANGHAI)


def test_an_event_with_times_still_needs_them(editor):
    response = new_event(editor, time_zone="Asia/Shanghai", start_0="2030-06-01", end_0="2030-06-03")
    errors = response.context["adminform"].form.errors
    assert response.status_code == 200
    assert set(errors) == {"start", "end"}
    assert not Event.objects.filter(slug="expo").exists()


def test_the_change_form_saves_an_all_day_event_without_times(editor):
    event = EventFactory(time_zone="Asia/Shanghai", all_day=False, series=None)
    url = reverse("admin:events_event_change", args=[event.pk])
    data = form_data(editor.get(url), all_day="on", start_0="2030-07-01", end_0="2030-07-02")
    data.pop("start_1"), data.pop("end_1")
    assert editor.post(url, data).status_code == 302
    event.refresh_from_db()
    assert event.all_day and event.local_start == dt.datetime(2030, 7, 1, tzinfo=SHANGHAI)


def test_a_time_the_clocks_skip_is_refused_naming_the_zone(editor):
    response = new_event(
        editor, time_zone="Europe/Berlin", start_0="2027-03-28", start_1="02:30:00", end_0="2027-03-28",
        end_1="10:00:00",
    )  # fmt: skip
    assert response.status_code == 200
    (error,) = response.context["adminform"].form.errors["start"]
    assert "02:30 does not exist in Europe/Berlin" in error
    assert not Event.objects.filter(slug="expo").exists()


def test_a_time_that_occurs_twice_is_read_as_the_first_occurrence(editor):
    # 2027-10-31 02:30 happens in summer time (UTC+2) and again in winter time (UTC+1).
    response = new_event(
        editor, time_zone="Europe/Berlin", start_0="2027-10-31", start_1="02:30:00", end_0="2027-10-31",
        end_1="10:00:00",
    )  # fmt: skip
    assert response.status_code == 302
    event = Event.objects.get(slug="expo")
    assert event.start == dt.datetime(2027, 10, 31, 0, 30, tzinfo=dt.UTC)
    assert "occurs twice" in EventAdminForm().fields["start"].help_text


def test_the_time_zone_list_offers_canonical_places_grouped_by_region():
    choices = time_zone_choices()
    groups = dict(choices[1:])
    offered = {name for options in groups.values() for name, _ in options}
    assert choices[0][0] == "UTC"
    assert {"Asia/Shanghai", "Europe/Berlin", "America/Argentina/Buenos_Aires"} <= offered
    for junk in ("localtime", "Factory", "Etc/GMT+8", "US/Eastern", "Asia/Calcutta", "Europe/Kiev", "GB"):
        assert junk not in offered
    assert ("Europe/Berlin", "Berlin") in groups["Europe"]
    assert [label for _, label in groups["Europe"]] == sorted(label for _, label in groups["Europe"])
    assert offered == canonical_zone_names()


def test_a_new_event_starts_in_the_site_time_zone_with_the_most_used_zones_first(editor, settings):
    settings.TIME_ZONE = "Europe/Rome"
    for zone, count in (("Asia/Shanghai", 3), ("Europe/Moscow", 1)):
        for _ in range(count):
            EventFactory(time_zone=zone, series=None)
    html = editor.get(ADD).content.decode()
    select = html[html.index('<select name="time_zone"') :]
    select = select[: select.index("</select>")]
    top = select[select.index('<optgroup label="Most used">') : select.index("</optgroup>")]
    assert top.index('value="Europe/Rome" selected') < top.index('"Asia/Shanghai"') < top.index('"Europe/Moscow"')
    assert "---------" not in select
    assert select.count(" selected") == 1  # the zone is listed again in its region, not selected twice


def test_a_new_event_must_choose_its_time_zone(editor):
    response = new_event(editor, time_zone="", start_0="2030-06-01", start_1="09:00:00", end_0="2030-06-01",
                         end_1="10:00:00")  # fmt: skip
    assert "time_zone" in response.context["adminform"].form.errors


def test_an_event_saved_with_an_alias_keeps_it(editor):
    event = EventFactory(time_zone="Asia/Calcutta", series=None)
    event.full_clean()  # the model still accepts any valid IANA name
    url = reverse("admin:events_event_change", args=[event.pk])
    response = editor.get(url)
    assert '<option value="Asia/Calcutta" selected>' in response.content.decode()
    assert editor.post(url, form_data(response)).status_code == 302
    event.refresh_from_db()
    assert event.time_zone == "Asia/Calcutta"
