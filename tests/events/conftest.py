import datetime as dt
import zoneinfo

import pytest
from django.utils import timezone

from editorial.publishing import Status
from events.models import EventMode
from tests.factories import EventFactory, EventSeriesFactory, VenueFactory

SHANGHAI = zoneinfo.ZoneInfo("Asia/Shanghai")
MOSCOW = zoneinfo.ZoneInfo("Europe/Moscow")


def in_days(days: int, *, hour: int = 9, zone=SHANGHAI) -> dt.datetime:
    """A wall-clock time `days` from today in `zone`."""
    day = timezone.now().astimezone(zone).date() + dt.timedelta(days=days)
    return dt.datetime.combine(day, dt.time(hour), tzinfo=zone)


@pytest.fixture
def beijing(db):
    return VenueFactory(name="China World Hotel", city="Beijing", country="CN")


@pytest.fixture
def moscow(db):
    return VenueFactory(name="Expocentre", city="Moscow", country="RU")


@pytest.fixture
def series(db):
    return EventSeriesFactory(name="World Science Forum", slug="world-science-forum")


@pytest.fixture
def draft_event(db, beijing):
    event = EventFactory(
        title="Secret Draft Summit", slug="secret-draft-summit", status=Status.DRAFT, publish_at=None,
        start=in_days(10), mode=EventMode.HYBRID, online_url="https://meet.example.org/secret",
    )  # fmt: skip
    event.venues.set([beijing])
    return event
