import datetime as dt

import pytest
from django.utils import timezone

from editorial.publishing import Status
from tests.factories import ArticleFactory, EventFactory, IssueFactory


@pytest.fixture
def hidden_articles(db):
    """Three ways an article is not public: a draft, one scheduled for later, one in an unpublished issue."""
    later = timezone.now() + dt.timedelta(days=3)
    return [
        ArticleFactory(title="Draft article", status=Status.DRAFT, publish_at=None),
        ArticleFactory(title="Scheduled article", status=Status.SCHEDULED, publish_at=later),
        ArticleFactory(title="Article in draft issue", issue=IssueFactory(status=Status.DRAFT, publish_at=None)),
    ]


@pytest.fixture
def hidden_event(db):
    return EventFactory(title="Draft event", status=Status.DRAFT, publish_at=None)
