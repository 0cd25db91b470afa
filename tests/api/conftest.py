import datetime as dt
import json
import uuid

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone
from jsonschema import Draft202012Validator, FormatChecker
from rest_framework.test import APIClient

from api import services
from articles.exchange.exporters.ninjs import SCHEMA_PATH
from tests.factories import (
    ArticleFactory,
    BylineFactory,
    IssueFactory,
    MembershipFactory,
    OrganizationFactory,
    PublicationFactory,
    UnionFactory,
)


@pytest.fixture(autouse=True)
def _api_settings(settings):
    settings.NEWSROOM_API_FEED_SETTLE_SECONDS = 0
    settings.NEWSROOM_API_REQUIRE_HTTPS = False
    settings.NEWSROOM_SITE_URL = "https://news.example.org/"
    # Rate-limit counters start afresh: each test counts under a cache key prefix of its own (the cache is
    # a database table, which a test without database access must not touch).
    default = {**settings.CACHES["default"], "KEY_PREFIX": f"test-{uuid.uuid4().hex}"}
    settings.CACHES = {**settings.CACHES, "default": default}


@pytest.fixture
def staff(db):
    return get_user_model().objects.create_superuser("chief", "chief@example.org", "pw")


@pytest.fixture
def union(db):
    return UnionFactory(name="Fictional Union of Science Media", short_name="FUSM", slug="fusm")


@pytest.fixture
def member(union):
    organization = OrganizationFactory(name="Fictional Daily Planet", slug="daily-planet")
    MembershipFactory(union=union, member=organization, joined_on=dt.date(2020, 1, 1))
    return organization


@pytest.fixture
def member_key(staff, member, union):
    api_key, full = services.issue_key(name="Planet CMS", user=staff, organization=member, union=union)
    api_key.full = full
    return api_key


@pytest.fixture
def api(member_key):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {member_key.full}")
    return client


def client_for(full_key: str) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {full_key}")
    return client


@pytest.fixture
def publication(db):
    return PublicationFactory(name="Fictional Science Weekly", slug="weekly", usage_terms="Members may republish.")


@pytest.fixture
def issue(publication):
    return IssueFactory(publication=publication, number="7", slug="no-7")


def published_article(issue, **kwargs):
    article = ArticleFactory(issue=issue, **kwargs)
    BylineFactory(article=article, position_as_printed="Science Editor, Fictional Science Weekly")
    return article


@pytest.fixture
def article(issue):
    return published_article(issue, title="Fictional probe lands on a comet")


_validator = Draft202012Validator(json.loads(SCHEMA_PATH.read_text()), format_checker=FormatChecker())


def assert_ninjs(obj: dict) -> None:
    errors = sorted(_validator.iter_errors(obj), key=lambda error: list(error.absolute_path))
    assert not errors, [f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in errors]


def error_of(response) -> dict:
    assert response["Content-Type"].startswith("application/json"), response["Content-Type"]
    body = response.json()
    assert set(body) == {"error"}, body
    assert body["error"]["status"] == response.status_code
    return body["error"]


def ago(**kwargs):
    return timezone.now() - dt.timedelta(**kwargs)
