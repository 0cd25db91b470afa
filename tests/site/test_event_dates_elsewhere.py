"""Event dates shown outside the events pages use the event's own time zone too."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse

from tests.factories import ArticleFactory, EventFactory

pytestmark = pytest.mark.django_db

SHANGHAI = ZoneInfo("Asia/Shanghai")


@pytest.fixture
def new_year_event():
    # 00:30 on 1 January in Shanghai is still 31 December in UTC.
    start = dt.datetime(2099, 1, 1, 0, 30, tzinfo=SHANGHAI)
    return EventFactory(title="New Year Forum", start=start, end=start + dt.timedelta(hours=2))


def test_home_shows_upcoming_event_on_its_local_day(client, new_year_event):
    html = client.get(reverse("home")).content.decode()
    assert "New Year Forum" in html
    assert "1 January 2099" in html
    assert "31 December 2098" not in html


def test_article_about_box_shows_event_on_its_local_day(client, new_year_event):
    article = ArticleFactory()
    article.about_events.add(new_year_event)
    html = client.get(article.get_absolute_url()).content.decode()
    assert "New Year Forum" in html
    assert "1 January 2099" in html
    assert "31 December 2098" not in html
