import datetime as dt
import importlib

import pytest
from django.contrib.auth.models import Group, Permission
from django.utils import timezone

from editorial.publishing import Status
from editorial.roles import CHIEF_EDITOR, CONTRIBUTOR, EDITOR
from tests.factories import ArticleFactory, BylineFactory, IssueFactory


@pytest.fixture
def make_user(django_user_model):
    """A staff account in one editorial group (the groups come from the data migration)."""

    def make(role: str, username: str | None = None):
        if not Group.objects.filter(name=role).exists():  # a transactional test flushed the migration's data
            importlib.import_module("editorial.migrations.0002_editorial_roles").assign_roles(Group, Permission)
        user = django_user_model.objects.create_user(
            username or role.lower().replace(" ", "-"), password="pw-123456789", is_staff=True
        )
        user.groups.add(Group.objects.get(name=role))
        return user

    return make


@pytest.fixture
def contributor(make_user):
    return make_user(CONTRIBUTOR)


@pytest.fixture
def editor(make_user):
    return make_user(EDITOR)


@pytest.fixture
def chief(make_user):
    return make_user(CHIEF_EDITOR)


def login(client, user):
    client.force_login(user)
    return client


def times_for(status: str):
    """A publish time that fits the state: future when scheduled, past when published."""
    now = timezone.now()
    if status == Status.SCHEDULED:
        return now + dt.timedelta(days=2)
    if status == Status.PUBLISHED:
        return now - dt.timedelta(days=2)
    return None


@pytest.fixture
def ready_issue():
    """An approved issue whose one approved article has a byline: nothing blocks publishing it."""

    def make(**kwargs):
        issue = IssueFactory(status=Status.APPROVED, publish_at=None, **kwargs)
        article = ArticleFactory(issue=issue, status=Status.APPROVED, publish_at=None)
        BylineFactory(article=article)
        return issue

    return make
