"""The “duplicate for the next edition” page: laid out like the admin's forms, counting from the latest edition."""

import datetime as dt

import pytest
from django.urls import reverse

from events.models import Event
from events.services import DuplicateEventError, duplicate_event_for_next_edition, suggest_next_title
from tests.events.conftest import SHANGHAI
from tests.events.test_admin import edition_one, editor  # noqa: F401 (fixtures)
from tests.factories import EventFactory

pytestmark = pytest.mark.django_db


def new_dates(year: int) -> dict:
    return {"start_0": f"{year}-11-04", "start_1": "09:00", "end_0": f"{year}-11-05", "end_1": "17:30"}


def test_the_page_loads_the_date_widgets_and_uses_the_admins_breadcrumbs(editor, edition_one):  # noqa: F811
    html = editor.get(reverse("admin:events_event_duplicate", args=[edition_one.pk])).content.decode()
    assert "admin/css/widgets.css" in html and "admin/css/forms.css" in html  # calendar and clock icons
    assert "admin/js/calendar.js" in html and "admin/js/admin/DateTimeShortcuts.js" in html
    assert '<ol class="breadcrumbs">' in html
    assert '<li aria-current="page">Duplicate for the next edition</li>' in html


def test_the_title_is_suggested_from_the_series_latest_edition(editor, edition_one):  # noqa: F811
    second = duplicate_event_for_next_edition(
        event=edition_one, user=None, start=edition_one.start, end=edition_one.end
    )
    assert second.title == "World Science Forum 2031"
    assert suggest_next_title(edition_one) == "World Science Forum 2032"

    html = editor.get(reverse("admin:events_event_duplicate", args=[edition_one.pk])).content.decode()
    assert 'value="World Science Forum 2032"' in html and "edition <strong>3</strong>" in html
    assert "is not the latest edition" in html


def test_an_ordinal_edition_in_the_title_is_counted_on(edition_one):  # noqa: F811
    third = EventFactory(title="3rd World Science Forum", series=edition_one.series, edition=3)
    assert suggest_next_title(third) == "4th World Science Forum"
    assert suggest_next_title(edition_one) == "4th World Science Forum"  # from the latest, edition 3


def test_duplicating_twice_with_the_same_title_is_refused(editor, edition_one):  # noqa: F811
    url = reverse("admin:events_event_duplicate", args=[edition_one.pk])
    assert editor.post(url, {"title": "World Science Forum 2031", **new_dates(2031)}).status_code == 302
    again = editor.post(url, {"title": "World Science Forum 2031", **new_dates(2031)})

    assert again.status_code == 200
    assert (
        "World Science Forum already has an edition for 2031: “World Science Forum 2031” (edition 2)"
        in again.content.decode()
    )
    assert Event.objects.filter(series=edition_one.series).count() == 2


def test_a_title_without_year_or_ordinal_is_kept(edition_one):  # noqa: F811
    edition_one.title = "World Science Forum"
    edition_one.save()
    assert suggest_next_title(edition_one) == "World Science Forum"
    with pytest.raises(DuplicateEventError, match="already has an edition with that title"):
        duplicate_event_for_next_edition(
            event=edition_one, user=None, start=dt.datetime(2031, 1, 1, tzinfo=SHANGHAI),
            end=dt.datetime(2031, 1, 2, tzinfo=SHANGHAI),
        )  # fmt: skip
