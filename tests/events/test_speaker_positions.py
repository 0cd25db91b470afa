"""A speaker's position as printed defaults to the person's position on the event's first day, as bylines do."""

import datetime as dt

import pytest
from django.urls import reverse

from events.models import EventPerson, PersonRole
from tests.events.conftest import SHANGHAI
from tests.events.test_admin import editor, form_data  # noqa: F401 (fixture)
from tests.factories import EventFactory, EventPersonFactory

pytestmark = pytest.mark.django_db


def add_speaker(client, event, person, **fields):
    url = reverse("admin:events_event_change", args=[event.pk])
    response = client.get(url)
    prefix = next(i.formset.prefix for i in response.context["inline_admin_formsets"] if i.formset.model is EventPerson)
    row = {"person": str(person.pk), "role": PersonRole.SPEAKER, "order": "0", **fields}
    data = form_data(response, **{f"{prefix}-0-{name}": value for name, value in row.items()})
    return client.post(url, data)


def test_an_empty_position_is_taken_from_the_persons_position_on_the_event_day(editor, zhao):  # noqa: F811
    event = EventFactory(series=None, start=dt.datetime(2019, 6, 1, 9, tzinfo=SHANGHAI),
                         end=dt.datetime(2019, 6, 1, 17, tzinfo=SHANGHAI))  # fmt: skip
    assert add_speaker(editor, event, zhao).status_code == 302
    assert EventPerson.objects.get(event=event).position_as_printed == "Reporter, PR Newswire"


def test_a_typed_position_is_kept(editor, zhao):  # noqa: F811
    event = EventFactory(series=None, start=dt.datetime(2022, 6, 1, 9, tzinfo=SHANGHAI),
                         end=dt.datetime(2022, 6, 1, 17, tzinfo=SHANGHAI))  # fmt: skip
    assert add_speaker(editor, event, zhao, position_as_printed="Guest speaker").status_code == 302
    assert EventPerson.objects.get(event=event).position_as_printed == "Guest speaker"


def test_a_saved_position_is_not_rewritten_when_the_event_is_saved_again(editor, zhao):  # noqa: F811
    event = EventFactory(series=None, start=dt.datetime(2022, 6, 1, 9, tzinfo=SHANGHAI),
                         end=dt.datetime(2022, 6, 1, 17, tzinfo=SHANGHAI))  # fmt: skip
    EventPersonFactory(event=event, person=zhao, position_as_printed="As printed in 2022")
    url = reverse("admin:events_event_change", args=[event.pk])
    assert editor.post(url, form_data(editor.get(url))).status_code == 302
    assert EventPerson.objects.get(event=event).position_as_printed == "As printed in 2022"
