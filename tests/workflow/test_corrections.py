"""Editors add dated corrections and updates to published articles; they show with the article."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from articles import services
from articles.models import Correction
from editorial.publishing import Status
from tests.factories import ArticleFactory, BylineFactory, IssueFactory
from tests.newsroom.test_admin_pages import _formset_post_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def published():
    article = ArticleFactory(title="Reactor record")
    BylineFactory(article=article)
    return article


def _post_correction(client, article, text):
    """Save the article's change form with one new correction note dated 2 March 2026."""
    url = reverse("admin:articles_article_change", args=[article.pk])
    data = _formset_post_data(client.get(url))
    data.update(
        {
            "corrections-TOTAL_FORMS": "1",
            "corrections-0-kind": "correction",
            "corrections-0-published_on": "2026-03-02",
            "corrections-0-text": text,
        }
    )
    return client.post(url, data)


def test_editor_adds_a_correction_inline_and_readers_see_it(client, editor, published, monkeypatch):
    calls = []
    add_correction = services.add_correction
    monkeypatch.setattr(services, "add_correction", lambda **kwargs: calls.append(kwargs) or add_correction(**kwargs))
    client.force_login(editor)
    response = _post_correction(client, published, "The record lasted *403* seconds, not 430.")
    assert response.status_code == 302, response.context["errors"] if response.context else response
    correction = Correction.objects.get()
    assert (correction.created_by, correction.published_on) == (editor, dt.date(2026, 3, 2))
    assert len(calls) == 1  # the inline adds it through the service, with the service's rules

    client.logout()
    html = client.get(published.get_absolute_url()).content.decode()
    assert "Corrections and updates" in html
    assert "2 March 2026" in html and "<em>403</em> seconds, not 430." in html


def test_corrections_are_offered_only_on_published_articles(client, editor):
    draft = ArticleFactory(status=Status.DRAFT, publish_at=None)
    client.force_login(editor)
    html = client.get(reverse("admin:articles_article_change", args=[draft.pk])).content.decode()
    assert "corrections-TOTAL_FORMS" not in html
    with pytest.raises(services.CorrectionNotAllowed):
        services.add_correction(article=draft, user=editor, text="Too early.")


def test_service_adds_an_update(editor, published):
    correction = services.add_correction(article=published, user=editor, text="Now peer reviewed.", kind="update")
    assert list(published.corrections.all()) == [correction]
    assert str(correction).startswith("Update of ")


def test_contributors_cannot_add_corrections(contributor, published):
    from editorial import workflow

    with pytest.raises(workflow.TransitionForbidden):
        services.add_correction(article=published, user=contributor, text="Mine.")


@pytest.mark.parametrize("case", ["scheduled-not-yet-due", "issue-not-public"])
def test_corrections_wait_until_readers_can_see_the_article(client, editor, case):
    if case == "scheduled-not-yet-due":
        article = ArticleFactory(status=Status.SCHEDULED, publish_at=timezone.now() + dt.timedelta(days=1))
    else:
        article = ArticleFactory(issue=IssueFactory(status=Status.APPROVED, publish_at=None))
    client.force_login(editor)
    html = client.get(reverse("admin:articles_article_change", args=[article.pk])).content.decode()
    assert "corrections-TOTAL_FORMS" not in html
    with pytest.raises(services.CorrectionNotAllowed):
        services.add_correction(article=article, user=editor, text="Too early.")


def test_a_correction_the_service_refuses_is_a_form_error_not_a_500(client, editor, published, monkeypatch):
    """E.g. the article was unpublished while the form was open: nothing is saved, the editor is told why."""

    def refuse(*, article, user):
        raise services.CorrectionNotAllowed("Corrections are for articles readers can see.")

    monkeypatch.setattr(services, "check_correction_allowed", refuse)
    client.force_login(editor)
    response = _post_correction(client, published, "Typed while someone unpublished it.")
    assert response.status_code == 200
    assert "Corrections are for articles readers can see." in response.content.decode()
    assert not Correction.objects.exists()
