"""The workflow panel: who sees which action, confirmations for taking content away, refusals shown in place."""

import datetime as dt
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from editorial.publishing import Status
from tests.factories import ArticleFactory, BylineFactory, IssueFactory

pytestmark = pytest.mark.django_db


def _change(client, obj):
    return client.get(reverse(f"admin:articles_{obj._meta.model_name}_change", args=[obj.pk])).content.decode()


def _transition_url(obj, name):
    return reverse(f"admin:articles_{obj._meta.model_name}_transition", args=[obj.pk, name])


def test_the_log_clears_the_floated_form_so_its_heading_does_not_paint_behind_it():
    css = (Path(settings.BASE_DIR) / "static/css/workflow-admin.css").read_text()
    assert ".workflow-history { clear: both; }" in css


def test_editors_see_a_read_only_preflight_and_chiefs_preflight_and_publish(client, editor, chief):
    issue = IssueFactory(status=Status.APPROVED, publish_at=None)
    client.force_login(editor)
    html = _change(client, issue)
    assert ">Preflight</a>" in html and "Preflight and publish" not in html
    client.force_login(chief)
    assert "Preflight and publish…</a>" in _change(client, issue)


def test_preflight_of_a_draft_issue_offers_the_steps_towards_publishing(client, editor):
    issue = IssueFactory(status=Status.DRAFT, publish_at=None)
    client.force_login(editor)
    html = client.get(reverse("admin:articles_issue_preflight", args=[issue.pk])).content.decode()
    assert f'formaction="{_transition_url(issue, "submit")}"' in html


@pytest.mark.parametrize("name", ["archive", "unpublish"])
def test_taking_content_away_asks_for_confirmation_first(client, chief, name):
    article = ArticleFactory(title="Live story")
    client.force_login(chief)

    response = client.post(_transition_url(article, name), {"comment": "Outdated."})

    assert response.status_code == 200
    html = response.content.decode()
    assert "Readers can see this article now." in html and 'name="confirmed" value="1"' in html
    assert "Outdated." in html  # the comment travels on
    article.refresh_from_db()
    assert article.status == Status.PUBLISHED

    assert client.post(_transition_url(article, name), {"confirmed": "1"}).status_code == 302
    article.refresh_from_db()
    assert article.status != Status.PUBLISHED


def test_the_confirmation_is_not_offered_for_a_refused_step(client, editor):
    article = ArticleFactory()
    client.force_login(editor)
    assert client.post(_transition_url(article, "archive")).status_code == 403


def test_a_refused_schedule_reshows_the_change_page_with_the_error_and_the_comment(client, chief):
    article = ArticleFactory(status=Status.APPROVED, publish_at=None)
    BylineFactory(article=article)
    client.force_login(chief)
    past = (timezone.localtime() - dt.timedelta(days=1)).strftime("%Y-%m-%dT%H:%M")

    response = client.post(_transition_url(article, "schedule"), {"comment": "For Monday.", "publish_at": past})

    assert response.status_code == 400
    html = response.content.decode()
    assert "choose a publish time in the future" in html and "Nothing was changed." in html
    assert ">For Monday.</textarea>" in html and f'value="{past}"' in html
    assert 'id="workflow-title"' in html and "Not done" not in html
    change_url = reverse("admin:articles_article_change", args=[article.pk])
    assert f'action="{change_url}"' in html  # saving the form from here still saves the article


def test_a_refused_publish_lists_the_reasons_in_the_panel(client, chief):
    article = ArticleFactory(status=Status.APPROVED, publish_at=None, title="Anonymous")
    client.force_login(chief)
    response = client.post(_transition_url(article, "publish"))
    assert response.status_code == 409
    assert "<li><a href=" in response.content.decode() and "has no byline, and" in response.content.decode()


def test_the_share_box_is_only_for_unpublished_articles(client, chief):
    public = ArticleFactory()
    draft = ArticleFactory(status=Status.DRAFT, publish_at=None)
    client.force_login(chief)
    assert "Make share link" not in _change(client, public)
    assert "Make share link" in _change(client, draft)
