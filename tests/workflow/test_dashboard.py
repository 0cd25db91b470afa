"""The admin index shows my drafts, awaiting my review, scheduled next and recently published."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from editorial.publishing import Status
from tests.factories import ArticleFactory, EventFactory, IssueFactory

pytestmark = pytest.mark.django_db


def _section(html, element_id):
    start = html.index(f'id="{element_id}"')
    return html[start : html.index("</div>", start)]


def test_dashboard_lists(client, editor, contributor):
    soon = timezone.now() + dt.timedelta(hours=3)
    ArticleFactory(title="My own draft", status=Status.DRAFT, publish_at=None, created_by=editor)
    ArticleFactory(title="Someone else's draft", status=Status.DRAFT, publish_at=None, created_by=contributor)
    ArticleFactory(title="Please review me", status=Status.IN_REVIEW, publish_at=None, created_by=contributor)
    EventFactory(title="Event under review", status=Status.IN_REVIEW, publish_at=None)
    IssueFactory(title="Coming issue", status=Status.SCHEDULED, publish_at=soon)
    ArticleFactory(title="Fresh article")
    client.force_login(editor)

    html = client.get(reverse("admin:index")).content.decode()

    drafts, review = _section(html, "dash-drafts"), _section(html, "dash-review")
    scheduled, published = _section(html, "dash-scheduled"), _section(html, "dash-published")
    assert "My own draft" in drafts and "Someone else" not in drafts
    assert "Please review me" in review and "Event under review" in review
    assert "Coming issue" in scheduled
    assert "Fresh article" in published and "Coming issue" not in published
    # Each line says its state once: in "My drafts", where states vary; elsewhere the title says it.
    assert "article · draft · edited" in drafts
    assert "article · published <time" in published and "published · published" not in published
    assert "issue · goes live <time" in scheduled


def test_contributors_have_no_review_list(client, contributor):
    ArticleFactory(title="Please review me", status=Status.IN_REVIEW, publish_at=None)
    client.force_login(contributor)
    html = client.get(reverse("admin:index")).content.decode()
    assert 'id="dash-review"' not in html and 'id="dash-drafts"' in html


@pytest.mark.parametrize("count", [3, 30])
def test_dashboard_queries_do_not_grow_with_content(client, chief, django_assert_max_num_queries, count):
    for index in range(count):
        issue = IssueFactory(status=Status.SCHEDULED, publish_at=timezone.now() + dt.timedelta(hours=index + 1))
        ArticleFactory(issue=issue, status=Status.DRAFT, publish_at=None, created_by=chief)
        ArticleFactory(issue=issue, status=Status.IN_REVIEW, publish_at=None)
        EventFactory()
    client.force_login(chief)
    # Per workflow model: drafts (+ their requests for changes), my submitted items, review, scheduled, published.
    with django_assert_max_num_queries(21):
        assert client.get(reverse("admin:index")).status_code == 200
