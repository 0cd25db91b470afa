"""Scheduled content becomes public exactly when its time passes, decided at query time (no job runs)."""

import datetime as dt

import pytest
import time_machine
from django.urls import reverse

from articles import services
from articles.models import Article, Issue
from editorial.publishing import Status
from events.models import Event
from tests.factories import ArticleFactory, BylineFactory, EventFactory, IssueFactory

pytestmark = pytest.mark.django_db

NOON = dt.datetime(2030, 3, 1, 12, 0, tzinfo=dt.UTC)


@pytest.fixture
def scheduled_issue(chief):
    with time_machine.travel(NOON - dt.timedelta(days=1), tick=False):
        issue = IssueFactory(status=Status.APPROVED, publish_at=None, title="March issue")
        article = ArticleFactory(issue=issue, status=Status.APPROVED, publish_at=None, title="Fusion breakthrough")
        BylineFactory(article=article)
        services.publish_issue(issue=issue, user=chief, publish_at=NOON)
    return issue


def test_scheduled_issue_and_article_appear_when_the_time_passes(client, scheduled_issue):
    article = scheduled_issue.articles.get()
    with time_machine.travel(NOON - dt.timedelta(seconds=1), tick=False):
        assert client.get(article.get_absolute_url()).status_code == 404
        assert client.get(scheduled_issue.get_absolute_url()).status_code == 404
        assert "Fusion breakthrough" not in client.get(reverse("home")).content.decode()
        assert not Article.objects.published().exists()
    with time_machine.travel(NOON + dt.timedelta(seconds=1), tick=False):
        assert client.get(article.get_absolute_url()).status_code == 200
        assert client.get(scheduled_issue.get_absolute_url()).status_code == 200
        assert "Fusion breakthrough" in client.get(reverse("home")).content.decode()
        assert list(Issue.objects.published()) == [scheduled_issue]
    # Nothing was written at publish time: the rows still say "scheduled".
    article.refresh_from_db()
    assert article.status == Status.SCHEDULED


def test_scheduled_event_appears_when_the_time_passes(client):
    event = EventFactory(status=Status.SCHEDULED, publish_at=NOON, title="Open day", start=NOON + dt.timedelta(days=9))
    with time_machine.travel(NOON - dt.timedelta(minutes=1), tick=False):
        assert client.get(event.get_absolute_url()).status_code == 404
        assert "Open day" not in client.get(reverse("events:event_list")).content.decode()
    with time_machine.travel(NOON + dt.timedelta(minutes=1), tick=False):
        assert client.get(event.get_absolute_url()).status_code == 200
        assert list(Event.objects.published()) == [event]


def test_scheduled_article_in_a_public_issue(client):
    article = ArticleFactory(status=Status.SCHEDULED, publish_at=NOON, issue=IssueFactory(publish_at=NOON))
    with time_machine.travel(NOON - dt.timedelta(microseconds=1), tick=False):
        assert client.get(article.get_absolute_url()).status_code == 404
    with time_machine.travel(NOON, tick=False):
        assert client.get(article.get_absolute_url()).status_code == 200
