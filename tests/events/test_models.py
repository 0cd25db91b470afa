import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from editorial.publishing import Status
from events.models import Event
from tests.events.conftest import in_days
from tests.factories import EventFactory

pytestmark = pytest.mark.django_db


def test_an_event_cannot_end_before_it_starts_in_the_database():
    with pytest.raises(IntegrityError), transaction.atomic():
        EventFactory(start=in_days(5), end=in_days(5) - dt.timedelta(minutes=1))


def test_end_before_start_is_a_readable_validation_error():
    event = EventFactory.build(start=in_days(5), end=in_days(4))
    with pytest.raises(ValidationError) as error:
        event.full_clean()
    assert "An event cannot end before it starts." in str(error.value)


def test_an_event_may_end_when_it_starts():
    moment = in_days(3)
    event = EventFactory(start=moment, end=moment)
    assert Event.objects.filter(pk=event.pk).exists()


def test_upcoming_and_past_are_published_only_and_split_by_end():
    ongoing = EventFactory(start=in_days(-1), end=in_days(1))
    ended = EventFactory(start=in_days(-3), end=in_days(-2))
    EventFactory(start=in_days(4), status=Status.DRAFT, publish_at=None)
    EventFactory(start=in_days(4), status=Status.SCHEDULED, publish_at=in_days(2))  # not public yet

    assert list(Event.objects.upcoming()) == [ongoing]
    assert list(Event.objects.past()) == [ended]
